//! The clause chunker: splits a document's text into documents, headings
//! and clause records.
//!
//! Pure: no I/O. Total: any input, including random bytes decoded lossily,
//! yields a (possibly empty) [`Chunked`] and never panics. Linear: every line
//! is looked at a bounded number of times.
//!
//! # Invariants
//! - Every non-whitespace character of the input lies in exactly one
//!   [`Clause`], [`Heading`] or [`Furniture`] byte range.
//! - Clauses and headings are in document order, their byte ranges lie on
//!   char boundaries and do not overlap, their line numbers lie in the file.
//!
//! # What is a record
//! - A numbered clause: `13.2 …`, `2.8. …`, `(7) …`, `(2.) …`, a long
//!   `1. …` or `§ 5 …` line that carries a body. Continuation lines, later
//!   unnumbered paragraphs, bullet items (`•`, `-`, `a)`) and numbered list
//!   items inside a `(n)` paragraph belong to it, until the next heading or
//!   clause number.
//! - Several paragraphs on one line (`(1.) … (2.) … (3.) …`) are split into
//!   one record each when the next number follows the end of a sentence and
//!   opens a capitalised word; citations such as `Art. 6 (1) point f` or
//!   `para. (2)` are not split.
//! - An unnumbered paragraph: a blank-line separated block when the file
//!   separates paragraphs with blank lines (hard-wrapped lines are joined),
//!   otherwise one line. A run of short lines (an address block, a price
//!   table) is one record.
//!
//! # Numbers and labels
//! - `section` is the enclosing section: `§ 23` for `§` headings (also
//!   `§1`, `§ Section 27`), the first number of a decimal clause (`13` for
//!   `13.2`), or the number of a `1.`/`1)` heading.
//! - `clause` is `(7)` or `(2.)` as written for paragraph markers; the
//!   decimal number without a trailing dot for decimal clauses (`2.8.` gives
//!   `2.8`); `(n)` for an `n)` (or an `n.` that continues a `(n-1)`) and
//!   `n.` for another `n.` clause inside a `§` section; `Nr. 7` for the
//!   numbered items of a statute section without paragraphs (`§ 309 Nr. 7`).
//! - `label` is `§ 23 (7)` for paragraphs in a section, the decimal number
//!   (`13.2`) for decimal clauses, the section (`§ 29`, `10`) for a paragraph
//!   with no number of its own under a numbered heading, and empty otherwise.
//!
//! # Headings
//! Decided from the whole document's numbering, not the line alone.
//! Numbered headings: `§ 1 Scope`, `§13 <long title>` over `13.1`, `1.
//! Scope, general`, `17. Severability.` over `17.1`, `1) Heading`, `Artikel
//! 2: Title`, `Art. 3 Lieferung`, `ARTICLE IV`, `Section 3.`, `Clause 4`;
//! `1 Geltungsbereich` when the document numbers `1.1` under it (or numbers
//! its sections so), a bare `4` or `4 TITLE` when it continues the numbering
//! (a bare number between its own section's clauses, centred, at a page end
//! or next to a running footer is a page number); `3. Vertragssprache` after
//! `§ 5 (2)` when the document's sections are `N. Title` over `N.x`; roman
//! parts `II. TITLE`, which numbered sections nest below; breadcrumbs
//! `4. Verfügbarkeit/4.1. Besondere …`, numbered by their deepest part
//! (`4.1`); decimal headings `11.2 TITLE` standing alone over paragraphs; and
//! a number-only line whose title is on the next line (`ARTICLE 5` /
//! `GOVERNING LAW`). Markdown headings (`#### § 305 Title`, `# § 305 –
//! Title`, `# Art I`), unnumbered short title lines followed by a paragraph
//! (`Cookie Settings`, `A. Widerrufsbelehrung`, ALL-CAPS lines) and lines
//! ending with `:` standing alone over a paragraph (`Alternative
//! Streitbeilegung:`) are headings too.
//! A document's title line (its first line when it names a document, or a
//! known title such as `Data Protection Declaration`) is a level-0 heading
//! that is not part of the heading path. Unnumbered headings inside a
//! numbered section are nested one level below it.
//!
//! # Page furniture
//! Page markers (`Page 2 of 4`, `Seite 2 von 5`, `- 3 -`), bare page
//! numbers, running titles repeated on every page and contents pages are
//! [`Furniture`]: they keep their place in the text but belong to no record
//! or heading; a record they interrupt continues under the same number.
//!
//! # Documents
//! A new document starts at a known document title after clauses, at a
//! pandoc title block (`% Title` over `% Date`) in a file that opens with
//! one (statutes concatenated into one file), at a numbering restart (`1) …` after higher sections), at a `©` line, and at
//! an address block followed by imprint cues (register court, managing
//! director). Its kind comes from its title, else from cue words.

mod furniture;
pub(crate) mod kind;
mod marker;

use crate::model::{Chunked, Clause, DocKind, Furniture, FurnitureKind, Heading, SubDocument};
use marker::{Lead, Leads};
use std::ops::Range;

/// Splits `text` into documents, headings and clause records.
///
/// ```
/// let text = "§ 1 Scope\n(1) These terms apply. (2) Nothing else applies.\n";
/// let chunked = klausel::chunk::chunk(text);
/// let labels: Vec<&str> = chunked.clauses.iter().map(|c| c.label.as_str()).collect();
/// assert_eq!(labels, ["§ 1 (1)", "§ 1 (2)"]);
/// assert_eq!(chunked.headings[0].title, "Scope");
/// ```
pub fn chunk(text: &str) -> Chunked {
    chunk_raw(text, None).into_chunked()
}

/// What the chunker found, as it holds it: [`chunk`]'s result with each
/// clause's heading path kept once per heading (a node of
/// [`Raw::path_nodes`]) and its label made when asked for. A huge file's
/// clauses held this way take a fraction of the memory of [`Chunked`]'s,
/// where every clause owns a copy of its heading path and label
/// (issue 19).
#[derive(Debug, Default)]
pub(crate) struct Raw {
    /// As [`Chunked::documents`].
    pub documents: Vec<SubDocument>,
    /// As [`Chunked::clauses`], in the same order.
    pub clauses: Blocks<RawClause>,
    /// As [`Chunked::headings`].
    pub headings: Vec<Heading>,
    /// As [`Chunked::furniture`].
    pub furniture: Vec<Furniture>,
    /// The heading path entries: one per heading pushed onto the path,
    /// each pointing at the entry below it.
    pub path_nodes: Vec<PathNode>,
}

/// A sequence kept in blocks of at most [`Blocks::BLOCK`] items. Taken by
/// value, each block is freed once its last item has been taken: a huge
/// file's clauses shrink while its records are made and go to the index
/// writer, instead of being held whole until the last record (issue 19).
#[derive(Debug)]
pub(crate) struct Blocks<T> {
    blocks: Vec<Vec<T>>,
}

impl<T> Default for Blocks<T> {
    fn default() -> Self {
        Blocks { blocks: Vec::new() }
    }
}

impl<T> Blocks<T> {
    /// Items per block: 4096 clauses are ≈ 400 kB.
    const BLOCK: usize = 4096;

    /// Appends `item`.
    pub fn push(&mut self, item: T) {
        match self.blocks.last_mut() {
            Some(block) if block.len() < Self::BLOCK => block.push(item),
            // The first block grows as a Vec does (a small file's clauses
            // take what they need); later ones are made whole.
            Some(_) => {
                let mut block = Vec::with_capacity(Self::BLOCK);
                block.push(item);
                self.blocks.push(block);
            }
            None => self.blocks.push(vec![item]),
        }
    }

    /// No items.
    pub fn is_empty(&self) -> bool {
        self.blocks.iter().all(Vec::is_empty)
    }

    /// Item `k` (every block but the last is full).
    pub fn get(&self, k: usize) -> Option<&T> {
        self.blocks.get(k / Self::BLOCK)?.get(k % Self::BLOCK)
    }

    /// Item `k`, to change.
    pub fn get_mut(&mut self, k: usize) -> Option<&mut T> {
        self.blocks
            .get_mut(k / Self::BLOCK)?
            .get_mut(k % Self::BLOCK)
    }

    /// The items in order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.blocks.iter().flatten()
    }
}

impl<T> IntoIterator for Blocks<T> {
    type Item = T;
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Vec<T>>>;

    /// The items in order; each block's memory is freed when the iterator
    /// moves past it.
    fn into_iter(self) -> Self::IntoIter {
        self.blocks.into_iter().flatten()
    }
}

/// One entry of a heading path: its title and the entry above it.
#[derive(Debug)]
pub(crate) struct PathNode {
    /// The entry of the enclosing heading; always an earlier node.
    parent: Option<usize>,
    title: String,
}

/// A [`Clause`] as [`Raw`] holds it.
#[derive(Debug)]
pub(crate) struct RawClause {
    pub doc: usize,
    /// Boxed: no spare capacity, 8 bytes less than a `String`.
    pub section: Option<Box<str>>,
    pub clause: Option<Box<str>>,
    /// The innermost entry of the clause's heading path (`None`: empty).
    pub path: Option<usize>,
    pub line_start: usize,
    pub line_end: usize,
    pub bytes: Range<usize>,
}

impl RawClause {
    /// [`Clause::label`].
    pub fn label(&self) -> String {
        label(self.section.as_deref(), self.clause.as_deref())
    }
}

/// The heading path ending at `node`, outermost first, as
/// [`Clause::heading_path`].
pub(crate) fn heading_path(nodes: &[PathNode], node: Option<usize>) -> Vec<String> {
    let mut path = Vec::new();
    let mut at = node;
    while let Some(n) = at {
        let Some(entry) = nodes.get(n) else {
            break;
        };
        path.push(entry.title.clone());
        // Parents are earlier nodes, so the walk ends.
        at = entry.parent.filter(|&p| p < n);
    }
    path.reverse();
    path
}

impl Raw {
    /// The [`Chunked`] form: each clause with its own heading path and
    /// label.
    pub fn into_chunked(self) -> Chunked {
        let clauses = self
            .clauses
            .iter()
            .map(|c| Clause {
                doc: c.doc,
                section: c.section.as_deref().map(str::to_string),
                clause: c.clause.as_deref().map(str::to_string),
                label: c.label(),
                heading_path: heading_path(&self.path_nodes, c.path),
                line_start: c.line_start,
                line_end: c.line_end,
                bytes: c.bytes.clone(),
            })
            .collect();
        Chunked {
            documents: self.documents,
            clauses,
            headings: self.headings,
            furniture: self.furniture,
        }
    }
}

/// [`chunk`] of a text whose markup names its title line (an HTML page's
/// first `<h1>`, [`crate::extract::Extracted::title`]): that line, while
/// the first document has no title or heading yet, is the document's title,
/// even below a masthead (a shop's name over its terms' title).
pub fn chunk_titled(text: &str, title: Option<&str>) -> Chunked {
    chunk_raw(text, title).into_chunked()
}

/// [`chunk_titled`], in the form [`Raw`].
pub(crate) fn chunk_raw(text: &str, title: Option<&str>) -> Raw {
    let lines = split_lines(text);
    let style = Style::detect(text, &lines);
    let leads = Leads::new(
        lines.len(),
        lines.iter().map(|l| match text.get(l.start..l.end) {
            Some(t) if !t.is_empty() => marker::lead(t),
            _ => Lead::None,
        }),
    );
    let line_text = |i: usize| {
        lines
            .get(i)
            .and_then(|l| text.get(l.start..l.end))
            .unwrap_or("")
    };
    let numbering = Numbering::scan(&leads, line_text);
    let furniture = if style.markdown {
        Vec::new()
    } else {
        furniture::scan(line_text, &leads)
    };
    let mut b = Builder::new(text, &lines, style, leads, numbering);
    b.furniture = furniture;
    b.marked_title = title.map(str::trim).filter(|t| !t.is_empty());
    b.settle_lone_pages();
    for i in 0..lines.len() {
        b.line(i);
    }
    b.finish()
}

/// Whether `line` opens a pandoc title block (`% Title` over `% Date`, or
/// after a blank line), given the lines before and after it (all trimmed):
/// a capitalised title, not a line of a title block already open, nor a
/// wrapped `% of the price`. On bytes, so that a huge file can be cut
/// there before it is decoded ([`crate::corpus::piece_end`]).
pub(crate) fn opens_title_block(line: &[u8], before: &[u8], after: &[u8]) -> bool {
    let capital = line.strip_prefix(b"% ").is_some_and(|rest| {
        let head = &rest[..rest.len().min(4)];
        std::str::from_utf8(head)
            .or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()]))
            .ok()
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_uppercase)
    });
    capital && !before.starts_with(b"%") && (before.is_empty() || after.starts_with(b"%"))
}

/// Whether a line is a version number alone: three or four numbers
/// (`1.0.0`), or one to four after `Version`, `Fassung` or `v`
/// (`Version 2.1`, `v3`). Two numbers alone (`1.1`) are a clause number.
fn is_version(t: &str) -> bool {
    let lower = t.trim().to_lowercase();
    let (rest, named) = ["version", "fassung", "ver.", "v"]
        .iter()
        .find_map(|p| lower.strip_prefix(p).map(str::trim_start))
        .map_or((lower.as_str(), false), |r| (r, true));
    let parts: Vec<&str> = rest.split('.').collect();
    let numbers = parts
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()));
    numbers
        && if named {
            parts.len() <= 4
        } else {
            (3..=4).contains(&parts.len())
        }
}

/// The title of a text's first document for a file without a manifest: its
/// first line when that line names a document (never a section heading such
/// as `§1 SCOPE; FORM`), else the document its first sentences name
/// (`These General Terms and Conditions …`). Pure.
pub fn document_title(text: &str) -> Option<String> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let first = first.trim_start_matches(['#', '%']).trim();
    let plain = matches!(marker::lead(first), Lead::None);
    if plain
        && first.chars().count() <= 120
        && !first.ends_with(['.', ':'])
        && !first.contains(". ")
        && kind::names_document(first)
    {
        return Some(first.to_string());
    }
    kind::title_from_sentence(text)
}

/// One line: its 1-based number and the byte range of its content without
/// surrounding whitespace (empty for blank lines).
#[derive(Debug, Clone, Copy)]
struct Line {
    no: usize,
    start: usize,
    end: usize,
}

impl Line {
    fn blank(&self) -> bool {
        self.start == self.end
    }
}

/// The lines of a text, by index (line `i` is number `i + 1`): each line's
/// content range, in 8 bytes per line for a text below 4 GiB instead of
/// the 24 of a [`Line`] (issue 19: 2.5 M lines, 20 MB instead of 60).
enum Lines {
    /// `(start, end)` as `u32`: the text is shorter than `u32::MAX` bytes.
    Short(Vec<(u32, u32)>),
    /// `(start, end)`, for a longer text.
    Long(Vec<(usize, usize)>),
}

impl Lines {
    fn len(&self) -> usize {
        match self {
            Lines::Short(v) => v.len(),
            Lines::Long(v) => v.len(),
        }
    }

    fn get(&self, i: usize) -> Option<Line> {
        let (start, end) = match self {
            Lines::Short(v) => v.get(i).map(|&(s, e)| (s as usize, e as usize))?,
            Lines::Long(v) => *v.get(i)?,
        };
        Some(Line {
            no: i + 1,
            start,
            end,
        })
    }

    fn iter(&self) -> impl Iterator<Item = Line> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

fn split_lines(text: &str) -> Lines {
    let capacity = text.len() / 40 + 1;
    let short = u32::try_from(text.len()).is_ok_and(|n| n < u32::MAX);
    let mut out = if short {
        Lines::Short(Vec::with_capacity(capacity))
    } else {
        Lines::Long(Vec::with_capacity(capacity))
    };
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        let start = if trimmed.is_empty() {
            offset
        } else {
            offset + lead
        };
        let end = start + trimmed.len();
        match &mut out {
            // Offsets within the text, which is shorter than `u32::MAX`.
            Lines::Short(v) => v.push((
                u32::try_from(start).unwrap_or(u32::MAX),
                u32::try_from(end).unwrap_or(u32::MAX),
            )),
            Lines::Long(v) => v.push((start, end)),
        }
        offset += raw.len();
    }
    out
}

/// File-wide layout facts, found in one pass before chunking.
#[derive(Debug, Clone, Copy)]
struct Style {
    /// Paragraphs are separated by blank lines; consecutive lines are joined.
    blank_separated: bool,
    /// Markdown statute: headings only come from `#` lines, and numbered
    /// lines in the body are list items.
    markdown: bool,
    /// The text opens with a pandoc title block (`% Title`): a later title
    /// block starts another document (statutes concatenated into one file).
    pandoc_title: bool,
}

impl Style {
    fn detect(text: &str, lines: &Lines) -> Style {
        let blank = lines.iter().filter(Line::blank).count();
        let content = lines.len() - blank;
        let text_of = |l: Line| text.get(l.start..l.end).unwrap_or("");
        let mut headings = lines.iter().filter_map(|l| markdown_heading(text_of(l)));
        let first = lines.iter().map(text_of).find(|t| !t.is_empty());
        let pandoc_title = first.is_some_and(|t| t.starts_with("% "));
        let pandoc = pandoc_title || first == Some("---");
        let markdown = if pandoc {
            headings.next().is_some()
        } else {
            headings.any(|(_, rest)| rest.starts_with('§') || rest.starts_with("Art"))
        };
        // Markdown separates paragraphs by blank lines; so do most plain files
        // with many blank lines. Files without them hold one paragraph per line.
        Style {
            blank_separated: markdown || (content > 0 && blank * 4 >= content),
            markdown,
            pandoc_title: markdown && pandoc_title,
        }
    }
}

/// Whole-document numbering facts, found in one pass over the line leads
/// before chunking. A line's role depends on them: `1 Title` is a heading
/// when the document numbers `1.1`, `1.2` under it, and a bare `3` between
/// clauses `2.4` and `3.6` is a page number.
#[derive(Debug)]
struct Numbering {
    /// `parents[n]`: the document has a decimal clause `n.x`.
    parents: Vec<bool>,
    /// Per line: the first part of the next decimal clause at or after it
    /// (0 when none follows).
    next_decimal: Vec<u32>,
    /// At least two `N. Title` lines head decimal clauses `N.x`: the
    /// document's sections are `N. Title` headings, even after `§` sections.
    dotted_headings: bool,
    /// At least two `N Title` lines (no dot) head decimal clauses `N.x`,
    /// or one does and there are three such lines: the document's sections
    /// are `N Title` headings.
    bare_headings: bool,
    /// `lone[n]`: the document has a line holding only the number `n`.
    lone: Vec<bool>,
    /// Some line holding only a number is followed by the page's text
    /// going on (`be part of …`) or by another section's numbered line:
    /// the document's lone numbers are page numbers.
    lone_pages: bool,
    /// Lines `N. Short title.` / `§ N Short title.` (up to six words and a
    /// full stop): two or more mean the document titles its sections that
    /// way, so a longer such line standing over text is a heading too.
    dotted_titles: usize,
}

/// Section numbers above this are not tracked as decimal parents.
const MAX_PARENT: usize = 1024;

impl Numbering {
    fn scan<'a>(leads: &Leads<'_>, text: impl Fn(usize) -> &'a str) -> Numbering {
        let mut parents = vec![false; MAX_PARENT];
        let mut next_decimal = vec![0u32; leads.len()];
        let mut next = 0u32;
        for (i, lead) in leads.iter().enumerate().rev() {
            if let Lead::Decimal { first, .. } = lead {
                next = first.parse().unwrap_or(0);
                if let Some(p) = parents.get_mut(next as usize) {
                    *p = true;
                }
            }
            if let Some(slot) = next_decimal.get_mut(i) {
                *slot = next;
            }
        }
        let (mut dotted, mut bare, mut bare_parents) = (0, 0, 0);
        let mut lone = vec![false; MAX_PARENT];
        let mut lone_pages = false;
        let mut dotted_titles = 0;
        for (i, l) in leads.iter().enumerate() {
            match l {
                Lead::Single {
                    term: Some('.'),
                    rest,
                    ..
                }
                | Lead::Section { rest, .. }
                    if dotted_title(rest, 6) =>
                {
                    dotted_titles += 1;
                }
                _ => {}
            }
            let Lead::Single {
                term, value, rest, ..
            } = l
            else {
                continue;
            };
            if term.is_none() && rest.is_empty() {
                if let Some(slot) = lone.get_mut(*value as usize) {
                    *slot = true;
                }
                let next = (i + 1..leads.len()).find(|&j| !text(j).is_empty());
                lone_pages |= next.is_some_and(|j| match leads.get(j) {
                    Lead::None => text(j).starts_with(char::is_lowercase),
                    Lead::Decimal { first, .. } => first.parse() != Ok(*value),
                    Lead::Single { term: Some(_), .. } | Lead::Section { .. } => true,
                    _ => false,
                });
            }
            let parent = parents.get(*value as usize).copied().unwrap_or(false);
            match term {
                Some('.') if parent && !rest.is_empty() && heading_title(rest) => dotted += 1,
                None if !rest.is_empty() && starts_upper(rest) && heading_title(rest) => {
                    bare += 1;
                    bare_parents += usize::from(parent);
                }
                _ => {}
            }
        }
        Numbering {
            parents,
            next_decimal,
            dotted_headings: dotted >= 2,
            bare_headings: bare_parents >= 2 || (bare_parents >= 1 && bare >= 3),
            lone,
            lone_pages,
            dotted_titles,
        }
    }

    /// The document has a line holding only the number `value`.
    fn lone(&self, value: u32) -> bool {
        self.lone.get(value as usize).copied().unwrap_or(false)
    }

    /// The document numbers decimal clauses `value.x`.
    fn parent(&self, value: u32) -> bool {
        self.parents.get(value as usize).copied().unwrap_or(false)
    }
}

/// `#### rest`: the number of hashes and the rest.
fn markdown_heading(t: &str) -> Option<(usize, &str)> {
    let hashes = t.bytes().take_while(|&c| c == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = t.get(hashes..)?;
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    Some((hashes, rest.trim()))
}

/// How a line was classified.
enum Kind<'a> {
    /// Page furniture or a contents line.
    Furniture(FurnitureKind),
    /// A heading: number, title, level, and whether it sets the section.
    Heading {
        number: Option<String>,
        value: u32,
        title: &'a str,
        level: Option<usize>,
    },
    /// The title line of a document.
    Title,
    /// A numbered clause; `paren` is the paragraph number for inline splits.
    Clause {
        section: Option<String>,
        clause: Option<String>,
        paren: Option<u32>,
        new_section: bool,
    },
    /// A list item.
    Bullet,
    /// Other text.
    Text,
}

/// The record being built.
struct Open {
    start: usize,
    end: usize,
    line_start: usize,
    line_end: usize,
    section: Option<String>,
    clause: Option<String>,
    /// Carries a number of its own (continuations attach to it).
    numbered: bool,
    /// The number of a paragraph-style marker `(n)`: numbered lists
    /// inside are items, unless they continue the sequence (`2)` after `(1)`).
    paren: Option<u32>,
    /// A blank line was seen since the last content.
    broken: bool,
    /// The last line was a short line (address block, table row).
    last_short: bool,
}

#[derive(Default)]
struct DocState {
    has_clause: bool,
    max_section: u32,
    from_imprint: bool,
    title: Option<String>,
    title_heading: Option<usize>,
    start_byte: usize,
    end_byte: usize,
}

struct Builder<'a> {
    src: &'a str,
    lines: &'a Lines,
    style: Style,
    out: Raw,
    docs: Vec<DocState>,
    /// Open headings: (level, index into `out.headings`).
    stack: Vec<(usize, usize)>,
    /// The open heading path: its entries in [`Raw::path_nodes`],
    /// outermost first (one per entry of `stack`).
    path: Vec<usize>,
    section: Option<String>,
    /// Level of the heading that set `section` (None: set by a clause).
    section_level: Option<usize>,
    cur: Option<Open>,
    /// The lead of each line, taken when the line is classified.
    leads: Leads<'a>,
    num: Numbering,
    /// First part of the last decimal clause (`3` after `3.5`).
    last_decimal: u32,
    /// A part heading (`I.`, `II.`) is open: numbered headings nest below it.
    part: bool,
    /// The furniture kind of each line, from [`furniture::scan`].
    furniture: Vec<Option<FurnitureKind>>,
    /// The record a furniture line interrupted: the next text line resumes it.
    resume: Option<Resume>,
    /// Lines up to this index belong to a heading already made (the title
    /// line of `ARTICLE 5` / `GOVERNING LAW`).
    skip_to: usize,
    /// Per line: 0 not yet scanned for an imprint cue, 1 none, 2 one.
    imprint_cue: Vec<u8>,
    /// The lettered sub-clause level open in the current section.
    letters: Option<Letters>,
    /// The title line the file's markup names ([`chunk_titled`]).
    marked_title: Option<&'a str>,
}

/// An open level of lettered sub-clauses (`(a)`, `b.`, `c)`) directly
/// below a section (`Section 2(a)`) or a decimal clause (`2.1(b)`):
/// paragraphs `(1)` inside it are cited below the letter (`Section
/// 2(a)(4)`), as lawyers cite such documents.
struct Letters {
    section: Option<String>,
    /// The decimal clause above the letters (`2.1`), or empty.
    parent: String,
    /// The last letter seen (`b'a'` …).
    last: u8,
}

/// The numbers of a record interrupted by page furniture.
struct Resume {
    section: Option<String>,
    clause: Option<String>,
    numbered: bool,
    paren: Option<u32>,
}

impl<'a> Builder<'a> {
    fn new(
        src: &'a str,
        lines: &'a Lines,
        style: Style,
        leads: Leads<'a>,
        num: Numbering,
    ) -> Builder<'a> {
        Builder {
            src,
            lines,
            style,
            out: Raw::default(),
            docs: Vec::new(),
            stack: Vec::new(),
            path: Vec::new(),
            section: None,
            section_level: None,
            cur: None,
            leads,
            num,
            last_decimal: 0,
            part: false,
            furniture: Vec::new(),
            resume: None,
            skip_to: 0,
            imprint_cue: vec![0; lines.len()],
            letters: None,
            marked_title: None,
        }
    }

    /// Whether line `i` is a version right below the document's title line
    /// (`1.0.0`, `Version 2.1`): part of the title, not a clause numbered
    /// `1.0.0`.
    fn is_title_version(&self, i: usize, t: &str) -> bool {
        let Some(h) = self
            .docs
            .last()
            .and_then(|d| d.title_heading)
            .filter(|&h| h + 1 == self.out.headings.len())
            .and_then(|h| self.out.headings.get(h))
        else {
            return false;
        };
        let above = (0..i).rev().find(|&j| !self.text(j).is_empty());
        above.is_some_and(|j| j + 1 == h.line) && is_version(t)
    }

    /// Adds line `l` (`t`) to the title heading just made.
    fn extend_title(&mut self, l: Line, t: &str) {
        let Some(h) = self.docs.last().and_then(|d| d.title_heading) else {
            return;
        };
        let Some(heading) = self.out.headings.get_mut(h) else {
            return;
        };
        heading.title = format!("{} {t}", heading.title);
        heading.bytes.end = l.end;
        let title = heading.title.clone();
        self.doc().title = Some(title);
    }

    /// Whether `t` is the title line the markup names, met while the first
    /// document has neither a title nor a heading (only, say, a masthead).
    fn is_marked_title(&self, t: &str) -> bool {
        self.marked_title == Some(t)
            && self.docs.len() <= 1
            && self.out.headings.is_empty()
            && self.docs.first().is_none_or(|d| d.title.is_none())
    }

    /// A line laid out like a page number: indented (centred), or followed
    /// by two or more blank lines (the end of a page).
    fn page_break_at(&self, i: usize) -> bool {
        let Some(l) = self.lines.get(i) else {
            return false;
        };
        let before = self.src.get(..l.start).unwrap_or("");
        let indent = before.len() - before.trim_end_matches([' ', '\t']).len();
        let blank_after = (i + 1..self.lines.len().min(i + 3))
            .take_while(|&j| self.lines.get(j).is_some_and(|l| l.blank()))
            .count();
        // Next to a running title or page marker (`Source: ACME, 8-K, …`),
        // blank lines between them or not.
        let furniture = |j: usize| self.furniture.get(j).copied().flatten().is_some();
        let before = (0..i).rev().find(|&j| !self.text(j).is_empty());
        let after = (i + 1..self.lines.len()).find(|&j| !self.text(j).is_empty());
        let furniture_near = before.is_some_and(furniture) || after.is_some_and(furniture);
        indent >= 2 || blank_after >= 2 || furniture_near
    }

    /// A bare section number heads what follows it: its title, its first
    /// paragraph or its own clauses (`3.1`). A page number is followed by
    /// the page's text: a sentence going on (`be part of …`), a list item
    /// or another numbered line (`6. Representations`, `5. The rights …`).
    /// A paragraph (three words or more) is headed only when a
    /// neighbouring section number stands alone too: a single lone `1`
    /// over a paragraph is a page number or a table cell. In a document
    /// whose lone numbers are page numbers (`Numbering::lone_pages`), none
    /// heads anything but its own clauses.
    fn bare_number_heads(&self, i: usize, value: u32) -> bool {
        let Some(j) = (i + 1..self.lines.len()).find(|&j| !self.text(j).is_empty()) else {
            return false;
        };
        match self.peek_lead(j) {
            Lead::Decimal { first, .. } => first.parse() == Ok(value),
            Lead::None => {
                let t = self.text(j);
                let sibling = self.num.lone(value + 1) || (value > 1 && self.num.lone(value - 1));
                let paragraph = t.split_whitespace().nth(2).is_some();
                let title = is_short(t)
                    && heading_title(t)
                    && t.chars().filter(|c| c.is_alphabetic()).nth(2).is_some();
                !self.num.lone_pages
                    && !t.starts_with(char::is_lowercase)
                    && ((sibling && paragraph) || title)
            }
            _ => false,
        }
    }

    /// `3. Contribution of your IP to Company projects.` standing alone
    /// over its text, in a document that titles its other sections `N.
    /// Short title.`: a heading of up to twelve words, although it ends
    /// like a sentence. Followed by another numbered item of its level it
    /// is a list item instead.
    fn long_dotted_heading(&self, i: usize, value: u32, rest: &str) -> bool {
        if self.num.dotted_titles < 2 || !self.alone(i) || !dotted_title(rest, 12) {
            return false;
        }
        let Some(j) = (i + 1..self.lines.len()).find(|&j| !self.text(j).is_empty()) else {
            return false;
        };
        match self.peek_lead(j) {
            Lead::Decimal { first, .. } => first.parse() == Ok(value),
            Lead::Paren { .. } | Lead::Bullet => true,
            // Not a part heading (`II. Haftung`): a heading holds text.
            Lead::None => {
                self.text(j).starts_with(char::is_uppercase)
                    && roman_heading(self.text(j)).is_none()
            }
            _ => false,
        }
    }

    /// `11.2 ZAHLUNGSABWICKLUNG` standing alone over unnumbered
    /// paragraphs, in a file whose paragraphs are separated by blank lines.
    fn decimal_heading(&self, i: usize, rest: &str) -> bool {
        if !self.style.blank_separated
            || rest.is_empty()
            || rest.len() > 240
            || rest.ends_with(['.', ',', ';', ':', '!', '?'])
            || !self.alone(i)
            || !heading_shape(rest)
        {
            return false;
        }
        let next = (i + 1..self.lines.len()).find(|&j| !self.text(j).is_empty());
        next.is_some_and(|j| matches!(self.peek_lead(j), Lead::None) && !is_short(self.text(j)))
    }

    /// The lead of line `i`, taken out (each line is classified once).
    fn take_lead(&mut self, i: usize) -> Lead<'a> {
        self.leads.take(i)
    }

    /// The lead of a line not yet classified.
    /// Lone numbers laid out as page numbers (centred, at a page end, next
    /// to a running title, or the document's last line) make every lone
    /// number of the document a page number, not a section.
    fn settle_lone_pages(&mut self) {
        if self.num.lone_pages {
            return;
        }
        let lone = |l: &Lead| {
            matches!(
                l,
                Lead::Single {
                    term: None,
                    rest: "",
                    ..
                }
            )
        };
        let last = (0..self.lines.len())
            .rev()
            .find(|&j| !self.text(j).is_empty());
        self.num.lone_pages = (0..self.leads.len())
            .filter(|&i| lone(self.peek_lead(i)))
            .any(|i| Some(i) == last || self.page_break_at(i));
    }

    fn peek_lead(&self, i: usize) -> &Lead<'a> {
        self.leads.get(i)
    }

    /// Whether nothing could stand below line `i` as its text: the next
    /// line with text is section `value + 1`, a part heading (`II.
    /// Haftung`), or there is none. A short sentence `1. Diese Bedingungen
    /// gelten für alle Verträge.` followed by `2. …` is a clause, not a
    /// heading `N. Short title.` over its text.
    fn sibling_next(&self, i: usize, value: u32) -> bool {
        // Between sections numbered `N.1`, `N.2` under `N.`, the next
        // section number is a heading even with nothing below it (a
        // section left empty).
        let max = self.docs.last().map_or(0, |d| d.max_section);
        let sectioned = self.num.parent(value.saturating_sub(1)) || self.num.parent(value + 1);
        if sectioned && value == max.saturating_add(1) {
            return false;
        }
        let Some(j) = (i + 1..self.lines.len()).find(|&j| !self.text(j).is_empty()) else {
            return true;
        };
        match self.peek_lead(j) {
            Lead::Section { value: v, .. } | Lead::Single { value: v, .. } => *v == value + 1,
            Lead::None => roman_heading(self.text(j)).is_some(),
            _ => false,
        }
    }

    /// A line standing alone: a blank line (or the end) follows it when
    /// the file separates paragraphs by blank lines.
    fn alone(&self, i: usize) -> bool {
        !self.style.blank_separated || self.text(i + 1).is_empty()
    }

    fn text(&self, i: usize) -> &'a str {
        self.lines
            .get(i)
            .and_then(|l| self.src.get(l.start..l.end))
            .unwrap_or("")
    }

    fn doc(&mut self) -> &mut DocState {
        if self.docs.is_empty() {
            self.docs.push(DocState::default());
        }
        let last = self.docs.len() - 1;
        &mut self.docs[last]
    }

    fn doc_index(&self) -> usize {
        self.docs.len().saturating_sub(1)
    }

    /// Starts a new document at line `no` (closing the current record).
    fn new_doc(&mut self, no: usize, start_byte: usize) {
        self.close();
        self.stack.clear();
        self.path.clear();
        self.section = None;
        self.section_level = None;
        self.part = false;
        self.letters = None;
        self.docs.push(DocState {
            start_byte,
            end_byte: start_byte,
            ..DocState::default()
        });
        self.out.documents.push(SubDocument {
            title: None,
            kind: DocKind::Other,
            line_start: no,
            line_end: no,
        });
    }

    fn line(&mut self, i: usize) {
        let Some(l) = self.lines.get(i) else {
            return;
        };
        if l.blank() {
            if let Some(o) = self.cur.as_mut() {
                o.broken = true;
            }
            return;
        }
        if self.out.documents.is_empty() {
            self.new_doc(l.no, l.start);
        }
        if i > 0 && i <= self.skip_to {
            self.end_line(l);
            return;
        }
        let t = self.text(i);
        if self.cur.is_none() && self.is_title_version(i, t) {
            self.extend_title(l, t);
            self.end_line(l);
            return;
        }
        let marked = self.furniture.get(i).copied().flatten();
        let kind = match marked {
            Some(f) => Kind::Furniture(f),
            None => self.classify(i, t),
        };
        if matches!(kind, Kind::Text | Kind::Bullet) && self.cur.is_none() {
            if let Some(r) = self.resume.take() {
                // The text after a page break continues the record the
                // furniture interrupted, under the same number.
                self.open(l, l.start, l.end, r.section, r.clause, r.numbered);
                if let Some(o) = self.cur.as_mut() {
                    o.paren = r.paren;
                    o.last_short = is_short(t);
                }
                self.end_line(l);
                return;
            }
        }
        if !matches!(kind, Kind::Furniture(_)) {
            self.resume = None;
        }
        // A heading, a new section or a clause numbered at its own level
        // (`2.2`, `3.`) closes the lettered level.
        let closes_letters = match &kind {
            Kind::Heading { .. } | Kind::Title => true,
            Kind::Clause {
                new_section,
                clause,
                ..
            } => *new_section || clause.as_deref().is_some_and(|c| !c.ends_with(')')),
            _ => false,
        };
        if closes_letters {
            self.letters = None;
        }
        match kind {
            Kind::Furniture(f) => self.furniture_line(l, f),
            Kind::Title => self.title(l, t),
            Kind::Heading {
                number,
                value,
                title,
                level,
            } => self.heading(l, number, value, title, level),
            Kind::Clause {
                section,
                clause,
                paren,
                new_section,
            } => {
                self.close();
                if new_section {
                    // `18. Applicable Law; … Jury Trial.` read as a clause
                    // still ends the previous section's headings.
                    let current = section_value(self.section.as_deref());
                    let forward = current > 0 && section_value(section.as_deref()) > current;
                    if let (Some(sl), true) = (self.section_level, forward) {
                        while self.stack.last().is_some_and(|&(lv, _)| lv >= sl) {
                            self.stack.pop();
                            self.path.pop();
                        }
                    }
                    self.section.clone_from(&section);
                    self.section_level = None;
                }
                if clause
                    .as_deref()
                    .is_some_and(|c| !c.starts_with('(') && c.contains('.'))
                {
                    self.leave_foreign_section(section.as_deref());
                    self.pop_subheadings();
                }
                self.open(l, l.start, l.end, section, clause, true);
                if let Some(n) = paren {
                    self.split_inline(l, t, n);
                }
            }
            Kind::Bullet => match self.cur.as_mut() {
                Some(o) => extend(o, l, false),
                None => self.open(l, l.start, l.end, self.section.clone(), None, false),
            },
            Kind::Text => self.text_line(i, l, t),
        }
        self.end_line(l);
    }

    /// Page furniture: recorded apart; the record it interrupts is closed
    /// and resumed by the next text line.
    fn furniture_line(&mut self, l: Line, kind: FurnitureKind) {
        if let Some(o) = self.cur.as_ref() {
            self.resume = Some(Resume {
                section: o.section.clone(),
                clause: o.clause.clone(),
                numbered: o.numbered,
                paren: o.paren,
            });
        }
        self.close();
        self.out.furniture.push(Furniture {
            line: l.no,
            bytes: l.start..l.end,
            kind,
        });
    }

    fn end_line(&mut self, l: Line) {
        let d = self.doc();
        d.end_byte = l.end;
        let di = self.doc_index();
        if let Some(doc) = self.out.documents.get_mut(di) {
            doc.line_end = l.no;
        }
    }

    fn text_line(&mut self, i: usize, l: Line, t: &'a str) {
        let short = is_short(t);
        if !self.style.markdown && self.doc().has_clause {
            let boundary =
                t.starts_with('©') || t.starts_with("Copyright") || t.starts_with("(c) ");
            // An imprint's own address block (below `Impressum`) is no new one.
            let in_imprint = self.doc().from_imprint
                || self.doc().title.as_deref().and_then(kind::title_kind) == Some(DocKind::Imprint);
            let imprint = short && !in_imprint && self.block_start(i) && self.imprint_ahead(i);
            if boundary || imprint {
                self.new_doc(l.no, l.start);
                self.doc().from_imprint = imprint;
                self.open(l, l.start, l.end, None, None, false);
                if let Some(o) = self.cur.as_mut() {
                    o.last_short = short;
                }
                return;
            }
        }
        let blank_mode = self.style.blank_separated;
        match self.cur.as_mut() {
            Some(o) if o.numbered || (!o.broken && (blank_mode || (short && o.last_short))) => {
                extend(o, l, short);
            }
            _ => {
                self.open(l, l.start, l.end, self.section.clone(), None, false);
                if let Some(o) = self.cur.as_mut() {
                    o.last_short = short;
                }
            }
        }
    }

    /// True when line `i` starts a block of at least two short lines.
    fn block_start(&self, i: usize) -> bool {
        let next = self.text(i + 1);
        !next.is_empty() && (self.style.blank_separated || is_short(next))
    }

    /// True when an imprint cue appears within the next few lines. Each
    /// line is scanned for cues once, however many lines look ahead at it.
    fn imprint_ahead(&mut self, i: usize) -> bool {
        (i..i + 15).any(|j| match self.imprint_cue.get(j).copied() {
            Some(1) => false,
            Some(2) => true,
            Some(_) => {
                let cue = kind::has_imprint_cue(self.text(j));
                if let Some(slot) = self.imprint_cue.get_mut(j) {
                    *slot = if cue { 2 } else { 1 };
                }
                cue
            }
            None => false,
        })
    }

    fn classify(&mut self, i: usize, t: &'a str) -> Kind<'a> {
        if self.style.markdown {
            return self.classify_markdown(i, t);
        }
        let in_para_section = self.section.as_deref().is_some_and(statute_style);
        match self.take_lead(i) {
            Lead::Section {
                number,
                value,
                rest,
            } => {
                let first = rest.chars().next();
                if first.is_some_and(|c| c.is_lowercase() || c == '(')
                    || ["Abs", "Satz", "Nr.", "para", "Para", "BGB", "HGB"]
                        .iter()
                        .any(|p| rest.starts_with(p))
                {
                    Kind::Text
                } else if heading_title(rest)
                    || crumb_title(rest)
                    || (self.num.parent(value) && long_title(rest))
                    || (dotted_title(rest, if self.num.parent(value) { 12 } else { 6 })
                        && self.alone(i)
                        && !self.sibling_next(i, value))
                    || self.long_dotted_heading(i, value, rest)
                {
                    Kind::Heading {
                        number: Some(number),
                        value,
                        title: rest,
                        level: None,
                    }
                } else {
                    Kind::Clause {
                        section: Some(number),
                        clause: None,
                        paren: None,
                        new_section: true,
                    }
                }
            }
            Lead::Paren { value, marker } => self.paren_clause(value, marker),
            Lead::Decimal {
                number,
                first,
                rest,
            } => {
                self.last_decimal = first.parse().unwrap_or(0);
                if self.decimal_heading(i, rest) {
                    let level = match (self.section.as_deref(), self.section_level) {
                        (Some(s), Some(sl)) if s == first => sl + 1,
                        // `12.3` after the heading `12.2`: a sibling.
                        (Some(s), Some(sl)) if s.split('.').next() == Some(first) => sl,
                        _ => usize::from(self.part && !self.stack.is_empty()),
                    };
                    return Kind::Heading {
                        number: Some(number.to_string()),
                        value: self.last_decimal,
                        title: rest,
                        level: Some(level),
                    };
                }
                Kind::Clause {
                    section: if in_para_section {
                        self.section.clone()
                    } else {
                        Some(first.to_string())
                    },
                    clause: Some(number.to_string()),
                    paren: None,
                    new_section: false,
                }
            }
            Lead::Single {
                number,
                value,
                term,
                rest,
            } => {
                // A number without `.` or `)` is a heading only when it
                // continues the sections (`4` or `4 NUTZUNG` after `3`, a
                // gap of up to three), or when the document numbers its
                // clauses `N.1`, `N.2` under it (`1 Geltungsbereich`);
                // otherwise it is a page number or a quantity. A bare
                // number after its own section's clauses (`3` after `3.5`)
                // or before another section's (`3` before `4.1`) is a page
                // number.
                let parent = self.num.parent(value) && self.last_decimal < value;
                if term.is_none() {
                    // An excerpt may start inside section 3 (`3.4`) with no
                    // heading seen: `4 RABATT` still continues it.
                    let max = self.doc().max_section.max(self.last_decimal);
                    let sequential = value == max.saturating_add(1);
                    let titled = heading_title(rest) || crumb_title(rest);
                    let caps = titled && !rest.chars().any(char::is_lowercase);
                    let next = self.num.next_decimal.get(i).copied().unwrap_or(0);
                    let heading = if rest.is_empty() {
                        sequential
                            && !in_para_section
                            && !self.page_break_at(i)
                            && self.last_decimal < value
                            && (next == 0 || next == value)
                            && self.bare_number_heads(i, value)
                    } else {
                        let gap = value > max && value <= max.saturating_add(3);
                        // `6 WIDERRUFSBELEHRUNG/ 6.1 Widerrufsrecht`
                        let own_crumb = crumb_title(rest) && rest.contains(&format!("{value}."));
                        let styled = parent || own_crumb || (self.num.bare_headings && gap);
                        titled
                            && starts_upper(rest)
                            && (styled || (caps && gap && !in_para_section))
                    };
                    if !heading {
                        return if rest.is_empty() && !self.style.markdown {
                            Kind::Furniture(FurnitureKind::PageNumber)
                        } else {
                            Kind::Text
                        };
                    }
                }
                if rest.chars().next().is_some_and(char::is_lowercase) {
                    return Kind::Bullet;
                }
                // `3. Vertragssprache` after `§ 5 (2)`, in a document whose
                // sections are `N. Title` headings over `N.1` clauses.
                if in_para_section
                    && term == Some('.')
                    && (parent || self.num.dotted_headings)
                    && !rest.is_empty()
                    && heading_title(rest)
                    && self.alone(i)
                {
                    return Kind::Heading {
                        number: Some(number.to_string()),
                        value,
                        title: rest,
                        level: None,
                    };
                }
                if in_para_section {
                    let last = self.cur.as_ref().and_then(|o| o.paren);
                    let follows = last.is_some_and(|p| value == p.saturating_add(1));
                    if last.is_some() && !follows {
                        return Kind::Bullet;
                    }
                    let paren = term == Some(')') || follows;
                    let clause = if paren {
                        format!("({number})")
                    } else {
                        format!("{number}.")
                    };
                    return Kind::Clause {
                        section: self.section.clone(),
                        clause: Some(clause),
                        paren: paren.then_some(value),
                        new_section: false,
                    };
                }
                // `17. Severability.` over `17.1`; a short one standing alone.
                let dotted = || {
                    (parent && dotted_title(rest, 12))
                        || (self.alone(i) && dotted_title(rest, 6) && !self.sibling_next(i, value))
                        || self.long_dotted_heading(i, value, rest)
                };
                if term.is_none()
                    || rest.is_empty()
                    || heading_title(rest)
                    || crumb_title(rest)
                    || dotted()
                {
                    Kind::Heading {
                        number: Some(number.to_string()),
                        value,
                        title: rest,
                        level: None,
                    }
                } else {
                    Kind::Clause {
                        section: Some(number.to_string()),
                        clause: None,
                        paren: None,
                        new_section: true,
                    }
                }
            }
            Lead::Bullet => self.letter_clause(t).unwrap_or(Kind::Bullet),
            Lead::None => match roman_heading(t) {
                Some((number, title)) => {
                    self.part = true;
                    Kind::Heading {
                        number: Some(number.to_string()),
                        value: 0,
                        title,
                        level: Some(0),
                    }
                }
                None => self.classify_text(i, t),
            },
        }
    }

    fn classify_markdown(&mut self, i: usize, t: &'a str) -> Kind<'a> {
        if let Some((hashes, rest)) = markdown_heading(t) {
            let (number, value, title) = split_statute_heading(rest);
            return Kind::Heading {
                number,
                value,
                title,
                level: Some(hashes - 1),
            };
        }
        if t.starts_with('%')
            && self.out.headings.is_empty()
            && self.out.clauses.is_empty()
            && self.cur.is_none()
        {
            return Kind::Title;
        }
        if self.style.pandoc_title && self.title_block_starts(i, t) {
            return Kind::Title;
        }
        match self.take_lead(i) {
            Lead::Paren { value, marker } => self.paren_clause(value, marker),
            // Numbered items of a section without paragraphs (`§ 309 Nr. 7`).
            Lead::Single {
                number,
                term: Some(_),
                ..
            } if self.section.is_some() && self.cur.as_ref().is_none_or(|o| o.paren.is_none()) => {
                Kind::Clause {
                    section: self.section.clone(),
                    clause: Some(format!("Nr. {number}")),
                    paren: None,
                    new_section: false,
                }
            }
            Lead::Single { term: None, .. } => Kind::Text,
            Lead::Bullet => self.letter_clause(t).unwrap_or(Kind::Bullet),
            Lead::Decimal { .. } | Lead::Single { .. } => Kind::Bullet,
            _ => Kind::Text,
        }
    }

    /// A paragraph `(n)`: cited below the open lettered sub-clause, if any
    /// (`Section 2(a)(4)`), else below the section.
    fn paren_clause(&self, value: u32, marker: &str) -> Kind<'a> {
        let (section, clause) = match &self.letters {
            Some(ls) => (
                ls.section.clone(),
                format!("{}({}){marker}", ls.parent, char::from(ls.last)),
            ),
            None => (self.section.clone(), marker.to_string()),
        };
        Kind::Clause {
            section,
            clause: Some(clause),
            paren: Some(value),
            new_section: false,
        }
    }

    /// A one-letter item (`(a)`, `b.`, `c)`) is a sub-clause of its own,
    /// cited `Section 2(a)` or `2.1(b)`, when it opens a lettered level
    /// directly below a section or a decimal clause (`(a)` after the
    /// heading, after the section's unnumbered text, or after `2.1`) or
    /// continues one (`(b)` after `(a)` and its paragraphs). Below a
    /// paragraph `(1)` or a numbered item, letters stay list items of it
    /// (`§ 5 (2)` with `a)`, `b)`).
    fn letter_clause(&mut self, t: &str) -> Option<Kind<'a>> {
        let c = marker::letter(t)?;
        let (section, parent) = match (&self.letters, self.cur.as_ref()) {
            (Some(ls), _) if c == ls.last.saturating_add(1) => {
                (ls.section.clone(), ls.parent.clone())
            }
            (_, None) if c == b'a' => (self.section.clone(), String::new()),
            (_, Some(o)) if c == b'a' && o.paren.is_none() => match o.clause.as_deref() {
                None => (
                    o.section.clone().or_else(|| self.section.clone()),
                    String::new(),
                ),
                // A decimal clause `2.1`, `7.1.1`; not `Nr. 5`, `3.`, `(2)`.
                Some(d)
                    if d.starts_with(|c: char| c.is_ascii_digit())
                        && d.contains('.')
                        && !d.ends_with(['.', ')']) =>
                {
                    (o.section.clone(), d.to_string())
                }
                Some(_) => return None,
            },
            _ => return None,
        };
        section.as_ref()?;
        let clause = format!("{parent}({})", char::from(c));
        self.letters = Some(Letters {
            section: section.clone(),
            parent,
            last: c,
        });
        Some(Kind::Clause {
            section,
            clause: Some(clause),
            paren: None,
            new_section: false,
        })
    }

    /// Whether line `i` opens another pandoc title block
    /// ([`opens_title_block`]).
    fn title_block_starts(&self, i: usize, t: &str) -> bool {
        let before = i.checked_sub(1).map_or("", |p| self.text(p));
        opens_title_block(t.as_bytes(), before.as_bytes(), self.text(i + 1).as_bytes())
    }

    /// An unnumbered line: a document title, an unnumbered heading or text.
    fn classify_text(&mut self, i: usize, t: &'a str) -> Kind<'a> {
        if self.is_marked_title(t) {
            return Kind::Title;
        }
        if !heading_shape(t) {
            return self.colon_heading(i, t);
        }
        let fresh = {
            let d = self.doc();
            !d.has_clause && d.title_heading.is_none()
        };
        let doc_empty = fresh && self.stack.is_empty() && self.cur.is_none();
        let known_title = kind::title_kind(t).is_some();
        let next_i = (i + 1..self.lines.len()).find(|&j| !self.text(j).is_empty());
        let next = next_i.map(|j| self.text(j));
        let next_lead = next_i.map_or(&Lead::None, |j| self.peek_lead(j));
        let next_numbered = !matches!(next_lead, Lead::None);
        let next_is_heading = match next_lead {
            Lead::Section { .. } => true,
            Lead::Single {
                rest,
                term: Some(_),
                ..
            } => rest.is_empty() || heading_title(rest),
            _ => false,
        };
        // The first line is the document's title when it names a document or
        // is followed by structure (a numbered line, another short line).
        // A section heading (`Geltungsbereich` over `1.1`) is not a title.
        let next_structured = doc_empty
            && next.is_some_and(|n| next_numbered || heading_shape(n) || n == t)
            && kind::names_document(t);
        if doc_empty && (known_title || next_structured) {
            return Kind::Title;
        }
        if self.doc().title.as_deref() == Some(t) {
            return Kind::Title;
        }
        let alone_block = i == 0 || self.text(i - 1).is_empty() && self.text(i + 1).is_empty();
        if known_title && (!self.style.blank_separated || alone_block) {
            return Kind::Title;
        }
        // A heading stands alone: blank or long text before it, and a
        // paragraph (not another short line or a heading) after it.
        let prev_ok = i == 0 || {
            let p = self.text(i - 1);
            p.is_empty() || !is_short(p) || self.cur.is_none()
        };
        let alone = !self.style.blank_separated || self.text(i + 1).is_empty();
        let Some(next) = next else {
            return Kind::Text;
        };
        if !prev_ok || !alone {
            return Kind::Text;
        }
        if next_is_heading || heading_shape(next) {
            return Kind::Text;
        }
        self.unnumbered_heading(t)
    }

    /// `Alternative Streitbeilegung:` standing alone between blank lines,
    /// over a paragraph (not a list, not short lines): a heading.
    fn colon_heading(&self, i: usize, t: &'a str) -> Kind<'a> {
        let Some(title) = t.strip_suffix(':') else {
            return Kind::Text;
        };
        let prev_blank = i == 0 || self.text(i - 1).is_empty();
        if !self.style.blank_separated
            || !prev_blank
            || !self.alone(i)
            || !heading_shape(title.trim_end())
        {
            return Kind::Text;
        }
        let next = (i + 1..self.lines.len()).find(|&j| !self.text(j).is_empty());
        if !next.is_some_and(|j| matches!(self.peek_lead(j), Lead::None) && !is_short(self.text(j)))
        {
            return Kind::Text;
        }
        self.unnumbered_heading(title.trim_end())
    }

    /// A heading without a number, one level below the current section
    /// (at the top when there is none).
    fn unnumbered_heading(&self, title: &'a str) -> Kind<'a> {
        let level = match (&self.section, self.section_level) {
            (Some(_), Some(sl)) => sl + 1,
            _ => 0,
        };
        Kind::Heading {
            number: None,
            value: 0,
            title,
            level: Some(level),
        }
    }

    /// A document title line: starts a new document when the current one
    /// already has clauses.
    fn title(&mut self, l: Line, t: &'a str) {
        // The marked title below a masthead stays in the masthead's document.
        let marked = self.is_marked_title(t);
        self.close();
        let new_doc = self.doc().has_clause && !marked;
        if new_doc {
            self.new_doc(l.no, l.start);
        }
        let di = self.doc_index();
        let title = t.trim_start_matches('%').trim();
        let idx = self.out.headings.len();
        self.out.headings.push(Heading {
            doc: di,
            number: None,
            title: title.to_string(),
            level: 0,
            line: l.no,
            bytes: l.start..l.end,
            empty: true,
        });
        let d = self.doc();
        // A page's `<h1>` that names no document (a shop's name as its
        // logo) yields to a document title below it before any clause.
        let yields = d.title.as_deref().is_some_and(|t| {
            !d.has_clause && !kind::names_document(t) && kind::title_kind(title).is_some()
        });
        if d.title.is_none() || yields {
            d.title = Some(title.to_string());
            d.title_heading = Some(idx);
        }
    }

    fn heading(
        &mut self,
        l: Line,
        number: Option<String>,
        value: u32,
        title: &'a str,
        level: Option<usize>,
    ) {
        self.close();
        // `1. Zustandekommen des Vertrages:` is titled without the colon,
        // `17. Severability.` without the full stop.
        let title = if number.is_some() {
            let t = title.trim_end_matches(':').trim_end();
            t.strip_suffix('.').unwrap_or(t).trim_end()
        } else {
            title
        };
        // `ARTICLE 5` on one line, `GOVERNING LAW` on the next: one heading.
        let (title, end) = match self.second_heading_line(l, number.is_some() && title.is_empty()) {
            Some(j) => (self.text(j), j),
            None => (title, l.no - 1),
        };
        self.skip_to = self.skip_to.max(end);
        // `4. Verfügbarkeit/4.1. Besondere …` is cited as 4.1.
        let number = match (number, crumb_number(title)) {
            (Some(n), Some(deep))
                if deep.starts_with(&format!("{}.", n.trim_start_matches("§ "))) =>
            {
                Some(deep.to_string())
            }
            (n, _) => n,
        };
        let numbered = number.is_some();
        if numbered && !self.style.markdown && value == 1 {
            let d = self.doc();
            if d.has_clause && (d.max_section >= 2 || d.from_imprint) {
                self.new_doc(l.no, l.start);
            }
        }
        if numbered && level == Some(0) && value == 0 {
            self.doc().max_section = 0;
        } else if numbered {
            let d = self.doc();
            d.max_section = d.max_section.max(value);
        }
        // Numbered sections nest below an open part (`II. …` > `1. …`);
        // a part restarts the section numbering.
        let part_open = self.part && self.stack.first().is_some_and(|&(lv, _)| lv == 0);
        let level = level.unwrap_or(usize::from(numbered && part_open));
        while self.stack.last().is_some_and(|&(lv, _)| lv >= level) {
            self.stack.pop();
            self.path.pop();
        }
        if numbered {
            self.section.clone_from(&number);
            self.section_level = Some(level);
        } else if self.section_level.is_none_or(|sl| level <= sl) {
            self.section = None;
            self.section_level = None;
        }
        let idx = self.out.headings.len();
        let di = self.doc_index();
        // A Markdown law's first top-level heading names it (`# BGB`).
        let first_heading = self.out.headings.last().is_none_or(|h| h.doc != di);
        if self.style.markdown && !numbered && level == 0 && first_heading {
            let d = self.doc();
            if d.title.is_none() {
                d.title = Some(title.to_string());
            }
        }
        let bytes_end = self.lines.get(end).map_or(l.end, |e| e.end.max(l.end));
        self.out.headings.push(Heading {
            doc: di,
            number,
            title: title.to_string(),
            level,
            line: l.no,
            bytes: l.start..bytes_end,
            empty: true,
        });
        self.stack.push((level, idx));
        let node = self.out.path_nodes.len();
        self.out.path_nodes.push(PathNode {
            parent: self.path.last().copied(),
            title: title.to_string(),
        });
        self.path.push(node);
    }

    /// The line holding the title of a number-only heading (`ARTICLE 5`,
    /// `Section 3`, `4.`): the next non-blank line within two, when it is
    /// heading-shaped, unnumbered and not furniture.
    fn second_heading_line(&self, l: Line, wanted: bool) -> Option<usize> {
        if !wanted || self.style.markdown {
            return None;
        }
        let i = l.no.checked_sub(1)?;
        let j = (i + 1..self.lines.len().min(i + 3)).find(|&j| !self.text(j).is_empty())?;
        let t = self.text(j);
        let plain = matches!(self.peek_lead(j), Lead::None)
            && self.furniture.get(j).copied().flatten().is_none();
        (plain && heading_shape(t) && kind::title_kind(t).is_none()).then_some(j)
    }

    /// A decimal clause of another section (`9.3` under the heading `5
    /// ZAHLUNGSBEDINGUNGEN`, whose own heading was not recognised) is not
    /// cited under that heading: the headings from its level on are closed.
    fn leave_foreign_section(&mut self, section: Option<&str>) {
        let (Some(sl), Some(cur)) = (self.section_level, self.section.as_deref()) else {
            return;
        };
        let Some(first) = section else {
            return;
        };
        let cur_first = cur.split('.').next().unwrap_or(cur);
        if cur_first == first || statute_style(cur) {
            return;
        }
        while self.stack.last().is_some_and(|&(lv, _)| lv >= sl) {
            self.stack.pop();
            self.path.pop();
        }
        self.section_level = None;
    }

    /// A decimal clause (`8.2`) ends the unnumbered sub-headings opened
    /// inside its section that already hold clauses (`Google Signals`
    /// after `8.1`); a sub-heading right before it is its own heading.
    fn pop_subheadings(&mut self) {
        let Some(level) = self.section_level else {
            return;
        };
        while self.stack.last().is_some_and(|&(lv, idx)| {
            lv > level && self.out.headings.get(idx).is_some_and(|h| !h.empty)
        }) {
            self.stack.pop();
            self.path.pop();
        }
    }

    /// Splits one-line sections `(1.) … (2.) …` at their inline markers.
    fn split_inline(&mut self, l: Line, t: &str, first: u32) {
        if let Some(o) = self.cur.as_mut() {
            o.paren = Some(first);
        }
        let mut from = t.find(')').map_or(t.len(), |k| k + 1);
        let mut expect = first.saturating_add(1);
        while let Some((pos, len)) = marker::next_inline(t, from, expect) {
            let Some(o) = self.cur.as_mut() else {
                return;
            };
            let piece_end = l.start + t.get(..pos).unwrap_or("").trim_end().len();
            o.end = piece_end;
            self.close();
            let marker = t.get(pos..pos + len).unwrap_or("");
            let (section, clause) = match self.paren_clause(expect, marker) {
                Kind::Clause {
                    section, clause, ..
                } => (section, clause),
                _ => (self.section.clone(), Some(marker.to_string())),
            };
            self.open(l, l.start + pos, l.end, section, clause, true);
            if let Some(o) = self.cur.as_mut() {
                o.paren = Some(expect);
            }
            from = pos + len;
            expect = expect.saturating_add(1);
        }
    }

    fn open(
        &mut self,
        l: Line,
        start: usize,
        end: usize,
        section: Option<String>,
        clause: Option<String>,
        numbered: bool,
    ) {
        self.close();
        self.doc().has_clause = true;
        self.cur = Some(Open {
            start,
            end,
            line_start: l.no,
            line_end: l.no,
            section,
            clause,
            numbered,
            paren: None,
            broken: false,
            last_short: false,
        });
    }

    fn close(&mut self) {
        let Some(o) = self.cur.take() else {
            return;
        };
        for &(_, idx) in &self.stack {
            if let Some(h) = self.out.headings.get_mut(idx) {
                h.empty = false;
            }
        }
        if let Some(h) = self
            .docs
            .last()
            .and_then(|d| d.title_heading)
            .and_then(|k| self.out.headings.get_mut(k))
        {
            h.empty = false;
        }
        self.out.clauses.push(RawClause {
            doc: self.doc_index(),
            section: o.section.map(String::into_boxed_str),
            clause: o.clause.map(String::into_boxed_str),
            path: self.path.last().copied(),
            line_start: o.line_start,
            line_end: o.line_end,
            bytes: o.start..o.end,
        });
    }

    fn finish(mut self) -> Raw {
        self.close();
        for (i, (doc, state)) in self.out.documents.iter_mut().zip(&self.docs).enumerate() {
            let _ = i;
            doc.title.clone_from(&state.title);
            let body = self.src.get(state.start_byte..state.end_byte).unwrap_or("");
            if doc.title.is_none() && !self.style.markdown {
                doc.title = kind::title_from_sentence(body);
            }
            let lines = doc.line_end.saturating_sub(doc.line_start) + 1;
            doc.kind = kind::detect(doc.title.as_deref(), body, self.style.markdown, lines);
        }
        self.out
    }
}

fn extend(o: &mut Open, l: Line, short: bool) {
    o.end = l.end;
    o.line_end = l.no;
    o.broken = false;
    o.last_short = short;
}

/// The first number of a section (`§ 13` → 13, `4.2` → 4), 0 for none.
fn section_value(section: Option<&str>) -> u32 {
    section
        .and_then(|s| {
            s.split(|c: char| !c.is_ascii_digit())
                .find(|d| !d.is_empty())
        })
        .and_then(|d| d.parse().ok())
        .unwrap_or(0)
}

/// A `§ n` or `Art. n` section, whose paragraphs are cited after it.
fn statute_style(section: &str) -> bool {
    section.starts_with('§') || section.starts_with("Art.")
}

/// The citation label of a record.
fn label(section: Option<&str>, clause: Option<&str>) -> String {
    match (section, clause) {
        (Some(s), Some(c)) if c.starts_with('(') || (statute_style(s) && !c.contains('.')) => {
            format!("{s} {c}")
        }
        (Some(s), Some(c)) if (statute_style(s) && c.ends_with('.')) || c.starts_with("Nr. ") => {
            format!("{s} {c}")
        }
        (_, Some(c)) => c.to_string(),
        (Some(s), None) => s.to_string(),
        (None, None) => String::new(),
    }
}

/// `§ 305 Title`, `§ 305 – Title`, `§§ 1 bis 3 – (weggefallen)`,
/// `Art 1 – Title`; other headings have no number.
fn split_statute_heading(rest: &str) -> (Option<String>, u32, &str) {
    let (prefix, after) = if let Some(r) = rest.strip_prefix("§§") {
        ("§§", r)
    } else if let Some(r) = rest.strip_prefix('§') {
        ("§", r)
    } else if let Some(r) = ["Artikel ", "Art. ", "Art "]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
    {
        ("Art.", r)
    } else {
        return (None, 0, rest);
    };
    let after = after.trim_start();
    let (num, title) = match [" – ", " - ", " — "]
        .iter()
        .find_map(|sep| after.split_once(sep))
    {
        Some((n, t)) => (n.trim(), t.trim()),
        // `§ 305 Einbeziehung …`: the number is one token.
        None => {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            let (n, t) = after.split_at(end);
            (n, t.trim())
        }
    };
    if num.is_empty() {
        return (None, 0, rest);
    }
    let value = num
        .split(|c: char| !c.is_ascii_digit())
        .find(|d| !d.is_empty())
        .and_then(|d| d.parse().ok())
        .unwrap_or(0);
    (Some(format!("{prefix} {num}")), value, title)
}

/// A short line without sentence punctuation at its end: an address line,
/// a table row, a title.
fn is_short(t: &str) -> bool {
    t.len() <= 180 && t.chars().count() <= 60 && !t.ends_with(['.', '!', '?'])
}

/// The rest of a numbered heading line looks like a title, not a sentence.
fn heading_title(rest: &str) -> bool {
    let Some(first) = rest.chars().next() else {
        return true;
    };
    !first.is_lowercase()
        && !rest.ends_with(['.', ',', ';'])
        && rest.len() <= 360
        && rest.chars().count() <= 120
        && !rest.contains(". ")
}

/// A long title (up to 200 characters, `§13 Anwendbares Recht,
/// Gerichtsstand; außergerichtliche Streitbeilegung …`) for a number the
/// document's clauses are numbered under.
fn long_title(rest: &str) -> bool {
    rest.len() <= 600
        && rest.chars().count() <= 200
        && starts_upper(rest)
        && !rest.ends_with(['.', ',', ';'])
        && !rest.contains(". ")
}

/// `Severability.`: a short title with a full stop (up to `max_words`).
fn dotted_title(rest: &str, max_words: usize) -> bool {
    rest.strip_suffix('.').is_some_and(|t| {
        !t.is_empty()
            && !t.ends_with('.')
            && heading_title(t)
            && starts_upper(t)
            && t.split_whitespace().count() <= max_words
    })
}

/// Starts with a capital, or an anonymised name (`<<STADT>>er SV`).
fn starts_upper(rest: &str) -> bool {
    rest.chars().next().is_some_and(char::is_uppercase) || rest.starts_with("<<")
}

/// A breadcrumb title: `Verfügbarkeit/4.1. Besondere Vorbestellungsbedingungen`,
/// `WIDERRUFSBELEHRUNG/ 6.2.Widerrufsfolgen`. Each part, without its
/// number, is a title, and a later part starts with a number.
fn crumb_title(rest: &str) -> bool {
    if rest.len() > 600 || !rest.contains('/') {
        return false;
    }
    let mut numbered_part = false;
    for (k, part) in rest.split('/').enumerate() {
        let part = part.trim();
        if part.is_empty() {
            return false;
        }
        let bare = strip_enumerators(part);
        if k > 0 && bare.len() < part.len() && part.starts_with(|c: char| c.is_ascii_digit()) {
            numbered_part = true;
        }
        if !bare.is_empty() && !heading_title(bare) && !long_title(bare) {
            return false;
        }
    }
    numbered_part
}

/// The number of a breadcrumb title's last numbered part: `Verfügbarkeit/4.1.
/// Besondere …` → `4.1`, `…/5.3.a) Bestätigung` → `5.3.a`.
fn crumb_number(title: &str) -> Option<&str> {
    if !title.contains('/') || !crumb_title(title) {
        return None;
    }
    title
        .split('/')
        .skip(1)
        .filter_map(|p| {
            let p = p.trim_start();
            let b = p.as_bytes();
            let mut end = b
                .iter()
                .take_while(|c| c.is_ascii_digit() || **c == b'.')
                .count();
            // `5.3.a)`
            if b.get(end).is_some_and(u8::is_ascii_lowercase) && b.get(end + 1) == Some(&b')') {
                end += 1;
            }
            let token = p.get(..end)?.trim_end_matches('.');
            (token.starts_with(|c: char| c.is_ascii_digit()) && token.contains('.'))
                .then_some(token)
        })
        .last()
}

/// `5.3.a) (ii) Title` → `Title`: drops leading numbers, `a)` and `(ii)`.
fn strip_enumerators(part: &str) -> &str {
    let mut p = part.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    for _ in 0..2 {
        let token_end = p.find(char::is_whitespace).unwrap_or(p.len());
        let token = p.get(..token_end).unwrap_or("");
        if token.len() <= 5 && token.ends_with(')') {
            p = p.get(token_end..).unwrap_or("").trim_start();
        }
    }
    p.trim_start()
}

/// `I. INFORMATIONEN ZUM FERNABSATZ`, `IV. Haftung`: a roman part number
/// (up to `XXXIX`) and a title.
fn roman_heading(t: &str) -> Option<(&str, &str)> {
    let end = t.find(['.', ')'])?;
    let numeral = t.get(..end)?;
    if numeral.is_empty()
        || numeral.len() > 6
        || !numeral.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'))
    {
        return None;
    }
    let rest = t.get(end + 1..)?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let title = rest.trim();
    (!title.is_empty() && (heading_title(title) || crumb_title(title))).then_some((numeral, title))
}

/// `Irrtum vorbehalten. Alle Angebote …`: a full stop inside the line,
/// other than after an enumerating letter (`A. Widerrufsbelehrung`).
fn sentence_inside(t: &str) -> bool {
    let mut parts = t.split(". ");
    let first = parts.next().unwrap_or("");
    match parts.next() {
        None => false,
        Some(_) => {
            let enumerator = first.len() <= 4 && first.chars().all(|c| c.is_ascii_uppercase());
            !enumerator || t.matches(". ").count() > 1
        }
    }
}

/// A line that could be an unnumbered heading: short, capitalised, no
/// sentence punctuation at the end, mostly letters, no address or URL.
fn heading_shape(t: &str) -> bool {
    // The cheap tests first: this runs on most lines.
    let Some(first) = t.chars().next() else {
        return false;
    };
    if t.len() > 240 || !first.is_uppercase() || t.ends_with(['.', ',', ';', ':', '!', '?']) {
        return false;
    }
    if t.contains('@')
        || t.contains("://")
        || t.contains("www.")
        || t.contains("<<")
        || sentence_inside(t)
    {
        return false;
    }
    let (mut chars, mut letters, mut words) = (0usize, 0usize, 0usize);
    // Some word has two letters in a row, or the title is spaced out
    // (`W I T N E S S E T H`): `X X` (ticks in a table) is not a title.
    let (mut run, mut word_like) = (0usize, false);
    let mut in_word = false;
    for c in t.chars() {
        if c.is_whitespace() {
            in_word = false;
            run = 0;
            continue;
        }
        if !in_word {
            words += 1;
            in_word = true;
        }
        chars += 1;
        if c.is_alphabetic() {
            letters += 1;
            run += 1;
            word_like |= run >= 2;
        } else {
            run = 0;
        }
    }
    // A comma in a long line is a sentence without its full stop.
    let max_words = if t.contains(", ") { 6 } else { 12 };
    (word_like || words >= 5)
        && (2..=80).contains(&chars)
        && words <= max_words
        && letters * 10 >= chars * 6
        && !street_address(t)
}

/// A street and house number (`Kartäuserstraße 2`, `Musterstr. 12a`,
/// `Am Marktplatz 5`) or a postcode and town (`D-79102 Freiburg`): an
/// address line, never a heading. Only street suffixes that end no English
/// word (`Ring 5` would take `Offering 1` along).
fn street_address(t: &str) -> bool {
    if t.split_whitespace()
        .next()
        .is_some_and(crate::text::is_postcode)
    {
        return true;
    }
    const STREET: [&str; 8] = [
        "straße", "strasse", "str.", "weg", "allee", "platz", "gasse", "chaussee",
    ];
    let words: Vec<&str> = t.split_whitespace().collect();
    words.windows(2).any(|w| {
        let lower = w[0].to_lowercase();
        let number = w[1].trim_end_matches(',');
        STREET.iter().any(|s| lower.ends_with(s))
            && number.starts_with(|c: char| c.is_ascii_digit())
            && number.len() <= 5
            && number
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks keep the order of what was pushed, across block ends, by
    /// index, by reference and by value.
    #[test]
    fn blocks_keep_order_across_blocks() {
        let n = Blocks::<usize>::BLOCK * 2 + 3;
        let mut blocks = Blocks::default();
        assert!(blocks.is_empty());
        for i in 0..n {
            blocks.push(i);
        }
        assert!(!blocks.is_empty());
        assert_eq!(blocks.blocks.len(), 3);
        assert_eq!(
            blocks.iter().copied().collect::<Vec<_>>(),
            (0..n).collect::<Vec<_>>()
        );
        assert_eq!(
            blocks.get(Blocks::<usize>::BLOCK),
            Some(&Blocks::<usize>::BLOCK)
        );
        assert_eq!(blocks.get(n - 1), Some(&(n - 1)));
        assert_eq!(blocks.get(n), None);
        if let Some(x) = blocks.get_mut(5) {
            *x = 0;
        }
        let all: Vec<usize> = blocks.into_iter().collect();
        assert_eq!(all.len(), n);
        assert_eq!(all[5], 0);
        assert_eq!(all[n - 1], n - 1);
    }

    /// The compact form gives the chunker's result exactly: heading paths
    /// (nested, popped, cleared at a new document) and labels, for files
    /// of several documents and of Markdown statutes.
    #[test]
    fn raw_clauses_are_the_chunked_clauses() {
        let texts = [
            include_str!("../../corpus/megatech-privacy-imprint-gtc.txt"),
            "# BGB\n\n## Buch 1\n\n### § 1 Beginn\n\nText eins.\n\n### § 2 Ende\n\n(1) Satz.\n\n(2) Satz.\n\n## Buch 2\n\n### § 3 Drei\n\nText.\n",
            "§ 1 Scope\n(1) These terms apply. (2) Nothing else applies.\n§ 2 Law\nGerman law.\n",
        ];
        for text in texts {
            let raw = chunk_raw(text, None);
            let labels: Vec<String> = raw.clauses.iter().map(RawClause::label).collect();
            let paths: Vec<Vec<String>> = raw
                .clauses
                .iter()
                .map(|c| heading_path(&raw.path_nodes, c.path))
                .collect();
            let chunked = raw.into_chunked();
            assert_eq!(chunked, chunk(text));
            let want_labels: Vec<String> =
                chunked.clauses.iter().map(|c| c.label.clone()).collect();
            let want_paths: Vec<Vec<String>> = chunked
                .clauses
                .iter()
                .map(|c| c.heading_path.clone())
                .collect();
            assert_eq!(labels, want_labels);
            assert_eq!(paths, want_paths);
        }
        let md = chunk(texts[1]);
        let paths: Vec<String> = md
            .clauses
            .iter()
            .map(|c| c.heading_path.join(" / "))
            .collect();
        assert_eq!(
            paths,
            [
                "BGB / Buch 1 / Beginn",
                "BGB / Buch 1 / Ende",
                "BGB / Buch 1 / Ende",
                "BGB / Buch 2 / Drei"
            ]
        );
    }

    /// The line table gives every line's number and content range.
    #[test]
    fn lines_are_numbered_and_trimmed() {
        let text = "  a b \n\n\tc\r\nd";
        let lines: Vec<(usize, usize, usize)> = split_lines(text)
            .iter()
            .map(|l| (l.no, l.start, l.end))
            .collect();
        assert_eq!(lines, [(1, 2, 5), (2, 7, 7), (3, 9, 10), (4, 12, 13)]);
    }

    fn labels(text: &str) -> Vec<String> {
        chunk(text)
            .clauses
            .iter()
            .map(|c| format!("{}|{}", c.label, c.text(text)))
            .collect()
    }

    fn check(text: &str, expected: &[&str]) {
        assert_eq!(labels(text), expected, "{text:?}");
    }

    #[test]
    fn records() {
        check(
            "§ 1 Scope\n(1) A applies. (2) B applies.",
            &["§ 1 (1)|(1) A applies.", "§ 1 (2)|(2) B applies."],
        );
        check(
            "1. Scope\n\n1.1 A\nmore\n\n1.2 B",
            &["1.1|1.1 A\nmore", "1.2|1.2 B"],
        );
        check(
            "§ 2 X\nText one.\nText two.",
            &["§ 2|Text one.", "§ 2|Text two."],
        );
        check("2.8. If we", &["2.8|2.8. If we"]);
        check(
            "(1) per Art. 6 (1) point f GDPR. (2) Next.",
            &["(1)|(1) per Art. 6 (1) point f GDPR.", "(2)|(2) Next."],
        );
        check("", &[]);
        check(" \n\t\n", &[]);
    }

    #[test]
    fn heading_shapes() {
        for (line, expected) in [
            ("Cookie Settings", true),
            ("A. Widerrufsbelehrung (Dienstleistungen)", true),
            ("APPENDIX: PRICE LIST", true),
            (
                "Irrtum und Änderungen vorbehalten. Alle Angebote nur solange der Vorrat reicht",
                false,
            ),
            (
                "Wir sind berechtigt, diese Bedingungen jederzeit zu überarbeiten und zu ändern",
                false,
            ),
            ("E-Mail: hello@example.com", false),
            ("Kartäuserstraße 2 9", false),
            ("Musterstr. 12a", false),
            ("Am Marktplatz 5", false),
            ("D-79102 Freiburg", false),
            ("Form of Offering 1 - Welcome Screen", true),
            ("Schedule 2", true),
            ("Anlage 1 Preisliste", true),
            ("Fax: 00 00 12345678", false),
            ("The customer shall pay.", false),
            ("fristen", false),
        ] {
            assert_eq!(heading_shape(line), expected, "{line}");
        }
    }

    #[test]
    fn labels_of_numbers() {
        assert_eq!(label(Some("§ 23"), Some("(7)")), "§ 23 (7)");
        assert_eq!(label(Some("13"), Some("13.2")), "13.2");
        assert_eq!(label(Some("§ 29"), None), "§ 29");
        assert_eq!(label(None, None), "");
        assert_eq!(label(Some("§ 2"), Some("2.")), "§ 2 2.");
    }

    #[test]
    fn statute_headings() {
        assert_eq!(
            split_statute_heading("§ 305 – Title"),
            (Some("§ 305".into()), 305, "Title")
        );
        assert_eq!(
            split_statute_heading("§ 305a Einbeziehung in X"),
            (Some("§ 305a".into()), 305, "Einbeziehung in X")
        );
        assert_eq!(
            split_statute_heading("Art I"),
            (Some("Art. I".into()), 0, "")
        );
        assert_eq!(
            split_statute_heading("§§ 1 bis 3 – (weggefallen)"),
            (Some("§§ 1 bis 3".into()), 1, "(weggefallen)")
        );
        assert_eq!(
            split_statute_heading("Eingangsformel"),
            (None, 0, "Eingangsformel")
        );
        assert_eq!(
            split_statute_heading("Art 1 – Änderung"),
            (Some("Art. 1".into()), 1, "Änderung")
        );
    }
}
