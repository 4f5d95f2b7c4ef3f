#!/usr/bin/env python3
"""In-process search time: each query 300 times through one `klausel search
--batch -` process; the median `took_ms` of the last 250 (the first 50 warm
the caches).

Usage: inproc_took.py BIN INDEX [FLAG ...]   (e.g. --no-feedback)
"""
import json,subprocess,statistics,sys
b=sys.argv[1]; idx=sys.argv[2]; flags=sys.argv[3:]
for q in ["Gerichtsstand","Haftung","limitation of liability","Gewährleistung"]:
    inp="\n".join([q]*300)+"\n"
    out=subprocess.run([b,"search","--index",idx,"--batch","-","--limit","10"]+flags,input=inp,capture_output=True,text=True).stdout
    t=[d["took_ms"] for d in map(json.loads,out.splitlines()) if d.get("type")=="summary"][50:]
    print(f"{q:28s} median {statistics.median(t):.3f} ms")
