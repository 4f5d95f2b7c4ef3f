//! `compare` output: the table, JSON, CSV and Markdown.

use super::{dotted, esc, Style};
use klausel::search::{highlight, Citation, CompareResult, VendorRow};
use std::io::{self, Write};

/// `compare` as text: one block per vendor, its best clauses with snippets.
pub fn compare_text(w: &mut impl Write, r: &CompareResult, style: Style) -> io::Result<()> {
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
            let line = dotted(&[c.document, &c.place(), &c.source(), c.url.unwrap_or("")]);
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
    format!("(relative {})", strength_word(row).replace(' ', ", "))
}

/// `0.42 weak`: the relative score and what it amounts to.
fn strength_word(row: &VendorRow) -> String {
    let word = if row.relative >= 0.75 {
        "strong"
    } else if row.relative >= 0.4 {
        "partial"
    } else {
        "weak"
    };
    format!("{:.2} {word}", row.relative)
}

pub fn compare_json(w: &mut impl Write, r: &CompareResult) -> io::Result<()> {
    super::json_pretty(w, r)
}

/// `compare` as CSV (RFC 4180, via the csv crate): one row per vendor and
/// clause, with the citation, the record id and the whole clause text, no
/// markup anywhere; a vendor without a clause has one row saying so.
pub fn compare_csv(w: &mut impl Write, r: &CompareResult) -> io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(CSV_HEADER)?;
    for row in &r.vendors {
        let relative = format!("{:.2}", row.relative);
        if !row.found {
            let mut cells = vec![""; CSV_HEADER.len()];
            cells[0] = &row.vendor;
            cells[1] = "false";
            cells[3] = &relative;
            cells[4] = "no clause found";
            out.write_record(&cells)?;
        }
        for h in &row.hits {
            let snippet = highlight::snippet(&h.text, &h.matches, NO_MARKS);
            out.write_record([
                row.vendor.as_str(),
                "true",
                &h.rank.to_string(),
                &relative,
                &h.citation,
                &h.id,
                &h.document,
                &h.section,
                &h.heading,
                &h.path,
                &h.line_start.to_string(),
                &h.line_end.to_string(),
                &h.matched.join("; "),
                &snippet,
                &h.text,
            ])?;
        }
    }
    out.flush()
}

/// The columns of [`compare_csv`].
const CSV_HEADER: [&str; 15] = [
    "vendor",
    "found",
    "rank",
    "relative",
    "citation",
    "id",
    "document",
    "section",
    "heading",
    "path",
    "line_start",
    "line_end",
    "matched",
    "snippet",
    "text",
];

/// No marks: CSV cells are plain text.
const NO_MARKS: highlight::Marks = highlight::Marks {
    open: "",
    close: "",
};

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

/// `compare` as an aligned table: one row per vendor and clause (vendor,
/// strength, place, source), a vendor without a clause on a row of its own.
pub fn compare_table(w: &mut impl Write, r: &CompareResult, style: Style) -> io::Result<()> {
    let mut rows: Vec<[String; 4]> = Vec::new();
    for row in &r.vendors {
        if !row.found {
            rows.push([
                esc(&row.vendor).into_owned(),
                "no clause found".into(),
                String::new(),
                String::new(),
            ]);
        }
        for (i, h) in row.hits.iter().enumerate() {
            let c = Citation::of(h);
            let vendor = if i == 0 {
                esc(&row.vendor).into_owned()
            } else {
                String::new()
            };
            let strength = if i == 0 {
                strength_word(row)
            } else {
                String::new()
            };
            rows.push([
                vendor,
                strength,
                esc(&c.place()).into_owned(),
                esc(&c.source()).into_owned(),
            ]);
        }
    }
    let header = ["VENDOR", "MATCH", "CLAUSE", "SOURCE"];
    let mut widths = header.map(|h| h.chars().count());
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 4]| {
        let mut out = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i == 3 {
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.extend(std::iter::repeat_n(' ', w - cell.chars().count() + 2));
            }
        }
        out.trim_end().to_string()
    };
    writeln!(w, "{}", style.paint("1", &line(header)))?;
    for r in &rows {
        let cells = [r[0].as_str(), r[1].as_str(), r[2].as_str(), r[3].as_str()];
        writeln!(w, "{}", line(cells))?;
    }
    Ok(())
}
