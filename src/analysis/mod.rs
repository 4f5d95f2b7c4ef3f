//! Text analysis for German and English: tokenising, normalising, stemming and
//! compound splitting, wired into tantivy as two named analyzers. Pure: no I/O
//! (the compound dictionary is compiled in).
//!
//! | step | English (`klausel_en`) | German (`klausel_de`) |
//! |---|---|---|
//! | words | [`WordTokenizer`] (UAX #29, keeps numbers and `§`) | same |
//! | case | tantivy's `LowerCaser` | same |
//! | normalise | [`EnglishPossessive`] (`customer's` → `customer`) | [`GermanNormalizer`] (`ä`/`ae` → `a`, `ß` → `ss`) |
//! | compounds | — | [`Decompounder`] (whole word, then parts, same position) |
//! | stem | [`Stem`] (Porter2), cached per thread | [`Stem`] (German Snowball), cached per thread |
//!
//! Every step after the tokenizer looks at one word at a time, so the
//! analyzers run them behind a [`Memo`]: once per distinct word and thread,
//! replayed from a hash table afterwards.
//!
//! Compound contract: for a compound, the stream emits the stemmed whole
//! word first, then the stemmed parts, all at the whole word's position and
//! with its offsets. The parts go through the same stemmer as whole words, so
//! `Haftungsbeschränkung` yields `haftungsbeschrank`, `haftung`, `beschrank`,
//! and `Beschränkung der Haftung` yields `beschrank`, `der`, `haftung`.
//!
//! `§ 14` is two tokens, `§` and `14`, in both analyzers: a phrase query for
//! `§ 14` matches it. Numbers are never stemmed (`13.2`, `1,000.00` stay whole).

pub(crate) mod compound_table;
mod decompounder;
mod german_normalizer;
mod memo;
mod possessive;
mod stemmer;
mod tokenizer;

pub use decompounder::{split_word, Decompounder, DICTIONARY_SOURCE};
pub use german_normalizer::{normalize_into, GermanNormalizer};
pub use memo::Memo;
pub use possessive::EnglishPossessive;
pub use stemmer::{stem_word, Stem};
pub use tokenizer::{WordTokenizer, MAX_WORD_BYTES};

use crate::model::Language;
use std::ops::Range;
use tantivy::tokenizer::{LowerCaser, RawTokenizer, TextAnalyzer, TokenizerManager};

/// Name of the English analyzer in tantivy's tokenizer manager.
pub const EN: &str = "klausel_en";
/// Name of the German analyzer in tantivy's tokenizer manager.
pub const DE: &str = "klausel_de";

/// The analyzer name for a language.
pub fn analyzer_name(lang: Language) -> &'static str {
    match lang {
        Language::De => DE,
        Language::En => EN,
    }
}

/// A fresh analyzer for `lang`.
pub fn analyzer(lang: Language) -> TextAnalyzer {
    analyzer_with(lang, Stem::new(lang))
}

/// The analyzer for `lang` without the [`Memo`] and with stemming uncached:
/// every filter runs on every token (for measurements only: it indexes the
/// same terms as [`analyzer`], more slowly).
pub fn analyzer_uncached(lang: Language) -> TextAnalyzer {
    per_word(
        lang,
        Stem::new(lang).uncached(),
        TextAnalyzer::builder(WordTokenizer::default()).filter(LowerCaser),
    )
}

fn analyzer_with(lang: Language, stem: Stem) -> TextAnalyzer {
    let word = TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser);
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(Memo::new(lang, per_word(lang, stem, word)))
        .build()
}

/// An analyzer for `lang` that gives the whole words only: the tokens of
/// [`analyzer`] without the parts it adds after a German compound (the
/// whole word's term is the same). For callers that skip the parts anyway,
/// such as relevance feedback, which would otherwise split every compound
/// of the clauses it reads for nothing.
pub fn whole_words(lang: Language) -> TextAnalyzer {
    // Not through the [`Memo`]: it is shared by all analyzers of a language
    // in a thread, and would hand the words analysed here, without their
    // parts, to the indexing analyzer.
    let words = TextAnalyzer::builder(WordTokenizer::default()).filter(LowerCaser);
    per_word_with(lang, Stem::new(lang), words, false)
}

/// The filters of the analyzer for `lang` that look at one word at a time,
/// after `words` (a tokenizer and the lowercaser). On a single-word
/// tokenizer this is what [`Memo`] runs once per distinct word.
fn per_word<T: tantivy::tokenizer::Tokenizer>(
    lang: Language,
    stem: Stem,
    word: tantivy::tokenizer::TextAnalyzerBuilder<T>,
) -> TextAnalyzer {
    per_word_with(lang, stem, word, true)
}

/// [`per_word`], with a German compound's parts after it or (`parts`
/// false) without.
fn per_word_with<T: tantivy::tokenizer::Tokenizer>(
    lang: Language,
    stem: Stem,
    word: tantivy::tokenizer::TextAnalyzerBuilder<T>,
    parts: bool,
) -> TextAnalyzer {
    match lang {
        Language::En => word.filter(EnglishPossessive).filter(stem).build(),
        Language::De if parts => word
            .filter(GermanNormalizer)
            .filter(Decompounder::new())
            .filter(stem)
            .build(),
        Language::De => word.filter(GermanNormalizer).filter(stem).build(),
    }
}

/// Registers klausel's analyzers. Every code path that opens an index calls this.
pub fn register_analyzers(manager: &TokenizerManager) {
    manager.register(EN, analyzer(Language::En));
    manager.register(DE, analyzer(Language::De));
}

/// One token as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// The indexed term.
    pub text: String,
    /// Token position. Compound parts share their word's position and follow it.
    pub position: usize,
    /// Byte range of the source word.
    pub offsets: Range<usize>,
}

/// Analyses `text` as the index would for `lang`.
pub fn analyze(lang: Language, text: &str) -> Vec<AnalyzedToken> {
    analyze_with(&mut analyzer(lang), text)
}

/// The tokens `analyzer` gives for `text`.
pub fn analyze_with(analyzer: &mut TextAnalyzer, text: &str) -> Vec<AnalyzedToken> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(AnalyzedToken {
            text: t.text.clone(),
            position: t.position,
            offsets: t.offset_from..t.offset_to,
        });
    }
    out
}

/// Version of the analysis chain. Bump it whenever a change alters the terms
/// any text produces, so existing indexes are recognised as incompatible.
pub const VERSION: u32 = 2;

/// Fingerprint of the analysis chain: [`VERSION`] and a hash of the compound
/// dictionary. An index built with another fingerprint must be rebuilt.
pub fn fingerprint() -> String {
    format!(
        "v{VERSION}-{:016x}",
        xxhash_rust::xxh3::xxh3_64(decompounder::DICTIONARY_SOURCE.as_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::{De, En};

    /// `expected`: the terms space-separated; terms at the same position as
    /// the previous one are joined to it with `+` (`whole+part+part`).
    fn check(lang: Language, input: &str, expected: &str) {
        let mut out = String::new();
        let mut last = usize::MAX;
        for t in analyze(lang, input) {
            if t.position == last {
                out.push('+');
            } else if last != usize::MAX {
                out.push(' ');
            }
            out.push_str(&t.text);
            last = t.position;
        }
        assert_eq!(out, expected, "{lang:?} {input:?}");
    }

    /// The set of terms of `input`, for comparing queries with texts.
    fn terms(lang: Language, input: &str) -> Vec<String> {
        let mut t: Vec<String> = analyze(lang, input).into_iter().map(|t| t.text).collect();
        t.sort();
        t.dedup();
        t
    }

    /// Texts for the memo tests: compounds, possessives, numbers, case.
    const MEMO_TEXTS: [&str; 3] = [
        "Die Haftungsbeschränkung gilt nicht für Gewährleistungsansprüche; \
         Gerichtsstand ist Stuttgart (§ 38 ZPO). Die HAFTUNG, die Haftung.",
        "The Customer's liability under Section 13.2 is limited to EUR 1,000.00; \
         customers' claims, CUSTOMER'S claims.",
        // Words whose terms fit a hot slot of the memo and ones that do
        // not (a long compound, a word of `MAX_WORD_BYTES`), each seen
        // again from the memo.
        "Rechtsschutzversicherungsgesellschaften haften; Haftung, Haftung. \
         Donaudampfschifffahrtsgesellschaftskapitänsmützenhalterung \
         Donaudampfschifffahrtsgesellschaftskapitänsmützenhalterung \
         aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa \
         aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    ];

    /// Each text of [`MEMO_TEXTS`], twice, through the memoised analyzer
    /// and the plain filter chain: the same tokens.
    fn memo_matches_plain_chain() {
        for lang in [De, En] {
            for text in MEMO_TEXTS {
                for _ in 0..2 {
                    let mut plain = analyzer_uncached(lang);
                    let mut memo = analyzer(lang);
                    let (mut a, mut b) = (plain.token_stream(text), memo.token_stream(text));
                    loop {
                        match (a.next(), b.next()) {
                            (Some(x), Some(y)) => assert_eq!(
                                (&x.text, x.position, x.offset_from, x.offset_to),
                                (&y.text, y.position, y.offset_from, y.offset_to),
                                "{lang:?}"
                            ),
                            (None, None) => break,
                            (x, y) => panic!("{lang:?}: {x:?} vs {y:?}"),
                        }
                    }
                }
            }
        }
    }

    /// The memoised analyzer emits exactly what the plain filter chain
    /// emits, on first sight of a word and from the memo (in a thread of
    /// its own, a small memo without the hot cache).
    #[test]
    fn memo_changes_nothing() {
        memo_matches_plain_chain();
    }

    /// The same once the memo holds enough words for its hot cache: words
    /// then come from the hot slots (or from the table when they do not fit
    /// a slot or another word took theirs).
    #[test]
    fn memo_hot_cache_changes_nothing() {
        for lang in [De, En] {
            let words: Vec<String> = (0..6000).map(|i| format!("wort{i}x")).collect();
            let warm = words.join(" ");
            let mut memo = analyzer(lang);
            let mut stream = memo.token_stream(&warm);
            let mut n = 0;
            while stream.next().is_some() {
                n += 1;
            }
            assert_eq!(n, 6000);
            assert!(memo::has_hot_cache(lang), "{lang:?}");
        }
        memo_matches_plain_chain();
    }

    /// The first token at each position of `analyze`: the whole words.
    fn first_per_position(tokens: Vec<AnalyzedToken>) -> Vec<AnalyzedToken> {
        let mut out: Vec<AnalyzedToken> = Vec::new();
        for t in tokens {
            if out.last().is_none_or(|l| l.position != t.position) {
                out.push(t);
            }
        }
        out
    }

    #[test]
    fn whole_words_are_the_words_without_compound_parts() {
        let text = "Die Haftungsbeschränkung gilt nicht für Schadensersatzansprüche.";
        let mut words = whole_words(De);
        let got: Vec<String> = analyze_with(&mut words, text)
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(
            got,
            [
                "die",
                "haftungsbeschrank",
                "gilt",
                "nicht",
                "fur",
                "schadensersatzanspruch"
            ]
        );
        // The parts are there in the full analysis, before and after.
        for _ in 0..2 {
            let full: Vec<String> = analyze(De, text).into_iter().map(|t| t.text).collect();
            assert!(full.contains(&"beschrank".to_owned()), "{full:?}");
            analyze_with(&mut words, text);
        }
    }

    proptest::proptest! {
        /// `whole_words` gives exactly the first token of each position of
        /// `analyze`, terms, positions and offsets, for any text.
        #[test]
        fn whole_words_equal_first_token_per_position(
            text in "(Haftungsbeschränkung|Gewährleistungsfrist|Vertrags|strafe|Kunde|the|customer's|[a-zäöüß]{1,12}|[ .,;\n§0-9])*"
        ) {
            for lang in [De, En] {
                let whole = analyze_with(&mut whole_words(lang), &text);
                proptest::prop_assert_eq!(whole, first_per_position(analyze(lang, &text)));
            }
        }
    }

    #[test]
    fn english() {
        for (input, expected) in [
            ("terminated", "termin"),
            ("termination", "termin"),
            ("terminate", "termin"),
            ("the Customer's data", "the customer data"),
            ("the customer’s data", "the customer data"),
            ("customer", "customer"),
            ("12 months", "12 month"),
            ("§ 14 BGB", "§ 14 bgb"),
            ("Section 13.2 applies", "section 13.2 appli"),
            ("Limitation of Liability", "limit of liabil"),
            ("indemnification obligations", "indemnif oblig"),
            ("Haftungsbeschränkung", "haftungsbeschränkung"),
            ("", ""),
        ] {
            check(En, input, expected);
        }
    }

    #[test]
    fn german() {
        for (input, expected) in [
            (
                "Haftungsbeschränkung",
                "haftungsbeschrank+haftung+beschrank",
            ),
            (
                "Haftungsbeschränkungen",
                "haftungsbeschrank+haftung+beschrank",
            ),
            ("Beschränkung der Haftung", "beschrank der haftung"),
            ("haften nur beschränkt", "haft nur beschrankt"),
            (
                "Gerichtsstandsvereinbarung",
                "gerichtsstandsvereinbar+gerichtsstand+gericht+stand+vereinbar",
            ),
            ("Gerichtsstand", "gerichtsstand+gericht+stand"),
            ("Mängelansprüche", "mangelanspruch+mangel+anspruch"),
            ("Mängel Ansprüche", "mangel anspruch"),
            (
                "Gewährleistungsansprüche",
                "gewahrleistungsanspruch+gewahrleist+gewahr+leistung+anspruch",
            ),
            ("Gewahrleistung", "gewahrleist+gewahr+leistung"),
            ("Gewaehrleistung", "gewahrleist+gewahr+leistung"),
            ("Strasse Straße", "strass strass"),
            ("Kündigungsfrist", "kundigungsfrist+kundig+frist"),
            ("§ 14 Abs. 2", "§ 14 abs 2"),
            ("12 Monate", "12 monat"),
            ("", ""),
        ] {
            check(De, input, expected);
        }
    }

    #[test]
    fn compound_queries_meet_phrases() {
        // Every part of the compound query is a term of the plain phrase.
        let phrase = terms(De, "Beschränkung der Haftung");
        for part in ["haftung", "beschrank"] {
            assert!(terms(De, "Haftungsbeschränkung").contains(&part.to_string()));
            assert!(phrase.contains(&part.to_string()), "{part}");
        }
        assert!(terms(De, "Gerichtsstandsvereinbarung").contains(&"gerichtsstand".to_string()));
        assert_eq!(terms(De, "Gewahrleistung"), terms(De, "Gewährleistung"));
        assert_eq!(terms(De, "Gewaehrleistung"), terms(De, "Gewährleistung"));
        assert_eq!(terms(En, "terminated"), terms(En, "termination"));
        assert_eq!(terms(En, "customer's"), terms(En, "customer"));
    }

    #[test]
    fn parts_share_position_and_offsets() {
        let tokens = analyze(De, "Die Haftungsbeschränkung gilt");
        let got: Vec<(&str, usize, Range<usize>)> = tokens
            .iter()
            .map(|t| (t.text.as_str(), t.position, t.offsets.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("die", 0, 0..3),
                ("haftungsbeschrank", 1, 4..25),
                ("haftung", 1, 4..25),
                ("beschrank", 1, 4..25),
                ("gilt", 2, 26..30),
            ]
        );
    }

    #[test]
    fn registered_names() {
        let manager = TokenizerManager::default();
        register_analyzers(&manager);
        assert!(manager.get(EN).is_some());
        assert!(manager.get(DE).is_some());
        assert_eq!(analyzer_name(De), "klausel_de");
        assert_eq!(analyzer_name(En), "klausel_en");
    }
}
