//! The query language: parses what the user typed into a [`Node`] tree. Pure.

use std::fmt;

/// A field a query can filter on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `vendor:actimi` (case- and accent-insensitive, unique prefix).
    Vendor,
    /// `kind:terms`.
    Kind,
    /// `section:"§ 23"`.
    Section,
    /// `lang:de`.
    Lang,
    /// `cites:"§ 307 BGB"`.
    Cites,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A plain word as typed.
    Term(String),
    /// `gericht*`: the word before the star.
    Prefix(String),
    /// `"exact phrase"` or `"haftung beschränkt"~5`.
    Phrase {
        /// The words between the quotes.
        text: String,
        /// Allowed distance (0 for an exact phrase).
        slop: u32,
    },
    /// `field:value`.
    Filter {
        /// Which field.
        field: Field,
        /// The value as typed (quotes removed).
        value: String,
    },
    /// Juxtaposed parts: ranked by relevance (or all required in AND mode).
    Seq(Vec<Node>),
    /// `a AND b`.
    And(Vec<Node>),
    /// `a OR b`.
    Or(Vec<Node>),
    /// `-a` or `NOT a`.
    Not(Box<Node>),
}

/// A query that cannot be parsed, with the character position of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong.
    pub message: String,
    /// 0-based character offset into the query.
    pub position: usize,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.position + 1)
    }
}

impl std::error::Error for ParseError {}

/// Parses a query. Placeholder: whitespace-separated words.
pub fn parse(input: &str) -> Result<Node, ParseError> {
    let words: Vec<Node> = input
        .split_whitespace()
        .map(|w| Node::Term(w.to_string()))
        .collect();
    if words.is_empty() {
        return Err(ParseError {
            message: "empty query".into(),
            position: 0,
        });
    }
    Ok(Node::Seq(words))
}
