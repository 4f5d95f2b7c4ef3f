//! Language detection per clause: German or English. Pure.
//!
//! A stop-word vote over the first [`SAMPLE_BYTES`] of the text decides
//! almost every clause in microseconds: each German or English function word
//! is one vote. A clear vote (at least [`MIN_VOTES`] votes, and twice as many
//! for the winner) decides; otherwise whatlang, restricted to German and
//! English, breaks the tie on the same sample, and only when it is reliable.
//! Short or unclear text gets the caller's fallback (the document language).

use crate::model::Language;
use crate::text::floor_boundary;
use std::sync::LazyLock;
use whatlang::{Detector, Lang};

/// Bytes of text looked at (cut back to a char boundary).
pub const SAMPLE_BYTES: usize = 600;
/// Fewest stop-word votes that decide without whatlang.
pub const MIN_VOTES: usize = 3;

/// whatlang restricted to German and English, built once.
static DETECTOR: LazyLock<Detector> =
    LazyLock::new(|| Detector::with_allowlist(vec![Lang::Deu, Lang::Eng]));

/// The language a stop word votes for. A `match` compiles to a length and
/// byte switch, so a word costs a few comparisons instead of a scan of both
/// lists (it runs once per word of every clause while indexing).
pub(crate) fn stop_word(w: &str) -> Option<Language> {
    match w {
        "der" | "die" | "das" | "und" | "ist" | "nicht" | "mit" | "von" | "den" | "des" | "dem"
        | "ein" | "eine" | "einer" | "eines" | "oder" | "auf" | "im" | "sich" | "wird"
        | "werden" | "bei" | "durch" | "nach" | "zur" | "zum" | "auch" | "sind" | "als" | "wir"
        | "ihre" | "ihr" | "sie" | "soweit" | "gegen" | "über" | "für" | "zu" | "kann"
        | "können" | "gilt" | "diese" | "dieser" | "haben" | "hat" | "sofern" | "wenn" | "aus" => {
            Some(Language::De)
        }
        "the" | "and" | "of" | "to" | "is" | "not" | "with" | "for" | "by" | "shall" | "be"
        | "or" | "this" | "any" | "such" | "that" | "are" | "as" | "on" | "which" | "we"
        | "you" | "your" | "may" | "will" | "from" | "its" | "all" | "our" | "other" | "has"
        | "have" | "under" | "agreement" | "if" | "at" => Some(Language::En),
        _ => None,
    }
}

/// Detects whether `text` is German or English; short or unclear text gets `fallback`.
pub fn detect(text: &str, fallback: Language) -> Language {
    let end = floor_boundary(text, SAMPLE_BYTES);
    let sample = text.get(..end).unwrap_or("");
    let (de, en) = vote(sample);
    if de + en >= MIN_VOTES {
        if de >= 2 * en.max(1) {
            return Language::De;
        }
        if en >= 2 * de.max(1) {
            return Language::En;
        }
    }
    match DETECTOR.detect(sample) {
        Some(info) if info.is_reliable() => match info.lang() {
            Lang::Deu => Language::De,
            _ => Language::En,
        },
        _ => fallback,
    }
}

/// Counts German and English stop words in `sample`, without allocating.
fn vote(sample: &str) -> (usize, usize) {
    let mut de = 0;
    let mut en = 0;
    let mut lower = [0u8; 12];
    for word in Words(sample) {
        let bytes = word.as_bytes();
        if bytes.is_empty() || bytes.len() > lower.len() {
            continue;
        }
        let Some(buf) = lower.get_mut(..bytes.len()) else {
            continue;
        };
        for (l, b) in buf.iter_mut().zip(bytes) {
            *l = b.to_ascii_lowercase();
        }
        // Non-ASCII bytes (ü in "für") pass unchanged; the lists hold lower case.
        let Ok(w) = std::str::from_utf8(buf) else {
            continue;
        };
        let w = match w {
            "Über" | "ÜBER" => "über",
            "Für" | "FÜR" => "für",
            other => other,
        };
        match stop_word(w) {
            Some(Language::De) => de += 1,
            Some(Language::En) => en += 1,
            None => {}
        }
    }
    (de, en)
}

/// The runs of alphabetic characters of a text (what `split` on
/// non-alphabetic characters yields, without the empty pieces), with ASCII
/// handled byte by byte.
struct Words<'a>(&'a str);

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let text = self.0;
        // The length of the alphabetic (or not) character at `i`, as (len, alphabetic).
        let at = |i: usize| -> Option<(usize, bool)> {
            let &b = text.as_bytes().get(i)?;
            if b.is_ascii() {
                return Some((1, b.is_ascii_alphabetic()));
            }
            let c = text.get(i..)?.chars().next()?;
            Some((c.len_utf8(), c.is_alphabetic()))
        };
        let mut start = 0;
        while let Some((len, alphabetic)) = at(start) {
            if alphabetic {
                break;
            }
            start += len;
        }
        if start >= text.len() {
            self.0 = "";
            return None;
        }
        let mut end = start;
        while let Some((len, true)) = at(end) {
            end += len;
        }
        self.0 = text.get(end..).unwrap_or("");
        text.get(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::{De, En};

    fn check(text: &str, fallback: Language, expected: Language) {
        assert_eq!(detect(text, fallback), expected, "{text:?}");
    }

    #[test]
    fn clauses() {
        check(
            "Der Vertrag kann mit einer Frist von einem Monat gekündigt werden.",
            En,
            De,
        );
        check(
            "Die Haftung für leichte Fahrlässigkeit ist ausgeschlossen.",
            En,
            De,
        );
        check(
            "Either party may terminate this Agreement with 30 days notice.",
            De,
            En,
        );
        check("The Customer shall pay all fees within 14 days.", De, En);
        check("Gerichtsstand ist München.", En, De);
        // One vote and no reliable trigram verdict: the document language wins.
        check("Governing law and jurisdiction", De, De);
        check("Governing law and jurisdiction", En, En);
        check("This Agreement is governed by the laws of Germany.", De, En);
        check("§ 14", De, De);
        check("§ 14", En, En);
        check("Actimi GmbH", En, En);
        check("", De, De);
        check("Für Über", En, De);
    }

    proptest::proptest! {
        /// `Words` yields exactly the non-empty pieces of splitting on
        /// non-alphabetic characters.
        #[test]
        fn words_are_alphabetic_runs(text in "[a-zA-Z0-9äöüßÄ§„“ .,;()\\-\\n\\u{0300}\\u{4e00}]{0,40}|\\PC{0,30}") {
            let expected: Vec<&str> = text
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
                .collect();
            let got: Vec<&str> = Words(&text).collect();
            proptest::prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn sample_is_cut_at_char_boundary() {
        let text = "ä".repeat(SAMPLE_BYTES);
        check(&text, De, De);
        check(&text, En, En);
    }
}
