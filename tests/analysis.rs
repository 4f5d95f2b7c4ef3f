//! Analysis and language detection on the documents in the repository.

use klausel::analysis::analyze;
use klausel::lang::detect;
use klausel::Language::{self, De, En};
use std::collections::HashSet;
use std::path::Path;

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// Detects the language of the whole file with both fallbacks.
fn check_language(path: &str, expected: Language) {
    let text = read(path);
    for fallback in [De, En] {
        assert_eq!(
            detect(&text, fallback),
            expected,
            "{path} (fallback {fallback:?})"
        );
    }
}

#[test]
fn language_of_every_sample_document() {
    check_language("corpus/imst-gtc.txt", En);
    check_language("corpus/megatech-privacy-imprint-gtc.txt", En);
    check_language("corpus/emind-gtc.txt", En);
    check_language("corpus/actimi-gtc.txt", En);
    check_language("corpus/cms-gtc.txt", En);
    for n in 1..=30 {
        check_language(&format!("tests/data/de-agb/contract_{n:03}.txt"), De);
    }
    check_language("tests/data/bgb-305-310.md", De);
}

fn terms(lang: Language, text: &str) -> HashSet<String> {
    analyze(lang, text).into_iter().map(|t| t.text).collect()
}

/// `term` is a term of the query and of the file: the file can match the query.
fn check_shared(lang: Language, query: &str, path: &str, term: &str) {
    assert!(
        terms(lang, query).contains(term),
        "{term:?} not a term of {query:?}"
    );
    assert!(
        terms(lang, &read(path)).contains(term),
        "{term:?} not a term of {path}"
    );
}

/// Every part of the compound `query` (all terms after the first) is a term
/// of the file, so the query's all-parts branch matches it.
fn check_all_parts(lang: Language, query: &str, path: &str, expected: bool) {
    let indexed = terms(lang, &read(path));
    let q = analyze(lang, query);
    assert!(q.len() > 1, "{query:?} is not split");
    let all = q.iter().skip(1).all(|t| indexed.contains(&t.text));
    assert_eq!(all, expected, "{query:?} in {path}");
}

const BGB: &str = "tests/data/bgb-305-310.md";
const AGB1: &str = "tests/data/de-agb/contract_001.txt";
const AGB2: &str = "tests/data/de-agb/contract_002.txt";
const AGB3: &str = "tests/data/de-agb/contract_003.txt";

#[test]
fn compound_queries_meet_the_fixtures() {
    check_shared(De, "Gerichtsstandsvereinbarung", AGB3, "gerichtsstand");
    check_shared(De, "Gewahrleistungsansprüche", AGB1, "gewahrleist");
    check_shared(De, "Gewährleistung", AGB2, "gewahrleist");
    check_shared(De, "Mangelbeseitigung", AGB2, "mangel");
    check_all_parts(De, "Haftungsbeschränkung", BGB, true);
    check_all_parts(De, "Mängelansprüche", BGB, true);
    check_all_parts(De, "Kündigungsfrist", AGB3, true);
    check_all_parts(De, "Haftungsbeschränkung", AGB2, false);
    check_shared(En, "terminated", "corpus/actimi-gtc.txt", "termin");
    check_shared(En, "customer's", "corpus/cms-gtc.txt", "customer");
}
