//! Precomputes the lookup keys of the builtin thesaurus.
//!
//! Loading the thesaurus at run time meant parsing 150 kB of TOML and
//! stemming every one of its terms (about 10 ms, most of a one-shot
//! `klausel search`). This script does both at compile time, with the same
//! key functions (`src/thesaurus/keys.rs`), and writes the concepts with the
//! keys of their terms to `$OUT_DIR/thesaurus_keys.rs` as static data.
//!
//! It checks the file as `Thesaurus::parse` does. When anything is off it
//! writes `None` and warns; the library then parses the file at run time,
//! where the error is reported with its line (and a test fails).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

#[allow(dead_code)]
#[path = "src/thesaurus/keys.rs"]
mod keys;

#[allow(dead_code)]
mod compound_table {
    include!("src/analysis/compound_table.rs");
}

#[allow(dead_code)]
mod fold {
    include!("src/analysis/german_fold.rs");
}

const SOURCE: &str = "thesaurus/legal-de-en.toml";
/// The compound part dictionary (`src/analysis/decompounder.rs`).
const COMPOUNDS: &str = "data/de-compounds.txt";
/// `decompounder::MIN_PART`.
const MIN_PART: usize = 3;

fn main() {
    link_fixed_address();
    compound_dictionary();
    println!("cargo:rerun-if-changed={SOURCE}");
    println!("cargo:rerun-if-changed=src/thesaurus/keys.rs");
    let code = match std::fs::read_to_string(SOURCE)
        .map_err(|e| e.to_string())
        .and_then(|src| precompute(&src))
    {
        Ok(code) => code,
        Err(why) => {
            println!("cargo:warning={SOURCE}: {why}; the thesaurus will be parsed at run time");
            "pub(super) static BUILTIN: Option<Precomputed> = None;\n\
             pub(super) static TABLES: Option<StaticTables> = None;\n"
                .to_owned()
        }
    };
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let path = Path::new(&out).join("thesaurus_keys.rs");
    std::fs::write(&path, code).expect("OUT_DIR is writable");
}

/// Links the `klausel` binary as a position-dependent executable on Linux
/// (`-no-pie`). A position-independent one starts by relocating about
/// 42,000 pointers in its read-only data (vtables, the static tables), which
/// writes, and so copies, some 190 pages before `main`: the dynamic loader
/// was 12% of a one-shot search. At a fixed address those pointers are final
/// in the file and the pages are shared with the page cache. The price is
/// that the binary's own code and data are not placed at a random address
/// (its heap, stack and libraries still are). See BENCHMARKS.md, issue 19
/// part 8. `KLAUSEL_PIE=1` at build time keeps the default.
fn link_fixed_address() {
    println!("cargo:rerun-if-env-changed=KLAUSEL_PIE");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let pie = std::env::var("KLAUSEL_PIE").is_ok_and(|v| v == "1");
    if linux && !pie {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// Writes the compound dictionary's tables to `$OUT_DIR/compound_dict.rs`
/// (see `src/analysis/compound_table.rs`): building its sets took 10% of
/// a one-shot search. When the file cannot be read or tabled, writes
/// `None` and warns; the decompounder then builds them at run time.
fn compound_dictionary() {
    println!("cargo:rerun-if-changed={COMPOUNDS}");
    println!("cargo:rerun-if-changed=src/analysis/compound_table.rs");
    println!("cargo:rerun-if-changed=src/analysis/german_fold.rs");
    let built = std::fs::read_to_string(COMPOUNDS)
        .ok()
        .and_then(|src| compound_table::build_dictionary(&src, MIN_PART, fold::normalize_into));
    let code = match built {
        Some((text, words, combining, prefixes)) => {
            let mut out = String::new();
            let _ = writeln!(
                out,
                "pub(super) static TABLES: Option<Tables> = Some(Tables {{"
            );
            let _ = writeln!(out, "    text: {text:?},");
            for (name, table) in [("words", &words), ("combining", &combining)] {
                let _ = write!(out, "    {name}: &[");
                for v in table {
                    let _ = write!(out, "{v},");
                }
                let _ = writeln!(out, "],");
            }
            let _ = write!(out, "    prefixes: &[");
            for v in &prefixes {
                let _ = write!(out, "{v},");
            }
            let _ = writeln!(out, "],\n}});");
            out
        }
        None => {
            println!("cargo:warning={COMPOUNDS}: cannot be tabled; the decompounder builds its sets at run time");
            "pub(super) static TABLES: Option<Tables> = None;\n".to_owned()
        }
    };
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("compound_dict.rs"), code).expect("OUT_DIR is writable");
}

/// The Rust source of `BUILTIN`, or why the file is not a valid thesaurus.
fn precompute(src: &str) -> Result<String, String> {
    let file: toml::Table = src.parse().map_err(|e: toml::de::Error| e.to_string())?;
    if let Some(key) = file.keys().find(|k| *k != "version" && *k != "concept") {
        return Err(format!("unknown key `{key}`"));
    }
    let version = file
        .get("version")
        .and_then(toml::Value::as_integer)
        .and_then(|v| u32::try_from(v).ok())
        .ok_or("no valid `version`")?;
    let empty = Vec::new();
    let concepts = match file.get("concept") {
        None => &empty,
        Some(v) => v.as_array().ok_or("`concept` is not an array")?,
    };
    let stemmers = keys::Stemmers::new();
    let mut ids = HashSet::new();
    let mut keyed: Vec<[Vec<(String, String)>; 2]> = Vec::new();
    // The strings as byte ranges of one text (no `&str` to relocate).
    let mut text = String::new();
    let mut span = |s: &str| -> (usize, usize) {
        let start = text.len();
        text.push_str(s);
        (start, text.len())
    };
    let mut terms_out = String::new();
    let mut term_count = 0usize;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "pub(super) static BUILTIN: Option<Precomputed> = Some(Precomputed {{\n    version: {version},\n    concepts: &["
    );
    for concept in concepts {
        let table = concept.as_table().ok_or("a concept is not a table")?;
        if let Some(key) = table
            .keys()
            .find(|k| !["id", "type", "de", "en"].contains(&k.as_str()))
        {
            return Err(format!("unknown key `{key}`"));
        }
        let id = table
            .get("id")
            .and_then(toml::Value::as_str)
            .ok_or("a concept has no string `id`")?;
        let snake = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
        if id.is_empty() || !id.chars().all(snake) || !ids.insert(id) {
            return Err(format!("invalid or duplicate id {id:?}"));
        }
        let clause_type = match table.get("type") {
            None => None,
            Some(t) => Some(t.as_str().ok_or("`type` is not a string")?),
        };
        let id_span = span(id);
        let clause_span = clause_type.map(&mut span);
        let _ = write!(
            out,
            "        PrecomputedConcept {{\n            id: {id_span:?},\n            clause_type: {clause_span:?},\n"
        );
        let mut this: [Vec<(String, String)>; 2] = [Vec::new(), Vec::new()];
        for (lang_index, (lang, key_of)) in [
            (
                "de",
                &(|t: &str| stemmers.de_key(t)) as &dyn Fn(&str) -> String,
            ),
            ("en", &|t: &str| stemmers.en_key(t)),
        ]
        .into_iter()
        .enumerate()
        {
            let terms = table
                .get(lang)
                .and_then(toml::Value::as_array)
                .filter(|terms| !terms.is_empty())
                .ok_or_else(|| format!("concept `{id}` has no `{lang}` terms"))?;
            let first = term_count;
            for term in terms {
                let term = term
                    .as_str()
                    .ok_or_else(|| format!("concept `{id}`: a `{lang}` term is not a string"))?;
                let key: Vec<String> = keys::tokens(term).map(key_of).collect();
                if key.is_empty() {
                    return Err(format!("concept `{id}` has an empty term"));
                }
                // As `Thesaurus::from_concepts` joins them.
                let key = key.join(" ");
                let (ts, te) = span(term);
                let (ks, ke) = span(&key);
                let _ = write!(terms_out, "[{ts}, {te}, {ks}, {ke}], ");
                term_count += 1;
                this[lang_index].push((term.to_owned(), key));
            }
            let _ = writeln!(out, "            {lang}: ({first}, {term_count}),");
        }
        let _ = writeln!(out, "        }},");
        keyed.push(this);
    }
    if text.len() > u32::MAX as usize {
        return Err("the thesaurus is too large to table".to_owned());
    }
    let _ = writeln!(
        out,
        "    ],\n    text: {text:?},\n    terms: &[{terms_out}],\n}});"
    );
    match lookup_tables(&keyed) {
        Some(tables) => out.push_str(&tables),
        None => {
            println!("cargo:warning={SOURCE}: cannot table the keys; the lookup tables will be built at run time");
            out.push_str("pub(super) static TABLES: Option<StaticTables> = None;\n");
        }
    }
    Ok(out)
}

/// The Rust source of `TABLES`: the lookup tables of `Thesaurus::from_keyed`
/// (German, English and compound-part key → concepts; the word keys of
/// each language) as static tables (`src/analysis/compound_table.rs`), so
/// loading the builtin thesaurus builds no hash map. `keyed[c]` holds the
/// German and English terms of concept `c` with their keys.
fn lookup_tables(keyed: &[[Vec<(String, String)>; 2]]) -> Option<String> {
    // Key → concepts in first-seen order, as `add` builds them.
    fn add(index: &mut Vec<(String, Vec<usize>)>, key: &str, concept: usize) {
        match index.iter_mut().find(|(k, _)| k == key) {
            Some((_, ids)) => {
                if !ids.contains(&concept) {
                    ids.push(concept);
                }
            }
            None => index.push((key.to_owned(), vec![concept])),
        }
    }
    let mut de_index = Vec::new();
    let mut en_index = Vec::new();
    let mut compound_index = Vec::new();
    let mut de_words: Vec<String> = Vec::new();
    let mut en_words: Vec<String> = Vec::new();
    let (mut max_words, mut max_compound_key) = (0usize, 0usize);
    for (concept, [de, en]) in keyed.iter().enumerate() {
        for (term, key) in de {
            add(&mut de_index, key, concept);
            if !key.contains(' ') && term.chars().filter(|c| c.is_alphanumeric()).count() >= 5 {
                add(&mut compound_index, key, concept);
                max_compound_key = max_compound_key.max(key.chars().count());
            }
        }
        for (_, key) in en {
            add(&mut en_index, key, concept);
        }
        de_words.extend(de.iter().flat_map(|(_, k)| k.split(' ').map(str::to_owned)));
        en_words.extend(en.iter().flat_map(|(_, k)| k.split(' ').map(str::to_owned)));
        let longest = de
            .iter()
            .chain(en)
            .map(|(_, k)| k.split(' ').count())
            .max()
            .unwrap_or(0);
        max_words = max_words.max(longest);
    }
    let mut text = String::new();
    let mut spans = std::collections::HashMap::new();
    let mut span_of = |s: &str, text: &mut String| -> (usize, usize) {
        *spans.entry(s.to_owned()).or_insert_with(|| {
            let at = text.len();
            text.push_str(s);
            (at, s.len())
        })
    };
    let mut ids: Vec<usize> = Vec::new();
    let mut out = String::new();
    let mut indexes = Vec::new();
    for index in [&de_index, &en_index, &compound_index] {
        let strings: Vec<(usize, usize)> =
            index.iter().map(|(k, _)| span_of(k, &mut text)).collect();
        indexes.push((strings, index));
    }
    let word_spans: Vec<Vec<(usize, usize)>> = [&de_words, &en_words]
        .iter()
        .map(|words| words.iter().map(|w| span_of(w, &mut text)).collect())
        .collect();
    let _ = writeln!(
        out,
        "pub(super) static TABLES: Option<StaticTables> = Some(StaticTables {{"
    );
    for (name, (strings, index)) in ["de_index", "en_index", "compound_index"]
        .iter()
        .zip(&indexes)
    {
        let slots = compound_table::build_set(&text, strings)?;
        let mut ranges = vec![(0usize, 0usize); slots.len()];
        for (key, concepts) in index.iter() {
            let slot = compound_table::set_find(&text, &slots, key)?;
            ranges[slot] = (ids.len(), ids.len() + concepts.len());
            ids.extend(concepts);
        }
        let _ = write!(
            out,
            "    {name}: StaticIndex {{ slots: &{slots:?}, ranges: &["
        );
        for (a, b) in ranges {
            let _ = write!(out, "({a}, {b}),");
        }
        let _ = writeln!(out, "] }},");
    }
    for (name, spans) in ["de_words", "en_words"].iter().zip(&word_spans) {
        let slots = compound_table::build_set(&text, spans)?;
        let _ = writeln!(out, "    {name}: &{slots:?},");
    }
    let _ = writeln!(out, "    ids: &{ids:?},");
    let _ = writeln!(out, "    text: {text:?},");
    let _ = writeln!(
        out,
        "    max_words: {max_words},\n    max_compound_key: {max_compound_key},\n}});"
    );
    Some(out)
}
