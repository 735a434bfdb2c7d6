#!/usr/bin/env python3
"""Grows a seeded Ketang database to `--total` listed courses for P11 (issue 24), directly in
the database (through the API, 100,000 courses would take hours): with the server stopped,
each listed course of `seed.py` is cloned, round-robin, with everything the catalog and a
course page read of it —

- `courses`: the row, with a new id and its new live revision;
- `course_revisions`: its live (approved) revision, with a new id and a new title;
- `course_revision_lecturers`: that revision's lecturers;
- `course_comments`: its comments (the catalog cards' rating aggregates read them);
- `catalog_titles`, `catalog_title_grams` (from migration 0022, the grams' `decided_at` from 0023;
  skipped on an older schema):
  the title search index, written as the server writes it when a revision is approved
  (api/src/classroom/title_search.rs: trimmed, ASCII letters lower-cased, every distinct one-
  and two-character piece);

while providers, provider revisions, lecturers, categories, media and users are shared with
the original. Columns are copied as they are (read from the table, so a column added later
is copied too) except ids, links and times. Clone j of n originals is course number n + j:
its title follows `catalog_words.title` (so searches match the same share as in the seeded
data) and its times lie j + 1 minutes before its original's (so clones interleave with each
other in the catalog's order, behind the originals). Ids are UUIDv7 strings like the server's.

    bench/grow.py --sqlite DATA_DIR/ketang.db --total 100000
    bench/grow.py --postgres postgres://…/db --total 100000   (with psql; then `analyze`)

SQLite: Python's sqlite3 module, one transaction. PostgreSQL: `psql` `\\copy` in and out
(CSV), one transaction, then `analyze` (what autovacuum would do within a minute of such a
load; the server never runs it itself, nor anything like it on SQLite).
"""

import argparse
import csv
import io
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid

from catalog_words import CATEGORIES, title

MINUTE_MS = 60_000
SOURCE = ("from courses c where c.listed = 1 and c.deleted_at is null "
          "and c.live_revision_id is not null")
QUERIES = {
    "courses": f"select c.* {SOURCE} order by c.created_at, c.id",
    "course_revisions": f"select r.* from course_revisions r where r.id in "
                        f"(select c.live_revision_id {SOURCE})",
    "course_revision_lecturers": f"select l.* from course_revision_lecturers l where "
                                 f"l.revision_id in (select c.live_revision_id {SOURCE})",
    "course_comments": f"select k.* from course_comments k where k.course_id in "
                       f"(select c.id {SOURCE})",
}
TABLE_ORDER = ["courses", "course_revisions", "course_revision_lecturers", "course_comments",
               "catalog_titles", "catalog_title_grams"]
SEARCH_TABLES = ("catalog_titles", "catalog_title_grams")


def normalised(text):
    """As title_search::normalise: trimmed, ASCII letters lower-cased (nothing else)."""
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text.strip())


def grams(text):
    """As title_search::grams: every distinct one- and two-character piece."""
    return sorted(set(text) | {text[i:i + 2] for i in range(len(text) - 1)})


def log(*parts):
    print("grow:", *parts, file=sys.stderr, flush=True)


def uuid7(ms, rng):
    value = ((ms & (2**48 - 1)) << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64) \
        | (0b10 << 62) | rng.getrandbits(62)
    return str(uuid.UUID(int=value))


def shifted(value, shift):
    return None if value is None else int(value) - shift


def clones(tables, total, seed):
    """The rows to insert, per table, as lists of dicts (the source tables' columns)."""
    rng = random.Random(seed)
    # The names seed.py puts in titles (not the categories table's, which may contain a
    # topic word: 跨境支付与结汇).
    category_names = dict(CATEGORIES)
    courses = tables["courses"]
    revisions = {r["id"]: r for r in tables["course_revisions"]}
    lecturers, comments = {}, {}
    for row in tables["course_revision_lecturers"]:
        lecturers.setdefault(row["revision_id"], []).append(row)
    for row in tables["course_comments"]:
        comments.setdefault(row["course_id"], []).append(row)
    out = {name: [] for name in TABLE_ORDER}
    n = len(courses)
    for j in range(max(0, total - n)):
        course = courses[j % n]
        revision = revisions[course["live_revision_id"]]
        shift = (j + 1) * MINUTE_MS
        course_id = uuid7(int(course["created_at"]) - shift, rng)
        revision_id = uuid7(int(revision["created_at"]) - shift, rng)
        new_course = dict(course, id=course_id, live_revision_id=revision_id,
                          created_at=shifted(course["created_at"], shift),
                          updated_at=shifted(course["updated_at"], shift))
        for column, value in (("version", 1), ("enrolled_count", 0)):
            if column in new_course:
                new_course[column] = value
        out["courses"].append(new_course)
        new_revision = dict(revision, id=revision_id, course_id=course_id,
                            title=title(n + j, category_names.get(revision["category_code"], "")))
        for column in ("submitted_at", "decided_at", "created_at", "updated_at"):
            new_revision[column] = shifted(revision[column], shift)
        out["course_revisions"].append(new_revision)
        indexed = normalised(new_revision["title"])
        out["catalog_titles"].append({"course_id": course_id, "title": indexed})
        out["catalog_title_grams"].extend(
            {"gram": g, "course_id": course_id, "decided_at": new_revision["decided_at"]}
            for g in grams(indexed))
        for row in lecturers.get(revision["id"], []):
            out["course_revision_lecturers"].append(dict(row, revision_id=revision_id))
        for row in comments.get(course["id"], []):
            new_comment = dict(row, id=uuid7(int(row["created_at"]) - shift, rng),
                               course_id=course_id, created_at=shifted(row["created_at"], shift))
            for column in ("hidden_at", "replied_at"):
                if column in new_comment:
                    new_comment[column] = shifted(new_comment[column], shift)
            out["course_comments"].append(new_comment)
    return out


def drop_absent_columns(rows, table, columns):
    """Leaves out of `table`'s rows the columns an older schema lacks (the grams' `decided_at`
    came with migration 0023)."""
    for row in rows[table]:
        for key in [k for k in row if k not in columns]:
            del row[key]


# ---- SQLite ---------------------------------------------------------------------------------


def grow_sqlite(path, total, seed):
    import sqlite3

    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    db.execute("pragma foreign_keys = on")
    tables = {name: [dict(row) for row in db.execute(sql)] for name, sql in QUERIES.items()}
    rows = clones(tables, total, seed)
    present = {r[0] for r in db.execute("select name from sqlite_master where type = 'table'")}
    if "catalog_title_grams" in present:
        drop_absent_columns(rows, "catalog_title_grams",
                            {r[1] for r in db.execute("pragma table_info(catalog_title_grams)")})
    with db:
        for name in TABLE_ORDER:
            if not rows[name] or (name in SEARCH_TABLES and name not in present):
                continue
            columns = list(rows[name][0])
            db.executemany(
                f"insert into {name} ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",
                ([row[c] for c in columns] for row in rows[name]))
    db.execute("pragma wal_checkpoint(truncate)")
    db.close()
    return {name: len(r) for name, r in rows.items() if name not in SEARCH_TABLES or name in present}


# ---- PostgreSQL -----------------------------------------------------------------------------

NULL = r"\N"


def psql(url, *args, stdin=None):
    return subprocess.run(["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", *args], input=stdin,
                          capture_output=True, text=True, check=True).stdout


def pg_rows(url, sql):
    text = psql(url, "-c", f"\\copy ({sql}) to stdout with (format csv, header, null '{NULL}')")
    reader = csv.DictReader(io.StringIO(text))
    return [{k: (None if v == NULL else v) for k, v in row.items()} for row in reader]


def grow_postgres(url, total, seed):
    tables = {name: pg_rows(url, sql) for name, sql in QUERIES.items()}
    rows = clones(tables, total, seed)
    present = set(psql(url, "-tAc", "select tablename from pg_tables where schemaname = current_schema()").split())
    if "catalog_title_grams" in present:
        drop_absent_columns(rows, "catalog_title_grams", set(psql(
            url, "-tAc", "select column_name from information_schema.columns "
            "where table_schema = current_schema() and table_name = 'catalog_title_grams'").split()))
    with tempfile.TemporaryDirectory() as tmp:
        script = ["begin;"]
        for name in TABLE_ORDER:
            if not rows[name] or (name in SEARCH_TABLES and name not in present):
                continue
            columns = list(rows[name][0])
            path = os.path.join(tmp, f"{name}.csv")
            with open(path, "w", newline="") as f:
                writer = csv.writer(f)
                for row in rows[name]:
                    writer.writerow([NULL if row[c] is None else row[c] for c in columns])
            script.append(f"\\copy {name} ({', '.join(columns)}) from '{path}' "
                          f"with (format csv, null '{NULL}')")
        script += ["commit;", "analyze;"]
        psql(url, stdin="\n".join(script) + "\n")
    return {name: len(r) for name, r in rows.items() if name not in SEARCH_TABLES or name in present}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--sqlite", help="the database file (server stopped)")
    where.add_argument("--postgres", help="the database URL (server stopped)")
    ap.add_argument("--total", type=int, default=100_000, help="listed courses wanted")
    ap.add_argument("--seed", type=int, default=24)
    args = ap.parse_args()
    started = time.monotonic()
    if args.sqlite:
        added = grow_sqlite(args.sqlite, args.total, args.seed)
    else:
        added = grow_postgres(args.postgres, args.total, args.seed)
    log(", ".join(f"{n:,} {name}" for name, n in added.items()) + f" added in "
        f"{time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
