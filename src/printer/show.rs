//! `show` output: a clause in context, as text or JSON.

use super::{citation_line, esc, Style};
use klausel::search::ShowResult;
use std::io::{self, Write};

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
    // The rest of a section, or of a line holding several clauses.
    for m in &r.more {
        writeln!(w, "\n{}", style.paint("36", &citation_line(m)))?;
        writeln!(w, "{}", m.text)?;
    }
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
    let strip = |c: &mut serde_json::Value| {
        if let Some(o) = c.as_object_mut() {
            for key in ["rank", "score", "snippet", "highlights", "matched"] {
                o.remove(key);
            }
        }
    };
    for part in ["before", "clause", "after"] {
        if let Some(c) = v.get_mut(part) {
            strip(c);
        }
    }
    if let Some(more) = v.get_mut("more").and_then(|m| m.as_array_mut()) {
        more.iter_mut().for_each(strip);
    }
    super::json_pretty(w, v)
}
