#!/usr/bin/env python3
"""One-shot searches of two binaries, A B A B: CPU (perf stat task-clock) and wall, medians.

Usage: startup_ab.py ROUNDS BIN_A INDEX_A BIN_B INDEX_B [QUERY ...]
(default queries: the first column of benches/queries.tsv). Needs `perf`.
"""
import subprocess, sys, statistics, time, os
if len(sys.argv) < 6:
    sys.exit(__doc__)
rounds=int(sys.argv[1]); A=(sys.argv[2],sys.argv[3]); B=(sys.argv[4],sys.argv[5])
qs=sys.argv[6:] or [l.split("\t")[0] for l in open(os.path.join(os.path.dirname(os.path.abspath(__file__)),"queries.tsv"),encoding="utf-8") if l.strip()]
res={"A":([],[]),"B":([],[])}
def run(b,i,q):
    t=time.perf_counter()
    p=subprocess.run(["perf","stat","-x,","-e","task-clock",b,"search","--index",i,"--format","json","--limit","10","--",q],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE,text=True)
    w=time.perf_counter()-t
    cpu=[float(l.split(",")[0]) for l in p.stderr.splitlines() if "task-clock" in l][0]
    return cpu,w*1e3
for r in range(rounds):
    for q in qs:
        for k,(b,i) in (("A",A),("B",B)):
            c,w=run(b,i,q); res[k][0].append(c); res[k][1].append(w)
ca,wa=(statistics.median(x) for x in res["A"]); cb,wb=(statistics.median(x) for x in res["B"])
print(f"runs per binary: {len(res['A'][0])} ({rounds} rounds x {len(qs)} queries)")
print(f"A {A[0]}: task-clock median {ca:.2f} ms, wall median {wa:.1f} ms")
print(f"B {B[0]}: task-clock median {cb:.2f} ms, wall median {wb:.1f} ms")
print(f"B/A: task-clock {cb/ca:.3f}, wall {wb/wa:.3f}")
