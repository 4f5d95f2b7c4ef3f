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
    serde_json::to_writer_pretty(&mut *w, r)?;
    writeln!(w)
}

/// One line of the NDJSON stream: a value with its `type`.
#[derive(serde::Serialize)]
struct Typed<'a, T: serde::Serialize> {
    r#type: &'a str,
    #[serde(flatten)]
    value: T,
}

/// The closing line of the NDJSON stream.
#[derive(serde::Serialize)]
struct Summary<'a> {
    query: &'a str,
    total_hits: usize,
    hits: usize,
    took_ms: f64,
    citations: &'a [String],
}

fn ndjson_line(w: &mut impl Write, kind: &str, value: impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer(
        &mut *w,
        &Typed {
            r#type: kind,
            value,
        },
    )?;
    writeln!(w)
}

/// The typed NDJSON stream: one `expansion` line per concept that fired,
/// one `hit` line per hit, then one `summary` line.
pub fn search_ndjson(w: &mut impl Write, r: &SearchResult) -> io::Result<()> {
    for e in &r.expansions {
        ndjson_line(w, "expansion", e)?;
    }
    for hit in &r.hits {
        ndjson_line(w, "hit", hit)?;
    }
    let summary = Summary {
        query: &r.query,
        total_hits: r.total_hits,
        hits: r.hits.len(),
        took_ms: r.took_ms,
        citations: &r.citations,
    };
    ndjson_line(w, "summary", summary)
}

/// An error as one JSON line on stdout, for scripts:
/// `{"type":"error","kind":"bad_query","message":"…"}`.
pub fn error_json(kind: &str, message: &str) {
    #[derive(serde::Serialize)]
    struct ErrorLine<'a> {
        kind: &'a str,
        message: &'a str,
    }
    let mut out = io::stdout().lock();
    // Nothing more can be said if stdout is gone.
    let _ = ndjson_line(&mut out, "error", ErrorLine { kind, message });
    let _ = out.flush();
}
