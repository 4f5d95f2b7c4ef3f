//! Reading PDF, HTML and DOCX: bytes in, plain text out.
//!
//! Pure: every function here takes the file's bytes and returns text the
//! chunker reads like a .txt file, or a typed error that names the reason.
//! No function panics on any input; the PDF reader, which is a third-party
//! parser, runs under `catch_unwind` as a second line of defence.
//!
//! The text is built for the chunker:
//! - a PDF page break is a form feed (`\x0c`) at the start of the first line
//!   of the next page, so a byte offset's page is the number of form feeds
//!   before it plus one ([`page_at`]); running headers, footers and page
//!   numbers are recognised from the page geometry and left out;
//! - headings are lines of their own, preceded by the number the reader
//!   sees (`§ 7 Liability`, `4.2 Title`), and paragraphs are separated by a
//!   blank line, each starting with its list label (`(2) …`, `(a) …`)
//!   where Word or the browser draws one.

mod docx;
mod html;
#[cfg(feature = "pdf")]
mod pdf;
mod zip;

use std::borrow::Cow;
use std::path::Path;

/// A file format klausel reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text (`.txt`).
    Text,
    /// Markdown (`.md`, `.markdown`).
    Markdown,
    /// PDF with a text layer (`.pdf`).
    Pdf,
    /// HTML (`.html`, `.htm`, `.xhtml`).
    Html,
    /// Word (`.docx`).
    Docx,
}

impl Format {
    /// Every format, in the order `--formats` lists them.
    pub const ALL: [Format; 5] = [
        Format::Text,
        Format::Markdown,
        Format::Pdf,
        Format::Html,
        Format::Docx,
    ];

    /// The format a file name's extension names (case-insensitive).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "pdf" => Format::Pdf,
            "html" | "htm" | "xhtml" => Format::Html,
            "docx" => Format::Docx,
            _ => return None,
        })
    }

    /// The format's name as `--formats` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Docx => "docx",
        }
    }

    /// The format `--formats` names (`txt`, `md`, `pdf`, `html`, `docx`).
    pub fn from_name(name: &str) -> Option<Format> {
        let n = name.trim().trim_start_matches('.').to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.name() == n || (n == "htm" && *f == Format::Html))
    }

    /// Whether the text comes out of [`extract`] rather than a decoder.
    pub fn is_document(self) -> bool {
        matches!(self, Format::Pdf | Format::Html | Format::Docx)
    }
}

/// Text extracted from a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// The text the chunker reads; PDF pages are separated by `\x0c`.
    pub text: String,
    /// Things a user may want to know (tracked changes accepted, …).
    pub notes: Vec<String>,
    /// The document's title where its markup says which line it is (an
    /// HTML page's first `<h1>` kept in `text`): a line of `text`, for the
    /// chunker ([`crate::chunk::chunk_titled`]).
    pub title: Option<String>,
}

/// A file's text as [`read`] gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Read<'a> {
    /// The text the chunker reads.
    pub text: Cow<'a, str>,
    /// A warning worth showing (a legacy encoding).
    pub warning: Option<String>,
    /// As [`Extracted::title`].
    pub title: Option<String>,
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// A PDF whose pages are images only.
    #[error("no text layer; OCR is not supported, skipped")]
    NoTextLayer,
    /// A PDF that only opens with a user password.
    #[error("needs a password, skipped")]
    NeedsPassword,
    /// A PDF that cannot be parsed.
    #[error("damaged PDF: {0}, skipped")]
    DamagedPdf(String),
    /// A DOCX that is not a readable zip of WordprocessingML.
    #[error("damaged DOCX: {0}, skipped")]
    DamagedDocx(String),
    /// A document with no text at all.
    #[error("no text, skipped")]
    Empty,
    /// A format this build of klausel leaves out (cargo feature `pdf`).
    #[error("{0} support is not built in, skipped")]
    Unsupported(&'static str),
    /// Text and Markdown are decoded, not extracted.
    #[error("not a document format")]
    NotADocument,
}

/// Extracts the text of a PDF, HTML or DOCX file from its bytes.
pub fn extract(format: Format, bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let out = match format {
        #[cfg(feature = "pdf")]
        Format::Pdf => pdf::extract(bytes)?,
        #[cfg(not(feature = "pdf"))]
        Format::Pdf => return Err(ExtractError::Unsupported("PDF")),
        Format::Html => html::extract(bytes),
        Format::Docx => docx::extract(bytes)?,
        Format::Text | Format::Markdown => return Err(ExtractError::NotADocument),
    };
    if out.text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(out)
}

/// The text of a file of any format, a warning worth showing (a legacy
/// encoding) when there is one, and the title its markup marks; the reason
/// as a sentence when it cannot be read. Text and Markdown are decoded
/// ([`crate::corpus::decode`]), the other formats extracted.
pub fn read(format: Format, bytes: &[u8]) -> Result<Read<'_>, String> {
    if format.is_document() {
        let out = extract(format, bytes).map_err(|e| e.to_string())?;
        return Ok(Read {
            text: Cow::Owned(out.text),
            warning: None,
            title: out.title,
        });
    }
    let (text, encoding) = crate::corpus::decode(bytes).map_err(|e| e.to_string())?;
    Ok(Read {
        text,
        warning: encoding.warning(),
        title: None,
    })
}

/// The pages of an extracted text: the offsets of its form feeds, so that
/// a range's pages cost a binary search. A page is one more than the form
/// feeds before an offset (a form feed at the offset itself counts, since
/// the page it starts begins there); text without form feeds is all page 1.
#[derive(Debug, Clone)]
pub struct Pages<'a> {
    text: &'a str,
    feeds: Vec<usize>,
}

impl<'a> Pages<'a> {
    /// Indexes the form feeds of `text`.
    pub fn new(text: &'a str) -> Pages<'a> {
        let feeds = text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == 0x0c)
            .map(|(i, _)| i)
            .collect();
        Pages { text, feeds }
    }

    /// The 1-based page of byte `offset`.
    pub fn at(&self, offset: usize) -> u32 {
        let end = (offset + 1).min(self.text.len());
        let before = self.feeds.partition_point(|&f| f < end);
        1 + u32::try_from(before).unwrap_or(u32::MAX - 1)
    }

    /// The pages a byte range covers, first and last, from its first and
    /// last non-blank character.
    pub fn span(&self, range: std::ops::Range<usize>) -> (u32, u32) {
        let slice = self.text.get(range.clone()).unwrap_or("");
        let lead = slice.len()
            - slice
                .trim_start_matches(|c: char| c.is_whitespace() && c != '\x0c')
                .len();
        let trail = slice.trim_end().len();
        let first = self.at(range.start + lead);
        let last = self.at(range.start + trail.saturating_sub(1)).max(first);
        (first, last)
    }
}

/// Collapses runs of whitespace inside a line to one space and trims it.
fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // The pages by a scan from the start: the reference `Pages` is held to.
    /// The 1-based page of byte `offset` in extracted text: one more than the
    /// form feeds before it (a form feed at `offset` itself counts, since the
    /// page it starts begins there). Text without form feeds is all page 1.
    fn page_at(text: &str, offset: usize) -> u32 {
        let end = (offset + 1).min(text.len());
        let head = text.as_bytes().get(..end).unwrap_or(text.as_bytes());
        1 + head.iter().filter(|&&b| b == 0x0c).count() as u32
    }

    /// The pages a byte range covers, first and last, counted as by [`page_at`]
    /// from the first and last non-blank character of the range.
    fn page_span(text: &str, range: std::ops::Range<usize>) -> (u32, u32) {
        let slice = text.get(range.clone()).unwrap_or("");
        let lead = slice.len()
            - slice
                .trim_start_matches(|c: char| c.is_whitespace() && c != '\x0c')
                .len();
        let trail = slice.trim_end().len();
        let first = page_at(text, range.start + lead);
        let last = page_at(text, range.start + trail.saturating_sub(1)).max(first);
        (first, last)
    }

    #[test]
    fn formats_from_paths() {
        assert_eq!(Format::from_path(Path::new("a/B.PDF")), Some(Format::Pdf));
        assert_eq!(Format::from_path(Path::new("x.htm")), Some(Format::Html));
        assert_eq!(Format::from_path(Path::new("x.docx")), Some(Format::Docx));
        assert_eq!(Format::from_path(Path::new("x.doc")), None);
        assert_eq!(Format::from_name("HTM"), Some(Format::Html));
    }

    #[test]
    fn pages_from_form_feeds() {
        let t = "a\nb\n\x0cc\n\x0cd";
        assert_eq!(page_at(t, 0), 1);
        assert_eq!(page_at(t, 4), 2);
        assert_eq!(page_at(t, 5), 2);
        assert_eq!(page_at(t, 8), 3);
        assert_eq!(page_span(t, 0..7), (1, 2));
        assert_eq!(page_span(t, 4..6), (2, 2));
        let pages = Pages::new(t);
        for o in 0..=t.len() + 1 {
            assert_eq!(pages.at(o), page_at(t, o), "{o}");
            for e in o..=t.len() {
                assert_eq!(pages.span(o..e), page_span(t, o..e), "{o}..{e}");
            }
        }
    }
}
