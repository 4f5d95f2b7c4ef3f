//! The command line end to end: citations, the JSON contract, exit codes,
//! the first run, pipes and colour.

mod util;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use util::{klausel, outcome, sample};

/// The jurisdiction clause of each sample vendor: (vendor, section, line).
const JURISDICTION: [(&str, &str, u64); 5] = [
    ("IMST GmbH", "13.2", 147),
    ("MEGATECH communication GmbH", "14.2", 203),
    ("eMind GmbH", "§ 29", 98),
    ("Actimi GmbH", "§ 23 (7)", 109),
    ("CMS IT-Consulting GmbH", "§ 22 (2.)", 44),
];

fn found(hits: &[(String, String, u64)], want: &(&str, &str, u64)) -> bool {
    hits.iter()
        .any(|(v, s, l)| v == want.0 && s == want.1 && *l == want.2)
}

#[test]
fn place_of_jurisdiction_cites_four_vendors_in_top_ten() {
    let hits = sample().citations("place of jurisdiction", 10);
    let n = JURISDICTION.iter().filter(|j| found(&hits, j)).count();
    assert!(n >= 4, "only {n} jurisdiction clauses in {hits:#?}");
}

#[test]
fn exact_citations_of_known_clauses() {
    // Each query names one clause; its citation must be exact.
    let cases: [(&str, (&str, &str, u64)); 6] = [
        (
            "backup copy of the data carrier",
            ("Actimi GmbH", "§ 4 (2)", 14),
        ),
        (
            "remote maintenance",
            ("CMS IT-Consulting GmbH", "§ 15 (1.)", 30),
        ),
        ("liability insurance", ("eMind GmbH", "§ 16", 67)),
        (
            "period of limitation warranty 12 months",
            ("IMST GmbH", "8.3", 103),
        ),
        ("newsletter", ("MEGATECH communication GmbH", "7.1", 34)),
        ("Stuttgart place of jurisdiction", JURISDICTION[3]),
    ];
    for (q, want) in cases {
        let hits = sample().citations(q, 3);
        assert!(found(&hits, &want), "{q:?}: {want:?} not in {hits:#?}");
    }
}

#[test]
fn json_matches_the_documented_contract() {
    let v = sample().search_json("place of jurisdiction", 10);
    for key in [
        "query",
        "total_hits",
        "took_ms",
        "hits",
        "expansions",
        "citations",
    ] {
        assert!(v.get(key).is_some(), "missing top-level {key}");
    }
    assert_eq!(v["query"], "place of jurisdiction");
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 10);
    assert!(v["total_hits"].as_u64().unwrap() >= 10);
    for (i, h) in hits.iter().enumerate() {
        for key in [
            "rank",
            "score",
            "vendor",
            "document",
            "section",
            "heading",
            "citation",
            "path",
            "line_start",
            "line_end",
            "language",
            "text",
            "snippet",
            "id",
            "highlights",
        ] {
            assert!(h.get(key).is_some(), "hit {i} lacks {key}: {h}");
        }
        assert_eq!(h["rank"].as_u64(), Some(i as u64 + 1));
        let text = h["text"].as_str().unwrap();
        for r in h["highlights"].as_array().unwrap() {
            let (a, b) = (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            );
            assert!(
                a < b && b <= text.chars().count(),
                "bad highlight {r} in {text}"
            );
        }
    }
    let actimi = hits
        .iter()
        .find(|h| h["vendor"] == "Actimi GmbH" && h["section"] == "§ 23 (7)")
        .expect("Actimi § 23 (7) in the top 10");
    assert_eq!(
        actimi["citation"],
        "Actimi GmbH, General Terms and Conditions, § 23 (7) Final Provisions, line 109"
    );
    assert_eq!(actimi["path"], "corpus/actimi-gtc.txt");
    assert_eq!(actimi["heading"], "Final Provisions");
    assert_eq!(actimi["language"], "en");
    assert!(actimi["text"]
        .as_str()
        .unwrap()
        .starts_with("(7) The place of jurisdiction is Stuttgart"));
}

/// Issue 16: every NDJSON line is typed: the expansions, one line per hit,
/// then a summary that keeps `total_hits` and `took_ms`.
#[test]
fn ndjson_is_a_typed_stream_with_a_summary() {
    let o = sample().run(
        "search",
        &["--format", "ndjson", "--limit", "3", "jurisdiction"],
    );
    let (code, out, _) = outcome(&o);
    assert_eq!(code, 0);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let types: Vec<&str> = lines.iter().map(|v| v["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["expansion", "hit", "hit", "hit", "summary"]);
    assert_eq!(lines[0]["concept"], "jurisdiction");
    for hit in &lines[1..4] {
        assert!(hit["citation"].is_string());
    }
    let summary = &lines[4];
    assert_eq!(summary["query"], "jurisdiction");
    assert_eq!(summary["hits"], 3);
    let json = sample().search_json("jurisdiction", 3);
    assert_eq!(summary["total_hits"], json["total_hits"]);
    // took_ms is rounded to microseconds: at most three decimals.
    let took = summary["took_ms"].as_f64().unwrap();
    assert!(
        ((took * 1000.0).round() - took * 1000.0).abs() < 1e-6,
        "{took}"
    );
}

/// Issue 16: `--count` and `--limit 0` print the number of matches and
/// exit 0 when there are some.
#[test]
fn count_prints_the_total_and_exits_0_on_hits() {
    let total = sample().search_json("liability", 10)["total_hits"].clone();
    for flags in [&["--count"][..], &["--limit", "0"][..]] {
        let mut args = flags.to_vec();
        args.push("liability");
        let (code, out, _) = outcome(&sample().run("search", &args));
        assert_eq!((code, out.trim()), (0, total.to_string().as_str()));
    }
    let (code, out, _) = outcome(&sample().run("search", &["--count", "zzzqqqxyz"]));
    assert_eq!((code, out.as_str()), (1, "0\n"));
    let (code, out, _) =
        outcome(&sample().run("search", &["--count", "--format", "json", "liability"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (code, &v["total_hits"], v["hits"].as_array().unwrap().len()),
        (0, &total, 0)
    );
}

/// Issue 16: under `--format json` or `ndjson` an error is also one JSON
/// line on stdout with a stable kind, and the exit code is 2.
#[test]
fn errors_are_json_under_json_formats() {
    let cases: [(&[&str], &str); 3] = [
        (&["search", "--format", "json", "\"unclosed"], "bad_query"),
        (
            &["search", "--format", "ndjson", "vendor:nobody liability"],
            "invalid",
        ),
        (&["compare", "--format", "json", "(liability"], "bad_query"),
    ];
    for (args, kind) in cases {
        let (code, out, err) = outcome(&sample().run(args[0], &args[1..]));
        assert_eq!(code, 2, "{args:?}: {out} {err}");
        let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(
            (v["type"].as_str(), v["kind"].as_str()),
            (Some("error"), Some(kind)),
            "{args:?}"
        );
        assert_eq!(
            format!("klausel: {}\n", v["message"].as_str().unwrap()),
            err
        );
    }
    // A value the argument parser refuses is a JSON error too.
    let (code, out, err) =
        outcome(&sample().run("search", &["--format", "json", "--lang", "fr", "liability"]));
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["kind"], "usage");
    assert_eq!(
        v["message"], "invalid value 'fr' for '--lang <LANG>'",
        "{err}"
    );
    assert!(err.contains("[possible values: de, en]"), "{err}");
    let o = util::run(&[
        "search",
        "--index",
        "/nonexistent/idx",
        "--format",
        "json",
        "x",
    ]);
    let (code, out, _) = outcome(&o);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!((code, v["kind"].as_str()), (2, Some("no_index")));
    // Text formats keep stdout clean.
    let (code, out, _) = outcome(&sample().run("search", &["\"unclosed"]));
    assert_eq!((code, out.as_str()), (2, ""));
}

#[test]
fn closed_pipe_is_not_an_error() {
    let mut child = klausel()
        .args([
            "search",
            "--index",
            sample().arg(),
            "--format",
            "ndjson",
            "--limit",
            "500",
            "the",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    // The reader is dropped here, like `| head -1`.
    let out = child.wait_with_output().unwrap();
    assert!(first.starts_with('{'));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn first_search_builds_the_default_index_and_later_ones_reuse_it() {
    let tmp = tempfile::tempdir().unwrap();
    util::copy_dir(&util::root().join("corpus"), &tmp.path().join("corpus"));
    let search = || {
        let mut c = klausel();
        c.current_dir(tmp.path()).args([
            "search",
            "--limit",
            "1",
            "Stuttgart place of jurisdiction",
        ]);
        outcome(&c.output().unwrap())
    };
    let (code, out, err) = search();
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("building the index in index/ from corpus/"),
        "{err}"
    );
    assert!(out.contains("actimi-gtc.txt:109"), "{out}");
    let (code, _, err) = search();
    assert_eq!(code, 0);
    assert!(!err.contains("index"), "second run rebuilt: {err}");
    std::fs::write(
        tmp.path().join("corpus/extra.txt"),
        "§ 1 Gerichtsstand\nGerichtsstand ist Köln.\n",
    )
    .unwrap();
    let (code, _, err) = search();
    assert_eq!(code, 0);
    assert!(err.contains("updating the index"), "{err}");
}

#[test]
fn a_missing_path_is_an_error_and_leaves_the_index_alone() {
    let idx = util::TestIndex::build(&["corpus"]);
    let (code, _, err) = outcome(&idx.run("index", &["corpus/nothere"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("corpus/nothere: no such file or folder; nothing was indexed"),
        "{err}"
    );
    let hits = idx.citations("Stuttgart place of jurisdiction", 1);
    assert_eq!(
        hits[0],
        ("Actimi GmbH".to_string(), "§ 23 (7)".to_string(), 109)
    );
}

#[test]
fn chunk_json_names_the_vendor_source_and_the_furniture() {
    let json = |file: &str| -> serde_json::Value {
        let o = klausel()
            .args(["chunk", file, "--format", "json"])
            .output()
            .expect("klausel runs");
        let (code, out, err) = outcome(&o);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).expect("JSON")
    };
    let v = json("corpus/actimi-gtc.txt");
    assert_eq!(v["vendor"], "Actimi GmbH");
    assert_eq!(v["vendor_source"], "manifest");
    let v = json("tests/data/structure/en-written-styles.txt");
    assert_eq!(v["vendor"], "Example Software Inc.");
    assert_eq!(v["vendor_source"], "text");
    let furniture = v["furniture"].as_array().expect("furniture");
    assert!(furniture
        .iter()
        .any(|f| f["kind"] == "page_number" && f["line"] == 10));
    assert!(furniture
        .iter()
        .any(|f| f["kind"] == "contents" && f["line"] == 5));
    let v = json("tests/data/de-agb/contract_013.txt");
    assert_eq!(v["vendor"], "contract_013");
    assert_eq!(v["vendor_source"], "path");
}

/// Issue 13: a search hit says where its vendor comes from, so a script
/// can tell a party the text names from a folder-name fallback.
#[test]
fn search_json_names_the_vendor_source() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("c");
    std::fs::create_dir(&corpus).expect("corpus dir");
    for f in [
        "tests/data/structure/en-written-styles.txt",
        "tests/data/de-agb/contract_013.txt",
    ] {
        let name = std::path::Path::new(f).file_name().expect("name");
        std::fs::copy(util::root().join(f), corpus.join(name)).expect("copy");
    }
    let idx = tmp.path().join("idx");
    let o = klausel()
        .args(["index", "--quiet", "--index"])
        .arg(&idx)
        .arg(&corpus)
        .output()
        .expect("klausel runs");
    assert_eq!(outcome(&o).0, 0, "{}", outcome(&o).2);
    let o = klausel()
        .args(["search", "--format", "json", "--limit", "100", "--index"])
        .arg(&idx)
        .arg("vendor:contract_013 OR vendor:example")
        .output()
        .expect("klausel runs");
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let mut sources: Vec<(String, String)> = v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| {
            let s = |k: &str| h[k].as_str().unwrap_or("").to_string();
            (s("vendor"), s("vendor_source"))
        })
        .collect();
    sources.sort();
    sources.dedup();
    assert_eq!(
        sources,
        [
            ("Example Software Inc.".to_string(), "text".to_string()),
            ("contract_013".to_string(), "path".to_string()),
        ]
    );
}

/// A corpus folder with one file and a manifest naming its vendor.
fn manifest_corpus(dir: &std::path::Path, vendor: &str) {
    std::fs::create_dir_all(dir).expect("corpus dir");
    // The text is written once: later calls change only the manifest.
    if !dir.join("a.txt").exists() {
        std::fs::write(
            dir.join("a.txt"),
            "§ 1 Geltungsbereich\n\n(1) Diese Bedingungen gelten für alle Verträge.\n",
        )
        .expect("a.txt");
    }
    std::fs::write(
        dir.join("corpus.toml"),
        format!("[[document]]\nfile = \"a.txt\"\nvendor = \"{vendor}\"\ntitle = \"AGB\"\n"),
    )
    .expect("corpus.toml");
}

/// The vendor of the first hit for `Geltungsbereich`, searched from `cwd`.
fn first_vendor(cwd: &std::path::Path, extra: &[&str]) -> String {
    let o = klausel()
        .current_dir(cwd)
        .args(["search", "Geltungsbereich", "--format", "json"])
        .args(extra)
        .output()
        .expect("klausel runs");
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    v["hits"][0]["vendor"].as_str().unwrap_or("").to_string()
}

#[test]
fn a_manifest_edit_is_applied_by_the_next_index_and_the_default_index() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cwd = tmp.path();
    let corpus = cwd.join("corpus");
    manifest_corpus(&corpus, "Alpha GmbH");
    let index = |args: &[&str]| {
        let o = klausel()
            .current_dir(cwd)
            .args(["index", "corpus", "--index", "idx", "--quiet"])
            .args(args)
            .output()
            .expect("klausel runs");
        assert_eq!(outcome(&o).0, 0, "{}", outcome(&o).2);
    };
    index(&[]);
    assert_eq!(first_vendor(cwd, &["--index", "idx"]), "Alpha GmbH");
    // Only the manifest changes: the file is re-indexed with the new vendor.
    manifest_corpus(&corpus, "Beta GmbH");
    index(&[]);
    assert_eq!(first_vendor(cwd, &["--index", "idx"]), "Beta GmbH");
    // The default index (index/ from corpus/) notices a manifest edit too.
    assert_eq!(first_vendor(cwd, &[]), "Beta GmbH");
    manifest_corpus(&corpus, "Gamma GmbH");
    assert_eq!(first_vendor(cwd, &[]), "Gamma GmbH");
}

/// Issue 16: `index --format json` prints the summary as one object with
/// the warnings as a list, and every skipped file is counted as skipped.
#[test]
fn index_summary_as_json_counts_every_skipped_file() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("c");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::copy(
        util::root().join("corpus/cms-gtc.txt"),
        corpus.join("cms.txt"),
    )
    .unwrap();
    std::fs::write(corpus.join("scan.tiff"), "II*\0").unwrap();
    std::fs::write(corpus.join("empty.txt"), "").unwrap();
    let idx = tmp.path().join("idx");
    let o = util::index(&idx, &["--format", "json", corpus.to_str().unwrap()]);
    let (code, out, _) = outcome(&o);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["type"], "summary");
    assert_eq!(
        (v["added"].as_u64(), v["skipped"].as_u64()),
        (Some(1), Some(2))
    );
    let mut reasons: Vec<(String, String)> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            let path = w["path"].as_str().unwrap();
            let name = path.rsplit('/').next().unwrap().to_string();
            (name, w["reason"].as_str().unwrap().to_string())
        })
        .collect();
    reasons.sort();
    assert_eq!(
        reasons[1],
        (
            "scan.tiff".into(),
            "not a .txt, .md, .pdf, .html or .docx file, skipped".into()
        )
    );
    assert_eq!(reasons[0].0, "empty.txt");
    // The text summary says "2 warnings", and "1 warning" for one.
    std::fs::remove_file(corpus.join("empty.txt")).unwrap();
    let (_, out, _) = outcome(&util::index(&idx, &[corpus.to_str().unwrap()]));
    assert!(out.trim_end().ends_with("; 1 warning"), "{out}");
}

/// Issue 16: shell completions and a man page come from the command line's
/// own definition, so they list every subcommand.
#[test]
fn completions_and_man_page_list_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, out, err) = outcome(&util::run(&["completions", shell]));
        assert_eq!(code, 0, "{shell}: {err}");
        for sub in ["index", "search", "compare", "show", "chunk", "check"] {
            assert!(out.contains(sub), "{shell} completions lack {sub}");
        }
    }
    let (code, out, _) = outcome(&util::run(&["man"]));
    assert_eq!(code, 0);
    assert!(out.contains(".TH klausel 1"), "{out}");
    for sub in ["klausel\\-search", "klausel\\-compare", "klausel\\-index"] {
        assert!(out.contains(sub), "man page lacks {sub}");
    }
    let (code, _, err) = outcome(&util::run(&["completions", "tcsh"]));
    assert_eq!(code, 2, "{err}");
}

/// Ids are `path#label-hash`: an edit elsewhere in the file leaves them
/// alone (the clause is shown with its new lines); an edit of the clause
/// itself makes `show` say so, as a typed error.
#[test]
fn ids_survive_edits_elsewhere_and_name_a_changed_clause() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    util::copy_dir(&util::root().join("corpus"), &corpus);
    let index = tmp.path().join("index");
    let index = index.to_str().unwrap();
    let corpus_arg = corpus.to_str().unwrap();
    let reindex = || {
        let o = util::index(std::path::Path::new(index), &["--quiet", corpus_arg]);
        assert_eq!(o.status.code(), Some(0), "{}", outcome(&o).2);
    };
    let show = |reference: &str, format: &str| {
        outcome(
            &klausel()
                .args(["show", "--index", index, "--format", format, reference])
                .output()
                .unwrap(),
        )
    };
    reindex();
    let (code, out, err) = show("actimi § 23 (7)", "json");
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let id = v["clause"]["id"].as_str().unwrap().to_string();
    let path = format!("{corpus_arg}/actimi-gtc.txt");
    let (head, hash) = id.rsplit_once('-').unwrap();
    assert_eq!(head, format!("{path}#§23(7)"));
    assert!(
        hash.len() == 6 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        "{id}"
    );
    assert_eq!(v["clause"]["line_start"], 109);

    // One line inserted near the top: same id, new lines.
    let file = corpus.join("actimi-gtc.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    let (first, rest) = text.split_once('\n').unwrap();
    std::fs::write(&file, format!("{first}\nAn inserted line.\n{rest}")).unwrap();
    reindex();
    let (code, out, err) = show(&id, "json");
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["clause"]["id"], id.as_str());
    assert_eq!(v["clause"]["section"], "§ 23 (7)");
    assert_eq!(v["clause"]["line_start"], 110);
    // Every other id of the file moved with it: the neighbours too.
    assert_eq!(v["before"]["section"], "§ 23 (6)");

    // The clause itself edited: the id names no clause any more.
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("is Stuttgart", "is Berlin")).unwrap();
    reindex();
    let (code, out, err) = show(&id, "json");
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("changed or was removed"), "{err}");
    let e: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(e["type"], "error");
    assert_eq!(e["kind"], "clause_changed");
    let (code, _, err) = show(&id, "text");
    assert_eq!(code, 2);
    assert!(err.contains("changed or was removed"), "{err}");
    // A positional id of an older klausel gets the same answer; an id of
    // a file the index does not hold is an unknown reference.
    let (code, _, _) = show(&format!("{path}#88"), "text");
    assert_eq!(code, 2);
    let (code, _, err) = show(&format!("{corpus_arg}/gone.txt#§1-abcdef"), "text");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no clause matches"), "{err}");
}

/// Records that share label and text get `.2`, `.3`, … in file order; a
/// clause longer than one record gets one id per piece.
#[test]
fn duplicate_labels_get_distinct_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("docs");
    std::fs::create_dir_all(&corpus).unwrap();
    let long: String = "Der Kunde haftet für jeden Schaden. ".repeat(3000);
    std::fs::write(
        corpus.join("agb.txt"),
        format!("§ 1 Haftung\n\n(1) Gleich.\n\n(1) Gleich.\n\n(2) {long}\n"),
    )
    .unwrap();
    let idx = util::TestIndex::build(&[corpus.to_str().unwrap()]);
    let o = idx.run(
        "search",
        &[
            "--format",
            "json",
            "--limit",
            "20",
            "--no-expand",
            "Gleich OR Schaden",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut ids: Vec<String> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|h| {
            std::iter::once(h["id"].as_str().unwrap().to_string()).chain(
                h["also_in"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|l| l["id"].as_str().unwrap().to_string()),
            )
        })
        .collect();
    ids.sort();
    let labels: Vec<&str> = ids
        .iter()
        .map(|id| id.rsplit_once('#').unwrap().1)
        .map(|tail| tail.split_once('-').unwrap().0)
        .collect();
    assert_eq!(labels, ["§1(1)", "§1(1)", "§1(2)", "§1(2)"], "{ids:?}");
    assert!(
        ids[1].ends_with(".2") && ids[1].starts_with(&ids[0]),
        "{ids:?}"
    );
    assert_ne!(ids[2], ids[3]);
    for id in &ids {
        let o = idx.run("show", &["--format", "json", id]);
        let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(s["clause"]["id"], id.as_str());
    }
}

/// `took_ms` of every line set to 0: the one figure that differs between runs.
fn without_took_ms(ndjson: &str) -> String {
    let mut out = String::new();
    for line in ndjson.lines() {
        match line.find("\"took_ms\":") {
            Some(at) => {
                let rest = &line[at + "\"took_ms\":".len()..];
                let end = rest.find([',', '}']).unwrap_or(rest.len());
                out.push_str(&line[..at]);
                out.push_str("\"took_ms\":0");
                out.push_str(&rest[end..]);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// What `search --batch` answers to line `n`: the one-shot NDJSON stream
/// of `search --format ndjson ARGS`, each line tagged with `n` and `query`
/// right after its `type` (which follows `version`; a summary names its
/// query in the tag).
fn tagged(args: &[&str], n: usize, query: &str) -> String {
    let mut all = vec!["--format", "ndjson"];
    all.extend_from_slice(args);
    let (_, out, _) = outcome(&sample().run("search", &all));
    let query_json = serde_json::to_string(query).unwrap();
    let mut tagged = String::new();
    for line in out.lines() {
        let at_type = line.find("\"type\":").unwrap();
        let end_of_type = at_type + line[at_type..].find(',').unwrap() + 1;
        let (head, rest) = line.split_at(end_of_type);
        let rest = rest
            .strip_prefix(&format!("\"query\":{query_json},"))
            .unwrap_or(rest);
        tagged.push_str(&format!("{head}\"n\":{n},\"query\":{query_json},{rest}\n"));
    }
    without_took_ms(&tagged)
}

/// Issue 19: `search --batch` answers every line exactly as a one-shot
/// `search --format ndjson` answers that query alone, each line tagged with
/// the 0-based line number and the query; JSON lines carry their own
/// options; a bad line is answered with an error line and the batch goes on.
#[test]
fn batch_answers_each_line_as_its_own_tagged_ndjson_stream() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("queries.txt");
    std::fs::write(
        &file,
        concat!(
            "Gerichtsstand\n",
            "\n",
            "{\"q\": \"liability\", \"limit\": 2, \"lang\": \"en\", \"no_expand\": true}\n",
            "\"unclosed\n",
            "{\"q\": \"zzzqqqxyz\"}\n",
            "{\"q\": \"warranty\", \"limt\": 2}\n",
            "vendor:nobody liability\r\n",
            "{\"q\": \"liability\", \"count\": true}\n",
            "Haftung",
        ),
    )
    .unwrap();
    let o = sample().run(
        "search",
        &["--batch", file.to_str().unwrap(), "--limit", "3"],
    );
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let expected = [
        tagged(&["--limit", "3", "Gerichtsstand"], 0, "Gerichtsstand"),
        tagged(
            &["--limit", "2", "--lang", "en", "--no-expand", "liability"],
            2,
            "liability",
        ),
        tagged(&["--limit", "3", "\"unclosed"], 3, "\"unclosed"),
        tagged(&["--limit", "3", "zzzqqqxyz"], 4, "zzzqqqxyz"),
        concat!(
 r#"{"version":1,"type":"error","n":5,"query":"{\"q\": \"warranty\", \"limt\": 2}","kind":"bad_line","#,
            r#""message":"bad batch line: unknown field `limt`, expected one of `q`, `limit`, `count`, `and`, `lang`, `vendor`, `kind`, `no_expand` at line 1 column 24"}"#,
            "\n"
        )
        .to_string(),
        tagged(
            &["--limit", "3", "vendor:nobody liability"],
            6,
            "vendor:nobody liability",
        ),
        tagged(&["--count", "liability"], 7, "liability"),
        tagged(&["--limit", "3", "Haftung"], 8, "Haftung"),
    ]
    .concat();
    assert_eq!(without_took_ms(&out), expected);
    // The error lines are those the one-shot runs print, with their tags.
    assert!(expected
        .contains(r#"{"version":1,"type":"error","n":3,"query":"\"unclosed","kind":"bad_query","#));
    assert!(expected.contains(
        r#"{"version":1,"type":"error","n":6,"query":"vendor:nobody liability","kind":"invalid","#
    ));
    assert!(expected
        .contains(r#"{"version":1,"type":"summary","n":7,"query":"liability","total_hits":"#));
}

/// Issue 19: `--batch -` reads standard input; the exit code is 0 when any
/// query had hits, 1 when none had (errors included), 2 when the batch
/// cannot run at all (an error line on stdout, as under `--format ndjson`).
#[test]
fn batch_exit_codes_and_standard_input() {
    use std::io::Write;
    let batch = |input: &str, extra: &[&str]| {
        let mut args = vec!["search", "--index", sample().arg(), "--batch", "-"];
        args.extend_from_slice(extra);
        let mut child = klausel()
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let o = child.wait_with_output().unwrap();
        let (code, out, err) = outcome(&o);
        (code, without_took_ms(&out), err)
    };
    let (code, out, _) = batch("zzzqqqxyz\nliability\n", &["--limit", "1"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        [
            tagged(&["--limit", "1", "zzzqqqxyz"], 0, "zzzqqqxyz"),
            tagged(&["--limit", "1", "liability"], 1, "liability"),
        ]
        .concat()
    );
    let (code, out, _) = batch("zzzqqqxyz\n(broken\n\n", &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(out.lines().count(), 2, "{out}");
    let (code, out, _) = batch("", &[]);
    assert_eq!((code, out.as_str()), (1, ""));
    // A line longer than 64 KB is one error, without the rest of it.
    let long = format!("{}\nliability\n", "x".repeat(70_000));
    let (code, out, _) = batch(&long, &["--limit", "0"]);
    assert_eq!(code, 0);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(
        (&first["n"], &first["kind"], &first["message"]),
        (
            &serde_json::json!(0),
            &serde_json::json!("bad_line"),
            &serde_json::json!("bad batch line: line too long: 70000 bytes, at most 65536")
        )
    );
    assert_eq!(first["query"].as_str().unwrap().len(), 4096);
    // Fatal: no such input file, and a format other than NDJSON.
    let (code, out, err) =
        outcome(&sample().run("search", &["--batch", "/nonexistent/queries.txt"]));
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        (code, v["type"].as_str(), v["kind"].as_str()),
        (2, Some("error"), Some("io")),
        "{err}"
    );
    let (code, _, err) = outcome(&sample().run("search", &["--batch", "-", "--format", "json"]));
    assert_eq!(code, 2);
    assert!(err.contains("--batch writes NDJSON"), "{err}");
    // A query and --batch together are refused by the argument parser.
    let (code, _, _) = outcome(&sample().run("search", &["--batch", "-", "liability"]));
    assert_eq!(code, 2);
}
