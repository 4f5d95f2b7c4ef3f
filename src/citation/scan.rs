//! The chain scanner: from a trigger (`§`, `Art.`, `Section`, ...) reads the section
//! numbers, their subdivisions and separators up to the statute name.

use super::laws::{self, Law};
use super::{Kind, Norm};
use regex::Regex;
use std::sync::OnceLock;

/// Where a chain may start. Only locates candidates; [`chain`] decides.
pub(super) fn trigger_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"§|(?-u:\b)(?:Artt?|Artikel[ns]?|Articles?|ARTICLES?|articles?|art|Sections?|SECTIONS?|sections?|Secs?|Paragraph(?:en)?|Paragrafe?n?)(?-u:\b)",
        )
        .unwrap_or_else(|_| unreachable!("the trigger pattern is a valid regex"))
    })
}

/// Whether `text` may hold a trigger of [`trigger_regex`]: a `§`, or
/// `art`, `sec` or `par` in any ASCII case, with which each of its words
/// begins. A query without one is no citation, and the process (a one-shot
/// search) need not compile the regex to learn that.
pub(super) fn may_trigger(text: &str) -> bool {
    text.contains('§')
        || text.as_bytes().windows(3).any(|w| {
            // `| 0x20` lowercases ASCII letters and maps no other byte to one.
            let w = [w[0] | 0x20, w[1] | 0x20, w[2] | 0x20];
            matches!(&w, b"art" | b"sec" | b"par")
        })
}

fn eu_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?:Regulation|Verordnung|VO|Directive|Richtlinie|RL)\s*\((?:EU|EC|EG|EWG|EEC)\)\s*(?:No\.?|Nr\.?)?\s*(\d{1,4})/(\d{1,4})",
        )
        .unwrap_or_else(|_| unreachable!("the regulation pattern is a valid regex"))
    })
}

/// Trigger words, longest first, with whether they announce several references.
const TRIGGERS: &[(&str, bool)] = &[
    ("§§", true),
    ("§", false),
    ("Paragraphen", true),
    ("Paragrafen", true),
    ("Paragraph", false),
    ("Paragraf", false),
    ("Artikeln", true),
    ("Artikels", false),
    ("Artikel", false),
    ("Articles", true),
    ("ARTICLES", true),
    ("articles", true),
    ("Article", false),
    ("ARTICLE", false),
    ("article", false),
    ("Artt.", true),
    ("Art.", false),
    ("art.", false),
    ("Art", false),
    ("Sections", true),
    ("SECTIONS", true),
    ("sections", true),
    ("Section", false),
    ("SECTION", false),
    ("section", false),
    ("Secs.", true),
    ("Sec.", false),
    ("Sec", false),
];

/// Designators of subdivisions, matched ignoring ASCII case, longest first per kind.
/// `None` means "paragraph or letter by the value" (`point 7` is a number, `point f` a letter).
const DESIGNATORS: &[(&str, Option<Kind>)] = &[
    ("unterabsatz", Some(Kind::Uabs)),
    ("unterabs.", Some(Kind::Uabs)),
    ("uabs.", Some(Kind::Uabs)),
    ("sub-paragraph", Some(Kind::Uabs)),
    ("subparagraph", Some(Kind::Uabs)),
    ("subpara.", Some(Kind::Uabs)),
    ("absätze", Some(Kind::Abs)),
    ("absatz", Some(Kind::Abs)),
    ("abs.", Some(Kind::Abs)),
    ("abs", Some(Kind::Abs)),
    ("paragraphs", Some(Kind::Abs)),
    ("paragraph", Some(Kind::Abs)),
    ("paras.", Some(Kind::Abs)),
    ("para.", Some(Kind::Abs)),
    ("para", Some(Kind::Abs)),
    ("subsections", Some(Kind::Abs)),
    ("subsection", Some(Kind::Abs)),
    ("sub-section", Some(Kind::Abs)),
    ("subs.", Some(Kind::Abs)),
    ("halbsatz", Some(Kind::Hs)),
    ("hs.", Some(Kind::Hs)),
    ("sätze", Some(Kind::Satz)),
    ("satz", Some(Kind::Satz)),
    ("sentences", Some(Kind::Satz)),
    ("sentence", Some(Kind::Satz)),
    ("sent.", Some(Kind::Satz)),
    ("s.", Some(Kind::Satz)),
    ("nummern", Some(Kind::Nr)),
    ("nummer", Some(Kind::Nr)),
    ("nrn.", Some(Kind::Nr)),
    ("nr.", Some(Kind::Nr)),
    ("nr", Some(Kind::Nr)),
    ("ziffern", Some(Kind::Nr)),
    ("ziffer", Some(Kind::Nr)),
    ("ziff.", Some(Kind::Nr)),
    ("numbers", Some(Kind::Nr)),
    ("number", Some(Kind::Nr)),
    ("nos.", Some(Kind::Nr)),
    ("no.", Some(Kind::Nr)),
    ("no", Some(Kind::Nr)),
    ("items", Some(Kind::Nr)),
    ("item", Some(Kind::Nr)),
    ("buchstaben", Some(Kind::Lit)),
    ("buchstabe", Some(Kind::Lit)),
    ("buchst.", Some(Kind::Lit)),
    ("litera", Some(Kind::Lit)),
    ("lit.", Some(Kind::Lit)),
    ("lit", Some(Kind::Lit)),
    ("letters", Some(Kind::Lit)),
    ("letter", Some(Kind::Lit)),
    ("points", None),
    ("point", None),
];

/// Words naming an alternative of a norm (`1st alt.`, `Alt. 2`, `Var. 1`); skipped.
const ALTERNATIVES: &[&str] = &["alternative", "alt.", "variante", "variant", "var."];

/// Words joining references of one chain.
const SEPARATORS: &[&str] = &[
    ",",
    "and",
    "und",
    "or",
    "oder",
    "sowie",
    "as well as",
    "bzw.",
    "resp.",
    "i.v.m.",
    "i. v. m.",
    "ivm",
    "in verbindung mit",
    "in conjunction with",
    "in connection with",
    "&",
    "/",
];

/// Words joining the ends of a range of references.
const RANGES: &[&str] = &["to", "bis", "through", "-", "–"];

/// Words that may stand between the references and the statute name.
const FILLERS: &[&str] = &[
    "of",
    "the",
    "des",
    "der",
    "dem",
    "den",
    "german",
    "germany's",
    "deutschen",
    "deutsches",
    "deutsche",
    "eu",
    "ec",
    "european",
    "europäischen",
    "europäische",
];

/// A subdivision as read: its kind, value, and whether it was written in parentheses.
#[derive(Debug, Clone)]
struct Part {
    kind: Kind,
    value: String,
    paren: bool,
    roman: bool,
}

#[derive(Debug, Clone)]
struct Ref {
    number: String,
    parts: Vec<Part>,
}

/// A chain found in the text: its references, their statute, and its byte span.
pub(super) struct Chain {
    pub norms: Vec<Norm>,
    pub start: usize,
    pub end: usize,
}

/// A cursor over the text; `i` is always on a character boundary.
struct Cur<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Cur<'a> {
    fn rest(&self) -> &'a str {
        self.s.get(self.i..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn ws(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.i += c.len_utf8();
            } else {
                break;
            }
        }
    }

    /// [`Cur::ws`], returning how many line breaks it skipped.
    fn ws_lines(&mut self) -> usize {
        let start = self.i;
        self.ws();
        self.s
            .get(start..self.i)
            .map_or(0, |g| g.matches('\n').count())
    }

    /// Consumes `word` ignoring case if it ends a word (or ends in punctuation).
    fn eat_ci(&mut self, word: &str) -> bool {
        let Some(n) = laws::prefix_ci(self.rest(), word) else {
            return false;
        };
        let last_alnum = word.chars().last().is_some_and(char::is_alphanumeric);
        let after = self.rest().get(n..).unwrap_or("");
        if last_alnum && after.chars().next().is_some_and(char::is_alphanumeric) {
            return false;
        }
        self.i += n;
        true
    }

    fn eat_any_ci(&mut self, words: &[&str]) -> bool {
        words.iter().any(|w| self.eat_ci(w))
    }

    /// A run of ASCII digits.
    fn digits(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 || n > 6 {
            return None;
        }
        self.i += n;
        rest.get(..n)
    }

    /// A number with an optional attached letter suffix (`634a`, `126b`); ordinals
    /// (`1st`, `2nd`) are refused.
    fn number(&mut self) -> Option<String> {
        let save = self.i;
        let d = self.digits()?;
        let rest = self.rest();
        let letters = rest.chars().take_while(char::is_ascii_lowercase).count();
        if letters > 0 {
            let suffix = rest.get(..letters).unwrap_or("");
            let after = rest.get(letters..).and_then(|r| r.chars().next());
            if letters > 2
                || ["st", "nd", "rd", "th"].contains(&suffix)
                || after.is_some_and(char::is_alphanumeric)
            {
                self.i = save;
                return None;
            }
            self.i += letters;
            return Some(format!("{d}{suffix}"));
        }
        if rest.chars().next().is_some_and(char::is_alphabetic) {
            self.i = save;
            return None;
        }
        Some(d.to_string())
    }

    /// A single letter standing alone (`f` in `lit. f`).
    fn letter(&mut self) -> Option<String> {
        let rest = self.rest();
        let mut it = rest.chars();
        let c = it.next().filter(char::is_ascii_alphabetic)?;
        if it.next().is_some_and(char::is_alphanumeric) {
            return None;
        }
        self.i += 1;
        Some(c.to_ascii_lowercase().to_string())
    }

    /// An uppercase Roman numeral up to XII standing alone.
    fn roman(&mut self) -> Option<String> {
        let rest = self.rest();
        let n = rest.chars().take_while(|c| "IVX".contains(*c)).count();
        if n == 0 || rest[n..].chars().next().is_some_and(char::is_alphanumeric) {
            return None;
        }
        let value = roman_value(&rest[..n])?;
        self.i += n;
        Some(value.to_string())
    }
}

fn roman_value(s: &str) -> Option<u32> {
    const TABLE: &[&str] = &[
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    TABLE.iter().position(|r| *r == s).map(|p| p as u32 + 1)
}

fn lower_roman_value(s: &str) -> bool {
    ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"].contains(&s)
}

/// Reads the triggers at the cursor (`§`, `§§`, `§ Section`); whether one was plural.
fn triggers(cur: &mut Cur) -> Option<bool> {
    triggers_kind(cur).map(|(plural, _)| plural)
}

/// Like [`triggers`], and whether the first trigger cites an article (`Art.`,
/// `Artikel`, `Article`) rather than a section (`§`, `Section`, `Paragraph`).
fn triggers_kind(cur: &mut Cur) -> Option<(bool, bool)> {
    let mut article = None;
    let mut found = None;
    loop {
        let save = cur.i;
        cur.ws();
        let hit = TRIGGERS.iter().find(|(t, _)| {
            cur.rest().starts_with(t) && {
                let after = &cur.rest()[t.len()..];
                t.ends_with(['.', '§']) || !after.chars().next().is_some_and(char::is_alphanumeric)
            }
        });
        match hit {
            Some((t, plural)) => {
                article.get_or_insert(t.to_ascii_lowercase().starts_with("art"));
                cur.i += t.len();
                // `Art` and `Sec` take an optional dot.
                if !t.ends_with(['.', '§']) && cur.peek() == Some('.') {
                    cur.i += 1;
                }
                found = Some(found.unwrap_or(false) || *plural);
            }
            None => {
                cur.i = save;
                return found.map(|plural| (plural, article.unwrap_or(false)));
            }
        }
    }
}

/// A section number after a trigger: `321`, `634a`, `536 a`, `9.1`.
fn section_number(cur: &mut Cur) -> Option<String> {
    cur.ws();
    let save = cur.i;
    let Some(mut number) = cur.number() else {
        cur.i = save;
        return None;
    };
    // Dotted numbers (`9.1`) are internal clause numbers; keep them whole.
    if cur.peek() == Some('.') {
        let dot = cur.i;
        cur.i += 1;
        match cur.digits() {
            Some(d) => {
                number.push('.');
                number.push_str(d);
            }
            None => cur.i = dot,
        }
    }
    // `536 a para. 1`: a detached letter joins the number if a subdivision,
    // a separator or a statute follows.
    let before_letter = cur.i;
    cur.ws();
    if let Some(l) = cur.letter() {
        let after_letter = cur.i;
        cur.ws();
        let follows =
            designator_ahead(cur) || law_at(cur.rest()).is_some() || cur.peek() == Some(',');
        if follows && number.bytes().all(|b| b.is_ascii_digit()) {
            cur.i = after_letter;
            number.push_str(&l);
            return Some(number);
        }
    }
    cur.i = before_letter;
    Some(number)
}

fn designator_ahead(cur: &Cur) -> bool {
    let mut probe = Cur { s: cur.s, i: cur.i };
    DESIGNATORS.iter().any(|(d, _)| probe.eat_ci(d))
}

/// A value in parentheses: `(1)`, `(f)`, `(ii)`.
fn paren_value(cur: &mut Cur) -> Option<(String, bool)> {
    let save = cur.i;
    if cur.peek() != Some('(') {
        return None;
    }
    cur.i += 1;
    cur.ws();
    let out = if let Some(n) = cur.number() {
        Some((n, true))
    } else {
        let rest = cur.rest();
        let n = rest.chars().take_while(char::is_ascii_lowercase).count();
        let word = &rest[..n];
        if n == 1 || (n > 1 && lower_roman_value(word)) {
            cur.i += n;
            Some((word.to_string(), false))
        } else {
            None
        }
    };
    cur.ws();
    if out.is_some() && cur.peek() == Some(')') {
        cur.i += 1;
        return out;
    }
    cur.i = save;
    None
}

/// Reads one subdivision at the cursor, given the ones read so far for this reference.
fn part(cur: &mut Cur, parts: &[Part]) -> Option<Part> {
    let save = cur.i;
    // `(1)`, `(f)`, `(ii)`
    if let Some((value, numeric)) = paren_value(cur) {
        let has = |k: Kind| parts.iter().any(|p| p.kind == k);
        let kind = if numeric {
            if has(Kind::Abs) {
                Kind::Nr
            } else {
                Kind::Abs
            }
        } else if value.len() > 1 || (has(Kind::Lit) && lower_roman_value(&value)) {
            Kind::Sub
        } else {
            Kind::Lit
        };
        return Some(Part {
            kind,
            value,
            paren: true,
            roman: false,
        });
    }
    // `1st sentence`, `2. Satz`
    if let Some(p) = ordinal_part(cur) {
        return Some(p);
    }
    cur.i = save;
    // `Abs. 1`, `lit. f`, `point 7`
    for (d, kind) in DESIGNATORS {
        if !cur.eat_ci(d) {
            continue;
        }
        cur.ws();
        let paren = cur.peek() == Some('(');
        let value = if let Some((v, numeric)) = paren_value(cur) {
            Some((v, numeric))
        } else if let Some(n) = cur.number() {
            Some((n, true))
        } else if kind.is_none_or(|k| k == Kind::Lit) {
            cur.letter().map(|l| (l, false))
        } else if *kind == Some(Kind::Abs) {
            cur.roman().map(|r| (r, true))
        } else {
            None
        };
        if let Some((value, numeric)) = value {
            let kind = kind.unwrap_or(if numeric { Kind::Nr } else { Kind::Lit });
            return Some(Part {
                kind,
                value,
                paren,
                roman: false,
            });
        }
        cur.i = save;
        return None;
    }
    // `§ 307 I 1`: a bare Roman numeral right after the number is a paragraph,
    // a bare number after it a sentence.
    if parts.is_empty() {
        if let Some(r) = cur.roman() {
            return Some(Part {
                kind: Kind::Abs,
                value: r,
                paren: false,
                roman: true,
            });
        }
    }
    if parts.len() == 1 && parts.iter().all(|p| p.roman) {
        if let Some(n) = cur.number() {
            return Some(Part {
                kind: Kind::Satz,
                value: n,
                paren: false,
                roman: false,
            });
        }
    }
    cur.i = save;
    None
}

/// `1st sentence`, `2. Satz`, `2nd para.`
fn ordinal_part(cur: &mut Cur) -> Option<Part> {
    let save = cur.i;
    let d = cur.digits()?.to_string();
    if !(cur.eat_any_ci(&["st", "nd", "rd", "th"]) || cur.eat_ci(".")) {
        cur.i = save;
        return None;
    }
    // `2. Satz` on one line; `14.` at a line's end ends a sentence.
    if cur.ws_lines() > 0 {
        cur.i = save;
        return None;
    }
    let kind = if cur.eat_any_ci(&["sentence", "satz", "sent."]) {
        Kind::Satz
    } else if cur.eat_any_ci(&["paragraph", "para.", "absatz"]) {
        Kind::Abs
    } else if cur.eat_any_ci(&["halbsatz", "half-sentence"]) {
        Kind::Hs
    } else {
        cur.i = save;
        return None;
    };
    // `14. Satz 1`: the designator has its own number, so `14.` ended a
    // sentence (`Nummer 13 und 14. Satz 1 gilt …`).
    let after = cur.i;
    cur.ws();
    let numbered = cur.peek().is_some_and(|c| c.is_ascii_digit());
    cur.i = after;
    if numbered {
        cur.i = save;
        return None;
    }
    Some(Part {
        kind,
        value: d,
        paren: false,
        roman: false,
    })
}

/// Skips `ff.`, `f.`, `1st alt.`, `Alt. 2`, `Var. 1`.
fn skip_noise(cur: &mut Cur) -> bool {
    let save = cur.i;
    if cur.eat_any_ci(&["ff.", "ff", "f."]) {
        return true;
    }
    // `1st alt.`, `2. Alt.`
    if cur.digits().is_some() && (cur.eat_any_ci(&["st", "nd", "rd", "th"]) || cur.eat_ci(".")) {
        cur.ws();
        if cur.eat_any_ci(ALTERNATIVES) {
            return true;
        }
    }
    cur.i = save;
    if cur.eat_any_ci(ALTERNATIVES) {
        let after = cur.i;
        cur.ws();
        if cur.digits().is_none() {
            cur.i = after;
        }
        return true;
    }
    cur.i = save;
    false
}

/// Reads the subdivisions and noise after a number or a sibling value.
fn parts_into(cur: &mut Cur, parts: &mut Vec<Part>) {
    loop {
        let save = cur.i;
        cur.ws();
        if let Some(p) = part(cur, parts) {
            parts.push(p);
            continue;
        }
        if skip_noise(cur) {
            continue;
        }
        cur.i = save;
        return;
    }
}

/// The statute at the start of `s` after optional fillers (`of the German`):
/// the law key and the bytes consumed.
fn law_at(s: &str) -> Option<(String, usize)> {
    let mut cur = Cur { s, i: 0 };
    for _ in 0..4 {
        let save = cur.i;
        cur.ws();
        if !cur.eat_any_ci(FILLERS) {
            cur.i = save;
            break;
        }
    }
    cur.ws();
    let rest = cur.rest();
    if let Some((law, n)) = laws::match_abbrev(rest).or_else(|| laws::match_name(rest)) {
        return Some((law.key.to_string(), cur.i + n));
    }
    // Any other federal statute, by its abbreviation (`§ 32 KWG`).
    if let Some((key, n)) =
        abbreviation_at(rest).and_then(|(a, n)| laws::federal_key(a).map(|k| (k, n)))
    {
        return Some((key, cur.i + n));
    }
    let caps = eu_regex().captures(rest)?;
    let (a, b) = (caps.get(1)?.as_str(), caps.get(2)?.as_str());
    let whole = format!("{a}/{b}");
    let key = laws::EU_NUMBERS
        .iter()
        .find(|(n, _)| *n == whole)
        .map_or_else(|| format!("eu-{a}-{b}"), |(_, k)| (*k).to_string());
    Some((key, cur.i + caps.get(0)?.end()))
}

/// The statute abbreviation written right before the trigger (`BGB § 307`).
fn law_before(text: &str, start: usize) -> Option<(String, usize)> {
    let head = text.get(..start)?;
    let trimmed = head.trim_end();
    if trimmed.len() == head.len() && !head.is_empty() {
        return None;
    }
    let word_start = trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || "([,;".contains(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = trimmed.get(word_start..)?;
    let (law, n) = laws::match_abbrev(word)?;
    (n == word.len()).then(|| (law.key.to_string(), word_start))
}

fn numeric(s: &str) -> Option<u32> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// The values strictly between two numeric range ends (at most 50 of them).
fn between(a: &str, b: &str) -> Vec<String> {
    match (numeric(a), numeric(b)) {
        (Some(x), Some(y)) if y > x && y - x <= 50 => ((x + 1)..y).map(|v| v.to_string()).collect(),
        _ => Vec::new(),
    }
}

/// What follows a separator.
enum Next {
    /// A new section number.
    Number(String),
    /// A sibling subdivision replacing the last one of its kind.
    Sibling(Part),
}

/// Reads a chain starting at the trigger at byte `start`. A chain that names
/// no statute cites `own` when one is given and the chain is of its kind
/// (`§` for a statute of sections, `Art.` for one of articles) and names no
/// other law (see [`names_other_law`]); otherwise it is no citation.
///
/// `statute`, for queries: whether an abbreviation klausel does not know
/// (`NeuG`, lowercased) is a statute's (of the index); a chain followed by
/// one cites it (see [`unknown_law_at`]).
pub(super) fn chain(
    text: &str,
    start: usize,
    own: Option<OwnLaw>,
    statute: Option<&dyn Fn(&str) -> bool>,
) -> Option<Chain> {
    let mut cur = Cur { s: text, i: start };
    let (plural, article) = triggers_kind(&mut cur)?;
    let first = section_number(&mut cur)?;
    let mut refs = vec![Ref {
        number: first,
        parts: Vec::new(),
    }];
    follow(&mut cur, &mut refs, plural);
    let (law, end, from) = match law_at(cur.rest()) {
        Some((law, n)) => (law, cur.i + n, start),
        None => match law_before(text, start) {
            Some((law, from)) => (law, cur.i, from),
            None if statute.is_some() => {
                let (law, n) = unknown_law_at(cur.rest(), statute?)?;
                (law, cur.i + n, start)
            }
            None => {
                let own = own.filter(|l| l.article == article)?;
                // Dotted numbers (`9.1`) are no sections of a statute.
                if refs.iter().any(|r| r.number.contains('.')) {
                    return None;
                }
                // `§ 5 NeuG` in the NeuG, a statute klausel knows only by
                // its file's abbreviation.
                let named = abbreviation_at(cur.rest())
                    .filter(|(abbrev, _)| abbrev.to_lowercase() == own.key);
                match named {
                    Some((_, n)) => (own.key.to_string(), cur.i + n, start),
                    None if names_other_law(cur.rest()) => return None,
                    None => (own.key.to_string(), cur.i, start),
                }
            }
        },
    };
    Some(Chain {
        norms: norms_of(&law, refs),
        start: from,
        end,
    })
}

/// An abbreviation klausel does not know right after a chain (`§ 42a
/// NeuG`), when `statute` says it is a statute's: its lowercased key and
/// the bytes up to its end.
///
/// A federal statute of the list is found in any case here (`§ 14 gewo`):
/// only queries pass `statute`.
fn unknown_law_at(rest: &str, statute: &dyn Fn(&str) -> bool) -> Option<(String, usize)> {
    if let Some(found) = federal_any_case_at(rest) {
        return Some(found);
    }
    let (abbrev, end) = abbreviation_at(rest)?;
    if laws::law_key(abbrev).is_some() {
        return None;
    }
    let key = abbrev.to_lowercase();
    statute(&key).then_some((key, end))
}

/// A federal statute's abbreviation in any case at the start of `rest`
/// (after white space): its key and the bytes up to its end.
fn federal_any_case_at(rest: &str) -> Option<(String, usize)> {
    let (word, end) = word_at(rest)?;
    Some((laws::federal_key_any_case(word)?, end))
}

/// The word at the start of `rest` (after white space) when it has the
/// shape of a statute's abbreviation ([`super::statute_abbreviation`]),
/// and the bytes up to its end.
fn abbreviation_at(rest: &str) -> Option<(&str, usize)> {
    word_at(rest).filter(|(word, _)| super::statute_abbreviation(word))
}

/// The letters and digits at the start of `rest` (after white space) and
/// the bytes up to their end; `None` when there are none or a hyphen joins
/// them to more (`StUG-Novelle` names no statute).
fn word_at(rest: &str) -> Option<(&str, usize)> {
    let lead = rest.len() - rest.trim_start().len();
    let word = rest.get(lead..)?;
    let len = word
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(word.len());
    let hyphen = word.get(len..).is_some_and(|r| r.starts_with('-'));
    (len > 0 && !hyphen).then(|| (word.get(..len).unwrap_or(""), lead + len))
}

/// The statute a text is part of, as the scan needs it: its key and
/// whether it is cited by article.
#[derive(Debug, Clone, Copy)]
pub(super) struct OwnLaw<'a> {
    pub(super) key: &'a str,
    pub(super) article: bool,
}

fn norms_of(law: &str, refs: Vec<Ref>) -> Vec<Norm> {
    refs.into_iter()
        .map(|r| Norm {
            law: law.to_string(),
            number: r.number.to_lowercase(),
            parts: r
                .parts
                .iter()
                .map(|p| format!("{}{}", p.kind.tag(), p.value))
                .collect(),
        })
        .collect()
}

/// Reads the rest of a chain after its first number: subdivisions, and
/// further references after separators and ranges.
fn follow(cur: &mut Cur, refs: &mut Vec<Ref>, mut plural: bool) {
    loop {
        let last = refs.len() - 1;
        let mut parts = std::mem::take(&mut refs[last].parts);
        parts_into(cur, &mut parts);
        refs[last].parts = parts;
        let save = cur.i;
        cur.ws();
        let range = cur.eat_any_ci(RANGES);
        if !range && !cur.eat_any_ci(SEPARATORS) {
            cur.i = save;
            break;
        }
        // A blank line after the separator starts a new paragraph or list
        // item (`Nummer 13 und 14 und` / `2. einer Anlage …`), not the
        // chain's next member.
        if cur.ws_lines() >= 2 {
            cur.i = save;
            break;
        }
        let had_trigger = match triggers(cur) {
            Some(p) => {
                plural |= p;
                true
            }
            None => false,
        };
        let prev = refs[last].clone();
        let next = if had_trigger {
            section_number(cur).map(Next::Number)
        } else {
            sibling_or_number(cur, refs, plural)
        };
        match next {
            Some(Next::Number(n)) => {
                if range && prev.parts.is_empty() {
                    for v in between(&prev.number, &n) {
                        refs.push(Ref {
                            number: v,
                            parts: Vec::new(),
                        });
                    }
                }
                refs.push(Ref {
                    number: n,
                    parts: Vec::new(),
                });
            }
            Some(Next::Sibling(p)) => {
                // The sibling replaces the last part of its kind and what
                // follows it; without one, the parts below its level
                // (`§ 7 Nr. 3 und Absatz 1` is `§ 7 Abs. 1`, not a
                // paragraph of number 3).
                let keep = prev
                    .parts
                    .iter()
                    .rposition(|q| q.kind == p.kind)
                    .or_else(|| {
                        prev.parts
                            .iter()
                            .position(|q| q.kind.level() > p.kind.level())
                    })
                    .unwrap_or(prev.parts.len());
                let base: Vec<Part> = prev.parts.iter().take(keep).cloned().collect();
                if range {
                    if let Some(from) = prev.parts.get(keep) {
                        for v in between(&from.value, &p.value) {
                            let mut parts = base.clone();
                            parts.push(Part {
                                value: v,
                                ..p.clone()
                            });
                            refs.push(Ref {
                                number: prev.number.clone(),
                                parts,
                            });
                        }
                    }
                }
                let mut parts = base;
                parts.push(p);
                refs.push(Ref {
                    number: prev.number.clone(),
                    parts,
                });
            }
            None => {
                cur.i = save;
                break;
            }
        }
    }
}

/// How many different section numbers `refs` names.
fn distinct_sections(refs: &[Ref]) -> usize {
    let mut seen: Vec<&str> = Vec::new();
    for r in refs {
        if !seen.contains(&r.number.as_str()) {
            seen.push(&r.number);
        }
    }
    seen.len()
}

/// The leading digits of a number as a value (`1b` → 1); `None` without.
fn leading_value(number: &str) -> Option<u64> {
    let digits = number.bytes().take_while(u8::is_ascii_digit).count();
    number.get(..digits)?.parse().ok()
}

/// After `§§`, whether a bare number that follows a subdivision continues
/// it (`§§ 11 und 13 Abs. 3 und 4`, `§§ 307 und 308 Nummer 1a und 1b`)
/// rather than naming a section (`§§ 366 para. 2 and 367`, `§§ 22, 24 Absatz
/// 1 oder 25 Absatz 3`): the chain already names two sections, as `§§`
/// asks, and the number is no larger than the section it would subdivide
/// (`prev`, the last of `refs`).
fn plural_sibling(number: &str, prev: &Ref, refs: &[Ref]) -> bool {
    matches!(
        (leading_value(number), leading_value(&prev.number)),
        (Some(n), Some(section)) if n <= section
    ) && distinct_sections(refs) >= 2
}

/// After a separator without a trigger: a sibling subdivision (`No. 1 and 2`,
/// `(b) and (c)`, `IV und V`) or a new section number (`§§ 366 para. 2 and 367`).
/// `refs`: the chain so far; its last reference is the one continued.
fn sibling_or_number(cur: &mut Cur, refs: &[Ref], plural: bool) -> Option<Next> {
    let prev = refs.last()?;
    let save = cur.i;
    // An explicit designator or parenthesised value is always a sibling.
    if let Some(mut p) = part(cur, &[]) {
        if p.paren && p.kind == Kind::Abs {
            // `(1) and (2)`: sibling of the last numeric part written in parentheses.
            if let Some(q) = prev
                .parts
                .iter()
                .rev()
                .find(|q| q.paren && matches!(q.kind, Kind::Abs | Kind::Nr))
            {
                p.kind = q.kind;
            }
        }
        if p.kind == Kind::Lit && prev.parts.iter().any(|q| q.kind == Kind::Sub) && p.paren {
            // `(i) and (ii)` after a letter: sub-points.
            if lower_roman_value(&p.value) {
                p.kind = Kind::Sub;
            }
        }
        if !(p.roman && prev.parts.iter().all(|q| !q.roman)) {
            return Some(Next::Sibling(p));
        }
    }
    cur.i = save;
    let last = prev.parts.last();
    if let Some(r) = cur.roman() {
        if prev.parts.iter().any(|q| q.roman) {
            return Some(Next::Sibling(Part {
                kind: Kind::Abs,
                value: r,
                paren: false,
                roman: true,
            }));
        }
        cur.i = save;
        return None;
    }
    if let Some(n) = cur.number() {
        return Some(match last {
            Some(q)
                if q.kind != Kind::Lit
                    && q.kind != Kind::Sub
                    && (!plural || plural_sibling(&n, prev, refs)) =>
            {
                Next::Sibling(Part {
                    value: n,
                    ..q.clone()
                })
            }
            _ => Next::Number(n),
        });
    }
    if let Some(q) = last.filter(|q| q.kind == Kind::Lit) {
        if let Some(l) = cur.letter() {
            return Some(Next::Sibling(Part {
                value: l,
                ..q.clone()
            }));
        }
    }
    cur.i = save;
    None
}

/// The law table entry for a key, for display.
pub(super) fn law_info(key: &str) -> Option<&'static Law> {
    laws::by_key(key)
}

/// Words after which a chain's next words may name the law it belongs to.
const GENITIVES: &[&str] = &[
    "des", "der", "dem", "den", "eines", "einer", "of", "the", "zum", "zur",
];

/// Word stems of German instruments: `§ 5 des Gesetzes über …`, `Artikel 2
/// der Richtlinie …`, `§ 3 des Ersten Buches …`, `§ 2 der Anlage`.
const INSTRUMENT_STEMS: &[&str] = &[
    "gesetz",
    "verordnung",
    "ordnung",
    "richtlinie",
    "abkommen",
    "übereinkommen",
    "vertrag",
    "konvention",
    "statut",
    "satzung",
    "protokoll",
    "buch",
    "kodex",
    "anlage",
    "anhang",
    "beschluss",
];

/// `dieses`, `dieser`, `diesem`: the statute itself, or an instrument it
/// names ([`FOREIGN_STEMS`]).
const DEMONSTRATIVES: &[&str] = &["dieses", "dieser", "diesem"];

/// Instruments a statute calls `dieses …` that are not the statute itself:
/// `Artikel 3 dieses Vertrags`, `§ 2 dieser Anlage`.
const FOREIGN_STEMS: &[&str] = &[
    "vertrag",
    "abkommen",
    "übereinkommen",
    "protokoll",
    "konvention",
    "richtlinie",
    "anlage",
    "anhang",
];

/// English instruments, as whole words.
const INSTRUMENT_WORDS: &[&str] = &[
    "act",
    "code",
    "law",
    "statute",
    "regulation",
    "directive",
    "treaty",
    "convention",
    "annex",
];

/// An abbreviation that may name a law klausel does not know: two or more
/// capitals (`EStG`, `GmbHG`, `BGBl`) or a single capital (`G v. 24.9.2009`).
fn abbreviation_like(w: &str) -> bool {
    let upper = w.chars().filter(|c| c.is_uppercase()).count();
    w.chars().next().is_some_and(char::is_uppercase) && (upper >= 2 || w.chars().count() == 1)
}

/// Whether the words after a chain that names no known statute name some
/// other law or instrument (`EStG`, `des Gesetzes über …`, `der Richtlinie
/// 2009/…`, `of the Act`): then the chain is not the own statute's.
pub(super) fn names_other_law(rest: &str) -> bool {
    let mut words = rest
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | ')' | '('))
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.'));
    let Some(first) = words.next() else {
        return false;
    };
    if abbreviation_like(first) {
        return true;
    }
    let first = first.to_lowercase();
    if DEMONSTRATIVES.contains(&first.as_str()) {
        // `dieses Gesetzes` is the statute itself; `dieses Vertrags` in
        // the GG is the Einigungsvertrag.
        return words.next().is_some_and(|w| {
            let lower = w.to_lowercase();
            FOREIGN_STEMS.iter().any(|s| lower.contains(s))
        });
    }
    if !GENITIVES.contains(&first.as_str()) {
        return false;
    }
    words.take(3).any(|w| {
        let lower = w.to_lowercase();
        abbreviation_like(w)
            || INSTRUMENT_STEMS.iter().any(|s| lower.contains(s))
            || INSTRUMENT_WORDS
                .iter()
                .any(|s| lower == *s || lower.strip_suffix('s') == Some(s))
    })
}

/// Where a paragraph of the own section may be named alone: `Absatz 2`,
/// `des Absatzes 1`, `die Absätze 1 und 2`, `Abs. 3`.
fn paragraph_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?-u:\b)(?:Absatz(?:es)?|Absätzen?|Abs\.)[ \t\u{a0}]*\d")
            .unwrap_or_else(|_| unreachable!("the paragraph pattern is a valid regex"))
    })
}

/// Abbreviations with a dot that a lone `Absatz` may follow only as part of
/// another reference (`Nr. 3 Abs. 1`, `Art. 5 Abs. 2`, `vgl. Abs. 1`).
const DOTTED: &[&str] = &[
    "abs", "art", "artt", "nr", "nrn", "ziff", "lit", "buchst", "vgl", "bzw", "hs", "uabs",
    "unterabs", "ff", "anm", "gem", "sec", "para", "no",
];

/// Whether the text before a lone `Absatz` lets it be the own section's:
/// the start, a word (`nach`, `Die`, but no abbreviation such as `BGB`
/// or `G`), a clause mark (`,`, `;`, `:`, `(`), a paragraph's number
/// (`(2)`), or the end of a sentence. Anything else (a number, `§ 5`,
/// `Art.`, `Nr.`) may make it a subdivision of something else.
fn paragraph_may_start(head: &str) -> bool {
    let head = head.trim_end();
    let Some(word) = head.split_whitespace().next_back() else {
        return true;
    };
    if word.ends_with([',', ';', ':', '(']) {
        return true;
    }
    let plain =
        |w: &str| !w.is_empty() && w.chars().all(char::is_alphabetic) && !abbreviation_like(w);
    if plain(word) {
        return true;
    }
    if let Some(n) = word.strip_prefix('(').and_then(|w| w.strip_suffix(')')) {
        return !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric());
    }
    word.strip_suffix('.').is_some_and(|w| {
        w.chars().count() > 2 && plain(w) && !DOTTED.contains(&w.to_lowercase().as_str())
    })
}

/// The lone references to paragraphs of the own section `number` (`Absatz
/// 2 Satz 1` in `§ 309` is `§ 309 Abs. 2 S. 1`), outside the spans already
/// read as chains. Left out, as not safely the own section's: a paragraph
/// after anything but a lowercase word or a clause mark ([`paragraph_may_start`]),
/// or followed by a genitive (`Absatz 2 des § 5`, `Absatz 1 der Richtlinie`),
/// a trigger or a statute.
pub(super) fn paragraphs(
    text: &str,
    own: OwnLaw,
    number: &str,
    taken: &[(usize, usize)],
) -> Vec<Chain> {
    let mut out = Vec::new();
    let mut pos = 0;
    for m in paragraph_regex().find_iter(text) {
        let start = m.start();
        if start < pos || taken.iter().any(|&(a, b)| a <= start && start < b) {
            continue;
        }
        if !paragraph_may_start(text.get(..start).unwrap_or("")) {
            continue;
        }
        let mut cur = Cur { s: text, i: start };
        // The designator, then the paragraph's number.
        let word = cur
            .rest()
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        cur.i += word.len();
        if cur.peek() == Some('.') {
            cur.i += 1;
        }
        cur.ws();
        let Some(value) = cur.number() else {
            continue;
        };
        let mut refs = vec![Ref {
            number: number.to_string(),
            parts: vec![Part {
                kind: Kind::Abs,
                value,
                paren: false,
                roman: false,
            }],
        }];
        follow(&mut cur, &mut refs, false);
        let rest = cur.rest();
        let next = rest.split_whitespace().next().unwrap_or("");
        let genitive = GENITIVES.contains(&next.to_lowercase().as_str());
        let mut probe = Cur { s: text, i: cur.i };
        if genitive
            || triggers(&mut probe).is_some()
            || law_at(rest).is_some()
            || names_other_law(rest)
            || refs.iter().any(|r| r.number.contains('.'))
        {
            continue;
        }
        pos = cur.i;
        out.push(Chain {
            norms: norms_of(own.key, refs),
            start,
            end: cur.i,
        });
    }
    out
}
