//! Printing results: text blocks, JSON, NDJSON, CSV and Markdown.

use klausel::index::BuildReport;
use klausel::model::Chunked;
use klausel::records::vendor::Vendor;
use klausel::search::{
    highlight, Citation, CompareResult, Hit, SearchResult, ShowResult, VendorRow,
};
use std::borrow::Cow;
use std::io::{self, Write};

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

/// `Actimi GmbH · General Terms and Conditions · § 23 (7) Final Provisions · corpus/actimi-gtc.txt:109`
pub fn citation_line(hit: &Hit) -> String {
    let c = Citation::of(hit);
    esc(&dotted(&[c.vendor, c.document, &c.place(), &c.source()])).into_owned()
}

/// The non-empty parts joined with ` · `.
fn dotted(parts: &[&str]) -> String {
    let parts: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    parts.join(" · ")
}

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

pub fn compare_table(w: &mut impl Write, r: &CompareResult, style: Style) -> io::Result<()> {
    let found = r.vendors.iter().filter(|v| v.found).count();
    writeln!(
        w,
        "{}: {} vendors, {} with a matching clause\n",
        r.query,
        r.vendors.len(),
        found
    )?;
    for row in &r.vendors {
        if !row.found {
            writeln!(w, "{}", style.paint("1", &esc(&row.vendor)))?;
            writeln!(w, "   {}\n", style.paint("33", "no clause found"))?;
            continue;
        }
        writeln!(
            w,
            "{} {}",
            style.paint("1", &esc(&row.vendor)),
            style.paint("2", &strength(row))
        )?;
        for hit in &row.hits {
            let c = Citation::of(hit);
            let line = dotted(&[c.document, &c.place(), &c.source()]);
            writeln!(w, "   {}", style.paint("36", &esc(&line)))?;
            writeln!(w, "   {}", style.snippet(hit))?;
            if !hit.matched.is_empty() {
                writeln!(
                    w,
                    "   {}",
                    style.paint("2", &format!("matched: {}", hit.matched.join(", ")))
                )?;
            }
        }
        writeln!(w)?;
    }
    Ok(())
}

/// How strong a vendor's best match is: `(relative 0.42, weak)`.
fn strength(row: &VendorRow) -> String {
    let word = if row.relative >= 0.75 {
        "strong"
    } else if row.relative >= 0.4 {
        "partial"
    } else {
        "weak"
    };
    format!("(relative {:.2}, {word})", row.relative)
}

pub fn compare_json(w: &mut impl Write, r: &CompareResult) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, r)?;
    writeln!(w)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn compare_csv(w: &mut impl Write, r: &CompareResult) -> io::Result<()> {
    writeln!(
        w,
        "vendor,found,rank,document,section,heading,path,line_start,line_end,snippet,relative,matched"
    )?;
    for row in &r.vendors {
        if !row.found {
            writeln!(
                w,
                "{},false,,,,,,,,no clause found,0.00,",
                csv_field(&row.vendor)
            )?;
        }
        for h in &row.hits {
            let cells = [
                csv_field(&row.vendor),
                "true".into(),
                h.rank.to_string(),
                csv_field(&h.document),
                csv_field(&h.section),
                csv_field(&h.heading),
                csv_field(&h.path),
                h.line_start.to_string(),
                h.line_end.to_string(),
                csv_field(&h.snippet),
                format!("{:.2}", row.relative),
                csv_field(&h.matched.join(" ")),
            ];
            writeln!(w, "{}", cells.join(","))?;
        }
    }
    Ok(())
}

fn md_cell(s: &str) -> String {
    esc(&s.replace('|', "\\|").replace(['\n', '\r'], " ")).into_owned()
}

pub fn compare_markdown(w: &mut impl Write, r: &CompareResult) -> io::Result<()> {
    writeln!(w, "| Vendor | Clause | Text | Match |")?;
    writeln!(w, "|---|---|---|---|")?;
    for row in &r.vendors {
        if !row.found {
            writeln!(w, "| {} | no clause found | | |", md_cell(&row.vendor))?;
        }
        for h in &row.hits {
            let c = Citation::of(h);
            let clause = format!("{}, {} ({})", c.document, c.place(), c.source());
            let strength = format!("{} matched: {}", strength(row), h.matched.join(", "));
            writeln!(
                w,
                "| {} | {} | {} | {} |",
                md_cell(&row.vendor),
                md_cell(&clause),
                md_cell(&h.snippet),
                md_cell(&strength)
            )?;
        }
    }
    Ok(())
}

pub fn show_text(w: &mut impl Write, r: &ShowResult, style: Style) -> io::Result<()> {
    let c = &r.clause;
    writeln!(w, "{}", style.paint("1;36", &citation_line(c)))?;
    if !c.heading_path.is_empty() {
        writeln!(w, "{}", esc(&c.heading_path.join(" › ")))?;
    }
    writeln!(w, "{}:{}-{}", esc(&c.path), c.line_start, c.line_end)?;
    if let Some(b) = &r.before {
        writeln!(w, "\n{} {}", style.paint("2", "before:"), citation_line(b))?;
        writeln!(w, "{}", style.paint("2", &b.text))?;
    }
    writeln!(w, "\n{}", c.text)?;
    if let Some(a) = &r.after {
        writeln!(w, "\n{} {}", style.paint("2", "after:"), citation_line(a))?;
        writeln!(w, "{}", style.paint("2", &a.text))?;
    }
    Ok(())
}

/// `show` as JSON: the clauses as hit objects, without the `rank`, `score`,
/// `snippet`, `highlights` and `matched` that only a search gives meaning.
pub fn show_json(w: &mut impl Write, r: &ShowResult) -> io::Result<()> {
    let mut v = serde_json::to_value(r)?;
    for part in ["before", "clause", "after"] {
        if let Some(o) = v.get_mut(part).and_then(|c| c.as_object_mut()) {
            for key in ["rank", "score", "snippet", "highlights", "matched"] {
                o.remove(key);
            }
        }
    }
    serde_json::to_writer_pretty(&mut *w, &v)?;
    writeln!(w)
}

pub fn chunk_text(
    w: &mut impl Write,
    path: &str,
    vendor: &Vendor,
    c: &Chunked,
    text: &str,
) -> io::Result<()> {
    let path = &*esc(path);
    writeln!(
        w,
        "vendor: {} (from the {})",
        esc(&vendor.name),
        vendor.source.as_str()
    )?;
    for (i, d) in c.documents.iter().enumerate() {
        writeln!(
            w,
            "document {i}: {} {:?} lines {}-{}",
            d.kind.as_str(),
            d.title.as_deref().unwrap_or(""),
            d.line_start,
            d.line_end
        )?;
    }
    let mut items: Vec<(usize, String)> = Vec::new();
    for h in &c.headings {
        items.push((
            h.bytes.start,
            format!(
                "{}:{:<9} heading{} {} {}",
                path,
                h.line,
                if h.empty { " (empty)" } else { "" },
                h.number.as_deref().unwrap_or(""),
                h.title
            ),
        ));
    }
    for f in &c.furniture {
        items.push((
            f.bytes.start,
            format!(
                "{}:{:<9} furniture ({}) {}",
                path,
                f.line,
                match f.kind {
                    klausel::FurnitureKind::PageNumber => "page number",
                    klausel::FurnitureKind::RunningTitle => "running title",
                    klausel::FurnitureKind::Contents => "contents",
                },
                text.get(f.bytes.clone()).unwrap_or("")
            ),
        ));
    }
    for cl in &c.clauses {
        let body: String = cl
            .text(text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(90)
            .collect();
        let lines = if cl.line_start == cl.line_end {
            format!("{}", cl.line_start)
        } else {
            format!("{}-{}", cl.line_start, cl.line_end)
        };
        items.push((
            cl.bytes.start,
            format!(
                "{}:{:<9} doc {} · {} · {} · {}",
                path,
                lines,
                cl.doc,
                if cl.label.is_empty() { "-" } else { &cl.label },
                cl.heading_path.join(" › "),
                body
            ),
        ));
    }
    items.sort_by_key(|(b, _)| *b);
    for (_, line) in items {
        writeln!(w, "{line}")?;
    }
    Ok(())
}

#[derive(serde::Serialize)]
struct ChunkRecord<'a> {
    #[serde(flatten)]
    clause: &'a klausel::model::Clause,
    text: &'a str,
}

pub fn chunk_json(
    w: &mut impl Write,
    path: &str,
    vendor: &Vendor,
    c: &Chunked,
    text: &str,
) -> io::Result<()> {
    let clauses: Vec<ChunkRecord<'_>> = c
        .clauses
        .iter()
        .map(|cl| ChunkRecord {
            clause: cl,
            text: cl.text(text),
        })
        .collect();
    let v = serde_json::json!({
        "path": path,
        "vendor": vendor.name,
        "vendor_source": vendor.source,
        "documents": c.documents,
        "headings": c.headings,
        "furniture": c.furniture,
        "clauses": clauses,
    });
    serde_json::to_writer_pretty(&mut *w, &v)?;
    writeln!(w)
}

pub fn index_summary(w: &mut impl Write, r: &BuildReport) -> io::Result<()> {
    let peak = r
        .peak_rss
        .map(|b| format!(", peak memory {} MB", b / 1_000_000))
        .unwrap_or_default();
    writeln!(
        w,
        "indexed {} files ({} added, {} updated, {} removed, {} unchanged, {} skipped): {} clauses written, {} in the index; {:.1} MB in {:.2} s ({:.1} MB/s, {:.0} clauses/s{}); {}",
        r.files,
        r.added,
        r.updated,
        r.removed,
        r.unchanged,
        r.skipped,
        r.clauses,
        r.total_clauses,
        r.bytes as f64 / 1e6,
        r.seconds,
        r.mb_per_s(),
        r.clauses_per_s(),
        peak,
        count(r.warnings.len(), "warning")
    )
}

/// `1 warning`, `2 warnings`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The index summary as one JSON object: the fields of the text summary,
/// and the warnings as a list of `{path, reason}`.
pub fn index_summary_json(w: &mut impl Write, r: &BuildReport) -> io::Result<()> {
    let mut v = serde_json::to_value(r)?;
    let warnings: Vec<serde_json::Value> = r
        .warnings
        .iter()
        .map(|w| {
            serde_json::json!({
                "path": w.path.to_string_lossy(),
                "reason": w.reason,
            })
        })
        .collect();
    if let Some(o) = v.as_object_mut() {
        o.insert("type".into(), "summary".into());
        o.insert("warnings".into(), warnings.into());
    }
    serde_json::to_writer_pretty(&mut *w, &v)?;
    writeln!(w)
}

/// The one-line summary after `search` built the default index itself.
pub fn auto_build_summary(w: &mut impl Write, r: &BuildReport) -> io::Result<()> {
    writeln!(
        w,
        "klausel: indexed {} files, {} clauses in {:.2} s",
        r.files, r.total_clauses, r.seconds
    )
}

/// The progress bar of `klausel index` on a terminal.
pub struct Progress(indicatif::ProgressBar);

impl Progress {
    /// A bar on stderr, empty until the first file is read.
    pub fn new() -> Progress {
        let pb = indicatif::ProgressBar::new(0);
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg} (ETA {eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Progress(pb)
    }

    /// The callback that moves this bar.
    pub fn callback(&self) -> klausel::index::ProgressFn {
        let pb = self.0.clone();
        klausel::index::ProgressFn(std::sync::Arc::new(move |p| {
            pb.set_length(p.total_bytes);
            pb.set_position(p.bytes);
            pb.set_message(format!("{}/{} files", p.files, p.total_files));
        }))
    }

    /// Removes the bar.
    pub fn finish(self) {
        self.0.finish_and_clear();
    }
}
