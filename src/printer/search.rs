//! `search` output: text blocks, JSON, and the typed NDJSON stream (with
//! the JSON error line scripts read).

use super::{citation_line, esc, Style};
use klausel::search::SearchResult;
use std::io::{self, Write};

pub fn search_text(w: &mut impl Write, r: &SearchResult, style: Style) -> io::Result<()> {
    for hit in &r.hits {
        writeln!(
            w,
            "{} {}",
            style.paint("2", &format!("{}.", hit.rank)),
            style.paint("1;36", &citation_line(hit))
        )?;
        writeln!(w, "   {}", style.snippet(hit))?;
        for loc in &hit.also_in {
            writeln!(
                w,
                "   {} {} · {} · {}:{}",
                style.paint("2", "also in"),
                esc(&loc.document),
                esc(&loc.section),
                esc(&loc.path),
                loc.line_start
            )?;
        }
        writeln!(w)?;
    }
    Ok(())
}

pub fn search_json(w: &mut impl Write, r: &SearchResult) -> io::Result<()> {
    super::json_pretty(w, r)
}

/// The tag of a batch answer's lines: the 0-based number of the input
/// line the query came from, and the query.
#[derive(serde::Serialize, Clone, Copy)]
pub struct Tag<'a> {
    pub n: usize,
    pub query: &'a str,
}

/// One line of the NDJSON stream: a value with its `type`, and in a batch
/// the query's tag.
#[derive(serde::Serialize)]
struct Typed<'a, T: serde::Serialize> {
    r#type: &'a str,
    #[serde(flatten)]
    tag: Option<Tag<'a>>,
    #[serde(flatten)]
    value: T,
}

/// The closing line of the NDJSON stream (in a batch the tag names the
/// query instead).
#[derive(serde::Serialize)]
struct Summary<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    query: Option<&'a str>,
    total_hits: usize,
    hits: usize,
    took_ms: f64,
    citations: &'a [String],
}

fn ndjson_line(
    w: &mut impl Write,
    kind: &str,
    tag: Option<Tag<'_>>,
    value: impl serde::Serialize,
) -> io::Result<()> {
    super::json_line(
        w,
        Typed {
            r#type: kind,
            tag,
            value,
        },
    )
}

/// The typed NDJSON stream: one `expansion` line per concept that fired,
/// one `hit` line per hit, then one `summary` line.
pub fn search_ndjson(w: &mut impl Write, r: &SearchResult) -> io::Result<()> {
    ndjson_answer(w, None, r)
}

/// One answer of `search --batch`: the NDJSON stream of the query, every
/// line tagged with the query's line number and text.
pub fn batch_answer(w: &mut impl Write, n: usize, r: &SearchResult) -> io::Result<()> {
    let tag = Tag { n, query: &r.query };
    ndjson_answer(w, Some(tag), r)
}

fn ndjson_answer(w: &mut impl Write, tag: Option<Tag<'_>>, r: &SearchResult) -> io::Result<()> {
    for e in &r.expansions {
        ndjson_line(w, "expansion", tag, e)?;
    }
    for hit in &r.hits {
        ndjson_line(w, "hit", tag, hit)?;
    }
    let summary = Summary {
        query: tag.is_none().then_some(r.query.as_str()),
        total_hits: r.total_hits,
        hits: r.hits.len(),
        took_ms: r.took_ms,
        citations: &r.citations,
    };
    ndjson_line(w, "summary", tag, summary)
}

#[derive(serde::Serialize)]
struct ErrorLine<'a> {
    kind: &'a str,
    message: &'a str,
}

/// The answer of `search --batch` to a line it could not run: one tagged
/// error line.
pub fn batch_error(w: &mut impl Write, tag: Tag<'_>, kind: &str, message: &str) -> io::Result<()> {
    ndjson_line(w, "error", Some(tag), ErrorLine { kind, message })
}

/// An error as one JSON line on stdout, for scripts:
/// `{"version":1,"type":"error","kind":"bad_query","message":"…"}`.
pub fn error_json(kind: &str, message: &str) {
    let mut out = io::stdout().lock();
    // Nothing more can be said if stdout is gone.
    let _ = error_line(&mut out, kind, message);
    let _ = out.flush();
}

/// The error object as one line, as the CLI prints it and the server
/// answers it.
pub fn error_line(w: &mut impl Write, kind: &str, message: &str) -> io::Result<()> {
    ndjson_line(w, "error", None, ErrorLine { kind, message })
}
