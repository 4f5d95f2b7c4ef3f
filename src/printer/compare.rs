//! `compare` output: the table, JSON, CSV and Markdown.

use super::{dotted, esc, Style};
use klausel::search::{Citation, CompareResult, VendorRow};
use std::io::{self, Write};

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
