//! Highlights: which words of a clause matched, and short snippets around them.
//!
//! The clause is analysed again with its language's analyzer; a word is
//! highlighted when any of its tokens (the whole word or a compound part)
//! is a query term, starts with a query prefix, or begins a query phrase.
//! This covers stems, compound parts, thesaurus expansions and prefixes alike.

use super::plan::HighlightSpec;
use crate::analysis;
use crate::model::Language;
use crate::text::{ceil_boundary, floor_boundary};
use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;

/// Byte ranges of the matched words in `text`, sorted, merged.
///
/// The text is analysed as a stream, without keeping its tokens: `compare`
/// highlights one clause per vendor, and contract clauses run to pages.
pub fn matches(spec: &HighlightSpec, lang: Language, text: &str) -> Vec<Range<usize>> {
    let i = match lang {
        Language::De => 0,
        Language::En => 1,
    };
    let (terms, phrases, prefixes) = (&spec.terms[i], &spec.phrases[i], &spec.prefixes[i]);
    if terms.is_empty() && phrases.is_empty() && prefixes.is_empty() {
        return Vec::new();
    }
    let terms: FxHashSet<&str> = terms.iter().map(String::as_str).collect();
    // The words of the phrases as numbers, and the phrases by first word.
    let mut vocabulary: FxHashMap<&str, u32> = FxHashMap::default();
    let mut by_first: FxHashMap<u32, Vec<Vec<u32>>> = FxHashMap::default();
    for phrase in phrases.iter().filter(|p| !p.is_empty()) {
        let ids: Vec<u32> = phrase
            .iter()
            .map(|w| {
                let next = vocabulary.len() as u32;
                *vocabulary.entry(w.as_str()).or_insert(next)
            })
            .collect();
        by_first.entry(ids[0]).or_default().push(ids);
    }
    let mut out: Vec<Range<usize>> = Vec::new();
    // Per word (the tokens at one position: the whole word, then compound
    // parts): its offsets and the number of its first token in `vocabulary`.
    let mut words: Vec<(Range<usize>, u32)> = Vec::new();
    let mut position = None;
    let mut hit = false;
    let mut analyzer = analysis::analyzer(lang);
    let mut stream = analyzer.token_stream(text);
    while let Some(t) = stream.next() {
        if position != Some(t.position) {
            if hit {
                if let Some((offsets, _)) = words.last() {
                    out.push(offsets.clone());
                }
            }
            position = Some(t.position);
            hit = false;
            let id = vocabulary.get(t.text.as_str()).copied().unwrap_or(u32::MAX);
            words.push((t.offset_from..t.offset_to, id));
        }
        hit = hit
            || terms.contains(t.text.as_str())
            || prefixes.iter().any(|p| t.text.starts_with(p.as_str()));
    }
    if hit {
        if let Some((offsets, _)) = words.last() {
            out.push(offsets.clone());
        }
    }
    for start in 0..words.len() {
        let Some(candidates) = by_first.get(&words[start].1) else {
            continue;
        };
        for phrase in candidates {
            let Some(span) = words.get(start..start + phrase.len()) else {
                continue;
            };
            if span.iter().zip(phrase).all(|((_, id), p)| id == p) {
                if let (Some(first), Some(last)) = (span.first(), span.last()) {
                    out.push(first.0.start..last.0.end);
                }
            }
        }
    }
    out.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in out {
        match merged.last_mut() {
            Some(m) if r.start <= m.end => m.end = m.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// How to mark highlighted words in a snippet.
#[derive(Debug, Clone, Copy)]
pub struct Marks {
    /// Before a highlighted word.
    pub open: &'static str,
    /// After a highlighted word.
    pub close: &'static str,
}

/// Markdown-style marks: `**word**`.
pub const PLAIN: Marks = Marks {
    open: "**",
    close: "**",
};

/// Longest snippet shown whole.
const WHOLE: usize = 320;
/// Context around each fragment, in bytes (adjusted to char boundaries).
const CONTEXT: usize = 90;
/// Longest fragment, in bytes.
const MAX_FRAGMENT: usize = 300;
/// Most fragments per snippet.
const FRAGMENTS: usize = 3;

/// Moves `i` forward to the start of a word (not past `limit`), so that a
/// fragment does not begin in the middle of one.
fn word_start(s: &str, i: usize, limit: usize) -> usize {
    let i = floor_boundary(s, i);
    if i == 0 {
        return 0;
    }
    match s[i..limit.max(i)].find(char::is_whitespace) {
        Some(k) => {
            let j = i + k;
            j + s[j..].chars().next().map_or(0, char::len_utf8)
        }
        None => i,
    }
}

/// Moves `i` back to the end of a word (not before `limit`).
fn word_end(s: &str, i: usize, limit: usize) -> usize {
    let i = ceil_boundary(s, i);
    if i >= s.len() {
        return s.len();
    }
    let from = ceil_boundary(s, limit.min(i));
    match s[from..i].rfind(char::is_whitespace) {
        Some(k) => from + k,
        None => i,
    }
}

/// A snippet of `text` with `hits` marked: the whole clause when short,
/// otherwise up to three fragments around the matches joined by ` … `.
/// White space is collapsed.
pub fn snippet(text: &str, hits: &[Range<usize>], marks: Marks) -> String {
    let windows: Vec<Range<usize>> = if text.len() <= WHOLE || hits.is_empty() {
        let end = if text.len() <= WHOLE {
            text.len()
        } else {
            floor_boundary(text, WHOLE)
        };
        std::iter::once(0..end).collect()
    } else {
        let mut w: Vec<Range<usize>> = Vec::new();
        for h in hits {
            if w.last().is_some_and(|last| h.end <= last.end) {
                continue;
            }
            let start = word_start(text, h.start.saturating_sub(CONTEXT), h.start);
            let end = word_end(text, h.end + CONTEXT, h.end);
            match w.last_mut() {
                Some(last) if start <= last.end && end - last.start <= MAX_FRAGMENT => {
                    last.end = end
                }
                Some(last) if start <= last.end => {
                    let from = last.end;
                    if w.len() == FRAGMENTS {
                        break;
                    }
                    w.push(from..end.max(from));
                }
                _ => {
                    if w.len() == FRAGMENTS {
                        break;
                    }
                    w.push(start..end);
                }
            }
        }
        w
    };
    let mut out = String::new();
    let mut prev_end = 0;
    for win in &windows {
        if win.start > prev_end {
            out.push_str(if prev_end > 0 { " … " } else { "… " });
        }
        prev_end = win.end;
        let mut pos = win.start;
        for h in hits
            .iter()
            .filter(|h| h.start >= win.start && h.end <= win.end)
        {
            push_collapsed(&mut out, &text[pos..h.start]);
            out.push_str(marks.open);
            push_collapsed(&mut out, &text[h.start..h.end]);
            out.push_str(marks.close);
            pos = h.end;
        }
        push_collapsed(&mut out, &text[pos..win.end]);
    }
    if windows.last().is_some_and(|w| w.end < text.len()) {
        out.push_str(" …");
    }
    out.trim().to_string()
}

fn push_collapsed(out: &mut String, s: &str) {
    let mut space = out.ends_with(' ');
    for c in s.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            out.push(c);
            space = false;
        }
    }
}

/// Converts byte ranges to char ranges (for JSON consumers).
pub fn char_ranges(text: &str, hits: &[Range<usize>]) -> Vec<[usize; 2]> {
    hits.iter()
        .map(|h| {
            let a = text.get(..h.start).map_or(0, |s| s.chars().count());
            let b = a + text.get(h.start..h.end).map_or(0, |s| s.chars().count());
            [a, b]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_marks_and_collapses() {
        let text = "The place of\n   jurisdiction is Stuttgart.";
        let a = text.find("place").unwrap();
        let b = text.find(" is").unwrap();
        assert_eq!(
            snippet(text, std::slice::from_ref(&(a..b)), PLAIN),
            "The **place of jurisdiction** is Stuttgart."
        );
        assert_eq!(
            char_ranges("Gewähr ist", std::slice::from_ref(&(8..11))),
            vec![[7, 10]]
        );
    }

    #[test]
    fn long_text_gets_fragments() {
        let text = format!(
            "{} target {} target {}",
            "a ".repeat(300),
            "b ".repeat(300),
            "c ".repeat(300)
        );
        let first = text.find("target").unwrap();
        let second = text.rfind("target").unwrap();
        let s = snippet(&text, &[first..first + 6, second..second + 6], PLAIN);
        assert!(s.starts_with("… "), "{s}");
        assert_eq!(s.matches("**target**").count(), 2, "{s}");
        assert!(s.contains(" … "), "{s}");
        assert!(s.len() < 600, "{}", s.len());
    }
}
