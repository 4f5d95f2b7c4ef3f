//! Printing results: every format of every command, and every summary.
//! The library returns data (hits with match ranges, citations, reports);
//! colour, layout and escaping are decided here.

mod chunk;
mod compare;
mod search;
mod show;
mod summary;

pub use chunk::{chunk_json, chunk_text};
pub use compare::{compare_csv, compare_json, compare_markdown, compare_table, compare_text};
pub use search::{
    batch_answer, batch_error, error_json, error_line, search_json, search_ndjson, search_text, Tag,
};
pub use show::{show_json, show_text};
pub use summary::{auto_build_summary, count, index_summary, index_summary_json, Progress};

use klausel::search::{highlight, Citation, Hit};
use std::borrow::Cow;
use std::io::{self, Write};

/// A JSON document of the contract: `"version"` first, then the value's
/// own fields. Every JSON object and NDJSON line klausel prints goes
/// through this wrapper (via [`json_pretty`] or [`json_line`]), so none can
/// miss the version.
#[derive(serde::Serialize)]
struct Versioned<T: serde::Serialize> {
    version: u32,
    #[serde(flatten)]
    value: T,
}

impl<T: serde::Serialize> Versioned<T> {
    fn new(value: T) -> Self {
        Versioned {
            version: klausel::JSON_VERSION,
            value,
        }
    }
}

/// One JSON object of the contract, pretty-printed, then a newline.
pub fn json_pretty(w: &mut impl Write, value: impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &Versioned::new(value))?;
    writeln!(w)
}

/// One JSON object of the contract on one line (NDJSON), then a newline.
pub fn json_line(w: &mut impl Write, value: impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *w, &Versioned::new(value))?;
    writeln!(w)
}

/// Colours for terminal output.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

/// ANSI bold red marks for matched words on a terminal.
const ANSI_MARKS: highlight::Marks = highlight::Marks {
    open: "\x1b[1;31m",
    close: "\x1b[0m",
};

impl Style {
    /// A hit's snippet, its matches painted when colour is on (the
    /// library's snippet marks them `**` as in the JSON).
    fn snippet<'h>(&self, hit: &'h Hit) -> Cow<'h, str> {
        if self.color {
            Cow::Owned(highlight::snippet(&hit.text, &hit.matches, ANSI_MARKS))
        } else {
            Cow::Borrowed(&hit.snippet)
        }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// `s` with control characters escaped (`\n`, `\t`, `\u{1b}` …): file names,
/// vendors and titles can hold any of them, and printed raw a newline
/// splits a citation line and an escape sequence drives the terminal.
pub fn esc(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `Actimi GmbH · General Terms and Conditions · § 23 (7) Final Provisions · corpus/actimi-gtc.txt:109`,
/// then ` · URL` when the manifest gives the document's URL.
pub fn citation_line(hit: &Hit) -> String {
    let c = Citation::of(hit);
    let url = c.url.unwrap_or("");
    esc(&dotted(&[
        c.vendor,
        c.document,
        &c.place(),
        &c.source(),
        url,
    ]))
    .into_owned()
}

/// The non-empty parts joined with ` · `.
fn dotted(parts: &[&str]) -> String {
    let parts: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    parts.join(" · ")
}
