#!/usr/bin/env python3
"""URL lists of the public catalog loads, one path (with its query) a line.

P12 (`mixed`, written by `seed.py --urls`): 1,000 distinct public catalog URLs as a visitor
mix — catalog pages with several page sizes, category (and mode) filters, title searches
with the Chinese and Latin words of the seeded titles (`catalog_words.py`), provider course
lists, provider pages, course pages and their comments. `mixed_catalog.lua` requests them in
random order.

P11 (`growth`, used by `growth.sh`): three files for `uncached.lua`, each line
`path<TAB>percent-encoded search<TAB>characters left in q` (the search may be empty), which
the script turns into a URL that the response cache has never seen:
- `first.txt`: the catalog's first page of 20;
- `search.txt`: the 400 (topic, tool) title searches (0.25 % of the courses each), first page;
- `words.txt`: the 40 one-word title searches (topics and tools, 5 % each), first page;
- `pages.txt`: pages 1–50 of 20 (the first 1,000 cards).

    bench/catalog_urls.py growth OUT_DIR
"""

import math
import os
import random
import sys
import urllib.parse

from catalog_words import CATEGORIES, TOOLS, TOPICS, pair_searches

COURSES = "/api/v1/courses"
MAX_Q = 30  # the catalog's limit on `q`, in characters


def query(path, **params):
    items = [(k, v) for k, v in params.items() if v is not None]
    return path + ("?" + urllib.parse.urlencode(items, quote_via=urllib.parse.quote) if items else "")


def mixed(course_ids, provider_ids, total, count=1000, seed=24):
    """`count` distinct public catalog paths: a fixed share for each kind of page, sampled
    (seeded) from every URL of that kind that exists, topped up from the rest when a kind
    has fewer (small trial data)."""
    rng = random.Random(seed)
    per_category = max(1, total // len(CATEGORIES))
    kinds = []  # (share, candidates)
    # Catalog pages with several page sizes (every page that exists).
    kinds.append((250, [query(COURSES, page=p, page_size=ps)
                        for ps in (10, 12, 16, 20, 24, 30, 40, 50)
                        for p in range(1, math.ceil(total / ps) + 1)]))
    # Category filters, paged, and with a mode on the first pages.
    kinds.append((200, [query(COURSES, category=code, page=p, page_size=ps)
                        for code, _ in CATEGORIES for ps in (12, 20, 24)
                        for p in range(1, math.ceil(per_category / ps) + 1)]
                  + [query(COURSES, category=code, mode=mode, page_size=ps)
                     for code, _ in CATEGORIES for mode in ("online", "offline")
                     for ps in (12, 20, 24)]))
    # Title searches: topic·tool pairs, single topics, single tools (Chinese and Latin).
    kinds.append((150, [query(COURSES, q=q, page_size=20) for q in pair_searches()]))
    kinds.append((100, [query(COURSES, q=q, page=p, page_size=ps)
                        for q in TOPICS + TOOLS for ps in (12, 20) for p in (1, 2, 3)]))
    # A provider's courses (its public page lists them), its page, the provider list.
    kinds.append((100, [query(COURSES, provider_id=pid, page=p, page_size=ps)
                        for pid in provider_ids for ps in (10, 20) for p in (1, 2)]))
    kinds.append((52, [f"/api/v1/providers/{pid}" for pid in provider_ids]
                  + ["/api/v1/providers", "/api/v1/categories"]))
    # Course pages and their comments.
    kinds.append((100, [f"{COURSES}/{cid}" for cid in course_ids]))
    kinds.append((48, [f"{COURSES}/{cid}/comments" for cid in course_ids]))

    chosen, rest = [], []
    for share, candidates in kinds:
        candidates = list(dict.fromkeys(candidates))
        rng.shuffle(candidates)
        chosen += candidates[:share]
        rest += candidates[share:]
    rng.shuffle(rest)
    chosen += rest[:max(0, count - len(chosen))]
    assert len(set(chosen)) == len(chosen)
    return chosen[:count]


def growth(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    files = {
        "first.txt": [(query(COURSES, page_size=20), "")],
        "search.txt": [(query(COURSES, page_size=20), q) for q in pair_searches()],
        "words.txt": [(query(COURSES, page_size=20), q) for q in TOPICS + TOOLS],
        "pages.txt": [(query(COURSES, page=p, page_size=20), "") for p in range(1, 51)],
    }
    for name, lines in files.items():
        with open(os.path.join(out_dir, name), "w") as f:
            # q takes at most 30 characters: the rest is the room for uncached.lua's padding.
            f.writelines(f"{path}\t{urllib.parse.quote(q)}\t{MAX_Q - len(q)}\n" for path, q in lines)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "growth":
        sys.exit(__doc__.split("\n\n")[-1])
    growth(sys.argv[2])
