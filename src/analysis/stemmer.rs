//! Snowball stemming (rust-stemmers) with a per-thread cache of stems.
//!
//! Stemming dominates analysis time, and legal text repeats a small
//! vocabulary, so each thread keeps a map from word to stem. The map is
//! cleared when it reaches [`CACHE_CAPACITY`] entries, which bounds memory
//! (about 10 MB per thread and language) at the cost of a rare refill.
//! Tokens with digits, tokens of two bytes or less, and `§` are not stemmed.

use crate::model::Language;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::cell::RefCell;
use std::mem;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Entries per thread and language before the stem cache is cleared.
pub const CACHE_CAPACITY: usize = 100_000;

type StemCache = FxHashMap<Box<str>, Box<str>>;

thread_local! {
    static EN_CACHE: RefCell<StemCache> = RefCell::new(StemCache::default());
    static DE_CACHE: RefCell<StemCache> = RefCell::new(StemCache::default());
}

/// Token filter that replaces each token by its Snowball stem
/// (Porter2 for English, the German Snowball stemmer for German).
#[derive(Clone, Copy, Debug)]
pub struct Stem {
    lang: Language,
    cached: bool,
}

impl Stem {
    /// A cached stemmer for `lang`.
    pub fn new(lang: Language) -> Stem {
        Stem { lang, cached: true }
    }

    /// The same stemmer without the per-thread cache (for measurements).
    pub fn uncached(self) -> Stem {
        Stem {
            cached: false,
            ..self
        }
    }
}

fn algorithm(lang: Language) -> rust_stemmers::Algorithm {
    match lang {
        Language::De => rust_stemmers::Algorithm::German,
        Language::En => rust_stemmers::Algorithm::English,
    }
}

impl TokenFilter for Stem {
    type Tokenizer<T: Tokenizer> = StemFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemFilter<T> {
        StemFilter {
            config: self,
            inner: tokenizer,
            buffer: String::new(),
        }
    }
}

/// The [`Tokenizer`] built by [`Stem`].
#[derive(Clone)]
pub struct StemFilter<T> {
    config: Stem,
    inner: T,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for StemFilter<T> {
    type TokenStream<'a> = StemStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemStream {
            tail: self.inner.token_stream(text),
            stemmer: rust_stemmers::Stemmer::create(algorithm(self.config.lang)),
            config: self.config,
            buffer: &mut self.buffer,
        }
    }
}

/// The stream of [`StemFilter`].
pub struct StemStream<'a, T> {
    tail: T,
    stemmer: rust_stemmers::Stemmer,
    config: Stem,
    buffer: &'a mut String,
}

/// True for tokens the stemmer would not change or must not touch.
fn skip(text: &str) -> bool {
    text.len() <= 2 || text.bytes().any(|b| b.is_ascii_digit()) || text == "§"
}

/// The stem of `text`: Porter2 or the German Snowball stemmer, except for
/// the English words Porter2 would merge with unrelated ones
/// ([`crate::thesaurus::en_stem_exception`]).
fn stem<'a>(lang: Language, stemmer: &rust_stemmers::Stemmer, text: &'a str) -> Cow<'a, str> {
    if lang == Language::En {
        if let Some(stem) = crate::thesaurus::en_stem_exception(text) {
            return Cow::Borrowed(stem);
        }
    }
    stemmer.stem(text)
}

/// Stems `text` in place through the cache of `cache`.
fn stem_cached(
    cache: &'static std::thread::LocalKey<RefCell<StemCache>>,
    lang: Language,
    stemmer: &rust_stemmers::Stemmer,
    text: &mut String,
) {
    cache.with(|cell| {
        let mut map = cell.borrow_mut();
        if let Some(stem) = map.get(text.as_str()) {
            text.clear();
            text.push_str(stem);
            return;
        }
        let stem: Box<str> = stem(lang, stemmer, text).into();
        if map.len() >= CACHE_CAPACITY {
            map.clear();
        }
        let word: Box<str> = mem::take(text).into_boxed_str();
        text.push_str(&stem);
        map.insert(word, stem);
    });
}

impl<T: TokenStream> TokenStream for StemStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if skip(&token.text) {
            return true;
        }
        if self.config.cached {
            let cache = match self.config.lang {
                Language::De => &DE_CACHE,
                Language::En => &EN_CACHE,
            };
            stem_cached(cache, self.config.lang, &self.stemmer, &mut token.text);
        } else {
            let stem = stem(self.config.lang, &self.stemmer, &token.text);
            self.buffer.clear();
            self.buffer.push_str(&stem);
            mem::swap(&mut token.text, self.buffer);
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

/// The stem of one lowercased, normalised word, as the analyzers index it.
pub fn stem_word(lang: Language, word: &str) -> String {
    let mut text = word.to_string();
    if !skip(&text) {
        let stemmer = rust_stemmers::Stemmer::create(algorithm(lang));
        text = stem(lang, &stemmer, &text).into_owned();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{TextAnalyzer, WhitespaceTokenizer};

    fn check(lang: Language, input: &str, expected: &str) {
        for stem in [Stem::new(lang), Stem::new(lang).uncached()] {
            let mut analyzer = TextAnalyzer::builder(WhitespaceTokenizer::default())
                .filter(stem)
                .build();
            // Twice: the second run is served from the cache.
            for _ in 0..2 {
                let mut stream = analyzer.token_stream(input);
                let mut got = Vec::new();
                while let Some(t) = stream.next() {
                    got.push(t.text.clone());
                }
                assert_eq!(got.join(" "), expected, "{lang:?} {input:?}");
            }
        }
    }

    #[test]
    fn english() {
        use Language::En;
        check(
            En,
            "terminate terminated termination",
            "termin termin termin",
        );
        check(En, "customer customers custom", "customer customer custom");
        check(En, "liability liabilities", "liabil liabil");
        check(En, "indemnify indemnification", "indemnifi indemnif");
        check(En, "12 months", "12 month");
        check(En, "§ 14", "§ 14");
        check(En, "13.2", "13.2");
        // Porter2 would merge these with unrelated words.
        check(En, "several severance", "several sever");
        check(En, "willful will", "willful will");
        check(En, "merchantability merchant", "merchantabl merchant");
        check(En, "government governing", "government govern");
    }

    #[test]
    fn german() {
        use Language::De;
        check(De, "haftung haftungen", "haftung haftung");
        check(De, "beschrankung beschrankungen", "beschrank beschrank");
        check(De, "vertrag vertrage vertrages", "vertrag vertrag vertrag");
        check(
            De,
            "gerichtsstand gerichtsstands",
            "gerichtsstand gerichtsstand",
        );
        check(De, "anspruch anspruche", "anspruch anspruch");
        check(De, "mangel", "mangel");
        check(De, "kundigung kundigungen", "kundig kundig");
    }
}
