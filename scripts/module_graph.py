#!/usr/bin/env python3
"""The dependency graph of `api/src`'s top-level modules, from their `crate::` paths.

    scripts/module_graph.py            prints each module's dependencies and every cycle
    scripts/module_graph.py --check    also exits 1 when a cycle exists (issue 23 item 5)
    scripts/module_graph.py --dot      Graphviz

A module is a file or folder directly under `api/src` (`auth/`, `db.rs`); an edge A → B means
some file of A names `crate::B` (in a path or a `use crate::{…}` group, tests included).
`lib.rs` only declares the modules and `main.rs` is the binary (it uses the library as
`ketang::`), so neither counts. Standard library only.
"""

import os
import re
import sys

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "api", "src")
IGNORED = {"lib", "main"}


def modules():
    found = {}
    for entry in sorted(os.listdir(SRC)):
        path = os.path.join(SRC, entry)
        if entry.endswith(".rs"):
            name = entry[:-3]
            files = [path]
        elif os.path.isdir(path):
            name = entry
            files = [os.path.join(root, f) for root, _, names in os.walk(path) for f in names if f.endswith(".rs")]
        else:
            continue
        if name not in IGNORED:
            found[name] = sorted(files)
    return found


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def top_level_names_in_group(text, start):
    """The names at depth 1 of the `{…}` group opening at `start`."""
    depth, names, token = 0, [], ""
    for ch in text[start:]:
        if ch == "{":
            depth += 1
            if depth == 1:
                token = ""
                continue
        elif ch == "}":
            depth -= 1
            if depth == 0:
                names.append(token)
                break
        if depth == 1:
            if ch == ",":
                names.append(token)
                token = ""
            else:
                token += ch
    return [re.match(r"\s*(\w+)", t).group(1) for t in names if re.match(r"\s*(\w+)", t)]


def references(text):
    text = strip_comments(text)
    names = set(re.findall(r"\bcrate::(\w+)", text))
    for match in re.finditer(r"\bcrate::\{", text):
        names.update(top_level_names_in_group(text, match.end() - 1))
    return names


def graph():
    mods = modules()
    edges = {name: set() for name in mods}
    for name, files in mods.items():
        for path in files:
            for target in references(open(path, encoding="utf-8").read()):
                if target in mods and target != name:
                    edges[name].add(target)
    return edges


def cycles(edges):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, result, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return result


def main():
    edges = graph()
    if "--dot" in sys.argv:
        print("digraph ketang {")
        for a in sorted(edges):
            for b in sorted(edges[a]):
                print(f'  "{a}" -> "{b}";')
        print("}")
        return 0
    for name in sorted(edges):
        print(f"{name:16} → {', '.join(sorted(edges[name])) or '—'}")
    found = cycles(edges)
    for component in found:
        inner = {a: sorted(b for b in edges[a] if b in component) for a in component}
        print(f"\ncycle of {len(component)} modules: {', '.join(component)}")
        for a, bs in inner.items():
            print(f"  {a} → {', '.join(bs)}")
    if not found:
        print("\nno cycles: every dependency between modules runs one way")
    return 1 if found and "--check" in sys.argv else 0


if __name__ == "__main__":
    sys.exit(main())
