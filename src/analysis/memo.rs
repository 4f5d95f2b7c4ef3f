//! A per-thread memo of what the per-word part of an analyzer makes of each
//! word.
//!
//! Everything after tokenising (lowercasing, normalising, compound
//! splitting, stemming) looks at one word at a time, and legal text repeats a
//! small vocabulary. [`Memo`] runs that per-word chain once per distinct word and thread and
//! replays its terms afterwards: one hash lookup per token instead of one per
//! filter. All terms of a word keep the word's position and offsets, which is
//! what the per-word filters do themselves.
//!
//! The memo is cleared when it reaches [`CACHE_CAPACITY`] words, which bounds
//! its memory (a few MB per thread and language). In front of it, a small
//! direct-mapped cache holds recently seen words with their terms inline
//! ([`Hot`], 1 MB per thread and language, made once the memo holds a few
//! thousand words), so that a frequent word costs one cache line instead of
//! three cache misses.

use crate::model::Language;
use hashbrown::HashTable;
use rustc_hash::FxHasher;
use std::cell::RefCell;
use std::hash::Hasher;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};

/// Words per thread and language before the memo is cleared.
pub const CACHE_CAPACITY: usize = 250_000;

/// Separates the terms of one word in a memo entry (never part of a term:
/// the tokenizer only emits words, numbers and `§`).
const SEPARATOR: char = '\0';

/// One memoised word: the word and its terms in one allocation, so that a
/// lookup touches the table's slot and one heap block (the profile showed the
/// memo waiting on memory: a slot, the word and the terms were three cache
/// misses per token).
struct Entry {
    /// The word, then its terms joined by [`SEPARATOR`].
    data: Box<str>,
    /// Byte length of the word.
    word: u32,
    /// Byte length of the first term.
    first: u32,
}

impl Entry {
    fn word(&self) -> &str {
        self.data.get(..self.word as usize).unwrap_or("")
    }

    /// The first term and the others joined by [`SEPARATOR`] (empty for one
    /// term); `None` if the word has no term.
    fn terms(&self) -> Option<(&str, &str)> {
        split_terms(self.data.get(self.word as usize..)?, self.first as usize)
    }
}

/// `terms` (joined by [`SEPARATOR`]) as the first term, `first` bytes long,
/// and the rest; `None` if there is no term.
fn split_terms(terms: &str, first: usize) -> Option<(&str, &str)> {
    if terms.is_empty() {
        return None;
    }
    let head = terms.get(..first).unwrap_or(terms);
    let rest = terms.get(first + SEPARATOR.len_utf8()..).unwrap_or("");
    Some((head, rest))
}

/// Slots of the hot cache in front of a memo (a power of two): 16,384 slots
/// of 64 bytes, 1 MB, a core's L2 cache here. The 10,000 most frequent
/// words are about 92% of the words of the federal laws. (4,096 slots left
/// the memo at 11.8% of indexing gesetze, 16,384 at 10.8%; see
/// BENCHMARKS.md, issue 19 part 3.)
const HOT_SLOTS: usize = 16384;
/// Words in a memo before its hot cache is made: a query or a few
/// highlighted hits never pay for the 1 MB (one-shot `klausel search`
/// start-up is measured in milliseconds), an indexing run soon does.
const HOT_AFTER: usize = 4096;
/// Bytes of a word and its terms that fit in a hot slot.
const HOT_BYTES: usize = 52;

/// One slot of the hot cache: a word and its terms (as in [`Entry::data`])
/// inline, in one cache line. The main table costs a miss on its control
/// bytes, one on the slot and one on the heap block per token once it is
/// larger than the caches (it holds up to [`CACHE_CAPACITY`] words, and
/// tantivy's postings fill the caches between lookups); a frequent word is
/// found here with one line that stays cached.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Hot {
    hash: u64,
    /// Byte length of the word; 0 in an empty slot.
    word: u8,
    /// Byte length of the first term.
    first: u8,
    /// Bytes used in `bytes`.
    len: u8,
    bytes: [u8; HOT_BYTES],
}

impl Hot {
    const EMPTY: Hot = Hot {
        hash: 0,
        word: 0,
        first: 0,
        len: 0,
        bytes: [0; HOT_BYTES],
    };

    /// The slot for `entry`, if it has terms and fits.
    fn new(hash: u64, entry: &Entry) -> Option<Hot> {
        entry.terms()?;
        let data = entry.data.as_bytes();
        let mut hot = Hot {
            hash,
            word: u8::try_from(entry.word).ok()?,
            first: u8::try_from(entry.first).ok()?,
            len: u8::try_from(data.len()).ok()?,
            bytes: [0; HOT_BYTES],
        };
        hot.bytes.get_mut(..data.len())?.copy_from_slice(data);
        Some(hot)
    }

    /// The terms of `word` (see [`Entry::terms`]) if this slot holds it.
    #[inline]
    fn terms_of(&self, hash: u64, word: &str) -> Option<(&str, &str)> {
        if self.hash != hash || usize::from(self.word) != word.len() {
            return None;
        }
        let data = self.bytes.get(..usize::from(self.len))?;
        let (w, terms) = data.split_at_checked(word.len())?;
        if w != word.as_bytes() {
            return None;
        }
        split_terms(std::str::from_utf8(terms).ok()?, usize::from(self.first))
    }
}

/// The memo of one thread and language: the hot cache in front of a
/// `HashTable` of all words seen. A `HashTable` rather than a map so
/// that hashing and comparing use [`hash`] and [`same`]: most words are
/// short, and a call to `memcmp` per lookup showed in profiles.
#[derive(Default)]
struct Table {
    map: HashTable<Entry>,
    /// [`HOT_SLOTS`] slots once the map holds [`HOT_AFTER`] words (empty
    /// before), indexed by [`hot_slot`].
    hot: Vec<Hot>,
}

/// The hot slot of a word's hash (bits that `HashTable` uses neither for its
/// bucket nor for its tag).
fn hot_slot(hash: u64) -> usize {
    (hash >> 32) as usize & (HOT_SLOTS - 1)
}

/// FxHash of a word.
fn hash(word: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(word.as_bytes());
    h.finish()
}

/// Byte equality, eight bytes at a time.
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    let words = x
        .by_ref()
        .zip(y.by_ref())
        .all(|(p, q)| <[u8; 8]>::try_from(p).ok() == <[u8; 8]>::try_from(q).ok());
    words && x.remainder().iter().zip(y.remainder()).all(|(p, q)| p == q)
}

thread_local! {
    static DE_MEMO: RefCell<Table> = RefCell::new(Table::default());
    static EN_MEMO: RefCell<Table> = RefCell::new(Table::default());
}

/// Whether this thread's memo for `lang` has made its hot cache (for tests).
#[cfg(test)]
pub(crate) fn has_hot_cache(lang: Language) -> bool {
    let memo = match lang {
        Language::De => &DE_MEMO,
        Language::En => &EN_MEMO,
    };
    memo.with(|cell| !cell.borrow().hot.is_empty())
}

/// Token filter that replaces each word by the terms `per_word` makes of it,
/// memoised per thread. `per_word` must treat its input as one word (built on
/// tantivy's `RawTokenizer`) and keep it at one position.
#[derive(Clone)]
pub struct Memo {
    lang: Language,
    per_word: TextAnalyzer,
}

impl Memo {
    /// Memoises `per_word`, the per-word chain of the analyzer for `lang`.
    pub fn new(lang: Language, per_word: TextAnalyzer) -> Memo {
        Memo { lang, per_word }
    }
}

impl TokenFilter for Memo {
    type Tokenizer<T: Tokenizer> = MemoFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MemoFilter<T> {
        MemoFilter {
            config: self,
            inner: tokenizer,
            pending: String::new(),
        }
    }
}

/// The [`Tokenizer`] built by [`Memo`].
#[derive(Clone)]
pub struct MemoFilter<T> {
    config: Memo,
    inner: T,
    pending: String,
}

impl<T: Tokenizer> Tokenizer for MemoFilter<T> {
    type TokenStream<'a> = MemoStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.pending.clear();
        MemoStream {
            tail: self.inner.token_stream(text),
            lang: self.config.lang,
            per_word: &mut self.config.per_word,
            pending: &mut self.pending,
            next: 0,
        }
    }
}

/// The stream of [`MemoFilter`].
pub struct MemoStream<'a, T> {
    tail: T,
    lang: Language,
    per_word: &'a mut TextAnalyzer,
    /// The current word's remaining terms, joined by [`SEPARATOR`].
    pending: &'a mut String,
    /// Byte offset of the next term in `pending`.
    next: usize,
}

/// True for tokens every per-word chain leaves as they are: numbers such as
/// `14`, `13.2` or `1,000.00`.
fn unchanged(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
}

impl<T: TokenStream> MemoStream<'_, T> {
    /// Moves the next pending term into the token; false if there is none.
    fn emit_pending(&mut self) -> bool {
        let Some(rest) = self.pending.get(self.next..) else {
            return false;
        };
        if rest.is_empty() {
            return false;
        }
        let term = rest.split(SEPARATOR).next().unwrap_or(rest);
        self.next += term.len() + SEPARATOR.len_utf8();
        let token = self.tail.token_mut();
        token.text.clear();
        token.text.push_str(term);
        true
    }

    /// Puts the current word's first term into the token and the others into
    /// `pending`. False if the per-word chain makes no term of it.
    fn look_up(&mut self) -> bool {
        let memo = match self.lang {
            Language::De => &DE_MEMO,
            Language::En => &EN_MEMO,
        };
        let pending = &mut *self.pending;
        let per_word = &mut *self.per_word;
        let token = self.tail.token_mut();
        self.next = 0;
        memo.with(|cell| {
            let mut table = cell.borrow_mut();
            let Table { map, hot } = &mut *table;
            let h = hash(&token.text);
            let slot = hot_slot(h);
            if let Some((first, rest)) = hot.get(slot).and_then(|s| s.terms_of(h, &token.text)) {
                pending.clear();
                pending.push_str(rest);
                token.text.clear();
                token.text.push_str(first);
                return true;
            }
            let words = map.len();
            let entry = match map.find(h, |e| same(e.word(), &token.text)) {
                Some(entry) => entry,
                None => {
                    let mut data = String::with_capacity(2 * token.text.len() + 8);
                    data.push_str(&token.text);
                    let mut first = None;
                    {
                        let mut stream = per_word.token_stream(&token.text);
                        while let Some(t) = stream.next() {
                            if first.is_some() {
                                data.push(SEPARATOR);
                            }
                            data.push_str(&t.text);
                            first = first.or(Some(t.text.len()));
                        }
                    }
                    let first = first.unwrap_or(0);
                    let (Ok(word), Ok(first)) =
                        (u32::try_from(token.text.len()), u32::try_from(first))
                    else {
                        // Not reached (words are at most `MAX_WORD_BYTES`):
                        // the terms, not memoised.
                        let Some((head, rest)) =
                            split_terms(data.get(token.text.len()..).unwrap_or(""), first)
                        else {
                            return false;
                        };
                        pending.clear();
                        pending.push_str(rest);
                        let head = head.to_string();
                        token.text.clear();
                        token.text.push_str(&head);
                        return true;
                    };
                    if map.len() >= CACHE_CAPACITY {
                        map.clear();
                    }
                    let entry = Entry {
                        data: data.into_boxed_str(),
                        word,
                        first,
                    };
                    map.insert_unique(h, entry, |e| hash(e.word())).into_mut()
                }
            };
            if hot.is_empty() && words >= HOT_AFTER {
                hot.resize(HOT_SLOTS, Hot::EMPTY);
            }
            if let (Some(s), Some(new)) = (hot.get_mut(slot), Hot::new(h, entry)) {
                *s = new;
            }
            let Some((first, rest)) = entry.terms() else {
                return false;
            };
            pending.clear();
            pending.push_str(rest);
            token.text.clear();
            token.text.push_str(first);
            true
        })
    }
}

impl<T: TokenStream> TokenStream for MemoStream<'_, T> {
    fn advance(&mut self) -> bool {
        if self.emit_pending() {
            return true;
        }
        loop {
            self.pending.clear();
            self.next = 0;
            if !self.tail.advance() {
                return false;
            }
            if unchanged(&self.tail.token().text) {
                return true;
            }
            // A word the chain drops entirely yields no term.
            if self.look_up() {
                return true;
            }
        }
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
