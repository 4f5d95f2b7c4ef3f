//! The German–English legal thesaurus used for cross-language query expansion.
//!
//! The data lives in `thesaurus/legal-de-en.toml` and is embedded into the
//! binary. Each `[[concept]]` names one legal concept with its German and
//! English terms. [`Thesaurus::lookup`] finds the terms a query contains and
//! returns, for each, the concept's other terms in both languages.
//!
//! Matching compares normalised per-word keys: lowercase, umlauts and `ß`
//! folded (`ä` = `ae` = `a`, `ß` = `ss`), then stemmed (German snowball for
//! German terms, English Porter2 for English terms). The keys of the
//! builtin thesaurus are computed at compile time by `build.rs` (with the
//! same code, `thesaurus/keys.rs`), so loading it stems nothing; the keys of
//! any other thesaurus are computed when it is parsed.

mod keys;

pub(crate) use keys::en_stem_exception;

use crate::analysis::compound_table::{set_contains, set_find, set_strings};
use crate::model::Language;
use keys::{fold, tokens, Stemmers};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::{Arc, OnceLock};
use toml::Spanned;

/// The embedded thesaurus file.
const BUILTIN_SRC: &str = include_str!("../thesaurus/legal-de-en.toml");
/// The name the embedded file is reported under.
const BUILTIN_ORIGIN: &str = "thesaurus/legal-de-en.toml";
/// A compound part must be a thesaurus term of at least this many characters.
const MIN_COMPOUND_TERM: usize = 5;
/// The rest of a compound (beside the thesaurus term) has at least this many characters.
const MIN_COMPOUND_REST: usize = 3;
/// The most letters the German stemmer removes from a word (`-ungen`, plus
/// a linking `s` and the umlaut folding): a part longer than the longest
/// key by more than this cannot be a term.
const MAX_STEM_CUT: usize = 8;
/// The weight of an expansion found inside a compound word.
const PARTIAL_WEIGHT: f32 = 0.5;
/// The weight of an expansion through words of both languages when the
/// query's language is unclear.
const AMBIGUOUS_WEIGHT: f32 = 0.5;

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// First matched word (index into the words given to [`Thesaurus::lookup`]).
    pub start: usize,
    /// One past the last matched word.
    pub end: usize,
    /// The concept's id.
    pub concept: String,
    /// True when the words are a term of the concept; false when a single
    /// German word merely contains a term as a compound part
    /// (`Haftpflichtversicherungspflicht` contains `Haftpflichtversicherung`).
    pub exact: bool,
    /// Terms to add, with their language. Excludes what the user typed.
    pub terms: Vec<(Language, String)>,
    /// True when the query's language is unclear and the matched words are
    /// words of both languages (`personal`: English "personal", German
    /// *Personal*, staff): the expansion then weighs less.
    pub ambiguous: bool,
}

impl Expansion {
    /// How strongly the expansion applies: 1.0 for an exact term match, less
    /// for a compound part.
    pub fn weight(&self) -> f32 {
        let base = if self.exact { 1.0 } else { PARTIAL_WEIGHT };
        if self.ambiguous {
            base * AMBIGUOUS_WEIGHT
        } else {
            base
        }
    }
}

/// A malformed thesaurus file: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}:{line}: {kind}")]
pub struct ThesaurusError {
    /// The file (or other origin) the text came from.
    pub origin: String,
    /// 1-based line of the problem.
    pub line: usize,
    /// What is wrong.
    pub kind: ThesaurusErrorKind,
}

/// The reason a thesaurus file was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThesaurusErrorKind {
    /// The text is not valid TOML or does not have the expected shape.
    #[error("{0}")]
    Syntax(String),
    /// A concept without an `id`.
    #[error("concept has no `id`")]
    MissingId,
    /// An id that is not snake_case.
    #[error("invalid id {0:?}: use lowercase ASCII letters, digits and `_`")]
    InvalidId(String),
    /// An id used twice.
    #[error("duplicate id `{id}` (first used on line {first_line})")]
    DuplicateId {
        /// The id.
        id: String,
        /// The line of its first use.
        first_line: usize,
    },
    /// A concept without German terms.
    #[error("concept `{0}` has no German term (`de`)")]
    NoGerman(String),
    /// A concept without English terms.
    #[error("concept `{0}` has no English term (`en`)")]
    NoEnglish(String),
    /// A term that is empty or has no letters or digits.
    #[error("concept `{0}` has an empty term")]
    EmptyTerm(String),
    /// A key other than `id`, `type`, `de` and `en`.
    #[error("unknown key `{0}` (expected `id`, `type`, `de` or `en`)")]
    UnknownKey(String),
    /// A key whose value has the wrong type.
    #[error("`{key}` must be {expected}")]
    WrongType {
        /// The key.
        key: String,
        /// What it must be.
        expected: &'static str,
    },
}

/// The thesaurus: a list of concepts and a lookup over their terms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Thesaurus {
    /// The file's `version`, 0 when built from concepts directly.
    pub version: u32,
    /// All concepts, in file order, with the normalised keys of their
    /// terms (see [`Thesaurus::concepts`]).
    concepts: Concepts,
    /// German key → concepts having a German term with that key.
    de_index: Index,
    /// English key → concepts having an English term with that key.
    en_index: Index,
    /// German key of a single-word German term (≥ 5 characters) → concepts,
    /// for matching compound parts.
    compound_index: Index,
    /// The most words any term has.
    max_words: usize,
    /// The most characters a key of `compound_index` has.
    max_compound_key: usize,
    /// The keys of the words of all German terms.
    de_words: WordSet,
    /// The keys of the words of all English terms.
    en_words: WordSet,
}

/// A key → concepts table: built from the concepts, or the static table
/// `build.rs` generated for the builtin thesaurus (which spares building
/// hash maps on every start). Equal when they map the same keys to the
/// same concepts in the same order.
#[derive(Debug, Clone)]
enum Index {
    Owned(FxHashMap<Key, Vec<usize>>),
    Static {
        text: &'static str,
        index: StaticIndex,
        ids: &'static [usize],
    },
}

impl Default for Index {
    fn default() -> Index {
        Index::Owned(FxHashMap::default())
    }
}

impl Index {
    /// The concepts of `key`, if any.
    fn get(&self, key: &str) -> Option<&[usize]> {
        match self {
            Index::Owned(map) => map.get(key).map(Vec::as_slice),
            Index::Static { text, index, ids } => {
                let slot = set_find(text, index.slots, key)?;
                let &(start, end) = index.ranges.get(slot)?;
                ids.get(start..end)
            }
        }
    }

    /// Every key with its concepts, sorted by key.
    fn entries(&self) -> Vec<(&str, &[usize])> {
        let mut out: Vec<(&str, &[usize])> = match self {
            Index::Owned(map) => map.iter().map(|(k, v)| (&**k, v.as_slice())).collect(),
            Index::Static { text, index, .. } => set_strings(text, index.slots)
                .filter_map(|k| Some((k, self.get(k)?)))
                .collect(),
        };
        out.sort_unstable();
        out
    }
}

impl PartialEq for Index {
    fn eq(&self, other: &Index) -> bool {
        self.entries() == other.entries()
    }
}

/// A set of word keys: built from the concepts, or static (see [`Index`]).
#[derive(Debug, Clone)]
enum WordSet {
    Owned(FxHashSet<Box<str>>),
    Static {
        text: &'static str,
        slots: &'static [u32],
    },
}

impl Default for WordSet {
    fn default() -> WordSet {
        WordSet::Owned(FxHashSet::default())
    }
}

impl WordSet {
    fn contains(&self, word: &str) -> bool {
        match self {
            WordSet::Owned(set) => set.contains(word),
            WordSet::Static { text, slots } => set_contains(text, slots, word),
        }
    }

    /// The words, sorted.
    fn sorted(&self) -> Vec<&str> {
        let mut out: Vec<&str> = match self {
            WordSet::Owned(set) => set.iter().map(|w| &**w).collect(),
            WordSet::Static { text, slots } => set_strings(text, slots).collect(),
        };
        out.sort_unstable();
        out
    }
}

impl PartialEq for WordSet {
    fn eq(&self, other: &WordSet) -> bool {
        self.sorted() == other.sorted()
    }
}

/// One static key → concepts table of `build.rs`: a string set of the keys
/// (`compound_table.rs`) and, per slot, the range of its concepts in
/// [`StaticTables::ids`].
#[derive(Debug, Clone, Copy)]
struct StaticIndex {
    slots: &'static [u32],
    ranges: &'static [(usize, usize)],
}

/// The lookup tables of the builtin thesaurus as `build.rs` generated them
/// (what [`Thesaurus::from_keyed`] builds at run time), over one text of
/// keys: offsets and integers, so they need no relocation either.
#[derive(Clone, Copy)]
struct StaticTables {
    text: &'static str,
    de_index: StaticIndex,
    en_index: StaticIndex,
    compound_index: StaticIndex,
    ids: &'static [usize],
    de_words: &'static [u32],
    en_words: &'static [u32],
    max_words: usize,
    max_compound_key: usize,
}

/// The key of a term or of a span of query words: the keys of its tokens
/// joined by single spaces (tokens have none). Shared by [`ConceptKeys`] and
/// the indexes, so building the tables copies no key.
type Key = Arc<str>;

/// The precomputed keys of one concept's terms.
#[derive(Debug, Clone, Default, PartialEq)]
struct ConceptKeys {
    de: Vec<Key>,
    en: Vec<Key>,
}

/// A concept and the keys of its terms, made from the precomputed tables.
type Made = (Concept, ConceptKeys);

/// The concepts with their keys: `keys[concept].de[term]` is the German
/// key of `concepts[concept].de[term]`. Those of the builtin thesaurus are
/// made from the precomputed tables one at a time, when a query first
/// needs them: a search expands a handful of the hundreds of concepts, and
/// making them all (thousands of small strings) was a measurable part of
/// a one-shot search.
#[derive(Debug, Clone)]
enum Concepts {
    /// Built when the thesaurus was.
    Owned {
        concepts: Vec<Concept>,
        keys: Vec<ConceptKeys>,
    },
    Precomputed {
        pre: Precomputed,
        made: Box<[OnceLock<Box<Made>>]>,
    },
}

impl Default for Concepts {
    fn default() -> Concepts {
        Concepts::Owned {
            concepts: Vec::new(),
            keys: Vec::new(),
        }
    }
}

impl Concepts {
    fn len(&self) -> usize {
        match self {
            Concepts::Owned { concepts, .. } => concepts.len(),
            Concepts::Precomputed { pre, .. } => pre.concepts.len(),
        }
    }

    /// Concept `i` and the keys of its terms.
    fn get(&self, i: usize) -> Option<(&Concept, &ConceptKeys)> {
        match self {
            Concepts::Owned { concepts, keys } => concepts.get(i).zip(keys.get(i)),
            Concepts::Precomputed { pre, made } => {
                let c = pre.concepts.get(i)?;
                let made = made.get(i)?.get_or_init(|| Box::new(pre.concept(c)));
                Some((&made.0, &made.1))
            }
        }
    }

    /// The index of the concept with this id.
    fn position(&self, id: &str) -> Option<usize> {
        match self {
            Concepts::Owned { concepts, .. } => concepts.iter().position(|c| c.id == id),
            Concepts::Precomputed { pre, .. } => {
                pre.concepts.iter().position(|c| pre.text(c.id) == id)
            }
        }
    }
}

/// Equal when they hold the same concepts with the same keys, however made.
impl PartialEq for Concepts {
    fn eq(&self, other: &Concepts) -> bool {
        self.len() == other.len() && (0..self.len()).all(|i| self.get(i) == other.get(i))
    }
}

/// The builtin thesaurus as `build.rs` precomputed it. Its strings are
/// byte ranges of one text rather than `&str`s: in a position-independent
/// binary every `&str` of a static table is one relocation for the dynamic
/// loader at each start (thousands of them here).
#[derive(Debug, Clone, Copy)]
struct Precomputed {
    /// The file's `version`.
    version: u32,
    /// The concepts in file order.
    concepts: &'static [PrecomputedConcept],
    /// Every id, clause type, term and key, one after another.
    text: &'static str,
    /// The terms: `[term start, term end, key start, key end]` in `text`.
    terms: &'static [[u32; 4]],
}

impl Precomputed {
    /// The text at a byte range of `text`.
    fn text(&self, (start, end): (u32, u32)) -> &'static str {
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// A concept's terms and their keys.
    fn terms(&self, (start, end): (u32, u32)) -> (Vec<String>, Vec<Key>) {
        self.terms
            .get(start as usize..end as usize)
            .unwrap_or(&[])
            .iter()
            .map(|&[ts, te, ks, ke]| {
                (
                    self.text((ts, te)).to_owned(),
                    Key::from(self.text((ks, ke))),
                )
            })
            .unzip()
    }

    /// The concept `c` with the keys of its terms.
    fn concept(&self, c: &PrecomputedConcept) -> Made {
        let (de, de_keys) = self.terms(c.de);
        let (en, en_keys) = self.terms(c.en);
        let concept = Concept {
            id: self.text(c.id).to_owned(),
            clause_type: c.clause_type.map(|t| self.text(t).to_owned()),
            de,
            en,
        };
        (
            concept,
            ConceptKeys {
                de: de_keys,
                en: en_keys,
            },
        )
    }
}

/// One concept of [`Precomputed`]: byte ranges of `text`, and ranges of
/// `terms` for its German and English terms.
#[derive(Debug)]
struct PrecomputedConcept {
    id: (u32, u32),
    clause_type: Option<(u32, u32)>,
    de: (u32, u32),
    en: (u32, u32),
}

/// `BUILTIN: Option<Precomputed>`, written by `build.rs`; `None` when the
/// file is malformed.
mod precomputed {
    #[allow(unused_imports)] // `PrecomputedConcept` is unused when `BUILTIN` is `None`.
    use super::{Precomputed, PrecomputedConcept, StaticIndex, StaticTables};
    include!(concat!(env!("OUT_DIR"), "/thesaurus_keys.rs"));
}

/// The file as TOML describes it, before validation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    version: u32,
    #[serde(default)]
    concept: Vec<Spanned<RawConcept>>,
}

/// One `[[concept]]` table, keys with their positions.
type RawConcept = BTreeMap<Spanned<String>, Spanned<toml::Value>>;

impl Thesaurus {
    /// The thesaurus shipped with klausel, loaded once from the tables
    /// `build.rs` precomputed. Should the embedded file be malformed (then
    /// `build.rs` precomputes nothing), it is parsed here, and the result is
    /// an empty thesaurus (a test guards the file).
    pub fn builtin() -> &'static Thesaurus {
        static BUILTIN: OnceLock<Thesaurus> = OnceLock::new();
        BUILTIN.get_or_init(|| match precomputed::BUILTIN {
            Some(pre) => Thesaurus::from_precomputed(&pre),
            None => Thesaurus::parse(BUILTIN_SRC, BUILTIN_ORIGIN).unwrap_or_default(),
        })
    }

    /// The builtin thesaurus from the tables of `build.rs`; its concepts
    /// are made as they are first used.
    fn from_precomputed(pre: &Precomputed) -> Thesaurus {
        let mut thesaurus = match precomputed::TABLES {
            Some(tables) => Thesaurus::from_static(&tables),
            None => {
                let (concepts, keys) = pre.concepts.iter().map(|c| pre.concept(c)).unzip();
                Thesaurus::from_keyed(concepts, keys)
            }
        };
        let made = pre.concepts.iter().map(|_| OnceLock::new()).collect();
        thesaurus.concepts = Concepts::Precomputed { pre: *pre, made };
        thesaurus.version = pre.version;
        thesaurus
    }

    /// A thesaurus with the lookup tables of `build.rs` (the same as
    /// [`Thesaurus::from_keyed`] would build) and no concepts yet.
    fn from_static(tables: &StaticTables) -> Thesaurus {
        let index = |index: StaticIndex| Index::Static {
            text: tables.text,
            index,
            ids: tables.ids,
        };
        let words = |slots: &'static [u32]| WordSet::Static {
            text: tables.text,
            slots,
        };
        Thesaurus {
            version: 0,
            concepts: Concepts::default(),
            de_index: index(tables.de_index),
            en_index: index(tables.en_index),
            compound_index: index(tables.compound_index),
            max_words: tables.max_words,
            max_compound_key: tables.max_compound_key,
            de_words: words(tables.de_words),
            en_words: words(tables.en_words),
        }
    }

    /// Parses a thesaurus file. `origin` names the file in errors.
    pub fn parse(src: &str, origin: &str) -> Result<Thesaurus, ThesaurusError> {
        let fail = |offset: usize, kind: ThesaurusErrorKind| ThesaurusError {
            origin: origin.to_owned(),
            line: line_of(src, offset),
            kind,
        };
        let raw: RawFile = toml::from_str(src).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            fail(
                offset,
                ThesaurusErrorKind::Syntax(e.message().trim().to_owned()),
            )
        })?;
        let mut concepts = Vec::with_capacity(raw.concept.len());
        let mut first_use: HashMap<String, usize> = HashMap::new();
        for table in raw.concept {
            let table_offset = table.span().start;
            let (concept, id_offset) = concept_from_table(src, table.into_inner())
                .map_err(|(offset, kind)| fail(offset.unwrap_or(table_offset), kind))?;
            // Lines are counted only for an error: counting them for every
            // concept made parsing quadratic in the file size.
            if let Some(&first_offset) = first_use.get(&concept.id) {
                let first_line = line_of(src, first_offset);
                return Err(fail(
                    id_offset,
                    ThesaurusErrorKind::DuplicateId {
                        id: concept.id,
                        first_line,
                    },
                ));
            }
            first_use.insert(concept.id.clone(), id_offset);
            concepts.push(concept);
        }
        let mut thesaurus = Thesaurus::from_concepts(concepts);
        thesaurus.version = raw.version;
        Ok(thesaurus)
    }

    /// Builds a thesaurus (and its lookup tables) from concepts.
    pub fn from_concepts(concepts: Vec<Concept>) -> Thesaurus {
        let stemmers = Stemmers::new();
        let key = |term: &str, key_of: &dyn Fn(&str) -> String| -> Key {
            let keys: Vec<String> = tokens(term).map(key_of).collect();
            keys.join(" ").into()
        };
        let keys = concepts
            .iter()
            .map(|concept| ConceptKeys {
                de: concept
                    .de
                    .iter()
                    .map(|t| key(t, &|w| stemmers.de_key(w)))
                    .collect(),
                en: concept
                    .en
                    .iter()
                    .map(|t| key(t, &|w| stemmers.en_key(w)))
                    .collect(),
            })
            .collect();
        Thesaurus::from_keyed(concepts, keys)
    }

    /// Builds the lookup tables from concepts and the keys of their terms
    /// (`keys[i]` belongs to `concepts[i]`).
    fn from_keyed(concepts: Vec<Concept>, keys: Vec<ConceptKeys>) -> Thesaurus {
        let mut thesaurus = Thesaurus::default();
        let mut de_index = FxHashMap::default();
        let mut en_index = FxHashMap::default();
        let mut compound_index = FxHashMap::default();
        let mut de_words: FxHashSet<Box<str>> = FxHashSet::default();
        let mut en_words: FxHashSet<Box<str>> = FxHashSet::default();
        for (index, (concept, ConceptKeys { de, en })) in concepts.iter().zip(&keys).enumerate() {
            for (term, key) in concept.de.iter().zip(de) {
                add(&mut de_index, key, index);
                let single = !key.contains(' ');
                if single
                    && term.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_COMPOUND_TERM
                {
                    add(&mut compound_index, key, index);
                    thesaurus.max_compound_key =
                        thesaurus.max_compound_key.max(key.chars().count());
                }
            }
            for key in en {
                add(&mut en_index, key, index);
            }
            for key in de {
                de_words.extend(key.split(' ').map(Box::from));
            }
            for key in en {
                en_words.extend(key.split(' ').map(Box::from));
            }
            let words = |key: &Key| key.split(' ').count();
            let longest = de.iter().chain(en).map(words).max().unwrap_or(0);
            thesaurus.max_words = thesaurus.max_words.max(longest);
        }
        thesaurus.de_index = Index::Owned(de_index);
        thesaurus.en_index = Index::Owned(en_index);
        thesaurus.compound_index = Index::Owned(compound_index);
        thesaurus.de_words = WordSet::Owned(de_words);
        thesaurus.en_words = WordSet::Owned(en_words);
        thesaurus.concepts = Concepts::Owned { concepts, keys };
        thesaurus
    }

    /// The concept with this id.
    pub fn concept(&self, id: &str) -> Option<&Concept> {
        let i = self.concepts.position(id)?;
        self.concepts.get(i).map(|(c, _)| c)
    }

    /// All concepts, in file order.
    pub fn concepts(&self) -> impl Iterator<Item = &Concept> + '_ {
        (0..self.concepts.len()).filter_map(|i| self.concepts.get(i).map(|(c, _)| c))
    }

    /// How many concepts there are.
    pub fn len(&self) -> usize {
        self.concepts.len()
    }

    /// True for a thesaurus without concepts.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Finds concepts whose terms occur in `words` (the query's words in
    /// order). Terms match as contiguous word sequences, longest first, and
    /// matches do not overlap. A single word that matches no term but is a
    /// German compound of a term (its last or first part) yields a partial
    /// expansion (`exact == false`). When one span matches several concepts
    /// (their terms share a stem), each gets an expansion with that span; the
    /// concept with the very word form typed comes first. Expansions are in
    /// query order.
    ///
    /// The language of the query is decided from all of `words` (see
    /// [`Thesaurus::query_language`]); use [`Thesaurus::lookup_in`] to give
    /// it.
    pub fn lookup(&self, words: &[&str]) -> Vec<Expansion> {
        self.lookup_in(words, self.query_language(words))
    }

    /// The language a query is written in, from all its words; `None` when
    /// unclear. Each word votes: `ä`, `ö`, `ü` or `ß` for German; a German
    /// or English function word for its language; a word that only the
    /// German (or only the English) terms of the thesaurus contain for that
    /// language. The majority decides.
    pub fn query_language(&self, words: &[&str]) -> Option<Language> {
        let stemmers = Stemmers::new();
        let (mut de, mut en) = (0usize, 0usize);
        for word in words {
            for token in tokens(word) {
                let lower = token.to_lowercase();
                if lower.contains(['ä', 'ö', 'ü', 'ß']) {
                    de += 1;
                    continue;
                }
                match crate::lang::stop_word(&lower) {
                    Some(Language::De) => de += 1,
                    Some(Language::En) => en += 1,
                    None => {
                        let in_de = self.de_words.contains(stemmers.de_key(token).as_str());
                        let in_en = self.en_words.contains(stemmers.en_key(token).as_str());
                        match (in_de, in_en) {
                            (true, false) => de += 1,
                            (false, true) => en += 1,
                            _ => {}
                        }
                    }
                }
            }
        }
        match de.cmp(&en) {
            std::cmp::Ordering::Greater => Some(Language::De),
            std::cmp::Ordering::Less => Some(Language::En),
            std::cmp::Ordering::Equal => None,
        }
    }

    /// [`Thesaurus::lookup`] for a query in `lang`: its words trigger
    /// concepts only through the terms of that language (`None`: either
    /// language, and a span made of words of both languages is ambiguous).
    pub fn lookup_in(&self, words: &[&str], lang: Option<Language>) -> Vec<Expansion> {
        let use_de = lang != Some(Language::En);
        let use_en = lang != Some(Language::De);
        let stemmers = Stemmers::new();
        // Words split into tokens the way terms are; `owner[t]` is the word of token `t`.
        let mut owner = Vec::with_capacity(words.len());
        let mut de = Vec::with_capacity(words.len());
        let mut en = Vec::with_capacity(words.len());
        for (w, word) in words.iter().enumerate() {
            for token in tokens(word) {
                owner.push(w);
                de.push(stemmers.de_key(token));
                en.push(stemmers.en_key(token));
            }
        }
        let n = owner.len();
        let starts_word = |t: usize| t == 0 || owner.get(t - 1) != owner.get(t);
        let ends_word = |t: usize| t == n || owner.get(t - 1) != owner.get(t);
        let mut out = Vec::new();
        let (mut de_span, mut en_span) = (String::new(), String::new());
        let mut t = 0;
        while t < n {
            if !starts_word(t) {
                t += 1;
                continue;
            }
            let mut matched = false;
            for end in (t + 1..=n.min(t + self.max_words)).rev() {
                if !ends_word(end) {
                    continue;
                }
                let (Some(de_keys), Some(en_keys)) = (de.get(t..end), en.get(t..end)) else {
                    continue;
                };
                join_into(&mut de_span, de_keys);
                join_into(&mut en_span, en_keys);
                let de_hits = self
                    .de_index
                    .get(de_span.as_str())
                    .filter(|_| use_de)
                    .unwrap_or(&[]);
                let en_hits = self
                    .en_index
                    .get(en_span.as_str())
                    .filter(|_| use_en)
                    .unwrap_or(&[]);
                if de_hits.is_empty() && en_hits.is_empty() {
                    continue;
                }
                let (start, stop) = (word_of(&owner, t), word_of(&owner, end - 1) + 1);
                let fresh_en = en_hits.iter().filter(|c| !de_hits.contains(c));
                let mut hits: Vec<usize> = de_hits.iter().chain(fresh_en).copied().collect();
                if hits.len() > 1 {
                    // Several concepts share the stem: the one with the very
                    // word form typed comes first.
                    let typed = surface(words.get(start..stop).unwrap_or(&[]));
                    hits.sort_by_key(|&c| !self.has_surface(c, &typed));
                }
                // Words of both languages, in a query of unclear language.
                let ambiguous = lang.is_none()
                    && (t..end).all(|i| {
                        self.de_words.contains(de[i].as_str())
                            && self.en_words.contains(en[i].as_str())
                    });
                for concept in hits {
                    let mut e = self.expansion(concept, start, stop, Some((&de_span, &en_span)));
                    e.ambiguous = ambiguous;
                    out.push(e);
                }
                t = end;
                matched = true;
                break;
            }
            if !matched {
                if use_de && ends_word(t + 1) {
                    if let Some(word) = words.get(word_of(&owner, t)) {
                        let w = word_of(&owner, t);
                        for &concept in self.compound_hits(&stemmers, word) {
                            out.push(self.expansion(concept, w, w + 1, None));
                        }
                    }
                }
                t += 1;
            }
        }
        out
    }

    /// True when `concept` has a term whose folded surface is `typed`.
    fn has_surface(&self, concept: usize, typed: &str) -> bool {
        self.concepts.get(concept).is_some_and(|(c, _)| {
            c.de.iter()
                .chain(&c.en)
                .any(|t| surface(&[t.as_str()]) == typed)
        })
    }

    /// The expansion of `concept` for words `start..end`. `matched` holds the
    /// German and English keys of the matched words (their terms are left
    /// out); `None` for a compound part, which keeps every term.
    fn expansion(
        &self,
        concept: usize,
        start: usize,
        end: usize,
        matched: Option<(&str, &str)>,
    ) -> Expansion {
        let Some((c, keys)) = self.concepts.get(concept) else {
            return Expansion {
                start,
                end,
                concept: String::new(),
                exact: matched.is_some(),
                terms: Vec::new(),
                ambiguous: false,
            };
        };
        let mut terms = Vec::with_capacity(c.de.len() + c.en.len());
        let (de_match, en_match) = matched.unwrap_or(("", ""));
        for (term, key) in c.de.iter().zip(&keys.de) {
            if **key != *de_match {
                terms.push((Language::De, term.clone()));
            }
        }
        for (term, key) in c.en.iter().zip(&keys.en) {
            if **key != *en_match {
                terms.push((Language::En, term.clone()));
            }
        }
        Expansion {
            start,
            end,
            concept: c.id.clone(),
            exact: matched.is_some(),
            terms,
            ambiguous: false,
        }
    }

    /// Concepts with a single-word German term that is the last part (head)
    /// or else the first part (modifier) of `word`, longest part first.
    fn compound_hits(&self, stemmers: &Stemmers, word: &str) -> &[usize] {
        let folded = fold(word);
        let bounds: Vec<usize> = folded.char_indices().map(|(i, _)| i).collect();
        let chars = bounds.len();
        if chars < MIN_COMPOUND_TERM + MIN_COMPOUND_REST
            || !folded.chars().all(char::is_alphanumeric)
        {
            return &[];
        }
        // A part can be a term only if its stem can be as short as a key:
        // the stemmer takes a few letters at most. So only parts up to that
        // length are stemmed, which keeps a long word linear.
        let longest = self.max_compound_key + MAX_STEM_CUT;
        // Heads: the longest suffix first.
        for &at in bounds
            .iter()
            .take(chars - MIN_COMPOUND_TERM + 1)
            .skip(MIN_COMPOUND_REST.max(chars.saturating_sub(longest)))
        {
            if let Some(hits) = folded.get(at..).and_then(|head| {
                self.compound_index
                    .get(stemmers.de_key_folded(head).as_str())
            }) {
                return hits;
            }
        }
        // Modifiers: the longest prefix first, with or without a linking `s`/`es`/`n`.
        for (i, &at) in bounds
            .iter()
            .enumerate()
            .rev()
            .take(chars - MIN_COMPOUND_TERM + 1)
            .skip(MIN_COMPOUND_REST - 1)
        {
            if i > longest {
                continue;
            }
            let Some(modifier) = folded.get(..at) else {
                continue;
            };
            let candidates = [
                Some(modifier),
                modifier.strip_suffix('s'),
                modifier.strip_suffix("es"),
                modifier.strip_suffix('n'),
            ];
            for candidate in candidates.into_iter().flatten() {
                if candidate.chars().count() < MIN_COMPOUND_TERM {
                    continue;
                }
                let key = stemmers.de_key_folded(candidate);
                if let Some(hits) = self.compound_index.get(key.as_str()) {
                    return hits;
                }
            }
        }
        &[]
    }
}

/// A fingerprint of the embedded thesaurus file: it changes whenever the
/// file does, so an index built with other expansions can be noticed.
pub fn fingerprint() -> u64 {
    xxhash_rust::xxh3::xxh3_64(BUILTIN_SRC.as_bytes())
}

/// Reads one concept table. Errors carry the offset of the offending key
/// (`None`: the table itself). On success, also returns the `id` offset.
fn concept_from_table(
    src: &str,
    table: RawConcept,
) -> Result<(Concept, usize), (Option<usize>, ThesaurusErrorKind)> {
    let mut id: Option<(String, usize)> = None;
    let mut clause_type = None;
    let mut de: Option<(Vec<String>, Range<usize>)> = None;
    let mut en: Option<(Vec<String>, Range<usize>)> = None;
    for (key, value) in table {
        let offset = key.span().start;
        let span = value.span();
        let wrong = |expected| {
            (
                Some(offset),
                ThesaurusErrorKind::WrongType {
                    key: key.get_ref().clone(),
                    expected,
                },
            )
        };
        match (key.get_ref().as_str(), value.into_inner()) {
            ("id", toml::Value::String(s)) => id = Some((s, offset)),
            ("id", _) => return Err(wrong("a string")),
            ("type", toml::Value::String(s)) => clause_type = Some(s),
            ("type", _) => return Err(wrong("a string")),
            (lang @ ("de" | "en"), toml::Value::Array(items)) => {
                let mut terms = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        toml::Value::String(s) => terms.push(s),
                        _ => return Err(wrong("an array of strings")),
                    }
                }
                if lang == "de" {
                    de = Some((terms, span));
                } else {
                    en = Some((terms, span));
                }
            }
            ("de" | "en", _) => return Err(wrong("an array of strings")),
            (other, _) => {
                return Err((
                    Some(offset),
                    ThesaurusErrorKind::UnknownKey(other.to_owned()),
                ))
            }
        }
    }
    let Some((id, id_offset)) = id else {
        return Err((None, ThesaurusErrorKind::MissingId));
    };
    let snake = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
    if id.is_empty() || !id.chars().all(snake) {
        return Err((Some(id_offset), ThesaurusErrorKind::InvalidId(id)));
    }
    let de = checked_terms(
        src,
        de,
        || ThesaurusErrorKind::NoGerman(id.clone()),
        &id,
        id_offset,
    )?;
    let en = checked_terms(
        src,
        en,
        || ThesaurusErrorKind::NoEnglish(id.clone()),
        &id,
        id_offset,
    )?;
    let concept = Concept {
        id,
        clause_type,
        de,
        en,
    };
    Ok((concept, id_offset))
}

/// Checks one term list of concept `id`: present, not empty, no empty term.
fn checked_terms(
    src: &str,
    list: Option<(Vec<String>, Range<usize>)>,
    missing: impl FnOnce() -> ThesaurusErrorKind,
    id: &str,
    id_offset: usize,
) -> Result<Vec<String>, (Option<usize>, ThesaurusErrorKind)> {
    let Some((terms, span)) = list.filter(|(terms, _)| !terms.is_empty()) else {
        return Err((Some(id_offset), missing()));
    };
    if let Some(empty) = terms.iter().find(|t| tokens(t).next().is_none()) {
        let offset = empty_term_offset(src, span.clone(), empty).unwrap_or(span.start);
        return Err((Some(offset), ThesaurusErrorKind::EmptyTerm(id.to_owned())));
    }
    Ok(terms)
}

/// Where, inside the array at `span`, the (empty) `term` is written.
fn empty_term_offset(src: &str, span: Range<usize>, term: &str) -> Option<usize> {
    let text = src.get(span.clone())?;
    let quoted = [format!("\"{term}\""), format!("'{term}'")];
    let found = quoted.iter().filter_map(|q| text.find(q.as_str())).min()?;
    Some(span.start + found)
}

/// The 1-based line of a byte offset.
fn line_of(src: &str, offset: usize) -> usize {
    let before = src.get(..offset).unwrap_or(src);
    before.bytes().filter(|&b| b == b'\n').count() + 1
}

/// The word owning token `t`.
fn word_of(owner: &[usize], t: usize) -> usize {
    owner.get(t).copied().unwrap_or(0)
}

/// Adds `concept` under `key`, once.
fn add(index: &mut FxHashMap<Key, Vec<usize>>, key: &Key, concept: usize) {
    let entry = index.entry(Arc::clone(key)).or_default();
    if !entry.contains(&concept) {
        entry.push(concept);
    }
}

/// `keys` joined by single spaces into `out` (the [`Key`] of a span).
fn join_into(out: &mut String, keys: &[String]) {
    out.clear();
    for (i, key) in keys.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(key);
    }
}

/// The folded tokens of `words`, joined by single spaces.
fn surface(words: &[&str]) -> String {
    let mut out = String::new();
    for token in words.iter().flat_map(|w| tokens(w)) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&fold(token));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Looks `query` up in the builtin thesaurus; expects the concept `id`
    /// over all words, with `term` among the expansion terms.
    #[track_caller]
    fn check(query: &str, id: &str, term: &str) {
        let words: Vec<&str> = query.split_whitespace().collect();
        let found = Thesaurus::builtin().lookup(&words);
        let hit = found
            .iter()
            .find(|e| e.concept == id)
            .unwrap_or_else(|| panic!("{query:?}: no {id}, found {found:?}"));
        assert_eq!((hit.start, hit.end), (0, words.len()), "{query:?}: {hit:?}");
        assert!(hit.exact, "{query:?}: {hit:?}");
        assert!(
            hit.terms.iter().any(|(_, t)| t == term),
            "{query:?}: {term:?} not in {:?}",
            hit.terms
        );
    }

    #[test]
    fn finds_concepts_in_both_directions() {
        check("Gerichtsstand", "jurisdiction", "place of jurisdiction");
        check("place of jurisdiction", "jurisdiction", "Gerichtsstand");
        check("Gerichtsstandsvereinbarung", "jurisdiction", "venue");
        check(
            "zuständiges Gericht",
            "jurisdiction",
            "place of jurisdiction",
        );
        check("zustaendigen Gerichts", "jurisdiction", "Gerichtsstand");
        check("Gewährleistung", "warranty", "warranty");
        check("Gewaehrleistung", "warranty", "warranty");
        check("Gewahrleistung", "warranty", "warranty");
        check("GEWÄHRLEISTUNGEN", "warranty", "warranty");
        check("terminated", "termination", "Kündigung");
        check("termination", "termination", "Kündigung");
        check("Kündigungsfrist", "notice_period", "notice period");
        check("notice periods", "notice_period", "Kündigungsfrist");
        check(
            "Eigentumsvorbehalt",
            "retention_of_title",
            "retention of title",
        );
        check(
            "retention of title",
            "retention_of_title",
            "Eigentumsvorbehalt",
        );
        check("anwendbares Recht", "applicable_law", "governing law");
        check("governing law", "applicable_law", "anwendbares Recht");
        check("höhere Gewalt", "force_majeure", "force majeure");
        check("hoehere Gewalt", "force_majeure", "force majeure");
        check("Schriftform", "written_form", "written form");
        check(
            "salvatorische Klausel",
            "severability",
            "severability clause",
        );
        check(
            "Vertragsstrafe",
            "contractual_penalty",
            "contractual penalty",
        );
        check("Abwerbeverbot", "non_solicitation", "non-solicitation");
        check("Verjährung", "limitation_period", "statute of limitations");
        check("Aufrechnung", "set_off", "set-off");
        check("Gefahrübergang", "transfer_of_risk", "transfer of risk");
        check("Subunternehmer", "subcontracting", "subcontractor");
        check("subcontractors", "subcontracting", "Subunternehmer");
        check(
            "Haftpflichtversicherung",
            "liability_insurance",
            "liability insurance",
        );
        check("Fernwartung", "remote_maintenance", "remote maintenance");
        check("Verantwortlicher", "controller", "controller");
        check(
            "Auftragsverarbeitung",
            "data_processing_on_behalf",
            "data processing agreement",
        );
        check("Recht auf Löschung", "right_to_erasure", "right to erasure");
        check(
            "berechtigtes Interesse",
            "legitimate_interest",
            "legitimate interest",
        );
        check("Einwilligung", "consent", "consent");
        check("Registergericht", "register_court", "register court");
        check("USt-IdNr.", "vat_id", "VAT identification number");
        check("BGB", "bgb", "German Civil Code");
        check("German Civil Code", "bgb", "BGB");
        check("DSGVO", "gdpr", "GDPR");
        check("DS-GVO", "gdpr", "General Data Protection Regulation");
        check("GDPR", "gdpr", "DSGVO");
        check(
            "Produkthaftungsgesetz",
            "prodhaftg",
            "Product Liability Act",
        );
        check("Quellcode", "source_code", "source code");
    }

    #[test]
    fn leaves_out_the_matched_term() {
        let found = Thesaurus::builtin().lookup(&["Gerichtsstand"]);
        let hit = found.iter().find(|e| e.concept == "jurisdiction");
        let terms = hit.map(|e| e.terms.as_slice()).unwrap_or(&[]);
        assert!(
            !terms.iter().any(|(_, t)| t == "Gerichtsstand"),
            "{terms:?}"
        );
        assert!(
            terms.contains(&(Language::En, "place of jurisdiction".to_owned())),
            "{terms:?}"
        );
    }

    /// Spans of a lookup, as `(start, end, concept, exact)`.
    #[track_caller]
    fn check_spans(query: &str, expected: &[(usize, usize, &str, bool)]) {
        let words: Vec<&str> = query.split_whitespace().collect();
        let found: Vec<(usize, usize, String, bool)> = Thesaurus::builtin()
            .lookup(&words)
            .into_iter()
            .map(|e| (e.start, e.end, e.concept, e.exact))
            .collect();
        let expected: Vec<(usize, usize, String, bool)> = expected
            .iter()
            .map(|&(s, e, c, x)| (s, e, c.to_owned(), x))
            .collect();
        assert_eq!(found, expected, "{query:?}");
    }

    #[test]
    fn matches_longest_first_without_overlap() {
        check_spans("", &[]);
        check_spans("xyzzy quux", &[]);
        check_spans(
            "court of competent jurisdiction",
            &[(0, 4, "jurisdiction", true)],
        );
        check_spans(
            "Gerichtsstand und Erfüllungsort",
            &[
                (0, 1, "jurisdiction", true),
                (2, 3, "place_of_performance", true),
            ],
        );
        check_spans(
            "limitation of liability",
            &[(0, 3, "limitation_of_liability", true)],
        );
        check_spans(
            "Haftpflichtversicherungspflicht",
            &[(0, 1, "liability_insurance", false)],
        );
        check_spans("Reisekostenerstattungsanspruch", &[(0, 1, "claim", false)]);
        check_spans("Donaudampfschiff", &[]);
        check_spans("GERICHTSSTAND", &[(0, 1, "jurisdiction", true)]);
        check_spans("§ 377 HGB", &[(1, 3, "notification_of_defects", true)]);
        check_spans("Pflichten nach HGB", &[(2, 3, "hgb", true)]);
        check_spans("GmbH & Co. KG", &[(0, 4, "partnership", true)]);
        check_spans(
            "Haftung bei grober Fahrlässigkeit",
            &[(0, 1, "liability", true), (2, 4, "gross_negligence", true)],
        );
        check_spans("§ - ,", &[]);
        check_spans(
            "Auftragsverarbeitung",
            &[
                (0, 1, "data_processing_on_behalf", true),
                (0, 1, "processor", true),
            ],
        );
        check_spans(
            "Versandkosten und Eigentumsvorbehaltsware",
            &[
                (0, 1, "shipping_costs", true),
                (2, 3, "reserved_goods", false),
            ],
        );
    }

    /// Issue 15, defect 2: the heads and modifiers of a word were each
    /// stemmed, so a 100,000-letter word took 854 s. Only parts that can be
    /// terms are stemmed now; the lookup still finds a term at either end.
    #[test]
    fn a_very_long_word_is_looked_up_in_linear_time() {
        let t = Thesaurus::builtin();
        let long = "x".repeat(100_000);
        assert!(t.lookup(&[long.as_str()]).is_empty());
        let head = format!("{}gewahrleistung", "x".repeat(100_000));
        let found = t.lookup(&[head.as_str()]);
        assert!(found.iter().any(|e| !e.exact), "{found:?}");
    }

    proptest::proptest! {
        #[test]
        fn lookup_never_panics_and_spans_are_in_range(words in proptest::collection::vec("\\PC{0,12}", 0..6)) {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            for e in Thesaurus::builtin().lookup(&words) {
                proptest::prop_assert!(e.start < e.end && e.end <= words.len());
            }
        }
    }

    #[test]
    fn partial_matches_weigh_less() {
        let found = Thesaurus::builtin().lookup(&["Haftpflichtversicherungspflicht"]);
        let weights: Vec<f32> = found.iter().map(Expansion::weight).collect();
        assert_eq!(weights, [PARTIAL_WEIGHT]);
        let terms = found.first().map(|e| e.terms.as_slice()).unwrap_or(&[]);
        assert!(terms.contains(&(Language::De, "Haftpflichtversicherung".to_owned())));
    }

    /// The builtin thesaurus reads the static tables of `build.rs`, and
    /// they hold exactly what `from_keyed` builds from the same keys: every
    /// key with its concepts in the same order, the same word sets and
    /// maxima, so every lookup gives the same result.
    #[test]
    fn static_tables_equal_runtime_built() {
        let builtin = Thesaurus::builtin();
        assert!(matches!(builtin.de_index, Index::Static { .. }));
        assert!(matches!(builtin.en_index, Index::Static { .. }));
        assert!(matches!(builtin.compound_index, Index::Static { .. }));
        assert!(matches!(builtin.de_words, WordSet::Static { .. }));
        assert!(matches!(builtin.en_words, WordSet::Static { .. }));
        let (concepts, keys) = (0..builtin.len())
            .filter_map(|i| builtin.concepts.get(i))
            .map(|(c, k)| (c.clone(), k.clone()))
            .unzip();
        let runtime = Thesaurus::from_keyed(concepts, keys);
        assert_eq!(runtime.concepts, builtin.concepts);
        assert!(matches!(runtime.de_index, Index::Owned(_)));
        assert!(builtin.de_index.entries().len() > 500);
        assert!(builtin.compound_index.entries().len() > 100);
        assert_eq!(builtin.de_index.entries(), runtime.de_index.entries());
        assert_eq!(builtin.en_index.entries(), runtime.en_index.entries());
        assert_eq!(
            builtin.compound_index.entries(),
            runtime.compound_index.entries()
        );
        assert_eq!(builtin.de_words.sorted(), runtime.de_words.sorted());
        assert_eq!(builtin.en_words.sorted(), runtime.en_words.sorted());
        assert_eq!(builtin.max_words, runtime.max_words);
        assert_eq!(builtin.max_compound_key, runtime.max_compound_key);
        assert_eq!(builtin.de_index.get("no such key"), None);
        assert!(!builtin.de_words.contains("no such word"));
    }

    #[test]
    fn builtin_parses_with_enough_concepts() {
        let parsed = Thesaurus::parse(BUILTIN_SRC, BUILTIN_ORIGIN);
        let thesaurus = parsed.as_ref().map_err(ToString::to_string);
        assert_eq!(thesaurus.err(), None);
        let builtin = Thesaurus::builtin();
        assert!(builtin.len() >= 300, "{}", builtin.len());
        assert!(builtin.version >= 1);
        for c in builtin.concepts() {
            assert!(!c.de.is_empty() && !c.en.is_empty(), "{}", c.id);
            assert!(
                c.de.iter().chain(&c.en).all(|t| !t.trim().is_empty()),
                "{}",
                c.id
            );
        }
        let mut ids: Vec<&str> = builtin.concepts().map(|c| c.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), builtin.len());
    }

    #[test]
    fn precomputed_tables_equal_parsing_the_file() {
        assert!(
            precomputed::BUILTIN.is_some(),
            "build.rs precomputed nothing (see its warning)"
        );
        let parsed = Thesaurus::parse(BUILTIN_SRC, BUILTIN_ORIGIN);
        assert_eq!(parsed.as_ref().ok(), Some(Thesaurus::builtin()));
    }

    #[test]
    fn fingerprint_follows_the_file() {
        assert_eq!(
            fingerprint(),
            xxhash_rust::xxh3::xxh3_64(BUILTIN_SRC.as_bytes())
        );
        assert_ne!(fingerprint(), xxhash_rust::xxh3::xxh3_64(b""));
    }

    /// Parses `src` and expects the error message `expected`.
    #[track_caller]
    fn check_error(src: &str, expected: &str) {
        let got = Thesaurus::parse(src, "t.toml").map(|t| t.concepts.len());
        assert_eq!(
            got.map_err(|e| e.to_string()),
            Err(expected.to_owned()),
            "{src}"
        );
    }

    const OK: &str = "version = 1\n[[concept]]\nid = \"a\"\nde = [\"Gericht\"]\nen = [\"court\"]\n";

    #[test]
    fn malformed_files_name_line_and_reason() {
        check_error(
            "version = 1\n[[concept]\n",
            "t.toml:2: invalid table header\nexpected `.`, `]]`",
        );
        check_error(
            "[[concept]]\nid = \"a\"\n",
            "t.toml:1: missing field `version`",
        );
        check_error(
            &format!("{OK}[[concept]]\nde = [\"x\"]\nen = [\"y\"]\n"),
            "t.toml:6: concept has no `id`",
        );
        check_error(
            &format!("{OK}[[concept]]\nid = \"a\"\nde = [\"x\"]\nen = [\"y\"]\n"),
            "t.toml:7: duplicate id `a` (first used on line 3)",
        );
        check_error(
            &format!("{OK}[[concept]]\nid = \"b\"\nen = [\"y\"]\n"),
            "t.toml:7: concept `b` has no German term (`de`)",
        );
        check_error(
            &format!("{OK}[[concept]]\nid = \"b\"\nde = [\"x\"]\nen = []\n"),
            "t.toml:7: concept `b` has no English term (`en`)",
        );
        check_error(
            &format!("{OK}[[concept]]\nid = \"b\"\nde = [\n  \"x\",\n  \"\",\n]\nen = [\"y\"]\n"),
            "t.toml:10: concept `b` has an empty term",
        );
        check_error(
            &format!("{OK}[[concept]]\nid = \"b\"\nde = [\"x\"]\nen = [\"y\"]\nfr = [\"z\"]\n"),
            "t.toml:10: unknown key `fr` (expected `id`, `type`, `de` or `en`)",
        );
        check_error(
            &format!("{OK}[[concept]]\nid = \"b\"\nde = \"x\"\nen = [\"y\"]\n"),
            "t.toml:8: `de` must be an array of strings",
        );
        check_error(
            &format!("{OK}[[concept]]\nid = \"Not Snake\"\nde = [\"x\"]\nen = [\"y\"]\n"),
            "t.toml:7: invalid id \"Not Snake\": use lowercase ASCII letters, digits and `_`",
        );
        check_error(
            "version = 1\ncolour = 2\n",
            "t.toml:2: unknown field `colour`, expected `version` or `concept`",
        );
    }

    #[test]
    fn parses_a_small_file() {
        let thesaurus = Thesaurus::parse(OK, "t.toml");
        let concepts: Vec<Concept> = thesaurus
            .map(|t| t.concepts().cloned().collect())
            .unwrap_or_default();
        assert_eq!(
            concepts,
            [Concept {
                id: "a".to_owned(),
                clause_type: None,
                de: vec!["Gericht".to_owned()],
                en: vec!["court".to_owned()],
            }]
        );
    }
}
