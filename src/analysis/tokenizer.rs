//! Word tokenizer: Unicode word boundaries (UAX #29), keeping words, numbers
//! and the section sign.
//!
//! `"§ 14 Abs. 2"` yields `§`, `14`, `Abs`, `2`; `"13.2"` and `"customer's"`
//! stay single tokens, as UAX #29 joins letters and digits across `.` and `'`.
//! A section sign is its own token, so the query `§ 14` is the phrase `§ 14`.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

/// Words longer than this (in bytes) are dropped: they are not words but
/// hashes, URLs without separators or base64 blobs.
pub const MAX_WORD_BYTES: usize = 100;

/// Splits text into words, numbers and section signs.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

/// The stream of [`WordTokenizer`].
pub struct WordTokenStream<'a> {
    words: UWordBoundIndices<'a>,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        WordTokenStream {
            words: text.split_word_bound_indices(),
            token: &mut self.token,
        }
    }
}

/// True for segments that are indexed: words, numbers and `§`.
fn is_indexed(segment: &str) -> bool {
    if segment.len() > MAX_WORD_BYTES {
        return false;
    }
    match segment.as_bytes().first() {
        Some(b) if b.is_ascii_alphanumeric() => true,
        Some(b) if b.is_ascii() => false,
        Some(_) => segment == "§" || segment.chars().any(char::is_alphanumeric),
        None => false,
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        for (offset, segment) in self.words.by_ref() {
            if is_indexed(segment) {
                self.token.text.clear();
                self.token.text.push_str(segment);
                self.token.offset_from = offset;
                self.token.offset_to = offset + segment.len();
                self.token.position = self.token.position.wrapping_add(1);
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &[&str]) {
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream(input);
        let mut got = Vec::new();
        while let Some(t) = stream.next() {
            assert_eq!(
                &input[t.offset_from..t.offset_to],
                t.text,
                "offsets of {:?}",
                t.text
            );
            got.push(t.text.clone());
        }
        assert_eq!(got, expected, "input: {input:?}");
    }

    #[test]
    fn words_numbers_and_section_signs() {
        check("§ 14 Abs. 2 BGB", &["§", "14", "Abs", "2", "BGB"]);
        check("§§ 305-310", &["§", "§", "305", "310"]);
        check("12 months' notice", &["12", "months", "notice"]);
        check("the Customer's data", &["the", "Customer's", "data"]);
        check("the Customer’s data", &["the", "Customer’s", "data"]);
        check("Clause 13.2 applies.", &["Clause", "13.2", "applies"]);
        check("EUR 1,000.00", &["EUR", "1,000.00"]);
        check(
            "Haftungs- und Gewährleistungsansprüche",
            &["Haftungs", "und", "Gewährleistungsansprüche"],
        );
        check(
            "Actimi-Nutzungsbedingungen",
            &["Actimi", "Nutzungsbedingungen"],
        );
        check("(„Kunde“)", &["Kunde"]);
        check("info@example.com", &["info", "example.com"]);
        check("", &[]);
        check(" \n\t—", &[]);
    }

    #[test]
    fn positions_count_words() {
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream("§ 23 (7) Final");
        let mut positions = Vec::new();
        while let Some(t) = stream.next() {
            positions.push(t.position);
        }
        assert_eq!(positions, [0, 1, 2, 3]);
    }

    #[test]
    fn overlong_words_are_dropped() {
        let long = "a".repeat(MAX_WORD_BYTES + 1);
        check(&format!("x {long} y"), &["x", "y"]);
    }
}
