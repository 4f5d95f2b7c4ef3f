//! Text helpers shared by every layer: folding names for matching, label
//! keys, cutting strings at character boundaries, Roman numerals,
//! postcodes. Pure, `std` only.

/// Folds a name for matching: lowercase, accents and umlauts removed, runs
/// of non-alphanumerics turned into one space. `Actimi GmbH` → `actimi gmbh`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        let mapped: &str = match c {
            'ä' | 'à' | 'á' | 'â' | 'ã' | 'å' => "a",
            'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ø' => "o",
            'ü' | 'ù' | 'ú' | 'û' => "u",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'í' | 'ì' | 'î' | 'ï' => "i",
            'ç' => "c",
            'ñ' => "n",
            'ß' => "ss",
            _ => "",
        };
        if !mapped.is_empty() {
            out.push_str(mapped);
            space = false;
        } else if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space && !out.is_empty() {
            out.push(' ');
            space = true;
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Folds a section or clause label for lookup: `§ 23` → `23`, `§ 23 (7)`,
/// `§ 23 Abs. 7` and `Section 23 para. 7` → `23 7`. The words that only
/// name the kind of unit are dropped.
pub fn label_key(s: &str) -> String {
    const UNIT_WORDS: &[&str] = &[
        "abs",
        "absatz",
        "art",
        "artikel",
        "article",
        "cl",
        "clause",
        "nr",
        "no",
        "para",
        "paragraph",
        "sec",
        "section",
        "ziff",
        "ziffer",
    ];
    let folded = fold(&s.replace(['§', '.'], " "));
    let words: Vec<&str> = folded
        .split(' ')
        .filter(|w| !w.is_empty() && !UNIT_WORDS.contains(w))
        .collect();
    words.join(" ")
}

/// The largest char boundary of `s` at or below `i` (`s.len()` when `i` is
/// past the end): where to cut `s` to at most `i` bytes.
pub fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `s` at or above `i` (at most `s.len()`).
pub fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `n` in upper-case Roman numerals (`XIV`), as list numbering draws it;
/// 0 and numbers above 3999 stay decimal.
pub fn roman(mut n: u32) -> String {
    const T: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// A postcode with its country letters: `D-10115`, `A-1010`, `CH-8001`
/// (never part of a company name, never a heading).
pub fn is_postcode(word: &str) -> bool {
    word.split_once('-').is_some_and(|(country, code)| {
        (1..=2).contains(&country.len())
            && country.bytes().all(|b| b.is_ascii_uppercase())
            && (4..=6).contains(&code.len())
            && code.bytes().all(|b| b.is_ascii_digit())
    })
}
