//! Statute citations: finds references such as `§ 307 BGB` or `Art. 6 (1) lit. f DSGVO`
//! in text and normalises them. Pure.
//!
//! # What is recognised
//!
//! A citation is a *chain*: a trigger (`§`, `§§`, `Art.`, `Artikel`, `Article`, `Section`,
//! `Sec.`, `Paragraph`; repeated triggers such as `§ Section 321` count once), one or more
//! section numbers with their subdivisions, joined by separators (`,`, `and`, `und`, `or`,
//! `sowie`, `i.V.m.`, `in conjunction with`, ranges `to`/`bis`/`-`), and then the statute:
//!
//! | text | norms |
//! |---|---|
//! | `§ 321 BGB`, `Section 321 of the German Civil Code (BGB)`, `§ Section 321 BGB` | `bgb 321` |
//! | `§§ 366 para. 2 and 367 BGB` | `bgb 366 abs2`, `bgb 367` |
//! | `Art. 6 (1) point f GDPR`, `Art. 6 Abs. 1 lit. f DSGVO` | `dsgvo 6 abs1 litf` |
//! | `Section 634a Para. 1 No. 1 and 2 BGB` | `bgb 634a abs1 nr1`, `bgb 634a abs1 nr2` |
//! | `§ 536 a para. 1 1st alt. BGB` | `bgb 536a abs1` |
//! | `Sections 305 to 310 BGB` | `bgb 305` … `bgb 310` |
//! | `§ 307 I 1 BGB` | `bgb 307 abs1 satz1` |
//! | `BGB § 307` | `bgb 307` |
//!
//! * **Statutes** are named by abbreviation (`BGB`, `DS-GVO`, `GDPR`, `ProdHaftG`), full
//!   German or English name (`Bürgerliches Gesetzbuch`, `German Commercial Code`,
//!   `Produkthaftungsgesetzes`), or EU regulation number (`Regulation (EU) 2016/679` is
//!   `dsgvo`; unknown numbers become `eu-864-2007`-style keys). Fillers such as `of the
//!   German` may stand in between. `TTDSG` was renamed `TDDDG` with the same numbering, so
//!   both are `tdddg`. See [`law_key`].
//! * **Subdivisions** carry a type tag so that `§ 5 Abs. 2` and `§ 5 Nr. 2` stay apart:
//!   `abs` (Abs., para., paragraph, subsection, `(1)`, Roman `I`), `uabs` (UAbs.,
//!   subparagraph), `satz` (S., Satz, sentence, `1st sentence`, Arabic after a Roman
//!   paragraph), `hs` (Hs., Halbsatz), `nr` (Nr., No., number, Ziff., `point 7`, a second
//!   parenthesised number), `lit` (lit., letter, Buchst., `point f`, `(f)`), `sub` (`(ii)`
//!   after a letter). The tag and value are joined: `abs1`, `litf`.
//! * `ff.`, `f.` and alternatives (`1st alt.`, `Alt. 2`, `Var. 1`) are read and dropped.
//! * After a separator, a bare value continues the last subdivision when the chain has a
//!   singular trigger (`No. 1 and 2`); with a plural trigger (`§§`, `Sections`) it is a new
//!   section (`§§ 366 para. 2 and 367`).
//!
//! A chain without a statute name (`Subject to § 6`, `this §12`, `§ 9 of these Terms`) is an
//! internal reference to the document itself and is **not** emitted by [`extract`]. Foreign
//! statutes (`Artikel L221-28 des französischen Verbrauchergesetzbuches`) are not emitted
//! either.
//!
//! Inside a statute, that same internal reference is to the statute: [`extract_in`] with the
//! statute's [`Own`] key cites it (`§ 307 Abs. 1` in the BGB is `bgb 307 abs1`), when the
//! chain is of the statute's kind (`§` for the BGB, `Art.` for the GG) and is not followed by
//! another law's name (`§ 5 NeuG`, `§ 5 des Gesetzes über …`). `Absatz 2` alone is the
//! paragraph of the text's own section when that is safe (see [`find_in`]).
//!
//! # Keys and containment
//!
//! [`Norm::keys`] lists the law and number, then the number with every order-preserving
//! subset of the subdivisions (never the law alone: a law is not a norm). Index every key
//! of a clause's norms and query with [`Norm::key`]: `Art. 6 DSGVO` (`dsgvo 6`) finds
//! `Art. 6 (1) point f GDPR`, and `Art. 6 lit. f DSGVO` (`dsgvo 6 litf`) finds
//! `Art. 6 Abs. 1 S. 1 lit. f DSGVO`. The other way round, [`Norm::ancestors`] are the
//! norms that contain a norm (`dsgvo 6` contains `dsgvo 6 abs1 litf`): query them against
//! the most specific keys of clauses, and a clause citing `Art. 6 DSGVO` answers a query
//! for `Art. 6 Abs. 1 DSGVO` too. A range (`§§ 305 bis 310`) is each of its members.

//!
//! # Cost
//!
//! [`extract`] runs on every clause at index time. Candidates are located by one regex
//! whose literal prefixes (`§`, `Art`, `Sec`, `Par`, …) the regex engine scans for with a
//! SIMD prefilter, so text without a trigger costs a single pass and no allocation; the
//! hand-written chain reader only runs at a trigger. About 16 MB/s in a debug build on
//! the English CUAD contracts and the German AGB together.

mod laws;
mod scan;

pub use laws::law_key;

use serde::Serialize;
use std::fmt;

/// The type of a subdivision of a section or article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Paragraph: `Abs. 1`, `para. 1`, `(1)`, `I`.
    Abs,
    /// Subparagraph of EU law: `UAbs. 2`, `subparagraph 2`.
    Uabs,
    /// Sentence: `S. 1`, `Satz 1`, `sentence 1`.
    Satz,
    /// Half-sentence: `Hs. 2`.
    Hs,
    /// Number: `Nr. 2`, `No. 2`, `point 7`.
    Nr,
    /// Letter: `lit. f`, `point f`, `(f)`.
    Lit,
    /// Sub-point: `(ii)` after a letter.
    Sub,
}

impl Kind {
    /// The tag that prefixes the value in [`Norm::parts`].
    pub fn tag(self) -> &'static str {
        match self {
            Kind::Abs => "abs",
            Kind::Uabs => "uabs",
            Kind::Satz => "satz",
            Kind::Hs => "hs",
            Kind::Nr => "nr",
            Kind::Lit => "lit",
            Kind::Sub => "sub",
        }
    }

    /// The depth of the subdivision in a section: paragraph, subparagraph,
    /// sentence, number, letter, sub-point. A half-sentence belongs to
    /// whatever it follows (`Satz 1 Nummer 2, 1. Halbsatz` is a half of
    /// number 2), so it counts as the deepest and drops nothing.
    pub(crate) fn level(self) -> u8 {
        match self {
            Kind::Abs => 0,
            Kind::Uabs => 1,
            Kind::Satz => 2,
            Kind::Nr => 3,
            Kind::Lit => 4,
            Kind::Sub => 5,
            Kind::Hs => 6,
        }
    }

    /// How the subdivision is written in German citations.
    fn label(self) -> &'static str {
        match self {
            Kind::Abs => "Abs.",
            Kind::Uabs => "UAbs.",
            Kind::Satz => "S.",
            Kind::Hs => "Hs.",
            Kind::Nr => "Nr.",
            Kind::Lit => "lit.",
            Kind::Sub => "Ziff.",
        }
    }

    /// Splits a tagged part (`abs1`, `litf`) into its kind and value.
    pub fn split(part: &str) -> Option<(Kind, &str)> {
        // Longest tags first: `uabs` before `abs`.
        [
            Kind::Uabs,
            Kind::Abs,
            Kind::Satz,
            Kind::Hs,
            Kind::Nr,
            Kind::Lit,
            Kind::Sub,
        ]
        .into_iter()
        .find_map(|k| {
            part.strip_prefix(k.tag())
                .filter(|v| !v.is_empty())
                .map(|v| (k, v))
        })
    }
}

/// A normalised statute reference.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Norm {
    /// Canonical lowercase law abbreviation, e.g. `bgb`, `dsgvo`.
    pub law: String,
    /// Section or article number, lowercase, e.g. `536a`.
    pub number: String,
    /// Subdivisions in order, each a type tag and a value: `abs1` (Abs., para., `(1)`),
    /// `satz1` (S., sentence), `nr2` (Nr., No.), `litf` (lit., point, letter); see [`Kind`].
    pub parts: Vec<String>,
}

/// At most this many subdivisions take part in key subsets (2^6 = 64 keys).
const MAX_KEY_PARTS: usize = 6;

impl Norm {
    /// Every key under which this reference is indexed, from the least to the most
    /// specific: `bgb 536a`, `bgb 536a abs1`, … with every order-preserving subset
    /// of [`Norm::parts`] (`dsgvo 6 litf` for `dsgvo 6 abs1 litf`). A query for a less
    /// specific key therefore finds all more specific references (containment). The last
    /// key is [`Norm::key`].
    pub fn keys(&self) -> Vec<String> {
        let base = format!("{} {}", self.law, self.number);
        let parts = &self.parts[..self.parts.len().min(MAX_KEY_PARTS)];
        let n = parts.len();
        let mut masks: Vec<u32> = (1..(1u32 << n)).collect();
        // Fewer parts first; among equals, earlier parts first.
        masks.sort_by_key(|m| (m.count_ones(), std::cmp::Reverse(m.reverse_bits())));
        let mut out = Vec::with_capacity(masks.len() + 1);
        out.push(base.clone());
        for m in masks {
            let mut key = base.clone();
            for (i, p) in parts.iter().enumerate() {
                if m & (1 << i) != 0 {
                    key.push(' ');
                    key.push_str(p);
                }
            }
            out.push(key);
        }
        out
    }

    /// The keys of the norms that strictly contain this one, the largest first:
    /// `dsgvo 6`, `dsgvo 6 abs1` for `dsgvo 6 abs1 litf`; none for a whole section.
    pub fn ancestors(&self) -> Vec<String> {
        let mut key = format!("{} {}", self.law, self.number);
        let mut out = Vec::with_capacity(self.parts.len());
        for p in &self.parts {
            out.push(key.clone());
            key.push(' ');
            key.push_str(p);
        }
        out
    }

    /// A norm from its [`Norm::key`] (`bgb 307 abs1`); `None` for a key
    /// without a number.
    pub fn from_key(key: &str) -> Option<Norm> {
        let mut words = key.split(' ').filter(|w| !w.is_empty());
        let law = words.next()?.to_string();
        let number = words.next()?.to_string();
        Some(Norm {
            law,
            number,
            parts: words.map(str::to_string).collect(),
        })
    }

    /// The most specific key: law, number and all subdivisions (`dsgvo 6 abs1 litf`).
    /// This is the key to search for.
    pub fn key(&self) -> String {
        let mut key = format!("{} {}", self.law, self.number);
        for p in &self.parts {
            key.push(' ');
            key.push_str(p);
        }
        key
    }
}

impl fmt::Display for Norm {
    /// German citation form: `§ 536a Abs. 1 BGB`, `Art. 6 Abs. 1 lit. f DSGVO`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let info = scan::law_info(&self.law);
        let article = info.is_some_and(|l| l.article) || self.law.starts_with("eu-");
        write!(f, "{} {}", if article { "Art." } else { "§" }, self.number)?;
        for p in &self.parts {
            match Kind::split(p) {
                Some((k, v)) => write!(f, " {} {}", k.label(), v)?,
                None => write!(f, " {p}")?,
            }
        }
        match info {
            Some(l) => write!(f, " {}", l.display),
            None => write!(f, " {}", self.law.to_uppercase()),
        }
    }
}

/// A citation found in text: its norms and the byte span of the whole chain
/// (trigger to statute name), e.g. for highlighting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The references of the chain, in order.
    pub norms: Vec<Norm>,
    /// Byte offset where the chain starts.
    pub start: usize,
    /// Byte offset where the chain ends (exclusive).
    pub end: usize,
}

/// The statute a text is part of: its references that name no statute are
/// to this one. See [`find_in`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Own<'a> {
    /// The statute's key: one [`law_key`] gives (`bgb`, `gg`), or the
    /// lowercased abbreviation of a statute klausel does not know (`stug`).
    pub law: &'a str,
    /// The number of the section or article the text is in (`307`, `6`,
    /// `536a`), for paragraphs named alone (`Absatz 2`); `None` when the
    /// text is in none.
    pub section: Option<&'a str>,
    /// Whether a statute klausel does not know is cited by article (`Art.
    /// 6`) rather than by section; a known law's own kind wins.
    pub article: bool,
}

/// Finds every citation chain in `text` that names a statute, in order.
pub fn find(text: &str) -> Vec<Found> {
    find_in(text, None)
}

/// Finds every citation chain in `text`, in order: those that name a
/// statute, and, when `own` is given, those that name none and are of the
/// statute's kind (`§ 307 Abs. 1` in a statute of sections, `Art. 6` in one
/// of articles), which cite `own.law`. A chain followed by an abbreviation
/// klausel does not know (`§ 5 NeuG`) or by a genitive naming an instrument
/// (`§ 5 des Gesetzes über …`, `Artikel 2 der Richtlinie …`) cites nothing.
/// With `own.section`, a paragraph named alone (`nach Absatz 2`, `die
/// Absätze 1 und 2`, `Absatz 1 Satz 2`) is that section's, unless it follows
/// anything but a lowercase word or a clause mark or is followed by a
/// genitive, a trigger or a statute (`Absatz 2 des § 5`): those are left out
/// as not safely the own section's. `find_in(text, None)` is [`find`]. Pure.
pub fn find_in(text: &str, own: Option<Own>) -> Vec<Found> {
    find_with(text, own, None)
}

/// [`find_in`], and with `statute`, chains followed by an abbreviation
/// klausel does not know that `statute` says is a statute's (see
/// [`parse_query_with`]).
fn find_with(text: &str, own: Option<Own>, statute: Option<&dyn Fn(&str) -> bool>) -> Vec<Found> {
    let law = own
        .filter(|o| !o.law.is_empty())
        .map(|o| match laws::by_key(o.law) {
            Some(l) => scan::OwnLaw {
                key: l.key,
                article: l.article,
            },
            None => scan::OwnLaw {
                key: o.law,
                article: o.article,
            },
        });
    let mut out = Vec::new();
    let mut pos = 0;
    for m in scan::trigger_regex().find_iter(text) {
        if m.start() < pos {
            continue;
        }
        if let Some(chain) = scan::chain(text, m.start(), law, statute) {
            pos = chain.end;
            out.push(Found {
                norms: chain.norms,
                start: chain.start,
                end: chain.end,
            });
        }
    }
    let section = own.and_then(|o| o.section).filter(|s| is_section_number(s));
    if let (Some(law), Some(section)) = (law, section) {
        let taken: Vec<(usize, usize)> = out.iter().map(|f| (f.start, f.end)).collect();
        out.extend(
            scan::paragraphs(text, law, section, &taken)
                .into_iter()
                .map(|c| Found {
                    norms: c.norms,
                    start: c.start,
                    end: c.end,
                }),
        );
        out.sort_by_key(|f| f.start);
    }
    out
}

/// A section or article number as [`Norm::number`] holds it: digits and at
/// most two lowercase letters (`307`, `536a`).
fn is_section_number(s: &str) -> bool {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    (1..=6).contains(&digits)
        && s.len() - digits <= 2
        && s.bytes().skip(digits).all(|b| b.is_ascii_lowercase())
}

/// Whether `word` has the shape of a German statute's abbreviation that
/// klausel may not know (`StUG`, `GewO`, `SchaumwZwStV`, `CO2KostAufG`):
/// letters and digits, starting with a capital, at least two capitals, at
/// most 24 characters.
/// Such a word names a statute only where the statute is known otherwise:
/// a file of gesetze-im-internet.de named after it, or a query over an
/// index that holds that statute.
pub fn statute_abbreviation(word: &str) -> bool {
    let letters = word.chars().count();
    word.chars().next().is_some_and(char::is_uppercase)
        && (2..=24).contains(&letters)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || c.is_ascii_digit())
        && word.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// Whether `text` may hold a citation: false means [`extract`] and
/// [`find`] find none in it (no `§`, no `art`, `sec` or `par` in any case).
/// Cheaper than the first [`extract`] of a process, which compiles the
/// trigger regex: query code asks first. Pure.
pub fn may_cite(text: &str) -> bool {
    scan::may_trigger(text)
}

/// Extracts every statute reference in `text`, each once, in order of first appearance.
/// Internal references without a statute name are left out.
pub fn extract(text: &str) -> Vec<Norm> {
    extract_in(text, None)
}

/// [`extract`] for a text that is part of the statute `own` (see
/// [`find_in`]): references that name no statute cite it. Each norm once,
/// in order of first appearance. `extract_in(text, None)` is [`extract`]. Pure.
pub fn extract_in(text: &str, own: Option<Own>) -> Vec<Norm> {
    let mut out: Vec<Norm> = Vec::new();
    for found in find_in(text, own) {
        for norm in found.norms {
            if !out.contains(&norm) {
                out.push(norm);
            }
        }
    }
    out
}

/// Words that may stand between citations of a query (`§ 305 BGB i.V.m. § 307 BGB`).
const QUERY_GLUE: &[&str] = &[
    ",", ";", "and", "und", "or", "oder", "sowie", "i.v.m.", "ivm", "&", "/", "+",
];

/// If `query` consists of statute references only (`§ 307 BGB`, `Art. 17 DSGVO`,
/// `§§ 305, 307 BGB`, or the bare `bgb 305`), returns them; `None` for anything else.
pub fn parse_query(query: &str) -> Option<Vec<Norm>> {
    parse_query_with(query, &|_| false)
}

/// [`parse_query`], where an abbreviation klausel does not know also names
/// a statute when `statute` says so for its lowercased form (`§ 42a NeuG`
/// is `neug 42a` when the index holds a statute keyed `neug`; see
/// [`statute_abbreviation`]). Pure: the caller decides what is a statute.
pub fn parse_query_with(query: &str, statute: &dyn Fn(&str) -> bool) -> Option<Vec<Norm>> {
    let found = if may_cite(query) {
        find_with(query, None, Some(statute))
    } else {
        Vec::new()
    };
    if found.is_empty() {
        return bare(query, statute).map(|n| vec![n]);
    }
    let mut last = 0;
    let mut norms = Vec::new();
    for f in &found {
        if !is_glue(query.get(last..f.start)?) {
            return None;
        }
        last = f.end;
        norms.extend(f.norms.iter().cloned());
    }
    if !is_glue(query.get(last..)?) {
        return None;
    }
    Some(norms)
}

fn is_glue(s: &str) -> bool {
    s.split_whitespace().all(|w| {
        let w = w.to_lowercase();
        QUERY_GLUE.contains(&w.as_str()) || w.chars().all(|c| !c.is_alphanumeric())
    })
}

/// `bgb 305`, `DSGVO 6`: a statute abbreviation followed by a number, nothing else.
fn bare(query: &str, statute: &dyn Fn(&str) -> bool) -> Option<Norm> {
    let mut words = query.split_whitespace();
    let first = words.next()?;
    // The shape first: the law lookups below are for two-word queries only.
    let number = words.next()?.to_lowercase();
    if words.next().is_some() || !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let law = match law_key(first) {
        Some(law) => law.to_string(),
        None => match laws::federal_key_any_case(first) {
            Some(key) => key,
            None => {
                let key = first.to_lowercase();
                (statute_abbreviation(first) && statute(&key)).then_some(key)?
            }
        },
    };
    let digits = number.bytes().take_while(u8::is_ascii_digit).count();
    let suffix = number.get(digits..)?;
    if digits > 6 || suffix.len() > 2 || !suffix.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    Some(Norm {
        law,
        number,
        parts: Vec::new(),
    })
}

#[cfg(test)]
mod tests;
