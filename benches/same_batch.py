#!/usr/bin/env python3
"""Do two binaries answer a batch the same, byte for byte apart from took_ms?

The queries of same_hits.py and a few more (prefixes, filters, AND, NOT, JSON
lines), all of them three times over, through one `search --batch -` process
each: the second and third time of a query exercise what the searcher keeps
between queries (search/cache.rs).

Usage: same_batch.py OLD NEW INDEX LIMIT [FLAG ...]
"""
import os,re,subprocess,sys
sys.path.insert(0,os.path.dirname(os.path.abspath(__file__)))
from same_hits import QUERIES
old,new,idx,limit=sys.argv[1:5]; flags=sys.argv[5:]
extra=["gericht*","haft* vertrag","Gerichtsstand lang:de","Gerichtsstand AND Vertrag",'{"q":"Gerichtsstand","and":true}',
       '{"q":"Haftungsbeschränkung","limit":3}',"Gerichtsstand -Vertrag","jurisdiction","Gewährleistungsfrist","Schadensersatzanspruch"]
qs=QUERIES+extra
inp="\n".join(qs*3)+"\n"
def run(b):
    out=subprocess.run([b,"search","--index",idx,"--batch","-","--limit",limit]+flags,input=inp,capture_output=True,text=True)
    return [re.sub(r'"took_ms":[0-9.e-]+','',l) for l in out.stdout.splitlines()], out.stderr
a,ea=run(old); b,eb=run(new)
print("lines",len(a),len(b),"identical" if a==b and ea==eb else "DIFFERENT")
if a!=b:
    for i,(x,y) in enumerate(zip(a,b)):
        if x!=y: print(i,x[:300]); print(i,y[:300]); break
