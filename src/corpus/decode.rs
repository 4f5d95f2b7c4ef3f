//! Bytes to text: UTF-8 (with or without BOM), UTF-16, legacy encodings
//! guessed by chardetng, and files that are no text at all.

use std::borrow::Cow;
use std::fmt;

/// How a file's bytes were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Valid UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (removed).
    Utf8Bom,
    /// UTF-16 little endian, with a byte-order mark.
    Utf16Le,
    /// UTF-16 big endian, with a byte-order mark.
    Utf16Be,
    /// A legacy single-byte encoding, as guessed (usually windows-1252).
    Legacy(&'static str),
    /// UTF-8 (with or without BOM) except for a few invalid byte sequences,
    /// each replaced by U+FFFD; the number of replacements.
    Utf8Repaired(usize),
}

impl Encoding {
    /// The warning a file in this encoding gets, if any.
    pub fn warning(self) -> Option<String> {
        match self {
            Encoding::Legacy(name) => Some(format!("not UTF-8; decoded as {name}")),
            Encoding::Utf8Repaired(n) => Some(format!(
                "invalid UTF-8 in {n} place{}, replaced by U+FFFD",
                if n == 1 { "" } else { "s" }
            )),
            _ => None,
        }
    }
}

/// How much of `bytes` is broken UTF-8: the invalid sequences (each one
/// U+FFFD in a lossy decoding) and the valid non-ASCII characters.
fn utf8_damage(bytes: &[u8]) -> (usize, usize) {
    let mut invalid = 0;
    let mut non_ascii = 0;
    for chunk in bytes.utf8_chunks() {
        non_ascii += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    (invalid, non_ascii)
}

/// UTF-8 decoded with each invalid sequence replaced by U+FFFD, when that
/// is what the bytes are: they hold at least as many valid non-ASCII
/// characters as invalid sequences. Text in a legacy encoding has (almost)
/// no valid multi-byte sequence, so every umlaut counts as invalid.
fn repaired_utf8(bytes: &[u8]) -> Option<(Cow<'_, str>, usize)> {
    let (invalid, non_ascii) = utf8_damage(bytes);
    (invalid > 0 && non_ascii >= invalid).then(|| (String::from_utf8_lossy(bytes), invalid))
}

/// Turns each lone CR (old Mac line ends) into LF, so that every reader of
/// the text, the chunker and the line numbers of citations alike, sees the
/// same lines. CR and LF are one byte each: byte offsets are unchanged.
fn lone_cr_to_lf(text: Cow<'_, str>) -> Cow<'_, str> {
    let b = text.as_bytes();
    let lone = |i: usize| b[i] == b'\r' && b.get(i + 1) != Some(&b'\n');
    if !(0..b.len()).any(lone) {
        return text;
    }
    let mut bytes = text.into_owned().into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes.
    Cow::Owned(String::from_utf8(bytes).unwrap_or_default())
}

/// Decodes a later piece of a file (`crate::corpus::piece_end`) in the
/// encoding its first piece was decoded in (by [`decode`]): the same text
/// as decoding the whole file would give at that place, as long as pieces
/// are cut at line starts. Returns the invalid UTF-8 sequences replaced.
/// Pure.
pub fn decode_more(
    bytes: &[u8],
    encoding: Encoding,
) -> std::result::Result<(Cow<'_, str>, usize), Unreadable> {
    let other = match encoding {
        Encoding::Legacy(name) => Some(
            encoding_rs::Encoding::for_label(name.as_bytes()).unwrap_or(encoding_rs::WINDOWS_1252),
        ),
        Encoding::Utf16Le => Some(encoding_rs::UTF_16LE),
        Encoding::Utf16Be => Some(encoding_rs::UTF_16BE),
        Encoding::Utf8 | Encoding::Utf8Bom | Encoding::Utf8Repaired(_) => None,
    };
    let (text, repaired) = match other {
        Some(enc) => (enc.decode_without_bom_handling(bytes).0, 0),
        None => match std::str::from_utf8(bytes) {
            Ok(s) => (Cow::Borrowed(s), 0),
            Err(_) => (String::from_utf8_lossy(bytes), utf8_damage(bytes).0),
        },
    };
    if text.contains('\0') {
        return Err(Unreadable::Binary);
    }
    Ok((lone_cr_to_lf(text), repaired))
}

/// Why a file's bytes are not text klausel can index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// Zero bytes, or only white space.
    Empty,
    /// NUL bytes or other signs of a binary file.
    Binary,
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unreadable::Empty => f.write_str("empty file, skipped"),
            Unreadable::Binary => f.write_str("binary file (contains NUL bytes), skipped"),
        }
    }
}

/// Decodes a file's bytes to text: UTF-8 (with or without BOM), UTF-16 with
/// a BOM, or a legacy encoding such as windows-1252 guessed from the bytes.
/// Pure.
pub fn decode(bytes: &[u8]) -> std::result::Result<(Cow<'_, str>, Encoding), Unreadable> {
    let (text, enc): (Cow<'_, str>, Encoding) =
        if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            match repaired_utf8(rest) {
                Some((t, n)) => (t, Encoding::Utf8Repaired(n)),
                None => (String::from_utf8_lossy(rest), Encoding::Utf8Bom),
            }
        } else if bytes.starts_with(b"\xFF\xFE") {
            let (t, _) = encoding_rs::UTF_16LE.decode_with_bom_removal(bytes);
            (Cow::Owned(t.into_owned()), Encoding::Utf16Le)
        } else if bytes.starts_with(b"\xFE\xFF") {
            let (t, _) = encoding_rs::UTF_16BE.decode_with_bom_removal(bytes);
            (Cow::Owned(t.into_owned()), Encoding::Utf16Be)
        } else {
            let head = &bytes[..bytes.len().min(8192)];
            if head.contains(&0) {
                return Err(Unreadable::Binary);
            }
            match std::str::from_utf8(bytes) {
                Ok(s) => (Cow::Borrowed(s), Encoding::Utf8),
                Err(_) => match repaired_utf8(bytes) {
                    Some((t, n)) => (t, Encoding::Utf8Repaired(n)),
                    None => {
                        let mut det = chardetng::EncodingDetector::new();
                        det.feed(bytes, true);
                        let mut guess = det.guess(None, false);
                        // Legal text whose only non-ASCII bytes are lone
                        // signs (`§`, `€`, doubled as in `§§ 9`) is
                        // windows-1252; chardetng guesses IBM866 for it
                        // (`§` is 0xA7, a Cyrillic letter there). Text in
                        // another script has words of two or more
                        // different such bytes in a row.
                        let word = |w: &[u8]| w[0] >= 0x80 && w[1] >= 0x80 && w[0] != w[1];
                        if guess != encoding_rs::WINDOWS_1252 && !bytes.windows(2).any(word) {
                            guess = encoding_rs::WINDOWS_1252;
                        }
                        let (t, _, _) = guess.decode(bytes);
                        (Cow::Owned(t.into_owned()), Encoding::Legacy(guess.name()))
                    }
                },
            }
        };
    if text.trim().is_empty() {
        return Err(Unreadable::Empty);
    }
    if text.contains('\0') {
        return Err(Unreadable::Binary);
    }
    Ok((lone_cr_to_lf(text), enc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn legacy(text: &str, encoding: &'static encoding_rs::Encoding) -> (String, Encoding) {
        let (bytes, _, _) = encoding.encode(text);
        let (decoded, enc) = decode(&bytes).expect("text");
        (decoded.into_owned(), enc)
    }

    /// English terms whose only non-ASCII characters are `§` and `€`.
    #[test]
    fn section_signs_alone_are_windows_1252() {
        let text = include_str!("../../corpus/cms-gtc.txt").to_string();
        assert!(text
            .chars()
            .filter(|c| !c.is_ascii())
            .all(|c| c == '§' || c == '€'));
        assert_eq!(
            legacy(&text, encoding_rs::WINDOWS_1252),
            (text, Encoding::Legacy("windows-1252"))
        );
    }

    #[test]
    fn umlauts_are_windows_1252_and_cyrillic_stays_cyrillic() {
        let german = "Die Gewährleistung für Mängel beträgt zwölf Monate.\n".repeat(10);
        assert_eq!(
            legacy(&german, encoding_rs::WINDOWS_1252),
            (german, Encoding::Legacy("windows-1252"))
        );
        let russian = "Настоящие условия применяются ко всем договорам поставки.\n".repeat(10);
        assert_eq!(
            legacy(&russian, encoding_rs::WINDOWS_1251),
            (russian, Encoding::Legacy("windows-1251"))
        );
    }
}
