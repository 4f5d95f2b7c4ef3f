#!/usr/bin/env python3
"""First and later uses of a query in one process, for two binaries: the
queries of same_hits.py and five more, each REPEAT times in a row, through one
`search --batch -` process; per use (1st, 2nd, ...) the sum of took_ms over
the queries. A and B interleaved over ROUNDS, medians. The first use pays for
what a searcher keeps between queries (search/cache.rs), later ones gain.

Usage: inproc_uses.py A B INDEX ROUNDS REPEAT [FLAG ...]
"""
import json,os,statistics,subprocess,sys
sys.path.insert(0,os.path.dirname(os.path.abspath(__file__)))
from same_hits import QUERIES
A,B,idx,rounds,rep=sys.argv[1],sys.argv[2],sys.argv[3],int(sys.argv[4]),int(sys.argv[5]); flags=sys.argv[6:]
qs=QUERIES+["gericht*","Gerichtsstand lang:de","Gewährleistungsfrist","Schadensersatzanspruch","jurisdiction"]
inp="\n".join(q for q in qs for _ in range(rep))+"\n"
def one(b):
    out=subprocess.run([b,"search","--index",idx,"--batch","-","--limit","10"]+flags,input=inp,capture_output=True,text=True).stdout
    t=[d["took_ms"] for d in map(json.loads,out.splitlines()) if d.get("type")=="summary"]
    # per repetition k: sum over queries of the k-th run
    return [sum(t[i*rep+k] for i in range(len(qs))) for k in range(rep)]
ra=[];rb=[]
for r in range(rounds):
    ra.append(one(A)); rb.append(one(B))
for k in range(rep):
    a=statistics.median(x[k] for x in ra); b=statistics.median(x[k] for x in rb)
    print(f"use {k+1}: {len(qs)} queries, A {a:.1f} ms  B {b:.1f} ms  B/A {b/a:.2f}")
