//! Language detection per clause. Pure.

use crate::model::Language;

/// Detects whether `text` is German or English; short or unclear text gets `fallback`.
///
/// Placeholder: counts a few function words.
pub fn detect(text: &str, fallback: Language) -> Language {
    let mut de = 0i32;
    let mut en = 0i32;
    for w in text.split(|c: char| !c.is_alphabetic()).take(200) {
        match w.to_lowercase().as_str() {
            "der" | "die" | "das" | "und" | "ist" | "nicht" | "mit" | "von" | "für" | "zu" => {
                de += 1
            }
            "the" | "and" | "of" | "is" | "to" | "not" | "with" | "for" | "by" | "shall" => en += 1,
            _ => {}
        }
    }
    if de > en {
        Language::De
    } else if en > de {
        Language::En
    } else {
        fallback
    }
}
