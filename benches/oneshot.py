#!/usr/bin/env python3
"""One-shot and batch timings for BENCHMARKS.md, each against a reference
measured in the same run, interleaved A B A B, medians.

    benches/oneshot.py sqlite BIN INDEX FTS5DB [ROUNDS]
        Each query of benches/queries.tsv as one process:
        A = `BIN search --index INDEX --format json --limit 10 -- Q`,
        B = `sqlite3 FTS5DB "SELECT path, ord, text FROM clauses WHERE
        clauses MATCH 'Q' ORDER BY rank LIMIT 10"` (FTS5DB as made by
        benches/fts5_baseline.py). Prints the median wall time of each
        and their ratio A / B, per query and over all runs.

    benches/oneshot.py sqlite BIN INDEX FTS5DB ROUNDS ARG...
        As above, with a third process per query interleaved with them:
        A2 = A with ARG... added (say `--no-expand`), and its ratio A2 / B.

    benches/oneshot.py batch BIN INDEX [ROUNDS]
        All queries of benches/queries.tsv, A = through one
        `BIN search --batch FILE --index INDEX --limit 10` process,
        B = one `BIN search --index INDEX --format ndjson --limit 10 -- Q`
        process each. Prints queries per second of each and the ratio.

The first column of queries.tsv is the klausel query, the second the FTS5
MATCH expression of the same words. Wall time is taken around each
process with time.perf_counter(); output goes to a pipe and is read whole.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def queries():
    with open(os.path.join(HERE, "queries.tsv"), encoding="utf-8") as f:
        return [tuple(line.rstrip("\n").split("\t")) for line in f if line.strip()]


def timed(cmd):
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    secs = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"failed ({done.returncode}): {cmd}")
    return secs


def sqlite(binary, index, db, rounds, variant):
    qs = queries()
    a = {q: [] for q, _ in qs}
    a2 = {q: [] for q, _ in qs}
    b = {q: [] for q, _ in qs}
    search = [binary, "search", "--index", index, "--format", "json", "--limit", "10"]
    for _ in range(rounds):
        for q, match in qs:
            a[q].append(timed(search + ["--", q]))
            sql = ("SELECT path, ord, text FROM clauses WHERE clauses MATCH '"
                   + match.replace("'", "''") + "' ORDER BY rank LIMIT 10")
            b[q].append(timed(["sqlite3", db, sql]))
            if variant:
                a2[q].append(timed(search + variant + ["--", q]))
    ms = lambda runs: statistics.median(runs) * 1e3
    extra = f" {' '.join(variant)[:10]:>10} {'ratio':>6}" if variant else ""
    print(f"{'query':28} {'klausel ms':>10} {'sqlite3 ms':>10} {'ratio':>6}{extra}")
    everything = lambda runs: [t for v in runs.values() for t in v]
    rows = [(q, a[q], b[q], a2[q]) for q, _ in qs]
    rows.append(("all (median of all runs)", everything(a), everything(b), everything(a2)))
    for q, ta, tb, ta2 in rows:
        line = f"{q:28} {ms(ta):10.1f} {ms(tb):10.1f} {ms(ta) / ms(tb):6.2f}"
        if variant:
            line += f" {ms(ta2):10.1f} {ms(ta2) / ms(tb):6.2f}"
        print(line)


def batch(binary, index, rounds):
    qs = [q for q, _ in queries()]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("\n".join(qs) + "\n")
        path = f.name
    try:
        a, b = [], []
        for _ in range(rounds):
            a.append(timed([binary, "search", "--batch", path, "--index", index,
                            "--limit", "10"]))
            b.append(sum(timed([binary, "search", "--index", index, "--format", "ndjson",
                                "--limit", "10", "--", q]) for q in qs))
    finally:
        os.remove(path)
    qa, qb = len(qs) / statistics.median(a), len(qs) / statistics.median(b)
    print(f"batch:    {len(qs)} queries in {statistics.median(a) * 1e3:.1f} ms, {qa:.0f} queries/s")
    print(f"one-shot: {len(qs)} queries in {statistics.median(b) * 1e3:.1f} ms, {qb:.0f} queries/s")
    print(f"batch / one-shot: {qa / qb:.1f}x")


def main():
    if len(sys.argv) >= 5 and sys.argv[1] == "sqlite":
        rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 11
        sqlite(sys.argv[2], sys.argv[3], sys.argv[4], rounds, sys.argv[6:])
    elif len(sys.argv) >= 4 and sys.argv[1] == "batch":
        batch(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 11)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
