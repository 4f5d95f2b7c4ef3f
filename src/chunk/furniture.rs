//! Page furniture and contents pages: `Page 3`, `Seite 2 von 5`, running
//! titles repeated on every page, and table-of-contents lines.
//!
//! Found in one pass over the whole document before chunking, since a
//! running title is only known by its repetitions and a contents line only
//! by its neighbours. Furniture lines stay in the text (line numbers do not
//! change); the chunker keeps them out of records and headings.

use super::marker::{Lead, Leads};
use crate::model::FurnitureKind;
use rustc_hash::FxHashMap;

/// The furniture kind of each line (`None`: not furniture), given each
/// line's trimmed text (`text(i)`) and lead.
pub(crate) fn scan<'a>(
    text: impl Fn(usize) -> &'a str,
    leads: &Leads<'a>,
) -> Vec<Option<FurnitureKind>> {
    let n = leads.len();
    let mut out: Vec<Option<FurnitureKind>> = vec![None; n];
    let mut pages: Vec<u16> = vec![0; n];
    // Per running-title key: its lines, and how many of them end a page.
    let mut counts: FxHashMap<&str, (u32, u32)> = FxHashMap::default();
    // Per line: its running-title key, empty when it cannot be one.
    let mut keys: Vec<&str> = vec![""; n];
    for (i, lead) in leads.iter().enumerate() {
        let t = text(i);
        if t.is_empty() {
            continue;
        }
        // A page marker never starts with `1.2`, `§ 3` or `(4)`.
        let clause = matches!(
            lead,
            Lead::Decimal { .. } | Lead::Section { .. } | Lead::Paren { .. }
        );
        if !clause && page_marker(t) {
            out[i] = Some(FurnitureKind::PageNumber);
            continue;
        }
        let numbered = matches!(
            lead,
            Lead::Section { .. } | Lead::Single { .. } | Lead::Decimal { .. }
        );
        let last_digit = match t.as_bytes().last() {
            Some(b) if b.is_ascii_digit() => true,
            Some(b'-') => roman_footer(t).is_some(),
            _ => false,
        };
        let page = if last_digit {
            contents_line(t, numbered)
        } else {
            None
        };
        // Only numbered entries carry a footer on their line.
        if let Some(p) = page.or_else(|| if numbered { contents_prefix(t) } else { None }) {
            pages[i] = p;
        }
        if matches!(lead, Lead::None) && running_candidate(t) {
            let key = running_key(t);
            keys[i] = key;
            let c = counts.entry(key).or_default();
            c.0 += 1;
            c.1 += u32::from(page_end_at(&text, leads, i));
        }
    }
    // On three pages, or on both pages of a two-page document, each time
    // where a page ends (`Source: ACME, 8-K, 12/6/2017` over blank lines).
    let running = |&(c, ends): &(u32, u32)| c >= 3 || (c == 2 && ends == 2);
    if counts.values().any(running) {
        for (i, key) in keys.iter().enumerate() {
            if out[i].is_none() && !key.is_empty() && counts.get(key).is_some_and(running) {
                out[i] = Some(FurnitureKind::RunningTitle);
                pages[i] = 0;
            }
        }
    }
    contents_runs(&text, &pages, &mut out);
    web_chrome(&text, leads, &mut out);
    out
}

/// Non-blank lines at each end of a file where web page chrome is looked
/// for: a scrape starts with its cookie notice and menu and ends with its
/// footer; the same shapes further in are the document's own.
const CHROME_LINES: usize = 8;

/// Marks a web page's chrome kept in a text file (a scrape saved as
/// `.txt`) among its first and last [`CHROME_LINES`] lines, before its
/// first numbered line and after its last: a row of cookie
/// buttons (`Akzeptieren Ablehnen Einstellungen`) with the notice lines
/// above it that name cookies, a menu of three or more short items between
/// `|`, `·` or `•`, and a copyright line (`© 2024 …`, last lines only).
fn web_chrome<'a>(
    text: &impl Fn(usize) -> &'a str,
    leads: &Leads<'a>,
    out: &mut [Option<FurnitureKind>],
) {
    let n = out.len();
    // Non-blank lines before the first numbered line and after the last
    // one (no table of every line: a statute file has millions).
    let unnumbered = |i: &usize| matches!(leads.get(*i), Lead::None);
    let head = (0..n)
        .filter(|&i| !text(i).is_empty())
        .take_while(unnumbered)
        .take(CHROME_LINES);
    let tail = (0..n)
        .rev()
        .filter(|&i| !text(i).is_empty())
        .take_while(unnumbered)
        .take(CHROME_LINES);
    let last: Vec<usize> = tail.clone().collect();
    for i in head.chain(tail) {
        if out[i].is_some() {
            continue;
        }
        let t = text(i);
        let copyright = last.contains(&i)
            && t.len() <= 200
            && (t.starts_with('©') || t.starts_with("(c) ") || t.starts_with("Copyright"));
        if copyright || menu_line(t) {
            out[i] = Some(FurnitureKind::Chrome);
        } else if cookie_buttons(t) {
            out[i] = Some(FurnitureKind::Chrome);
            // The notice: the lines of its block above that name cookies.
            let mut j = i;
            while let Some(p) = j.checked_sub(1) {
                let above = text(p);
                if above.is_empty() || !above.to_lowercase().contains("cookie") || above.len() > 400
                {
                    break;
                }
                out[p] = Some(FurnitureKind::Chrome);
                j = p;
            }
        }
    }
}

/// `Startseite | Shop | Kontakt | AGB`: three or more items of up to three
/// words between `|`, `·` or `•`, no sentence.
fn menu_line(t: &str) -> bool {
    if t.len() > 160 || t.ends_with(['.', ':', ';', ',']) {
        return false;
    }
    let Some(sep) = ['|', '·', '•'].into_iter().find(|&c| t.contains(c)) else {
        return false;
    };
    let items: Vec<&str> = t.split(sep).map(str::trim).collect();
    items.len() >= 3
        && items
            .iter()
            .all(|w| !w.is_empty() && w.split_whitespace().count() <= 3 && !w.contains(". "))
}

/// A row of cookie-notice buttons: two to six words, every one of them a
/// button's (`Akzeptieren Ablehnen Einstellungen`, `Accept all | Reject`).
fn cookie_buttons(t: &str) -> bool {
    const WORDS: &[&str] = &[
        "akzeptieren",
        "ablehnen",
        "einstellungen",
        "alle",
        "nur",
        "notwendige",
        "essenzielle",
        "zustimmen",
        "einverstanden",
        "verstanden",
        "cookies",
        "cookie",
        "accept",
        "reject",
        "decline",
        "settings",
        "manage",
        "preferences",
        "all",
        "only",
        "necessary",
        "essential",
        "agree",
        "ok",
        "allow",
        "deny",
        "und",
        "and",
        "schließen",
        "close",
    ];
    let words: Vec<String> = t
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '·' | '•' | '/'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let button = [
        "akzeptieren",
        "ablehnen",
        "accept",
        "reject",
        "decline",
        "zustimmen",
        "allow",
    ];
    (2..=6).contains(&words.len())
        && words.iter().all(|w| WORDS.contains(&w.as_str()))
        && words.iter().any(|w| button.contains(&w.as_str()))
}

/// Line `i` ends a page: two blank lines follow it, or a page number
/// does (`McDATA … June 2004` over `8`).
fn page_end_at<'a>(text: &impl Fn(usize) -> &'a str, leads: &Leads<'a>, i: usize) -> bool {
    if !text(i + 1).is_empty() {
        return false;
    }
    let t = text(i + 2);
    t.is_empty()
        || page_marker(t)
        || matches!(
            leads.get(i + 2),
            Lead::Single {
                term: None,
                rest: "",
                ..
            }
        )
}

/// Marks runs of at least three contents lines with non-decreasing page
/// numbers (other short lines between them, up to two in a row, belong to
/// the run: `ARTICLE I` over `DEFINITIONS 1`), and the `Contents` line
/// that opens them.
fn contents_runs<'a>(
    text: &impl Fn(usize) -> &'a str,
    pages: &[u16],
    out: &mut [Option<FurnitureKind>],
) {
    let n = pages.len();
    let mut i = 0;
    while i < n {
        if pages[i] == 0 {
            i += 1;
            continue;
        }
        let start = i;
        let (mut count, mut last, mut gap, mut page) = (0, i, 0, 0u16);
        let mut j = i;
        while j < n {
            let t = text(j);
            if t.is_empty() || out[j].is_some() {
                j += 1;
                continue;
            }
            if pages[j] != 0 && pages[j] >= page {
                count += 1;
                last = j;
                gap = 0;
                page = pages[j];
            } else if pages[j] == 0 && joined_entries(t) {
                // `ARTICLE IX TERMINATION Section 9.01. … 11 ARTICLE X
                // FURTHER ASSURANCES`: entries whose last has its page on
                // the next line.
                count += 1;
                last = j;
                gap = 0;
            } else {
                gap += 1;
                if gap > 2 || pages[j] != 0 || !short(t) {
                    break;
                }
            }
            j += 1;
        }
        if count >= 3 {
            for (k, slot) in out.iter_mut().enumerate().take(last + 1).skip(start) {
                if slot.is_none() && !text(k).is_empty() {
                    *slot = Some(FurnitureKind::Contents);
                }
            }
            // The contents page's heading, a few lines above.
            for k in (start.saturating_sub(4)..start).rev() {
                let t = text(k);
                if contents_heading(t) {
                    out[k] = Some(FurnitureKind::Contents);
                    break;
                }
            }
        }
        i = last + 1;
    }
}

fn short(t: &str) -> bool {
    t.len() <= 120 && !t.ends_with(['.', ';', ','])
}

/// `TABLE OF CONTENTS`, `Contents`, `Inhaltsverzeichnis`, `Inhalt`, `Page`.
fn contents_heading(t: &str) -> bool {
    let lower = t.trim_end_matches(':').trim().to_lowercase();
    matches!(
        lower.as_str(),
        "table of contents" | "contents" | "inhaltsverzeichnis" | "inhalt" | "index" | "page"
    ) || (lower.starts_with("table of contents") && lower.len() < 40)
}

/// `Page 3`, `Page 2 of 4`, `- 3 -`, `Seite 2 von 5`, `Page | 3`.
pub(crate) fn page_marker(t: &str) -> bool {
    // Cheap rejections first: this runs on every line.
    if t.len() > 40 || !t.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let inner =
        t.trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c == '|' || c.is_whitespace());
    let had_dashes = inner.len() < t.len();
    // `Exhibit A, Page 1`: the page of an attachment.
    let inner = match inner.rsplit_once(", ") {
        Some((before, after))
            if strip_word(after, "page").is_some() && before.split_whitespace().count() <= 3 =>
        {
            after
        }
        _ => inner,
    };
    let (word, rest) = match strip_word(inner, "page")
        .or_else(|| strip_word(inner, "seite"))
        .or_else(|| strip_word(inner, "pg."))
    {
        Some(r) => (true, r.trim_start_matches([' ', '|', ':', '.'])),
        None => (false, inner),
    };
    let num = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    let mut parts = rest.split_whitespace();
    let first = parts.next().unwrap_or("");
    match (parts.next(), parts.next(), parts.next()) {
        // `- 3 -` only with dashes; a bare `3` is decided by the numbering.
        (None, _, _) => num(first) && (word || had_dashes),
        (Some(w), Some(m), None)
            if w.eq_ignore_ascii_case("of") || w.eq_ignore_ascii_case("von") || w == "/" =>
        {
            num(first) && num(m)
        }
        _ => {
            // `3/12`
            word && first.split_once('/').is_some_and(|(a, b)| num(a) && num(b))
        }
    }
}

/// `s` without the leading `word` (ASCII, any case).
fn strip_word<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    s.get(..word.len())
        .filter(|h| h.eq_ignore_ascii_case(word))
        .and_then(|_| s.get(word.len()..))
}

/// The page number a contents line ends with: `5. GOVERNING LAW -
/// ARBITRATION 7`, `Section 2.1 Definitions ........ 5`, `ARTICLE I
/// DEFINITIONS 1`. The part before the page number is a title, not a
/// sentence, an amount or a table row of figures.
#[cfg(test)]
fn contents_page(t: &str) -> Option<u16> {
    contents_line(t, true).or_else(|| contents_prefix(t))
}

/// `6.   MISCELLANEOUS     8    AZUL-ATR … Page 2/9`: a contents entry
/// with a page footer run onto its line: the entry, wide gaps around its
/// page number, then anything.
fn contents_prefix(t: &str) -> Option<u16> {
    if t.len() > 240 {
        return None;
    }
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() && i < 160 {
        if b[i] == b' ' && b.get(i + 1) == Some(&b' ') {
            let gap_end = i + b.get(i..)?.iter().take_while(|&&c| c == b' ').count();
            let digits = b
                .get(gap_end..)?
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let after = gap_end + digits;
            if (1..=3).contains(&digits) && b.get(after..after + 2) == Some(b"  ") {
                return contents_line(t.get(..after)?, false);
            }
            i = gap_end.max(i + 1);
        } else {
            i += 1;
        }
    }
    None
}

/// `numbered`: the line starts with an entry number, so it may hold
/// several entries (only those are tried past 200 bytes).
fn contents_line(t: &str, numbered: bool) -> Option<u16> {
    // `… Social Responsibility 46 -ii-`: the contents page's own number.
    let t = roman_footer(t).unwrap_or(t);
    // A contents line ends with its page number: most lines end otherwise.
    let max = if numbered { 2000 } else { 200 };
    if t.len() > max || !t.as_bytes().last().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let split = t.rfind(|c: char| c.is_whitespace() || c == '.' || c == '…')?;
    let last = t.get(split + 1..)?;
    if last.is_empty() || last.len() > 3 || !last.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let page: u16 = last.parse().ok()?;
    // `2.1 Agreement to Supply 13 2.2 Use of Facility 15 2.3 Capacity 15`:
    // entries run together on one line (often split by em spaces).
    if numbered && joined_entries(t) {
        return Some(page);
    }
    if t.len() > 200 {
        return None;
    }
    let head = t
        .get(..split + 1)?
        .trim_end_matches(|c: char| c.is_whitespace() || c == '.' || c == '…' || c == '_');
    // `DEFINITIONS.......   Page 4`
    let head = ["Page", "PAGE", "Seite"]
        .iter()
        .find_map(|w| head.strip_suffix(w))
        .unwrap_or(head)
        .trim_end_matches(|c: char| c.is_whitespace() || c == '.' || c == '…' || c == '_');
    let gap = t.get(head.len()..split + 1).unwrap_or("");
    let leaders = gap.contains("..") || gap.contains('…');
    if head.ends_with([',', ';', ':', '$', '%', '/', '-'])
        || head.contains('$')
        || head.contains('%')
        || (!leaders && !gap.contains(char::is_whitespace))
    {
        return None;
    }
    let body = strip_number(head);
    // `Section 3.01. License Grants 6 Section 3.02. Other Covenants 7`:
    // several entries joined on one line.
    if body.contains(". ") {
        let kw = head.split_whitespace().next().unwrap_or("");
        let entries = kw.len() >= 4 && kw.chars().all(char::is_alphabetic) && {
            let mut parts = t.split(kw).filter(|p| !p.trim().is_empty());
            let n = t.matches(kw).count();
            n >= 2
                && parts.all(|p| {
                    p.trim_end()
                        .rsplit(char::is_whitespace)
                        .next()
                        .is_some_and(|w| {
                            !w.is_empty() && w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit())
                        })
                })
        };
        return entries.then_some(page);
    }
    // The cheap tests first: most lines ending in a digit are sentences.
    if !body.chars().next().is_some_and(|c| c.is_uppercase())
        || body.split_whitespace().nth(16).is_some()
    {
        return None;
    }
    let letters = body.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 3 || letters * 2 < body.len() / 2 {
        return None;
    }
    let sentence = [" shall ", " will ", " must ", " is ", " are ", " may "]
        .iter()
        .any(|w| body.contains(w));
    (!sentence).then_some(page)
}

/// The line before a trailing roman page number: `… 46 -ii-`.
fn roman_footer(t: &str) -> Option<&str> {
    let rest = t.strip_suffix('-')?;
    let start = rest.rfind(|c: char| c.is_whitespace())?;
    let num = rest.get(start..)?.trim_start().strip_prefix('-')?;
    (!num.is_empty() && num.bytes().all(|b| matches!(b, b'i' | b'v' | b'x')))
        .then(|| rest.get(..start).unwrap_or("").trim_end())
}

/// Several contents entries on one line: a page number (`13`, or glued to
/// its title: `OPERATOR5`), then a decimal entry number (`2.2`), then a
/// capitalised title, at least once.
fn joined_entries(t: &str) -> bool {
    // Cheap test first: a digit, a space, then a digit or `S`/`A`.
    let b = t.as_bytes();
    let candidate = (0..b.len().saturating_sub(2)).any(|i| {
        b[i + 1] == b' ' && b[i].is_ascii_digit() && matches!(b[i + 2], b'0'..=b'9' | b'S' | b'A')
    });
    if !candidate {
        return false;
    }
    let mut words = t.split_whitespace();
    let (Some(mut a), Some(mut b)) = (words.next(), words.next()) else {
        return false;
    };
    for c in words {
        let entry = (decimal_number(b) && c.starts_with(|ch: char| ch.is_uppercase()))
            || (ENTRY_WORDS.contains(&b) && decimal_number(c));
        if entry && page_end(a) {
            return true;
        }
        (a, b) = (b, c);
    }
    false
}

/// A word ending in a page number of one to three digits: `13`,
/// `OPERATOR5`, `Engagement..5`; not `2.5` or `1,000`.
fn page_end(w: &str) -> bool {
    let digits = w.bytes().rev().take_while(u8::is_ascii_digit).count();
    let before = &w.as_bytes()[..w.len() - digits];
    (1..=3).contains(&digits)
        && (before.is_empty()
            || before.ends_with(b"..")
            || before.last().is_some_and(u8::is_ascii_alphabetic))
}

/// Words that open a contents entry: `Section 3.02.`
const ENTRY_WORDS: [&str; 4] = ["Section", "SECTION", "Article", "ARTICLE"];

/// `2.2`, `10.13.`: a decimal entry number of two or more parts.
fn decimal_number(w: &str) -> bool {
    let w = w.strip_suffix('.').unwrap_or(w);
    let mut parts = 0;
    for p in w.split('.') {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        parts += 1;
    }
    parts >= 2
}

/// `5.`, `Section 2.1`, `ARTICLE I`, `§ 3`, `Schedule 1.10` → the title after.
fn strip_number(head: &str) -> &str {
    let mut h = head.trim_start();
    for kw in [
        "ARTICLE", "Article", "SECTION", "Section", "Schedule", "SCHEDULE", "Exhibit", "EXHIBIT",
        "Clause", "CLAUSE", "Artikel", "§",
    ] {
        if let Some(r) = h.strip_prefix(kw) {
            h = r.trim_start();
            break;
        }
    }
    let end = h.find(char::is_whitespace).unwrap_or(h.len());
    let token = h.get(..end).unwrap_or("");
    let enumerator = token.bytes().any(|b| b.is_ascii_digit())
        || token
            .trim_end_matches(['.', ':'])
            .bytes()
            .all(|b| matches!(b, b'I' | b'V' | b'X' | b'L'))
            && !token.is_empty();
    if enumerator {
        h = h
            .get(end..)
            .unwrap_or("")
            .trim_start_matches([' ', '\t', '-', '–', ':', '.']);
    }
    h
}

/// A running title without its page number: `***Confidential Treatment
/// Requested   7` and `… Filed 04/18/18 Page 3 of 60` repeat with another
/// number on every page.
fn running_key(t: &str) -> &str {
    let mut k = t.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    for suffix in [" of", " von", "/"] {
        if let Some(r) = k.strip_suffix(suffix) {
            k = r.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
        }
    }
    for word in ["Page", "PAGE", "page", "Seite"] {
        if let Some(r) = k.strip_suffix(word) {
            k = r.trim_end_matches([' ', ',', '-', '|']);
        }
    }
    k
}

/// A line that may repeat as a running title: a few words, not a
/// signature-block label (`Name:`), not a rule of underscores.
fn running_candidate(t: &str) -> bool {
    if t.len() < 6 || t.ends_with(':') {
        return false;
    }
    // Columns of a footer are set apart by runs of spaces: `Amendment 004
    // to Outsourcing Agreement      between      IBM and MSL`.
    if t.len() > 120
        && (t.len() > 480
            || t.ends_with('.')
            || t.len() - t.as_bytes().windows(2).filter(|w| w == b"  ").count() > 120)
    {
        return false;
    }
    // Six letters, counting each byte of a non-ASCII character: only a
    // rough floor is needed.
    let letters = t
        .bytes()
        .filter(|b| b.is_ascii_alphabetic() || *b >= 0x80)
        .take(6)
        .count();
    if letters < 6 {
        return false;
    }
    // One word only in capitals: `CONFIDENTIAL` on every page.
    t.bytes().any(|b| b == b' ') || !t.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_markers() {
        for (t, expected) in [
            ("Page 3", true),
            ("Page 2 of 4", true),
            ("PAGE 12", true),
            ("Seite 2 von 5", true),
            ("- 3 -", true),
            ("Page | 3", true),
            ("Exhibit A, Page 1", true),
            ("Schedule 2, Page 3 of 4", true),
            ("See Section 4, Page 3 of the Lease", false),
            ("3", false),
            ("Page Two", false),
            ("3 of the Agreement", false),
            ("Pages 3 and 4 are attached", false),
        ] {
            assert_eq!(page_marker(t), expected, "{t}");
        }
    }

    fn kinds(text: &str) -> Vec<Option<FurnitureKind>> {
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let leads = Leads::new(
            lines.len(),
            lines.iter().map(|t| {
                if t.is_empty() {
                    Lead::None
                } else {
                    super::super::marker::lead(t)
                }
            }),
        );
        scan(|i| lines.get(i).copied().unwrap_or(""), &leads)
    }

    #[test]
    fn footers_and_contents_pages() {
        use FurnitureKind::*;
        let text = "TABLE OF CONTENTS\n\
                    1. DEFINITIONS 1\n\
                    2. LICENSE 3\n\
                    3. GOVERNING LAW 7\n\
                    1. DEFINITIONS\n\
                    Text one.\n\
                    Confidential Material redacted and filed with the Commission.   2\n\
                    Text two.\n\
                    Confidential Material redacted and filed with the Commission.   3\n\
                    Page 4 of 5\n\
                    Confidential Material redacted and filed with the Commission.   4";
        let k = kinds(text);
        assert_eq!(
            &k[..5],
            &[
                Some(Contents),
                Some(Contents),
                Some(Contents),
                Some(Contents),
                None
            ]
        );
        assert_eq!(k[6], Some(RunningTitle));
        assert_eq!(k[7], None);
        assert_eq!(k[9], Some(PageNumber));
        assert_eq!(k[10], Some(RunningTitle));
    }

    #[test]
    fn two_page_running_titles() {
        use FurnitureKind::*;
        // Twice, each time where a page ends: a running title.
        let text = "Source: ACME INC., 8-K, 12/6/2017\n\n\nText one.\n\
                    Source: ACME INC., 8-K, 12/6/2017\n\n\nText two.";
        let k = kinds(text);
        assert_eq!((k[0], k[4]), (Some(RunningTitle), Some(RunningTitle)));
        // Twice inside the text: not furniture.
        let k = kinds("Payment Terms\nText one.\nPayment Terms\nText two.");
        assert!(k.iter().all(Option::is_none));
    }

    #[test]
    fn contents_entries_on_long_lines() {
        use FurnitureKind::*;
        // The second line runs into the next article's title, whose page
        // follows on the next line.
        let text = "Table of Contents\n\
                    Section 7.01. Limitation on Liability 9 Section 7.02. Disclaimer 10\n\
                    ARTICLE IX TERMINATION Section 9.01. Termination by Both Parties 11 Section 9.02. Termination prior to the Distribution 11 ARTICLE X FURTHER ASSURANCES\n\
                    Section 10.01. Further Assurances 11\n\
                    1. Definitions";
        let k = kinds(text);
        assert_eq!(
            k,
            [
                Some(Contents),
                Some(Contents),
                Some(Contents),
                Some(Contents),
                None
            ]
        );
    }

    #[test]
    fn running_keys() {
        assert_eq!(
            running_key("***Confidential Treatment Requested   7"),
            "***Confidential Treatment Requested"
        );
        assert_eq!(
            running_key("Case 18-10248 Filed 04/18/18 Page 3 of 60"),
            "Case 18-10248 Filed 04/18/18"
        );
        assert_eq!(running_key("Exhibit A, Page 1"), "Exhibit A");
    }

    #[test]
    fn contents_lines() {
        for (t, expected) in [
            ("5. GOVERNING LAW - ARBITRATION 7", Some(7)),
            ("Section 2.1 Definitions .......... 5", Some(5)),
            ("ARTICLE I DEFINITIONS 1", Some(1)),
            ("Schedule 1.10 Antibody 50", Some(50)),
            ("1.1 Definitions 1", Some(1)),
            (
                "6.   MISCELLANEOUS     8    AZUL-ATR   Amendment N° 1 Global Maintenance Agreement   Page 2/9",
                Some(8),
            ),
            ("SECTION 1.0 DEFINITIONS..........   Page 4", Some(4)),
            ("2.1 Engagement; Grant of Rights. 8", Some(8)),
            (
                "Section 3.01. License Grants 6 Section 3.02. Other Covenants 7",
                Some(7),
            ),
            ("The price is USD 5", None),
            ("included $2.00", None),
            ("Employee only Accounts See note 3 free $1.95", None),
            ("EXHIBIT 1.5", None),
            (
                "2.1\u{2003}\u{202f}Agreement to Supply 13 2.2\u{2003}\u{202f}Use of Facility 15",
                Some(15),
            ),
            (
                "ARTICLE VI : FORCE MAJEURE12 6.1 Procedure..    12",
                Some(12),
            ),
            (
                "5.1\u{2003}\u{202f}Mutual Covenants 43 5.2\u{2003}\u{202f}Manufacturer Covenants 44 -ii-",
                Some(44),
            ),
            ("The fee rose by 12 2.5 Percent", None),
            ("The Licensee shall pay within 30", None),
        ] {
            assert_eq!(contents_page(t), expected, "{t}");
        }
    }
}
