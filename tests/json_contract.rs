//! Issue 16: the JSON contract of docs/json.md is what klausel prints. The
//! field tables are read from the document; every output of the sample
//! corpus must carry `"version": 1` first, every field documented as always
//! present, and no field the document does not name. Each error kind that
//! can be provoked cheaply prints the contract's error object with exit 2.

mod util;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Output;
use util::{edit_payload, index, klausel, outcome, root, sample};

/// One documented object: field name → whether it may be absent.
type Fields = BTreeMap<String, bool>;

/// The field tables of docs/json.md: one `### name` heading per object,
/// then a `| field | type | optional | meaning |` table. A row `...NAME`
/// stands for every field of the object NAME.
fn contract() -> BTreeMap<String, Fields> {
    let doc = std::fs::read_to_string(root().join("docs/json.md")).expect("docs/json.md");
    let mut raw: BTreeMap<String, Vec<(String, bool)>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        if let Some(name) = line.strip_prefix("### ") {
            current = Some(name.trim().to_string());
            continue;
        }
        if line.starts_with("## ") {
            current = None;
            continue;
        }
        let Some(name) = &current else { continue };
        if line.starts_with("| field |") || line.starts_with("|---") || !line.starts_with('|') {
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        assert_eq!(cells.len(), 4, "{name}: a row needs 4 cells: {line}");
        let field = cells[0]
            .strip_prefix('`')
            .and_then(|f| f.strip_suffix('`'))
            .unwrap_or_else(|| panic!("{name}: field not in backticks: {line}"));
        let optional = match cells[2] {
            "yes" => true,
            "no" | "" => false,
            other => panic!("{name}: optional must be yes or no, not {other:?}"),
        };
        raw.entry(name.clone())
            .or_default()
            .push((field.to_string(), optional));
    }
    fn expand(name: &str, raw: &BTreeMap<String, Vec<(String, bool)>>) -> Fields {
        let rows = raw
            .get(name)
            .unwrap_or_else(|| panic!("docs/json.md has no table ### {name}"));
        let mut fields = Fields::new();
        for (field, optional) in rows {
            match field.strip_prefix("...") {
                Some(other) => fields.extend(expand(other, raw)),
                None => {
                    fields.insert(field.clone(), *optional);
                }
            }
        }
        fields
    }
    raw.keys()
        .map(|name| (name.clone(), expand(name, &raw)))
        .collect()
}

/// Checks `value` against the documented object `name`: every field that
/// is always present is there, and no field is undocumented.
fn check(contract: &BTreeMap<String, Fields>, name: &str, value: &Value) {
    let fields = contract
        .get(name)
        .unwrap_or_else(|| panic!("docs/json.md has no table ### {name}"));
    let object = value
        .as_object()
        .unwrap_or_else(|| panic!("{name} is not an object: {value}"));
    let actual: BTreeSet<&str> = object.keys().map(String::as_str).collect();
    let documented: BTreeSet<&str> = fields.keys().map(String::as_str).collect();
    let required: BTreeSet<&str> = fields
        .iter()
        .filter(|(_, optional)| !**optional)
        .map(|(f, _)| f.as_str())
        .collect();
    let undocumented: Vec<&&str> = actual.difference(&documented).collect();
    let missing: Vec<&&str> = required.difference(&actual).collect();
    assert!(
        undocumented.is_empty() && missing.is_empty(),
        "{name}: undocumented {undocumented:?}, missing {missing:?} in {value}"
    );
    if documented.contains("version") {
        assert_eq!(value["version"], 1, "{name}: {value}");
    }
}

fn each<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is not an array: {value}"))
}

/// A hit and the locations of its `also_in`.
fn check_hit(c: &BTreeMap<String, Fields>, name: &str, hit: &Value) {
    check(c, name, hit);
    for loc in each(hit, "also_in") {
        check(c, "location", loc);
    }
}

/// The one pretty-printed object of a successful run, version first.
fn pretty(o: &Output) -> Value {
    let (code, out, err) = outcome(o);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("{\n  \"version\": 1,\n"), "{out}");
    serde_json::from_str(&out).expect("one JSON object")
}

/// The lines of an NDJSON answer, each starting with the version.
fn lines(out: &str) -> Vec<Value> {
    out.lines()
        .map(|line| {
            assert!(line.starts_with(r#"{"version":1,"type":""#), "{line}");
            serde_json::from_str(line).expect("a JSON line")
        })
        .collect()
}

#[test]
fn docs_json_md_names_every_output() {
    let c = contract();
    for name in [
        "search",
        "expansion",
        "hit",
        "location",
        "compare",
        "vendor",
        "show",
        "shown clause",
        "chunk",
        "chunk clause",
        "index",
        "ndjson expansion",
        "ndjson hit",
        "ndjson summary",
        "batch expansion",
        "batch hit",
        "batch summary",
        "batch error",
        "error",
    ] {
        assert!(c.contains_key(name), "docs/json.md lacks ### {name}");
    }
    // Every top-level object and line starts with the version.
    for name in ["search", "compare", "show", "chunk", "index", "error"] {
        assert_eq!(c[name].get("version"), Some(&false), "{name}");
    }
    assert_eq!(klausel::JSON_VERSION, 1);
}

#[test]
fn search_json_matches_the_contract() {
    let c = contract();
    let v = pretty(&sample().run(
        "search",
        &["--format", "json", "--limit", "50", "Gerichtsstand"],
    ));
    check(&c, "search", &v);
    assert!(!each(&v, "expansions").is_empty());
    for e in each(&v, "expansions") {
        check(&c, "expansion", e);
    }
    assert!(!each(&v, "hits").is_empty());
    for hit in each(&v, "hits") {
        check_hit(&c, "hit", hit);
    }
    // A query whose hits have identical clauses elsewhere checks `also_in`.
    let v = pretty(&sample().run(
        "search",
        &["--format", "json", "--limit", "100", "liability"],
    ));
    check(&c, "search", &v);
    for hit in each(&v, "hits") {
        check_hit(&c, "hit", hit);
    }
    // --count: the same object with no hits.
    let v = pretty(&sample().run("search", &["--format", "json", "--count", "liability"]));
    check(&c, "search", &v);
    assert!(each(&v, "hits").is_empty());
}

#[test]
fn compare_show_and_chunk_json_match_the_contract() {
    let c = contract();
    let v = pretty(&sample().run(
        "compare",
        &["--format", "json", "--top", "2", "Gerichtsstand"],
    ));
    check(&c, "compare", &v);
    assert!(each(&v, "vendors").len() >= 2);
    for row in each(&v, "vendors") {
        check(&c, "vendor", row);
        for hit in each(row, "hits") {
            check_hit(&c, "hit", hit);
        }
    }

    // A section: a clause before, more clauses, and one after.
    let v = pretty(&sample().run("show", &["--format", "json", "cms § 19"]));
    check(&c, "show", &v);
    assert!(v["before"].is_object() && v["after"].is_object(), "{v}");
    assert!(!each(&v, "more").is_empty());
    for part in ["before", "clause", "after"] {
        check_hit(&c, "shown clause", &v[part]);
    }
    for m in each(&v, "more") {
        check_hit(&c, "shown clause", m);
    }

    let v = pretty(
        &klausel()
            .args(["chunk", "corpus/cms-gtc.txt", "--format", "json"])
            .output()
            .expect("klausel runs"),
    );
    check(&c, "chunk", &v);
    assert!(!each(&v, "clauses").is_empty());
    for clause in each(&v, "clauses") {
        check(&c, "chunk clause", clause);
    }
}

#[test]
fn index_json_matches_the_contract() {
    let c = contract();
    let tmp = tempfile::tempdir().unwrap();
    let v = pretty(&index(
        &tmp.path().join("index"),
        &["--format", "json", "corpus"],
    ));
    check(&c, "index", &v);
    assert_eq!(v["type"], "summary");
    assert_eq!(v["added"], 5, "{v}");
}

#[test]
fn ndjson_and_batch_lines_match_the_contract() {
    let c = contract();
    let o = sample().run(
        "search",
        &["--format", "ndjson", "--limit", "3", "Gerichtsstand"],
    );
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let mut seen = BTreeSet::new();
    for line in lines(&out) {
        let t = line["type"].as_str().unwrap_or_default().to_string();
        check(&c, &format!("ndjson {t}"), &line);
        seen.insert(t);
    }
    assert_eq!(
        seen,
        BTreeSet::from(["expansion".into(), "hit".into(), "summary".into()])
    );

    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("queries.txt");
    std::fs::write(&file, "Gerichtsstand\n{\"limt\": 1}\n(broken\nliability\n").unwrap();
    let o = sample().run(
        "search",
        &["--batch", file.to_str().unwrap(), "--limit", "2"],
    );
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let mut kinds = BTreeSet::new();
    for line in lines(&out) {
        let t = line["type"].as_str().unwrap_or_default().to_string();
        check(&c, &format!("batch {t}"), &line);
        if t == "error" {
            kinds.insert(line["kind"].as_str().unwrap_or_default().to_string());
        }
        seen.remove(&t);
    }
    assert!(seen.is_empty(), "batch lacks {seen:?}");
    assert_eq!(
        kinds,
        BTreeSet::from(["bad_line".into(), "bad_query".into()])
    );
}

/// Runs klausel and checks that it failed with exit 2 and exactly the
/// contract's error line of `kind` on stdout.
fn assert_error(args: &[&str], kind: &str) {
    let c = contract();
    let o = klausel().args(args).output().expect("klausel runs");
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 2, "{args:?}: {out}{err}");
    let prefix = format!(r#"{{"version":1,"type":"error","kind":"{kind}","message":"#);
    assert!(out.starts_with(&prefix), "{args:?}: {out}");
    assert_eq!(out.lines().count(), 1, "{out}");
    let v: Value = serde_json::from_str(&out).expect("a JSON line");
    check(&c, "error", &v);
    // The message is the one on stderr.
    assert_eq!(
        err.lines().next().and_then(|l| l.strip_prefix("klausel: ")),
        v["message"].as_str(),
        "{args:?}"
    );
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn cheap_error_kinds_print_the_contract_error_object() {
    let idx = sample().arg();
    assert_error(
        &["search", "--index", idx, "--format", "json", "(broken"],
        "bad_query",
    );
    assert_error(
        &[
            "search",
            "--index",
            idx,
            "--format",
            "ndjson",
            "vendor:nobody x",
        ],
        "invalid",
    );
    assert_error(
        &[
            "show",
            "--index",
            idx,
            "--format",
            "json",
            "corpus/actimi-gtc.txt#§23(7)-000000",
        ],
        "clause_changed",
    );
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nothing");
    assert_error(
        &["compare", "--index", s(&missing), "--format", "json", "x"],
        "no_index",
    );
    assert_error(&["chunk", "--format", "json", s(&missing)], "io");
}

#[test]
fn usage_errors_print_the_contract_error_object() {
    // Refused by the argument parser: the stderr message is clap's, so only
    // the line on stdout is checked here.
    let o = klausel()
        .args(["search", "--format", "json", "--lang", "fr", "x"])
        .output()
        .expect("klausel runs");
    let (code, out, _) = outcome(&o);
    assert_eq!(code, 2);
    assert!(
        out.starts_with(r#"{"version":1,"type":"error","kind":"usage","message":"#),
        "{out}"
    );
    check(
        &contract(),
        "error",
        &serde_json::from_str(&out).expect("JSON"),
    );
}

#[test]
fn index_state_errors_print_the_contract_error_object() {
    let tmp = tempfile::tempdir().unwrap();
    let idx = tmp.path().join("index");
    assert_eq!(outcome(&index(&idx, &["--quiet", "corpus"])).0, 0);

    // Another writer holds the lock.
    {
        let held = tantivy::Index::open_in_dir(&idx).unwrap();
        let _writer: tantivy::IndexWriter = held.writer(15_000_000).unwrap();
        assert_error(
            &["index", "--index", s(&idx), "--format", "json", "corpus"],
            "locked",
        );
    }

    edit_payload(&idx, |p| p["schema_version"] = 999.into());
    assert_error(
        &["search", "--index", s(&idx), "--format", "json", "x"],
        "incompatible_index",
    );

    std::fs::write(idx.join("meta.json"), "{ truncated").unwrap();
    assert_error(
        &["search", "--index", s(&idx), "--format", "ndjson", "x"],
        "damaged_index",
    );

    // An index whose first build is running (a writer holds the lock of an
    // index with no commit).
    let fresh = tmp.path().join("fresh");
    std::fs::create_dir_all(&fresh).unwrap();
    let (schema, _) = klausel::index::schema();
    let building = tantivy::Index::create_in_dir(&fresh, schema).unwrap();
    let _writer: tantivy::IndexWriter = building.writer(15_000_000).unwrap();
    assert_error(
        &["search", "--index", s(&fresh), "--format", "json", "x"],
        "being_built",
    );
}

/// The optional fields and `also_in`, which the sample corpus does not
/// show: one vendor with the same clause in two documents, one of them with
/// a `url`, and a PDF with pages.
#[test]
fn optional_fields_and_also_in_match_the_contract() {
    let c = contract();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("acme");
    util::acme_two_documents(&dir, "miete.txt", Some("https://acme.example/agb"));
    let pdf = root().join("tests/data/formats/actimi-gtc-secured.pdf");
    let idx = tmp.path().join("index");
    assert_eq!(outcome(&index(&idx, &["--quiet", s(&dir), s(&pdf)])).0, 0);

    let search = |query: &str| {
        pretty(
            &klausel()
                .args(["search", "--index", s(&idx), "--format", "json", query])
                .output()
                .expect("klausel runs"),
        )
    };
    let v = search("München");
    check(&c, "search", &v);
    let hit = &each(&v, "hits")[0];
    check_hit(&c, "hit", hit);
    assert_eq!(each(hit, "also_in").len(), 1, "{hit}");
    assert_eq!(hit["url"], "https://acme.example/agb");

    let v = search("jurisdiction");
    let hit = &each(&v, "hits")[0];
    check_hit(&c, "hit", hit);
    assert!(hit["page"].is_u64() && hit["page_end"].is_u64(), "{hit}");
    let id = hit["id"].as_str().expect("an id");
    let v = pretty(
        &klausel()
            .args(["show", "--index", s(&idx), "--format", "json", id])
            .output()
            .expect("klausel runs"),
    );
    check(&c, "show", &v);
    check_hit(&c, "shown clause", &v["clause"]);
    assert!(v["clause"]["page"].is_u64(), "{v}");

    let v = pretty(
        &klausel()
            .args(["chunk", "--format", "json", s(&pdf)])
            .output()
            .expect("klausel runs"),
    );
    check(&c, "chunk", &v);
    for clause in each(&v, "clauses") {
        check(&c, "chunk clause", clause);
        assert!(clause["page"].is_u64(), "{clause}");
    }
}
