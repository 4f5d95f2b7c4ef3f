//! The builtin thesaurus bridges real clauses: the expansion of a query in
//! one language occurs, as a phrase, in the matching clause of the other.

use klausel::thesaurus::{fingerprint, Thesaurus};
use klausel::Language;
use std::path::Path;

/// Looks up `query`, then expects that some `lang` term of its expansion
/// occurs (case-insensitively) on 1-based `line` of `file`.
#[track_caller]
fn check(query: &str, lang: Language, file: &str, line: usize) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let clause = text.lines().nth(line - 1).unwrap_or("").to_lowercase();
    assert!(!clause.is_empty(), "{file}:{line} is missing or empty");
    let words: Vec<&str> = query.split_whitespace().collect();
    let expansions = Thesaurus::builtin().lookup(&words);
    let found: Vec<&str> = expansions
        .iter()
        .flat_map(|e| &e.terms)
        .filter(|(l, term)| *l == lang && clause.contains(&term.to_lowercase()))
        .map(|(_, term)| term.as_str())
        .collect();
    assert!(
        !found.is_empty(),
        "{query:?}: no {lang:?} expansion term on {file}:{line}"
    );
}

#[test]
fn gerichtsstand_reaches_every_english_jurisdiction_clause() {
    check("Gerichtsstand", Language::En, "corpus/imst-gtc.txt", 147);
    check(
        "Gerichtsstand",
        Language::En,
        "corpus/megatech-privacy-imprint-gtc.txt",
        203,
    );
    check("Gerichtsstand", Language::En, "corpus/emind-gtc.txt", 98);
    check("Gerichtsstand", Language::En, "corpus/actimi-gtc.txt", 109);
    check("Gerichtsstand", Language::En, "corpus/cms-gtc.txt", 44);
}

#[test]
fn english_terms_reach_german_clauses() {
    check(
        "place of jurisdiction",
        Language::De,
        "tests/data/de-agb/contract_003.txt",
        98,
    );
    check(
        "exclusive jurisdiction",
        Language::De,
        "tests/data/de-agb/contract_003.txt",
        98,
    );
}

#[test]
fn builtin_is_large_and_fingerprinted() {
    let builtin = Thesaurus::builtin();
    assert!(builtin.len() >= 300, "{}", builtin.len());
    assert_ne!(fingerprint(), 0);
}
