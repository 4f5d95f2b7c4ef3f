//! Where to cut a huge file's bytes into pieces that are read, decoded,
//! chunked and indexed one at a time (issue 19): at a document start when
//! there is one, so that each piece chunks as the whole file would. Pure.

/// Where the piece at the start of a buffer ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// The piece is the buffer's first `end` bytes. `continues`: the next
    /// piece starts inside a document (no document start was found).
    At {
        /// The end of the piece, exclusive.
        end: usize,
        /// The next piece starts inside a document.
        continues: bool,
    },
    /// Read more before cutting.
    NeedMore,
}

/// The end of the piece at the start of `buf`, whose bytes are a text in
/// UTF-8 or a single-byte encoding, cut at a line start:
/// - at the first pandoc title block (`% Title` over `% Date`, or after a
///   blank line; only when `pandoc`, i.e. the file opens with one) that
///   starts `target` bytes or more into the piece, within `max` bytes: the
///   chunker starts a document there;
/// - else, once `max` bytes are read, after the last blank line within
///   them past `target`, else after the last line end, else at a character
///   boundary (never between CR and LF);
/// - else, at the end of the file (`eof`), all of it.
pub fn piece_end(buf: &[u8], target: usize, max: usize, pandoc: bool, eof: bool) -> Cut {
    let max = max.max(target).max(1);
    let window = buf.len().min(max);
    if pandoc {
        if let Some(end) = title_block_at_or_after(buf, target, window) {
            return Cut::At {
                end,
                continues: false,
            };
        }
    }
    if buf.len() < max && !eof {
        return Cut::NeedMore;
    }
    if buf.len() <= max {
        return Cut::At {
            end: buf.len(),
            continues: false,
        };
    }
    let head = &buf[..max];
    let from = target.min(max);
    let blank = (from..max).rev().find(|&i| {
        head[i] == b'\n' && {
            let before = head[..i].iter().rposition(|&b| b == b'\n');
            before.is_some_and(|b| head[b + 1..i].iter().all(u8::is_ascii_whitespace))
        }
    });
    let end = blank
        .or_else(|| head.iter().rposition(|&b| b == b'\n'))
        .map(|i| i + 1)
        .unwrap_or_else(|| char_boundary(buf, max));
    Cut::At {
        end,
        continues: true,
    }
}

/// The start of the first line at or after `from` (and before `to`) that
/// opens a pandoc title block, as the chunker sees one
/// ([`crate::chunk::opens_title_block`]).
fn title_block_at_or_after(buf: &[u8], from: usize, to: usize) -> Option<usize> {
    // From the line end just before `from`: a line may start at `from`.
    let mut at = from.max(1) - 1;
    let line = |s: usize| {
        let rest = buf.get(s..).unwrap_or_default();
        let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        rest[..end].trim_ascii()
    };
    while at < to {
        let nl = at + buf.get(at..to)?.iter().position(|&b| b == b'\n')?;
        let start = nl + 1;
        if start >= to {
            return None;
        }
        at = start;
        let this = line(start);
        if !this.starts_with(b"% ") {
            continue;
        }
        let prev_start = buf[..nl]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let after = buf[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(&b""[..], |p| line(start + p + 1));
        if crate::chunk::opens_title_block(this, line(prev_start), after) {
            return Some(start);
        }
    }
    None
}

/// `at`, or the closest position before it (else after it) that is not
/// inside a UTF-8 sequence nor between CR and LF, and not 0, so that a
/// piece is never empty. Bytes of a single-byte encoding that look like a
/// long UTF-8 continuation are cut at `at`.
fn char_boundary(buf: &[u8], at: usize) -> usize {
    let at = at.min(buf.len());
    let ok = |i: usize| {
        i >= 1
            && !buf.get(i).is_some_and(|&b| (0x80..0xC0).contains(&b))
            && !(buf.get(i - 1) == Some(&b'\r') && buf.get(i) == Some(&b'\n'))
    };
    (at.saturating_sub(4)..=at)
        .rev()
        .find(|&i| ok(i))
        .or_else(|| (at + 1..=buf.len().min(at + 4)).find(|&i| ok(i)))
        .unwrap_or(at.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(end: usize, continues: bool) -> Cut {
        Cut::At { end, continues }
    }

    fn cut(text: &str, target: usize, max: usize, pandoc: bool, eof: bool) -> Cut {
        piece_end(text.as_bytes(), target, max, pandoc, eof)
    }

    const LAWS: &str = "% Erstes Gesetz\n% Ausfertigungsdatum: 1.1.2000\n \n# § 1 – Eins\n\nText.\n\
                        % Zweites Gesetz\n% Ausfertigungsdatum: 2.2.2000\n \n# § 1 – Zwei\n\nMehr.\n";

    #[test]
    fn cuts_at_the_next_title_block() {
        let second = LAWS.find("% Zweites").expect("second law");
        assert_eq!(cut(LAWS, 1, 1000, true, false), at(second, false));
        // Not before `target`; at the end of the file, the rest.
        assert_eq!(cut(LAWS, second + 1, 1000, true, false), Cut::NeedMore);
        assert_eq!(
            cut(LAWS, second + 1, 1000, true, true),
            at(LAWS.len(), false)
        );
        // A title block's second line, a wrapped `% of`, and files that do
        // not open with a title block are no cut.
        let wrapped = "% Gesetz\n% Datum\n\nzehn\n% of the price\nDann\n% Date\n";
        assert_eq!(cut(wrapped, 1, 1000, true, false), Cut::NeedMore);
        assert_eq!(cut(LAWS, 1, 1000, false, false), Cut::NeedMore);
    }

    #[test]
    fn without_a_title_cuts_after_a_blank_line_then_a_line_end() {
        let text = "one line\n\nsecond paragraph\nnext line\nlast";
        assert_eq!(cut(text, 0, 30, false, false), at(10, true));
        assert_eq!(cut(text, 12, 30, false, false), at(27, true));
        // One long line: at a character boundary, never inside `ä`, never
        // between CR and LF.
        let long = "aaaä bbb";
        assert_eq!(cut(long, 0, 4, false, false), at(3, true));
        assert_eq!(cut("ab\r\ncd", 0, 3, false, false), at(2, true));
    }

    #[test]
    fn short_texts_wait_for_more_or_end() {
        assert_eq!(cut("abc", 0, 10, false, false), Cut::NeedMore);
        assert_eq!(cut("abc", 0, 10, false, true), at(3, false));
    }

    proptest::proptest! {
        /// Any text, cut piece by piece to its end, is cut into non-empty
        /// pieces of at most `max` bytes at character boundaries, never
        /// between CR and LF, that join to the whole.
        #[test]
        fn pieces_join_to_the_text(
            text in "(% [A-Z][a-z]{0,5}\n|[a-zäöü §%]{0,12}\n|\n|\r\n|\r)*",
            target in 1usize..40,
            extra in 0usize..40,
            pandoc: bool,
        ) {
            let max = target + extra;
            let mut rest = text.as_str();
            let mut joined = String::new();
            while !rest.is_empty() {
                let Cut::At { end, .. } = piece_end(rest.as_bytes(), target, max, pandoc, true) else {
                    panic!("NeedMore at the end of the text");
                };
                // Over `max` only to end a character or a CR LF it would cut.
                proptest::prop_assert!(end >= 1 && end <= rest.len(), "{end} in {rest:?}");
                proptest::prop_assert!(end <= max || end <= 4, "{end} in {rest:?}");
                proptest::prop_assert!(rest.is_char_boundary(end), "{end} in {rest:?}");
                proptest::prop_assert!(
                    !(rest[..end].ends_with('\r') && rest[end..].starts_with('\n')),
                    "{end} between CR and LF in {rest:?}"
                );
                joined.push_str(&rest[..end]);
                rest = &rest[end..];
            }
            proptest::prop_assert_eq!(joined, text);
        }
    }
}
