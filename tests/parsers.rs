//! The citation parser on whole documents: every statute reference in each file of the
//! sample corpus and of the German AGB fixtures, as normalised keys in order of first
//! appearance. Section references without a statute (`§ 9 of these Terms`) are internal
//! and do not appear.

use klausel::citation::{extract, Norm};

#[track_caller]
fn check(path: &str, expected: &[&str]) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let got: Vec<String> = extract(&text).iter().map(Norm::key).collect();
    assert_eq!(got, expected, "{path}");
}

#[test]
fn sample_corpus_citations() {
    check(
        "corpus/imst-gtc.txt",
        &[
            "bgb 14",
            "bgb 284",
            "bgb 147",
            "bgb 276",
            "bgb 247",
            "hgb 352",
            "bgb 449",
            "rom2 14 abs1 litb",
            "bgb 305b",
            "bgb 305",
            "bgb 306",
            "bgb 307",
            "bgb 308",
            "bgb 309",
            "bgb 310",
            "bgb 139",
            "dsgvo 24 abs1",
            "dsgvo 6 abs1 litf",
        ],
    );
    check(
        "corpus/megatech-privacy-imprint-gtc.txt",
        &[
            "dsgvo 6 abs1 litf",
            "dsgvo 6 abs1 litb",
            "dsgvo 6 abs1 lita",
            "dsgvo 6 abs1 litc",
            "dsgvo 15",
            "dsgvo 16",
            "dsgvo 17",
            "dsgvo 18",
            "dsgvo 19",
            "dsgvo 20",
            "dsgvo 7 abs3",
            "dsgvo 77",
            "dsgvo 21 abs1",
            "dsgvo 21 abs2",
            "mstv 18 abs2",
            "bgb 321",
            "inso 112",
            "bgb 445a",
            "bgb 346 abs1",
            "hgb 1",
            "hgb 377",
        ],
    );
    check(
        "corpus/emind-gtc.txt",
        &[
            "bgb 126",
            "bgb 126b",
            "bgb 127",
            "bgb 366 abs2",
            "bgb 367",
            "bgb 321",
            "bdsg 19a",
            "bdsg 33",
            "bgb 521",
            "bgb 599",
            "bgb 273",
            "hgb 369",
        ],
    );
    check(
        "corpus/actimi-gtc.txt",
        &[
            "bgb 14",
            "urhg 69e",
            "hgb 361",
            "hgb 353",
            "bgb 321",
            "bgb 536a abs1",
            "dsgvo 32",
            "dsgvo 28 abs3 litb",
            "bgb 305b",
            "aktg 15",
        ],
    );
    check(
        "corpus/cms-gtc.txt",
        &[
            "bgb 14",
            "bgb 127 abs2",
            "bgb 648",
            "hgb 377",
            "hgb 381",
            "bgb 195",
            "bgb 199",
            "bgb 438 abs1 nr1",
            "bgb 438 abs1 nr2",
            "bgb 445b",
            "bgb 634a abs1 nr2",
        ],
    );
}

#[test]
fn german_agb_citations() {
    check("tests/data/de-agb/contract_001.txt", &["bgb 312g abs2"]);
    check(
        "tests/data/de-agb/contract_002.txt",
        &["bgb 437", "odr 14 abs1"],
    );
    check("tests/data/de-agb/contract_003.txt", &[]);
}

/// Which sample files hold a reference that contains the citation `query`.
#[track_caller]
fn check_query(query: &str, expected: &[&str]) {
    let wanted: Vec<String> = klausel::citation::parse_query(query)
        .unwrap_or_else(|| panic!("{query:?} is not a citation"))
        .iter()
        .map(Norm::key)
        .collect();
    let mut got = Vec::new();
    for name in ["imst", "megatech-privacy-imprint", "emind", "actimi", "cms"] {
        let path = format!("corpus/{name}-gtc.txt");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let keys: Vec<String> = extract(&text).iter().flat_map(Norm::keys).collect();
        if wanted.iter().all(|w| keys.contains(w)) {
            got.push(name);
        }
    }
    assert_eq!(got, expected, "{query}");
}

#[test]
fn citation_queries_match_by_containment() {
    check_query("§ 14 BGB", &["imst", "actimi", "cms"]);
    check_query(
        "§ 321 BGB",
        &["megatech-privacy-imprint", "emind", "actimi"],
    );
    check_query("Art. 6 DSGVO", &["imst", "megatech-privacy-imprint"]);
    check_query(
        "Art. 6 Abs. 1 lit. f DSGVO",
        &["imst", "megatech-privacy-imprint"],
    );
    check_query("Art. 6 lit. b DSGVO", &["megatech-privacy-imprint"]);
    check_query("§ 377 HGB", &["megatech-privacy-imprint", "cms"]);
    check_query("§ 307 BGB", &["imst"]);
    check_query("§ 634a BGB", &["cms"]);
}
