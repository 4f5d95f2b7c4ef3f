//! The clause chunker: splits a document's text into clause records.
//!
//! Pure: no I/O. Never fails: any input yields a (possibly empty) [`Chunked`].

use crate::model::{Chunked, Clause, DocKind, SubDocument};

/// Splits `text` into documents, headings and clause records.
///
/// Placeholder: one clause per blank-line separated paragraph.
pub fn chunk(text: &str) -> Chunked {
    let mut out = Chunked::default();
    let total_lines = text.lines().count().max(1);
    out.documents.push(SubDocument {
        title: None,
        kind: DocKind::Other,
        line_start: 1,
        line_end: total_lines,
    });
    let mut start: Option<(usize, usize)> = None; // (byte, line)
    let mut offset = 0usize;
    let mut last_end = (0usize, 0usize);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let lineno = i + 1;
        let blank = line.trim().is_empty();
        if blank {
            if let Some((b, l)) = start.take() {
                out.clauses.push(para(b, l, last_end));
            }
        } else {
            if start.is_none() {
                start = Some((offset + (line.len() - line.trim_start().len()), lineno));
            }
            last_end = (offset + line.trim_end().len(), lineno);
        }
        offset += line.len();
    }
    if let Some((b, l)) = start.take() {
        out.clauses.push(para(b, l, last_end));
    }
    out
}

fn para(byte_start: usize, line_start: usize, end: (usize, usize)) -> Clause {
    Clause {
        doc: 0,
        section: None,
        clause: None,
        label: String::new(),
        heading_path: Vec::new(),
        line_start,
        line_end: end.1,
        bytes: byte_start..end.0,
    }
}
