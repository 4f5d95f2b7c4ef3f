// The German folding rules, without dependencies: `german_normalizer.rs`
// and `build.rs` (which normalises the compound dictionary at compile time)
// both `include!` this file.

/// Writes the normalised form of `text` into `out` (cleared first).
pub fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    // The previous character of the source, before folding.
    let mut before_prev: Option<char> = None;
    let mut prev: Option<char> = None;
    for c in text.chars() {
        match c {
            'ä' => out.push('a'),
            'ö' => out.push('o'),
            'ü' => out.push('u'),
            'ß' => out.push_str("ss"),
            'e' if matches!(prev, Some('a' | 'o')) => {}
            'e' if prev == Some('u') && !before_prev.is_some_and(is_vowel_or_q) => {}
            _ => out.push(c),
        }
        before_prev = prev;
        prev = Some(c);
    }
}

fn is_vowel_or_q(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ä' | 'ö' | 'ü' | 'q')
}
