//! HTML: the main content as paragraphs, with the numbers a browser draws.
//!
//! The charset comes from the BOM, a `<meta>` tag or the content; html5gum
//! tokenizes (entities decoded). A small interpreter for the CSS a legal
//! page uses for numbering (`counter-reset`, `counter-increment`,
//! `content: counter(x) '.' counters(y, '.')` on `::before`, `list-style:
//! none`, `display: none`) and `<ol type= start=>`/`<li value=>` give each
//! paragraph the label the reader sees. Scripts, styles, hidden elements,
//! navigation, headers and footers outside the content, asides, forms,
//! cookie banners and blocks that are mostly links are left out; when the
//! page has a `<main>`, only it is read.

use super::Extracted;
use crate::text::roman;
use std::collections::HashMap;

/// Decodes an HTML file: BOM, then `<meta charset>` / `http-equiv`, then
/// UTF-8 when valid, else windows-1252.
fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (t, _) = enc.decode_without_bom_handling(bytes.get(bom..).unwrap_or(&[]));
        return t.into_owned();
    }
    let head = &bytes[..bytes.len().min(4096)];
    if let Some(enc) = meta_charset(head) {
        // A page that says UTF-16 in ASCII is not UTF-16.
        let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            enc
        };
        let (t, _) = enc.decode_without_bom_handling(bytes);
        return t.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let (t, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            t.into_owned()
        }
    }
}

/// The encoding a `<meta>` tag names in the first bytes of a page.
fn meta_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"<meta") {
        let start = from + i;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset=") {
            let rest = &tag[c + 8..];
            let rest = rest
                .strip_prefix(b"\"")
                .or_else(|| rest.strip_prefix(b"'"))
                .unwrap_or(rest);
            let label: Vec<u8> = rest
                .iter()
                .copied()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
                .collect();
            if let Some(e) = encoding_rs::Encoding::for_label(&label) {
                return Some(e);
            }
        }
        from = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// One step of a selector: `tag.class#id`, with the combinator to the
/// step on its left.
#[derive(Debug, Clone, Default)]
struct Compound {
    tag: Option<String>,
    id: Option<String>,
    classes: Vec<String>,
    /// `>` to the left (else descendant).
    child: bool,
}

#[derive(Debug, Clone, Default)]
struct Rule {
    selector: Vec<Compound>,
    before: bool,
    decls: Vec<(String, String)>,
}

/// Parses the rules klausel understands; others (attribute selectors,
/// pseudo-classes, sibling combinators) are left out.
fn parse_css(css: &str) -> Vec<Rule> {
    let mut rules = Vec::new();
    let css = strip_comments(css);
    let mut rest = css.as_str();
    while let Some(open) = rest.find('{') {
        let selectors = rest[..open].trim();
        let after = &rest[open + 1..];
        if selectors.starts_with('@') {
            // `@media … {`: read the rules inside; other at-rules skipped.
            if selectors.starts_with("@media") || selectors.starts_with("@supports") {
                rest = after;
            } else {
                rest = after.find('}').map_or("", |c| &after[c + 1..]);
            }
            continue;
        }
        let close = after.find('}').unwrap_or(after.len());
        let body = &after[..close];
        rest = after.get(close + 1..).unwrap_or("");
        let selectors = selectors.trim_start_matches('}').trim();
        let decls: Vec<(String, String)> = body
            .split(';')
            .filter_map(|d| {
                let (k, v) = d.split_once(':')?;
                Some((k.trim().to_ascii_lowercase(), v.trim().to_string()))
            })
            .collect();
        for sel in selectors.split(',') {
            if let Some((selector, before)) = parse_selector(sel.trim()) {
                rules.push(Rule {
                    selector,
                    before,
                    decls: decls.clone(),
                });
            }
        }
    }
    rules
}

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("/*") {
        out.push_str(&rest[..i]);
        rest = rest[i + 2..]
            .find("*/")
            .map_or("", |j| &rest[i + 2 + j + 2..]);
    }
    out.push_str(rest);
    out
}

fn parse_selector(sel: &str) -> Option<(Vec<Compound>, bool)> {
    let sel = sel.replace('>', " > ");
    let mut out: Vec<Compound> = Vec::new();
    let mut before = false;
    let mut child = false;
    for part in sel.split_whitespace() {
        if part == ">" {
            child = true;
            continue;
        }
        if part == "+" || part == "~" || before {
            return None;
        }
        let mut c = Compound {
            child,
            ..Compound::default()
        };
        child = false;
        let mut p = part;
        for pseudo in ["::before", ":before"] {
            if let Some(s) = p.strip_suffix(pseudo) {
                p = s;
                before = true;
            }
        }
        if p.contains(':') || p.contains('[') {
            return None;
        }
        // Split `tag.a.b#id` into its pieces.
        let mut cur = String::new();
        let mut kind = 't';
        let push = |kind: char, s: &mut String, c: &mut Compound| {
            if !s.is_empty() {
                match kind {
                    '.' => c.classes.push(std::mem::take(s)),
                    '#' => c.id = Some(std::mem::take(s)),
                    _ => {
                        let t = std::mem::take(s).to_ascii_lowercase();
                        if t != "*" {
                            c.tag = Some(t);
                        }
                    }
                }
            }
        };
        for ch in p.chars() {
            if ch == '.' || ch == '#' {
                push(kind, &mut cur, &mut c);
                kind = ch;
            } else {
                cur.push(ch);
            }
        }
        push(kind, &mut cur, &mut c);
        out.push(c);
    }
    if out.is_empty() {
        None
    } else {
        Some((out, before))
    }
}

/// An open element.
#[derive(Debug, Clone, Default)]
struct Elem {
    tag: String,
    id: String,
    classes: Vec<String>,
    /// Counters this element created (CSS scope: it and its descendants).
    counters: usize,
    /// An `<ol>`: its marker type and the next number.
    list: Option<(char, i64)>,
    /// Whether the list's markers are drawn.
    markers: bool,
    /// Output blocks when the element started (to drop it again).
    blocks_at: usize,
    chars_at: usize,
    links_at: usize,
    block: bool,
    /// Text is left out inside.
    skip: bool,
    /// Inside `<main>` (or `role=main`).
    main: bool,
    /// A list or heading inside (a list item that holds only paragraphs
    /// becomes one block).
    nested: bool,
}

fn matches(sel: &[Compound], stack: &[Elem]) -> bool {
    let Some((last, rest)) = sel.split_last() else {
        return false;
    };
    let Some((el, up)) = stack.split_last() else {
        return false;
    };
    if !compound_matches(last, el) {
        return false;
    }
    if rest.is_empty() {
        return true;
    }
    if last.child {
        return matches(rest, up);
    }
    // Descendant: any ancestor.
    (0..up.len()).rev().any(|i| matches(rest, &up[..=i]))
}

fn compound_matches(c: &Compound, e: &Elem) -> bool {
    c.tag.as_ref().is_none_or(|t| *t == e.tag)
        && c.id.as_ref().is_none_or(|i| *i == e.id)
        && c.classes.iter().all(|k| e.classes.contains(k))
}

/// Words in an id or class that name page chrome, not content.
fn chrome_word(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    matches!(
        w.as_str(),
        "nav"
            | "navbar"
            | "navigation"
            | "navi"
            | "menu"
            | "menubar"
            | "breadcrumb"
            | "breadcrumbs"
            | "crumbs"
            | "sidebar"
            | "footer"
            | "banner"
            | "modal"
            | "popup"
            | "overlay"
            | "newsletter"
            | "skip"
            | "share"
            | "social"
            | "toolbar"
            | "masthead"
            | "consent"
            | "gdpr"
            | "toplinks"
    ) || w.starts_with("cookie")
}

const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "caption",
    "summary",
    "center",
];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose content is never text of the page.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "nav", "aside", "form", "button", "select",
    "svg", "iframe", "dialog", "object", "canvas", "textarea", "title",
];

struct Out {
    blocks: Vec<String>,
    buf: String,
    /// A label waiting for the next block of text (`4.2`, `(a)`).
    label: Vec<String>,
    chars: usize,
    links: usize,
    /// The text of each `<h1>` that made one single-line block, in order.
    h1: Vec<String>,
}

impl Out {
    fn flush(&mut self) {
        let text: Vec<String> = self
            .buf
            .split('\n')
            .map(super::squash)
            .filter(|l| !l.is_empty())
            .collect();
        self.buf.clear();
        if text.is_empty() {
            return;
        }
        let mut b = String::new();
        let label: Vec<String> = std::mem::take(&mut self.label)
            .into_iter()
            .filter(|l| !l.trim().is_empty())
            .collect();
        if !label.is_empty() {
            b.push_str(&super::squash(&label.join(" ")));
            b.push(' ');
        }
        b.push_str(&text.join("\n"));
        self.blocks.push(b);
    }
}

/// A counter value in a CSS list style or an `<ol type>`.
fn counter_text(v: i64, style: &str) -> String {
    let n = u32::try_from(v).unwrap_or(0);
    match style {
        "a" | "lower-alpha" | "lower-latin" => letters(n).to_lowercase(),
        "A" | "upper-alpha" | "upper-latin" => letters(n),
        "i" | "lower-roman" => roman(n).to_lowercase(),
        "I" | "upper-roman" => roman(n),
        "none" => String::new(),
        _ => v.to_string(),
    }
}

fn letters(n: u32) -> String {
    if n == 0 {
        return "0".into();
    }
    let mut n = n;
    let mut s = Vec::new();
    while n > 0 {
        n -= 1;
        s.push((b'A' + (n % 26) as u8) as char);
        n /= 26;
    }
    s.iter().rev().collect()
}

/// Evaluates a CSS `content` value with the current counters.
fn content_value(v: &str, counters: &[(String, i64)]) -> String {
    let mut out = String::new();
    let mut rest = v.trim();
    if rest == "none" || rest == "normal" {
        return out;
    }
    while !rest.is_empty() {
        rest = rest.trim_start();
        if let Some(q) = rest.chars().next().filter(|c| *c == '\'' || *c == '"') {
            let body = &rest[1..];
            let end = body.find(q).unwrap_or(body.len());
            out.push_str(&css_unescape(&body[..end]));
            rest = body.get(end + 1..).unwrap_or("");
        } else if let Some(b) = rest.strip_prefix("counters(") {
            let end = b.find(')').unwrap_or(b.len());
            let args: Vec<&str> = b[..end].split(',').map(str::trim).collect();
            let name = args.first().copied().unwrap_or("");
            let sep = args
                .get(1)
                .map(|s| s.trim_matches(|c| c == '\'' || c == '"'))
                .unwrap_or(".");
            let style = args.get(2).copied().unwrap_or("decimal");
            let vals: Vec<String> = counters
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| counter_text(*v, style))
                .collect();
            out.push_str(&vals.join(sep));
            rest = b.get(end + 1..).unwrap_or("");
        } else if let Some(b) = rest.strip_prefix("counter(") {
            let end = b.find(')').unwrap_or(b.len());
            let args: Vec<&str> = b[..end].split(',').map(str::trim).collect();
            let name = args.first().copied().unwrap_or("");
            let style = args.get(1).copied().unwrap_or("decimal");
            let v = counters
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map_or(0, |(_, v)| *v);
            out.push_str(&counter_text(v, style));
            rest = b.get(end + 1..).unwrap_or("");
        } else {
            // attr(), url(), open-quote …: skipped up to the next space.
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            rest = &rest[end..];
        }
    }
    out
}

fn css_unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut hex = String::new();
        while let Some(h) = chars
            .peek()
            .filter(|h| h.is_ascii_hexdigit() && hex.len() < 6)
        {
            hex.push(*h);
            chars.next();
        }
        if hex.is_empty() {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            if chars.peek() == Some(&' ') {
                chars.next();
            }
            if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                out.push(if ch == '\u{a0}' { ' ' } else { ch });
            }
        }
    }
    out
}

/// Parses `name [n] name [n]` of counter-reset / counter-increment.
fn counter_list(v: &str, default: i64) -> Vec<(String, i64)> {
    let mut out: Vec<(String, i64)> = Vec::new();
    for w in v.split_whitespace() {
        if let Ok(n) = w.parse::<i64>() {
            if let Some(last) = out.last_mut() {
                last.1 = n;
            }
        } else if w != "none" {
            out.push((w.to_string(), default));
        }
    }
    out
}

fn style_hidden(style: &str) -> bool {
    let s: String = style
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    s.contains("display:none") || s.contains("visibility:hidden")
}

type Attrs = HashMap<String, String>;

pub(super) fn extract(bytes: &[u8]) -> Extracted {
    let text = decode(bytes);
    // First pass: the style sheets, and whether the page has a <main>.
    let mut css = String::new();
    let mut has_main = false;
    let mut in_style = false;
    for tok in tokens(&text) {
        match tok {
            Tok::Start(name, attrs) => {
                if name == "style" {
                    in_style = true;
                }
                if name == "main" || attrs.get("role").is_some_and(|r| r == "main") {
                    has_main = true;
                }
            }
            Tok::End(name) if name == "style" => in_style = false,
            Tok::Text(t) if in_style => {
                css.push_str(&t);
                css.push('\n');
            }
            _ => {}
        }
    }
    let rules = parse_css(&css);
    let mut out = Out {
        blocks: Vec::new(),
        buf: String::new(),
        label: Vec::new(),
        chars: 0,
        links: 0,
        h1: Vec::new(),
    };
    let mut stack: Vec<Elem> = Vec::new();
    let mut counters: Vec<(String, i64)> = Vec::new();
    let mut in_link = 0usize;
    for tok in tokens(&text) {
        match tok {
            Tok::Start(name, attrs) => {
                // Implicitly closed elements.
                let closes: &[&str] = match name.as_str() {
                    "li" => &["li"],
                    "td" | "th" => &["td", "th"],
                    "tr" => &["tr", "td", "th"],
                    "dt" | "dd" => &["dt", "dd"],
                    "option" => &["option"],
                    _ if BLOCKS.contains(&name.as_str()) => &["p"],
                    _ => &[],
                };
                if !closes.is_empty() {
                    let stop = ["ol", "ul", "table", "dl", "select", "div", "td", "li"];
                    if let Some(i) = stack.iter().rposition(|e| {
                        closes.contains(&e.tag.as_str())
                            || (stop.contains(&e.tag.as_str()) && !closes.contains(&e.tag.as_str()))
                    }) {
                        if closes.contains(&stack[i].tag.as_str()) {
                            while stack.len() > i {
                                close(&mut stack, &mut out, &mut counters, &mut in_link);
                            }
                        }
                    }
                }
                let parent_skip = stack.last().is_some_and(|e| e.skip);
                let parent_main = stack.last().is_some_and(|e| e.main);
                let mut e = Elem {
                    tag: name.clone(),
                    id: attrs.get("id").cloned().unwrap_or_default(),
                    classes: attrs
                        .get("class")
                        .map(|c| c.split_whitespace().map(str::to_string).collect())
                        .unwrap_or_default(),
                    block: BLOCKS.contains(&name.as_str()),
                    main: parent_main
                        || name == "main"
                        || attrs.get("role").is_some_and(|r| r == "main"),
                    ..Elem::default()
                };
                let role = attrs.get("role").map(String::as_str).unwrap_or("");
                // Chrome is named on containers; a clause (`<li id="s1i_share">`)
                // may well be called after its content.
                let container = !matches!(
                    name.as_str(),
                    "li" | "p"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "h5"
                        | "h6"
                        | "dd"
                        | "dt"
                        | "main"
                        | "article"
                        | "body"
                        | "html"
                );
                let chrome = container
                    && e.id
                        .split(|c: char| !c.is_alphanumeric())
                        .chain(
                            e.classes
                                .iter()
                                .flat_map(|c| c.split(|c: char| !c.is_alphanumeric())),
                        )
                        .any(chrome_word);
                e.skip = parent_skip
                    || SKIP.contains(&name.as_str())
                    || (name == "header" && !e.main)
                    || name == "footer"
                    || chrome
                    || attrs.contains_key("hidden")
                    || attrs.get("aria-hidden").is_some_and(|v| v == "true")
                    || attrs.get("style").is_some_and(|s| style_hidden(s))
                    || matches!(
                        role,
                        "navigation"
                            | "banner"
                            | "contentinfo"
                            | "complementary"
                            | "dialog"
                            | "alertdialog"
                            | "search"
                            | "menu"
                            | "menubar"
                    );
                if matches!(
                    name.as_str(),
                    "ol" | "ul" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                ) {
                    for a in stack.iter_mut() {
                        a.nested = true;
                    }
                }
                // Styles: rules in source order (later wins).
                stack.push(e);
                let mut reset: Vec<(String, i64)> = Vec::new();
                let mut incr: Vec<(String, i64)> = Vec::new();
                let mut before: Option<String> = None;
                let mut hidden = false;
                let mut list_none: Option<bool> = None;
                for r in &rules {
                    if !matches(&r.selector, &stack) {
                        continue;
                    }
                    for (k, v) in &r.decls {
                        match (k.as_str(), r.before) {
                            ("counter-reset", false) => reset = counter_list(v, 0),
                            ("counter-increment", false) => incr = counter_list(v, 1),
                            ("content", true) => before = Some(v.clone()),
                            ("display", false) => hidden = v.trim().starts_with("none"),
                            ("visibility", false) => hidden = v.trim().starts_with("hidden"),
                            ("list-style" | "list-style-type", false) => {
                                list_none = Some(v.split_whitespace().any(|w| w == "none"))
                            }
                            _ => {}
                        }
                    }
                }
                let depth = stack.len();
                let mut created = 0;
                for (n, v) in reset {
                    counters.push((n, v));
                    created += 1;
                }
                for (n, v) in incr {
                    if let Some(c) = counters.iter_mut().rev().find(|c| c.0 == n) {
                        c.1 += v;
                    } else {
                        counters.push((n, v));
                        created += 1;
                    }
                }
                let Some(e) = stack.last_mut() else { continue };
                e.counters = created;
                e.skip |= hidden;
                let _ = depth;
                if e.block && !e.skip {
                    out.flush();
                }
                e.blocks_at = out.blocks.len();
                e.chars_at = out.chars;
                e.links_at = out.links;
                let skip = e.skip;
                // Lists.
                if name == "ol" {
                    let ty = attrs
                        .get("type")
                        .and_then(|t| t.chars().next())
                        .filter(|c| matches!(c, '1' | 'a' | 'A' | 'i' | 'I'))
                        .unwrap_or('1');
                    let start = attrs
                        .get("start")
                        .and_then(|s| s.trim().parse::<i64>().ok())
                        .unwrap_or(1);
                    e.list = Some((ty, start));
                    e.markers = !list_none.unwrap_or(false);
                } else if name == "ul" {
                    e.list = Some(('*', 1));
                    e.markers = false;
                }
                if name == "li" && !skip {
                    let own_none = list_none.unwrap_or(false);
                    // The nearest list and its marker.
                    if let Some(li) = stack.len().checked_sub(2).and_then(|i| stack.get(i)) {
                        let _ = li;
                    }
                    let n = stack.len();
                    let nested = stack[..n.saturating_sub(2)]
                        .iter()
                        .filter(|x| x.tag == "ol" && x.markers)
                        .count();
                    if let Some(list) = stack[..n - 1].iter_mut().rev().find(|x| x.list.is_some()) {
                        if let Some((ty, next)) = list.list {
                            let v = attrs
                                .get("value")
                                .and_then(|s| s.trim().parse::<i64>().ok())
                                .unwrap_or(next);
                            list.list = Some((ty, v + 1));
                            if list.markers && !own_none && ty != '*' {
                                let t = counter_text(v, &ty.to_string());
                                out.label.push(if nested == 0 && ty == '1' {
                                    format!("{t}.")
                                } else {
                                    format!("({t})")
                                });
                            }
                        }
                    }
                }
                if let Some(c) = before.filter(|_| !skip) {
                    let v = content_value(&c, &counters);
                    if !v.trim().is_empty() {
                        if name == "li" || stack.last().is_some_and(|e| e.block) {
                            out.label.push(v);
                        } else {
                            out.buf.push_str(&v);
                        }
                    }
                }
                if name == "a" {
                    in_link += 1;
                }
                if name == "br" && !skip {
                    out.buf.push('\n');
                }
                if VOID.contains(&name.as_str()) {
                    close(&mut stack, &mut out, &mut counters, &mut in_link);
                }
            }
            Tok::End(name) => {
                if let Some(i) = stack.iter().rposition(|e| e.tag == name) {
                    while stack.len() > i {
                        close(&mut stack, &mut out, &mut counters, &mut in_link);
                    }
                } else if name == "p" || name == "br" {
                    out.flush();
                }
            }
            Tok::Text(t) => {
                if stack.last().is_some_and(|e| e.skip) {
                    continue;
                }
                if has_main && !stack.last().is_some_and(|e| e.main) {
                    continue;
                }
                let n = t.chars().filter(|c| !c.is_whitespace()).count();
                out.chars += n;
                if in_link > 0 {
                    out.links += n;
                }
                let pre = stack.iter().any(|e| e.tag == "pre");
                for c in t.chars() {
                    let c = if c == '\u{a0}' { ' ' } else { c };
                    if c == '\n' && pre {
                        out.buf.push('\n');
                    } else if c.is_whitespace() {
                        if !out.buf.ends_with(' ') && !out.buf.ends_with('\n') {
                            out.buf.push(' ');
                        }
                    } else if c != '\u{ad}' {
                        out.buf.push(c);
                    }
                }
            }
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut out, &mut counters, &mut in_link);
    }
    out.flush();
    // The page's title: its first heading `<h1>` still in the text (a
    // block dropped later, as a link-dense menu, does not count).
    let title = out.h1.iter().find(|t| out.blocks.contains(t)).cloned();
    let mut text = out.blocks.join("\n\n");
    text.push('\n');
    Extracted {
        text,
        notes: Vec::new(),
        title,
    }
}

/// Closes the innermost element: its text becomes a block; a block that is
/// mostly links (a menu, "back to top") or a short cookie notice is
/// dropped again; its counters go out of scope.
fn close(
    stack: &mut Vec<Elem>,
    out: &mut Out,
    counters: &mut Vec<(String, i64)>,
    in_link: &mut usize,
) {
    let Some(e) = stack.pop() else { return };
    if e.tag == "a" {
        *in_link = in_link.saturating_sub(1);
    }
    for _ in 0..e.counters {
        counters.pop();
    }
    if !e.block || e.skip {
        return;
    }
    out.flush();
    let chars = out.chars - e.chars_at;
    let links = out.links - e.links_at;
    let mut drop = chars > 0 && links * 10 >= chars * 6 && chars < 400;
    if !drop && out.blocks.len() > e.blocks_at && chars < 600 {
        let text = out.blocks[e.blocks_at..].join(" ").to_lowercase();
        drop = text.contains("cookie") && links * 5 >= chars && chars < 400;
    }
    if drop {
        out.blocks.truncate(e.blocks_at);
        out.label.clear();
    } else if e.tag == "h1" && out.blocks.len() == e.blocks_at + 1 {
        let block = out
            .blocks
            .last()
            .filter(|b| !b.contains('\n') && b.len() <= 200);
        out.h1.extend(block.cloned());
    } else if e.tag == "li" && !e.nested && out.blocks.len() > e.blocks_at + 1 {
        // The paragraphs of one list item are one clause.
        let joined = out.blocks.split_off(e.blocks_at).join("\n");
        out.blocks.push(joined);
    }
}

enum Tok {
    Start(String, Attrs),
    End(String),
    Text(String),
}

fn tokens(text: &str) -> impl Iterator<Item = Tok> + '_ {
    let mut emitter = html5gum::DefaultEmitter::default();
    emitter.naively_switch_states(true);
    html5gum::Tokenizer::new_with_emitter(text, emitter)
        .flatten()
        .filter_map(|t| match t {
            html5gum::Token::StartTag(s) => {
                let name = String::from_utf8_lossy(&s.name).to_ascii_lowercase();
                let attrs = s
                    .attributes
                    .iter()
                    .map(|(k, v)| {
                        (
                            String::from_utf8_lossy(k).to_ascii_lowercase(),
                            String::from_utf8_lossy(&v.value).into_owned(),
                        )
                    })
                    .collect();
                Some(Tok::Start(name, attrs))
            }
            html5gum::Token::EndTag(e) => Some(Tok::End(
                String::from_utf8_lossy(&e.name).to_ascii_lowercase(),
            )),
            html5gum::Token::String(s) => {
                Some(Tok::Text(String::from_utf8_lossy(&s.value).into_owned()))
            }
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        extract(html.as_bytes()).text
    }

    #[test]
    fn ol_numbers_and_nesting() {
        let t =
            text("<ol start=3><li>Drei<ol type=a><li>x</li><li>y</li></ol></li><li>Vier</li></ol>");
        assert_eq!(t, "3. Drei\n\n(a) x\n\n(b) y\n\n4. Vier\n");
    }

    #[test]
    fn css_counters() {
        let t = text(
            "<style>ol.s{counter-reset:z;list-style:none}ol.s>li{counter-increment:z}\
             ol.s>li>h3::before{content:counter(z) '. '}ol.s ol{counter-reset:u;list-style:none}\
             ol.s ol>li{counter-increment:u}ol.s ol>li::before{content:counter(z) '.' counter(u)}</style>\
             <ol class=s><li><h3>Eins</h3><ol><li>a</li><li>b</li></ol></li><li><h3>Zwei</h3><ol><li>c</li></ol></li></ol>",
        );
        assert_eq!(t, "1. Eins\n\n1.1 a\n\n1.2 b\n\n2. Zwei\n\n2.1 c\n");
    }

    #[test]
    fn chrome_dropped_and_charset() {
        let page = b"<html><head><meta charset=windows-1252><title>x</title></head><body>\
            <nav>Home</nav><div id=cookie-banner>We use cookies</div><main><p>Gew\xe4hr &sect; 3&nbsp;BGB</p></main>\
            <footer>(c) 2024</footer></body></html>";
        assert_eq!(extract(page).text, "Gew\u{e4}hr \u{a7} 3 BGB\n");
    }

    /// The title is the first `<h1>` left in the text: not a logo's in the
    /// page header, nor one of several lines, nor one in a dropped menu.
    #[test]
    fn title_is_the_first_kept_h1() {
        let title = |html: &str| extract(html.as_bytes()).title;
        assert_eq!(
            title("<header><h1>Shop</h1></header><p><b>Kaffee Alber</b></p><h1>AGB und Kundeninformationen</h1><h1>Zweite</h1><p>Text.</p>")
                .as_deref(),
            Some("AGB und Kundeninformationen")
        );
        assert_eq!(
            title("<h1>Erste<br>Zeile</h1><h1>Terms</h1>").as_deref(),
            Some("Terms")
        );
        assert_eq!(
            title("<div><h1><a href=/>Home</a></h1></div><h2>Terms</h2><p>Text.</p>"),
            None
        );
        assert_eq!(title("<h2>Terms</h2><p>Text.</p>"), None);
    }
}
