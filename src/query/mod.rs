//! The query language: parses what the user typed into a [`Node`] tree. Pure.
//!
//! # Syntax
//!
//! | query | meaning | tree |
//! |---|---|---|
//! | `haftung vorsatz` | both words, ranked by relevance (all required in AND mode) | `Seq[haftung, vorsatz]` |
//! | `haftung AND vorsatz`, `haftung && vorsatz` | both words required | `And[..]` |
//! | `gerichtsstand OR erfüllungsort`, `a \|\| b` | either | `Or[..]` |
//! | `"place of jurisdiction"`, `„höhere Gewalt“`, `“force majeure”` | exact phrase | `Phrase{slop: 0}` |
//! | `"haftung beschränkt"~5` | the words within 5 positions of each other | `Phrase{slop: 5}` |
//! | `gericht*` | words starting with `gericht` | `Prefix("gericht")` |
//! | `-vorsatz`, `-"grobe Fahrlässigkeit"`, `-(a OR b)`, `NOT vorsatz` | exclusion | `Not(..)` |
//! | `(gerichtsstand OR jurisdiction) vendor:actimi` | grouping | |
//! | `vendor:actimi`, `vendor:"CMS IT"`, `kind:terms`, `section:"§ 23"`, `section:13`, `lang:de`, `cites:"§ 307 BGB"` | field filters | `Filter{..}` |
//! | `vendor:(actimi OR cms)` | a filter with alternatives | `Or[Filter, Filter]` |
//!
//! * **Precedence**, tightest first: `NOT`/`-` > `AND` > juxtaposition > `OR`. So
//!   `a b AND c OR d` is `(a (b AND c)) OR d`. Parentheses override it.
//! * **Operators** are `AND`, `OR`, `NOT` in capitals, `&&` and `||`; lowercase `and`,
//!   `or`, `und`, `oder` are ordinary words.
//! * **Exclusion**: a `-` starts an exclusion only at the start of a token (after
//!   whitespace, `(` or at the start of the query): `set-off`, `e-mail` and `opt-in` are
//!   words. A lone `-` is ignored.
//! * **Fields**: `name:value` is a filter when `name` is one of `vendor`, `kind`,
//!   `section`, `lang`, `cites` (any case) and the value follows the colon directly: a
//!   word (taken literally, even `AND` or `-x`), a quoted phrase, or a parenthesised group
//!   of alternatives. `vendor:` with nothing after it is an error. Any other ASCII-letter
//!   name directly followed by a letter, digit, quote, `(` or `§` (`foo:bar`) is an
//!   unknown field and an error that lists the known ones; `08:00`, `http://x` and a word
//!   ending in a colon (`Hinweis:`) are plain words.
//! * **Prefix**: a word ending in one `*`. A `*` anywhere else is an error.
//! * `§ 23`, `Art. 6` and other punctuation are plain terms; the search layer tokenises them.
//!
//! Errors carry the 0-based character position of the problem: unbalanced quotes and
//! parentheses, empty parentheses, dangling operators (`a OR`, `AND b`), an empty query,
//! an unknown field, an empty field value, a bad proximity (`"a b"~x`), a misplaced `*`,
//! nesting deeper than [`MAX_DEPTH`], and a query over the limits: more than
//! [`MAX_QUERY_BYTES`] bytes, more than [`MAX_WORDS`] words, or a word longer than
//! [`MAX_WORD_CHARS`] characters. Messages quote at most a short excerpt of the query.
//!
//! ```
//! use klausel::query::{parse, Node};
//! let q = parse("gericht* -vorsatz").unwrap();
//! assert_eq!(
//!     q,
//!     Node::Seq(vec![
//!         Node::Prefix("gericht".into()),
//!         Node::Not(Box::new(Node::Term("vorsatz".into()))),
//!     ])
//! );
//! assert_eq!(q.to_string(), "gericht* -vorsatz");
//! let err = parse("\"haftung beschränkt").unwrap_err();
//! assert_eq!(err.position, 0);
//! ```

use crate::text::floor_boundary;
use std::fmt;

/// How deeply parentheses and exclusions may nest.
pub const MAX_DEPTH: usize = 64;

/// The longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 4096;

/// The most words (white-space separated, operators not counted) a query
/// may have.
pub const MAX_WORDS: usize = 256;

/// The longest word accepted, in characters (German compounds of 60 are
/// rare; a word of thousands is not a word).
pub const MAX_WORD_CHARS: usize = 128;

/// Rejects queries over the documented limits before any work is done on
/// them, so that no query can cost more than a bounded amount of analysis.
fn check_limits(input: &str) -> Result<(), ParseError> {
    if input.len() > MAX_QUERY_BYTES {
        let cut = floor_boundary(input, MAX_QUERY_BYTES);
        return Err(ParseError::new(
            format!(
                "query too long: {} bytes, at most {MAX_QUERY_BYTES}",
                input.len()
            ),
            input[..cut].chars().count(),
        ));
    }
    let mut words = 0;
    // Words as the lexer ends them; each separator is one character, so
    // `at` is the character position of each piece.
    let mut at = 0;
    for word in input.split(ends_word) {
        let len = word.chars().count();
        if len > MAX_WORD_CHARS {
            return Err(ParseError::new(
                format!("word too long: {len} characters, at most {MAX_WORD_CHARS}"),
                at,
            ));
        }
        if len > 0 && !matches!(word, "AND" | "OR" | "NOT") {
            words += 1;
            if words > MAX_WORDS {
                return Err(ParseError::new(
                    format!("too many words: at most {MAX_WORDS}"),
                    at,
                ));
            }
        }
        at += len + 1;
    }
    Ok(())
}

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

impl Field {
    /// Every field, in the order they are listed in messages.
    pub const ALL: [Field; 5] = [
        Field::Vendor,
        Field::Kind,
        Field::Section,
        Field::Lang,
        Field::Cites,
    ];

    /// The name written before the colon.
    pub fn name(self) -> &'static str {
        match self {
            Field::Vendor => "vendor",
            Field::Kind => "kind",
            Field::Section => "section",
            Field::Lang => "lang",
            Field::Cites => "cites",
        }
    }

    /// The field with this name (ASCII case-insensitive).
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
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
    /// What is wrong, in one line.
    pub message: String,
    /// 0-based character offset into the query.
    pub position: usize,
}

impl ParseError {
    fn new(message: impl Into<String>, position: usize) -> ParseError {
        ParseError {
            message: message.into(),
            position,
        }
    }

    /// Two lines: the query, and a caret under the problem.
    ///
    /// ```
    /// let q = "vendor:actimi (haftung";
    /// let err = klausel::query::parse(q).unwrap_err();
    /// assert_eq!(err.render(q), "vendor:actimi (haftung\n              ^ unbalanced parenthesis: ( is never closed");
    /// ```
    pub fn render(&self, query: &str) -> String {
        let line: String = query
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let pad = " ".repeat(self.position.min(line.chars().count()));
        format!("{line}\n{pad}^ {}", self.message)
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.position + 1)
    }
}

impl std::error::Error for ParseError {}

/// Parses a query.
pub fn parse(input: &str) -> Result<Node, ParseError> {
    // Syntax errors first (parsing is linear), then the size limits, which
    // bound what the search layer does with the query.
    let node = parse_syntax(input)?;
    check_limits(input)?;
    Ok(node)
}

fn parse_syntax(input: &str) -> Result<Node, ParseError> {
    let tokens = lex(input)?;
    if tokens.is_empty() {
        return Err(ParseError::new("empty query", 0));
    }
    let mut p = Parser {
        tokens,
        i: 0,
        depth: 0,
        len: input.chars().count(),
    };
    let node = p.or()?;
    match p.peek() {
        None => Ok(node),
        Some(t) => Err(match t.kind {
            Tok::RParen => ParseError::new("unbalanced parenthesis: ) without (", t.pos),
            _ => ParseError::new(format!("unexpected {}", t.kind.describe()), t.pos),
        }),
    }
}

/// The free-text words and phrases of a query that are not excluded, in order
/// (filters and excluded parts left out): the input for thesaurus lookup and highlighting.
pub fn words(node: &Node) -> Vec<&str> {
    fn walk<'a>(node: &'a Node, out: &mut Vec<&'a str>) {
        match node {
            Node::Term(t) | Node::Prefix(t) => out.push(t),
            Node::Phrase { text, .. } => out.push(text),
            Node::Filter { .. } | Node::Not(_) => {}
            Node::Seq(v) | Node::And(v) | Node::Or(v) => v.iter().for_each(|n| walk(n, out)),
        }
    }
    let mut out = Vec::new();
    walk(node, &mut out);
    out
}

/// The field filters of a query that are not excluded, in order.
pub fn filters(node: &Node) -> Vec<(Field, &str)> {
    fn walk<'a>(node: &'a Node, out: &mut Vec<(Field, &'a str)>) {
        match node {
            Node::Filter { field, value } => out.push((*field, value)),
            Node::Seq(v) | Node::And(v) | Node::Or(v) => v.iter().for_each(|n| walk(n, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(node, &mut out);
    out
}

// ---------------------------------------------------------------------------------------
// Printing

/// Binding strength for printing: higher binds tighter.
fn level(node: &Node) -> u8 {
    match node {
        Node::Or(_) => 0,
        Node::Seq(_) => 1,
        Node::And(_) => 2,
        _ => 3,
    }
}

/// Quotes a phrase or value so that it lexes back to the same text.
fn quote(text: &str) -> String {
    if !text.contains(['"', '“', '”']) {
        format!("\"{text}\"")
    } else if !text.contains('»') {
        format!("«{text}»")
    } else {
        format!("\"{}\"", text.replace(['"', '“', '”'], ""))
    }
}

/// Whether a filter value can be printed without quotes and lex back as the value.
fn bare_ok(value: &str) -> bool {
    value
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '§')
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || "._-§/+&'".contains(c))
        && !matches!(value, "AND" | "OR" | "NOT")
}

impl fmt::Display for Node {
    /// The normalised query, parsable again into the same tree.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let child = |n: &Node, min: u8, f: &mut fmt::Formatter<'_>| -> fmt::Result {
            if level(n) < min {
                write!(f, "({n})")
            } else {
                write!(f, "{n}")
            }
        };
        let join = |v: &[Node], sep: &str, min: u8, f: &mut fmt::Formatter<'_>| -> fmt::Result {
            for (i, n) in v.iter().enumerate() {
                if i > 0 {
                    f.write_str(sep)?;
                }
                child(n, min, f)?;
            }
            Ok(())
        };
        match self {
            Node::Term(t) => f.write_str(t),
            Node::Prefix(t) => write!(f, "{t}*"),
            Node::Phrase { text, slop: 0 } => f.write_str(&quote(text)),
            Node::Phrase { text, slop } => write!(f, "{}~{slop}", quote(text)),
            Node::Filter { field, value } if bare_ok(value) => write!(f, "{field}:{value}"),
            Node::Filter { field, value } => write!(f, "{field}:{}", quote(value)),
            // Nested sequences and groups keep their parentheses so the tree round-trips.
            Node::Seq(v) => join(v, " ", 2, f),
            Node::And(v) => join(v, " AND ", 3, f),
            Node::Or(v) => join(v, " OR ", 1, f),
            Node::Not(n) => {
                f.write_str("-")?;
                child(n, 3, f)
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Lexing

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Phrase(String, u32),
    /// `name:` with the value following directly.
    Field(Field),
    LParen,
    RParen,
    And,
    Or,
    Not,
    /// `-` directly before a token.
    Minus,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Word(w) => format!("word {:?}", short(w)),
            Tok::Phrase(..) => "phrase".into(),
            Tok::Field(f) => format!("field {f}:"),
            Tok::LParen => "(".into(),
            Tok::RParen => ")".into(),
            Tok::And => "AND".into(),
            Tok::Or => "OR".into(),
            Tok::Not => "NOT".into(),
            Tok::Minus => "-".into(),
        }
    }
}

#[derive(Debug, Clone)]
struct Token {
    kind: Tok,
    pos: usize,
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '„' | '“' | '”' | '«' | '»')
}

/// Whether `close` ends a phrase opened with `open`.
fn closes(open: char, close: char) -> bool {
    match open {
        '«' => close == '»',
        '»' => close == '«',
        _ => matches!(close, '"' | '“' | '”'),
    }
}

/// Whether `c` ends a word.
fn ends_word(c: char) -> bool {
    c.is_whitespace() || c == '(' || c == ')' || is_open_quote(c)
}

/// At most the first 32 characters of `s`, for messages.
fn short(s: &str) -> String {
    match s.char_indices().nth(32) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// A short excerpt of the query from `from`, for messages.
fn excerpt(chars: &[char], from: usize) -> String {
    let s: String = chars.iter().skip(from).take(16).collect();
    if chars.len() > from + 16 {
        format!("{s}…")
    } else {
        s
    }
}

fn lex(input: &str) -> Result<Vec<Token>, ParseError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        // A `-` at a token boundary starts an exclusion, except as a field's value.
        let at_start = !matches!(
            out.last(),
            Some(Token {
                kind: Tok::Field(_),
                ..
            })
        );
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            out.push(Token {
                kind: Tok::LParen,
                pos: i,
            });
            i += 1;
        } else if c == ')' {
            out.push(Token {
                kind: Tok::RParen,
                pos: i,
            });
            i += 1;
        } else if is_open_quote(c) {
            let (text, slop, next) = phrase(&chars, i)?;
            out.push(Token {
                kind: Tok::Phrase(text, slop),
                pos: i,
            });
            i = next;
        } else if (c == '-' || c == '–') && at_start {
            match chars.get(i + 1) {
                Some(&n) if !n.is_whitespace() && n != ')' => {
                    out.push(Token {
                        kind: Tok::Minus,
                        pos: i,
                    });
                }
                // A lone dash is punctuation, not an operator.
                _ => {}
            }
            i += 1;
        } else {
            let start = i;
            while chars.get(i).is_some_and(|&c| !ends_word(c)) {
                i += 1;
                // `name:` directly followed by a value is a field.
                if chars.get(i - 1) == Some(&':') {
                    let name: String = chars[start..i - 1].iter().collect();
                    if let Some(tok) = field(&chars, &name, start, i)? {
                        out.push(Token {
                            kind: tok,
                            pos: start,
                        });
                        break;
                    }
                }
            }
            if matches!(out.last(), Some(Token { kind: Tok::Field(_), pos }) if *pos == start) {
                continue;
            }
            let word: String = chars[start..i].iter().collect();
            let kind = match word.as_str() {
                // A field's value is never an operator: `kind:AND` filters on "AND".
                _ if !at_start => Tok::Word(word),
                "AND" | "&&" => Tok::And,
                "OR" | "||" => Tok::Or,
                "NOT" => Tok::Not,
                _ => Tok::Word(word),
            };
            out.push(Token { kind, pos: start });
        }
    }
    Ok(out)
}

/// Decides whether `name:` (ending before `colon_end`) starts a field filter.
fn field(
    chars: &[char],
    name: &str,
    start: usize,
    colon_end: usize,
) -> Result<Option<Tok>, ParseError> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphabetic()) {
        return Ok(None);
    }
    let next = chars.get(colon_end).copied();
    let ends_value = |n: char| n.is_whitespace() || n == ')';
    // A known field takes any value; an unknown name is only an error when what follows
    // looks like a value, so that `http://x` stays a word.
    let has_value = match Field::from_name(name) {
        Some(_) => next.is_some_and(|n| !ends_value(n)),
        None => {
            next.is_some_and(|n| n.is_alphanumeric() || is_open_quote(n) || n == '(' || n == '§')
        }
    };
    match Field::from_name(name) {
        Some(f) if has_value => Ok(Some(Tok::Field(f))),
        Some(f) => Err(ParseError::new(
            format!("empty value for field {f}:"),
            colon_end,
        )),
        None if has_value => {
            let known: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
            Err(ParseError::new(
                format!(
                    "unknown field {:?}; known fields: {}",
                    short(name),
                    known.join(", ")
                ),
                start,
            ))
        }
        None => Ok(None),
    }
}

/// Reads a phrase opening at `open`: its text, slop and the index after it.
fn phrase(chars: &[char], open: usize) -> Result<(String, u32, usize), ParseError> {
    let q = chars.get(open).copied().unwrap_or('"');
    let close = chars
        .iter()
        .enumerate()
        .skip(open + 1)
        .find(|(_, &c)| closes(q, c))
        .map(|(i, _)| i)
        .ok_or_else(|| {
            ParseError::new(format!("unbalanced quote: {}", excerpt(chars, open)), open)
        })?;
    let text: String = chars[open + 1..close].iter().collect();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(ParseError::new("empty phrase", open));
    }
    let mut i = close + 1;
    let mut slop = 0;
    if chars.get(i) == Some(&'~') {
        let digits: String = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let tilde = i;
        let bad = || {
            ParseError::new(
                "bad proximity: expected a number after ~, as in \"a b\"~5",
                tilde,
            )
        };
        if digits.is_empty() {
            return Err(bad());
        }
        slop = digits.parse().map_err(|_| bad())?;
        i += 1 + digits.len();
        if chars.get(i).is_some_and(|&c| !ends_word(c)) {
            return Err(bad());
        }
    }
    Ok((text, slop, i))
}

// ---------------------------------------------------------------------------------------
// Parsing

struct Parser {
    tokens: Vec<Token>,
    i: usize,
    depth: usize,
    len: usize,
}

/// Flattens a list into one node of the given kind, unwrapping a single element and
/// merging nested nodes of the same kind.
fn combine(mut nodes: Vec<Node>, make: fn(Vec<Node>) -> Node) -> Node {
    if nodes.len() == 1 {
        if let Some(n) = nodes.pop() {
            return n;
        }
    }
    let probe = make(Vec::new());
    let mut flat = Vec::with_capacity(nodes.len());
    for n in nodes {
        match (n, &probe) {
            (Node::Seq(v), Node::Seq(_))
            | (Node::And(v), Node::And(_))
            | (Node::Or(v), Node::Or(_)) => flat.extend(v),
            (n, _) => flat.push(n),
        }
    }
    make(flat)
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.i)
    }

    fn peek_kind(&self) -> Option<&Tok> {
        self.peek().map(|t| &t.kind)
    }

    fn or(&mut self) -> Result<Node, ParseError> {
        let mut items = vec![self.seq()?];
        while let Some(Token { kind: Tok::Or, pos }) = self.peek().cloned() {
            self.i += 1;
            if !self.starts_operand() {
                return Err(ParseError::new("OR needs a term after it", pos));
            }
            items.push(self.seq()?);
        }
        Ok(combine(items, Node::Or))
    }

    fn seq(&mut self) -> Result<Node, ParseError> {
        let mut items = vec![self.and()?];
        while self.starts_operand() {
            items.push(self.and()?);
        }
        Ok(combine(items, Node::Seq))
    }

    fn and(&mut self) -> Result<Node, ParseError> {
        let mut items = vec![self.unary()?];
        while let Some(Token {
            kind: Tok::And,
            pos,
        }) = self.peek().cloned()
        {
            self.i += 1;
            if !self.starts_operand() {
                return Err(ParseError::new("AND needs a term after it", pos));
            }
            items.push(self.unary()?);
        }
        Ok(combine(items, Node::And))
    }

    fn starts_operand(&self) -> bool {
        matches!(
            self.peek_kind(),
            Some(
                Tok::Word(_)
                    | Tok::Phrase(..)
                    | Tok::Field(_)
                    | Tok::LParen
                    | Tok::Not
                    | Tok::Minus
            )
        )
    }

    fn enter(&mut self, pos: usize) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError::new(
                format!("query nested too deeply (more than {MAX_DEPTH} levels)"),
                pos,
            ));
        }
        Ok(())
    }

    fn unary(&mut self) -> Result<Node, ParseError> {
        let Some(tok) = self.peek().cloned() else {
            return Err(ParseError::new("a term is missing at the end", self.len));
        };
        match tok.kind {
            Tok::Not | Tok::Minus => {
                self.i += 1;
                if !self.starts_operand() {
                    let what = if tok.kind == Tok::Not { "NOT" } else { "-" };
                    return Err(ParseError::new(
                        format!("{what} needs a term after it"),
                        tok.pos,
                    ));
                }
                self.enter(tok.pos)?;
                let inner = self.unary()?;
                self.depth -= 1;
                Ok(Node::Not(Box::new(inner)))
            }
            _ => self.atom(),
        }
    }

    fn atom(&mut self) -> Result<Node, ParseError> {
        let Some(tok) = self.peek().cloned() else {
            return Err(ParseError::new("a term is missing at the end", self.len));
        };
        self.i += 1;
        match tok.kind {
            Tok::Word(w) => word(w, tok.pos),
            Tok::Phrase(text, slop) => Ok(Node::Phrase { text, slop }),
            Tok::LParen => self.group(tok.pos),
            Tok::Field(field) => self.field_value(field, tok.pos),
            Tok::And | Tok::Or => Err(ParseError::new(
                format!("{} needs a term before it", tok.kind.describe()),
                tok.pos,
            )),
            Tok::RParen => Err(ParseError::new(
                "unbalanced parenthesis: ) without (",
                tok.pos,
            )),
            Tok::Not | Tok::Minus => Err(ParseError::new("unexpected exclusion", tok.pos)),
        }
    }

    /// After `(`: a nested query and its `)`.
    fn group(&mut self, open: usize) -> Result<Node, ParseError> {
        self.enter(open)?;
        if matches!(self.peek_kind(), Some(Tok::RParen)) {
            return Err(ParseError::new("empty parentheses", open));
        }
        if self.peek().is_none() {
            return Err(ParseError::new(
                "unbalanced parenthesis: ( is never closed",
                open,
            ));
        }
        let inner = self.or()?;
        match self.peek_kind() {
            Some(Tok::RParen) => {
                self.i += 1;
                self.depth -= 1;
                Ok(inner)
            }
            _ => Err(ParseError::new(
                "unbalanced parenthesis: ( is never closed",
                open,
            )),
        }
    }

    /// The value after `field:`: a word, a phrase, or a group of alternatives.
    fn field_value(&mut self, field: Field, pos: usize) -> Result<Node, ParseError> {
        let Some(tok) = self.peek().cloned() else {
            return Err(ParseError::new(
                format!("empty value for field {field}:"),
                self.len,
            ));
        };
        self.i += 1;
        let filter = |value: String| Node::Filter { field, value };
        match tok.kind {
            Tok::Word(w) => Ok(filter(w)),
            Tok::Phrase(text, _) => Ok(filter(text)),
            Tok::LParen => {
                let inner = self.group(tok.pos)?;
                to_filter(inner, field, pos)
            }
            _ => Err(ParseError::new(
                format!("empty value for field {field}:"),
                tok.pos,
            )),
        }
    }
}

/// `vendor:(actimi OR cms)`: turns the words of a group into filters on `field`.
fn to_filter(node: Node, field: Field, pos: usize) -> Result<Node, ParseError> {
    let map = |v: Vec<Node>| -> Result<Vec<Node>, ParseError> {
        v.into_iter().map(|n| to_filter(n, field, pos)).collect()
    };
    Ok(match node {
        Node::Term(value) | Node::Prefix(value) | Node::Phrase { text: value, .. } => {
            Node::Filter { field, value }
        }
        Node::Filter { .. } => {
            return Err(ParseError::new(
                "a field value cannot contain another field",
                pos,
            ))
        }
        Node::Seq(v) => Node::Seq(map(v)?),
        Node::And(v) => Node::And(map(v)?),
        Node::Or(v) => Node::Or(map(v)?),
        Node::Not(n) => Node::Not(Box::new(to_filter(*n, field, pos)?)),
    })
}

/// A word: a term, or a prefix when it ends in one `*`.
fn word(w: String, pos: usize) -> Result<Node, ParseError> {
    let Some(star) = w.chars().position(|c| c == '*') else {
        return Ok(Node::Term(w));
    };
    let n = w.chars().count();
    if star == 0 {
        return Err(ParseError::new(
            "a * needs a word before it, as in gericht*",
            pos,
        ));
    }
    if star + 1 != n {
        return Err(ParseError::new(
            "* is only allowed at the end of a word, as in gericht*",
            pos + star,
        ));
    }
    Ok(Node::Prefix(w.chars().take(star).collect()))
}

#[cfg(test)]
mod tests;
