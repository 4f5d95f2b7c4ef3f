#!/usr/bin/env python3
"""Writes data/federal-laws.txt: the abbreviations of the federal statutes
of gesetze-im-internet.de, from the file names of its Markdown export
(`ABBR-BJNR<number>.md`), as klausel's citation scan reads them.

Usage: tools/federal_laws.py GESETZE_DIR_OR_TAR_XZ > data/federal-laws.txt

Only names with the shape of an abbreviation are kept (letters and digits,
a capital first, at least two capitals, at most 24 characters: `StUG`,
`GewO`, `CO2KostAufG`); file names such as `1._BImSchV` or `SGB_8` are
juris renderings of other spellings and are left out.
"""
import os, re, sys, tarfile

NAME = re.compile(r"^(.+?)-BJNR[0-9A-Z]+\.md$")


def shaped(a):
    return (
        0 < len(a) <= 24
        and a[0].isupper()
        and all(c.isalpha() or c.isdigit() and c.isascii() for c in a)
        and sum(c.isupper() for c in a) >= 2
    )


def names(src):
    if os.path.isdir(src):
        return os.listdir(src)
    with tarfile.open(src) as t:
        return [os.path.basename(m.name) for m in t.getmembers()]


abbrevs = sorted({m.group(1) for n in names(sys.argv[1]) if (m := NAME.match(n)) and shaped(m.group(1))})
print("# Abbreviations of the federal statutes of gesetze-im-internet.de (Bundesministerium")
print("# der Justiz), from the file names of its Markdown export, one per line, as written.")
print("# Official works, not protected by copyright (§ 5 UrhG). Made by tools/federal_laws.py.")
for a in abbrevs:
    print(a)
