#!/usr/bin/env python3
"""Render a plain-text document as HTML or PDF, for testing klausel's readers.

    python3 tools/txt2doc.py html IN.txt OUT.html [--title T]
    python3 tools/txt2doc.py pdf  IN.txt OUT.pdf  [--header H]

HTML: every paragraph (a block of lines) becomes <p> (lines joined by <br>),
inside <main>, with a nav menu, a cookie banner and a footer around it that
klausel must leave out. PDF: A4 pages set in Helvetica (WinAnsiEncoding),
lines wrapped at the text width, a running header and a `Page N of M`
footer on every page, a blank line between paragraphs. Standard library
only; used to make tests/data/mixed/ from corpus/ (see its README).
"""
import html
import sys

# Helvetica advance widths (1/1000 em) for ASCII; others count as 556.
HELV = {c: w for c, w in zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
     556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
     1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
     667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
     333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
     556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584])}

SIZE, LEAD = 10.0, 13.0
LEFT, RIGHT, TOP, BOTTOM = 70.0, 525.0, 770.0, 80.0


def width(s):
    return sum(HELV.get(c, 556) for c in s) * SIZE / 1000


def wrap(line):
    words, out, cur = line.split(), [], ""
    for w in words:
        t = (cur + " " + w) if cur else w
        if cur and width(t) > RIGHT - LEFT:
            out.append(cur)
            cur = w
        else:
            cur = t
    if cur:
        out.append(cur)
    return out


def pdf_string(s):
    b = s.encode("cp1252", errors="replace")
    return b"(" + b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def to_pdf(text, header):
    # Lines of each page: (y, text); a blank line between paragraphs.
    pages, cur, y = [], [], TOP
    for para in text.split("\n"):
        if not para.strip():
            y -= LEAD * 0.6
            continue
        for l in wrap(para):
            if y < BOTTOM:
                pages.append(cur)
                cur, y = [], TOP
            cur.append((y, l))
            y -= LEAD
    if cur:
        pages.append(cur)
    n = len(pages)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for i, lines in enumerate(pages):
        ops = [b"BT /F1 8 Tf %.1f 805 Td " % LEFT + pdf_string(header) + b" Tj ET"]
        for (yy, l) in lines:
            ops.append(b"BT /F1 %.1f Tf %.1f %.1f Td " % (SIZE, LEFT, yy) + pdf_string(l) + b" Tj ET")
        ops.append(b"BT /F1 8 Tf 270 40 Td " + pdf_string(f"Page {i + 1} of {n}") + b" Tj ET")
        stream = b"\n".join(ops)
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objs)
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                    b"/Resources << /Font << /F1 3 0 R >> >> >>" % content)
        kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % n
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def to_html(text, title):
    paras = [p for p in text.split("\n\n") if p.strip()]
    body = "\n".join("<p>" + "<br>\n".join(html.escape(l) for l in p.split("\n")) + "</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>.consent{{position:fixed;bottom:0}}</style></head>
<body>
<div class="consent" id="cookie-notice"><p>We use cookies on this website.</p><button>Accept</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/shop">Shop</a></li><li><a href="/legal">Legal</a></li></ul></nav></header>
<main>
{body}
</main>
<footer><p>Copyright notice and contact details of the site operator.</p></footer>
</body></html>
"""


def main():
    kind, src, dst = sys.argv[1:4]
    opt = dict(zip(sys.argv[4::2], sys.argv[5::2]))
    text = open(src, encoding="utf-8").read()
    if kind == "pdf":
        data = to_pdf(text, opt.get("--header", src.rsplit("/", 1)[-1]))
        open(dst, "wb").write(data)
    else:
        open(dst, "w", encoding="utf-8").write(to_html(text, opt.get("--title", "")))


if __name__ == "__main__":
    main()
