//! English possessive filter: `customer's` → `customer`.
//!
//! Typographic apostrophes (`’`, U+2019) are normalised to `'` first, so
//! `customer’s` and `customer's` meet, and `don’t` equals `don't`.
//! Expects lowercased tokens.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Token filter that strips a trailing `'s` and normalises apostrophes.
#[derive(Clone, Copy, Debug, Default)]
pub struct EnglishPossessive;

impl TokenFilter for EnglishPossessive {
    type Tokenizer<T: Tokenizer> = EnglishPossessiveFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> EnglishPossessiveFilter<T> {
        EnglishPossessiveFilter { inner: tokenizer }
    }
}

/// The [`Tokenizer`] built by [`EnglishPossessive`].
#[derive(Clone)]
pub struct EnglishPossessiveFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for EnglishPossessiveFilter<T> {
    type TokenStream<'a> = EnglishPossessiveStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        EnglishPossessiveStream {
            tail: self.inner.token_stream(text),
            buffer: String::new(),
        }
    }
}

/// The stream of [`EnglishPossessiveFilter`].
pub struct EnglishPossessiveStream<T> {
    tail: T,
    buffer: String,
}

/// Normalises apostrophes and strips a possessive ending, in place.
/// `buffer` is scratch space, reused across tokens.
pub(crate) fn strip_possessive(text: &mut String, buffer: &mut String) {
    if !text.is_ascii() && text.contains('’') {
        buffer.clear();
        buffer.extend(text.chars().map(|c| if c == '’' { '\'' } else { c }));
        std::mem::swap(text, buffer);
    }
    if text.len() > 2 && (text.ends_with("'s") || text.ends_with("'S")) {
        text.truncate(text.len() - 2);
    }
    while text.len() > 1 && text.ends_with('\'') {
        text.pop();
    }
}

impl<T: TokenStream> TokenStream for EnglishPossessiveStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let text = &mut self.tail.token_mut().text;
        if text.contains(['\'', '’']) {
            strip_possessive(text, &mut self.buffer);
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
        let mut text = input.to_string();
        strip_possessive(&mut text, &mut String::new());
        assert_eq!(text, expected, "input: {input:?}");
    }

    #[test]
    fn possessives() {
        check("customer's", "customer");
        check("customer’s", "customer");
        check("licensor's", "licensor");
        check("party's", "party");
        check("parties'", "parties");
        check("don’t", "don't");
        check("don't", "don't");
        check("customer", "customer");
        check("'s", "'s");
        check("s", "s");
        check("'", "'");
    }
}
