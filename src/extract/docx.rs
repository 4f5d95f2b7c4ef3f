//! DOCX: WordprocessingML read with quick-xml over the zip's parts.
//!
//! Each paragraph becomes one line preceded by the number Word draws for it
//! (resolved from `numbering.xml`: direct or style-linked numbering, level
//! restarts, start overrides), paragraphs separated by a blank line; table
//! cells are read one after the other. Tracked changes are read as
//! accepted (`w:ins` kept, `w:del` dropped); footnote and comment
//! references, comments, headers and footers are left out of the body, and
//! the footnotes follow it under a `Footnotes` line.

use super::zip::Zip;
use super::{ExtractError, Extracted};
use crate::text::roman;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;

/// One level of a list definition.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    fmt: String,
    text: String,
    legal: bool,
    style: Option<String>,
}

/// `numbering.xml`: abstract lists, and the instances paragraphs use.
#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, HashMap<u8, Level>>,
    /// numId → its list instance.
    nums: HashMap<String, Num>,
}

/// A `w:num`: the abstract list it uses, with its overrides.
#[derive(Debug, Default)]
struct Num {
    abs: String,
    /// `w:startOverride` per level.
    starts: HashMap<u8, u32>,
    /// `w:lvl` inside `w:lvlOverride`.
    levels: HashMap<u8, Level>,
}

/// A paragraph style: its base, its list, its outline level.
#[derive(Debug, Clone, Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
}

fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| a.unescape_value().ok().map(|v| v.into_owned()))
            .flatten()
    })
}

fn val(e: &BytesStart<'_>) -> Option<String> {
    attr(e, b"val")
}

fn reader(xml: &[u8]) -> Reader<&[u8]> {
    let mut r = Reader::from_reader(xml);
    r.config_mut().trim_text(false);
    r
}

fn parse_numbering(xml: &[u8]) -> Numbering {
    let mut n = Numbering::default();
    let mut r = reader(xml);
    let mut abs: Option<String> = None;
    let mut num: Option<String> = None;
    let mut lvl: Option<(u8, Level)> = None;
    let mut override_lvl: Option<u8> = None;
    loop {
        let ev = match r.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(ev) => ev,
        };
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"abstractNum" => abs = attr(&e, b"abstractNumId"),
                b"num" => {
                    num = attr(&e, b"numId");
                    if let Some(id) = &num {
                        n.nums.entry(id.clone()).or_default();
                    }
                }
                b"abstractNumId" => {
                    if let (Some(id), Some(v)) = (&num, val(&e)) {
                        n.nums.entry(id.clone()).or_default().abs = v;
                    }
                }
                b"lvlOverride" => override_lvl = attr(&e, b"ilvl").and_then(|v| v.parse().ok()),
                b"startOverride" => {
                    if let (Some(id), Some(l), Some(v)) =
                        (&num, override_lvl, val(&e).and_then(|v| v.parse().ok()))
                    {
                        n.nums.entry(id.clone()).or_default().starts.insert(l, v);
                    }
                }
                b"lvl" => {
                    let i = attr(&e, b"ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    lvl = Some((
                        i,
                        Level {
                            start: 1,
                            fmt: "decimal".into(),
                            ..Level::default()
                        },
                    ));
                }
                b"start" => {
                    if let Some((_, l)) = &mut lvl {
                        l.start = val(&e).and_then(|v| v.parse().ok()).unwrap_or(1);
                    }
                }
                b"numFmt" => {
                    if let Some((_, l)) = &mut lvl {
                        l.fmt = val(&e).unwrap_or_default();
                    }
                }
                b"lvlText" => {
                    if let Some((_, l)) = &mut lvl {
                        l.text = val(&e).unwrap_or_default();
                    }
                }
                b"isLgl" => {
                    if let Some((_, l)) = &mut lvl {
                        l.legal = val(&e).is_none_or(|v| v != "0" && v != "false");
                    }
                }
                b"pStyle" => {
                    if let Some((_, l)) = &mut lvl {
                        l.style = val(&e);
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"lvl" => {
                    if let Some((i, l)) = lvl.take() {
                        if let Some(id) = &num {
                            if let Some(o) = override_lvl {
                                n.nums.entry(id.clone()).or_default().levels.insert(o, l);
                            }
                        } else if let Some(a) = &abs {
                            n.abstracts.entry(a.clone()).or_default().insert(i, l);
                        }
                    }
                }
                b"abstractNum" => abs = None,
                b"num" => num = None,
                b"lvlOverride" => override_lvl = None,
                _ => {}
            },
            _ => {}
        }
    }
    n
}

fn parse_styles(xml: &[u8]) -> HashMap<String, Style> {
    let mut out = HashMap::new();
    let mut r = reader(xml);
    let mut cur: Option<(String, Style)> = None;
    let mut in_ppr = false;
    loop {
        let ev = match r.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(ev) => ev,
        };
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"style" => {
                    cur = attr(&e, b"styleId").map(|id| (id, Style::default()));
                }
                b"pPr" => in_ppr = true,
                b"basedOn" => {
                    if let Some((_, s)) = &mut cur {
                        s.based_on = val(&e);
                    }
                }
                b"numId" if in_ppr => {
                    if let Some((_, s)) = &mut cur {
                        s.num_id = val(&e);
                    }
                }
                b"ilvl" if in_ppr => {
                    if let Some((_, s)) = &mut cur {
                        s.ilvl = val(&e).and_then(|v| v.parse().ok());
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"style" => {
                    if let Some((id, s)) = cur.take() {
                        out.insert(id, s);
                    }
                }
                b"pPr" => in_ppr = false,
                _ => {}
            },
            _ => {}
        }
    }
    out
}

/// `n` as a list number in Word's format `fmt`.
fn format_number(n: u32, fmt: &str) -> String {
    match fmt {
        "lowerLetter" => letters(n, false),
        "upperLetter" => letters(n, true),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "bullet" => "•".into(),
        "none" => String::new(),
        "decimalZero" if n < 10 => format!("0{n}"),
        _ => n.to_string(),
    }
}

/// `a`…`z`, then `aa`, `bb` as Word counts.
fn letters(n: u32, upper: bool) -> String {
    if n == 0 {
        return String::new();
    }
    let c = (b'a' + ((n - 1) % 26) as u8) as char;
    let c = if upper { c.to_ascii_uppercase() } else { c };
    std::iter::repeat_n(c, ((n - 1) / 26 + 1).min(10) as usize).collect()
}

/// The running list counters of a document.
struct Counters<'a> {
    numbering: &'a Numbering,
    /// Per abstract list: the current value of each level.
    values: HashMap<String, [Option<u32>; 9]>,
    /// numIds whose start overrides were applied.
    started: std::collections::HashSet<String>,
}

impl Counters<'_> {
    fn level(&self, num: &str, ilvl: u8) -> Option<Level> {
        let Num {
            abs,
            levels: overrides,
            ..
        } = self.numbering.nums.get(num)?;
        overrides
            .get(&ilvl)
            .cloned()
            .or_else(|| self.numbering.abstracts.get(abs)?.get(&ilvl).cloned())
    }

    /// Counts a paragraph of list `num` at level `ilvl`; its label.
    fn next(&mut self, num: &str, ilvl: u8) -> Option<String> {
        let Num { abs, starts, .. } = self.numbering.nums.get(num)?;
        let ilvl = ilvl.min(8);
        let lvl = self.level(num, ilvl)?;
        let values = self.values.entry(abs.clone()).or_insert([None; 9]);
        if self.started.insert(num.to_string()) {
            for (l, s) in starts {
                if let Some(v) = values.get_mut(*l as usize) {
                    *v = Some(s.saturating_sub(1));
                }
            }
        }
        let i = ilvl as usize;
        let cur = values[i].map_or(lvl.start, |v| v + 1);
        values[i] = Some(cur);
        for v in values.iter_mut().skip(i + 1) {
            *v = None;
        }
        let values = *values;
        if lvl.fmt == "bullet" {
            return Some("•".into());
        }
        let own = self.render(num, &lvl, &values);
        // `(%3)` under `%1.%2`: Word draws `(b)`, a lawyer cites `2.1(b)`.
        let refs_parent = (1..=ilvl).any(|k| lvl.text.contains(&format!("%{k}")));
        if own.starts_with('(') && ilvl > 0 && !refs_parent {
            if let Some(parent) = self.level(num, ilvl - 1) {
                let p = self.render(num, &parent, &values);
                let p = p.trim_end_matches('.');
                let decimal = p.contains('.')
                    && p.split('.')
                        .all(|x| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit()));
                if decimal {
                    return Some(format!("{p}{own}"));
                }
            }
        }
        Some(own)
    }

    /// A level's text with the counters' values (`%1.%2` → `2.1`).
    fn render(&self, num: &str, lvl: &Level, values: &[Option<u32>; 9]) -> String {
        let mut out = String::new();
        let mut chars = lvl.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let k = (d as usize).saturating_sub(1).min(8);
                    let kl = self.level(num, k as u8);
                    let kstart = kl.as_ref().map_or(1, |l| l.start);
                    let v = values[k].unwrap_or(kstart);
                    let fmt = if lvl.legal {
                        "decimal"
                    } else {
                        kl.as_ref().map_or("decimal", |l| l.fmt.as_str())
                    };
                    out.push_str(&format_number(v, fmt));
                    continue;
                }
            }
            out.push(c);
        }
        super::squash(&out)
    }
}

/// Word's table-of-contents styles (`TOC1`…`TOC9`, `TOCHeading`, German
/// `Verzeichnis1`): a static contents page is not clause text.
fn contents_style(id: &str) -> bool {
    let id = id.to_ascii_lowercase();
    id.starts_with("toc") || id.starts_with("verzeichnis") || id.starts_with("inhaltsverzeichnis")
}

/// The list of a paragraph with the given style, through its base styles.
fn style_list(styles: &HashMap<String, Style>, id: &str) -> (Option<String>, Option<u8>) {
    let mut cur = styles.get(id);
    let mut depth = 0;
    let (mut num, mut ilvl) = (None, None);
    while let Some(s) = cur {
        if num.is_none() {
            num = s.num_id.clone();
        }
        if ilvl.is_none() {
            ilvl = s.ilvl;
        }
        depth += 1;
        if depth > 20 {
            break;
        }
        cur = s.based_on.as_deref().and_then(|b| styles.get(b));
    }
    (num, ilvl)
}

/// The paragraphs of a body part (document or footnotes), each with its
/// style and direct numbering.
#[derive(Debug, Default, Clone)]
struct Para {
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    text: String,
    /// The paragraph mark carries a section break (`w:sectPr`).
    section_break: bool,
}

fn paragraphs(xml: &[u8]) -> (Vec<Para>, bool) {
    let mut r = reader(xml);
    let mut out = Vec::new();
    let mut stack: Vec<Para> = Vec::new();
    // Depth of elements whose text is not read (deletions, field codes, …).
    let mut skip = 0usize;
    let mut in_ppr = 0usize;
    let mut in_rpr = false;
    let mut tracked = false;
    let mut in_text = false;
    let mut hidden_run = false;
    loop {
        let ev = match r.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(ev) => ev,
        };
        match ev {
            Event::Start(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                match name {
                    b"del" | b"moveFrom" => {
                        tracked = true;
                        skip = 1;
                    }
                    b"instrText" | b"Fallback" | b"commentReference" | b"footnoteReference"
                    | b"endnoteReference" => skip = 1,
                    b"ins" | b"moveTo" => tracked = true,
                    b"p" => stack.push(Para::default()),
                    b"pPr" => in_ppr += 1,
                    b"sectPr" if in_ppr > 0 => {
                        if let Some(p) = stack.last_mut() {
                            p.section_break = true;
                        }
                    }
                    b"rPr" => in_rpr = true,
                    b"r" => hidden_run = false,
                    b"t" => in_text = !hidden_run,
                    b"tc" => {}
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skip > 0 {
                    continue;
                }
                let name = e.local_name();
                match name.as_ref() {
                    b"pStyle" if in_ppr > 0 => {
                        if let Some(p) = stack.last_mut() {
                            p.style = val(&e);
                        }
                    }
                    b"numId" if in_ppr > 0 => {
                        if let Some(p) = stack.last_mut() {
                            p.num_id = val(&e);
                        }
                    }
                    b"ilvl" if in_ppr > 0 => {
                        if let Some(p) = stack.last_mut() {
                            p.ilvl = val(&e).and_then(|v| v.parse().ok());
                        }
                    }
                    b"vanish" if in_rpr && in_ppr == 0 => {
                        hidden_run = val(&e).is_none_or(|v| v != "0" && v != "false");
                    }
                    b"tab" | b"br" | b"cr" if in_ppr == 0 => {
                        if let Some(p) = stack.last_mut() {
                            p.text.push(' ');
                        }
                    }
                    b"noBreakHyphen" => {
                        if let Some(p) = stack.last_mut() {
                            p.text.push('-');
                        }
                    }
                    b"p" => out.push(Para::default()),
                    _ => {}
                }
            }
            Event::Text(t) if skip == 0 && in_text => {
                if let (Some(p), Ok(s)) = (stack.last_mut(), t.unescape()) {
                    p.text.push_str(&s);
                }
            }
            Event::CData(t) if skip == 0 && in_text => {
                if let Some(p) = stack.last_mut() {
                    p.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    b"p" => {
                        if let Some(p) = stack.pop() {
                            out.push(p);
                        }
                    }
                    b"pPr" => in_ppr = in_ppr.saturating_sub(1),
                    b"rPr" => in_rpr = false,
                    b"t" => in_text = false,
                    _ => {}
                }
            }
            _ => {}
        }
    }
    (out, tracked)
}

pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let zip =
        Zip::open(bytes).ok_or_else(|| ExtractError::DamagedDocx("not a zip archive".into()))?;
    let main = if zip.has("word/document.xml") {
        "word/document.xml".to_string()
    } else {
        zip.names()
            .find(|n| n.ends_with("/document.xml") || n.ends_with("/document2.xml"))
            .map(str::to_string)
            .ok_or_else(|| ExtractError::DamagedDocx("no word/document.xml".into()))?
    };
    let doc = zip.read(&main).map_err(ExtractError::DamagedDocx)?;
    let styles = zip
        .read("word/styles.xml")
        .map(|x| parse_styles(&x))
        .unwrap_or_default();
    let numbering = zip
        .read("word/numbering.xml")
        .map(|x| parse_numbering(&x))
        .unwrap_or_default();
    // A list level linked to a style (`w:pStyle` in the level) numbers the
    // paragraphs of that style.
    let mut linked: HashMap<String, (String, u8)> = HashMap::new();
    for (num, Num { abs, .. }) in &numbering.nums {
        if let Some(levels) = numbering.abstracts.get(abs) {
            for (i, l) in levels {
                if let Some(s) = &l.style {
                    let e = linked.entry(s.clone()).or_insert((num.clone(), *i));
                    // The lowest numId wins, as Word's first definition does.
                    if num.parse::<u64>().unwrap_or(u64::MAX)
                        < e.0.parse::<u64>().unwrap_or(u64::MAX)
                    {
                        *e = (num.clone(), *i);
                    }
                }
            }
        }
    }
    let mut counters = Counters {
        numbering: &numbering,
        values: HashMap::new(),
        started: Default::default(),
    };
    let (paras, tracked) = paragraphs(&doc);
    let mut text = String::new();
    for p in &paras {
        let body = super::squash(&p.text);
        let (mut num, mut ilvl) = (p.num_id.clone(), p.ilvl);
        if let Some(s) = &p.style {
            let (snum, silvl) = style_list(&styles, s);
            if num.is_none() {
                num = snum;
            }
            if ilvl.is_none() {
                ilvl = silvl;
            }
            if num.is_none() {
                if let Some((n, i)) = linked.get(s) {
                    num = Some(n.clone());
                    ilvl = ilvl.or(Some(*i));
                }
            }
            // A style-linked level decides the level when none is given.
            if ilvl.is_none() {
                ilvl = linked.get(s).map(|x| x.1);
            }
        }
        // An empty paragraph that only carries a section break is not a
        // list item; other empty numbered paragraphs count, as Word draws
        // their number.
        let label = match num.as_deref() {
            _ if body.is_empty() && p.section_break => None,
            Some("0") | None => None,
            Some(n) => counters.next(n, ilvl.unwrap_or(0)),
        };
        if body.is_empty() || p.style.as_deref().is_some_and(contents_style) {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        if let Some(l) = label.filter(|l| !l.is_empty()) {
            text.push_str(&l);
            text.push(' ');
        }
        text.push_str(&body);
    }
    // Footnotes after the body, each on its own paragraph.
    if let Ok(x) = zip.read("word/footnotes.xml") {
        let (notes, _) = paragraphs(&x);
        let notes: Vec<String> = notes
            .iter()
            .map(|p| super::squash(&p.text))
            .filter(|t| !t.is_empty())
            .collect();
        if !notes.is_empty() {
            text.push_str("\n\nFootnotes");
            for n in notes {
                text.push_str("\n\n");
                text.push_str(&n);
            }
        }
    }
    text.push('\n');
    let mut notes = Vec::new();
    if tracked {
        notes.push("tracked changes read as accepted".to_string());
    }
    Ok(Extracted {
        text,
        notes,
        title: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(format_number(3, "lowerLetter"), "c");
        assert_eq!(format_number(27, "lowerLetter"), "aa");
        assert_eq!(format_number(4, "lowerRoman"), "iv");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(7, "decimal"), "7");
    }

    #[test]
    fn not_a_zip() {
        assert!(extract(b"PK\x03\x04garbage").is_err());
        assert!(extract(b"").is_err());
    }
}
