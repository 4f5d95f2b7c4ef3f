//! A per-thread memo of what the per-word part of an analyzer makes of each
//! word.
//!
//! Everything after tokenising (lowercasing, normalising, compound
//! splitting, stemming) looks at one word at a time, and legal text repeats a small vocabulary.
//! [`Memo`] runs that per-word chain once per distinct word and thread and
//! replays its terms afterwards: one hash lookup per token instead of one per
//! filter. All terms of a word keep the word's position and offsets, which is
//! what the per-word filters do themselves.
//!
//! The memo is cleared when it reaches [`CACHE_CAPACITY`] words, which bounds
//! its memory (a few MB per thread and language).

use crate::model::Language;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};

/// Words per thread and language before the memo is cleared.
pub const CACHE_CAPACITY: usize = 250_000;

/// Separates the terms of one word in a memo entry (never part of a term:
/// the tokenizer only emits words, numbers and `§`).
const SEPARATOR: char = '\0';

/// Word → its terms joined by [`SEPARATOR`].
type Table = FxHashMap<Box<str>, Box<str>>;

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

    /// Fills `pending` with the terms of the current word.
    fn look_up(&mut self) {
        let memo = match self.lang {
            Language::De => &DE_MEMO,
            Language::En => &EN_MEMO,
        };
        let pending = &mut *self.pending;
        let per_word = &mut *self.per_word;
        let word = self.tail.token().text.as_str();
        memo.with(|cell| {
            let mut table = cell.borrow_mut();
            pending.clear();
            if let Some(terms) = table.get(word) {
                pending.push_str(terms);
                return;
            }
            let mut stream = per_word.token_stream(word);
            while let Some(t) = stream.next() {
                if !pending.is_empty() {
                    pending.push(SEPARATOR);
                }
                pending.push_str(&t.text);
            }
            if table.len() >= CACHE_CAPACITY {
                table.clear();
            }
            table.insert(word.into(), pending.as_str().into());
        });
        self.next = 0;
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
            self.look_up();
            // A word the chain drops entirely yields no term.
            if self.emit_pending() {
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
