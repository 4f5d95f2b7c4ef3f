//! PDF, DOCX and HTML input (issue #17): exact citations with pages, page
//! furniture kept out of clauses, and a warning for each unreadable file.
//! The same checks as `../shared/data/formats/check.py`, on the fixtures in
//! `tests/data/formats/` (see its README).

mod util;

use proptest::prelude::*;
use serde_json::Value;
use std::sync::OnceLock;
use util::{outcome, run};

/// The fixtures plus an image-only PDF, indexed once; the `index` stderr.
struct Fixture {
    _dir: tempfile::TempDir,
    index: String,
    stderr: String,
}

/// A one-page PDF whose page only paints a rectangle: no text layer.
fn image_only_pdf() -> Vec<u8> {
    let content = "0 0 1 rg 100 100 200 200 re f";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>"
            .to_string(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let docs = dir.path().join("docs");
        std::fs::create_dir(&docs).expect("docs dir");
        let src = util::root().join("tests/data/formats");
        for e in std::fs::read_dir(&src).expect("fixtures") {
            let p = e.expect("entry").path();
            if p.extension().is_some_and(|x| x != "md") {
                std::fs::copy(&p, docs.join(p.file_name().expect("name"))).expect("copy");
            }
        }
        std::fs::write(docs.join("scan.pdf"), image_only_pdf()).expect("scan");
        std::fs::write(docs.join("broken.docx"), b"PK\x03\x04 not really a zip").expect("broken");
        let index = dir.path().join("index").display().to_string();
        let o = run(&["index", "--index", &index, docs.to_str().expect("utf-8")]);
        let (_, _, stderr) = outcome(&o);
        Fixture {
            _dir: dir,
            index,
            stderr,
        }
    })
}

fn top_hit(query: &str) -> Value {
    let f = fixture();
    let o = run(&[
        "search", "--index", &f.index, "--format", "json", "--limit", "5", query,
    ]);
    let (_, stdout, stderr) = outcome(&o);
    let v: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    v["hits"][0].clone()
}

/// The top hit of `query` is in `file`, labelled `label`, under `heading`,
/// on `page` (PDF), and contains `passage`.
fn check(query: &str, file: &str, label: &str, heading: &str, page: Option<u64>, passage: &str) {
    let h = top_hit(query);
    assert!(
        h["path"].as_str().is_some_and(|p| p.ends_with(file)),
        "{query}: {h}"
    );
    assert_eq!(h["section"], label, "{query}");
    assert_eq!(h["heading"], heading, "{query}");
    assert_eq!(h["page"].as_u64(), page, "{query}");
    let words = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(
        words(h["text"].as_str().unwrap_or("")).contains(&words(passage)),
        "{query}: {}",
        h["text"]
    );
}

#[test]
fn pdf_citations_with_pages() {
    let f = "imst-gtc-running-header.pdf";
    check(
        "\"framework contracts or other contracts have been concluded\"",
        f,
        "1.3",
        "Scope, general",
        Some(1),
        "framework contracts or other contracts have been concluded with our customers, these shall take precedence. They shall",
    );
    check(
        "\"met especially advance payments or securities agreed and\"",
        f,
        "4.2",
        "Time of service",
        Some(2),
        "met, especially advance payments or securities agreed and cooperation owed by the customer have been",
    );
    // Two columns, German hyphenation.
    check(
        "\"Empfangsbestätigungs-Email angegebene Betrag innerhalb von sieben Werktagen auf\"",
        "agb-009-zweispaltig.pdf",
        "§ 3 (3)",
        "ZAHLUNGSBEDINGUNGEN/ZAHLUNGSMETHODEN",
        Some(1),
        "Empfangsbestätigungs-Email angegebene Betrag innerhalb von sieben Werktagen auf dem von Lumatec angegebenen Konto eingehen, andernfalls",
    );
    // Encrypted with an empty user password: read as usual.
    check(
        "\"assert these rights if ACTIMI has previously set\"",
        "actimi-gtc-secured.pdf",
        "§ 6 (2)",
        "Retention of Title",
        Some(2),
        "assert these rights if ACTIMI has previously set the customer a reasonable deadline for",
    );
}

#[test]
fn docx_citations_from_automatic_numbering() {
    check(
        "\"if and to the extent that they are\" EMIND",
        "emind-gtc-autonumber.docx",
        "§ 1 (3)",
        "Scope of application",
        None,
        "if and to the extent that they are accepted by EMIND in",
    );
    check(
        "\"makes A-account payments these shall be booked in\"",
        "emind-gtc-autonumber.docx",
        "§ 5 (1)",
        "Repayment",
        None,
        "makes A-account payments, these shall be booked in accordance with §§ 366 para. 2",
    );
    check(
        "\"Ihnen bei Abholung in der Filiale der Preis\"",
        "agb-017-tracked-footnotes.docx",
        "3.8",
        "Bezahlung",
        None,
        "Ihnen bei Abholung in der Filiale der Preis aus der Onlinebestellung zugesichert, d.h. sofern der Filialpreis höher",
    );
}

#[test]
fn html_citations_from_lists_and_counters() {
    check(
        "\"of the data of our website visitors and\"",
        "megatech-privacy-cookie-banner.html",
        "3",
        "Hosting & Content Delivery Network",
        None,
        "of the data of our website visitors and prohibits unauthorised disclosure to third parties.",
    );
    check(
        "\"oder bei einer Rückgabe im Rahmen der freiwilligen\"",
        "agb-010-nested-ol.html",
        "4.6",
        "Preise und Versand, Lieferung zur Abholung",
        None,
        "oder bei einer Rückgabe im Rahmen der freiwilligen Rückgabegarantie gemäß § 11 dieser AGB kann der",
    );
    // windows-1252 bytes and entities.
    check(
        "\"solchen Fall wird der Kunde ausdrücklich und gesondert\"",
        "agb-026-windows-1252.html",
        "1.2",
        "Geltungsbereich",
        None,
        "solchen Fall wird der Kunde ausdrücklich und gesondert auf diese Bedingungen hingewiesen.",
    );
}

/// An HTML page's document is titled by its first `<h1>`: below a shop's
/// masthead, and when the heading names no kind of document. Search cites
/// the title.
#[test]
fn html_documents_are_titled_by_their_h1() {
    for (query, file, title) in [
        (
            "\"solchen Fall wird der Kunde ausdrücklich und gesondert\"",
            "agb-026-windows-1252.html",
            "Allgemeine Geschäftsbedingungen und Kundeninformationen",
        ),
        (
            "\"The Licensor authorizes You to exercise the Licensed\"",
            "cc-by-4.0-legalcode.en.html",
            "Attribution 4.0 International",
        ),
        (
            "\"of the data of our website visitors and\"",
            "megatech-privacy-cookie-banner.html",
            "Data Protection Declaration",
        ),
    ] {
        let h = top_hit(query);
        assert!(
            h["path"].as_str().is_some_and(|p| p.ends_with(file)),
            "{query}: {h}"
        );
        assert_eq!(h["document"], title, "{query}");
    }
}

/// Letters and numbers that exist only as nested `<ol type=a>` / `<ol>`
/// (the real CC BY 4.0 legal code) are cited as lawyers cite them.
#[test]
fn html_nested_lettered_lists_are_cited_in_full() {
    let f = "cc-by-4.0-legalcode.en.html";
    check(
        "\"The Licensor authorizes You to exercise the Licensed\"",
        f,
        "Section 2 (a)(4)",
        "Scope",
        None,
        "The Licensor authorizes You to exercise the Licensed Rights in all media and formats whether now known or hereafter created",
    );
    check(
        "\"the Licensor waives any right to collect royalties\"",
        f,
        "Section 2 (b)(3)",
        "Scope",
        None,
        "the Licensor waives any right to collect royalties from You for the exercise of the Licensed Rights",
    );
    // `(i)` after `(h)` is the letter i, not a roman one.
    check(
        "\"means to provide material to the public by\"",
        f,
        "Section 1 (i)",
        "Definitions",
        None,
        "means to provide material to the public by any means or process that requires permission under the Licensed Rights",
    );
    check(
        "\"No term or condition of this Public License\"",
        f,
        "Section 8 (c)",
        "Interpretation",
        None,
        "No term or condition of this Public License will be waived and no failure to comply consented to unless expressly agreed to by the Licensor.",
    );
}

/// A real XeTeX PDF whose sections are `N. Title.` lines: the one of seven
/// words (`3. Contribution of your IP to Company projects.`) is a heading
/// like the others.
#[test]
fn pdf_sentence_like_numbered_titles_are_headings() {
    check(
        "\"then the License covers the rights associated with\"",
        "beipa-1.0.0.pdf",
        "3",
        "Contribution of your IP to Company projects",
        Some(2),
        "then the License covers the rights associated with that use of your name as well.",
    );
}

/// `url` of a manifest entry: in the text citation and in the JSON hit;
/// absent for a file without one.
#[test]
fn a_citation_gives_the_manifest_url() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).expect("docs");
    let src = util::root().join("tests/data/formats");
    for name in ["agb-010-nested-ol.html", "actimi-gtc-secured.pdf"] {
        std::fs::copy(src.join(name), docs.join(name)).expect("copy");
    }
    std::fs::write(
        docs.join("corpus.toml"),
        "[[document]]\nfile = \"actimi-gtc-secured.pdf\"\nvendor = \"Actimi GmbH\"\ntitle = \"General Terms and Conditions\"\nurl = \"https://actimi.example/agb.pdf\"\n",
    )
    .expect("manifest");
    let index = dir.path().join("index").display().to_string();
    let o = run(&[
        "index",
        "--quiet",
        "--index",
        &index,
        docs.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let q = "\"assert these rights if ACTIMI has previously set\"";
    let o = run(&[
        "search", "--index", &index, "--format", "json", "--limit", "1", q,
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    let h = &v["hits"][0];
    assert_eq!(h["url"], "https://actimi.example/agb.pdf", "{h}");
    assert!(
        h["citation"]
            .as_str()
            .is_some_and(|c| c.ends_with("page 2, https://actimi.example/agb.pdf")),
        "{h}"
    );
    let o = run(&[
        "search", "--index", &index, "--limit", "1", "--color", "never", q,
    ]);
    let (_, stdout, _) = outcome(&o);
    let first = stdout.lines().next().unwrap_or("");
    assert!(
        first.ends_with("actimi-gtc-secured.pdf p. 2 · https://actimi.example/agb.pdf"),
        "{first}"
    );
    let o = run(&[
        "search",
        "--index",
        &index,
        "--format",
        "json",
        "--limit",
        "1",
        "Eigentumsvorbehalt",
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    let h = &v["hits"][0];
    assert!(
        h["path"].as_str().is_some_and(|p| p.ends_with(".html")),
        "{h}"
    );
    assert!(h.get("url").is_none(), "{h}");
}

/// `klausel chunk` of a PDF gives each clause its pages, and `show` of a
/// PDF clause names its page.
#[test]
fn chunk_and_show_give_a_pdf_clause_its_page() {
    let o = run(&[
        "chunk",
        "--format",
        "json",
        "tests/data/formats/actimi-gtc-secured.pdf",
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    let clause = v["clauses"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["label"] == "§ 6 (2)")
        .cloned()
        .unwrap_or_default();
    assert_eq!(clause["page"], 2, "{clause}");
    assert_eq!(clause["page_end"], 2, "{clause}");
    let o = run(&[
        "chunk",
        "--format",
        "json",
        "tests/data/formats/agb-010-nested-ol.html",
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(v["clauses"][0].get("page").is_none());
    let f = fixture();
    let o = run(&["show", "--index", &f.index, "actimi § 6 (2)"]);
    let (code, stdout, stderr) = outcome(&o);
    assert_eq!(code, 0, "{stderr}");
    let first = stdout.lines().next().unwrap_or("");
    assert!(first.contains("actimi-gtc-secured.pdf p. 2"), "{first}");
    let o = run(&[
        "show",
        "--index",
        &f.index,
        "--format",
        "json",
        "actimi § 6 (2)",
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["clause"]["page"], 2, "{v}");
}

/// Running headers, page footers, deleted revisions, comments, banners and
/// menus never end up in a clause.
#[test]
fn furniture_is_not_clause_text() {
    for text in [
        "Page 2 of 9",
        "Seite 2 von 4",
        "Lumatec · Allgemeine Geschäftsbedingungen Onlineshop · Stand 01/2024",
        "nach freiem Ermessen des Verkäufers und ohne Angabe von Gründen",
        "Bitte mit Vertrieb abstimmen",
        "We use cookies to give you the best possible experience on our website",
        "Home Products Solutions Career Press",
        "Jetzt zum Newsletter anmelden und 10 Prozent Willkommensrabatt sichern",
        "Diese Website nutzt Cookies",
        "nach oben",
    ] {
        let f = fixture();
        let o = run(&[
            "search",
            "--index",
            &f.index,
            "--format",
            "json",
            "--limit",
            "50",
            &format!("\"{text}\""),
        ]);
        let (_, stdout, _) = outcome(&o);
        let v: Value = serde_json::from_str(&stdout).unwrap_or(Value::Null);
        for h in v["hits"].as_array().into_iter().flatten() {
            let body = h["text"]
                .as_str()
                .unwrap_or("")
                .replace(['\n', '\x0c'], " ");
            assert!(!body.contains(text), "{text:?} leaked into {}", h["id"]);
        }
    }
}

#[test]
fn unreadable_files_get_a_warning_with_the_reason() {
    let e = &fixture().stderr;
    let line = |name: &str| {
        e.lines()
            .find(|l| l.starts_with("warning:") && l.contains(name))
            .unwrap_or_else(|| panic!("no warning for {name}: {e}"))
            .to_string()
    };
    assert!(line("agb-005-passwort.pdf").ends_with("needs a password, skipped"));
    assert!(line("scan.pdf").ends_with("no text layer; OCR is not supported, skipped"));
    assert!(line("broken.docx").contains("damaged DOCX"));
    assert!(!e.contains("actimi-gtc-secured.pdf"), "{e}");
}

#[test]
fn text_citation_names_the_page() {
    let f = fixture();
    let o = run(&[
        "search",
        "--index",
        &f.index,
        "--limit",
        "1",
        "\"assert these rights if ACTIMI has previously set\"",
    ]);
    let (_, stdout, _) = outcome(&o);
    let first = stdout.lines().next().unwrap_or("");
    assert!(
        first.ends_with("§ 6 (2) Retention of Title · ")
            || first.contains("actimi-gtc-secured.pdf p. 2"),
        "{first}"
    );
}

#[test]
fn chunk_reads_every_format() {
    let o = run(&["chunk", "tests/data/formats/emind-gtc-autonumber.docx"]);
    let (code, stdout, stderr) = outcome(&o);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("§ 1 (3)"), "{stdout}");
    let o = run(&["chunk", "tests/data/formats/agb-010-nested-ol.html"]);
    let (code, stdout, _) = outcome(&o);
    assert_eq!(code, 0);
    assert!(stdout.contains("4.6"), "{stdout}");
}

#[test]
fn formats_option_leaves_other_formats_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = dir.path().join("index").display().to_string();
    let o = run(&[
        "index",
        "--quiet",
        "--formats",
        "html",
        "--index",
        &index,
        "tests/data/formats",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = run(&["search", "--index", &index, "--format", "json", "EMIND"]);
    let (_, stdout, _) = outcome(&o);
    assert!(!stdout.contains(".docx"), "{stdout}");
}

/// The five vendors' jurisdiction clauses, as (vendor, label, heading, text).
fn gerichtsstand(folder: &str) -> Vec<(String, String, String, String)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = dir.path().join("index").display().to_string();
    let o = run(&["index", "--quiet", "--index", &index, folder]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = run(&[
        "compare",
        "--index",
        &index,
        "--format",
        "json",
        "Gerichtsstand",
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    v["vendors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let h = &r["hits"][0];
            let s = |k: &str| h[k].as_str().unwrap_or("").to_string();
            (s("vendor"), s("section"), s("heading"), s("text"))
        })
        .collect()
}

/// The sample corpus made into PDF and HTML with `tools/txt2doc.py`
/// (tests/data/formats/README.md) gives the same five clauses as the .txt files.
#[test]
fn compare_over_a_mixed_folder_equals_the_text_corpus() {
    let txt = gerichtsstand("corpus");
    let mixed = gerichtsstand("tests/data/mixed");
    assert_eq!(txt.len(), 5);
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for (a, b) in txt.iter().zip(&mixed) {
        assert_eq!((&a.0, &a.1, &a.2), (&b.0, &b.1, &b.2));
        assert_eq!(words(&a.3), words(&b.3));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Arbitrary bytes, and fixtures with bytes cut off or overwritten,
    /// give text or an error: never a panic.
    #[test]
    fn extractors_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
        cut in 0usize..60_000,
        at in 0usize..60_000,
        byte in any::<u8>(),
    ) {
        use klausel::extract::{extract, Format};
        for f in [Format::Pdf, Format::Html, Format::Docx] {
            let _ = extract(f, &bytes);
        }
        let root = util::root().join("tests/data/formats");
        for (name, f) in [
            ("agb-017-tracked-footnotes.docx", Format::Docx),
            ("agb-009-zweispaltig.pdf", Format::Pdf),
            ("agb-010-nested-ol.html", Format::Html),
        ] {
            let mut b = std::fs::read(root.join(name)).expect("fixture");
            if !b.is_empty() {
                let i = at % b.len();
                b[i] = byte;
            }
            b.truncate(cut.max(1).min(b.len()));
            let _ = extract(f, &b);
        }
    }
}
