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
    segments: Segments<'a>,
    token: &'a mut Token,
}

/// Where the word boundaries come from, line by line. UAX #29 always breaks
/// after a line feed and nothing before it reaches past one, so each line
/// (with its `\n`) can be segmented on its own.
struct Segments<'a> {
    text: &'a str,
    /// End of the current line (after its `\n`, or the end of the text).
    line_end: usize,
    mode: Mode<'a>,
}

enum Mode<'a> {
    /// A line made only of characters whose word-break class [`class`]
    /// knows (ASCII, Latin letters, common punctuation): segmented here, the
    /// same way as UAX #29 but without its table lookups. `at` is the next
    /// segment's start.
    Fast { at: usize },
    /// Any other line: the `unicode-segmentation` crate, from byte `base`.
    Unicode {
        words: UWordBoundIndices<'a>,
        base: usize,
    },
}

impl<'a> Segments<'a> {
    fn new(text: &'a str) -> Segments<'a> {
        let mut s = Segments {
            text,
            line_end: 0,
            mode: Mode::Fast { at: 0 },
        };
        s.start_line(0);
        s
    }

    /// Starts the line that begins at `start`, choosing its mode.
    fn start_line(&mut self, start: usize) {
        let rest = self.text.get(start..).unwrap_or("");
        let len = rest.find('\n').map_or(rest.len(), |i| i + 1);
        self.line_end = start + len;
        let line = rest.get(..len).unwrap_or("");
        self.mode = if known(line) {
            Mode::Fast { at: start }
        } else {
            Mode::Unicode {
                words: line.split_word_bound_indices(),
                base: start,
            }
        };
    }

    /// The next segment and its byte offset.
    fn next_segment(&mut self) -> Option<(usize, &'a str)> {
        loop {
            let text = self.text;
            match &mut self.mode {
                Mode::Fast { at } if *at < self.line_end => {
                    let start = *at;
                    let end = segment_end(text, start).min(self.line_end);
                    *at = end;
                    return Some((start, text.get(start..end)?));
                }
                Mode::Unicode { words, base } => {
                    if let Some((offset, segment)) = words.next() {
                        return Some((*base + offset, segment));
                    }
                }
                Mode::Fast { .. } => {}
            }
            if self.line_end >= text.len() {
                return None;
            }
            self.start_line(self.line_end);
        }
    }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        WordTokenStream {
            segments: Segments::new(text),
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

/// The UAX #29 word-break classes the fast path handles.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    /// ALetter.
    Letter,
    /// Numeric.
    Digit,
    /// MidLetter: joins letters (`a:b`).
    MidLetter,
    /// MidNumLet and Single_Quote: join letters or digits (`13.2`, `customer's`).
    MidNumLet,
    /// MidNum: joins digits (`1,000`).
    MidNum,
    /// ExtendNumLet (`_`): joins to letters, digits and itself.
    ExtendNumLet,
    /// Everything that always breaks (spaces, most punctuation, `§`).
    Other,
}

/// The word-break class of `c`, for the characters the fast path knows.
/// `None` sends the whole text to the `unicode-segmentation` crate.
fn class(c: char) -> Option<Class> {
    use Class::*;
    Some(match c {
        'a'..='z' | 'A'..='Z' => Letter,
        '0'..='9' => Digit,
        '_' => ExtendNumLet,
        '.' | '\'' | '\u{2018}' | '\u{2019}' => MidNumLet,
        ':' | '\u{b7}' => MidLetter,
        ',' | ';' => MidNum,
        '\u{0}'..='\u{7f}' => Other,
        // Latin-1: ª µ ¸ º are letters, the soft hyphen is Format (not handled).
        '\u{aa}' | '\u{b5}' | '\u{b8}' | '\u{ba}' => Letter,
        '\u{ad}' => return None,
        '\u{a0}'..='\u{bf}' | '\u{d7}' | '\u{f7}' => Other,
        '\u{c0}'..='\u{17f}' => Letter,
        // Dashes, quotation marks, bullets, ellipsis, per mille, primes,
        // guillemets, euro sign.
        '\u{2010}'..='\u{2017}'
        | '\u{201a}'..='\u{2023}'
        | '\u{2025}'..='\u{2026}'
        | '\u{2030}'..='\u{203a}'
        | '\u{20ac}' => Other,
        _ => return None,
    })
}

/// Whether every character of `text` has a [`class`].
fn known(text: &str) -> bool {
    text.is_ascii() || text.chars().all(|c| c.is_ascii() || class(c).is_some())
}

/// [`class`] of every ASCII character, as a table.
static ASCII_CLASS: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Digit,
            b'_' => Class::ExtendNumLet,
            b'.' | b'\'' => Class::MidNumLet,
            b':' => Class::MidLetter,
            b',' | b';' => Class::MidNum,
            _ => Class::Other,
        };
        b += 1;
    }
    table
};

/// The class and byte length of the character at `at`, if any.
fn class_at(text: &str, at: usize) -> Option<(Class, usize)> {
    let &b = text.as_bytes().get(at)?;
    if let Some(&c) = ASCII_CLASS.get(usize::from(b)) {
        return Some((c, 1));
    }
    let c = text.get(at..)?.chars().next()?;
    Some((class(c).unwrap_or(Class::Other), c.len_utf8()))
}

/// The end of the segment that starts at `start` (UAX #29 rules WB5–WB13b
/// for the classes of [`Class`]; all other positions break).
fn segment_end(text: &str, start: usize) -> usize {
    use Class::*;
    let Some((first, len)) = class_at(text, start) else {
        return text.len();
    };
    let mut end = start + len;
    if !matches!(first, Letter | Digit | ExtendNumLet) {
        return end;
    }
    let mut prev = first;
    while let Some((c, len)) = class_at(text, end) {
        match c {
            Letter | Digit | ExtendNumLet => {
                // WB5, WB8, WB9, WB10, WB13a, WB13b.
                end += len;
                prev = c;
            }
            MidLetter | MidNumLet | MidNum => {
                // WB6/WB7 (letters) and WB11/WB12 (digits): a middle
                // character joins only between two of the same kind.
                let Some((after, after_len)) = class_at(text, end + len) else {
                    break;
                };
                let letters = prev == Letter && after == Letter && c != MidNum;
                let digits = prev == Digit && after == Digit && c != MidLetter;
                if !(letters || digits) {
                    break;
                }
                end += len + after_len;
                prev = after;
            }
            Other => break,
        }
    }
    end
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((offset, segment)) = self.segments.next_segment() {
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

    /// Tokens as (text, offset, position), from the fast path where it
    /// applies (`fast`) or always from `unicode-segmentation`.
    fn tokens(input: &str, fast: bool) -> Vec<(String, usize, usize)> {
        let mut token = Token::default();
        let segments = if fast {
            Segments::new(input)
        } else {
            Segments {
                text: input,
                line_end: input.len(),
                mode: Mode::Unicode {
                    words: input.split_word_bound_indices(),
                    base: 0,
                },
            }
        };
        let mut stream = WordTokenStream {
            segments,
            token: &mut token,
        };
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.position));
        }
        out
    }

    #[test]
    fn ascii_table_matches_class() {
        for b in 0..128u8 {
            assert_eq!(
                Some(ASCII_CLASS[usize::from(b)]),
                class(char::from(b)),
                "{b}"
            );
        }
    }

    #[test]
    fn fast_path_agrees_with_uax29_on_examples() {
        for input in [
            "§ 14 Abs. 2 BGB i.V.m. § 307 Abs. 1 S. 1",
            "Gewährleistungsansprüche des Käufers verjähren in 12 Monaten.",
            "the Customer's data, 1,000.00 EUR; a:b a.b 3.a a.3 1;2 1:2 x_y _z 9_",
            "„Kunde“ – Müller‘s ‚x‘ ‘y’ 1’000 a’b ½ ² µm ªb º× a·b 1·2 ÷",
            "Straße ÆØÅ æøå Łódź œuvre ſ € … ‰ «Zitat» ‹x›",
            "a..b a''b a.'b 1.,2 1,.2 .a a. ' '. 1. ,1",
            "trailing mid: abc. abc' abc, 12. 12, 12;",
        ] {
            assert!(known(input), "{input:?} should take the fast path");
            assert_eq!(tokens(input, true), tokens(input, false), "{input:?}");
        }
        // Characters the fast path does not know send the text to the crate.
        for input in [
            "Ver\u{ad}trag",
            "a\u{301}b",
            "日本語",
            "x\u{202f}y",
            "a\u{2024}b",
        ] {
            assert!(!known(input), "{input:?}");
        }
    }

    /// Every character the fast path handles.
    fn known_chars() -> Vec<char> {
        (0..0x2100)
            .filter_map(char::from_u32)
            .filter(|c| class(*c).is_some())
            .collect()
    }

    proptest::proptest! {
        /// The fast path segments exactly as UAX #29 does, on text made of
        /// the characters it knows mixed with some it does not (lines with
        /// unknown characters go to the crate, the others do not).
        #[test]
        fn fast_path_agrees_with_uax29(
            chars in proptest::collection::vec(
                proptest::prop_oneof![
                    8 => proptest::sample::select(known_chars()),
                    1 => proptest::char::any(),
                ],
                0..40,
            )
        ) {
            let input: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(tokens(&input, true), tokens(&input, false));
        }
    }

    #[test]
    fn overlong_words_are_dropped() {
        let long = "a".repeat(MAX_WORD_BYTES + 1);
        check(&format!("x {long} y"), &["x", "y"]);
    }
}
