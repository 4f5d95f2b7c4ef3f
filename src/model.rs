//! The plain data types every layer shares: languages, document kinds and the
//! clause records the chunker produces.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The language of a clause. klausel analyses German and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// German.
    De,
    /// English.
    En,
}

impl Language {
    /// The ISO 639-1 code, as stored in the index and printed in JSON.
    pub fn code(self) -> &'static str {
        match self {
            Language::De => "de",
            Language::En => "en",
        }
    }

    /// Parses `de`, `en`, `german`, `english`, `deutsch` (any case).
    pub fn parse(s: &str) -> Option<Language> {
        match s.trim().to_ascii_lowercase().as_str() {
            "de" | "deu" | "ger" | "german" | "deutsch" => Some(Language::De),
            "en" | "eng" | "english" | "englisch" => Some(Language::En),
            _ => None,
        }
    }
}

/// What kind of document a clause belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// General terms and conditions, contracts.
    Terms,
    /// Privacy policies and data protection declarations.
    Privacy,
    /// Imprints (Impressum): company address, register court, managing directors.
    Imprint,
    /// Price lists and rate cards.
    PriceList,
    /// Anything else.
    #[default]
    Other,
}

impl DocKind {
    /// The name stored in the index and accepted by `kind:`.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Terms => "terms",
            DocKind::Privacy => "privacy",
            DocKind::Imprint => "imprint",
            DocKind::PriceList => "price_list",
            DocKind::Other => "other",
        }
    }

    /// Parses the names of [`DocKind::as_str`], plus a few synonyms.
    pub fn parse(s: &str) -> Option<DocKind> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['-', ' '], "_")
            .as_str()
        {
            "terms" | "gtc" | "agb" | "contract" => Some(DocKind::Terms),
            "privacy" | "datenschutz" => Some(DocKind::Privacy),
            "imprint" | "impressum" => Some(DocKind::Imprint),
            "price_list" | "prices" | "pricelist" | "preisliste" => Some(DocKind::PriceList),
            "other" => Some(DocKind::Other),
            _ => None,
        }
    }
}

/// One document found inside a file. A file may hold several (a privacy
/// declaration, then an imprint, then terms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubDocument {
    /// The document's own title: its title line (`General Terms and
    /// Conditions of eMind GmbH`), else the document its first sentences
    /// name (`These General Terms and Conditions …`); never a section heading.
    pub title: Option<String>,
    /// The kind of document.
    pub kind: DocKind,
    /// First line (1-based) of the document.
    pub line_start: usize,
    /// Last line (1-based, inclusive) of the document.
    pub line_end: usize,
}

/// A heading line: metadata of the clauses under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// Index into [`Chunked::documents`].
    pub doc: usize,
    /// Normalised number of the heading, e.g. `§ 23` or `13`, if numbered.
    pub number: Option<String>,
    /// Heading text without its number, e.g. `Final Provisions`.
    pub title: String,
    /// Nesting depth, 0 for top-level headings.
    pub level: usize,
    /// 1-based line of the heading.
    pub line: usize,
    /// Byte range of the heading in the text.
    pub bytes: Range<usize>,
    /// True when no clause follows the heading (e.g. `§ 3` in a document
    /// whose § 3 is empty). Such headings are still indexed, so they are findable.
    pub empty: bool,
}

/// One clause record: the smallest numbered unit of a document, or an
/// unnumbered paragraph under a heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clause {
    /// Index into [`Chunked::documents`].
    pub doc: usize,
    /// Normalised section number, e.g. `§ 23` or `13`.
    pub section: Option<String>,
    /// Normalised clause number, e.g. `(7)`, `13.2` or `(2.)`.
    pub clause: Option<String>,
    /// The citation label, e.g. `§ 23 (7)` or `13.2`; empty for unnumbered text.
    pub label: String,
    /// Heading path from the outermost heading inwards, e.g. `["Final Provisions"]`.
    pub heading_path: Vec<String>,
    /// 1-based first line.
    pub line_start: usize,
    /// 1-based last line (inclusive).
    pub line_end: usize,
    /// Byte range in the (decoded) text. The clause text is exactly this slice.
    pub bytes: Range<usize>,
}

impl Clause {
    /// The clause text: the slice of the source text this clause covers.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.bytes.clone()).unwrap_or("")
    }
}

/// Why a line is page furniture rather than text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FurnitureKind {
    /// `Page 3`, `Page 2 of 4`, `Seite 2 von 5`, `- 3 -`, a bare page number.
    PageNumber,
    /// A line repeated on every page: a running title or footer
    /// (`Source: ACME INC, 10-K, 3/2/2010`).
    RunningTitle,
    /// A table-of-contents line (`5. GOVERNING LAW - ARBITRATION 7`) or the
    /// contents page's own heading.
    Contents,
    /// A web page's chrome copied with its text, at the top or the end of
    /// the file: a cookie notice with its buttons, a menu (`Start | Shop |
    /// AGB`), a copyright footer (`© 2024 Beispiel GmbH`).
    Chrome,
}

/// A line of page furniture: it stays in the file (line numbers do not
/// change) but belongs to no clause and is never a heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Furniture {
    /// 1-based line.
    pub line: usize,
    /// Byte range of the line in the text.
    pub bytes: Range<usize>,
    /// What kind of furniture.
    pub kind: FurnitureKind,
}

/// Everything the chunker found in one file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Chunked {
    /// The documents in file order. Never empty for non-blank input.
    pub documents: Vec<SubDocument>,
    /// Clause records in document order.
    pub clauses: Vec<Clause>,
    /// Heading lines in document order.
    pub headings: Vec<Heading>,
    /// Page furniture and contents lines, in document order.
    pub furniture: Vec<Furniture>,
}
