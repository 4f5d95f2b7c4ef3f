#!/usr/bin/env python3
"""CPU (perf stat task-clock) per one-shot search, two binaries interleaved
per query over benches/queries.tsv; run from the repository root.

Usage: ab_cpu.py OLD NEW INDEX ROUNDS
"""
import subprocess,statistics,sys,re
A,B,idx=sys.argv[1],sys.argv[2],sys.argv[3]; rounds=int(sys.argv[4])
qs=[l.split('\t')[0] for l in open('benches/queries.tsv') if l.strip() and not l.startswith('#')]
res={A:[],B:[]}
def cpu(b,q):
    out=subprocess.run(["perf","stat","-x,","-e","task-clock","-r","5",b,"search","--index",idx,"--format","json","--limit","10","--",q],capture_output=True,text=True).stderr
    for l in out.splitlines():
        if "task-clock" in l: return float(l.split(',')[0])
for r in range(rounds):
    for q in qs:
        for b in (A,B) if r%2==0 else (B,A):
            res[b].append(cpu(b,q))
ma,mb=statistics.median(res[A]),statistics.median(res[B])
print(f"old {ma:.2f} ms CPU, new {mb:.2f} ms CPU, new/old {mb/ma:.3f} ({len(res[A])} runs of 5 each)")
