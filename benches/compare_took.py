#!/usr/bin/env python3
"""`took_ms` of one-shot `klausel compare` for two binaries, A B A B, medians.

Usage: compare_took.py OLD NEW INDEX ROUNDS QUERY...
"""
import json,subprocess,statistics,sys
a,b,idx=sys.argv[1:4]; n=int(sys.argv[4]); qs=sys.argv[5:]
for q in qs:
    t={a:[],b:[]}
    for _ in range(n):
        for x in (a,b):
            o=subprocess.run([x,"compare","--index",idx,"--format","json","--",q],capture_output=True,text=True).stdout
            t[x].append(json.loads(o)["took_ms"])
    ma,mb=statistics.median(t[a]),statistics.median(t[b])
    print(f"{q:24s} A {ma:8.2f} ms  B {mb:8.2f} ms  B/A {mb/ma:.2f}")
