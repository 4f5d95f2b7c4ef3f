//! Batch mode: many queries through one open index (`klausel search
//! --batch`). Each input line is a query as typed, or a JSON object with
//! the query and its options (`{"q": "Haftung", "limit": 3}`). A line that
//! cannot be used becomes an error answer for that line and the batch goes
//! on; only an error of the index or of the input itself ends it.

use super::{SearchOptions, SearchResult, Searcher};
use crate::error::{Error, Result};
use crate::model::Language;
use serde::Deserialize;
use std::io::BufRead;
use std::path::Path;

/// The longest input line read, in bytes (without its newline). A query
/// has at most 4096 bytes; its options fit easily in the rest. A longer
/// line is skipped to its end, never held in memory.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// One query of a batch, with the options it is run with.
#[derive(Debug, Clone)]
pub struct Request {
    /// The query as typed.
    pub query: String,
    /// Its options: the batch's defaults, overridden by the line's own.
    pub options: SearchOptions,
}

/// The options a JSON line may give. Unknown fields are refused, so that a
/// misspelt option is an error, never silently ignored.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonLine {
    q: String,
    limit: Option<usize>,
    count: Option<bool>,
    #[serde(rename = "and")]
    and_mode: Option<bool>,
    lang: Option<String>,
    vendor: Option<String>,
    kind: Option<String>,
    no_expand: Option<bool>,
}

/// Reads one input line: a query, or a JSON object when it starts with
/// `{`. `Ok(None)` for a blank line, which asks nothing.
pub fn parse_line(line: &str, defaults: &SearchOptions) -> Result<Option<Request>> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if !trimmed.starts_with('{') {
        return Ok(Some(Request {
            query: line.to_string(),
            options: defaults.clone(),
        }));
    }
    let j: JsonLine = serde_json::from_str(trimmed).map_err(|e| Error::BadLine(e.to_string()))?;
    let mut options = defaults.clone();
    if let Some(limit) = j.limit {
        options.limit = limit;
    }
    if j.count == Some(true) {
        options.limit = 0;
    }
    if let Some(and_mode) = j.and_mode {
        options.query.and_mode = and_mode;
    }
    if let Some(no_expand) = j.no_expand {
        options.query.expand = !no_expand;
    }
    if let Some(lang) = j.lang {
        options.query.lang =
            Some(Language::parse(&lang).ok_or_else(|| Error::UnknownLanguage(lang.clone()))?);
    }
    if let Some(vendor) = j.vendor {
        options.vendor = Some(vendor);
    }
    if let Some(kind) = j.kind {
        options.kind = Some(kind);
    }
    Ok(Some(Request {
        query: j.q,
        options,
    }))
}

/// One answer of a batch, in input order.
#[derive(Debug)]
pub enum Answer<'a> {
    /// The query ran.
    Result {
        /// 0-based line number of the query in the input.
        n: usize,
        /// What it found.
        result: &'a SearchResult,
    },
    /// The line could not be run: a malformed query or JSON line, an
    /// unknown vendor, a line too long or not UTF-8.
    Error {
        /// 0-based line number.
        n: usize,
        /// The query, or the line as read when it held none.
        query: &'a str,
        /// Why.
        error: &'a Error,
    },
}

/// What a batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Queries answered (blank lines not counted).
    pub queries: usize,
    /// Queries with at least one matching clause.
    pub with_hits: usize,
    /// Lines answered with an error.
    pub errors: usize,
}

/// Whether an error belongs to one line of a batch (the batch goes on)
/// rather than to the index (the batch stops).
pub fn is_line_error(e: &Error) -> bool {
    matches!(
        e,
        Error::Query(_)
            | Error::BadLine(_)
            | Error::UnknownVendor { .. }
            | Error::AmbiguousVendor { .. }
            | Error::UnknownKind(_)
            | Error::UnknownLanguage(_)
            | Error::NotACitation(_)
    )
}

/// One line of input, read without ever holding more than
/// [`MAX_LINE_BYTES`] of it.
enum Line {
    End,
    Text,
    TooLong(usize),
}

fn read_line(input: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<Line> {
    buf.clear();
    let mut len = 0usize;
    let mut any = false;
    loop {
        let available = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(match (any, len > MAX_LINE_BYTES) {
                (false, _) => Line::End,
                (true, false) => Line::Text,
                (true, true) => Line::TooLong(len),
            });
        }
        any = true;
        let newline = available.iter().position(|&b| b == b'\n');
        let part = &available[..newline.unwrap_or(available.len())];
        if len + part.len() <= MAX_LINE_BYTES {
            buf.extend_from_slice(part);
        }
        len += part.len();
        let used = newline.map_or(available.len(), |i| i + 1);
        input.consume(used);
        if newline.is_some() {
            return Ok(if len > MAX_LINE_BYTES {
                Line::TooLong(len)
            } else {
                Line::Text
            });
        }
    }
}

/// Runs every line of `input` through `searcher`, in order, and hands each
/// answer to `answer` as soon as it is ready. `source` names the input in
/// an I/O error. Stops at the first error that is not a line's own (a
/// damaged index, an unreadable input) or that `answer` returns.
pub fn run(
    searcher: &Searcher,
    input: &mut impl BufRead,
    source: &Path,
    defaults: &SearchOptions,
    mut answer: impl FnMut(Answer<'_>) -> Result<()>,
) -> Result<Stats> {
    let mut stats = Stats::default();
    let mut buf = Vec::new();
    for n in 0.. {
        let line = read_line(input, &mut buf).map_err(|e| Error::io(source, e))?;
        let request = match line {
            Line::End => break,
            Line::TooLong(len) => Err(Error::BadLine(format!(
                "line too long: {len} bytes, at most {MAX_LINE_BYTES}"
            ))),
            Line::Text => std::str::from_utf8(&buf)
                .map_err(|_| Error::BadLine("not UTF-8".into()))
                .and_then(|text| parse_line(text, defaults)),
        };
        let outcome = match request {
            Ok(None) => continue,
            Ok(Some(r)) => searcher
                .search(&r.query, &r.options)
                .map_err(|e| (r.query, e)),
            Err(e) => Err((as_read(&buf), e)),
        };
        stats.queries += 1;
        match outcome {
            Ok(result) => {
                if result.total_hits > 0 {
                    stats.with_hits += 1;
                }
                answer(Answer::Result { n, result: &result })?;
            }
            Err((query, error)) if is_line_error(&error) => {
                stats.errors += 1;
                answer(Answer::Error {
                    n,
                    query: &query,
                    error: &error,
                })?;
            }
            Err((_, error)) => return Err(error),
        }
    }
    Ok(stats)
}

/// A line that held no usable query, as read, to tag its error with: at
/// most its first 4096 bytes, invalid UTF-8 replaced.
fn as_read(buf: &[u8]) -> String {
    let text = String::from_utf8_lossy(buf);
    let text = text.strip_suffix('\r').unwrap_or(&text);
    let cut = crate::text::floor_boundary(text, 4096);
    text[..cut].to_string()
}
