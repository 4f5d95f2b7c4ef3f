//! The clause chunker on whole documents: golden snapshots of the sample
//! corpus, German AGB and BGB §§ 305-310, exact assertions for the cases of
//! the chunker issue, and property tests for its invariants.

use klausel::chunk::chunk;
use klausel::{Chunked, DocKind};
use proptest::prelude::*;
use std::fmt::Write as _;
use std::path::Path;

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A short, whitespace-collapsed preview: the start and the end of `text`.
fn preview(text: &str) -> String {
    let flat: Vec<&str> = text.split_whitespace().collect();
    let flat = flat.join(" ");
    let chars: Vec<char> = flat.chars().collect();
    if chars.len() <= 90 {
        return flat;
    }
    let head: String = chars[..60].iter().collect();
    let tail: String = chars[chars.len() - 25..].iter().collect();
    format!("{head} … {tail}")
}

/// One line per document, heading and clause, in document order.
fn render(text: &str, c: &Chunked) -> String {
    let mut out = String::new();
    for (i, d) in c.documents.iter().enumerate() {
        let title = d.title.as_deref().unwrap_or("-");
        let _ = writeln!(
            out,
            "DOC {i} {} L{}-{} {title:?}",
            d.kind.as_str(),
            d.line_start,
            d.line_end
        );
    }
    let mut rows: Vec<(usize, String)> = Vec::new();
    for h in &c.headings {
        let number = h.number.as_deref().unwrap_or("-");
        let empty = if h.empty { " EMPTY" } else { "" };
        let row = format!(
            "L{} doc={} H{} {number} {:?}{empty}",
            h.line, h.doc, h.level, h.title
        );
        rows.push((h.bytes.start, row));
    }
    for cl in &c.clauses {
        let kind = c.documents.get(cl.doc).map_or("?", |d| d.kind.as_str());
        let row = format!(
            "L{}-{} doc={} {kind} | {} | {} | {}",
            cl.line_start,
            cl.line_end,
            cl.doc,
            cl.label,
            cl.heading_path.join(" > "),
            preview(cl.text(text))
        );
        rows.push((cl.bytes.start, row));
    }
    rows.sort_by_key(|r| r.0);
    for (_, row) in rows {
        out.push_str(&row);
        out.push('\n');
    }
    out
}

fn snapshot(name: &str, rel: &str) {
    let text = read(rel);
    let c = chunk(&text);
    assert_invariants(&text, &c);
    insta::assert_snapshot!(name, render(&text, &c));
}

#[test]
fn snapshot_imst() {
    snapshot("imst", "corpus/imst-gtc.txt");
}

#[test]
fn snapshot_megatech() {
    snapshot("megatech", "corpus/megatech-privacy-imprint-gtc.txt");
}

#[test]
fn snapshot_emind() {
    snapshot("emind", "corpus/emind-gtc.txt");
}

#[test]
fn snapshot_actimi() {
    snapshot("actimi", "corpus/actimi-gtc.txt");
}

#[test]
fn snapshot_cms() {
    snapshot("cms", "corpus/cms-gtc.txt");
}

#[test]
fn snapshot_contract_001() {
    snapshot("contract_001", "tests/data/de-agb/contract_001.txt");
}

#[test]
fn snapshot_contract_002() {
    snapshot("contract_002", "tests/data/de-agb/contract_002.txt");
}

#[test]
fn snapshot_contract_003() {
    snapshot("contract_003", "tests/data/de-agb/contract_003.txt");
}

#[test]
fn snapshot_bgb_305_310() {
    snapshot("bgb_305_310", "tests/data/bgb-305-310.md");
}

#[test]
fn snapshot_gesetze_style() {
    snapshot("gesetze_agg", "tests/data/gesetze-agg-excerpt.md");
}

/// Every non-whitespace character lies in exactly one clause, heading or
/// furniture line;
/// records are in order, on char boundaries, with lines inside the file.
fn assert_invariants(text: &str, c: &Chunked) {
    let total_lines = text.split('\n').count();
    let mut owner = vec![0u8; text.len()];
    let mut ranges: Vec<(usize, usize, usize, usize)> = Vec::new();
    for h in &c.headings {
        ranges.push((h.bytes.start, h.bytes.end, h.line, h.line));
        assert!(h.doc < c.documents.len(), "heading doc index");
    }
    for cl in &c.clauses {
        ranges.push((cl.bytes.start, cl.bytes.end, cl.line_start, cl.line_end));
        assert!(cl.doc < c.documents.len(), "clause doc index");
    }
    for f in &c.furniture {
        ranges.push((f.bytes.start, f.bytes.end, f.line, f.line));
    }
    for &(s, e, l1, l2) in &ranges {
        assert!(
            s < e && e <= text.len(),
            "range {s}..{e} in 0..{}",
            text.len()
        );
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "char boundary {s}..{e}"
        );
        assert!(
            1 <= l1 && l1 <= l2 && l2 <= total_lines,
            "lines {l1}-{l2} of {total_lines}"
        );
        let slice = &text[s..e];
        assert_eq!(slice, slice.trim(), "trimmed range {s}..{e}");
        for b in &mut owner[s..e] {
            *b += 1;
        }
    }
    for (i, ch) in text.char_indices() {
        let n = owner[i];
        if ch.is_whitespace() {
            assert!(n <= 1, "byte {i} owned {n} times");
        } else {
            assert_eq!(n, 1, "char {ch:?} at byte {i} owned {n} times");
        }
    }
    let starts = |v: &mut dyn Iterator<Item = usize>| v.collect::<Vec<_>>();
    let clause_starts = starts(&mut c.clauses.iter().map(|x| x.bytes.start));
    assert!(
        clause_starts.windows(2).all(|w| w[0] < w[1]),
        "clauses in order"
    );
    let heading_starts = starts(&mut c.headings.iter().map(|x| x.bytes.start));
    assert!(
        heading_starts.windows(2).all(|w| w[0] < w[1]),
        "headings in order"
    );
    let docs: Vec<usize> = {
        let mut all: Vec<(usize, usize)> =
            c.clauses.iter().map(|x| (x.bytes.start, x.doc)).collect();
        all.extend(c.headings.iter().map(|x| (x.bytes.start, x.doc)));
        all.sort_unstable();
        all.into_iter().map(|x| x.1).collect()
    };
    assert!(docs.windows(2).all(|w| w[0] <= w[1]), "documents in order");
    for d in &c.documents {
        assert!(
            1 <= d.line_start && d.line_start <= d.line_end && d.line_end <= total_lines,
            "doc lines"
        );
    }
    if !text.trim().is_empty() {
        assert!(!c.documents.is_empty(), "a document for non-blank input");
    }
}

/// The clause whose range contains 1-based line `line` of `text`.
fn clause_at(c: &Chunked, line: usize) -> &klausel::Clause {
    c.clauses
        .iter()
        .find(|cl| cl.line_start <= line && line <= cl.line_end)
        .unwrap_or_else(|| panic!("no clause at line {line}"))
}

#[test]
fn cms_section_22_is_seven_clauses() {
    let text = read("corpus/cms-gtc.txt");
    let c = chunk(&text);
    let labels: Vec<&str> = c
        .clauses
        .iter()
        .filter(|cl| cl.line_start == 44)
        .map(|cl| cl.label.as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "§ 22 (1.)",
            "§ 22 (2.)",
            "§ 22 (3.)",
            "§ 22 (4.)",
            "§ 22 (5.)",
            "§ 22 (6.)",
            "§ 22 (7.)"
        ]
    );
    let first = c
        .clauses
        .iter()
        .find(|cl| cl.line_start == 44)
        .map(|cl| cl.text(&text));
    assert_eq!(
        first,
        Some("(1.) CMS reserves all rights not expressly granted.")
    );
    // § 4 mixes `(9.)` and `(10)`, and "six (6) weeks" is no clause.
    let s4: Vec<&str> = c
        .clauses
        .iter()
        .filter(|cl| cl.line_start == 8)
        .map(|cl| cl.label.as_str())
        .collect();
    assert_eq!(s4.len(), 13, "{s4:?}");
    assert_eq!(s4[9], "§ 4 (10)");
}

#[test]
fn actimi_line_109_is_final_provisions_7() {
    let text = read("corpus/actimi-gtc.txt");
    let c = chunk(&text);
    let cl = clause_at(&c, 109);
    assert_eq!(cl.label, "§ 23 (7)");
    assert_eq!(cl.section.as_deref(), Some("§ 23"));
    assert_eq!(cl.clause.as_deref(), Some("(7)"));
    assert_eq!(cl.heading_path, ["Final Provisions"]);
    assert!(cl
        .text(&text)
        .starts_with("(7) The place of jurisdiction is Stuttgart"));
}

#[test]
fn actimi_gaps_and_empty_heading() {
    let text = read("corpus/actimi-gtc.txt");
    let c = chunk(&text);
    assert_eq!(clause_at(&c, 19).label, "§ 5 (3)");
    assert!(
        c.clauses.iter().all(|cl| !cl.label.starts_with("§ 3 ")),
        "§ 3 has no clause"
    );
    let h3 = c
        .headings
        .iter()
        .find(|h| h.number.as_deref() == Some("§ 3"))
        .expect("§ 3 heading");
    assert_eq!(
        (h3.title.as_str(), h3.empty, h3.line),
        ("Subject of the Contract/Services", true, 11)
    );
    let h4 = c
        .headings
        .iter()
        .find(|h| h.number.as_deref() == Some("§ 4"))
        .expect("§ 4 heading");
    assert!(!h4.empty);
}

#[test]
fn megatech_14_2_is_in_the_terms() {
    let text = read("corpus/megatech-privacy-imprint-gtc.txt");
    let c = chunk(&text);
    let kinds: Vec<DocKind> = c.documents.iter().map(|d| d.kind).collect();
    assert_eq!(kinds, [DocKind::Privacy, DocKind::Imprint, DocKind::Terms]);
    assert_eq!(
        c.documents[0].title.as_deref(),
        Some("Data Protection Declaration")
    );
    assert_eq!(
        (c.documents[1].line_start, c.documents[2].line_start),
        (98, 112)
    );
    let cl = clause_at(&c, 203);
    assert_eq!((cl.label.as_str(), cl.doc), ("14.2", 2));
    assert_eq!(cl.heading_path, ["Applicable law, place of jurisdiction"]);
    // Bullets belong to their lead-in clause.
    assert_eq!(
        (
            clause_at(&c, 125).label.as_str(),
            clause_at(&c, 125).line_start
        ),
        ("2.3", 121)
    );
    assert_eq!(
        (
            clause_at(&c, 189).label.as_str(),
            clause_at(&c, 189).line_start
        ),
        ("10.1", 185)
    );
    // Citations inside a clause are not split.
    assert_eq!(clause_at(&c, 15).label, "2.1");
    assert_eq!(clause_at(&c, 181).line_start, 181);
    // An unnumbered heading inside section 8.
    let signals = clause_at(&c, 54);
    assert_eq!(
        (signals.label.as_str(), signals.heading_path.clone()),
        (
            "8",
            vec![
                "Web Analysis Services".to_string(),
                "Google Signals".to_string()
            ]
        )
    );
    // All-caps clause with its body.
    let obj = clause_at(&c, 88);
    assert_eq!(
        (obj.label.as_str(), obj.line_start, obj.line_end),
        ("10.2", 86, 90)
    );
}

#[test]
fn imst_continuations_bullets_and_privacy_page() {
    let text = read("corpus/imst-gtc.txt");
    let c = chunk(&text);
    let cl = clause_at(&c, 13);
    assert_eq!(
        (cl.label.as_str(), cl.line_start, cl.line_end),
        ("1.2", 11, 13)
    );
    let cl = clause_at(&c, 35);
    assert_eq!(
        (cl.label.as_str(), cl.clause.as_deref()),
        ("2.8", Some("2.8"))
    );
    let bullets = clause_at(&c, 115);
    assert_eq!(
        (bullets.label.as_str(), bullets.line_start, bullets.line_end),
        ("9.2", 110, 115)
    );
    let conf = clause_at(&c, 127);
    assert_eq!(
        (conf.label.as_str(), conf.heading_path.clone()),
        ("10", vec!["Confidentiality".to_string()])
    );
    let page = clause_at(&c, 160);
    let doc = &c.documents[page.doc];
    assert_eq!(
        (page.doc, doc.kind, doc.line_start),
        (1, DocKind::Privacy, 160)
    );
    assert_eq!(c.documents[0].kind, DocKind::Terms);
    let cookie = c
        .headings
        .iter()
        .find(|h| h.line == 162)
        .expect("Cookie Settings heading");
    assert_eq!((cookie.title.as_str(), cookie.doc), ("Cookie Settings", 1));
    // The address block is its own record.
    let addr = clause_at(&c, 172);
    assert_eq!((addr.line_start, addr.line_end), (171, 174));
}

#[test]
fn emind_definitions_and_section_words() {
    let text = read("corpus/emind-gtc.txt");
    let c = chunk(&text);
    let defs: Vec<usize> = c
        .clauses
        .iter()
        .filter(|cl| cl.label == "§ 2")
        .map(|cl| cl.line_start)
        .collect();
    assert_eq!(defs, (8..=24).collect::<Vec<_>>());
    assert_eq!(clause_at(&c, 94).label, "§ 27");
    assert_eq!(clause_at(&c, 94).heading_path, ["Contractual penalty"]);
    assert_eq!(clause_at(&c, 34).label, "§ 5");
}

#[test]
fn cms_price_list_is_a_document() {
    let text = read("corpus/cms-gtc.txt");
    let c = chunk(&text);
    let table = clause_at(&c, 48);
    assert_eq!((table.line_start, table.line_end), (47, 50));
    assert_eq!(c.documents[table.doc].kind, DocKind::PriceList);
    assert_eq!(c.documents[0].kind, DocKind::Terms);
}

#[test]
fn bgb_hard_wrapped_paragraphs_are_joined() {
    let text = read("tests/data/bgb-305-310.md");
    let c = chunk(&text);
    let cl = clause_at(&c, 15);
    assert_eq!(
        (cl.label.as_str(), cl.line_start, cl.line_end),
        ("§ 305 (1)", 11, 20)
    );
    // The numbered list and the closing words belong to (2).
    let cl = clause_at(&c, 38);
    assert_eq!(
        (cl.label.as_str(), cl.line_start, cl.line_end),
        ("§ 305 (2)", 22, 39)
    );
    assert_eq!(
        cl.heading_path.last().map(String::as_str),
        Some("Einbeziehung Allgemeiner Geschäftsbedingungen in den Vertrag")
    );
}

#[test]
fn gesetze_dash_headings() {
    let text = read("tests/data/gesetze-agg-excerpt.md");
    let c = chunk(&text);
    let h = c
        .headings
        .iter()
        .find(|h| h.number.as_deref() == Some("§ 2"))
        .expect("§ 2");
    assert_eq!(h.title, "Anwendungsbereich");
    let cl = c
        .clauses
        .iter()
        .find(|cl| cl.label == "§ 2 (1)")
        .expect("§ 2 (1)");
    assert!(
        cl.text(&text).ends_with("einschließlich von Wohnraum."),
        "list items stay in (1)"
    );
    assert_eq!(
        c.documents[0].title.as_deref(),
        Some("Allgemeines Gleichbehandlungsgesetz  (AGG)")
    );
}

#[test]
fn german_agb_headings() {
    let text = read("tests/data/de-agb/contract_001.txt");
    let c = chunk(&text);
    let h = &c.headings[0];
    assert_eq!(
        (h.number.as_deref(), h.title.as_str()),
        (Some("1"), "Zustandekommen des Vertrages")
    );
    assert_eq!(clause_at(&c, 3).label, "1");
}

fn check(input: &str, expected: &[&str]) {
    let c = chunk(input);
    assert_invariants(input, &c);
    let got: Vec<String> = c
        .clauses
        .iter()
        .map(|cl| format!("{} = {}", cl.label, cl.text(input)))
        .collect();
    assert_eq!(got, expected, "input: {input:?}");
}

#[test]
fn citations_are_not_split() {
    check(
        "§ 9 X\n(1) Per Art. 6 (1) point f GDPR. (2) Next.",
        &[
            "§ 9 (1) = (1) Per Art. 6 (1) point f GDPR.",
            "§ 9 (2) = (2) Next.",
        ],
    );
    check(
        "§ 9 X\n(1) Under Section 346 (1) BGB. (2) Next.",
        &[
            "§ 9 (1) = (1) Under Section 346 (1) BGB.",
            "§ 9 (2) = (2) Next.",
        ],
    );
    check(
        "§ 13 X\n(8) See § 536 a para. 1 1st alt. BGB. (9) Next.",
        &[
            "§ 13 (8) = (8) See § 536 a para. 1 1st alt. BGB.",
            "§ 13 (9) = (9) Next.",
        ],
    );
    check(
        "§ 1 X\n(1) See para. (2) Below.",
        &["§ 1 (1) = (1) See para. (2) Below."],
    );
    check(
        "§ 1 X\n(1) For six (2) weeks.",
        &["§ 1 (1) = (1) For six (2) weeks."],
    );
    check(
        "§ 1 X\n(1) First. (3) Not next in sequence.",
        &["§ 1 (1) = (1) First. (3) Not next in sequence."],
    );
}

#[test]
fn page_numbers_do_not_restart_the_document() {
    let c = chunk("1. A\n\n1.1 x\n\n2. B\n\n2.1 y\n\n1\n\n2.2 z");
    assert_eq!(c.documents.len(), 1);
    assert_eq!(c.headings.len(), 2);
}

#[test]
fn small_structures() {
    // A bare number over a sentence going on, or over another numbered
    // line, is a page number: the record it interrupts goes on.
    check(
        "1. Fees\n\nThe Fund will pay all fees, which shall not\n\n2\n\nbe part of the price.\n\n2. Term\n\nIt runs.",
        &[
            "1 = The Fund will pay all fees, which shall not",
            "1 = be part of the price.",
            "2 = It runs.",
        ],
    );
    // Ticks in a table are no heading; a spaced-out title is one.
    let c = chunk("Terms\n\nX X\n\nThe first row of the table.\n\nW I T N E S S E T H:\n\nWHEREAS the parties agree.");
    let titles: Vec<&str> = c.headings.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(titles, ["Terms", "W I T N E S S E T H"]);
    check(
        "5. Rights\n\nText of five.\n\n2\n\n6. Warranties. Each party is liable.",
        &[
            "5 = Text of five.",
            "6 = 6. Warranties. Each party is liable.",
        ],
    );
    check(
        "1. Scope\n\n1.1 A.\n\n1.2 B.",
        &["1.1 = 1.1 A.", "1.2 = 1.2 B."],
    );
    check(
        "§1 SCOPE\n(1.) Alpha. (2.) Beta.",
        &["§ 1 (1.) = (1.) Alpha.", "§ 1 (2.) = (2.) Beta."],
    );
    check(
        "10. Confidentiality\n\nWe keep secrets.",
        &["10 = We keep secrets."],
    );
    check("Plain text only.", &[" = Plain text only."]);
    check(
        "# § 305 – Title\n\n(1) Text\nwrapped.\n\n1. item\n\n(2) Next.",
        &[
            "§ 305 (1) = (1) Text\nwrapped.\n\n1. item",
            "§ 305 (2) = (2) Next.",
        ],
    );
    check(
        "§ 2 X\n\n(1) Alpha.\n\n2) Beta.\n\n1. item",
        &["§ 2 (1) = (1) Alpha.", "§ 2 (2) = 2) Beta.\n\n1. item"],
    );
    // `7` between 1.1 and 1.2 is a page number, so the document's lone
    // numbers are page numbers: `2` is one too, and 1.2 resumes after it.
    check(
        "1. A\n\n1.1 Text\n\n7\n\n1.2 More\n\n2\n\nNext section.",
        &["1.1 = 1.1 Text", "1.2 = 1.2 More", "1.2 = Next section."],
    );
    // Sections that are lone numbers over paragraphs.
    check(
        "1\n\nThe first section has a paragraph.\n\n2\n\nThe second one has one too.",
        &[
            "1 = The first section has a paragraph.",
            "2 = The second one has one too.",
        ],
    );
    // A single lone `1` over a paragraph is a page number.
    check(
        "1\n\nTHIS AGREEMENT is made between the parties below.",
        &[" = THIS AGREEMENT is made between the parties below."],
    );
    check(
        "1.2 Lead-in:\n• one\n• two\n1.3 Next",
        &["1.2 = 1.2 Lead-in:\n• one\n• two", "1.3 = 1.3 Next"],
    );
}

/// Legal-looking lines: numbers, §, parentheses, bullets, blank lines, unicode.
fn legal_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("   ".to_string()),
        "§ ?[0-9]{1,3}[a-z]? ?[-–]? ?[A-ZÄÖÜ][a-zäöüß ]{0,30}",
        "\\([0-9]{1,2}\\.?\\) [A-Za-zäöü .,()0-9]{0,80}",
        "[0-9]{1,2}(\\.[0-9]{1,2}){0,2}\\.?\\)? [A-Za-zäöü .,:]{0,60}",
        "[•\\-*] [a-zäöü ]{0,30}",
        "[a-z]{1,2}\\) [a-z ]{0,20}",
        "#{1,6} (§ [0-9]{1,3} – )?[A-Za-z ]{0,20}",
        "[A-Z][a-z]{2,12}( [A-Z][a-z]{2,12}){0,3}",
        "© [A-Za-z ]{0,20}",
        "(Managing Director|Registergericht|Impressum|Privacy Policy|APPENDIX: PRICE LIST)[: A-Za-z]{0,20}",
        "[ \\t]*[^\\n]{0,40}",
        "\\PC{0,30}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn invariants_on_any_string(text in "\\PC*|(.|\n|\r|\u{2028}|\u{feff})*") {
        let c = chunk(&text);
        assert_invariants(&text, &c);
    }

    #[test]
    fn invariants_on_legal_looking_lines(lines in prop::collection::vec(legal_line(), 0..40), crlf in any::<bool>()) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        let c = chunk(&text);
        assert_invariants(&text, &c);
    }

    #[test]
    fn invariants_on_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let c = chunk(&text);
        assert_invariants(&text, &c);
    }
}

/// The labels of a text's clauses, in order, with the first words of each.
fn labels_of(text: &str) -> Vec<(String, String)> {
    let c = chunk(text);
    c.clauses
        .iter()
        .map(|cl| {
            let words: Vec<&str> = cl.text(text).split_whitespace().take(2).collect();
            (cl.label.replace(' ', ""), words.join(" "))
        })
        .collect()
}

/// Lettered sub-clauses directly under a numbered section are cited as
/// lawyers cite them, `Section 2(a)(4)`, in a .txt or .md file as in the
/// HTML list the extractor writes out; the letters and paragraphs nest,
/// and a new section closes the letters.
#[test]
fn lettered_sub_clauses_under_a_section() {
    let text = "Section 1 – Definitions.\n\n(a) Adapted Material means material.\n\n(b) Share means to provide material to the public.\n\nSection 2 – Scope.\n\n(a) License grant.\n\n(1) Subject to the terms, the Licensor grants You a license.\n\n(2) Exceptions and Limitations. Where they apply, no license is needed.\n\n(b) Other rights.\n\n(1) Moral rights are not licensed.\n\nSection 3 – License Conditions.\n\n(1) Your exercise is subject to these conditions.\n";
    let expected = [
        ("Section1(a)", "(a) Adapted"),
        ("Section1(b)", "(b) Share"),
        ("Section2(a)", "(a) License"),
        ("Section2(a)(1)", "(1) Subject"),
        ("Section2(a)(2)", "(2) Exceptions"),
        ("Section2(b)", "(b) Other"),
        ("Section2(b)(1)", "(1) Moral"),
        ("Section3(1)", "(1) Your"),
    ];
    let got = labels_of(text);
    let got: Vec<(&str, &str)> = got.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(got, expected);
    // The same list under a decimal clause is cited `2.1(b)`, as Word's
    // list levels are (src/extract/docx.rs).
    let text = "2. Use\n\n2.1 The Customer shall not:\n\n(a) copy the Product;\n\n(b) sell the Product.\n\n2.2 Support is included.\n";
    let got = labels_of(text);
    let labels: Vec<&str> = got.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(labels, ["2.1", "2.1(a)", "2.1(b)", "2.2"]);
}

/// Letters under a paragraph `(1)` stay items of it (`§ 5 (1)` with `a)`,
/// `b)`), and a roman `(ii)` is never taken for a letter.
#[test]
fn letters_under_a_paragraph_stay_items() {
    let text = "§ 5 Zahlung\n\n(1) Der Kunde kann wählen zwischen:\n\na) Vorkasse,\n\nb) Rechnung.\n\n(2) Der Kaufpreis ist sofort fällig.\n";
    let got = labels_of(text);
    let labels: Vec<&str> = got.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(labels, ["§5(1)", "§5(2)"]);
}

/// `3. Contribution of your IP to Company projects.` heads its text like
/// the document's shorter `N. Title.` lines, although it ends like a
/// sentence; a numbered list of short sentences stays clauses.
#[test]
fn long_dotted_titles_head_their_text() {
    let text = "1. What the Company owns.\n\nThe Company owns the IP.\n\n2. What it does not own.\n\nYou own the rest.\n\n3. Contribution of your IP to Company projects.\n\nIf you include your own IP, it stays yours.\n";
    let c = chunk(text);
    let titles: Vec<&str> = c.headings.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "What the Company owns",
            "What it does not own",
            "Contribution of your IP to Company projects"
        ]
    );
    let text = "1. Prices are net.\n\n2. Delivery is free.\n\n3. The customer pays within fourteen days of the delivery date.\n\n4. Returns are accepted.\n";
    let c = chunk(text);
    assert!(
        !c.headings
            .iter()
            .any(|h| h.title.starts_with("The customer pays")),
        "{:?}",
        c.headings
    );
}

/// Statutes concatenated into one file as `cat` joins them (no blank line
/// between): each title block starts a document, and the last paragraph of
/// the first law does not run on into the second law's title.
#[test]
fn concatenated_statutes_are_documents() {
    let agg = read("tests/data/gesetze-agg-excerpt.md");
    let second = "% Gesetz über die Ausprägung einer 1-DM-Goldmünze\n\
                  % Ausfertigungsdatum: 27.12.2000\n \n\
                  # § 1 – Ausgabe durch die Deutsche Bundesbank\n\n\
                  Die Deutsche Bundesbank wird ermächtigt, eine Münze herauszugeben.\n";
    let text = format!("{agg}{second}{agg}");
    let c = chunk(&text);
    let docs: Vec<(Option<&str>, usize, usize)> = c
        .documents
        .iter()
        .map(|d| (d.title.as_deref(), d.line_start, d.line_end))
        .collect();
    assert_eq!(
        docs,
        [
            (Some("Allgemeines Gleichbehandlungsgesetz  (AGG)"), 1, 52),
            (
                Some("Gesetz über die Ausprägung einer 1-DM-Goldmünze"),
                54,
                59
            ),
            (Some("Allgemeines Gleichbehandlungsgesetz  (AGG)"), 60, 111),
        ]
    );
    let last_of_first = c.clauses.iter().rfind(|cl| cl.doc == 0).expect("clause");
    assert_eq!(last_of_first.label, "§ 5");
    assert!(last_of_first
        .text(&text)
        .ends_with("verhindert oder ausgeglichen werden sollen."));
    let coin: Vec<(&str, &[String])> = c
        .clauses
        .iter()
        .filter(|cl| cl.doc == 1)
        .map(|cl| (cl.label.as_str(), cl.heading_path.as_slice()))
        .collect();
    assert_eq!(coin.len(), 2, "{coin:?}");
    assert_eq!(coin[1].0, "§ 1");
    assert_eq!(coin[1].1, ["Ausgabe durch die Deutsche Bundesbank"]);
    // Chunking either law alone gives its clauses the same labels.
    let alone = chunk(&agg);
    let labels = |doc: usize| -> Vec<&str> {
        c.clauses
            .iter()
            .filter(|cl| cl.doc == doc)
            .map(|cl| cl.label.as_str())
            .collect()
    };
    let alone_labels: Vec<&str> = alone.clauses.iter().map(|cl| cl.label.as_str()).collect();
    assert_eq!(labels(0), alone_labels);
    assert_eq!(labels(2), alone_labels);
}

/// A street address inside a section (a return address) is a line of the
/// section, not a heading that takes the following clauses from it (the
/// shape of `../shared/data/formats` agb-026, `Kartäuserstraße 2 9`).
#[test]
fn a_street_address_is_no_heading() {
    let text = "8 Lieferung\n\n\
                8.1 Die Lieferung erfolgt innerhalb von drei Werktagen nach Eingang der Zahlung.\n\n\
                UNSERE FREIWILLIGE RÜCKGABEGARANTIE\n\n\
                Unabhängig von den Ihnen gesetzlich zustehenden Rechten bietet Ihnen example.com \
                die folgende freiwillige Rücknahmegarantie an:\n\n\
                Sämtliche Produkte können Sie innerhalb von 14 Tagen ab Erhalt der Ware an uns \
                zurücksenden, sofern die Ware vollständig ist.\n\n\
                Kaffeerösterei Alber Onlineshop c/o Kaffeerösterei Alber und Co. KG\n\n\
                Kartäuserstraße 2\n\n\
                D-79102 Freiburg\n\n\
                Sie können Ihre Bestellung innerhalb von 14 Tagen nach Erhalt der Ware kostenlos \
                an uns zurückschicken. Es funktioniert wie folgt:\n\n\
                9 Eigentumsvorbehalt\n\n\
                9.1 Bis zur vollständigen Bezahlung bleibt die Ware unser Eigentum.\n";
    let c = chunk(text);
    let paths: Vec<(usize, String)> = c
        .clauses
        .iter()
        .map(|cl| (cl.line_start, cl.heading_path.join(" > ")))
        .collect();
    let guarantee = "Lieferung > UNSERE FREIWILLIGE RÜCKGABEGARANTIE";
    assert_eq!(
        paths,
        [
            (3, "Lieferung"),
            (7, guarantee),
            (9, guarantee),
            (11, guarantee),
            (13, guarantee),
            (15, guarantee),
            (17, guarantee),
            (21, "Eigentumsvorbehalt"),
        ]
        .map(|(l, h)| (l, h.to_string()))
    );
}

/// A title line the markup names (an HTML page's `<h1>`) titles the first
/// document below a masthead line, in the same document; without the mark
/// the masthead's clause comes first and the title is read from a sentence.
/// The same line later in the text (a licence repeating its name above its
/// legal code) starts the next document, as a known title does.
#[test]
fn a_marked_title_below_a_masthead_titles_the_document() {
    let text = "Kaffeerösterei Alber\n\n\
                Allgemeine Geschäftsbedingungen und Kundeninformationen\n\n\
                1 Geltungsbereich\n\n\
                1.1 Diese Allgemeinen Geschäftsbedingungen gelten für alle Bestellungen.\n";
    let title = "Allgemeine Geschäftsbedingungen und Kundeninformationen";
    let marked = klausel::chunk::chunk_titled(text, Some(title));
    let docs: Vec<(Option<&str>, usize, usize)> = marked
        .documents
        .iter()
        .map(|d| (d.title.as_deref(), d.line_start, d.line_end))
        .collect();
    assert_eq!(docs, [(Some(title), 1, 7)]);
    assert_eq!(
        clause_rows(&marked),
        [row(1, "", ""), row(7, "1.1", "Geltungsbereich")]
    );
    let plain = chunk(text);
    assert_eq!(
        plain.documents[0].title.as_deref(),
        Some("Allgemeine Geschäftsbedingungen")
    );
    // A marked title that names no document (the shop's name as the
    // page's `<h1>`) yields to the document title below it.
    let logo = klausel::chunk::chunk_titled(
        "Kaffeerösterei Alber\n\nAllgemeine Geschäftsbedingungen\n\n1 Geltungsbereich\n\n\
         1.1 Diese Allgemeinen Geschäftsbedingungen gelten für alle Bestellungen.\n",
        Some("Kaffeerösterei Alber"),
    );
    let docs: Vec<Option<&str>> = logo.documents.iter().map(|d| d.title.as_deref()).collect();
    assert_eq!(docs, [Some("Allgemeine Geschäftsbedingungen")]);

    let text = "Attribution 4.0 International\n\nCC BY 4.0\n\nAbout the license\n\n\
                Creative Commons is not a law firm and does not provide legal services.\n\n\
                Attribution 4.0 International\n\n\
                By exercising the Licensed Rights, You accept and agree to these terms.\n";
    let marked = klausel::chunk::chunk_titled(text, Some("Attribution 4.0 International"));
    let docs: Vec<(Option<&str>, usize)> = marked
        .documents
        .iter()
        .map(|d| (d.title.as_deref(), d.line_start))
        .collect();
    assert_eq!(
        docs,
        [
            (Some("Attribution 4.0 International"), 1),
            (Some("Attribution 4.0 International"), 9)
        ]
    );
}

/// A version alone right below the title line (`1.0.0`, the shape of the
/// `../shared/data/formats` beipa PDF) is part of the title, not a clause
/// numbered `1.0.0` holding the preamble. Two numbers alone (`1.1`) stay a
/// clause number, and a version elsewhere stays text.
#[test]
fn a_version_below_the_title_is_part_of_it() {
    let titled = |text: &str| {
        let c = chunk(text);
        let clauses: Vec<(usize, String)> = c
            .clauses
            .iter()
            .map(|cl| (cl.line_start, cl.label.clone()))
            .collect();
        (c.documents[0].title.clone(), clauses)
    };
    let agreement = "Balanced Employee Intellectual Property Agreement";
    let (title, clauses) = titled(&format!(
        "{agreement}\n\n1.0.0\n\nThis AGREEMENT is between the person named below and the Company.\n\n\
         1. What the Company owns.\n\nThe Company owns any IP that you create as its employee.\n"
    ));
    assert_eq!(title.as_deref(), Some(&*format!("{agreement} 1.0.0")));
    assert_eq!(clauses, [(5, String::new()), (9, "1".to_string())]);
    let (title, _) = titled(&format!(
        "{agreement}\n\nVersion 2.1\n\nThis AGREEMENT is between us.\n"
    ));
    assert_eq!(title.as_deref(), Some(&*format!("{agreement} Version 2.1")));
    let (title, clauses) = titled(&format!(
        "{agreement}\n\n1.1\n\nThis AGREEMENT is between the person named below and the Company.\n"
    ));
    assert_eq!(title.as_deref(), Some(agreement));
    assert_eq!(clauses, [(3, "1.1".to_string())]);
    let (title, _) = titled(&format!(
        "{agreement}\n\n1. Scope\n\nThis AGREEMENT is between us.\n\n1.0.0\n\nMore text follows here.\n"
    ));
    assert_eq!(title.as_deref(), Some(agreement));
}

/// Short sentences numbered `1.`, `2.` under part headings (`I.`, `II.`)
/// are clauses: a line `N. Short title.` is a heading only when text can
/// stand below it, not when the next section number or part follows. In a
/// document of `N.` sections over `N.1` clauses, a section left empty
/// (`2. The Underwriter.` between `1.7` and `3.`) stays a heading.
#[test]
fn short_numbered_sentences_under_parts_are_clauses() {
    let text = "Allgemeine Geschäftsbedingungen der Müller & Söhne GmbH\n\n\
                I. Geltungsbereich\n\n\
                1. Diese Bedingungen gelten für alle Verträge.\n\n\
                2. Abweichende Bedingungen gelten nicht.\n\n\
                II. Haftung\n\n\
                1. Wir haften unbeschränkt bei Vorsatz.\n\n\
                2. Im Übrigen ist die Haftung ausgeschlossen.\n";
    let c = chunk(text);
    let headings: Vec<&str> = c.headings.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(
        headings,
        [
            "Allgemeine Geschäftsbedingungen der Müller & Söhne GmbH",
            "Geltungsbereich",
            "Haftung"
        ]
    );
    assert_eq!(
        clause_rows(&c),
        [
            row(5, "1", "Geltungsbereich"),
            row(7, "2", "Geltungsbereich"),
            row(11, "1", "Haftung"),
            row(13, "2", "Haftung")
        ]
    );

    let text = "1. Maintenance.\n\n1.1 Income. The Adviser waives its fee.\n\n\
                1.2 Payment. The Adviser pays within 30 days.\n\n\
                2. The Underwriter.\n\n3. Term and Termination of Agreement.\n\n\
                4. Miscellaneous.\n\n4.1 Captions. The captions are for reference only.\n";
    let c = chunk(text);
    let headings: Vec<&str> = c.headings.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(
        headings,
        [
            "Maintenance",
            "The Underwriter",
            "Term and Termination of Agreement",
            "Miscellaneous"
        ]
    );
}

/// The address block below an `Impressum` title is that imprint's text,
/// not a second, untitled imprint document.
#[test]
fn an_imprints_address_stays_in_the_imprint() {
    let text = "Impressum\n\nBeispiel Shop GmbH\nMusterstraße 12\n10115 Berlin\n\
                Geschäftsführer: Max Muster\nRegistergericht: Amtsgericht Berlin, HRB 12345\n\n\
                Allgemeine Geschäftsbedingungen\n\n§ 1 Geltungsbereich\n\n\
                (1) Diese AGB gelten für alle Bestellungen.\n";
    let c = chunk(text);
    let docs: Vec<(DocKind, Option<&str>, usize, usize)> = c
        .documents
        .iter()
        .map(|d| (d.kind, d.title.as_deref(), d.line_start, d.line_end))
        .collect();
    assert_eq!(
        docs,
        [
            (DocKind::Imprint, Some("Impressum"), 1, 7),
            (
                DocKind::Terms,
                Some("Allgemeine Geschäftsbedingungen"),
                9,
                13
            )
        ]
    );
}

/// A web page saved as text keeps its chrome: the cookie notice with its
/// buttons and the menu at the top, the copyright footer at the end. They
/// are furniture, in no clause and no document's title; the same shapes
/// inside the text (a table row with `|`, a privacy clause on cookies)
/// stay text.
#[test]
fn a_scrapes_cookie_notice_menu_and_footer_are_chrome() {
    let text = "Diese Website verwendet Cookies. Mit der Nutzung stimmen Sie zu.\n\
                Akzeptieren Ablehnen Einstellungen\n\n\
                Startseite | Shop | Kontakt | AGB\n\n\
                Allgemeine Geschäftsbedingungen\n\n\
                § 1 Geltungsbereich\n\n\
                (1) Diese AGB gelten für alle Bestellungen über unseren Online-Shop.\n\n\
                § 2 Preise\n\n\
                Paket | Preis | Laufzeit\n\n\
                § 3 Cookies\n\n\
                Wir verwenden Cookies. Sie können zustimmen oder ablehnen.\n\n\
                § 4 Gerichtsstand\n\n\
                Gerichtsstand ist Berlin.\n\n\
                © 2024 Beispiel Shop GmbH | Alle Rechte vorbehalten\n";
    let c = chunk(text);
    let chrome: Vec<usize> = c
        .furniture
        .iter()
        .filter(|f| f.kind == klausel::FurnitureKind::Chrome)
        .map(|f| f.line)
        .collect();
    assert_eq!(chrome, [1, 2, 4, 24]);
    let docs: Vec<(DocKind, Option<&str>)> = c
        .documents
        .iter()
        .map(|d| (d.kind, d.title.as_deref()))
        .collect();
    assert_eq!(
        docs,
        [(DocKind::Terms, Some("Allgemeine Geschäftsbedingungen"))]
    );
    let clauses: Vec<(usize, String)> = c
        .clauses
        .iter()
        .map(|cl| (cl.line_start, cl.label.clone()))
        .collect();
    let row = |line: usize, label: &str| (line, label.to_string());
    assert_eq!(
        clauses,
        [
            row(10, "§ 1 (1)"),
            row(14, "§ 2"),
            row(18, "§ 3"),
            row(22, "§ 4")
        ]
    );
}

/// `Ziffer 3 Gerichtsstand` heads section `Ziff. 3`, as lawyers cite it
/// (`Ziffer 2.1 Preise` heads clause `2.1`); `Ziffer 1 gilt entsprechend`
/// at a line's start is a reference in a sentence, not a heading.
#[test]
fn ziffer_sections_are_cited_as_ziff() {
    let text = "Allgemeine Verkaufsbedingungen\n\n\
                Ziffer 1 Geltung\n\nDiese Bedingungen gelten für alle Lieferungen.\n\n\
                Ziffer 2.1 Preise\n\nEs gelten die Preise der Preisliste.\n\n\
                Ziffer 1 gilt entsprechend.\n\n\
                Ziffer 3 Gerichtsstand\n\nGerichtsstand ist Hamburg.\n";
    let c = chunk(text);
    assert_eq!(
        clause_rows(&c),
        [
            row(5, "Ziff. 1", "Geltung"),
            row(9, "2.1", "Preise"),
            row(11, "2.1", "Preise"),
            row(15, "Ziff. 3", "Gerichtsstand")
        ]
    );
}

/// Each clause as (first line, label, heading path joined by ` > `).
fn clause_rows(c: &Chunked) -> Vec<(usize, String, String)> {
    c.clauses
        .iter()
        .map(|cl| (cl.line_start, cl.label.clone(), cl.heading_path.join(" > ")))
        .collect()
}

/// A row of [`clause_rows`].
fn row(line: usize, label: &str, path: &str) -> (usize, String, String) {
    (line, label.to_string(), path.to_string())
}
