#!/usr/bin/env python3
"""Baseline for BENCHMARKS.md: SQLite FTS5 (porter tokenizer) loading the same
corpus, split into clause-sized records (paragraphs between blank lines).

usage: python3 benches/fts5_baseline.py CORPUS_DIR [DB_PATH]

Prints the bytes and records loaded, the load time (INSERTs in one
transaction plus commit, single-threaded), MB/s, the database size, and the
median/p99 of top-10 bm25 queries. Reading and splitting the files is not
timed.
"""
import os
import sqlite3
import statistics
import sys
import time


def records(root):
    for dirpath, _, names in sorted(os.walk(root, followlinks=True)):
        for name in sorted(names):
            if not name.endswith((".md", ".txt")):
                continue
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            for i, para in enumerate(text.split("\n\n")):
                if para.strip():
                    yield (path, i, para)


def main():
    root = sys.argv[1]
    db = sys.argv[2] if len(sys.argv) > 2 else "/tmp/fts5-baseline.db"
    rows = list(records(root))
    size = sum(len(r[2].encode("utf-8")) for r in rows)
    for suffix in ("", "-journal", "-wal"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    con = sqlite3.connect(db)
    con.execute(
        "CREATE VIRTUAL TABLE clauses USING fts5("
        "path UNINDEXED, ord UNINDEXED, text, tokenize='porter unicode61')"
    )
    start = time.perf_counter()
    with con:
        con.executemany("INSERT INTO clauses VALUES (?, ?, ?)", rows)
    secs = time.perf_counter() - start
    print(
        f"fts5 load: {len(rows)} records, {size / 1e6:.1f} MB in {secs:.2f} s, "
        f"{size / 1e6 / secs:.1f} MB/s, db {os.path.getsize(db)} bytes"
    )
    for q in ("Gerichtsstand", "Gewährleistung", '"place of jurisdiction"'):
        times = []
        for _ in range(50):
            t = time.perf_counter()
            con.execute(
                "SELECT path, ord, bm25(clauses) FROM clauses WHERE clauses MATCH ? "
                "ORDER BY bm25(clauses) LIMIT 10",
                (q,),
            ).fetchall()
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        print(
            f"fts5 query {q}: median {statistics.median(times):.3f} ms, "
            f"p99 {times[int(len(times) * 0.99) - 1]:.3f} ms"
        )


if __name__ == "__main__":
    main()
