//! German compound splitting: the whole word first, then its parts, all at
//! the same position and with the whole word's offsets.
//!
//! `haftungsbeschrankungen` yields `haftungsbeschrankungen`, `haftung`,
//! `beschrankungen`; the stemmer after this filter turns parts and whole
//! words alike into stems, so the parts equal the stems of the standalone
//! words (`haftung`, `beschrank`).
//!
//! The split is the decomposition into the fewest dictionary words
//! ([`DICTIONARY_SOURCE`]), with the linking elements `-s-`, `-es-`, `-n-`,
//! `-en-`, `-er-`, `-e-` between parts and an inflection ending on the last
//! part. A part may be a dictionary word without its final `e` (`miet` in
//! `mietvertrag`). Parts that are compounds themselves are split again and
//! emitted before their own parts, so `gerichtsstandsvereinbarung` yields
//! `gerichtsstand`, `gericht`, `stand`, `vereinbarung`. A word whose head
//! decomposes but whose first part (five letters or more) is unknown is split
//! partly when the rest is two known parts or one of eight letters or more:
//! `produkthaftungsgesetz` yields `produkt`, `haftung`, `gesetz`, and
//! `schokoladenerzeugnisse` yields `schokoladen`, `erzeugnisse`.
//!
//! Words shorter than [`MIN_COMPOUND_BYTES`] or longer than
//! [`MAX_COMPOUND_BYTES`], and words with non-ASCII letters or digits after
//! normalisation, are passed through untouched. Splits are not cached here:
//! the analyzers run this filter behind [`Memo`](super::memo::Memo), once per
//! distinct word.
//! Expects lowercased tokens normalised by
//! [`GermanNormalizer`](super::german_normalizer::GermanNormalizer).

use super::compound_table::{
    build_dictionary, hash_set_contains, set_contains, table_hash, BuiltDictionary,
};
use super::german_normalizer::normalize_into;
use std::ops::Range;
use std::sync::OnceLock;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// The part dictionary: one lower-case word per line, `#` comments.
/// Built by `tools/build_de_compounds.py` from BGB, HGB and ZPO.
pub const DICTIONARY_SOURCE: &str = include_str!("../../data/de-compounds.txt");

/// Shorter words are never split.
pub const MIN_COMPOUND_BYTES: usize = 7;
/// Longer words are never split.
pub const MAX_COMPOUND_BYTES: usize = 64;

/// Shortest known part (dictionary entries are at least this long).
const MIN_PART: usize = 3;
/// Shortest unknown first part of a partial split.
const MIN_UNKNOWN_PART: usize = 5;
/// Shortest single known part after an unknown first part.
const MIN_UNKNOWN_REST: usize = 8;
/// Linking elements between parts.
const LINKS: [&str; 7] = ["", "s", "es", "n", "en", "er", "e"];
/// Inflection endings of the last part.
const ENDINGS: [&str; 10] = ["", "e", "en", "n", "s", "es", "er", "ern", "em", "nen"];

/// The compound part dictionary, normalised, as the static tables that
/// `build.rs` generates (`compound_table.rs` describes them): a start
/// builds no set (building them took 10% of a one-shot search) and the
/// tables hold no `&str`s to relocate.
#[derive(Clone, Copy)]
struct Tables {
    /// The dictionary words, one after another.
    text: &'static str,
    /// Dictionary words (a string set over `text`).
    words: &'static [u32],
    /// Dictionary words ending in `e`, without it: forms used before another
    /// part (a string set over `text`).
    combining: &'static [u32],
    /// The hashes ([`table_hash`]) of every prefix (of at least
    /// [`MIN_PART`] bytes) of a word or combining form: a part whose hash is
    /// not here is no such prefix, so it cannot grow into a known one. The
    /// set only prunes (a part is known only when `words` or `combining`
    /// holds it), so a collision cannot change a split.
    prefixes: &'static [u64],
}

impl Tables {
    fn is_word(&self, part: &str) -> bool {
        set_contains(self.text, self.words, part)
    }

    fn is_combining(&self, part: &str) -> bool {
        set_contains(self.text, self.combining, part)
    }

    fn may_be_prefix(&self, part: &str) -> bool {
        hash_set_contains(self.prefixes, table_hash(part.as_bytes()))
    }
}

/// `TABLES: Option<Tables>`, written by `build.rs`; `None` when it could
/// not table the dictionary.
mod generated {
    use super::Tables;
    include!(concat!(env!("OUT_DIR"), "/compound_dict.rs"));
}

/// The dictionary's tables: those of `build.rs`, or (should it have made
/// none) the same built now from [`DICTIONARY_SOURCE`], empty if even that fails.
fn dictionary() -> Tables {
    if let Some(tables) = generated::TABLES {
        return tables;
    }
    static BUILT: OnceLock<BuiltDictionary> = OnceLock::new();
    let (text, words, combining, prefixes) = BUILT.get_or_init(|| {
        build_dictionary(DICTIONARY_SOURCE, MIN_PART, normalize_into)
            .unwrap_or_else(|| (String::new(), vec![0], vec![0], vec![0]))
    });
    Tables {
        text,
        words,
        combining,
        prefixes,
    }
}

/// One step of a decomposition: the best way to cover `word[..end]`.
#[derive(Clone, Copy)]
struct Step {
    /// Length of the unknown first part (0 if none), then parts, then linking
    /// bytes: lower is better.
    cost: (u8, u8, u8),
    /// Where the previous step ends.
    from: u8,
    /// End of this step's part (before its linking element or ending).
    part_end: u8,
}

/// Splits `word` into parts and pushes their byte ranges to `out` (in word
/// order, compound parts before their own parts). Pushes nothing if `word`
/// is not a compound. `allow_unknown` permits an unknown first part.
fn split(word: &str, allow_unknown: bool, depth: u8, out: &mut Vec<Range<usize>>) {
    let dict = dictionary();
    let bytes = word.as_bytes();
    let len = bytes.len();
    if !(2 * MIN_PART..=MAX_COMPOUND_BYTES).contains(&len)
        || !bytes.iter().all(u8::is_ascii_lowercase)
    {
        return;
    }
    let mut best: [Option<Step>; MAX_COMPOUND_BYTES + 1] = [None; MAX_COMPOUND_BYTES + 1];
    best[0] = Some(Step {
        cost: (0, 0, 0),
        from: 0,
        part_end: 0,
    });
    let update = |best: &mut [Option<Step>], at: usize, step: Step| {
        if let Some(slot) = best.get_mut(at) {
            if slot.is_none_or(|s| step.cost < s.cost) {
                *slot = Some(step);
            }
        }
    };
    for start in 0..len {
        let Some(here) = best[start] else { continue };
        let mut may_be_known = true;
        for end in (start + MIN_PART)..=len {
            let part = &word[start..end];
            may_be_known = may_be_known && dict.may_be_prefix(part);
            if !(may_be_known || start == 0 && allow_unknown) {
                break;
            }
            let known = may_be_known && dict.is_word(part);
            let combining = may_be_known && !known && end < len && dict.is_combining(part);
            let unknown = !known
                && !combining
                && start == 0
                && allow_unknown
                && end >= MIN_UNKNOWN_PART
                && len - end >= MIN_UNKNOWN_PART;
            if !known && !combining && !unknown {
                continue;
            }
            let unknown_cost = if unknown { end as u8 } else { here.cost.0 };
            // A non-final part followed by a linking element.
            for link in LINKS {
                let next = end + link.len();
                if next < len && word[end..].starts_with(link) {
                    update(
                        &mut best,
                        next,
                        Step {
                            cost: (
                                unknown_cost,
                                here.cost.1 + 1,
                                here.cost.2 + link.len() as u8,
                            ),
                            from: start as u8,
                            part_end: end as u8,
                        },
                    );
                }
            }
            // The final part with an inflection ending; never the whole word.
            if start > 0 && known && ENDINGS.contains(&&word[end..]) {
                update(
                    &mut best,
                    len,
                    Step {
                        cost: (unknown_cost, here.cost.1 + 1, here.cost.2),
                        from: start as u8,
                        part_end: end as u8,
                    },
                );
            }
        }
    }
    let Some(last) = best[len] else { return };
    if last.cost.1 < 2 {
        return;
    }
    // An unknown first part needs a trustworthy rest: two known parts, or one
    // long one. This keeps `kontaktieren`, `veranstalter`, `insbesondere` whole.
    if last.cost.0 > 0 && last.cost.1 < 3 && len - usize::from(last.from) < MIN_UNKNOWN_REST {
        return;
    }
    // Walk back to collect the parts, then emit them in word order.
    let mut parts: [(u8, u8); MAX_COMPOUND_BYTES / MIN_PART + 1] =
        [(0, 0); MAX_COMPOUND_BYTES / MIN_PART + 1];
    let mut count = 0;
    let mut at = len;
    while at > 0 {
        let Some(step) = best[at] else { return };
        let Some(slot) = parts.get_mut(count) else {
            return;
        };
        // The final part keeps its inflection ending for the stemmer.
        let end = if at == len {
            len
        } else {
            usize::from(step.part_end)
        };
        *slot = (step.from, end as u8);
        count += 1;
        at = usize::from(step.from);
    }
    for &(from, to) in parts[..count].iter().rev() {
        let range = usize::from(from)..usize::from(to);
        out.push(range.clone());
        if depth < 2 {
            let before = out.len();
            split(&word[range.clone()], false, depth + 1, out);
            for r in &mut out[before..] {
                *r = (r.start + range.start)..(r.end + range.start);
            }
        }
    }
}

/// The part ranges of `word`, as [`Decompounder`] emits them (for tests and
/// tools; the filter itself caches).
pub fn split_word(word: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    if word.len() >= MIN_COMPOUND_BYTES {
        split(word, true, 0, &mut out);
    }
    out
}

/// Token filter that adds the parts of German compounds after the word.
#[derive(Clone, Copy, Debug, Default)]
pub struct Decompounder;

impl Decompounder {
    /// Loads the dictionary now rather than on the first long word.
    pub fn new() -> Decompounder {
        dictionary();
        Decompounder
    }
}

impl TokenFilter for Decompounder {
    type Tokenizer<T: Tokenizer> = DecompounderFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> DecompounderFilter<T> {
        DecompounderFilter {
            inner: tokenizer,
            word: String::new(),
            parts: Vec::new(),
            scratch: Vec::new(),
        }
    }
}

/// The [`Tokenizer`] built by [`Decompounder`].
#[derive(Clone)]
pub struct DecompounderFilter<T> {
    inner: T,
    word: String,
    parts: Vec<(u8, u8)>,
    scratch: Vec<Range<usize>>,
}

impl<T: Tokenizer> Tokenizer for DecompounderFilter<T> {
    type TokenStream<'a> = DecompounderStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.parts.clear();
        DecompounderStream {
            tail: self.inner.token_stream(text),
            word: &mut self.word,
            parts: &mut self.parts,
            scratch: &mut self.scratch,
            next_part: 0,
        }
    }
}

/// The stream of [`DecompounderFilter`].
pub struct DecompounderStream<'a, T> {
    tail: T,
    /// The current whole word (later filters rewrite the token's text).
    word: &'a mut String,
    /// Part ranges of `word` still to emit, from `next_part` on.
    parts: &'a mut Vec<(u8, u8)>,
    scratch: &'a mut Vec<Range<usize>>,
    next_part: usize,
}

/// The compound parts of `word` as byte ranges (they fit in `u8`: words are
/// at most [`MAX_COMPOUND_BYTES`] long).
fn parts_of(word: &str, parts: &mut Vec<(u8, u8)>, scratch: &mut Vec<Range<usize>>) {
    parts.clear();
    scratch.clear();
    split(word, true, 0, scratch);
    parts.extend(scratch.iter().map(|r| (r.start as u8, r.end as u8)));
}

impl<T: TokenStream> TokenStream for DecompounderStream<'_, T> {
    fn advance(&mut self) -> bool {
        if let Some(&(from, to)) = self.parts.get(self.next_part) {
            self.next_part += 1;
            if let Some(part) = self.word.get(usize::from(from)..usize::from(to)) {
                let token = self.tail.token_mut();
                token.text.clear();
                token.text.push_str(part);
                return true;
            }
        }
        if !self.tail.advance() {
            return false;
        }
        self.parts.clear();
        self.next_part = 0;
        let text = &self.tail.token().text;
        if (MIN_COMPOUND_BYTES..=MAX_COMPOUND_BYTES).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_lowercase())
        {
            parts_of(text, self.parts, self.scratch);
            if !self.parts.is_empty() {
                self.word.clear();
                self.word.push_str(text);
            }
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The generated tables hold exactly the sets that the dictionary
    /// file gives when built at run time as before (hash sets of strings).
    #[test]
    fn generated_tables_equal_runtime_sets() {
        use rustc_hash::FxHashSet;
        let tables = generated::TABLES.expect("build.rs tabled the dictionary");
        let mut words: FxHashSet<String> = FxHashSet::default();
        let mut combining: FxHashSet<String> = FxHashSet::default();
        let mut buffer = String::new();
        for line in DICTIONARY_SOURCE.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            normalize_into(&line.to_lowercase(), &mut buffer);
            if buffer.len() < MIN_PART {
                continue;
            }
            if let Some(stem) = buffer.strip_suffix('e') {
                if stem.len() >= MIN_PART {
                    combining.insert(stem.to_owned());
                }
            }
            words.insert(buffer.clone());
        }
        let prefixes: FxHashSet<u64> = words
            .iter()
            .chain(&combining)
            .flat_map(|w| (MIN_PART..=w.len()).map(move |n| table_hash(&w.as_bytes()[..n])))
            .map(|h| h.max(1))
            .collect();
        let entries = |t: &[u32]| t.iter().filter(|&&e| e != 0).count();
        assert!(words.len() > 2000);
        assert_eq!(entries(tables.words), words.len());
        assert_eq!(entries(tables.combining), combining.len());
        assert_eq!(
            tables.prefixes.iter().filter(|&&h| h != 0).count(),
            prefixes.len()
        );
        for w in &words {
            assert!(tables.is_word(w), "{w}");
            assert!(tables.may_be_prefix(w), "{w}");
        }
        for w in &combining {
            assert!(tables.is_combining(w), "{w}");
        }
        for w in &words {
            assert_eq!(tables.is_combining(w), combining.contains(w), "{w}");
        }
        for h in &prefixes {
            assert!(hash_set_contains(tables.prefixes, *h));
        }
        assert!(!tables.is_word("xyzzyq"));
        assert!(!tables.may_be_prefix("xyzzyq"));
        // The run-time fallback builds the same tables.
        let (text, w, c, p) =
            build_dictionary(DICTIONARY_SOURCE, MIN_PART, normalize_into).expect("tables");
        assert_eq!(
            (text.as_str(), &w[..], &c[..], &p[..]),
            (tables.text, tables.words, tables.combining, tables.prefixes)
        );
    }

    /// `expected`: the parts, space-separated; empty for no split.
    fn check(word: &str, expected: &str) {
        let parts: Vec<&str> = split_word(word).into_iter().map(|r| &word[r]).collect();
        assert_eq!(parts.join(" "), expected, "word: {word:?}");
    }

    #[test]
    fn splits() {
        for (word, parts) in [
            ("haftungsbeschrankung", "haftung beschrankung"),
            ("haftungsbeschrankungen", "haftung beschrankungen"),
            (
                "gerichtsstandsvereinbarung",
                "gerichtsstand gericht stand vereinbarung",
            ),
            ("gerichtsstand", "gericht stand"),
            (
                "gewahrleistungsanspruche",
                "gewahrleistung gewahr leistung anspruche",
            ),
            ("mangelanspruche", "mangel anspruche"),
            ("kundigungsfrist", "kundigung frist"),
            ("vertragsstrafe", "vertrag strafe"),
            ("mietvertrag", "miet vertrag"),
            ("datenschutzerklarung", "datenschutz daten schutz erklarung"),
            (
                "schadensersatzanspruch",
                "schadensersatz schaden ersatz anspruch",
            ),
            ("widerrufsbelehrung", "widerruf belehrung"),
            ("geschaftsbedingungen", "geschaft bedingungen"),
            ("eigentumsvorbehalt", "eigentum vorbehalt"),
            ("werktagen", "werk tagen"),
            ("kundenkonto", "kunde konto"),
            // Partial splits: the first part is not in the dictionary.
            ("produkthaftungsgesetz", "produkt haftung gesetz"),
            ("schokoladenerzeugnisse", "schoko lade erzeugnisse"),
            ("lieferruckstand", ""),
        ] {
            check(word, parts);
        }
    }

    #[test]
    fn no_split() {
        for word in [
            "vertrag",
            "leistung",
            "verbraucher",
            "bestimmungen",
            "antwort",
            "unternehmer",
            "kontaktieren",
            "veranstalter",
            "insbesondere",
            "eigenschaften",
            "eingegangen",
            "kaufmann1",
            "gewährleistung",
            "",
        ] {
            check(word, "");
        }
    }
}
