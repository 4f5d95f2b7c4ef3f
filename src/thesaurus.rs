//! The German–English legal thesaurus used for cross-language query expansion.

use crate::model::Language;

/// One legal concept with its German and English terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concept {
    /// Stable identifier, e.g. `jurisdiction`.
    pub id: String,
    /// Optional clause type, e.g. `jurisdiction`.
    pub clause_type: Option<String>,
    /// German terms (words or phrases).
    pub de: Vec<String>,
    /// English terms (words or phrases).
    pub en: Vec<String>,
}

/// A span of query words that matched a concept, and what to add for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Expansion {
    /// First matched word (index into the words given to [`Thesaurus::lookup`]).
    pub start: usize,
    /// One past the last matched word.
    pub end: usize,
    /// The concept's id.
    pub concept: String,
    /// Terms to add, with their language. Excludes what the user typed.
    pub terms: Vec<(Language, String)>,
    /// 1.0 for an exact match of a term, less for a partial (compound) match.
    pub weight: f32,
}

/// The thesaurus: a list of concepts and a lookup over their terms.
#[derive(Debug, Clone, Default)]
pub struct Thesaurus {
    /// All concepts, in file order.
    pub concepts: Vec<Concept>,
}

impl Thesaurus {
    /// The thesaurus shipped with klausel. Placeholder: empty.
    pub fn builtin() -> &'static Thesaurus {
        static EMPTY: Thesaurus = Thesaurus {
            concepts: Vec::new(),
        };
        &EMPTY
    }

    /// Finds concepts whose terms occur in `words` (the query's words in order).
    pub fn lookup(&self, _words: &[&str]) -> Vec<Expansion> {
        Vec::new()
    }
}

/// Hash of the builtin thesaurus file, to notice when it changes.
pub fn fingerprint() -> u64 {
    0
}
