#!/usr/bin/env python3
"""Builds data/de-compounds.txt, the part dictionary of klausel's German decompounder.

Usage: python3 tools/build_de_compounds.py BGB.md HGB.md ZPO.md > data/de-compounds.txt

The inputs are the Markdown texts of the German civil code (BGB), the commercial
code (HGB) and the code of civil procedure (ZPO) from gesetze-im-internet.de
(bundestag/gesetze on GitHub). The script is not needed at build time: the
output is committed and embedded with include_str!.

Procedure:
1. Count every word form (letters only) in the three statutes.
2. Keep nouns: forms written capitalised at least MIN_COUNT times and
   capitalised at least five times as often as in lower case (this drops
   sentence-initial function words such as "Die", "Soweit").
3. Drop inflected variants: a form that is another kept form plus an ending
   (-e, -en, -n, -s, -es, -er, -ern, -ns, -ens) goes, the shorter form stays.
4. Drop rare compounds: a form that itself splits into two or more kept forms
   (with linking elements -s-, -es-, -n-, -en-, -er-, -e-) stays only when it
   occurs at least LEXICAL_COUNT times; such frequent compounds
   ("Gerichtsstand", "Datenschutz") serve as sub-compounds of longer words.
5. Add CURATED: legal and contract morphemes that are not nouns of their own
   ("mindest", "höchst") or are frequent in contracts but rare in statutes.
6. Remove STOP: short forms that cause false splits.
"""
import collections
import re
import sys

MIN_COUNT = 3
LEXICAL_COUNT = 10
MIN_LEN = 4
MAX_LEN = 24
ENDINGS = ["e", "en", "n", "s", "es", "er", "ern", "ns", "ens"]
LINKS = ["", "s", "es", "n", "en", "er", "e"]

CURATED = """
mindest höchst gesamt eigen neben haupt sonder fremd zusatz voraus nach
amt tag rat akt art ort zins frist
datenschutz gewährleistung schadensersatz erfüllungsort geschäftsbedingung
software hardware internet online service support lizenz update daten
konto account plattform portal server cloud kunde nutzer anbieter abo
newsletter passwort browser cookie email telefon app shop webseite website
""".split()

STOP = set("""
ende ding lage mann rung tung lung nung gung sung heit keit schaft
bgbl rgbl bjne bjng bjnr xxxx title sepa gutes wilde
""".split())


def words(text):
    return re.findall(r"[A-Za-zÄÖÜäöüß]+", text)


def splits(word, lexicon, depth=0):
    """True when `word` is two or more lexicon entries joined by linking elements."""
    for i in range(MIN_LEN, len(word) - MIN_LEN + 1):
        head = word[:i]
        if head not in lexicon:
            continue
        for link in LINKS:
            rest = word[i:]
            if not rest.startswith(link):
                continue
            rest = rest[len(link):]
            if len(rest) >= MIN_LEN and (rest in lexicon or splits(rest, lexicon, depth + 1)):
                return True
    return False


def main(paths):
    cap = collections.Counter()
    low = collections.Counter()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for w in words(f.read()):
                if w[0].isupper():
                    cap[w.lower()] += 1
                else:
                    low[w] += 1
    nouns = {
        w: n
        for w, n in cap.items()
        if n >= MIN_COUNT and n >= 5 * low[w] and MIN_LEN <= len(w) <= MAX_LEN
    }
    for w in CURATED:
        nouns[w] = max(nouns.get(w, 0), LEXICAL_COUNT)
    for w in STOP:
        nouns.pop(w, None)
    base = {
        w
        for w in nouns
        if not any(w.endswith(e) and w[: -len(e)] in nouns for e in ENDINGS)
    }
    kept = {w for w in base if nouns[w] >= LEXICAL_COUNT or not splits(w, base - {w})}
    print("# klausel German compound part dictionary: one lower-case word per line.")
    print("# Built by tools/build_de_compounds.py from the noun vocabulary of BGB, HGB")
    print("# and ZPO (gesetze-im-internet.de) plus a curated list of legal and contract")
    print("# morphemes; see the script for the procedure. Lines starting with # are comments.")
    print(f"# {len(kept)} entries.")
    for w in sorted(kept):
        print(w)


if __name__ == "__main__":
    main(sys.argv[1:])
