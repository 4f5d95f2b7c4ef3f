#!/usr/bin/env python3
"""Interleaved in-process search time of two klausel binaries.

Usage: ab_took.py OLD NEW INDEX [ROUNDS] [QUERY ...]

Runs `klausel search --index INDEX --format json --limit 10 -- Q` ROUNDS
times per binary (default 11), A B A B, and prints the medians of the
`took_ms` each reports (search and highlighting, without start-up) and
their ratio. Both binaries must read the same index format.
"""
import json
import statistics
import subprocess
import sys


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    a, b, idx = sys.argv[1], sys.argv[2], sys.argv[3]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 11
    queries = sys.argv[5:] or ['Gerichtsstand', 'place of jurisdiction', 'Gewährleistung', '§ 307 BGB']
    for q in queries:
        took = {a: [], b: []}
        for _ in range(rounds):
            for binary in (a, b):
                out = subprocess.run([binary, 'search', '--index', idx, '--format', 'json',
                                      '--limit', '10', '--', q], capture_output=True, text=True)
                took[binary].append(json.loads(out.stdout)['took_ms'])
        ma, mb = statistics.median(took[a]), statistics.median(took[b])
        print('%-25s A %.2f ms  B %.2f ms  B/A %.2f' % (q, ma, mb, mb / ma))


if __name__ == '__main__':
    main()
