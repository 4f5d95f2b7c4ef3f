//! Ranking that holds on queries it was not tuned on (issue #12): expansion
//! only adds, a concept scores as one term, words trigger concepts in their
//! own language, joined words fall back to their parts, headings count, and
//! `compare` says "no clause found" only when that is true.

mod util;

use serde_json::Value;
use std::collections::BTreeSet;
use util::{outcome, sample, TestIndex};

/// Every record id a search returns, collapsed duplicates included.
fn ids(v: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for h in v["hits"].as_array().expect("hits") {
        out.insert(h["id"].as_str().unwrap_or_default().to_string());
        for a in h["also_in"].as_array().expect("also_in") {
            out.insert(a["id"].as_str().unwrap_or_default().to_string());
        }
    }
    out
}

/// `search --format json` with extra flags.
fn search(idx: &TestIndex, query: &str, flags: &[&str]) -> Value {
    let mut args = vec!["--format", "json", "--limit", "100000"];
    args.extend_from_slice(flags);
    args.extend_from_slice(&["--", query]);
    let (code, out, err) = outcome(&idx.run("search", &args));
    assert!(code == 0 || code == 1, "{query:?}: {err}");
    serde_json::from_str(&out).expect("JSON")
}

/// The concepts a query fired, with their weights.
fn concepts(v: &Value) -> Vec<(String, f64)> {
    v["expansions"]
        .as_array()
        .expect("expansions")
        .iter()
        .map(|e| {
            (
                e["concept"].as_str().unwrap_or_default().to_string(),
                e["weight"].as_f64().unwrap_or_default(),
            )
        })
        .collect()
}

/// The thesaurus concepts a query fired (without the feedback words).
fn thesaurus_concepts(v: &Value) -> Vec<(String, f64)> {
    concepts(v)
        .into_iter()
        .filter(|(c, _)| c != "feedback")
        .collect()
}

#[test]
fn expansion_never_loses_a_clause_nor_lowers_total_hits() {
    // German, English, compounds, multi-word spans, concepts inside longer
    // queries; in relevance and in AND mode.
    let queries = [
        "termination for convenience",
        "Gerichtsstand",
        "place of jurisdiction",
        "Haftungsbeschränkung",
        "limitation of liability for slight negligence",
        "Eigentumsvorbehalt",
        "retention of title until payment",
        "Kündigungsfrist",
        "notice period three months",
        "salvatorische Klausel",
        "governing law",
        "Datenschutz Auskunft",
        "warranty claims expire",
        "Gewährleistungsfrist",
        "personal data of customers",
        "written form",
        "Subunternehmer",
        "force majeure strike",
    ];
    for q in queries {
        for mode in [&[][..], &["--and"][..]] {
            let expanded = search(sample(), q, mode);
            let mut plain_flags = mode.to_vec();
            plain_flags.push("--no-expand");
            let plain = search(sample(), q, &plain_flags);
            let (e, p) = (
                expanded["total_hits"].as_u64().unwrap(),
                plain["total_hits"].as_u64().unwrap(),
            );
            assert!(e >= p, "{q:?} {mode:?}: {e} hits expanded, {p} without");
            let lost: Vec<String> = ids(&plain).difference(&ids(&expanded)).cloned().collect();
            assert!(lost.is_empty(), "{q:?} {mode:?} lost {lost:?}");
        }
    }
}

#[test]
fn termination_for_convenience_is_not_narrowed() {
    let expanded = search(sample(), "termination for convenience", &[]);
    let plain = search(sample(), "termination for convenience", &["--no-expand"]);
    assert_eq!(expanded["total_hits"], plain["total_hits"]);
    assert_eq!(plain["total_hits"], 267);
}

#[test]
fn a_rare_typed_word_outranks_the_concept() {
    // "Stuttgart" is in one jurisdiction clause; the concept "place of
    // jurisdiction" matches all five vendors' clauses. The typed word decides.
    let v = search(sample(), "Stuttgart place of jurisdiction", &[]);
    let first = &v["hits"][0];
    assert_eq!(first["vendor"], "Actimi GmbH");
    assert_eq!(first["section"], "§ 23 (7)");
    // The concept weighs less than a typed word (feedback, not a concept,
    // weighs as much as the typed words together).
    for (concept, weight) in concepts(&v) {
        if concept == "feedback" {
            assert_eq!(weight, 1.0);
            continue;
        }
        assert!(weight < 1.0, "{concept} weighs {weight}");
    }
}

/// The record ids of the hits in rank order (collapsed duplicates left out).
fn ranked(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn feedback_reorders_the_hits_and_never_changes_them() {
    let queries = [
        "termination for convenience",
        "Gewährleistung",
        "Kündigungsfrist",
        "limitation of liability",
        "Datenschutz Auskunft",
        "warranty claims expire",
        "personal data of customers",
        "Stuttgart place of jurisdiction",
    ];
    let mut reordered = Vec::new();
    for q in queries {
        let with = search(sample(), q, &[]);
        let without = search(sample(), q, &["--no-feedback"]);
        assert_eq!(with["total_hits"], without["total_hits"], "{q:?}");
        assert_eq!(ids(&with), ids(&without), "{q:?}");
        // Every one of these finds 20 clauses or more: feedback fires, and
        // `--no-feedback` turns it off.
        let fired = |v: &Value| concepts(v).iter().any(|(c, _)| c == "feedback");
        assert!(fired(&with), "{q:?}: no feedback");
        assert!(!fired(&without), "{q:?}: feedback despite --no-feedback");
        if ranked(&with) != ranked(&without) {
            reordered.push(q);
        }
    }
    // It does something: the order of most of them changes.
    assert!(reordered.len() >= 4, "only {reordered:?} re-ordered");
}

#[test]
fn feedback_words_come_from_the_best_clauses() {
    // The five vendors' jurisdiction clauses are the best; the words they
    // share are fed back.
    let v = search(sample(), "place of jurisdiction", &[]);
    let fb = v["expansions"]
        .as_array()
        .expect("expansions")
        .iter()
        .find(|e| e["concept"] == "feedback")
        .expect("feedback");
    assert_eq!(fb["matched"], "place of jurisdiction");
    let terms: Vec<&str> = fb["terms"]
        .as_array()
        .expect("terms")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(terms.len(), 20, "{terms:?}");
    for t in ["en:jurisdiction", "en:place", "en:court", "en:exclusive"] {
        assert!(terms.contains(&t), "{t} not in {terms:?}");
    }
    assert!(
        !terms
            .iter()
            .any(|t| ["en:the", "en:of", "en:is"].contains(t)),
        "{terms:?}"
    );
}

#[test]
fn a_query_that_finds_few_clauses_gets_no_feedback() {
    // `Fernwartung` finds CMS's four remote-maintenance clauses, and
    // `Gerichtsstand` the ten jurisdiction clauses: feeding their own words
    // back would only shuffle them.
    for (q, n) in [("Fernwartung", 4), ("Gerichtsstand", 10)] {
        let v = search(sample(), q, &[]);
        assert_eq!(v["total_hits"], n, "{q}");
        assert!(!concepts(&v).iter().any(|(c, _)| c == "feedback"), "{q}");
    }
    // Nor do AND mode, citations and `--no-expand`.
    for (q, flags) in [
        ("limitation of liability", &["--and"][..]),
        ("§ 307 BGB", &[][..]),
        ("limitation of liability", &["--no-expand"][..]),
    ] {
        let v = search(sample(), q, flags);
        assert!(
            !concepts(&v).iter().any(|(c, _)| c == "feedback"),
            "{q:?} {flags:?}"
        );
    }
}

#[test]
fn compare_haftungsbeschraenkung_finds_all_five_vendors() {
    let o = sample().run("compare", &["--format", "json", "Haftungsbeschränkung"]);
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let rows: Vec<(String, String)> = v["vendors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["vendor"].as_str().unwrap().to_string(),
                r["hits"][0]["section"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Actimi GmbH", "§ 17 (2)"),
            ("CMS IT-Consulting GmbH", "§ 9"),
            ("eMind GmbH", "§ 15"),
            ("IMST GmbH", "9.4"),
            ("MEGATECH communication GmbH", "10.3"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // Every row says how strong its match is, relative to the best.
    let relative: Vec<f64> = v["vendors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["relative"].as_f64().unwrap())
        .collect();
    assert!(
        relative.iter().all(|&r| r > 0.0 && r <= 1.0),
        "{relative:?}"
    );
    assert!(relative.contains(&1.0), "{relative:?}");
    // And which words matched: eMind's clause says its liability "is excluded".
    let emind = &v["vendors"][2]["hits"][0]["matched"];
    assert_eq!(
        emind,
        &serde_json::json!([
            "liability",
            "excluded",
            "limited",
            "limitation of liability"
        ])
    );
}

/// `compare` looks at every clause the query finds: a vendor whose one
/// matching clause ranks below 20,000 better ones of another vendor still
/// has it (a cut at the best 20,000 clauses said "no clause found").
#[test]
fn compare_finds_a_vendor_whose_clause_ranks_below_twenty_thousand_others() {
    let mut alpha = String::from("# Alpha GmbH Allgemeine Geschäftsbedingungen\n\n");
    for i in 1..=20_100 {
        alpha.push_str(&format!(
            "## § {i} Rücktritt\n\nDer Rücktritt vom Vertrag ist zulässig.\n\n"
        ));
    }
    let beta = "# Beta GmbH Allgemeine Geschäftsbedingungen\n\n## § 1 Lieferung\n\n\
        Die Lieferung erfolgt frei Haus. Ein Rücktritt ist ausgeschlossen, wenn die Ware \
        geliefert und vom Kunden angenommen wurde und die weiteren Bedingungen dieses \
        Abschnitts vorliegen, die hier ausführlich beschrieben werden.\n";
    let (_dir, idx) = corpus(&[("alpha.md", alpha.as_str()), ("beta.md", beta)]);
    let o = idx.run("compare", &["--format", "json", "Rücktritt"]);
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let rows: Vec<(String, bool, Vec<String>)> = v["vendors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["vendor"].as_str().unwrap().to_string(),
                r["found"].as_bool().unwrap(),
                r["hits"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| h["section"].as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(rows[1], ("beta".to_string(), true, vec!["§ 1".to_string()]));
    assert_eq!(rows[0].0, "alpha");
    assert!(rows[0].1);
    // A search finds all of them too.
    let s = idx.search_json("Rücktritt", 10);
    assert_eq!(s["total_hits"], 20_101);
}

#[test]
fn compare_eigentumsvorbehalt_finds_actimi_section_7() {
    let o = sample().run("compare", &["--format", "json", "Eigentumsvorbehalt"]);
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let actimi = &v["vendors"][0];
    assert_eq!(actimi["vendor"], "Actimi GmbH");
    assert_eq!(actimi["found"], true);
    assert_eq!(actimi["hits"][0]["section"], "§ 7 (1)");
    // Matched through its heading, "Retention of Title".
    assert_eq!(
        actimi["hits"][0]["matched"],
        serde_json::json!(["retention of title"])
    );
    // IMST keeps ownership "in accordance with Section 449 BGB": the
    // statute of the retention of title.
    let imst = &v["vendors"][3];
    assert_eq!(imst["vendor"], "IMST GmbH");
    assert_eq!(imst["hits"][0]["section"], "7.3");
}

#[test]
fn a_quoted_phrase_matches_a_heading() {
    let v = search(
        sample(),
        "\"limitation of liability\"",
        &["--vendor", "emind"],
    );
    let hits = util::hits(&v);
    assert_eq!(hits[0], ("eMind GmbH".to_string(), "§ 15".to_string(), 65));
}

#[test]
fn personal_injury_fires_no_staff_concept() {
    let v = search(sample(), "personal injury", &[]);
    let fired: Vec<String> = thesaurus_concepts(&v).into_iter().map(|(c, _)| c).collect();
    assert!(!fired.contains(&"personnel".to_string()), "{fired:?}");
    assert_eq!(fired, ["injury_to_life_body_health"]);
    // "Personal" alone may be the German word for staff or the English
    // adjective: its concept weighs half.
    let v = search(sample(), "Personal", &[]);
    assert_eq!(thesaurus_concepts(&v), [("personnel".to_string(), 0.4)]);
}

#[test]
fn words_trigger_concepts_of_their_own_meaning() {
    // "control" is not the GDPR "controller".
    assert_eq!(thesaurus_concepts(&search(sample(), "control", &[])), []);
    // A change of control is not a novation.
    let fired = thesaurus_concepts(&search(sample(), "Change of Control", &[]));
    assert_eq!(fired[0].0, "change_of_control");
    assert!(fired.iter().all(|(c, _)| c != "transfer_of_contract"));
    // Common-law liquidated damages are no contractual penalty.
    let fired = concepts(&search(sample(), "Liquidated Damages", &[]));
    assert!(
        fired.iter().all(|(c, _)| c != "contractual_penalty"),
        "{fired:?}"
    );
}

#[test]
fn severability_does_not_highlight_several() {
    let v = search(sample(), "salvatorische Klausel", &[]);
    for h in v["hits"].as_array().unwrap() {
        let matched: Vec<&str> = h["matched"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(
            matched.iter().all(|m| !m.contains("several")),
            "{matched:?}"
        );
    }
}

#[test]
fn gerichtsstand_finds_no_web_forum() {
    let v = search(sample(), "Gerichtsstand", &[]);
    let top: Vec<(String, String, u64)> = util::hits(&v).into_iter().take(10).collect();
    // MEGATECH 6) "Registration at the portal or forum" is on line 29.
    assert!(
        top.iter().all(|(_, _, line)| *line != 29 && *line != 32),
        "{top:?}"
    );
}

/// A corpus of one-clause files, indexed.
fn corpus(files: &[(&str, &str)]) -> (tempfile::TempDir, TestIndex) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let idx = TestIndex::build(&[dir.path().to_str().unwrap()]);
    (dir, idx)
}

fn files_of(v: &Value) -> BTreeSet<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let p = h["path"].as_str().unwrap();
            p.rsplit('/').next().unwrap().to_string()
        })
        .collect()
}

#[test]
fn hyphenated_and_slash_joined_words_fall_back_to_their_parts() {
    let (_dir, idx) = corpus(&[
        (
            "a.txt",
            "§ 1 Reliance\nThe buyer signs a non-reliance letter.\n",
        ),
        (
            "b.txt",
            "§ 1 Reliance\nThe buyer gives a nonreliance statement.\n",
        ),
        (
            "c.txt",
            "§ 1 Reliance\nNon reliance: the buyer relies on no statement.\n",
        ),
        (
            "d.txt",
            "§ 1 Options\nThe tenant has a Rofr on the premises.\n",
        ),
        (
            "e.txt",
            "§ 1 Options\nThe landlord grants a Rofn to the tenant.\n",
        ),
        ("f.txt", "§ 1 Payment\nThe rent is due monthly.\n"),
    ]);
    let v = search(&idx, "non-reliance", &[]);
    assert_eq!(
        files_of(&v),
        ["a.txt", "b.txt", "c.txt"].map(String::from).into()
    );
    // The hyphenated form itself ranks first.
    assert!(v["hits"][0]["path"].as_str().unwrap().ends_with("a.txt"));
    let v = search(&idx, "non-reliance clause", &[]);
    assert!(files_of(&v).contains("b.txt"));
    let v = search(&idx, "Rofr/Rofo/Rofn", &[]);
    assert_eq!(files_of(&v), ["d.txt", "e.txt"].map(String::from).into());
}

#[test]
fn a_proximity_pattern_of_the_thesaurus_finds_paraphrases() {
    // "liability … limited": no clause says "limitation of liability".
    let (_dir, idx) = corpus(&[
        (
            "a.txt",
            "§ 1 Damages\nThe liability of the provider is limited to the order value.\n",
        ),
        ("b.txt", "§ 1 Damages\nThe provider is liable for all damage.\n"),
        ("c.txt", "§ 1 Payment\nPrices are limited offers; liability insurance is extra and far from any of these words limited.\n"),
    ]);
    let v = search(&idx, "Haftungsbeschränkung", &[]);
    let first = &v["hits"][0];
    assert!(first["path"].as_str().unwrap().ends_with("a.txt"), "{v}");
    assert_eq!(
        first["matched"],
        serde_json::json!(["liability", "limited"])
    );
    // Too far apart or in the other order (c.txt) is no match, and b.txt
    // names no limitation.
    assert_eq!(files_of(&v), ["a.txt".to_string()].into());
}

/// Clauses with equal scores are ordered by document and line, never by the
/// segment layout that indexing threads happen to produce: an index built
/// with one thread and one built with two give the same answers.
#[test]
fn ties_do_not_depend_on_indexing_threads() {
    let build = |threads: &str| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index");
        let p = path.to_str().unwrap();
        let o = util::run(&[
            "index",
            "--quiet",
            "--threads",
            threads,
            "--index",
            p,
            "corpus",
        ]);
        assert_eq!(o.status.code(), Some(0));
        (dir, path)
    };
    let (_a, one) = build("1");
    let (_b, two) = build("2");
    let answer = |index: &std::path::Path, cmd: &str, q: &str| {
        let o = util::run(&[
            cmd,
            "--index",
            index.to_str().unwrap(),
            "--format",
            "json",
            q,
        ]);
        let mut v: Value = serde_json::from_slice(&o.stdout).unwrap();
        v["took_ms"] = Value::Null;
        v
    };
    for q in [
        "Zahlungsbedingungen",
        "payment terms",
        "vendor:actimi",
        "Haftung",
    ] {
        assert_eq!(
            answer(&one, "compare", q),
            answer(&two, "compare", q),
            "compare {q}"
        );
        assert_eq!(
            answer(&one, "search", q),
            answer(&two, "search", q),
            "search {q}"
        );
    }
    // Of Actimi's clauses tied for "Zahlungsbedingungen" (its heading is
    // "Prices and Payment Terms"), the first in the document is shown.
    let v = answer(&one, "compare", "Zahlungsbedingungen");
    assert_eq!(v["vendors"][0]["hits"][0]["section"], "§ 11 (1)");
}
