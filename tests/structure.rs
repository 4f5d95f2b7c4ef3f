//! Document structure on real corpora.
//!
//! `de_agb_rows_land_under_their_heading` measures the chunker against the
//! expert clause rows of the AGB-DE corpus: each file of `tests/data/de-agb`
//! is rebuilt from the corpus's rows, one row per block separated by two
//! blank lines, the row's title on the block's first line. A row lands when
//! every record that starts inside it carries its title: a heading of its
//! heading path (or a run of them, for breadcrumb titles `2. A/2.1 B`) or its
//! document title spells the title's words, or, for a title that is only a
//! number (`4`, `3.3.:`), the record's section or label is that number.
//!
//! Run with `KLAUSEL_STRUCTURE_VERBOSE=1 cargo test --test structure -- --nocapture`
//! to list the rows that do not land.

use klausel::chunk::chunk;
use klausel::Chunked;
use std::path::Path;

/// Lowercase letters only: numbers, punctuation and spacing do not count,
/// so `2. KAUFBEDINGUNGEN/2.1 ANWENDUNGSBEREICH` equals the headings
/// `Kaufbedingungen` > `Anwendungsbereich`.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Drops a leading `§`, `Art.`, `Artikel`, `Section`, `Clause` keyword and
/// number (digits, roman or letter enumerators) from each breadcrumb part.
fn title_words(title: &str) -> String {
    let mut out = String::new();
    for part in title.split('/') {
        let mut p = part.trim();
        for kw in [
            "§", "Artikel", "ARTIKEL", "Art.", "Section", "SECTION", "Clause", "ARTICLE",
        ] {
            if let Some(r) = p.strip_prefix(kw) {
                p = r.trim_start();
            }
        }
        let number_end = p
            .find(|c: char| c.is_whitespace() || c == '-' || c == '–' || c == ':')
            .unwrap_or(p.len());
        let first = p.get(..number_end).unwrap_or("");
        let enumerator = first.chars().any(|c| c.is_ascii_digit())
            || (first.ends_with('.')
                && first.len() <= 5
                && first
                    .trim_end_matches('.')
                    .chars()
                    .all(|c| "IVXLC".contains(c)))
            || (first.len() == 2 && first.ends_with('.'));
        if enumerator && first.chars().all(|c| !c.is_lowercase()) {
            p = p.get(number_end..).unwrap_or("");
        }
        out.push_str(&letters(p));
    }
    out
}

/// The leading number of a title that has no words: `4`, `3.3.:` → `3.3`.
fn title_number(title: &str) -> String {
    title
        .trim()
        .trim_end_matches([':', '.'])
        .trim_start_matches('§')
        .trim()
        .to_string()
}

#[derive(Debug)]
struct Row {
    title: String,
    /// 1-based line of the title.
    title_line: usize,
    /// 1-based last line of the row.
    last_line: usize,
}

/// The rows of a file rebuilt from AGB-DE: blocks separated by two or more
/// blank lines, whose first line is the title.
fn rows(text: &str) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    let mut blanks = 2;
    for (i, line) in text.lines().enumerate() {
        let no = i + 1;
        if line.trim().is_empty() {
            blanks += 1;
            continue;
        }
        if blanks >= 2 {
            out.push(Row {
                title: line.trim().to_string(),
                title_line: no,
                last_line: no,
            });
        } else if let Some(r) = out.last_mut() {
            r.last_line = no;
        }
        blanks = 0;
    }
    out
}

/// Whether every record that starts in `row` carries its title.
fn lands(row: &Row, c: &Chunked) -> bool {
    let words = title_words(&row.title);
    let number = title_number(&row.title);
    let mut any = false;
    for cl in &c.clauses {
        if cl.line_start < row.title_line || cl.line_start > row.last_line {
            continue;
        }
        any = true;
        let ok = if words.is_empty() {
            cl.section.as_deref().map(|s| s.trim_start_matches("§ ")) == Some(number.as_str())
                || cl.label.trim_end_matches('.') == number
                || cl.label.starts_with(&format!("{number}."))
        } else {
            let path: Vec<String> = cl.heading_path.iter().map(|h| letters(h)).collect();
            let runs =
                (0..path.len()).any(|i| (i + 1..=path.len()).any(|j| path[i..j].concat() == words));
            let doc_title = c
                .documents
                .get(cl.doc)
                .and_then(|d| d.title.as_deref())
                .is_some_and(|t| title_words(t) == words);
            runs || doc_title
        };
        if !ok {
            return false;
        }
    }
    any
}

/// The share of AGB-DE rows that land under their own title, with the rows
/// that do not.
fn measure(dir: &Path) -> (usize, usize, Vec<String>) {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    let (mut total, mut landed, mut misses) = (0, 0, Vec::new());
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let c = chunk(&text);
        let name = path
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        for row in rows(&text) {
            total += 1;
            if lands(&row, &c) {
                landed += 1;
            } else {
                let got: Vec<String> = c
                    .clauses
                    .iter()
                    .filter(|cl| cl.line_start >= row.title_line && cl.line_start <= row.last_line)
                    .map(|cl| {
                        format!(
                            "L{} {} [{}]",
                            cl.line_start,
                            cl.label,
                            cl.heading_path.join(" > ")
                        )
                    })
                    .collect();
                misses.push(format!(
                    "{name}:{} {:?} -> {}",
                    row.title_line,
                    row.title,
                    got.join("; ")
                ));
            }
        }
    }
    (landed, total, misses)
}

#[test]
fn row_parsing() {
    let text = "1 A\n\nx\n\n1.1 y\n\n\n2 B\n\nz\n";
    let r = rows(text);
    assert_eq!(r.len(), 2);
    assert_eq!((r[0].title_line, r[0].last_line), (1, 5));
    assert_eq!((r[1].title.as_str(), r[1].title_line), ("2 B", 8));
    assert_eq!(title_words("§1 - GELTUNGSBEREICH"), "geltungsbereich");
    assert_eq!(title_words("ARTIKEL 4  ANGEBOTE"), "angebote");
    assert_eq!(
        title_words("2. KAUFBEDINGUNGEN/2.1 ANWENDUNGSBEREICH"),
        "kaufbedingungenanwendungsbereich"
    );
    assert_eq!(title_words("I. INFORMATIONEN"), "informationen");
    assert_eq!(title_words("A. Widerruf"), "widerruf");
    assert_eq!(title_words("Abholung"), "abholung");
    assert_eq!(title_number("3.3.:"), "3.3");
}

#[test]
fn de_agb_rows_land_under_their_heading() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/de-agb");
    let (landed, total, misses) = measure(&dir);
    let share = landed as f64 * 100.0 / total.max(1) as f64;
    println!("de-agb: {landed} of {total} rows land under their own heading ({share:.1}%)");
    if std::env::var_os("KLAUSEL_STRUCTURE_VERBOSE").is_some() {
        for m in &misses {
            println!("  {m}");
        }
    }
    assert_eq!(total, 480, "the 30 AGB-DE files hold 480 rows");
    assert!(share >= 97.0, "{share:.1}% of rows land");
}

/// One line per document, heading, furniture line and record, in file order:
/// lines, label, section, heading path and the start of the text.
fn render(text: &str, c: &Chunked) -> String {
    use std::fmt::Write as _;
    let preview = |s: &str| -> String {
        let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut p: String = flat.chars().take(60).collect();
        if flat.chars().count() > 60 {
            p.push('…');
        }
        p
    };
    let mut out = String::new();
    for (i, d) in c.documents.iter().enumerate() {
        let _ = writeln!(
            out,
            "DOC {i} {} L{}-{} {:?}",
            d.kind.as_str(),
            d.line_start,
            d.line_end,
            d.title.as_deref().unwrap_or("-")
        );
    }
    let mut rows: Vec<(usize, String)> = Vec::new();
    for h in &c.headings {
        rows.push((
            h.bytes.start,
            format!(
                "L{} HEADING level={} {} {:?}",
                h.line,
                h.level,
                h.number.as_deref().unwrap_or("-"),
                h.title
            ),
        ));
    }
    for f in &c.furniture {
        rows.push((
            f.bytes.start,
            format!(
                "L{} FURNITURE {:?} {}",
                f.line,
                f.kind,
                preview(text.get(f.bytes.clone()).unwrap_or(""))
            ),
        ));
    }
    for cl in &c.clauses {
        rows.push((
            cl.bytes.start,
            format!(
                "L{}-{} {} | section={} | {} | {}",
                cl.line_start,
                cl.line_end,
                if cl.label.is_empty() { "-" } else { &cl.label },
                cl.section.as_deref().unwrap_or("-"),
                cl.heading_path.join(" > "),
                preview(cl.text(text))
            ),
        ));
    }
    rows.sort_by_key(|r| r.0);
    for (_, r) in rows {
        out.push_str(&r);
        out.push('\n');
    }
    out
}

fn fixture(name: &str) -> (String, Chunked) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/structure")
        .join(format!("{name}.txt"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let c = chunk(&text);
    (text, c)
}

macro_rules! structure_snapshots {
    ($($test:ident => $name:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                let (text, c) = fixture($name);
                insta::assert_snapshot!($name, render(&text, &c));
            }
        )*
    };
}

structure_snapshots! {
    snapshot_de_agb_013 => "de-agb-013-bare-numbers",
    snapshot_de_agb_010 => "de-agb-010-long-section",
    snapshot_de_agb_030 => "de-agb-030-sections-after-paragraphs",
    snapshot_de_agb_018 => "de-agb-018-breadcrumbs",
    snapshot_de_agb_019 => "de-agb-019-roman-parts",
    snapshot_de_agb_014 => "de-agb-014-number-title",
    snapshot_en_cuad_azul => "en-cuad-azul-contents-page",
    snapshot_en_cuad_elpolloloco => "en-cuad-elpolloloco-running-footer",
    snapshot_en_cuad_adianutrition => "en-cuad-adianutrition-page-numbers",
    snapshot_en_cuad_virtuoso => "en-cuad-virtuoso-lone-page-numbers",
    snapshot_de_written => "de-written-styles",
    snapshot_en_written => "en-written-styles",
}

fn de_agb(name: &str) -> (String, Chunked) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/de-agb")
        .join(format!("{name}.txt"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let c = chunk(&text);
    (text, c)
}

/// The record whose lines hold `line`.
fn record_at(c: &Chunked, line: usize) -> &klausel::Clause {
    c.clauses
        .iter()
        .find(|cl| cl.line_start <= line && line <= cl.line_end)
        .unwrap_or_else(|| panic!("no record at line {line}"))
}

#[test]
fn the_failures_named_in_issue_13() {
    // contract_013: `9 ANWENDBARES RECHT, …` (line 96) heads 9.1 … 9.4, and
    // 8.2 no longer swallows it.
    let (_, c) = de_agb("contract_013");
    let h = c
        .headings
        .iter()
        .find(|h| h.line == 96)
        .expect("heading at line 96");
    assert_eq!(h.number.as_deref(), Some("9"));
    let r = record_at(&c, 102);
    assert_eq!(r.label, "9.3");
    assert_eq!(
        r.heading_path,
        ["ANWENDBARES RECHT, DATENSCHUTZ, GERICHTSSTAND, BATTERIE-RÜCKSENDUNG"]
    );
    assert_eq!(
        record_at(&c, 93).line_end,
        93,
        "8.2 ends before the heading"
    );
    // contract_010: `§13 Anwendbares Recht, …` is a heading, not a clause
    // under `Hinweise zur Datenverarbeitung`.
    let (_, c) = de_agb("contract_010");
    let r = record_at(&c, 131);
    assert_eq!(r.label, "13.1");
    assert!(
        r.heading_path[0].starts_with("Anwendbares Recht, Gerichtsstand"),
        "{:?}",
        r.heading_path
    );
    // contract_030: `3. Vertragssprache` heads section 3, not `§ 5 (3)`.
    let (_, c) = de_agb("contract_030");
    let h = c
        .headings
        .iter()
        .find(|h| h.line == 58)
        .expect("heading at line 58");
    assert_eq!(
        (h.number.as_deref(), h.title.as_str()),
        (Some("3"), "Vertragssprache, Vertragstextspeicherung")
    );
    assert_eq!(record_at(&c, 60).label, "3.1");
    // contract_014: `1 Geltungsbereich der AGB` (a number without a dot).
    let (_, c) = de_agb("contract_014");
    assert_eq!(c.headings[0].title, "Geltungsbereich der AGB");
    assert_eq!(record_at(&c, 3).heading_path, ["Geltungsbereich der AGB"]);
}

#[test]
fn page_furniture_is_in_no_record_and_lines_keep_their_numbers() {
    let (text, c) = fixture("en-cuad-azul-contents-page");
    for f in &c.furniture {
        assert!(c.headings.iter().all(|h| !h.bytes.contains(&f.bytes.start)));
        assert!(c
            .clauses
            .iter()
            .all(|cl| !cl.bytes.contains(&f.bytes.start)));
        let line = text.lines().nth(f.line - 1).unwrap_or("");
        assert_eq!(line.trim(), &text[f.bytes.clone()], "line {}", f.line);
    }
    let contents = c
        .furniture
        .iter()
        .filter(|f| f.kind == klausel::FurnitureKind::Contents)
        .count();
    assert_eq!(contents, 6, "the six entries of the contents page");
    assert!(c
        .clauses
        .iter()
        .all(|cl| !cl.text(&text).contains("GOVERNING LAW - ARBITRATION")));
}
