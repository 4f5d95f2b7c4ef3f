//! Structure statistics of a folder of plain-text contracts, for issue 13:
//! how many headings are page furniture, and how many files yield three or
//! more table-of-contents records.
//!
//! ```text
//! cargo run --release --example structure_stats -- ../shared/data/en-cuad [-v] [--headings]
//! ```
//!
//! The checks here are written independently of the chunker's own rules, as
//! plain patterns on the heading or record text:
//! - furniture heading: `Page 3`, `Page 2 of 4`, `Seite 2 von 5`, `- 3 -`,
//!   a bare number, `Source: …, 10-K, 3/2/2010` (EDGAR running footers), or
//!   an unnumbered line of two or more words (or one word in capitals) that
//!   appears three or more times in the file;
//! - contents record: a short record (one or two lines) that ends in a page
//!   number after a title (`5. GOVERNING LAW - ARBITRATION 7`, dotted leaders).

use std::collections::HashMap;
use std::path::Path;

fn is_page_marker(t: &str) -> bool {
    let t = t
        .trim()
        .trim_matches(|c| c == '-' || c == '–' || c == '|')
        .trim();
    let lower = t.to_lowercase();
    let rest = lower
        .strip_prefix("page")
        .or_else(|| lower.strip_prefix("seite"))
        .map_or(lower.as_str(), str::trim);
    let mut parts = rest.split_whitespace();
    let first = parts.next().unwrap_or("");
    let num = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    match (parts.next(), parts.next(), parts.next()) {
        (None, _, _) => num(first),
        (Some("of" | "von"), Some(m), None) => num(first) && num(m),
        _ => false,
    }
}

fn is_source_footer(t: &str) -> bool {
    t.trim_start().starts_with("Source: ") && t.len() < 120
}

/// `5. GOVERNING LAW - ARBITRATION 7`, `Article 5 .......... 12`,
/// `ARTICLE I DEFINITIONS 1`: a numbered or capitalised title, then a gap
/// of two spaces, a tab or dot leaders, then a page number.
fn is_toc_line(t: &str) -> bool {
    let t = t.trim();
    if t.len() > 160 || t.contains('$') || t.contains('"') || t.contains('[') {
        return false;
    }
    let Some((head, last)) = t.rsplit_once(|c: char| c.is_whitespace() || c == '…') else {
        return false;
    };
    let page = !last.is_empty() && last.len() <= 3 && last.chars().all(|c| c.is_ascii_digit());
    let leaders =
        head.ends_with("..") || head.ends_with("  ") || head.ends_with('\t') || head.ends_with('…');
    let head = head.trim_end_matches(['.', ' ', '\t', '…', '_']);
    if !page || head.ends_with(['.', ',', ';', ':', ')']) {
        return false;
    }
    let numbered = head.starts_with(|c: char| c.is_ascii_digit())
        || [
            "ARTICLE", "Article", "SECTION", "Section", "Schedule", "SCHEDULE", "Exhibit",
            "EXHIBIT",
        ]
        .iter()
        .any(|k| head.starts_with(k));
    let caps = !head.chars().any(char::is_lowercase)
        && head.chars().filter(|c| c.is_alphabetic()).count() >= 4;
    let words = head.split_whitespace().count();
    (leaders || numbered || caps) && (2..=14).contains(&words)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let dump = args.iter().any(|a| a == "--headings");
    let Some(dir) = args.iter().find(|a| !a.starts_with('-')) else {
        eprintln!("usage: structure_stats DIR [-v]");
        std::process::exit(2);
    };
    let mut files: Vec<_> = match std::fs::read_dir(Path::new(dir)) {
        Ok(d) => d.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(e) => {
            eprintln!("{dir}: {e}");
            std::process::exit(2);
        }
    };
    files.sort();
    let (mut headings, mut furniture, mut toc_files, mut toc_records, mut n) = (0, 0, 0, 0, 0);
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        n += 1;
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for l in text.lines() {
            let l = l.trim();
            if !l.is_empty() {
                *counts.entry(l).or_default() += 1;
            }
        }
        let c = klausel::chunk::chunk(&text);
        let name = path
            .file_name()
            .map_or(String::new(), |s| s.to_string_lossy().into_owned());
        for h in &c.headings {
            headings += 1;
            let t = text.get(h.bytes.clone()).unwrap_or("");
            if dump {
                println!("HEADING {name}:{} {t}", h.line);
            }
            let t0 = t.trim();
            let words = t0.split_whitespace().count();
            let caps = !t0.chars().any(char::is_lowercase)
                && t0.chars().filter(|c| c.is_alphabetic()).count() >= 6;
            let repeated = counts.get(t0).copied().unwrap_or(0) >= 3
                && !t0.starts_with(|c: char| c.is_ascii_digit())
                && !t0.ends_with(':')
                && (words >= 2 || caps);
            if is_page_marker(t) || is_source_footer(t) || repeated {
                furniture += 1;
                if verbose {
                    println!("FURNITURE {name}:{} {t:?}", h.line);
                }
            }
        }
        let toc: Vec<_> = c
            .clauses
            .iter()
            .filter(|cl| cl.line_end - cl.line_start <= 1)
            .filter(|cl| is_toc_line(cl.text(&text)))
            .collect();
        toc_records += toc.len();
        if toc.len() >= 3 {
            toc_files += 1;
            if verbose {
                for cl in toc.iter().take(3) {
                    println!("TOC {name}:{} {:?}", cl.line_start, cl.text(&text));
                }
            }
        }
    }
    println!("files: {n}");
    println!("headings: {headings}, page furniture: {furniture}");
    println!("contents records: {toc_records}, files with >= 3: {toc_files}");
}
