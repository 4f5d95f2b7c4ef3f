//! `chunk` output: how klausel reads one file, as text or JSON.

use super::esc;
use klausel::extract::Pages;
use klausel::model::Chunked;
use klausel::records::vendor::Vendor;
use std::io::{self, Write};

/// `pages` is given for a PDF's text: each clause then shows its pages.
pub fn chunk_text(
    w: &mut impl Write,
    path: &str,
    vendor: &Vendor,
    c: &Chunked,
    text: &str,
    pages: Option<&Pages<'_>>,
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
                    klausel::FurnitureKind::Chrome => "web page chrome",
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
        let mut lines = if cl.line_start == cl.line_end {
            format!("{}", cl.line_start)
        } else {
            format!("{}-{}", cl.line_start, cl.line_end)
        };
        match pages.map(|p| p.span(cl.bytes.clone())) {
            Some((a, b)) if b > a => lines.push_str(&format!(" p. {a}–{b}")),
            Some((a, _)) => lines.push_str(&format!(" p. {a}")),
            None => {}
        }
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
    /// First page (PDF only), as `klausel index` records it.
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
    /// Last page (PDF only).
    #[serde(skip_serializing_if = "Option::is_none")]
    page_end: Option<u32>,
    text: &'a str,
}

/// `pages` is given for a PDF's text: each clause then carries its pages.
pub fn chunk_json(
    w: &mut impl Write,
    path: &str,
    vendor: &Vendor,
    c: &Chunked,
    text: &str,
    pages: Option<&Pages<'_>>,
) -> io::Result<()> {
    let clauses: Vec<ChunkRecord<'_>> = c
        .clauses
        .iter()
        .map(|cl| {
            let span = pages.map(|p| p.span(cl.bytes.clone()));
            ChunkRecord {
                clause: cl,
                page: span.map(|s| s.0),
                page_end: span.map(|s| s.1),
                text: cl.text(text),
            }
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
    super::json_pretty(w, v)
}
