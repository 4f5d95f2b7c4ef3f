//! The lawyer's search: every query-language example of README.md, German
//! analysis and cross-language search on real text, `compare` and `show`.

mod util;

use std::collections::BTreeSet;
use std::sync::OnceLock;
use util::{hits, outcome, sample, TestIndex};

/// The 30 German AGB of tests/data/de-agb, indexed once.
fn agb() -> &'static TestIndex {
    static AGB: OnceLock<TestIndex> = OnceLock::new();
    AGB.get_or_init(|| TestIndex::build(&["tests/data/de-agb"]))
}

/// The contracts of tests/data/de-agb whose text says "Gerichtsstand".
const AGB_GERICHTSSTAND: [&str; 10] = [
    "contract_003",
    "contract_004",
    "contract_010",
    "contract_012",
    "contract_013",
    "contract_014",
    "contract_017",
    "contract_019",
    "contract_024",
    "contract_030",
];

/// `(section, line)` of the hits of a query on an index, in rank order.
fn sections(idx: &TestIndex, q: &str, limit: usize) -> Vec<(String, String, u64)> {
    idx.citations(q, limit)
}

/// Asserts that every `(vendor prefix, section, line)` in `want` is among the hits.
fn check(idx: &TestIndex, q: &str, limit: usize, want: &[(&str, &str, u64)]) {
    let hits = sections(idx, q, limit);
    for w in want {
        assert!(
            hits.iter()
                .any(|(v, s, l)| v.starts_with(w.0) && s == w.1 && *l == w.2),
            "{q:?}: {w:?} not in {hits:#?}"
        );
    }
}

/// Files (stems) of hits whose text contains `needle`.
fn files_with(idx: &TestIndex, q: &str, limit: usize, needle: &str) -> BTreeSet<String> {
    let v = idx.search_json(q, limit);
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["text"].as_str().unwrap().contains(needle))
        .map(|h| {
            let p = h["path"].as_str().unwrap();
            p.rsplit('/')
                .next()
                .unwrap()
                .trim_end_matches(".txt")
                .to_string()
        })
        .collect()
}

// README: query language examples, one test each.

#[test]
fn readme_words_rank_by_relevance() {
    check(sample(), "liability insurance", 3, &[("eMind", "§ 16", 67)]);
}

#[test]
fn readme_and_mode_requires_every_word() {
    let o = sample().run(
        "search",
        &[
            "--and",
            "--format",
            "json",
            "liability",
            "insurance",
            "foreseeable",
        ],
    );
    let (code, out, _) = outcome(&o);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hits = util::hits(&v);
    assert_eq!(
        hits,
        vec![("eMind GmbH".to_string(), "§ 16".to_string(), 67)]
    );
}

#[test]
fn readme_exact_phrase() {
    // The phrase in the clause, then in the heading above it only (a
    // heading describes every clause under it).
    let hits = sections(sample(), "\"place of jurisdiction\"", 10);
    let want = [
        ("MEGATECH communication GmbH", "14.2", 203),
        ("eMind GmbH", "§ 29", 98),
        ("Actimi GmbH", "§ 23 (7)", 109),
        ("MEGATECH communication GmbH", "14.1", 202),
        ("IMST GmbH", "13.1", 145),
        ("IMST GmbH", "13.2", 147),
        ("IMST GmbH", "13.3", 149),
    ];
    let got: Vec<(&str, &str, u64)> = hits
        .iter()
        .map(|(v, s, l)| (v.as_str(), s.as_str(), *l))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn readme_proximity() {
    check(agb(), "\"Haftung beschränkt\"~5", 10, &[("", "10.2", 135)]);
    let all = sections(agb(), "\"Haftung beschränkt\"~5", 50);
    let exact = sections(agb(), "\"Haftung beschränkt\"", 50);
    assert!(all.len() > exact.len(), "{all:?} vs {exact:?}");
}

#[test]
fn readme_prefix() {
    check(sample(), "remote maint*", 1, &[("CMS", "§ 15 (1.)", 30)]);
    // gericht* finds every Gerichtsstand clause of the German AGB.
    let files = files_with(agb(), "gericht*", 100, "Gerichtsstand");
    let want: BTreeSet<String> = AGB_GERICHTSSTAND.iter().map(|s| s.to_string()).collect();
    assert_eq!(files, want);
}

#[test]
fn readme_or() {
    let hits = sections(sample(), "jurisdiction OR venue", 5);
    let vendors: BTreeSet<&str> = hits.iter().map(|(v, _, _)| v.as_str()).collect();
    assert_eq!(vendors.len(), 5, "{hits:?}");
}

#[test]
fn readme_exclusion() {
    let with = sections(sample(), "liability", 100);
    let without = sections(sample(), "liability -insurance", 100);
    assert!(with
        .iter()
        .any(|(v, s, _)| v == "eMind GmbH" && s == "§ 16"));
    assert!(!without
        .iter()
        .any(|(v, s, _)| v == "eMind GmbH" && s == "§ 16"));
    assert!(without.len() < with.len());
}

#[test]
fn readme_parentheses_and_vendor_filter() {
    let hits = sections(
        sample(),
        "(Gerichtsstand OR Erfüllungsort) vendor:emind",
        10,
    );
    assert_eq!(
        hits,
        vec![
            ("eMind GmbH".to_string(), "§ 29".to_string(), 98),
            ("eMind GmbH".to_string(), "§ 28".to_string(), 96)
        ]
    );
}

#[test]
fn readme_vendor_filter_is_case_and_prefix_insensitive() {
    // Only Actimi, and only clauses about liability (in their text or
    // in the heading above them).
    let v = sample().search_json("vendor:actimi haftung", 10);
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for h in hits {
        assert_eq!(h["vendor"], "Actimi GmbH");
        let t = h["text"].as_str().unwrap().to_lowercase();
        let head = h["heading"].as_str().unwrap().to_lowercase();
        assert!(
            t.contains("liab") || head.contains("liab"),
            "not about liability: {head}: {t}"
        );
    }
    assert_eq!(
        util::hits(&sample().search_json("vendor:ACTI haftung", 10)),
        util::hits(&v)
    );
    let (code, _, err) = outcome(&sample().run("search", &["vendor:nobody haftung"]));
    assert_eq!(code, 2);
    assert!(err.contains("vendor:nobody matches no vendor"), "{err}");
}

#[test]
fn readme_kind_filter() {
    let v = sample().search_json("kind:privacy cookies", 20);
    let hits = v["hits"].as_array().unwrap();
    assert!(hits.len() >= 5);
    assert!(hits.iter().all(|h| h["kind"] == "privacy"));
}

#[test]
fn readme_section_filter() {
    let hits = sections(sample(), "section:\"§ 23\" vendor:actimi", 20);
    let labels: Vec<&str> = hits.iter().map(|(_, s, _)| s.as_str()).collect();
    assert_eq!(
        labels,
        [
            "§ 23 (1)",
            "§ 23 (2)",
            "§ 23 (3)",
            "§ 23 (4)",
            "§ 23 (5)",
            "§ 23 (6)",
            "§ 23 (7)"
        ]
    );
}

#[test]
fn readme_lang_filter() {
    assert!(sections(sample(), "lang:de Haftung", 10).is_empty());
    let v = agb().search_json("lang:de Haftung", 10);
    assert!(v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["language"] == "de"));
    let (code, _, _) = outcome(&agb().run("search", &["--lang", "en", "Haftung"]));
    assert_eq!(code, 1);
}

#[test]
fn readme_cites_filter_and_citation_queries() {
    // Art. 6 DSGVO contains every Art. 6 (1) point x GDPR of the privacy texts.
    let v = sample().search_json("cites:\"Art. 6 DSGVO\"", 50);
    let hits = v["hits"].as_array().unwrap();
    assert!(hits.len() >= 10);
    for h in hits {
        assert!(
            h["cites"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|c| c.as_str())
                .any(|c| c == "dsgvo 6" || c.starts_with("dsgvo 6 ")),
            "{h}"
        );
    }
    // § 14 BGB in all three surface forms of the sample corpus.
    check(
        sample(),
        "§ 14 BGB",
        3,
        &[
            ("IMST", "1.1", 9),
            ("Actimi", "§ 1 (1)", 3),
            ("CMS", "§ 1 (2.)", 2),
        ],
    );
    check(sample(), "§ 648 BGB", 1, &[("CMS", "§ 4 (11)", 8)]);
}

// Issue 6: compare, errors.

#[test]
fn compare_gerichtsstand_gives_every_vendor_its_jurisdiction_clause() {
    let o = sample().run("compare", &["--format", "json", "Gerichtsstand"]);
    let (code, out, _) = outcome(&o);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows: Vec<(String, String, u64)> = v["vendors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let h = &r["hits"][0];
            (
                r["vendor"].as_str().unwrap().to_string(),
                h["section"].as_str().unwrap_or("").to_string(),
                h["line_start"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let want = [
        ("Actimi GmbH", "§ 23 (7)", 109),
        ("CMS IT-Consulting GmbH", "§ 22 (2.)", 44),
        ("eMind GmbH", "§ 29", 98),
        ("IMST GmbH", "13.2", 147),
        ("MEGATECH communication GmbH", "14.2", 203),
    ];
    let got: Vec<(&str, &str, u64)> = rows
        .iter()
        .map(|(v, s, l)| (v.as_str(), s.as_str(), *l))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn compare_abwerbeverbot_lists_vendors_without_a_clause() {
    let o = sample().run("compare", &["Abwerbeverbot"]);
    let (code, out, _) = outcome(&o);
    assert_eq!(code, 0);
    let blocks: Vec<&str> = out.split("\n\n").collect();
    let block = |vendor: &str| {
        blocks
            .iter()
            .find(|b| b.starts_with(vendor))
            .copied()
            .unwrap_or("")
    };
    assert!(block("CMS IT-Consulting GmbH").contains("§ 19"), "{out}");
    assert!(
        block("eMind GmbH").contains("§ 27 Contractual penalty"),
        "{out}"
    );
    for v in ["Actimi GmbH", "IMST GmbH", "MEGATECH communication GmbH"] {
        assert!(block(v).contains("no clause found"), "{v}: {out}");
    }
    let o = sample().run("compare", &["--format", "csv", "Abwerbeverbot"]);
    let csv = outcome(&o).1;
    assert!(
        csv.lines()
            .any(|l| l == "Actimi GmbH,false,,0.00,no clause found,,,,,,,,,,"),
        "{csv}"
    );
    let o = sample().run("compare", &["--format", "markdown", "Abwerbeverbot"]);
    let md = outcome(&o).1;
    assert!(
        md.starts_with("| Vendor | Clause | Text | Match |\n|---|---|---|---|\n"),
        "{md}"
    );
}

#[test]
fn compare_json_has_the_documented_fields() {
    let o = sample().run("compare", &["--format", "json", "--top", "2", "liability"]);
    let v: serde_json::Value = serde_json::from_str(&outcome(&o).1).unwrap();
    for key in ["query", "took_ms", "expansions", "vendors"] {
        assert!(v.get(key).is_some(), "{key}");
    }
    for row in v["vendors"].as_array().unwrap() {
        assert!(row["vendor"].is_string() && row["found"].is_boolean());
        assert!(row["hits"].as_array().unwrap().len() <= 2);
    }
}

#[test]
fn malformed_queries_give_one_line_errors() {
    for (q, needle) in [
        ("\"haftung beschränkt", "quote"),
        ("(gerichtsstand", "parenthesis"),
        ("foo:bar", "unknown field"),
    ] {
        let (code, out, err) = outcome(&sample().run("search", &["--", q]));
        assert_eq!(code, 2, "{q}");
        assert!(out.is_empty());
        assert_eq!(err.trim_end().lines().count(), 1, "{q}: {err}");
        assert!(err.to_lowercase().contains(needle), "{q}: {err}");
    }
}

#[test]
fn show_prints_a_clause_with_its_neighbours() {
    let o = sample().run("show", &["--format", "json", "actimi § 23 (7)"]);
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["clause"]["section"], "§ 23 (7)");
    assert_eq!(v["before"]["section"], "§ 23 (6)");
    assert!(v["after"].is_null());
    // No search, so no rank or score (issue 16).
    for key in ["rank", "score", "snippet", "highlights", "matched"] {
        assert!(v["clause"].get(key).is_none(), "{key}");
        assert!(v["before"].get(key).is_none(), "{key}");
    }
    assert!(v["clause"]["text"].as_str().unwrap().contains("Stuttgart"));
    let id = v["clause"]["id"].as_str().unwrap().to_string();
    let by_id = outcome(&sample().run("show", &["--format", "json", &id])).1;
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&by_id).unwrap()["clause"]["line_start"],
        109
    );
    let (code, out, _) = outcome(&sample().run("show", &["corpus/imst-gtc.txt:13"]));
    assert_eq!(code, 0);
    assert!(
        out.starts_with("IMST GmbH · General Terms and Business Conditions · 1.2 Scope, general"),
        "{out}"
    );
    let (code, _, _) = outcome(&sample().run("show", &["nobody § 99"]));
    assert_eq!(code, 1);
}

// Issue 5: across languages.

#[test]
fn gerichtsstand_finds_every_vendors_jurisdiction_clause() {
    check(
        sample(),
        "Gerichtsstand",
        10,
        &[
            ("IMST GmbH", "13.2", 147),
            ("MEGATECH", "14.2", 203),
            ("eMind", "§ 29", 98),
            ("Actimi", "§ 23 (7)", 109),
            ("CMS", "§ 22 (2.)", 44),
        ],
    );
    let v = sample().search_json("Gerichtsstand", 1);
    let hit = &v["hits"][0];
    let text = hit["text"].as_str().unwrap();
    let marked: Vec<String> = hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let (a, b) = (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            );
            text.chars().skip(a).take(b - a).collect()
        })
        .collect();
    assert!(
        marked
            .iter()
            .any(|m| m.to_lowercase().contains("jurisdiction")),
        "{marked:?}"
    );
    let (code, _, _) = outcome(&sample().run("search", &["--no-expand", "Gerichtsstand"]));
    assert_eq!(code, 1);
}

#[test]
fn place_of_jurisdiction_finds_every_german_gerichtsstand_clause() {
    let files = files_with(agb(), "place of jurisdiction", 50, "Gerichtsstand");
    let want: BTreeSet<String> = AGB_GERICHTSSTAND.iter().map(|s| s.to_string()).collect();
    assert_eq!(files, want);
}

// Issue 4: German analysis on real contracts.

#[test]
fn gerichtsstandsvereinbarung_finds_gerichtsstand_clauses() {
    let files = files_with(agb(), "Gerichtsstandsvereinbarung", 50, "Gerichtsstand");
    let want: BTreeSet<String> = AGB_GERICHTSSTAND.iter().map(|s| s.to_string()).collect();
    assert_eq!(files, want);
}

#[test]
fn haftungsbeschraenkung_finds_beschraenkung_der_haftung() {
    // Clauses that never say "Haftungsbeschränkung", only that liability is limited:
    // contract_004 6.1 "Unsere Haftung ist ausgeschlossen und auf das gesetzlich
    // zulässige Maß beschränkt", contract_010 9.1 "wird die Haftung ... beschränkt",
    // contract_028 Art. 11 2. "ist die Haftung ... auf die Höhe der letzten Bestellung
    // beschränkt".
    check(
        agb(),
        "Haftungsbeschränkung",
        30,
        &[("", "6.1", 72), ("", "9.1", 89), ("", "Art. 11 2.", 110)],
    );
}

#[test]
fn umlauts_typed_as_plain_vowels_find_umlaut_text() {
    for (typed, proper) in [
        ("Gewahrleistung", "Gewährleistung"),
        ("Kundigung", "Kündigung"),
        ("Mangel", "Mängel"),
    ] {
        let a = util::hits(&agb().search_json(typed, 20));
        let b = util::hits(&agb().search_json(proper, 20));
        assert!(!a.is_empty(), "{typed}");
        assert_eq!(a, b, "{typed} vs {proper}");
    }
    let files = files_with(agb(), "Gewahrleistung", 100, "Gewährleistung");
    assert!(files.len() >= 10, "{files:?}");
}

#[test]
fn identical_clauses_of_one_vendor_collapse_into_one_hit() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("acme");
    util::acme_two_documents(&dir, "mietbedingungen.txt", None);
    let index = tmp.path().join("index");
    let o = util::run(&[
        "index",
        "-q",
        "--index",
        index.to_str().unwrap(),
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let o = util::run(&[
        "search",
        "--index",
        index.to_str().unwrap(),
        "--format",
        "json",
        "München",
    ]);
    let v: serde_json::Value = serde_json::from_str(&outcome(&o).1).unwrap();
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{v}");
    assert_eq!(v["total_hits"], 2);
    assert_eq!(hits[0]["document"], "AGB");
    assert_eq!(hits[0]["section"], "§ 2 (1)");
    let also = hits[0]["also_in"].as_array().unwrap();
    assert_eq!(also.len(), 1);
    assert_eq!(also[0]["document"], "Mietbedingungen");
    assert_eq!(also[0]["section"], "§ 9 (1)");
    assert_eq!(also[0]["line_start"], 4);
}

/// A clause ranked below the last hit shown still collapses into the hit
/// it repeats (search reads it because its `dup_key` matches), and the
/// same text at another vendor stays a hit of its own.
#[test]
fn a_duplicate_below_the_limit_is_still_listed_under_its_hit() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("corpus");
    std::fs::create_dir_all(&dir).unwrap();
    let shared = "(1) Gerichtsstand für alle Streitigkeiten ist München.";
    for (file, body) in [
        (
            "agb.txt",
            format!("§ 1 Geltung\n(1) Diese AGB gelten.\n§ 2 Gerichtsstand\n{shared}\n"),
        ),
        (
            "miete.txt",
            format!("§ 1 Miete\n(1) Die Miete ist monatlich zu zahlen.\n§ 9 Schluss\n{shared}\n"),
        ),
        (
            "beta.txt",
            format!("§ 1 Geltung\n(1) Diese Bedingungen gelten.\n§ 9 Schluss\n{shared}\n"),
        ),
    ] {
        std::fs::write(dir.join(file), body).unwrap();
    }
    std::fs::write(
        dir.join("corpus.toml"),
        "[[document]]\nfile = \"agb.txt\"\nvendor = \"Acme GmbH\"\ntitle = \"AGB\"\n\n\
         [[document]]\nfile = \"miete.txt\"\nvendor = \"Acme GmbH\"\ntitle = \"Mietbedingungen\"\n\n\
         [[document]]\nfile = \"beta.txt\"\nvendor = \"Beta AG\"\ntitle = \"AGB\"\n",
    )
    .unwrap();
    let index = TestIndex::build(&[dir.to_str().unwrap()]);
    let search = |limit: &str| -> Vec<String> {
        let o = index.run(
            "search",
            &["--format", "json", "--limit", limit, "--", "Gerichtsstand"],
        );
        let v: serde_json::Value = serde_json::from_str(&outcome(&o).1).unwrap();
        assert_eq!(v["total_hits"], 3, "{v}");
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                let also: Vec<String> = h["also_in"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|l| {
                        format!(
                            "{} {}",
                            l["document"].as_str().unwrap(),
                            l["section"].as_str().unwrap()
                        )
                    })
                    .collect();
                format!(
                    "{} {} {} also {:?}",
                    h["vendor"].as_str().unwrap(),
                    h["document"].as_str().unwrap(),
                    h["section"].as_str().unwrap(),
                    also
                )
            })
            .collect()
    };
    // The heading makes Acme's AGB clause the best; its copy in the
    // Mietbedingungen scores as Beta's clause does.
    assert_eq!(
        search("1"),
        ["Acme GmbH AGB § 2 (1) also [\"Mietbedingungen § 9 (1)\"]"]
    );
    assert_eq!(
        search("2"),
        [
            "Acme GmbH AGB § 2 (1) also [\"Mietbedingungen § 9 (1)\"]",
            "Beta AG AGB § 9 (1) also []"
        ]
    );
}

/// `show` takes what lawyers type: a whole section, the German `Abs.`, a
/// path spelt with `./` or absolute, and a line holding several clauses
/// (all of them, in file order).
#[test]
fn show_understands_lawyers_references() {
    let sections = |reference: &str| -> Vec<String> {
        let o = sample().run("show", &["--format", "json", reference]);
        let (code, out, err) = outcome(&o);
        assert_eq!(code, 0, "{reference}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        std::iter::once(&v["clause"])
            .chain(v["more"].as_array().unwrap())
            .map(|c| format!("{} {}", c["section"].as_str().unwrap(), c["line_start"]))
            .collect()
    };
    let s19 = ["§ 19 (1.) 38", "§ 19 (2.) 38", "§ 19 (3.) 38"];
    assert_eq!(sections("cms § 19"), s19);
    assert_eq!(sections("corpus/cms-gtc.txt:38"), s19);
    assert_eq!(sections("Actimi GmbH § 23 Abs. 7"), ["§ 23 (7) 109"]);
    assert_eq!(sections("./corpus/actimi-gtc.txt:109"), ["§ 23 (7) 109"]);
    let absolute = std::fs::canonicalize("corpus/actimi-gtc.txt").unwrap();
    assert_eq!(
        sections(&format!("{}:109", absolute.display())),
        ["§ 23 (7) 109"]
    );
    // The vendor by a word of its name, as vendor: takes it.
    assert_eq!(sections("consulting § 22 (2.)"), ["§ 22 (2.) 44"]);
}

/// A citation query on an index holding the statute: the norm's own
/// records first (in file order), then the clauses that cite it, with
/// containment both ways and ranges counting; the statute's own
/// references (`§ 307 Abs. 3` in § 310 (4)) cite it too.
#[test]
fn citation_queries_return_the_norm_first_then_the_clauses_citing_it() {
    let idx = TestIndex::build(&["tests/data/bgb-305-310.md", "corpus"]);
    let cited = |q: &str| -> Vec<(String, String, u64)> { idx.citations(q, 20) };
    let s = |v: &str, sec: &str, line: u64| (v.to_string(), sec.to_string(), line);
    let bgb = "bgb-305-310";
    // IMST 14.2 cites "Sections 305 to 310 BGB": the range holds § 307.
    // § 310 (4) cites § 307 Abs. 3, (3) "§§ 306 und 307 bis 309" and § 307
    // Abs. 1 und 2, (1) § 307 Abs. 1 und 2.
    let want = vec![
        s(bgb, "§ 307 (1)", 126),
        s(bgb, "§ 307 (2)", 132),
        s(bgb, "§ 307 (3)", 146),
        s(bgb, "§ 310 (4)", 653),
        s("IMST GmbH", "14.2", 155),
        s(bgb, "§ 310 (3)", 629),
        s(bgb, "§ 310 (1)", 604),
    ];
    assert_eq!(cited("§ 307 BGB"), want);
    assert_eq!(cited("Section 307 of the German Civil Code"), want);
    // The paragraph: its own record first, then the rest of its section,
    // then the clauses citing it or a norm containing it (the range); not
    // § 310 (4), which cites § 307 Abs. 3.
    assert_eq!(
        cited("§ 307 Abs. 1 BGB"),
        [
            s(bgb, "§ 307 (1)", 126),
            s(bgb, "§ 307 (2)", 132),
            s(bgb, "§ 307 (3)", 146),
            s(bgb, "§ 310 (3)", 629),
            s("IMST GmbH", "14.2", 155),
            s(bgb, "§ 310 (1)", 604),
        ]
    );
    let v = idx.search_json("§ 307 Abs. 1 BGB", 2);
    assert!(v["hits"][0]["score"].as_f64() > v["hits"][1]["score"].as_f64());
    // A range query: every member's own text in file order comes first.
    let range = cited("§§ 305 bis 310 BGB");
    assert_eq!(range[0], s(bgb, "§ 305 (1)", 11));
    assert_eq!(range[6], s(bgb, "§ 307 (1)", 126));
    // No clause or norm of the index is § 311: nothing.
    assert_eq!(cited("§ 311 BGB"), vec![]);
}

/// Inside a statute, a reference that names no law cites the statute
/// itself (`§§ 307 bis 309` in the BGB, `Absatz 1` in the HGB's § 75); a
/// named law is kept (`§ 626 des Bürgerlichen Gesetzbuchs` in the HGB). Two
/// excerpts of gesetze-im-internet.de with their pandoc title blocks.
#[test]
fn statute_references_without_a_law_cite_the_statute() {
    let idx = TestIndex::build(&["tests/data/statutes"]);
    let cited = |q: &str| -> Vec<(String, String, u64)> { idx.citations(q, 20) };
    let s = |v: &str, sec: &str, line: u64| (v.to_string(), sec.to_string(), line);
    let (bgb, hgb) = ("bgb-auszug", "hgb-auszug");
    // The norm first, then § 476 (3) "unbeschadet der §§ 307 bis 309";
    // the HGB's own § 307 is another norm.
    assert_eq!(
        cited("§ 307 BGB"),
        [
            s(bgb, "§ 307 (1)", 18),
            s(bgb, "§ 307 (2)", 20),
            s(bgb, "§ 307 (3)", 26),
            s(bgb, "§ 476 (3)", 43),
        ]
    );
    assert_eq!(
        cited("§ 307 HGB"),
        [s(hgb, "§ 307 (1)", 15), s(hgb, "§ 307 (2)", 17)]
    );
    // The BGB named in the HGB stays the BGB.
    assert_eq!(
        cited("§ 626 BGB"),
        [s(hgb, "§ 75 (1)", 6), s(hgb, "§ 75 (3)", 10)]
    );
    assert_eq!(cited("§ 626 HGB"), []);
    // `Absatz 2` alone in § 306 (3) is § 306 Abs. 2.
    assert_eq!(
        cited("§ 306 Abs. 2 BGB"),
        [
            s(bgb, "§ 306 (2)", 8),
            s(bgb, "§ 306 (1)", 6),
            s(bgb, "§ 306 (3)", 10),
        ]
    );
    let v = idx.search_json("§ 306 Abs. 2 BGB", 3);
    assert_eq!(v["hits"][2]["cites"], serde_json::json!(["bgb 306 abs2"]));
    // § 307 (3): its own paragraphs by `Absätze 1 und 2` and `nach Absatz 1
    // Satz 2`, and §§ 308, 309.
    let v = idx.search_json("§ 307 BGB", 3);
    assert_eq!(
        v["hits"][2]["cites"],
        serde_json::json!([
            "bgb 307 abs1",
            "bgb 307 abs1 satz1",
            "bgb 307 abs1 satz2",
            "bgb 307 abs2",
            "bgb 308",
            "bgb 309"
        ])
    );
}

/// A statute klausel does not know by name, in a file named as on
/// gesetze-im-internet.de (`StUG-BJNR022720991`): its sections are found
/// by the file name's abbreviation, in any citation form, its own
/// references cite it, and an abbreviation no statute of the index has
/// stays a word query.
#[test]
fn a_statute_unknown_by_name_is_cited_by_its_file_abbreviation() {
    let idx = TestIndex::build(&["tests/data/statutes"]);
    let stug = "StUG-BJNR022720991";
    let s = |sec: &str, line: u64| (stug.to_string(), sec.to_string(), line);
    let v = idx.search_json("§ 42a StUG", 10);
    assert_eq!(v["citations"], serde_json::json!(["stug 42a"]));
    assert_eq!(hits(&v), [s("§ 42a", 8)]);
    assert_eq!(idx.citations("StUG 42a", 10), [s("§ 42a", 8)]);
    assert_eq!(
        idx.citations("§ 43 Abs. 2 StUG", 10),
        [s("§ 43 (2)", 14), s("§ 43 (1)", 12)]
    );
    // The BGB excerpt's `§ 307` is not the StUG's.
    assert_eq!(idx.citations("§ 307 StUG", 10), []);
    // Its own references cite it: § 43 (1) "in § 6 Absatz 9 dieses
    // Gesetzes", next to the BDSG it names.
    let v = idx.search_json("§ 6 StUG", 10);
    assert_eq!(hits(&v), [s("§ 43 (1)", 12)]);
    assert_eq!(
        v["hits"][0]["cites"],
        serde_json::json!(["bdsg 14", "bdsg 15", "bdsg 16", "stug 6 abs9"])
    );
    // An abbreviation no statute of the index has is no citation.
    let v = idx.search_json("§ 5 NDA", 10);
    assert_eq!(v["citations"], serde_json::json!([]));
}

/// `cites` lists the norms a clause cites, each once by its most specific
/// key; never a law alone.
#[test]
fn cites_never_holds_a_bare_law() {
    let v = sample().search_json("§ 307 BGB", 1);
    assert_eq!(v["hits"][0]["section"], "14.2");
    assert_eq!(
        v["hits"][0]["cites"],
        serde_json::json!([
            "bgb 139", "bgb 305", "bgb 306", "bgb 307", "bgb 308", "bgb 309", "bgb 310"
        ])
    );
    for q in ["§ 307 BGB", "Art. 6 DSGVO", "Gerichtsstand", "liability"] {
        let v = sample().search_json(q, 50);
        for h in v["hits"].as_array().unwrap() {
            for c in h["cites"].as_array().unwrap() {
                let c = c.as_str().unwrap();
                assert!(c.contains(' '), "{q}: bare law {c:?} in {}", h["id"]);
            }
        }
    }
}

/// Words of a shell command line: white space separates, `'…'` and `"…"`
/// quote (enough for the README's examples).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

fn readme() -> String {
    std::fs::read_to_string(util::root().join("README.md")).unwrap()
}

/// Every query of the README's query table finds something on the sample
/// corpus (read from README.md, so the table cannot drift).
#[test]
fn readme_query_table_examples_all_find_something() {
    let readme = readme();
    let table = readme
        .split("| query | finds |")
        .nth(1)
        .expect("the query table")
        .split("\n\n")
        .next()
        .unwrap();
    let mut queries = Vec::new();
    for row in table.lines().skip(2) {
        let cell = row.trim_start_matches('|').split(" | ").next().unwrap();
        queries.extend(
            cell.split("`, `")
                .map(|q| q.trim().trim_matches('`').to_string()),
        );
    }
    assert!(queries.len() >= 18, "{queries:?}");
    for q in &queries {
        let mut args = vec!["--count"];
        let q = match q.strip_prefix("--and ") {
            Some(rest) => {
                args.push("--and");
                rest
            }
            None => q.as_str(),
        };
        assert!(!q.contains('`'), "{q}");
        args.extend(["--", q]);
        let (code, out, err) = outcome(&sample().run("search", &args));
        assert_eq!(code, 0, "README query {q:?} finds nothing: {out}{err}");
    }
}

/// Every `klausel` command in the README's sh blocks runs on the sample
/// corpus and prints something (those on the reader's own folders or
/// writing the reader's files, and `serve`, excepted), and the sample
/// output at the top is what
/// `klausel search Gerichtsstand` prints.
#[test]
fn readme_commands_run_and_print_what_the_readme_shows() {
    let readme = readme();
    let mut commands = Vec::new();
    // A comment is ` # …` after the command.
    let comment = regex::Regex::new(r"\s+#\s.*$").unwrap();
    for block in readme.split("```sh\n").skip(1) {
        let block = block.split("```").next().unwrap();
        for line in block.lines().filter(|l| l.starts_with("klausel ")) {
            let line = comment.replace(line, "");
            commands.push(shell_words(&line));
        }
    }
    assert!(commands.len() >= 12, "{commands:?}");
    let mut ran = 0;
    for words in &commands {
        let cmd = words[1].as_str();
        // The reader's own folders, files a command writes (`> FILE`), and
        // `serve`, which runs until stopped.
        if words.iter().any(|w| w.contains('~') || w == ">") || cmd == "serve" {
            continue;
        }
        let rest: Vec<&str> = words[2..].iter().map(String::as_str).collect();
        let o = match cmd {
            "search" | "compare" | "show" => sample().run(cmd, &rest),
            _ => util::run(&words[1..].iter().map(String::as_str).collect::<Vec<_>>()),
        };
        let (code, out, err) = outcome(&o);
        assert_eq!(code, 0, "{words:?}: {err}");
        assert!(!out.trim().is_empty(), "{words:?} printed nothing");
        ran += 1;
    }
    assert!(ran >= 12, "{ran}");

    // The sample output: the first plain block, printed as it stands.
    let shown = readme.split("```\n").nth(1).unwrap().trim_end();
    let o = sample().run("search", &["--color", "never", "Gerichtsstand"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(shown),
        "README shows:\n{shown}\nklausel prints:\n{out}"
    );
}

/// `count_per_vendor` (serve's vendor facet: one search, each clause
/// counted for its vendor) counts what one search per vendor with that
/// vendor as filter finds, with and without other filters.
#[test]
fn one_count_per_vendor_is_a_filtered_search_per_vendor() {
    use klausel::search::{SearchOptions, Searcher};
    for index in [sample(), agb()] {
        let searcher = Searcher::open(&index.path).unwrap();
        let vendors: Vec<String> = searcher
            .vendors()
            .unwrap()
            .all()
            .iter()
            .map(|v| v.name.clone())
            .collect();
        assert!(vendors.len() >= 5, "{vendors:?}");
        for q in [
            "Gerichtsstand",
            "Haftung",
            "liability",
            "personal data",
            "kind:terms Kündigung",
        ] {
            for lang in [None, Some(klausel::model::Language::De)] {
                let mut opts = SearchOptions::default();
                opts.query.lang = lang;
                opts.vendor = Some(vendors[0].clone());
                let counts = searcher.count_per_vendor(q, &opts).unwrap();
                let expected: Vec<usize> = vendors
                    .iter()
                    .map(|v| {
                        let mut o = opts.clone();
                        o.limit = 0;
                        o.vendor = Some(v.clone());
                        searcher.search(q, &o).unwrap().total_hits
                    })
                    .collect();
                assert_eq!(counts, expected, "{q} {lang:?}");
                if lang.is_none() {
                    assert!(counts.iter().any(|&n| n > 0), "{q}");
                }
            }
        }
    }
}
