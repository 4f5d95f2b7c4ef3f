//! A file's text turned into index records: chunking, the document titles,
//! the vendor, each record's language and statute citations, and records
//! cut to a bounded size. Pure: text in, records out.

use crate::chunk;
use crate::citation;
use crate::corpus::ManifestEntry;
use crate::lang;
use crate::model::{DocKind, Language};
use crate::text::floor_boundary;
use serde::Serialize;
use std::borrow::Cow;
use vendor::VendorSource;

pub mod title;
pub mod vendor;
use std::path::Path;

/// A record ready for the index: one clause (or body-less heading) with all
/// its metadata.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    /// The stable id, `path#label-hash` (see `StableIds`).
    pub id: String,
    /// Source file as given to `index`.
    pub path: String,
    /// Position within the file.
    pub ord: u64,
    /// Vendor.
    pub vendor: String,
    /// Where the vendor comes from: the manifest, the text, or the path
    /// (an honest fallback).
    pub vendor_source: VendorSource,
    /// Document title.
    pub document: String,
    /// Document kind.
    pub kind: DocKind,
    /// Section number, e.g. `§ 23`.
    pub section: Option<String>,
    /// Clause number, e.g. `(7)`.
    pub clause: Option<String>,
    /// Citation label, e.g. `§ 23 (7)`.
    pub label: String,
    /// Heading path.
    pub heading_path: Vec<String>,
    /// The text.
    pub text: String,
    /// Language.
    pub language: Language,
    /// The statute norms the clause cites, each by its most specific key
    /// (`bgb 307 abs1`; never a law alone).
    pub cites: Vec<String>,
    /// When the record is a statute's own text, the norms it is: its
    /// section, and its paragraph when numbered (`bgb 307`, `bgb 307 abs1`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub norm: Vec<String>,
    /// First line.
    pub line_start: usize,
    /// Last line.
    pub line_end: usize,
    /// Byte range start.
    pub byte_start: usize,
    /// Byte range end.
    pub byte_end: usize,
    /// `clause` or `heading`.
    pub record_type: &'static str,
    /// First page (PDF only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Last page (PDF only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_end: Option<u32>,
    /// Where the document is published (`url` of its manifest entry).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Hash of a text with white space normalised, to find identical clauses.
pub fn text_hash(text: &str) -> u64 {
    // The words, each followed by one space, hashed in one call (cheaper
    // than feeding a streaming hasher word by word; the value is the same).
    // The words are the runs between `char::is_whitespace` characters, as
    // `split_whitespace` makes them, found byte by byte for ASCII (Unicode
    // `split_whitespace` showed as 2.5% of indexing).
    let bytes = text.as_bytes();
    let mut words = Vec::with_capacity(text.len() + 1);
    let mut word_start: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (space, len) = if b.is_ascii() {
            (matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'), 1)
        } else {
            match text.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => (false, 1),
            }
        };
        match (space, word_start) {
            (true, Some(start)) => {
                words.extend_from_slice(bytes.get(start..i).unwrap_or_default());
                words.push(b' ');
                word_start = None;
            }
            (false, None) => word_start = Some(i),
            _ => {}
        }
        i += len;
    }
    if let Some(start) = word_start {
        words.extend_from_slice(bytes.get(start..).unwrap_or_default());
        words.push(b' ');
    }
    xxhash_rust::xxh3::xxh3_64(&words)
}

/// The title of a document that names none, by its kind, in the file's
/// language: a German lawyer cites `Allgemeine Geschäftsbedingungen`.
fn kind_title(kind: DocKind, lang: Language) -> &'static str {
    match (kind, lang) {
        (DocKind::Terms, Language::De) => "Allgemeine Geschäftsbedingungen",
        (DocKind::Terms, Language::En) => "Terms and Conditions",
        (DocKind::Privacy, Language::De) => "Datenschutzerklärung",
        (DocKind::Privacy, Language::En) => "Privacy Policy",
        (DocKind::Imprint, Language::De) => "Impressum",
        (DocKind::Imprint, Language::En) => "Imprint",
        (DocKind::PriceList, Language::De) => "Preisliste",
        (DocKind::PriceList, Language::En) => "Price List",
        (DocKind::Other, Language::De) => "Dokument",
        (DocKind::Other, Language::En) => "Document",
    }
}

/// Turns one file's text into index records: chunking, titles, vendor,
/// language and citations. Pure. The records of [`each_record`], collected.
pub fn file_records(
    path: &str,
    text: &str,
    entry: Option<&ManifestEntry>,
    root: Option<&Path>,
) -> Vec<Record> {
    let mut records = Vec::new();
    each_record(path, text, entry, root, |r, _| records.push(r));
    records
}

/// Hands one file's records to `emit`, one at a time and in order, as
/// [`file_records`] returns them: a record is built only when the one
/// before it has been handed on, so a caller that indexes each record at
/// once never holds the records of a huge file (their text and metadata
/// were over twice the file's size) at the same time.
/// Each record comes with its text's [`text_hash`], computed once for its
/// id and for the index.
pub fn each_record(
    path: &str,
    text: &str,
    entry: Option<&ManifestEntry>,
    root: Option<&Path>,
    emit: impl FnMut(Record, u64),
) {
    FileRecords::new(path, entry, root).piece(text, false, emit);
}

/// One file's records made from its text in consecutive pieces, so that a
/// huge file is never held whole (issue 19): each piece is chunked alone,
/// and its records continue the file's, with the file's line numbers, byte
/// offsets, positions and stable ids. A file given as one piece gives the
/// records of [`each_record`].
///
/// What the whole file decides comes from its first piece: the vendor
/// (named in the first 64 kB), the file's language (its first 4 kB) and the
/// manifest's title (for the first piece's documents). A piece that starts
/// inside a document (`continues`) gives the text before its first title to
/// the document the last piece ended in. Pieces should be cut where a
/// document starts ([`crate::corpus::piece_end`]): a cut elsewhere starts
/// the text after it without the headings above it.
pub struct FileRecords<'a> {
    path: &'a str,
    entry: Option<&'a ManifestEntry>,
    root: Option<&'a Path>,
    head: Option<FileHead>,
    ids: StableIds,
    ord: u64,
    /// Lines and bytes of the pieces before the next one.
    lines: usize,
    bytes: usize,
    /// The title and kind of the document the last piece ended in.
    last_doc: Option<(String, DocKind)>,
    /// The title line the file's markup names (an HTML page's `<h1>`).
    marked_title: Option<String>,
}

/// What a file's first piece decides for all of them.
struct FileHead {
    vendor: String,
    vendor_source: VendorSource,
    fixed_lang: Option<Language>,
    file_lang: Language,
    url: Option<String>,
}

impl FileHead {
    /// Decided from the file's first piece, `text`.
    fn of(path: &str, entry: Option<&ManifestEntry>, root: Option<&Path>, text: &str) -> FileHead {
        let vendor::Vendor { name, source } = vendor::resolve(Path::new(path), entry, root, text);
        let fixed_lang = entry.and_then(ManifestEntry::language);
        let head_end = floor_boundary(text, 4000);
        FileHead {
            vendor: name,
            vendor_source: source,
            fixed_lang,
            file_lang: fixed_lang.unwrap_or_else(|| lang::detect(&text[..head_end], Language::En)),
            url: entry
                .and_then(|e| e.url.as_deref())
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(str::to_string),
        }
    }
}

impl<'a> FileRecords<'a> {
    /// The records of the file `path` (as shown), with its manifest entry
    /// and the root it was found under.
    pub fn new(
        path: &'a str,
        entry: Option<&'a ManifestEntry>,
        root: Option<&'a Path>,
    ) -> FileRecords<'a> {
        FileRecords {
            path,
            entry,
            root,
            head: None,
            ids: StableIds::default(),
            ord: 0,
            lines: 0,
            bytes: 0,
            last_doc: None,
            marked_title: None,
        }
    }

    /// The records of a file whose markup names its title line
    /// ([`crate::extract::Read::title`]; see [`chunk::chunk_titled`]).
    /// Call before the first piece.
    pub fn mark_title(&mut self, title: Option<String>) {
        self.marked_title = title;
    }

    /// Hands the records of the next piece of the file's text to `emit`,
    /// as [`each_record`] does. `continues`: the piece starts inside a
    /// document of the piece before it.
    pub fn piece(&mut self, text: &str, continues: bool, mut emit: impl FnMut(Record, u64)) {
        let first_piece = self.head.is_none();
        let chunk::Raw {
            documents,
            clauses,
            headings,
            furniture,
            path_nodes,
        } = chunk::chunk_raw(text, self.marked_title.as_deref().filter(|_| first_piece));
        drop(furniture);
        let (path, entry, root) = (self.path, self.entry, self.root);
        let head = &*self
            .head
            .get_or_insert_with(|| FileHead::of(path, entry, root, text));
        let entry = self.entry.filter(|_| first_piece);
        // The manifest title names the file's terms (or its only document).
        let main_doc = documents
            .iter()
            .position(|d| d.kind == DocKind::Terms)
            .unwrap_or(0);
        let carried = |i: usize, d: &crate::model::SubDocument| {
            (continues && i == 0 && d.title.is_none())
                .then_some(self.last_doc.as_ref())
                .flatten()
        };
        let titles: Vec<String> = documents
            .iter()
            .enumerate()
            .map(|(i, d)| {
                if let Some((title, _)) = carried(i, d) {
                    return title.clone();
                }
                match (entry, i == main_doc || documents.len() == 1) {
                    (Some(e), true) => e.title.clone(),
                    _ => d
                        .title
                        .clone()
                        .or_else(|| {
                            (i == 0 && first_piece)
                                .then(|| title::first_line_title(text))
                                .flatten()
                        })
                        .unwrap_or_else(|| kind_title(d.kind, head.file_lang).to_string()),
                }
            })
            .collect();
        let kinds: Vec<DocKind> = documents
            .iter()
            .enumerate()
            .map(|(i, d)| carried(i, d).map_or(d.kind, |&(_, kind)| kind))
            .collect();
        let doc_title = |doc: usize| {
            titles
                .get(doc)
                .cloned()
                .unwrap_or_else(|| "Document".to_string())
        };
        let doc_kind = |doc: usize| kinds.get(doc).copied().unwrap_or_default();
        // A statute's own text (its file's or its document's title names
        // the law): its sections are the norms they are.
        let statutes: Vec<Option<Cow<'static, str>>> = titles
            .iter()
            .map(|t| statute_law(&head.vendor, std::slice::from_ref(t)))
            .collect();
        // Clauses and body-less headings, merged in document order (by start
        // byte, a clause before a heading at the same byte). Each part is made
        // when its record is, moving the clause's strings into it, so that the
        // parts of a huge file are never all held next to its chunked form.
        let parts = merged_parts(clauses, headings, &path_nodes).flat_map(|p| split_long(p, text));
        for p in parts {
            let body = text.get(p.bytes.clone()).unwrap_or("");
            let language = head
                .fixed_lang
                .unwrap_or_else(|| lang::detect(body, head.file_lang));
            // In a statute's section, references that name no law are to the
            // statute itself (`§ 307 Abs. 1` in the BGB), and `Absatz 2`
            // alone to the section. Text outside its sections (an annex: the
            // GG file carries the Einigungsvertrag's, whose `Artikel 3` is
            // the treaty's) cites only the laws it names.
            let law = statutes.get(p.doc).and_then(Option::as_deref);
            let number = law.and(p.section.as_deref()).and_then(own_number);
            let own = law.zip(number.as_deref()).map(|(law, n)| citation::Own {
                law,
                section: Some(n),
                article: p.section.as_deref().is_some_and(|s| s.starts_with("Art")),
            });
            let mut cites: Vec<String> = citation::extract_in(body, own)
                .iter()
                .map(|n| n.key())
                .collect();
            cites.sort();
            cites.dedup();
            let norm = law
                .map(|law| own_norm(law, number.as_deref(), p.clause.as_deref()))
                .unwrap_or_default();
            let mut r = Record {
                id: String::new(),
                path: self.path.to_string(),
                ord: self.ord,
                vendor: head.vendor.clone(),
                vendor_source: head.vendor_source,
                document: doc_title(p.doc),
                kind: doc_kind(p.doc),
                section: p.section,
                clause: p.clause,
                label: p.label,
                heading_path: p.heading_path,
                text: body.to_string(),
                language,
                cites,
                norm,
                line_start: p.lines.0 + self.lines,
                line_end: p.lines.1 + self.lines,
                byte_start: p.bytes.start + self.bytes,
                byte_end: p.bytes.end + self.bytes,
                record_type: p.record_type,
                page: None,
                page_end: None,
                url: head.url.clone(),
            };
            self.ord += 1;
            let hash = text_hash(&r.text);
            r.id = self.ids.next(self.path, &r.label, hash);
            emit(r, hash);
        }
        if let Some(last) = documents.len().checked_sub(1) {
            self.last_doc = Some((doc_title(last), doc_kind(last)));
        }
        self.lines += text.bytes().filter(|&b| b == b'\n').count();
        self.bytes += text.len();
    }
}

/// Version of the rules that make a file's records and their citations
/// from its text, where a change gives other records for the same file
/// without changing the schema or the analyzers. An index built with
/// another version is re-read whole by the next `klausel index` (and
/// searching it says so).
/// 1: references in a statute that name no law cite the statute itself
/// (before: left out); a file named `GG-BJNR000010949` is the GG.
/// 2: after `§§`, a bare number that follows a subdivision continues it
/// once two sections are named (`§§ 307 und 308 Nummer 1a und 1b`: before,
/// `1b` was a section of its own).
/// 3: a statute of gesetze-im-internet.de that klausel does not know by
/// name is keyed by its file name's abbreviation (`StUG-BJNR022720991`:
/// its sections are the norms `stug 42a`).
/// 4: such a statute's own references that name no law cite it (`§ 42a`,
/// `Absatz 1`, `§ 5 StUG` in the StUG), as a known law's do.
/// 5: every federal statute of `data/federal-laws.txt` is a law a chain
/// may name by its abbreviation (`§ 32 KWG` cites `kwg 32`); a query
/// may write it in any case.
/// 6: a sibling of a higher level than the part before it drops the lower
/// parts (`§ 7 Nr. 3 und Absatz 1 KWG` cites `kwg 7 abs1`, not `kwg 7 nr3
/// abs1`); a file named as a statute of gesetze-im-internet.de takes its
/// vendor from its name, never from a company its text names; a chain
/// ends at a blank line after its separator and at `14. Satz 1` (a list
/// item's number is no sibling).
/// 7: a vendor's name stops at a blank line and a postcode; a third party
/// is an entity named mostly after payment or carrier cues; a folder named
/// after a format (`pdf/`) is no vendor.
/// 8: a street address (`Kartäuserstraße 2`) or postcode line (`D-79102
/// Freiburg`) is never an unnumbered heading.
/// 9: a title read from a sentence is cited in the nominative (`Diese
/// Allgemeinen Geschäftsbedingungen` → `Allgemeine Geschäftsbedingungen`);
/// an untitled document is named by its kind in the file's language.
/// 10: an HTML page's first `<h1>` titles its first document (unless it
/// names no document and a document title follows it before any clause).
/// 11: a version alone below the title line (`1.0.0`) is part of the title.
/// 12: vendor names keep `&` (`Müller & Söhne GmbH`), end at a sentence's
/// `GmbH.`, the title line's entity is the party, and a mention has a
/// capital.
/// 13: `N. Short sentence.` followed by section `N + 1` or a part heading
/// is a clause, not an empty heading. An imprint's address block below
/// its `Impressum` title is no second imprint.
/// 14: a web page's cookie notice, menu and copyright footer in a text file
/// are furniture (`chrome`).
/// 15: `Ziffer 3 Title` heads section `Ziff. 3`.
pub const RULES_VERSION: u32 = 15;

/// The law a file is the text of, when its vendor or its title names one
/// as a whole (`BGB`, `Bürgerliches Gesetzbuch`, `Bürgerliches Gesetzbuch
/// (BGB)`), or its vendor is a file name of the law and numbers
/// (`bgb-305-310`) or of the law and its juris document number
/// (`GG-BJNR000010949`, as the statutes of gesetze-im-internet.de are
/// named).
///
/// A juris file name whose abbreviation klausel does not know
/// (`StUG-BJNR022720991`) keys the statute by that abbreviation in lower
/// case (`stug`) when it has the shape of one
/// ([`citation::statute_abbreviation`]): its sections are then the norms
/// `stug 42a`, which a query `§ 42a StUG` finds.
fn statute_law(vendor: &str, titles: &[String]) -> Option<Cow<'static, str>> {
    let (lead, rest) = vendor
        .split_once(|c: char| !c.is_alphanumeric())
        .unwrap_or((vendor, ""));
    let juris = vendor::juris_name(vendor);
    if juris || rest.chars().all(|c| !c.is_alphabetic()) {
        if let Some(law) = citation::law_key(lead) {
            return Some(Cow::Borrowed(law));
        }
    }
    let known = known_statute_law(vendor, titles).map(Cow::Borrowed);
    known.or_else(|| {
        (juris && citation::statute_abbreviation(lead)).then(|| Cow::Owned(lead.to_lowercase()))
    })
}

/// [`statute_law`] by the names klausel knows: the vendor or a title is a
/// law's name or abbreviation, or a name with the abbreviation after it in
/// brackets.
fn known_statute_law(vendor: &str, titles: &[String]) -> Option<&'static str> {
    std::iter::once(vendor)
        .chain(titles.iter().map(String::as_str))
        .find_map(|name| {
            citation::law_key(name).or_else(|| {
                let (before, rest) = name.split_once('(')?;
                let (abbrev, after) = rest.split_once(')')?;
                let law = citation::law_key(abbrev)?;
                (after.trim().is_empty() && citation::law_key(before) == Some(law)).then_some(law)
            })
        })
}

/// The number of a statute's section (`§ 307`, `Art. 6`): `307`, `6`;
/// `None` when it is no plain number (`§§ 3 bis 6`).
fn own_number(section: &str) -> Option<String> {
    let number = section
        .trim_start_matches(['§', ' '])
        .trim_start_matches("Art.")
        .trim_start_matches("Artikel")
        .trim()
        .to_lowercase();
    let digits = number.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && number[digits..].bytes().all(|b| b.is_ascii_lowercase())).then_some(number)
}

/// The norms a statute's record is: `law number` from its section's
/// number ([`own_number`]), and with `abs` when its clause is a numbered
/// paragraph (`(1)`).
fn own_norm(law: &str, number: Option<&str>, clause: Option<&str>) -> Vec<String> {
    let Some(number) = number else {
        return Vec::new();
    };
    let base = format!("{law} {number}");
    let para = clause
        .and_then(|c| c.strip_prefix('('))
        .and_then(|c| c.strip_suffix(')'))
        .filter(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()));
    match para {
        Some(p) => vec![base.clone(), format!("{base} abs{p}")],
        None => vec![base],
    }
}

/// The stable ids of one file's records, given in file order:
/// `path#label-hash`, the citation label without white space (`§23(7)`;
/// nothing for unnumbered text) and the first six hex digits of the hash of
/// the white-space-normalised text ([`text_hash`]). An edit elsewhere in the
/// file leaves the id as it was; an edit of the clause, or a new number,
/// changes it. When records share label and text (a repeated unnumbered
/// paragraph), the second and later in file order get `.2`, `.3`, …
/// appended.
#[derive(Default)]
struct StableIds {
    /// How often each id base was given, by its label's number in
    /// `labels` and its hash digits: the path is the same for every id of
    /// a file and the digits have a fixed width, so these tell the bases
    /// apart without holding a copy of the path, or of the label, per
    /// record.
    seen: std::collections::HashMap<(usize, u32), u32>,
    /// The labels given so far (without white space), each numbered once:
    /// a file repeats few labels many times (`§1(1)` in every law).
    labels: std::collections::HashMap<String, usize>,
}

impl StableIds {
    /// The id of the next record, from its label and its text's
    /// [`text_hash`].
    fn next(&mut self, path: &str, label: &str, hash: u64) -> String {
        let label: String = label.split_whitespace().collect();
        let digits = u32::try_from(hash >> 40).unwrap_or(u32::MAX);
        let base = format!("{path}#{label}-{digits:06x}");
        let known = self.labels.len();
        let number = *self.labels.entry(label).or_insert(known);
        let n = self.seen.entry((number, digits)).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{base}.{n}")
        }
    }
}

/// Whether `reference` has the form of a stable id (`StableIds`):
/// `…#label-hhhhhh` with an optional `.n`.
pub fn is_stable_id(reference: &str) -> bool {
    let Some((_, tail)) = reference.rsplit_once('#') else {
        return false;
    };
    let Some((_, hash)) = tail.rsplit_once('-') else {
        return false;
    };
    let (hash, dup) = hash.split_once('.').unwrap_or((hash, "1"));
    hash.len() == 6
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
        && !dup.is_empty()
        && dup.bytes().all(|b| b.is_ascii_digit())
}

/// The largest record, in bytes. A longer clause (a file that is one
/// paragraph, a PDF extraction without line breaks) becomes several records
/// cut at sentence ends, so that one hit never costs more than this to
/// store, fetch and highlight.
pub const MAX_RECORD_BYTES: usize = 64 * 1024;

/// Line numbers of increasing byte offsets within one part: from the
/// part's first line, counting the line breaks passed. The same numbers as
/// one more than the line breaks before each offset in the whole text (the
/// part's first line is the line of its first byte), without a table of
/// the whole file's line starts (20 MB for 2.5 M lines).
struct LineCursor<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
}

impl LineCursor<'_> {
    /// The 1-based line of byte `to`, at or after the last one asked for.
    fn line(&mut self, to: usize) -> usize {
        if to > self.at {
            let end = to.min(self.bytes.len());
            let passed = self
                .bytes
                .get(self.at..end)
                .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
            self.line += passed;
            self.at = end;
        }
        self.line
    }
}

/// Cuts a part longer than [`MAX_RECORD_BYTES`] into consecutive pieces of
/// at most that size: after the last sentence end (`.`, `!`, `?` or `;`
/// followed by white space) in the second half of the window, else after
/// the last white space, else at a character boundary. White space between
/// pieces belongs to none; each piece keeps the part's citation and gets
/// its own exact byte range and lines.
fn split_long(part: Part, text: &str) -> Vec<Part> {
    if part.bytes.len() <= MAX_RECORD_BYTES {
        return vec![part];
    }
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let (mut start, end) = (part.bytes.start, part.bytes.end);
    let mut lines = LineCursor {
        bytes,
        at: start,
        line: part.lines.0,
    };
    while start < end {
        let mut cut = end;
        if end - start > MAX_RECORD_BYTES {
            let limit = floor_boundary(text, start + MAX_RECORD_BYTES);
            let half = start + MAX_RECORD_BYTES / 2;
            let window = &bytes[half..limit];
            let sentence = window.windows(2).rposition(|w| {
                matches!(w[0], b'.' | b'!' | b'?' | b';') && w[1].is_ascii_whitespace()
            });
            cut = match sentence {
                Some(i) => half + i + 1,
                None => match window.iter().rposition(u8::is_ascii_whitespace) {
                    Some(i) => half + i,
                    None => limit,
                },
            };
        }
        // The piece without white space at its end.
        let mut piece_end = cut;
        while piece_end > start && bytes[piece_end - 1].is_ascii_whitespace() {
            piece_end -= 1;
        }
        if piece_end > start {
            pieces.push(Part {
                doc: part.doc,
                section: part.section.clone(),
                clause: part.clause.clone(),
                label: part.label.clone(),
                heading_path: part.heading_path.clone(),
                lines: (lines.line(start), lines.line(piece_end - 1)),
                bytes: start..piece_end,
                record_type: part.record_type,
            });
        }
        start = cut;
        while start < end && bytes[start].is_ascii_whitespace() {
            start += 1;
        }
    }
    pieces
}

/// The clauses and body-less headings of a chunked file as parts, in the
/// order of a stable sort by start byte of the clauses followed by the
/// headings: a merge of the two when each is in that order already (the
/// chunker makes them in document order), else that sort. Consumes both,
/// so the strings of a part go to its record instead of being copied.
fn merged_parts<'a>(
    clauses: chunk::Blocks<chunk::RawClause>,
    headings: Vec<crate::model::Heading>,
    path_nodes: &'a [chunk::PathNode],
) -> Box<dyn Iterator<Item = Part> + 'a> {
    let clause_part = |c: chunk::RawClause| Part {
        doc: c.doc,
        label: c.label(),
        heading_path: chunk::heading_path(path_nodes, c.path),
        section: c.section.map(String::from),
        clause: c.clause.map(String::from),
        lines: (c.line_start, c.line_end),
        bytes: c.bytes,
        record_type: "clause",
    };
    let heading_part = |h: crate::model::Heading| Part {
        doc: h.doc,
        section: h.number.clone(),
        clause: None,
        label: h.number.unwrap_or_default(),
        heading_path: vec![h.title],
        lines: (h.line, h.line),
        bytes: h.bytes,
        record_type: "heading",
    };
    let headings: Vec<crate::model::Heading> = headings.into_iter().filter(|h| h.empty).collect();
    if !clauses.iter().is_sorted_by_key(|c| c.bytes.start)
        || !headings.is_sorted_by_key(|h| h.bytes.start)
    {
        let mut parts: Vec<Part> = clauses.into_iter().map(clause_part).collect();
        parts.extend(headings.into_iter().map(heading_part));
        parts.sort_by_key(|p| p.bytes.start);
        return Box::new(parts.into_iter());
    }
    let mut clauses = clauses.into_iter().peekable();
    let mut headings = headings.into_iter().peekable();
    Box::new(std::iter::from_fn(move || {
        match (clauses.peek(), headings.peek()) {
            (Some(c), Some(h)) if h.bytes.start < c.bytes.start => {
                headings.next().map(heading_part)
            }
            (Some(_), _) => clauses.next().map(clause_part),
            (None, _) => headings.next().map(heading_part),
        }
    }))
}

/// A record's place and numbers, before its text, language and citations.
struct Part {
    doc: usize,
    section: Option<String>,
    clause: Option<String>,
    label: String,
    heading_path: Vec<String>,
    lines: (usize, usize),
    bytes: std::ops::Range<usize>,
    record_type: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause(start: usize) -> chunk::RawClause {
        chunk::RawClause {
            doc: 0,
            section: None,
            // Labelled `c{start}`: a clause number alone is the label.
            clause: Some(format!("c{start}").into()),
            path: None,
            line_start: 1,
            line_end: 1,
            bytes: start..start + 1,
        }
    }

    fn heading(start: usize, empty: bool) -> crate::model::Heading {
        crate::model::Heading {
            doc: 0,
            number: Some(format!("h{start}")),
            title: String::new(),
            level: 1,
            line: 1,
            bytes: start..start + 1,
            empty,
        }
    }

    fn order(clauses: Vec<chunk::RawClause>, headings: Vec<crate::model::Heading>) -> Vec<String> {
        let mut blocks = chunk::Blocks::default();
        for c in clauses {
            blocks.push(c);
        }
        merged_parts(blocks, headings, &[])
            .map(|p| p.label)
            .collect()
    }

    /// A document that names no title is called by its kind in the
    /// file's language.
    #[test]
    fn an_untitled_document_is_named_in_its_language() {
        let title = |text: &str| {
            file_records("x.txt", text, None, None)
                .first()
                .map(|r| r.document.clone())
        };
        let de = "§ 1 Geltungsbereich\n\n(1) Für alle Bestellungen über unseren Shop gelten \
                  die folgenden Bedingungen, soweit nichts anderes vereinbart ist.\n\n\
                  § 2 Vertragsschluss\n\n(1) Der Vertrag kommt mit der Annahme der \
                  Bestellung durch uns zustande.\n";
        let en = "1. Scope\n\n1.1 These conditions apply to all orders placed in our shop \
                  unless otherwise agreed.\n\n2. Contract\n\n2.1 The contract is concluded \
                  when we accept the order.\n";
        assert_eq!(
            title(de).as_deref(),
            Some("Allgemeine Geschäftsbedingungen")
        );
        assert_eq!(title(en).as_deref(), Some("Terms and Conditions"));
    }

    /// The merge gives the order of the stable sort it replaced: by start
    /// byte, a clause before a heading at the same byte, headings with a
    /// body left out; out-of-order input is sorted as before.
    #[test]
    fn parts_merge_as_the_stable_sort_did() {
        let clauses = vec![clause(0), clause(5), clause(5), clause(9)];
        let headings = vec![
            heading(2, true),
            heading(3, false),
            heading(5, true),
            heading(12, true),
        ];
        assert_eq!(
            order(clauses, headings),
            ["c0", "h2", "c5", "c5", "h5", "c9", "h12"]
        );
        let clauses = vec![clause(9), clause(1)];
        let headings = vec![heading(4, true), heading(1, true)];
        assert_eq!(order(clauses, headings), ["c1", "h1", "h4", "c9"]);
        assert_eq!(order(Vec::new(), vec![heading(1, true)]), ["h1"]);
        assert_eq!(order(vec![clause(1)], Vec::new()), ["c1"]);
    }

    proptest::proptest! {
        /// The byte-wise word split hashes what `split_whitespace` makes.
        #[test]
        fn text_hash_splits_as_split_whitespace(
            text in "[a \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{202f}\u{3000}äß€]{0,40}"
        ) {
            let mut streamed = xxhash_rust::xxh3::Xxh3::new();
            for w in text.split_whitespace() {
                streamed.update(w.as_bytes());
                streamed.update(b" ");
            }
            proptest::prop_assert_eq!(text_hash(&text), streamed.digest());
        }
    }

    /// A record cut from a part longer than [`MAX_RECORD_BYTES`] has the
    /// lines of its first and last byte: one more than the line breaks
    /// before them in the whole text, as the whole-file line table gave.
    #[test]
    fn long_part_pieces_have_their_lines() {
        let para = "Ein Satz, der hier lang\nist und weiter geht.\n".repeat(4000);
        // A Markdown statute: blank-separated paragraphs, lines joined.
        let text =
            format!("## § 1 Titel\n\n{para}\n## § 2 Ende\n\n(1) Kurz.\n\nNoch ein Absatz.\n");
        let line_of = |at: usize| 1 + text[..at].matches('\n').count();
        let records = file_records("long.md", &text, None, None);
        let spans: Vec<(&str, usize, usize)> = records
            .iter()
            .map(|r| (r.label.as_str(), r.line_start, r.line_end))
            .collect();
        assert_eq!(
            spans,
            [
                ("§ 1", 3, 2914),
                ("§ 1", 2915, 5826),
                ("§ 1", 5827, 8002),
                ("§ 2 (1)", 8006, 8008)
            ]
        );
        for r in &records {
            assert!(r.byte_end - r.byte_start <= MAX_RECORD_BYTES);
            assert_eq!(
                (r.line_start, r.line_end),
                (line_of(r.byte_start), line_of(r.byte_end - 1)),
                "{}",
                r.label
            );
        }
    }

    /// A repeated label and text gets `.2`, `.3`; the same text under
    /// another label, or another text under the same label, does not.
    #[test]
    fn stable_ids_count_label_and_text() {
        let mut ids = StableIds::default();
        let h = 0xabcd_ef12_3456_7890_u64;
        let other = 0x0123_4567_0000_0000_u64;
        let got: Vec<String> = [
            ("§ 1 (1)", h),
            ("§1(1)", h),
            ("§ 2 (1)", h),
            ("§ 1 (1)", other),
            ("", h),
            ("", h),
            ("§ 1  (1)", h),
        ]
        .iter()
        .map(|&(label, hash)| ids.next("a.md", label, hash))
        .collect();
        assert_eq!(
            got,
            [
                "a.md#§1(1)-abcdef",
                "a.md#§1(1)-abcdef.2",
                "a.md#§2(1)-abcdef",
                "a.md#§1(1)-012345",
                "a.md#-abcdef",
                "a.md#-abcdef.2",
                "a.md#§1(1)-abcdef.3"
            ]
        );
    }

    #[test]
    fn statutes_by_vendor_or_title() {
        let none: &[String] = &[];
        assert_eq!(statute_law("bgb-305-310", none).as_deref(), Some("bgb"));
        assert_eq!(statute_law("GG-BJNR000010949", none).as_deref(), Some("gg"));
        assert_eq!(statute_law("GG-BJNR", none), None);
        assert_eq!(statute_law("GG-Kommentar", none), None);
        assert_eq!(
            statute_law("UKlaG-BJNR317300001", none).as_deref(),
            Some("uklag")
        );
        let title = ["Handelsgesetzbuch".to_string()];
        assert_eq!(statute_law("hgb-auszug", &title).as_deref(), Some("hgb"));
        assert_eq!(statute_law("Acme GmbH", none), None);
        // A juris name klausel does not know: keyed by its abbreviation.
        for (vendor, key) in [
            ("StUG-BJNR022720991", "stug"),
            ("KWG-BJNR008810961", "kwg"),
            ("HinSchG-BJNR08C0B002", "hinschg"),
            ("CO2KostAufG-BJNR215410022", "co2kostaufg"),
        ] {
            assert_eq!(statute_law(vendor, none).as_deref(), Some(key), "{vendor}");
        }
        // Not an abbreviation's shape, or not a juris name: no statute.
        assert_eq!(statute_law("1._BImSchV-BJNR003800010", none), None);
        assert_eq!(statute_law("Gesetz-BJNR1", none), None);
        assert_eq!(statute_law("StUG-Kommentar", none), None);
    }

    #[test]
    fn a_statute_section_number() {
        assert_eq!(own_number("§ 307").as_deref(), Some("307"));
        assert_eq!(own_number("§ 536a").as_deref(), Some("536a"));
        assert_eq!(own_number("Art. 6").as_deref(), Some("6"));
        assert_eq!(own_number("§§ 3 bis 6"), None);
        assert_eq!(
            own_norm("bgb", Some("307"), Some("(1)")),
            ["bgb 307", "bgb 307 abs1"]
        );
        assert_eq!(own_norm("bgb", None, Some("(1)")), Vec::<String>::new());
    }

    /// Identical clauses collapse across indexes built before and after the
    /// hash was computed in one call, so the value must not change.
    #[test]
    fn text_hash_is_the_word_stream_hash() {
        let text = "  Gerichtsstand ist\tStuttgart.\n\n(2) Es gilt  deutsches Recht. ";
        let mut streamed = xxhash_rust::xxh3::Xxh3::new();
        for w in text.split_whitespace() {
            streamed.update(w.as_bytes());
            streamed.update(b" ");
        }
        assert_eq!(text_hash(text), streamed.digest());
        assert_eq!(
            text_hash(text),
            text_hash("Gerichtsstand ist Stuttgart. (2) Es gilt deutsches Recht.")
        );
        assert_ne!(text_hash(text), text_hash("Gerichtsstand ist München."));
        // Unicode white space separates words too, as in `split_whitespace`.
        for text in [
            "",
            " ",
            "a",
            "\u{a0}Frist\u{2003}von\u{3000}zwei Wochen\u{85}",
            "Grüße\u{2028}\u{2029}aus\r\n\tMünchen\u{b}\u{c}!",
            "\u{feff}Preis: 5\u{202f}€ ",
        ] {
            let mut streamed = xxhash_rust::xxh3::Xxh3::new();
            for w in text.split_whitespace() {
                streamed.update(w.as_bytes());
                streamed.update(b" ");
            }
            assert_eq!(text_hash(text), streamed.digest(), "{text:?}");
        }
    }
}
