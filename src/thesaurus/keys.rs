//! The normalised keys thesaurus terms and query words are matched by.
//!
//! Shared by the library and by `build.rs`, which computes the keys of the
//! builtin thesaurus at compile time; so this file uses nothing but `std`
//! and `rust_stemmers`.

use rust_stemmers::{Algorithm, Stemmer};

/// The tokens of a term or query word: its runs of letters and digits.
pub(super) fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
}

/// Lowercases and folds umlauts, `ß` and common accents (`Ä` → `a`, `ß` → `ss`).
pub(super) fn fold(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    for c in token.chars() {
        match c {
            'ä' | 'Ä' | 'à' | 'á' | 'â' | 'À' | 'Á' | 'Â' => out.push('a'),
            'ö' | 'Ö' | 'ó' | 'ò' | 'ô' | 'Ó' | 'Ò' | 'Ô' => out.push('o'),
            'ü' | 'Ü' | 'ú' | 'ù' | 'û' | 'Ú' | 'Ù' | 'Û' => out.push('u'),
            'é' | 'è' | 'ê' | 'É' | 'È' | 'Ê' => out.push('e'),
            'ß' | 'ẞ' => out.push_str("ss"),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The two stemmers keys are made with.
pub(super) struct Stemmers {
    de: Stemmer,
    en: Stemmer,
}

impl Stemmers {
    pub(super) fn new() -> Stemmers {
        Stemmers {
            de: Stemmer::create(Algorithm::German),
            en: Stemmer::create(Algorithm::English),
        }
    }

    /// The German key of a token: folded, stemmed, then `ae`/`oe`/`ue`
    /// folded too, so `Gewährleistung` and `Gewaehrleistung` meet.
    pub(super) fn de_key(&self, token: &str) -> String {
        self.de_key_folded(&fold(token))
    }

    /// [`Stemmers::de_key`] of a token already folded.
    pub(super) fn de_key_folded(&self, folded: &str) -> String {
        let stem = self.de.stem(folded);
        if stem.contains("ae") || stem.contains("oe") || stem.contains("ue") {
            stem.replace("ae", "a")
                .replace("oe", "o")
                .replace("ue", "u")
        } else {
            stem.into_owned()
        }
    }

    /// The English key of a token: folded and stemmed (see
    /// [`en_stem_exception`]).
    pub(super) fn en_key(&self, token: &str) -> String {
        let folded = fold(token);
        match en_stem_exception(&folded) {
            Some(stem) => stem.to_owned(),
            None => self.en.stem(&folded).into_owned(),
        }
    }
}

/// The stem of an English word that Porter2 would merge with an unrelated
/// word, or `None` for every other word (stem it as usual).
///
/// Porter2 strips derivational suffixes, so "several" meets "severance",
/// "willful" meets "will", "merchantability" meets "merchant" and
/// "government" meets "governing". The list comes from a review of every
/// word of the English contracts that shares a Porter2 stem with a word of
/// the thesaurus's English terms: only pairs of different meaning are kept
/// apart, like Lucene's `StemmerOverrideFilter`. The index and the
/// thesaurus use it alike.
pub(crate) fn en_stem_exception(word: &str) -> Option<&'static str> {
    Some(match word {
        "several" | "severally" => "several",
        "willful" | "willfully" => "willful",
        "wilful" | "wilfully" => "wilful",
        "merchantability" | "merchantable" => "merchantabl",
        "manufacturing" => "manufacturing",
        "liquidated" => "liquidated",
        "government" | "governments" | "governmental" => "government",
        "governance" => "governance",
        "authority" | "authorities" => "authority",
        "customer" | "customers" | "customer's" => "customer",
        "designate" | "designated" | "designates" | "designating" | "designation"
        | "designations" => "designat",
        "receivable" | "receivables" => "receivable",
        "holdings" => "holdings",
        "engine" | "engines" => "engine",
        "securities" => "securities",
        "international" | "internationally" => "internation",
        "accountant" | "accountants" => "accountant",
        "terminal" | "terminals" => "terminal",
        "succession" => "succession",
        "relative" | "relatives" | "relatively" => "relativ",
        "formation" => "formation",
        "controller" | "controllers" => "controller",
        _ => return None,
    })
}
