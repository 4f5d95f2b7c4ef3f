//! Exact output of every printer format, on the sample corpus: search as
//! text (plain and coloured), JSON and NDJSON; compare as the table,
//! JSON, CSV and Markdown; show as text and JSON; the index summaries.
//! Timings are the only thing masked.

mod util;

use util::{outcome, sample};

/// stdout of a command against the sample index, which must succeed,
/// with `took_ms` and `seconds` masked.
fn out(cmd: &str, args: &[&str]) -> String {
    let (code, out, err) = outcome(&sample().run(cmd, args));
    assert_eq!(code, 0, "{cmd} {args:?}: {err}");
    mask(&out)
}

fn mask(s: &str) -> String {
    let numbers = regex::Regex::new(r#"("took_ms": ?|"seconds": ?|"peak_rss": ?)[0-9.]+"#).unwrap();
    let s = numbers.replace_all(s, "${1}0");
    let rates = regex::Regex::new(
        r"in [0-9.]+ s \([0-9.]+ MB/s, [0-9]+ clauses/s, peak memory [0-9]+ MB\)",
    )
    .unwrap();
    rates
        .replace_all(&s, "in X s (X MB/s, X clauses/s, peak memory X MB)")
        .into_owned()
}

#[test]
fn search_text() {
    insta::assert_snapshot!(out(
        "search",
        &["--limit", "3", "--color", "never", "Gerichtsstand"]
    ));
}

#[test]
fn search_text_coloured() {
    insta::assert_snapshot!(out(
        "search",
        &["--limit", "2", "--color", "always", "Haftung"]
    ));
}

#[test]
fn search_json() {
    insta::assert_snapshot!(out(
        "search",
        &["--limit", "2", "--format", "json", "Gerichtsstand"]
    ));
}

#[test]
fn search_ndjson() {
    insta::assert_snapshot!(out(
        "search",
        &["--limit", "2", "--format", "ndjson", "Gerichtsstand"]
    ));
}

#[test]
fn compare_text() {
    insta::assert_snapshot!(out("compare", &["--color", "never", "Gerichtsstand"]));
}

#[test]
fn compare_table() {
    insta::assert_snapshot!(out(
        "compare",
        &[
            "--format",
            "table",
            "--top",
            "2",
            "--color",
            "never",
            "Abwerbeverbot"
        ]
    ));
}

#[test]
fn compare_json() {
    insta::assert_snapshot!(out("compare", &["--format", "json", "Eigentumsvorbehalt"]));
}

#[test]
fn compare_csv() {
    insta::assert_snapshot!(out("compare", &["--format", "csv", "Gerichtsstand"]));
}

#[test]
fn compare_markdown() {
    insta::assert_snapshot!(out("compare", &["--format", "markdown", "Gerichtsstand"]));
}

#[test]
fn show_text() {
    insta::assert_snapshot!(out("show", &["Actimi § 23 (7)"]));
}

#[test]
fn show_json() {
    insta::assert_snapshot!(out("show", &["--format", "json", "corpus/cms-gtc.txt:38"]));
}

#[test]
fn index_summaries() {
    let dir = tempfile::tempdir().unwrap();
    let idx = dir.path().join("index");
    let idx = idx.to_str().unwrap();
    let (code, text, _) = outcome(&util::run(&["index", "--index", idx, "corpus"]));
    assert_eq!(code, 0);
    let (code, json, _) = outcome(&util::run(&[
        "index", "--index", idx, "--format", "json", "corpus",
    ]));
    assert_eq!(code, 0);
    insta::assert_snapshot!(format!("{}\n---\n{}", mask(&text), mask(&json)));
}

#[test]
fn chunk_text_and_json() {
    let run = |format: &str| {
        let (code, out, err) = outcome(&util::run(&[
            "chunk",
            "--format",
            format,
            "tests/data/bgb-305-310.md",
        ]));
        assert_eq!(code, 0, "{err}");
        out
    };
    let json = run("json");
    let head: String = json.lines().take(60).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!(format!("{}\n---\n{head}", run("text")));
}
