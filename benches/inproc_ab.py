#!/usr/bin/env python3
"""inproc_took.py for two binaries, interleaved: ROUNDS rounds of (A, B), each
a fresh `search --batch -` process running one query 300 times; per run the
median took_ms of the last 250 (the first 50 warm the caches); then per query
the median over the rounds and the ratio B/A.

Usage: inproc_ab.py A B INDEX ROUNDS [FLAG ...]   (e.g. --no-feedback)
"""
import json,subprocess,statistics,sys
A,B,idx,rounds=sys.argv[1],sys.argv[2],sys.argv[3],int(sys.argv[4]); flags=sys.argv[5:]
QS=["Gerichtsstand","Haftung","limitation of liability","Gewährleistung"]
def one(b,q):
    inp="\n".join([q]*300)+"\n"
    out=subprocess.run([b,"search","--index",idx,"--batch","-","--limit","10"]+flags,input=inp,capture_output=True,text=True).stdout
    t=[d["took_ms"] for d in map(json.loads,out.splitlines()) if d.get("type")=="summary"][50:]
    return statistics.median(t)
res={q:{A:[],B:[]} for q in QS}
for r in range(rounds):
    for q in QS:
        for b in (A,B):
            res[q][b].append(one(b,q))
for q in QS:
    a=statistics.median(res[q][A]); b=statistics.median(res[q][B])
    print(f"{q:26s} A {a:.3f} ms  B {b:.3f} ms  B/A {b/a:.2f}   A rounds {' '.join(f'{x:.3f}' for x in res[q][A])}  B rounds {' '.join(f'{x:.3f}' for x in res[q][B])}")
