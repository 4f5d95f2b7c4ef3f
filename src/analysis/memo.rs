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
//! its memory (a few MB per thread and language).

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

/// One memoised word.
struct Entry {
    word: Box<str>,
    /// Its terms joined by [`SEPARATOR`].
    terms: Box<str>,
    /// Byte length of the first term.
    first: usize,
}

/// The memo of one thread and language. A `HashTable` rather than a map so
/// that hashing and comparing use [`hash`] and [`same`]: most words are
/// short, and a call to `memcmp` per lookup showed in profiles.
#[derive(Default)]
struct Table(HashTable<Entry>);

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
            let h = hash(&token.text);
            let entry = match table.0.find(h, |e| same(&e.word, &token.text)) {
                Some(entry) => entry,
                None => {
                    let mut terms = String::new();
                    let mut first = 0;
                    let mut stream = per_word.token_stream(&token.text);
                    while let Some(t) = stream.next() {
                        if terms.is_empty() {
                            first = t.text.len();
                        } else {
                            terms.push(SEPARATOR);
                        }
                        terms.push_str(&t.text);
                    }
                    if table.0.len() >= CACHE_CAPACITY {
                        table.0.clear();
                    }
                    let entry = Entry {
                        word: token.text.as_str().into(),
                        terms: terms.into(),
                        first,
                    };
                    table
                        .0
                        .insert_unique(h, entry, |e| hash(&e.word))
                        .into_mut()
                }
            };
            if entry.terms.is_empty() {
                return false;
            }
            pending.clear();
            if let Some(rest) = entry.terms.get(entry.first + SEPARATOR.len_utf8()..) {
                pending.push_str(rest);
            }
            token.text.clear();
            token
                .text
                .push_str(entry.terms.get(..entry.first).unwrap_or(&entry.terms));
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
