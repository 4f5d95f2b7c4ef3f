//! German normalisation: umlauts, ß and their ASCII spellings.
//!
//! The rules are those of Lucene's `GermanNormalizationFilter`, so a query
//! typed on any keyboard meets the text:
//! - `ä`, `ö`, `ü` become `a`, `o`, `u`; `ß` becomes `ss`;
//! - `ae` and `oe` become `a` and `o`;
//! - `ue` becomes `u`, except after a vowel or `q` (`steuer`, `quelle` stay).
//!
//! So `Gewährleistung`, `Gewaehrleistung` and `Gewahrleistung` all give
//! `gewahrleistung`, and `Straße` equals `Strasse`. Expects lowercased tokens;
//! the same function normalises the compound dictionary.

use std::mem;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Token filter applying the German normalisation rules above.
#[derive(Clone, Copy, Debug, Default)]
pub struct GermanNormalizer;

impl TokenFilter for GermanNormalizer {
    type Tokenizer<T: Tokenizer> = GermanNormalizerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> GermanNormalizerFilter<T> {
        GermanNormalizerFilter {
            inner: tokenizer,
            buffer: String::new(),
        }
    }
}

/// The [`Tokenizer`] built by [`GermanNormalizer`].
#[derive(Clone)]
pub struct GermanNormalizerFilter<T> {
    inner: T,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for GermanNormalizerFilter<T> {
    type TokenStream<'a> = GermanNormalizerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        GermanNormalizerStream {
            tail: self.inner.token_stream(text),
            buffer: &mut self.buffer,
        }
    }
}

/// The stream of [`GermanNormalizerFilter`].
pub struct GermanNormalizerStream<'a, T> {
    tail: T,
    buffer: &'a mut String,
}

/// True when `text` needs no change: ASCII without `ae`, `oe` or `ue`.
fn is_normal(text: &str) -> bool {
    let bytes = text.as_bytes();
    if !text.is_ascii() {
        return false;
    }
    !bytes
        .windows(2)
        .any(|w| w[1] == b'e' && matches!(w[0], b'a' | b'o' | b'u'))
}

include!("german_fold.rs");

impl<T: TokenStream> TokenStream for GermanNormalizerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if !is_normal(&token.text) {
            normalize_into(&token.text, self.buffer);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        let mut out = String::new();
        normalize_into(input, &mut out);
        assert_eq!(out, expected, "input: {input:?}");
        if is_normal(input) {
            assert_eq!(input, expected, "fast path for {input:?}");
        }
    }

    #[test]
    fn umlauts_sharp_s_and_transliterations() {
        check("gewährleistung", "gewahrleistung");
        check("gewaehrleistung", "gewahrleistung");
        check("gewahrleistung", "gewahrleistung");
        check("straße", "strasse");
        check("strasse", "strasse");
        check("mängelansprüche", "mangelanspruche");
        check("maengelansprueche", "mangelanspruche");
        check("höchstbetrag", "hochstbetrag");
        check("hoechstbetrag", "hochstbetrag");
        check("kündigung", "kundigung");
        check("kuendigung", "kundigung");
        check("schließlich", "schliesslich");
        check("steuer", "steuer");
        check("neue", "neue");
        check("quelle", "quelle");
        check("vertrag", "vertrag");
        check("§", "§");
        check("", "");
    }
}
