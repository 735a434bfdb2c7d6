#!/usr/bin/env python3
"""Turns the raw outputs of one `bench/run.sh` run into the figures of issues 10 and 24:
prints a table, writes `bench/results.json` (the latest run) and appends a dated section to
`bench/RESULTS.md`.

    bench/report.py WORK_DIR
    bench/report.py --only P11 WORK_DIR     (prints those rows only, records nothing)

WORK_DIR holds, per database (`sqlite/`, `postgres/`): the wrk outputs `healthz.txt`,
`catalog.txt`, `course.txt`, `range_ketang.txt`, `range_nginx.txt`, `p8_*.txt` (P8),
`mixed_catalog.txt` (P12), the RSS samples `rss_*_kb`, `seed.json` and `training.json`; and
`coldstart.json` (P7), `cargo_bench.txt` (the `BENCH_RESULT {json}` lines of the Rust
benchmarks P4/P5), `meta.json` (settings of the run), `growth/` (P11: per database the wrk
outputs `{small,large}_{first,search,pages}.txt`, `{small,large}_counts.json`, `grow_seconds`,
and its `meta.json`). With `--only P11`, WORK_DIR may be growth.sh's own folder.
"""

import datetime
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATABASES = [("sqlite", "SQLite"), ("postgres", "PostgreSQL")]
# Which way each target points: ratios P1–P3, P8, P12 at least; P4/P5, P11 and values P6/P7
# at most.
AT_LEAST = {"P1", "P2", "P3", "P8", "P12"}
TARGETS = {"P1": 0.60, "P2": 0.60, "P3": 0.90, "P6": 40.0, "P6_load": 150.0, "P7": 300.0,
           "P8": 0.30, "P11": 3.0, "P12": 0.50}
ORDER = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P11", "P12"]
# P8's signed-in reads: the wrk output p8_NAME.txt, the row's short name, what it reads.
P8_READS = [
    ("me", "/me", "GET /api/v1/me"),
    ("org", "org", "the owner's org page"),
    ("classes", "classes", "first page of 20 of the org's {classes:,} classes"),
    ("students", "students", "first page of 20 of a class's {students:,} students (masked)"),
    ("admin_users", "admin users", "the operator's user list, page of 20 of {users:,} accounts"),
]
# P11's loads: growth/DB/{small,large}_NAME.txt, the row's short name, what it requests.
P11_LOADS = [
    ("first", "first page", "the catalog's first page of 20"),
    ("search", "search", "a two-word title search (400 topic·tool pairs, 0.25 % of the courses each: "
     "2–3 cards at 1,000, a full first page of 20 at 100,000)"),
    ("words", "search, one word", "a one-word title search (the 40 topics and tools, 5 % of the "
     "courses each: a full first page of 20 at both sizes)"),
    ("pages", "pages 1–50", "pages 1–50 of 20"),
]
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def read(path, default=None):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return default


def latency_ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(m.group(1)) * UNITS[m.group(2)] if m else None


def parse_wrk(path):
    """Requests/s, p50/p99 (ms) and error counts of a plain `wrk --latency` output."""
    text = read(path)
    if text is None:
        return None
    out = {"rps": None, "p50_ms": None, "p99_ms": None, "non2xx": 0, "socket_errors": 0}
    if m := re.search(r"Requests/sec:\s+([\d.]+)", text):
        out["rps"] = float(m.group(1))
    if m := re.search(r"^\s+50%\s+(\S+)", text, re.M):
        out["p50_ms"] = latency_ms(m.group(1))
    if m := re.search(r"^\s+99%\s+(\S+)", text, re.M):
        out["p99_ms"] = latency_ms(m.group(1))
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text):
        out["non2xx"] = int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text):
        out["socket_errors"] = sum(int(g) for g in m.groups())
    if m := re.search(r"(\d+) requests in", text):
        out["requests"] = int(m.group(1))
    # The server's CPU time during the run (run.sh's NAME.cpu_ticks), per request.
    ticks = read(path[: -len(".txt")] + ".cpu_ticks")
    if ticks and ticks.strip() and out.get("requests"):
        seconds = int(ticks.strip()) / os.sysconf("SC_CLK_TCK")
        out["server_cpu_us"] = round(seconds * 1e6 / out["requests"], 1)
    return out


def parse_range(path):
    """Bytes/s and the other totals printed by range.lua's done()."""
    text = read(path)
    if text is None:
        return None
    values = {k.lower(): int(v) for k, v in re.findall(r"^BENCH_(\w+) (\d+)$", text, re.M)}
    if "bytes" not in values or not values.get("duration_us"):
        return None
    return {
        "bytes_per_s": values["bytes"] / (values["duration_us"] / 1e6),
        "requests": values["requests"],
        "status_errors": values["status_errors"],
        "socket_errors": values["socket_errors"],
        "p50_ms": values["p50_us"] / 1000,
        "p99_ms": values["p99_us"] / 1000,
    }


def rss_mb(folder, name):
    text = read(os.path.join(folder, f"rss_{name}_kb"))
    return round(int(text.strip()) / 1024, 1) if text and text.strip() else None


def problems_of(*runs):
    notes = []
    for run in runs:
        if run is None:
            notes.append("missing run")
            continue
        errors = run.get("non2xx", 0) + run.get("status_errors", 0)
        if errors:
            notes.append(f"{errors} error responses")
        if run.get("socket_errors"):
            notes.append(f"{run['socket_errors']} socket errors")
    return notes


def fmt_rate(bytes_per_s):
    return f"{bytes_per_s / 2**20:,.0f} MiB/s"


def verdict(key, figure, target):
    if figure is None:
        return "n/a"
    ok = figure >= target if key in AT_LEAST else figure <= target
    return "pass" if ok else "MISS"


def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def rate_of(run, base):
    """A load's req/s as a ratio to the baseline run's, with its latencies."""
    ratio = (run["rps"] / base["rps"]) if run and base and run["rps"] and base["rps"] else None
    return {
        "ratio": None if ratio is None else round(ratio, 3),
        "rps": run and run["rps"], "healthz_rps": base and base["rps"],
        "p50_ms": run and run["p50_ms"], "p99_ms": run and run["p99_ms"],
        "server_cpu_us": run and run.get("server_cpu_us"),
        "healthz_server_cpu_us": base and base.get("server_cpu_us"),
        "problems": problems_of(run, base),
    }


def rate_detail(label, e, what):
    if e["ratio"] is None:
        return f"{label}: not measured"
    text = (f"{label}: {e['ratio']:.3f} = {what} {e['rps']:,.0f} req/s "
            f"(p50 {e['p50_ms']:.2f} ms, p99 {e['p99_ms']:.2f} ms) ÷ /healthz "
            f"{e['healthz_rps']:,.0f} req/s")
    if e.get("server_cpu_us") and e.get("healthz_server_cpu_us"):
        text += (f", server CPU {e['server_cpu_us']:.0f} µs a request "
                 f"(/healthz {e['healthz_server_cpu_us']:.0f} µs)")
    return text + (f" [{'; '.join(e['problems'])}]" if e["problems"] else "")


def growth_figures(folder):
    """P11 of one database: per load, p50(large) ÷ p50(small)."""
    counts = {size: json.loads(read(os.path.join(folder, f"{size}_counts.json"), "{}") or "{}")
              for size in ("small", "large")}
    out = {"counts": counts, "grow_seconds": (read(os.path.join(folder, "grow_seconds"), "") or "").strip()}
    for name, _, _ in P11_LOADS:
        small = parse_wrk(os.path.join(folder, f"small_{name}.txt"))
        large = parse_wrk(os.path.join(folder, f"large_{name}.txt"))
        ok = small and large and small["p50_ms"] and large["p50_ms"]
        out[name] = {
            "ratio": round(large["p50_ms"] / small["p50_ms"], 2) if ok else None,
            "p50_small_ms": small and small["p50_ms"], "p50_large_ms": large and large["p50_ms"],
            "p99_small_ms": small and small["p99_ms"], "p99_large_ms": large and large["p99_ms"],
            "rps_small": small and small["rps"], "rps_large": large and large["rps"],
            "problems": problems_of(small, large),
        }
    return out


def growth_detail(label, g, name, what):
    e = g[name]
    if e["ratio"] is None:
        return f"{label}: not measured"
    small, large = g["counts"].get("small", {}), g["counts"].get("large", {})
    text = (f"{label}: {e['ratio']:.2f} = {what}, p50 {e['p50_large_ms']:.2f} ms at "
            f"{large.get('listed', 0):,} courses ÷ {e['p50_small_ms']:.2f} ms at "
            f"{small.get('listed', 0):,} (p99 {e['p99_large_ms']:.2f} / {e['p99_small_ms']:.2f} ms; "
            f"{e['rps_large']:,.0f} / {e['rps_small']:,.0f} req/s)")
    if name == "search" and large.get("search"):
        text += (f"; `{large['search']}` finds {small.get('search_total', 0):,} of "
                 f"{small.get('listed', 0):,} and {large.get('search_total', 0):,} of "
                 f"{large.get('listed', 0):,}")
    return text + (f" [{'; '.join(e['problems'])}]" if e["problems"] else "")


def main():
    args = sys.argv[1:]
    only = None
    if len(args) == 3 and args[0] == "--only":
        only, args = {args[1]}, args[2:]
    if len(args) != 1:
        sys.exit("usage: bench/report.py [--only P11] WORK_DIR")
    work = args[0]
    meta = json.loads(read(os.path.join(work, "meta.json"), "{}"))
    results, rows, per_db = {}, [], {}

    for db, label in DATABASES:
        folder = os.path.join(work, db)
        if not os.path.isdir(folder):
            continue
        d = per_db[db] = {
            "label": label,
            "healthz": parse_wrk(os.path.join(folder, "healthz.txt")),
            "catalog": parse_wrk(os.path.join(folder, "catalog.txt")),
            "course": parse_wrk(os.path.join(folder, "course.txt")),
            "range_ketang": parse_range(os.path.join(folder, "range_ketang.txt")),
            "range_nginx": parse_range(os.path.join(folder, "range_nginx.txt")),
            "seed": json.loads(read(os.path.join(folder, "seed.json"), "{}")),
            "training": json.loads(read(os.path.join(folder, "training.json"), "{}")),
            "p8": {name: parse_wrk(os.path.join(folder, f"p8_{name}.txt")) for name, _, _ in P8_READS},
            "mixed_catalog": parse_wrk(os.path.join(folder, "mixed_catalog.txt")),
            "rss": {n: rss_mb(folder, n) for n in ("empty", "seeded", "idle", "after_p1")},
        }
        h = d["healthz"]
        for key, name in (("P1", "catalog"), ("P2", "course"), ("P12", "mixed_catalog")):
            d[key] = rate_of(d[name], h)
        d["P8"] = {name: rate_of(d["p8"][name], h) for name, _, _ in P8_READS}
        k, n = d["range_ketang"], d["range_nginx"]
        d["P3"] = {
            "ratio": round(k["bytes_per_s"] / n["bytes_per_s"], 3) if k and n else None,
            "ketang_bytes_per_s": k and round(k["bytes_per_s"]),
            "nginx_bytes_per_s": n and round(n["bytes_per_s"]),
            "ketang_p99_ms": k and k["p99_ms"], "nginx_p99_ms": n and n["p99_ms"],
            "problems": problems_of(k, n),
        }

    def db_detail(key, db):
        d = per_db[db]
        e = d[key]
        if key == "P3":
            if e["ratio"] is None:
                return f"{d['label']}: not measured"
            return (f"{d['label']}: {e['ratio']:.3f} = Ketang {fmt_rate(e['ketang_bytes_per_s'])} "
                    f"(p99 {e['ketang_p99_ms']:.0f} ms) ÷ nginx {fmt_rate(e['nginx_bytes_per_s'])} "
                    f"(p99 {e['nginx_p99_ms']:.0f} ms)")
        what = {"P1": "catalog page of 20", "P2": "course page",
                "P12": "mixed catalog traffic (1,000 distinct public URLs in random order)"}[key]
        return rate_detail(d["label"], e, what)

    setup = (f"wrk -t2 -c{meta.get('connections', 64)} -d{meta.get('duration', '20s')} "
             f"after a {meta.get('warmup', '2s')} warm-up, same server, loopback")
    for key in ("P1", "P2", "P3", "P12"):
        dbs = [db for db in ("sqlite", "postgres") if db in per_db]
        if not dbs or (key == "P12" and all(per_db[db]["mixed_catalog"] is None for db in dbs)):
            continue
        main_db = dbs[0]
        entry = {"ratio": per_db[main_db][key]["ratio"], "target": TARGETS[key],
                 "detail": "; ".join(db_detail(key, db) for db in dbs) + f"; {setup}"}
        for db in dbs:
            entry[db] = {k: v for k, v in per_db[db][key].items() if v is not None and v != []}
        if key == "P3":
            entry["detail"] += (f"; {meta.get('range_bytes', 1048576) // 1024} KiB ranges at "
                                f"random offsets of a {per_db[main_db]['seed'].get('video_bytes', 0) // 2**20} MiB video; "
                                "nginx 1.22 (Debian), sendfile on")
        results[key] = entry
        for db in dbs:
            e = per_db[db][key]
            rows.append((f"{key} {per_db[db]['label']}", e["ratio"], TARGETS[key],
                         verdict(key, e["ratio"], TARGETS[key]), db_detail(key, db)))

    # P8: five signed-in reads per database; the headline is the main database's lowest ratio.
    dbs = [db for db in ("sqlite", "postgres") if db in per_db
           and any(per_db[db]["p8"][name] for name, _, _ in P8_READS)]
    if dbs:
        details, entry = [], {"ratio": None, "target": TARGETS["P8"]}
        for db in dbs:
            d = per_db[db]
            sizes = {"classes": 1000, "students": 1000, "users": 0, **d["training"]}
            entry[db] = {}
            for name, short, what in P8_READS:
                e = d["P8"][name]
                entry[db][name] = {k: v for k, v in e.items() if v is not None and v != []}
                detail = rate_detail(d["label"], e, what.format(**sizes))
                details.append(f"{short}: {detail}")
                rows.append((f"P8 {short} {d['label']}", e["ratio"], TARGETS["P8"],
                             verdict("P8", e["ratio"], TARGETS["P8"]), detail))
        ratios = [per_db[dbs[0]]["P8"][name]["ratio"] for name, _, _ in P8_READS]
        entry["ratio"] = min(r for r in ratios if r is not None) if any(r is not None for r in ratios) else None
        entry["detail"] = ("lowest of five signed-in reads on " + per_db[dbs[0]]["label"] + "; "
                           + "; ".join(details) + f"; wrk -H 'Authorization: Bearer …' {setup}")
        results["P8"] = entry

    # P11: growth with data (growth.sh), on databases of its own.
    growth_dir = work if only else os.path.join(work, "growth")
    growth_meta = json.loads(read(os.path.join(growth_dir, "meta.json"), "{}") or "{}")
    growth = {db: growth_figures(os.path.join(growth_dir, db)) for db, _ in DATABASES
              if os.path.isdir(os.path.join(growth_dir, db))}
    if growth:
        labels = dict(DATABASES)
        details, entry = [], {"ratio": None, "target": TARGETS["P11"]}
        for db, g in growth.items():
            entry[db] = {name: {k: v for k, v in g[name].items() if v is not None and v != []}
                         for name, _, _ in P11_LOADS}
            entry[db]["courses"] = {size: c.get("listed") for size, c in g["counts"].items()}
            for name, short, what in P11_LOADS:
                e = g[name]
                detail = growth_detail(labels[db], g, name, what)
                details.append(f"{short}: {detail}")
                rows.append((f"P11 {short} {labels[db]}", e["ratio"], TARGETS["P11"],
                             verdict("P11", e["ratio"], TARGETS["P11"]), detail))
        first = next(iter(growth.values()))
        ratios = [first[name]["ratio"] for name, _, _ in P11_LOADS if first[name]["ratio"] is not None]
        entry["ratio"] = max(ratios) if ratios else None
        entry["detail"] = (f"highest of the p50 ratios on {labels[next(iter(growth))]}; "
                           + "; ".join(details)
                           + f"; wrk -t2 -c{growth_meta.get('connections', 8)} "
                             f"-d{growth_meta.get('duration', '20s')} after a "
                             f"{growth_meta.get('warmup', '2s')} warm-up, every request a URL the "
                             "response cache has not seen (uncached.lua), a restart before each size; "
                             "the large size cloned in the database by grow.py "
                           + ", ".join(f"({labels[db]} {g['grow_seconds']} s)" for db, g in growth.items()))
        results["P11"] = entry

    if only:
        rows = [r for r in rows if r[0].split()[0] in only]
        results = {k: v for k, v in results.items() if k in only}

    if per_db and not only:
        main_db = "sqlite" if "sqlite" in per_db else next(iter(per_db))
        rss = per_db[main_db]["rss"]
        detail = []
        for db in per_db:
            r = per_db[db]["rss"]
            detail.append(f"{per_db[db]['label']}: idle {r['idle']} MB after a start on the seeded "
                          f"database, {r['after_p1']} MB at the end of P1 (first start on an empty "
                          f"database {r['empty']} MB, after seeding {r['seeded']} MB)")
        results["P6"] = {"value": rss["idle"], "target": TARGETS["P6"],
                         "load_value": rss["after_p1"], "load_target": TARGETS["P6_load"],
                         "detail": "; ".join(detail) + "; VmRSS from /proc/<pid>/status"}
        for db in per_db:
            r = per_db[db]["rss"]
            label = per_db[db]["label"]
            rows.append((f"P6 idle {label}", r["idle"], TARGETS["P6"],
                         verdict("P6", r["idle"], TARGETS["P6"]),
                         f"MB, 1 s after a start on the seeded database (on an empty one: "
                         f"{r['empty']} MB)"))
            rows.append((f"P6 after P1 {label}", r["after_p1"], TARGETS["P6_load"],
                         verdict("P6", r["after_p1"], TARGETS["P6_load"]),
                         f"MB, right after the P1 load (after seeding: {r['seeded']} MB)"))

    cold = json.loads(read(os.path.join(work, "coldstart.json"), "null") or "null")
    if cold and not only:
        results["P7"] = {"value": cold["median_ms"], "target": TARGETS["P7"],
                         "detail": f"median of {len(cold['runs_ms'])} starts of the release binary "
                                   f"on the migrated, seeded SQLite database, /readyz polled every "
                                   f"5 ms: {', '.join(f'{t:.0f}' for t in cold['runs_ms'])} ms"}
        rows.append(("P7", cold["median_ms"], TARGETS["P7"],
                     verdict("P7", cold["median_ms"], TARGETS["P7"]),
                     f"ms to /readyz 200, median of {', '.join(f'{t:.0f}' for t in cold['runs_ms'])}"))

    for line in (read(os.path.join(work, "cargo_bench.txt"), "") or "").splitlines():
        if not line.startswith("BENCH_RESULT "):
            continue
        try:
            merged = json.loads(line[len("BENCH_RESULT "):])
        except json.JSONDecodeError:
            print(f"report: unreadable line: {line}", file=sys.stderr)
            continue
        for key, entry in merged.items():
            results[key] = entry
            figure = entry.get("ratio", entry.get("value"))
            rows.append((key, figure, entry.get("target"),
                         verdict(key, figure, entry.get("target")) if entry.get("target") is not None else "n/a",
                         entry.get("detail", "")))
    for key in ("P4", "P5") if not only else ():
        if key not in results:
            why = (read(os.path.join(work, "cargo_skipped"), "") or "").strip() or \
                f"no BENCH_RESULT line for {key} (is its bench target there?)"
            rows.append((key, None, None, "skipped", why))

    order = ORDER
    results = {k: results[k] for k in sorted(results, key=lambda k: (order.index(k) if k in order else 99, k))}
    rows.sort(key=lambda r: order.index(r[0].split()[0]) if r[0].split()[0] in order else 99)
    width = max([24] + [len(r[0]) + 1 for r in rows])

    # The table.
    def fig(x):
        return "—" if x is None else (f"{x:.3f}" if isinstance(x, float) and x < 1 else f"{x:g}")
    print()
    print(f"{'target':<{width}} {'figure':>8} {'goal':>8}  result")
    for name, figure, target, result, _ in rows:
        sign = "≥" if name.split()[0] in AT_LEAST else "≤"
        goal = "" if target is None else f"{sign} {fig(target)}"
        print(f"{name:<{width}} {fig(figure):>8} {goal:>8}  {result}")
    print()
    for name, _, _, _, detail in rows:
        if detail:
            print(f"  {name}: {detail}")

    if only:
        return
    if os.environ.get("BENCH_RECORD", "1") == "0":
        print("\nBENCH_RECORD=0: bench/results.json and bench/RESULTS.md left as they are")
        return
    with open(os.path.join(HERE, "results.json"), "w") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)
        f.write("\n")

    # The dated section of RESULTS.md.
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", read("/proc/meminfo", "MemTotal: 0")).group(1))
    commit = sh("git", "-C", HERE, "rev-parse", "--short", "HEAD") or "unknown"
    # The run's own outputs (results.json, written just above) do not make the tree dirty.
    dirty = sh("git", "-C", HERE, "status", "--porcelain", "--untracked-files=no", "--",
               ":(top)", ":(top,exclude)bench/results.json", ":(top,exclude)bench/RESULTS.md")
    seed = next((per_db[db]["seed"] for db in per_db), {})
    training = next((per_db[db]["training"] for db in per_db if per_db[db]["training"]), {})
    growth_sizes = next(([f"{c.get('listed', 0):,}" for c in g["counts"].values()]
                         for g in growth.values()), [])
    lines = [
        "", f"## {now} — commit {commit}{' (with uncommitted changes)' if dirty else ''}", "",
        f"Machine: {os.cpu_count()} CPUs (`nproc` {sh('nproc') or '?'}), "
        f"{mem_kb / 2**20:.1f} GiB memory; {meta.get('wrk_version', 'wrk')}, "
        f"{meta.get('nginx_version', 'nginx')}; "
        f"{'release build' if meta.get('release_build', True) else 'binary ' + meta.get('binary', '?') + ' (not the release build)'}. "
        f"Data: {seed.get('courses', '?')} "
        f"listed courses from {seed.get('providers', '?')} approved providers, seeded through "
        f"the API by `bench/seed.py` in {seed.get('seconds', '?')} s"
        + (f"; a certified org with {training['classes']:,} classes, one of them with "
           f"{training['students']:,} students, {training['users']} accounts in all "
           f"(`bench/seed_training.py`, {training['seconds']} s)" if training else "")
        + (f"; P11 on databases of its own, {', '.join(str(c) for c in growth_sizes)} listed courses "
           f"(`bench/growth.sh`)" if growth_sizes else "")
        + f". Each load: {setup}. "
        f"Load average before the run {meta.get('load_before', '?')}, after "
        f"{read('/proc/loadavg', '? ').split()[0]}.", "",
        "| target | figure | goal | result | detail |", "|---|---|---|---|---|",
    ]
    for name, figure, target, result, detail in rows:
        sign = "≥" if name.split()[0] in AT_LEAST else "≤"
        goal = "" if target is None else f"{sign} {fig(target)}"
        result = f"**{result}**" if result == "MISS" else result
        lines.append(f"| {name} | {fig(figure)} | {goal} | {result} | {detail.replace('|', '/')} |")
    with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
        f.write("\n".join(lines) + "\n")
    print(f"\nwrote bench/results.json, appended to bench/RESULTS.md")


if __name__ == "__main__":
    main()
