#!/usr/bin/env python3
"""Do two klausel binaries give the same hits?

Usage: same_hits.py OLD NEW INDEX [LIMIT] [NEW_INDEX]

Runs `klausel search --index INDEX --format json --limit LIMIT -- Q` with
both binaries for German and English queries (words, phrases, citations)
and compares hit ids in order, `total_hits`, expansions and every field of
each hit; scores may differ by 1e-4 relative (the order of float
additions). Prints the queries that differ and a count. With NEW_INDEX,
NEW searches that index (built by NEW from the same files) and OLD INDEX:
for a change of the index's schema.
"""
import json
import subprocess
import sys

QUERIES = ["Gerichtsstand", "Haftung", "Gewährleistung", "limitation of liability",
           "termination", "§ 307 BGB", "Datenschutz", "personal data", "Kündigung",
           "Verjährung", "place of jurisdiction", "Schadensersatz", "Haftungsbeschränkung",
           "Gerichtsstandsvereinbarung", "Rücktritt vom Vertrag", "warranty",
           "indemnification", "Vertraulichkeit", "governing law", "Produkthaftungsgesetz",
           "Mietvertrag", "cap on liability", "Kündigung aus wichtigem Grund",
           "data protection officer"]


def run(binary, index, limit, q):
    out = subprocess.run([binary, "search", "--index", index, "--format", "json",
                          "--limit", str(limit), "--", q], capture_output=True, text=True)
    return json.loads(out.stdout) if out.stdout.strip() else {"error": out.stderr}


def differences(a, b):
    if "error" in a or "error" in b:
        return ["error"] if a != b else []
    msgs = []
    if a["total_hits"] != b["total_hits"]:
        msgs.append("total_hits")
    if a["expansions"] != b["expansions"]:
        msgs.append("expansions")
    ia, ib = [h["id"] for h in a["hits"]], [h["id"] for h in b["hits"]]
    if ia != ib:
        msgs.append("order")
        return msgs
    for x, y in zip(a["hits"], b["hits"]):
        if abs(x["score"] - y["score"]) > 1e-4 * max(1.0, abs(x["score"])):
            msgs.append("score %s %s" % (x["score"], y["score"]))
            break
        if {k: v for k, v in x.items() if k != "score"} != {k: v for k, v in y.items() if k != "score"}:
            msgs.append("fields of " + x["id"])
            break
    return msgs


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    old, new, index = sys.argv[1:4]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    new_index = sys.argv[5] if len(sys.argv) > 5 else index
    same = 0
    for q in QUERIES:
        d = differences(run(old, index, limit, q), run(new, new_index, limit, q))
        if d:
            print(f"DIFF {q}: {' '.join(d)}")
        else:
            same += 1
    print(f"identical {same}, different {len(QUERIES) - same}")


if __name__ == "__main__":
    main()
