//! PDF: glyphs with positions (pdf-extract's `OutputDev`), assembled into
//! lines, columns and paragraphs here; running headers, footers and page
//! numbers left out; hyphenated line ends joined.

use super::{ExtractError, Extracted};
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// One glyph: position (top-down, points), font size, advance, text.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    size: f64,
    end: f64,
    text: String,
}

/// A line of text on a page.
#[derive(Debug, Clone)]
struct Line {
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    /// 0: full width, 1: left column, 2: right column.
    col: u8,
    text: String,
}

#[derive(Default)]
struct Collector {
    pages: Vec<Vec<Glyph>>,
    height: f64,
    width: f64,
    widths: Vec<f64>,
    glyphs: u64,
}

/// At most this many glyphs are kept per document (about 2,000 dense pages).
const MAX_GLYPHS: u64 = 10_000_000;

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.height = media_box.ury - media_box.lly;
        self.width = media_box.urx - media_box.llx;
        self.widths.push(self.width);
        self.pages.push(Vec::new());
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        self.glyphs += 1;
        if self.glyphs > MAX_GLYPHS {
            return Ok(());
        }
        let x = trm.m31;
        let y = self.height - trm.m32;
        // The side of the square with the area of the transformed em box.
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt();
        if !x.is_finite() || !y.is_finite() || !size.is_finite() {
            return Ok(());
        }
        let size = if size > 0.1 { size } else { 1.0 };
        let text: String = char
            .chars()
            .filter(|c| (!c.is_control() || *c == '\t') && !matches!(c, '\u{fffe}' | '\u{ffff}'))
            .collect();
        if let Some(page) = self.pages.last_mut() {
            page.push(Glyph {
                x,
                y,
                size,
                end: x + width * size,
                text,
            });
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    // pdf-extract trusts its input in places; a panic there is a damaged file.
    let collected = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| collect(bytes)))
        .map_err(|_| ExtractError::DamagedPdf("the PDF reader failed on it".into()))??;
    let mut notes = Vec::new();
    if collected.1 {
        notes.push("encrypted PDF opened with the empty password".to_string());
    }
    let pages: Vec<Vec<Line>> = collected
        .0
        .pages
        .iter()
        .zip(collected.0.widths.iter())
        .map(|(g, w)| page_lines(g, *w))
        .collect();
    let chars: usize = pages
        .iter()
        .flatten()
        .map(|l| l.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    if chars == 0 {
        return Err(ExtractError::NoTextLayer);
    }
    Ok(Extracted {
        text: assemble(pages),
        notes,
        title: None,
    })
}

fn collect(bytes: &[u8]) -> Result<(Collector, bool), ExtractError> {
    let mut doc = pdf_extract::Document::load_mem(bytes).map_err(|e| damaged(&e))?;
    let mut encrypted = false;
    if doc.is_encrypted() {
        encrypted = true;
        doc.decrypt("").map_err(|_| ExtractError::NeedsPassword)?;
    }
    let mut c = Collector::default();
    if doc.get_pages().is_empty() {
        return Err(ExtractError::DamagedPdf("no pages".into()));
    }
    pdf_extract::output_doc(&doc, &mut c).map_err(|e| match e {
        OutputError::PdfError(e) => damaged(&e),
        e => ExtractError::DamagedPdf(e.to_string()),
    })?;
    Ok((c, encrypted))
}

fn damaged(e: &pdf_extract::Error) -> ExtractError {
    let s = e.to_string();
    if s.to_ascii_lowercase().contains("password") {
        return ExtractError::NeedsPassword;
    }
    let s: String = s.chars().take(120).collect();
    ExtractError::DamagedPdf(s)
}

/// Groups a page's glyphs into lines in reading order (columns left to
/// right, each top to bottom).
fn page_lines(glyphs: &[Glyph], page_width: f64) -> Vec<Line> {
    // Runs: consecutive glyphs on one baseline without a wide gap.
    let mut runs: Vec<Vec<&Glyph>> = Vec::new();
    for g in glyphs {
        if g.text.is_empty() {
            continue;
        }
        let start_new = match runs.last().and_then(|r| r.last()) {
            None => true,
            Some(p) => {
                let tol = 0.35 * p.size.max(g.size);
                (g.y - p.y).abs() > tol
                    || g.x < p.x - 0.5 * p.size
                    || g.x > p.end + 2.5 * p.size.max(g.size)
            }
        };
        if start_new {
            runs.push(vec![g]);
        } else if let Some(r) = runs.last_mut() {
            r.push(g);
        }
    }
    // Drop runs that are only whitespace.
    runs.retain(|r| r.iter().any(|g| !g.text.trim().is_empty()));
    let mut segs: Vec<Line> = runs.iter().map(|r| run_line(r)).collect();
    // Merge runs on one baseline that continue each other (a tab after a
    // list number, a change of font), unless a column gap separates them.
    segs.sort_by(|a, b| {
        a.y.partial_cmp(&b.y)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.x0.partial_cmp(&b.x0).unwrap_or(std::cmp::Ordering::Equal))
    });
    let gutter = find_gutter(&segs, page_width);
    let mut lines: Vec<Line> = Vec::new();
    for s in segs {
        if let Some(l) = lines.iter_mut().rev().take(6).find(|l| {
            (l.y - s.y).abs() <= 0.35 * l.size.max(s.size)
                && s.x0 >= l.x1 - 0.5 * s.size
                && !gutter.is_some_and(|g| l.x1 <= g && s.x0 >= g)
        }) {
            let gap = s.x0 - l.x1;
            if gap > 0.12 * s.size.min(l.size) && !l.text.ends_with(' ') {
                l.text.push(' ');
            }
            l.text.push_str(&s.text);
            l.x1 = s.x1;
            continue;
        }
        lines.push(s);
    }
    let Some(g) = gutter else {
        return lines;
    };
    // Two columns: full-width lines above the columns, the left column, the
    // right column, full-width lines below.
    let col_top = lines
        .iter()
        .filter(|l| l.x1 <= g || l.x0 >= g)
        .map(|l| l.y)
        .fold(f64::INFINITY, f64::min);
    let key = |l: &Line| -> u8 {
        if l.x1 <= g {
            1
        } else if l.x0 >= g {
            2
        } else if l.y < col_top {
            0
        } else {
            3
        }
    };
    lines.sort_by(|a, b| {
        key(a)
            .cmp(&key(b))
            .then(a.y.partial_cmp(&b.y).unwrap_or(std::cmp::Ordering::Equal))
    });
    for l in &mut lines {
        l.col = match key(l) {
            1 => 1,
            2 => 2,
            _ => 0,
        };
    }
    lines
}

/// The x of a vertical gap that separates two columns of text, if the page
/// has one: most lines end left of it or start right of it, and both sides
/// hold many lines.
fn find_gutter(segs: &[Line], page_width: f64) -> Option<f64> {
    if segs.len() < 8 || page_width <= 0.0 {
        return None;
    }
    let mut best: Option<(usize, f64)> = None;
    let steps = 40;
    for i in 12..=28 {
        let x = page_width * i as f64 / steps as f64;
        let crossing = segs
            .iter()
            .filter(|s| s.x0 < x - 1.0 && s.x1 > x + 1.0)
            .count();
        let left = segs.iter().filter(|s| s.x1 <= x).count();
        let right = segs.iter().filter(|s| s.x0 >= x).count();
        if left >= 4 && right >= 4 && crossing * 10 <= segs.len() {
            let score = left.min(right);
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, x));
            }
        }
    }
    best.map(|(_, x)| x)
}

fn run_line(run: &[&Glyph]) -> Line {
    let mut text = String::new();
    let mut prev_end: Option<f64> = None;
    let mut size = 0.0f64;
    for g in run {
        size = size.max(g.size);
        if let Some(e) = prev_end {
            if g.x > e + 0.12 * g.size && !text.ends_with(' ') && !g.text.starts_with(' ') {
                text.push(' ');
            }
        }
        if g.text.trim().is_empty() {
            if !text.ends_with(' ') {
                text.push(' ');
            }
        } else {
            text.push_str(&g.text);
        }
        prev_end = Some(g.end.max(g.x));
    }
    let x0 = run.first().map_or(0.0, |g| g.x);
    let x1 = run.iter().map(|g| g.end.max(g.x)).fold(x0, f64::max);
    let y = run.first().map_or(0.0, |g| g.y);
    Line {
        x0,
        x1,
        y,
        size,
        col: 0,
        text: super::squash(&text),
    }
}

/// A page-number line: `3`, `- 3 -`, `– 3 –`, `Page 2 of 9`, `Seite 2 von 4`,
/// `2 / 9`, `p. 3`, `S. 3`.
fn page_number(t: &str) -> bool {
    let t = t.trim().to_lowercase();
    let t = t.trim_matches(|c: char| matches!(c, '-' | '–' | '—' | ' '));
    let words: Vec<&str> = t.split_whitespace().collect();
    let num = |w: &str| !w.is_empty() && w.len() <= 4 && w.chars().all(|c| c.is_ascii_digit());
    let roman = |w: &str| !w.is_empty() && w.len() <= 5 && w.chars().all(|c| "ivxlc".contains(c));
    match words.as_slice() {
        [n] => num(n) || roman(n) || n.split('/').all(num) && n.contains('/'),
        [p, n] => matches!(*p, "page" | "seite" | "p." | "s." | "pg.") && num(n),
        [n, "/", m] | [n, "of", m] | [n, "von", m] => num(n) && num(m),
        [p, n, "of" | "von" | "/", m] => {
            matches!(*p, "page" | "seite" | "p." | "s.") && num(n) && num(m)
        }
        _ => false,
    }
}

/// The shape of a line for recognising repetition: digits folded.
fn shape(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut digit = false;
    for c in t.chars() {
        if c.is_ascii_digit() {
            if !digit {
                out.push('#');
            }
            digit = true;
        } else {
            digit = false;
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// How many lines at the top and at the bottom of a page may be furniture.
const MARGIN_LINES: usize = 3;

/// Marks running headers and footers: lines within the top or bottom lines
/// of a page that are page numbers or repeat (digits folded) at the same
/// end of other pages.
fn furniture(pages: &[Vec<Line>]) -> Vec<Vec<bool>> {
    let mut out: Vec<Vec<bool>> = pages.iter().map(|p| vec![false; p.len()]).collect();
    let mut top: std::collections::HashMap<String, usize> = Default::default();
    let mut bottom: std::collections::HashMap<String, usize> = Default::default();
    for p in pages {
        let mut seen_t = std::collections::HashSet::new();
        let mut seen_b = std::collections::HashSet::new();
        for l in p.iter().take(MARGIN_LINES) {
            if seen_t.insert(shape(&l.text)) {
                *top.entry(shape(&l.text)).or_default() += 1;
            }
        }
        for l in p.iter().rev().take(MARGIN_LINES) {
            if seen_b.insert(shape(&l.text)) {
                *bottom.entry(shape(&l.text)).or_default() += 1;
            }
        }
    }
    let n = pages.len();
    let repeats = |c: usize| n >= 2 && c >= 2 && (c * 3 >= n || c >= 3);
    for (pi, p) in pages.iter().enumerate() {
        let len = p.len();
        // From the top: page numbers and repeated lines, stopping at the first
        // line that is neither.
        for (i, l) in p.iter().enumerate().take(MARGIN_LINES) {
            if page_number(&l.text) || repeats(top.get(&shape(&l.text)).copied().unwrap_or(0)) {
                out[pi][i] = true;
            } else {
                break;
            }
        }
        for k in 0..MARGIN_LINES.min(len) {
            let i = len - 1 - k;
            let l = &p[i];
            if page_number(&l.text) || repeats(bottom.get(&shape(&l.text)).copied().unwrap_or(0)) {
                out[pi][i] = true;
            } else {
                break;
            }
        }
    }
    out
}

/// Whether `a` ends in a hyphen that splits a word continued by `b`.
fn hyphen_join(a: &str, b: &str) -> Option<usize> {
    let mut rev = a.char_indices().rev();
    let (hi, h) = rev.next()?;
    if !matches!(h, '-' | '\u{2010}' | '\u{00AD}') {
        return None;
    }
    let (_, before) = rev.next()?;
    if !before.is_alphabetic() {
        return None;
    }
    let next = b.chars().next()?;
    let word_before: String = a[..hi]
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect();
    let caps = |w: &str| w.chars().count() >= 2 && w.chars().all(|c| !c.is_lowercase());
    let word_after: String = b.chars().take_while(|c| c.is_alphabetic()).collect();
    if !(next.is_lowercase() || caps(&word_before) && caps(&word_after)) {
        return None;
    }
    // `Kauf- und Werkvertrag`: a hyphen before a conjunction stays.
    let word: String = b.chars().take_while(|c| c.is_alphabetic()).collect();
    if matches!(
        word.as_str(),
        "und" | "oder" | "bzw" | "sowie" | "and" | "or" | "nor" | "to" | "bis"
    ) && h == '-'
    {
        return None;
    }
    Some(hi)
}

/// A table-of-contents entry: a title, a dot leader and a page number
/// (`3. Widerruf ........ 4`).
fn contents_entry(t: &str) -> bool {
    let t = t.trim_end();
    let head = t.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    if head.len() == t.len() {
        return false;
    }
    let dots = head.len() - head.trim_end_matches(['.', '…', ' ', '·', '_']).len();
    dots >= 4
}

fn had_contents(pages: &[bool], page: usize) -> bool {
    pages.get(page).copied().unwrap_or(false)
}

/// Whether a line starts with a clause or list marker (`§ 3`, `(2)`, `1.2`,
/// `4.`, `a)`, `(b)`, `Art. 5`, `Section 2`), which starts a paragraph.
fn starts_marker(t: &str) -> bool {
    let t = t.trim_start();
    let b = t.as_bytes();
    if t.starts_with('§') || t.starts_with("Art.") || t.starts_with("Artikel ") {
        return true;
    }
    for w in [
        "Section ", "Article ", "ARTICLE ", "SECTION ", "Clause ", "Ziffer ",
    ] {
        if let Some(r) = t.strip_prefix(w) {
            return r.starts_with(|c: char| c.is_ascii_digit() || c.is_uppercase());
        }
    }
    if matches!(
        t.chars().next(),
        Some('•' | '●' | '▪' | '–' | '-' | '*' | '·')
    ) {
        return t.chars().nth(1).is_some_and(char::is_whitespace);
    }
    if b.first() == Some(&b'(') {
        let inner: String = t[1..].chars().take_while(|c| *c != ')').collect();
        return !inner.is_empty()
            && inner.len() <= 5
            && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
            && t[1..].contains(')');
    }
    let lead: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if lead.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        let rest = &t[lead.len()..];
        // `1.2 Text`, `4. Text`, `3) Text`, but not `2024 was` or `10 %`.
        return (lead.contains('.') && rest.starts_with(char::is_whitespace))
            || rest.starts_with(')')
            || (lead.len() <= 3 && rest.starts_with(char::is_whitespace) && {
                let next = rest.trim_start().chars().next();
                next.is_some_and(char::is_uppercase)
            });
    }
    // `a)`, `aa)`, `iv)`.
    let letters: String = t.chars().take_while(|c| c.is_ascii_lowercase()).collect();
    !letters.is_empty() && letters.len() <= 4 && t[letters.len()..].starts_with(')')
}

/// Joins pages into text: furniture left out, lines of a paragraph joined
/// into one line (hyphenated words re-joined), paragraphs separated by a
/// blank line, and a form feed before the first word of each page after
/// the first.
///
/// A paragraph ends at a wider gap than the page's line pitch, a change of
/// font size, a line that starts with a clause marker, or after a short
/// line that ends a sentence.
fn assemble(pages: Vec<Vec<Line>>) -> String {
    let furn = furniture(&pages);
    let pages_contents: Vec<bool> = pages
        .iter()
        .map(|p| p.iter().filter(|l| contents_entry(&l.text)).count() >= 3)
        .collect();
    let mut kept: Vec<(usize, Line)> = Vec::new();
    let mut pitches: Vec<f64> = Vec::new();
    let mut right: std::collections::HashMap<(usize, u8), f64> = Default::default();
    for (pi, (p, f)) in pages.into_iter().zip(furn).enumerate() {
        let mut diffs: Vec<f64> = Vec::new();
        let mut lines: Vec<Line> = p
            .into_iter()
            .zip(f)
            .filter(|(l, is_f)| !is_f && !l.text.is_empty() && !contents_entry(&l.text))
            .map(|(l, _)| l)
            .collect();
        // A contents title whose entries were left out goes too.
        let toc_title = |t: &str| {
            let t = t.trim().trim_end_matches(':').to_lowercase();
            matches!(
                t.as_str(),
                "inhaltsverzeichnis"
                    | "inhalt"
                    | "contents"
                    | "table of contents"
                    | "inhaltsübersicht"
            )
        };
        if had_contents(&pages_contents, pi) {
            lines.retain(|l| !toc_title(&l.text));
        }
        for w in lines.windows(2) {
            let d = w[1].y - w[0].y;
            if d > 0.8 * w[0].size && d < 3.0 * w[0].size {
                diffs.push(d);
            }
        }
        diffs.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        pitches.push(diffs.get(diffs.len() / 2).copied().unwrap_or(0.0));
        for l in lines {
            let r = right.entry((pi, l.col)).or_insert(0.0);
            *r = r.max(l.x1);
            kept.push((pi, l));
        }
    }
    let mut out = String::new();
    let mut page = 0usize;
    let mut prev: Option<(usize, Line)> = None;
    let mut i = 0;
    while i < kept.len() {
        let (pi, line) = kept[i].clone();
        i += 1;
        let mut text = line.text.clone();
        if text.is_empty() {
            continue;
        }
        // Hyphen at the line end: move the rest of the word up.
        if let Some((_, next)) = kept.get(i) {
            if let Some(h) = hyphen_join(&text, &next.text) {
                let rest_len = next
                    .text
                    .find(char::is_whitespace)
                    .unwrap_or(next.text.len());
                let (word, rest) = next.text.split_at(rest_len);
                let rest = rest.trim_start().to_string();
                text.truncate(h);
                text.push_str(word);
                kept[i].1.text = rest;
            }
        }
        if let Some((ppi, p)) = &prev {
            let size_change = (line.size - p.size).abs() > 0.12 * p.size.max(line.size);
            let same_page = *ppi == pi;
            let pitch = pitches.get(pi).copied().unwrap_or(0.0);
            let gap = same_page
                && p.col == line.col
                && line.y - p.y
                    > if pitch > 0.0 {
                        1.3 * pitch
                    } else {
                        1.6 * p.size
                    };
            let edge = right.get(&(*ppi, p.col)).copied().unwrap_or(p.x1);
            let short_end = p.x1 < edge - 0.2 * (edge - p.x0).max(0.0)
                && p.text.ends_with(['.', ':', ';', '!', '?']);
            let new_para = gap || size_change || starts_marker(&text) || short_end;
            // `ZAHLUNGSBEDINGUNGEN/` + `METHODEN`, `E-` + `Mail`: no space.
            let glued = p.text.ends_with('/')
                || (p.text.ends_with('-')
                    && p.text.chars().rev().nth(1).is_some_and(char::is_alphabetic)
                    && text.starts_with(char::is_uppercase));
            out.push_str(if new_para {
                "\n\n"
            } else if glued {
                ""
            } else {
                " "
            });
        }
        while page < pi {
            out.push('\x0c');
            page += 1;
        }
        out.push_str(&text);
        // The line as emitted (after a hyphen join moved a word up).
        prev = Some((pi, Line { text, ..line }));
    }
    out.push('\n');
    run_in_titles(&out).unwrap_or(out)
}

/// The run-in title of a numbered paragraph, `1. What the Company owns.
/// The Company …`: up to eight words after a one- to three-digit number,
/// capitalised, without commas or brackets, ending in a full stop that a
/// capitalised sentence follows. Returns the byte length of `1. Title.`.
fn run_in_title(p: &str) -> Option<usize> {
    let digits = p.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) || !p[digits..].starts_with(". ") {
        return None;
    }
    let rest = &p[digits + 2..];
    let end = rest.find(". ")?;
    let title = &rest[..end];
    let words = title.split_whitespace().count();
    let after = rest[end + 2..].chars().next()?;
    let ok = (1..=8).contains(&words)
        && title.starts_with(char::is_uppercase)
        && !title.contains([',', ';', ':', '(', ')', '\x0c'])
        && (after.is_uppercase() || matches!(after, '“' | '"' | '„' | '‘'));
    ok.then_some(digits + 2 + end + 1)
}

/// Puts run-in titles on a line of their own (so the chunker reads them as
/// the heading of their clause), when most numbered paragraphs of the
/// document have one: three at least and six in ten. `None` when not.
fn run_in_titles(text: &str) -> Option<String> {
    let paras: Vec<&str> = text.split("\n\n").collect();
    let lead = |p: &str| p.len() - p.trim_start_matches('\x0c').len();
    let numbered = paras
        .iter()
        .filter(|p| {
            let q = &p[lead(p)..];
            let d = q.bytes().take_while(u8::is_ascii_digit).count();
            (1..=3).contains(&d) && q[d..].starts_with(". ")
        })
        .count();
    let titled = paras
        .iter()
        .filter(|p| run_in_title(&p[lead(p)..]).is_some())
        .count();
    if titled < 3 || titled * 10 < numbered * 6 {
        return None;
    }
    let mut out = String::with_capacity(text.len() + titled * 2);
    for (i, p) in paras.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        let l = lead(p);
        match run_in_title(&p[l..]) {
            Some(n) => {
                out.push_str(&p[..l + n]);
                out.push_str("\n\n");
                out.push_str(p[l + n..].trim_start());
            }
            None => out.push_str(p),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for t in [
            "3",
            "- 3 -",
            "– 3 –",
            "Page 2 of 9",
            "Seite 2 von 4",
            "2 / 9",
            "iv",
        ] {
            assert!(page_number(t), "{t}");
        }
        for t in ["§ 3", "3. Haftung", "Page of the law", "(2)"] {
            assert!(!page_number(t), "{t}");
        }
    }

    #[test]
    fn hyphens() {
        assert_eq!(
            hyphen_join("Geschäftsbedin\u{2010}", "gungen gelten"),
            Some(15)
        );
        assert_eq!(hyphen_join("dis-", "coveries"), Some(3));
        assert_eq!(hyphen_join("Kauf-", "und Werkvertrag"), None);
        assert_eq!(hyphen_join("Software-", "Hersteller"), None);
        assert_eq!(hyphen_join("§ 3 -", "foo"), None);
    }

    #[test]
    fn run_in_titles_get_a_line() {
        let t = "1. What the Company owns. The Company owns IP.\n\n\x0c2. What it does not own. You own the rest.\n\n3. Works made for hire. All of it.\n";
        assert_eq!(
            run_in_titles(t).as_deref(),
            Some("1. What the Company owns.\n\nThe Company owns IP.\n\n\x0c2. What it does not own.\n\nYou own the rest.\n\n3. Works made for hire.\n\nAll of it.\n")
        );
        // Ordinary first sentences are not titles.
        let t = "1. The seller owns the goods, until paid. More.\n\n2. Prices include VAT at the rate in force on the day.\n";
        assert_eq!(run_in_titles(t), None);
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(extract(b"%PDF-1.4 garbage").is_err());
        assert!(extract(b"").is_err());
    }
}
