//! Recognising the number marker at the start of a line (`§ 23`, `(7)`,
//! `13.2`, `2.8.`, `1)`, bullets) and the inline paragraph markers of
//! one-line sections (`… granted. (2.) For all …`).
//!
//! Everything here works on byte slices of already trimmed lines and never
//! allocates except to build a normalised number.

use super::Blocks;
/// What a trimmed line starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lead<'a> {
    /// `§ 23 Title`, `§1 - TITLE`, `§ Section 27 Title`: the normalised
    /// number and the rest of the line after separators.
    Section {
        /// Normalised number, e.g. `§ 23` or `§ 305a`.
        number: String,
        /// The section number as an integer (for restart detection).
        value: u32,
        /// The rest of the line (title or body).
        rest: &'a str,
    },
    /// `(7)`, `(2.)`, `(3a)`: a paragraph marker.
    Paren {
        /// The paragraph number.
        value: u32,
        /// The marker as written, e.g. `(2.)`.
        marker: &'a str,
    },
    /// `1.1`, `2.8.`, `13.2`, `1.2)`: a decimal clause number of two or more parts.
    Decimal {
        /// The number without a trailing dot or parenthesis, e.g. `2.8`.
        number: &'a str,
        /// The first part, e.g. `2`.
        first: &'a str,
        /// The rest of the line.
        rest: &'a str,
    },
    /// `1.`, `1)` or a bare `4`: a single number.
    Single {
        /// The digits.
        number: &'a str,
        /// The number as an integer.
        value: u32,
        /// The terminator: `.`, `)` or none (bare number on its own line).
        term: Option<char>,
        /// The rest of the line.
        rest: &'a str,
    },
    /// A list item: `•`, `-`, `*`, `a)`, `(b)`, `(iv)`, `aa)`.
    Bullet,
    /// Anything else.
    None,
}

/// The lead of every line of a text, by line index. Most lines lead with
/// nothing ([`Lead::None`]; blank lines too), so only the others are kept,
/// found through a 4-byte slot per line: 2.5 M lines (214 MB of statutes)
/// take ≈ 40 MB instead of 140 MB at 56 bytes per [`Lead`], in blocks that
/// are never copied to grow (issue 19).
pub(crate) struct Leads<'a>(Repr<'a>);

enum Repr<'a> {
    /// Per line 0 for [`Lead::None`], else 1 + the index of its lead in
    /// `items`.
    Sparse {
        slots: Vec<u32>,
        items: Blocks<Lead<'a>>,
    },
    /// One lead per line, for a text of `u32::MAX` lines or more.
    Dense(Vec<Lead<'a>>),
}

impl<'a> Leads<'a> {
    /// The leads of `lines` lines, one from `leads` per line.
    pub fn new(lines: usize, leads: impl Iterator<Item = Lead<'a>>) -> Leads<'a> {
        if lines >= u32::MAX as usize {
            return Leads(Repr::Dense(leads.collect()));
        }
        let mut slots = Vec::with_capacity(lines);
        let mut items = Blocks::default();
        let mut count = 0usize;
        for lead in leads {
            if matches!(lead, Lead::None) {
                slots.push(0);
            } else {
                items.push(lead);
                count += 1;
                // Fewer leads than lines, and fewer lines than `u32::MAX`
                // (unless `lines` was wrong: then the lead is dropped).
                slots.push(u32::try_from(count).unwrap_or(0));
            }
        }
        Leads(Repr::Sparse { slots, items })
    }

    /// Lines.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Sparse { slots, .. } => slots.len(),
            Repr::Dense(leads) => leads.len(),
        }
    }

    /// The lead of line `i` ([`Lead::None`] past the end).
    pub fn get(&self, i: usize) -> &Lead<'a> {
        let lead = match &self.0 {
            Repr::Sparse { slots, items } => slots
                .get(i)
                .and_then(|&s| (s as usize).checked_sub(1))
                .and_then(|k| items.get(k)),
            Repr::Dense(leads) => leads.get(i),
        };
        lead.unwrap_or(&Lead::None)
    }

    /// The lead of line `i`, taken out (`Lead::None` is left).
    pub fn take(&mut self, i: usize) -> Lead<'a> {
        let lead = match &mut self.0 {
            Repr::Sparse { slots, items } => slots
                .get(i)
                .and_then(|&s| (s as usize).checked_sub(1))
                .and_then(|k| items.get_mut(k)),
            Repr::Dense(leads) => leads.get_mut(i),
        };
        lead.map_or(Lead::None, |l| std::mem::replace(l, Lead::None))
    }

    /// The leads of all lines, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Lead<'a>> + ExactSizeIterator {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// Parses up to `max` ASCII digits at `b[i..]`; no leading zero unless the
/// number is a single `0`. Returns (value, end).
fn digits(b: &[u8], i: usize, max: usize) -> Option<(u32, usize)> {
    let mut j = i;
    let mut v: u32 = 0;
    while j < b.len() && b[j].is_ascii_digit() && j - i < max {
        v = v * 10 + u32::from(b[j] - b'0');
        j += 1;
    }
    if j == i || (j - i > 1 && b[i] == b'0') {
        return None;
    }
    if j < b.len() && b[j].is_ascii_digit() {
        // More digits than allowed: a year, a postcode, an amount.
        return None;
    }
    Some((v, j))
}

fn starts_ws_or_end(s: &str) -> bool {
    s.chars().next().is_none_or(char::is_whitespace)
}

/// Bullet characters that introduce list items.
const BULLETS: [char; 9] = ['•', '-', '–', '—', '*', '·', '▪', '○', '◦'];

/// Classifies the start of a trimmed, non-empty line.
pub(crate) fn lead(t: &str) -> Lead<'_> {
    let b = t.as_bytes();
    let Some(first) = t.chars().next() else {
        return Lead::None;
    };
    if first == '§' {
        return section(t);
    }
    if first == '(' {
        return paren(t).map_or_else(
            || {
                if letter_item(t) {
                    Lead::Bullet
                } else {
                    Lead::None
                }
            },
            |(value, len)| Lead::Paren {
                value,
                marker: t.get(..len).unwrap_or(""),
            },
        );
    }
    if first.is_ascii_digit() {
        return number(t, b);
    }
    if matches!(first, 'A' | 'S' | 'C' | 'Z') {
        if let Some(lead) = article(t) {
            return lead;
        }
    }
    if BULLETS.contains(&first) {
        let rest = t.get(first.len_utf8()..).unwrap_or("");
        if rest.is_empty() || starts_ws_or_end(rest) {
            return Lead::Bullet;
        }
        return Lead::None;
    }
    if letter_item(t) {
        return Lead::Bullet;
    }
    Lead::None
}

/// The letter of a one-letter item `(a)`, `a)` or `a.` at the start of a
/// list line (`lead` gives [`Lead::Bullet`] for it): lettered sub-clauses
/// (`Section 2(a)`) and list items look alike; the chunker tells them
/// apart from the document's numbering.
pub(crate) fn letter(t: &str) -> Option<u8> {
    let b = t.as_bytes();
    let open = usize::from(b.first() == Some(&b'('));
    let c = *b.get(open)?;
    let close = *b.get(open + 1)?;
    let closed = if open == 1 {
        close == b')'
    } else {
        close == b')' || close == b'.'
    };
    (c.is_ascii_lowercase() && closed && t.get(open + 2..).is_some_and(starts_ws_or_end))
        .then_some(c)
}

/// `a)`, `aa)`, `b.` followed by whitespace, or `(a)`, `(iv)`.
fn letter_item(t: &str) -> bool {
    let b = t.as_bytes();
    let open = usize::from(b.first() == Some(&b'('));
    let mut j = open;
    while j < b.len() && b[j].is_ascii_lowercase() && j - open < 4 {
        j += 1;
    }
    if j == open || j >= b.len() {
        return false;
    }
    let close_ok = if open == 1 {
        b[j] == b')'
    } else {
        b[j] == b')' || (b[j] == b'.' && j == 1)
    };
    close_ok && t.get(j + 1..).is_some_and(starts_ws_or_end)
}

/// `(7)`, `(2.)`, `(3a)` at the start of `t`, followed by whitespace or the
/// end. Returns (number, marker length in bytes).
pub(crate) fn paren(t: &str) -> Option<(u32, usize)> {
    let b = t.as_bytes();
    if b.first() != Some(&b'(') {
        return None;
    }
    let (v, mut j) = digits(b, 1, 3)?;
    if j < b.len() && b[j].is_ascii_lowercase() {
        j += 1;
    }
    if j < b.len() && b[j] == b'.' {
        j += 1;
    }
    if j < b.len() && b[j] == b')' {
        j += 1;
        if t.get(j..).is_some_and(starts_ws_or_end) {
            return Some((v, j));
        }
    }
    None
}

fn number<'a>(t: &'a str, b: &[u8]) -> Lead<'a> {
    let Some((v, mut j)) = digits(b, 0, 3) else {
        return Lead::None;
    };
    // `1a.` list items in statutes.
    if j + 1 < b.len() && b[j].is_ascii_lowercase() && (b[j + 1] == b'.' || b[j + 1] == b')') {
        let after = t.get(j + 2..).unwrap_or("");
        if starts_ws_or_end(after) {
            return Lead::Single {
                number: t.get(..j + 1).unwrap_or(""),
                value: v,
                term: Some(char::from(b[j + 1])),
                rest: after.trim_start(),
            };
        }
    }
    let first_end = j;
    let mut parts = 1;
    while j + 1 < b.len() && b[j] == b'.' && b[j + 1].is_ascii_digit() {
        match digits(b, j + 1, 3) {
            Some((_, e)) => {
                j = e;
                parts += 1;
            }
            None => return Lead::None,
        }
    }
    // `2.1(b)`, `5.5(b)(ii)`: a lettered item cited with its clause, as
    // written out for Word's list levels (`src/extract/docx.rs`).
    if parts >= 2 {
        let mut k = j;
        while b.get(k) == Some(&b'(') {
            let inner = b[k + 1..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            if (1..=4).contains(&inner) && b.get(k + 1 + inner) == Some(&b')') {
                k += inner + 2;
            } else {
                break;
            }
        }
        if k > j && starts_ws_or_end(t.get(k..).unwrap_or("")) {
            j = k;
        }
    }
    let num_end = j;
    let term = match b.get(j) {
        Some(b'.') => Some('.'),
        Some(b')') => Some(')'),
        _ => None,
    };
    if term.is_some() {
        j += 1;
    }
    let after = t.get(j..).unwrap_or("");
    let number = t.get(..num_end).unwrap_or("");
    if parts >= 2 {
        // `3.3.:` heads the paragraph after it; `6.2.Widerrufsfolgen` is
        // glued like `13.Vertragssprache`.
        let colon = after.starts_with(':');
        let glued = term == Some('.') && after.chars().next().is_some_and(char::is_uppercase);
        if !starts_ws_or_end(after) && !colon && !glued {
            return Lead::None;
        }
        return Lead::Decimal {
            number,
            first: t.get(..first_end).unwrap_or(""),
            rest: after.trim_start_matches(':').trim_start(),
        };
    }
    match term {
        // A bare number, or `4 NUTZUNG UNSERER WEBSITE`: the caller decides.
        None if starts_ws_or_end(after) => Lead::Single {
            number,
            value: v,
            term: None,
            rest: after.trim_start(),
        },
        None => Lead::None,
        Some(c) => {
            // `13.Vertragssprache` is a heading written without a space.
            let glued = c == '.' && after.chars().next().is_some_and(char::is_uppercase);
            if starts_ws_or_end(after) || glued {
                Lead::Single {
                    number,
                    value: v,
                    term: Some(c),
                    rest: after.trim_start(),
                }
            } else {
                Lead::None
            }
        }
    }
}

/// `Artikel 1: Gegenstand`, `ARTIKEL 2 BEGRIFFE`, `Article 3 – Scope`.
fn article(t: &str) -> Option<Lead<'_>> {
    let word_end = t.find(' ')?;
    let word = t.get(..word_end)?;
    // `Art.` only before a title: `Art. 6 (1) lit. f GDPR is …` cites.
    let keyword = [
        "artikel", "article", "section", "clause", "art.", "ziffer", "ziff.",
    ]
    .iter()
    .find(|w| w.eq_ignore_ascii_case(word))?;
    let rest = t.get(word_end..)?.trim_start();
    // `Ziffer 3 Gewährleistung` heads; `Ziffer 3 gilt entsprechend` cites.
    if matches!(*keyword, "art." | "ziffer" | "ziff.") && !art_heading(rest) {
        return None;
    }
    let keyword = if keyword.starts_with("ziff") {
        &"ziffer"
    } else {
        keyword
    };
    let keyword = if *keyword == "art." {
        &"artikel"
    } else {
        keyword
    };
    let b = rest.as_bytes();
    let (value, j, roman) = match digits(b, 0, 3) {
        Some((v, j)) => (v, j, false),
        // `ARTICLE IV`: roman numbers for articles only.
        None if keyword.starts_with("art") => {
            let j = b
                .iter()
                .take_while(|c| matches!(c, b'I' | b'V' | b'X' | b'L'))
                .count();
            (roman_value(rest.get(..j)?)?, j, true)
        }
        None => return None,
    };
    let tail = rest.get(j..)?;
    // `Section 2.1 Definitions`: a decimal clause number after the keyword.
    if !roman && *keyword != "artikel" && *keyword != "article" {
        if let Some(Lead::Decimal {
            number,
            first,
            rest,
        }) = Some(number(rest, b))
        {
            // `Section 5.2 of the Agreement is amended`: a reference.
            if rest.starts_with(char::is_lowercase) {
                return None;
            }
            return Some(Lead::Decimal {
                number,
                first,
                rest,
            });
        }
    }
    if !tail.is_empty() && !tail.starts_with(|c: char| c.is_whitespace() || "-–—:.".contains(c))
    {
        return None;
    }
    let title = tail.trim_start_matches(|c: char| c.is_whitespace() || "-–—:.".contains(c));
    let number = match *keyword {
        "section" => format!("Section {}", rest.get(..j)?),
        "clause" => format!("Clause {}", rest.get(..j)?),
        "ziffer" => format!("Ziff. {}", rest.get(..j)?),
        _ if roman => format!("Art. {}", rest.get(..j)?),
        _ => format!("Art. {value}"),
    };
    Some(Lead::Section {
        number,
        value,
        rest: title,
    })
}

/// `Art. 3 Lieferung` heads; `Art. 6 (1) lit. f`, `Art. 6 DSGVO regelt …`
/// and `Art. 3 Abs. 2` cite: after the number comes a capitalised title
/// word that is not a law's abbreviation, and no sentence.
fn art_heading(rest: &str) -> bool {
    let mut words = rest.split_whitespace();
    let (Some(num), Some(word)) = (words.next(), words.next()) else {
        return false;
    };
    let law = word.len() <= 6 && word.chars().all(|c| c.is_ascii_uppercase());
    num.starts_with(|c: char| c.is_ascii_digit())
        && word.starts_with(char::is_uppercase)
        && !law
        && !["Abs", "Abs.", "Satz", "Nr.", "lit.", "UAbs."].contains(&word)
        && !rest.contains(". ")
        && !rest.ends_with('.')
}

/// `IV` → 4 (up to `LXXXIX`); `None` for anything that is not a roman number.
fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 7 {
        return None;
    }
    let mut total = 0u32;
    let mut prev = 0u32;
    for c in s.bytes().rev() {
        let v = match c {
            b'I' => 1,
            b'V' => 5,
            b'X' => 10,
            b'L' => 50,
            _ => return None,
        };
        if v < prev {
            total = total.checked_sub(v)?;
        } else {
            total += v;
            prev = v;
        }
    }
    Some(total)
}

fn section(t: &str) -> Lead<'_> {
    let mut rest = t.get('§'.len_utf8()..).unwrap_or("");
    if rest.starts_with('§') {
        return Lead::None;
    }
    rest = rest.trim_start();
    for word in ["Section ", "section ", "Paragraph ", "Art. "] {
        if let Some(r) = rest.strip_prefix(word) {
            rest = r.trim_start();
        }
    }
    let b = rest.as_bytes();
    let Some((value, mut j)) = digits(b, 0, 4) else {
        return Lead::None;
    };
    if j < b.len()
        && b[j].is_ascii_lowercase()
        && !b.get(j + 1).is_some_and(u8::is_ascii_alphabetic)
    {
        j += 1;
    }
    let num = rest.get(..j).unwrap_or("");
    let tail = rest.get(j..).unwrap_or("");
    if !tail.is_empty() && !tail.starts_with(|c: char| c.is_whitespace() || "-–—:.".contains(c))
    {
        return Lead::None;
    }
    let title = tail.trim_start_matches(|c: char| c.is_whitespace() || "-–—:.".contains(c));
    Lead::Section {
        number: format!("§ {num}"),
        value,
        rest: title,
    }
}

/// Finds the next inline paragraph marker `(expect)` or `(expect.)` in
/// `t[from..]` that starts a new clause: it follows the end of a sentence
/// (not an abbreviation such as `para.` or `Art.`) and is followed by a
/// capitalised word. Returns (byte offset, marker length).
pub(crate) fn next_inline(t: &str, from: usize, expect: u32) -> Option<(usize, usize)> {
    let b = t.as_bytes();
    let mut i = from;
    while i < b.len() {
        let p = i + memchr_paren(b.get(i..)?)?;
        i = p + 1;
        let Some((v, len)) = t.get(p..).and_then(paren) else {
            continue;
        };
        if v != expect {
            continue;
        }
        let before = t.get(..p).unwrap_or("");
        if !before.ends_with(char::is_whitespace) || !sentence_end(before.trim_end()) {
            continue;
        }
        let after = t.get(p + len..).unwrap_or("").trim_start();
        if after
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"„“”'‚‘".contains(c))
        {
            return Some((p, len));
        }
    }
    None
}

fn memchr_paren(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'(')
}

/// Abbreviations after which a `(n)` is a citation, not a new clause.
const ABBREVIATIONS: [&str; 16] = [
    "para", "paras", "abs", "art", "nr", "no", "sec", "ziff", "lit", "vgl", "gem", "bzw", "cf",
    "ca", "s", "sect",
];

fn sentence_end(before: &str) -> bool {
    let Some(last) = before.chars().next_back() else {
        return false;
    };
    if last != '.' {
        return "!?;\"”“’'".contains(last);
    }
    let stem = before.get(..before.len() - 1).unwrap_or("");
    let word_start = stem
        .rfind(|c: char| !c.is_alphabetic())
        .map_or(0, |k| k + 1);
    let word = stem.get(word_start..).unwrap_or("");
    if word.is_empty() {
        // `5.1.` or `etc.)` style endings: still a sentence end.
        return true;
    }
    let n = word.chars().count();
    !(n == 1 || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sparse leads are the leads of every line: by index, in order,
    /// and taken out once.
    #[test]
    fn sparse_leads_are_every_lines_lead() {
        let text = [
            "§ 1 Scope",
            "",
            "(1) Text",
            "plain",
            "2.1 Clause",
            "- item",
            "",
            "4",
        ];
        let dense: Vec<Lead> = text
            .iter()
            .map(|t| if t.is_empty() { Lead::None } else { lead(t) })
            .collect();
        let mut leads = Leads::new(text.len(), dense.clone().into_iter());
        assert!(matches!(leads.0, Repr::Sparse { .. }));
        assert_eq!(leads.len(), text.len());
        assert_eq!(leads.iter().cloned().collect::<Vec<_>>(), dense);
        assert_eq!(leads.iter().rev().count(), text.len());
        for (i, want) in dense.iter().enumerate() {
            assert_eq!(leads.get(i), want);
        }
        assert_eq!(leads.get(text.len()), &Lead::None);
        assert_eq!(leads.take(2), dense[2]);
        assert_eq!(leads.take(2), Lead::None);
        assert_eq!(leads.get(2), &Lead::None);
        assert_eq!(leads.get(4), &dense[4]);
        assert_eq!(leads.take(99), Lead::None);
    }

    #[test]
    fn leads() {
        assert_eq!(
            lead("(7) The place"),
            Lead::Paren {
                value: 7,
                marker: "(7)"
            }
        );
        assert_eq!(
            lead("(2.) For all"),
            Lead::Paren {
                value: 2,
                marker: "(2.)"
            }
        );
        assert_eq!(
            lead("2.8. If we"),
            Lead::Decimal {
                number: "2.8",
                first: "2",
                rest: "If we"
            }
        );
        assert_eq!(lead("06.08.2023 x"), Lead::None);
        assert_eq!(
            lead("1) Scope"),
            Lead::Single {
                number: "1",
                value: 1,
                term: Some(')'),
                rest: "Scope"
            }
        );
        assert_eq!(
            lead("4"),
            Lead::Single {
                number: "4",
                value: 4,
                term: None,
                rest: ""
            }
        );
        assert_eq!(lead("2019 war"), Lead::None);
        assert_eq!(
            lead("12 Monate"),
            Lead::Single {
                number: "12",
                value: 12,
                term: None,
                rest: "Monate"
            }
        );
        assert_eq!(lead("23-1 Service GmbH"), Lead::None);
        assert_eq!(
            lead("1a. (Zahlungsfrist)"),
            Lead::Single {
                number: "1a",
                value: 1,
                term: Some('.'),
                rest: "(Zahlungsfrist)"
            }
        );
        assert_eq!(lead("a) in Verträge"), Lead::Bullet);
        assert!(matches!(
            lead("2.1(b) Use of the Product"),
            Lead::Decimal {
                number: "2.1(b)",
                first: "2",
                rest: "Use of the Product"
            }
        ));
        assert!(matches!(
            lead("2.1(b)x"),
            Lead::None | Lead::Decimal { number: "2.1", .. }
        ));
        assert_eq!(lead("(iv) if"), Lead::Bullet);
        assert_eq!(letter("(a) License grant."), Some(b'a'));
        assert_eq!(letter("b. Other rights"), Some(b'b'));
        assert_eq!(letter("c) Gerichtsstand"), Some(b'c'));
        assert_eq!(letter("(iv) if"), None);
        assert_eq!(letter("aa) Lieferung"), None);
        assert_eq!(letter("(a)x"), None);
        assert_eq!(lead("(Culpable) violations"), Lead::None);
        assert_eq!(lead("- by e-mail"), Lead::Bullet);
        assert_eq!(lead("-5 Grad"), Lead::None);
        assert_eq!(
            lead("§ Section 27 Contractual penalty"),
            Lead::Section {
                number: "§ 27".into(),
                value: 27,
                rest: "Contractual penalty"
            }
        );
        assert_eq!(
            lead("§1 - GELTUNGSBEREICH"),
            Lead::Section {
                number: "§ 1".into(),
                value: 1,
                rest: "GELTUNGSBEREICH"
            }
        );
        assert_eq!(lead("§§ 305 ff."), Lead::None);
        assert_eq!(
            lead("Artikel 2: Anwendungsbereich"),
            Lead::Section {
                number: "Art. 2".into(),
                value: 2,
                rest: "Anwendungsbereich"
            }
        );
        assert_eq!(lead("Art. 6 (1) lit. f GDPR is the basis."), Lead::None);
    }

    #[test]
    fn inline_markers() {
        let t = "(1.) CMS reserves all rights. (2.) For all legal relationships";
        assert_eq!(next_inline(t, 4, 2), Some((30, 4)));
        let t = "(1) see Art. 6 (1) point f GDPR. (2) Next";
        assert_eq!(next_inline(t, 3, 2), t.find("(2)").map(|p| (p, 3)));
        assert_eq!(
            next_inline("(1) see Art. 6 (1) lit. f. (2) Next", 3, 2),
            None
        );
        assert_eq!(next_inline("(1) see para. (2) Below", 3, 2), None);
        assert_eq!(
            next_inline("(1) for six (2) weeks. (2) Next", 3, 2),
            Some((23, 3))
        );
    }
}
