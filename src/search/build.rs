//! Turns a parsed query into a tantivy query, for both languages, with
//! compound parts, thesaurus expansions and statute citations.

use super::phrases::PhraseSetQuery;
use super::prefix::PrefixQuery;
use crate::analysis::{self, AnalyzedToken};
use crate::citation;
use crate::error::{Error, Result};
use crate::index::{fold, label_key, Fields};
use crate::model::{DocKind, Language};
use crate::query::{Field as QField, Node};
use crate::thesaurus::Thesaurus;
use serde::Serialize;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

/// Phrases searched, with their language.
type Searched<'t> = Vec<(Language, &'t str)>;

/// Weight of a thesaurus expansion relative to what the user typed.
const EXPANSION_BOOST: f32 = 0.6;
/// Extra weight of heading matches.
const HEADING_BOOST: f32 = 0.8;
/// Weight of the compound-parts alternative relative to the whole word.
const PARTS_BOOST: f32 = 0.7;
/// Extra weight when juxtaposed words also occur as a phrase.
const PHRASE_BOOST: f32 = 1.5;
/// Weight of a compound translated part by part, relative to an expansion.
const COMPOUND_WEIGHT: f32 = 0.5;
/// Weight of a statute-citation match.
const CITATION_BOOST: f32 = 4.0;

/// What the query was expanded to (shown by `--explain` and in JSON).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExpansionInfo {
    /// The words of the query that matched.
    pub matched: String,
    /// The thesaurus concept.
    pub concept: String,
    /// The terms searched in addition, as `lang:term`.
    pub terms: Vec<String>,
}

/// Terms to highlight, per language.
#[derive(Debug, Default, Clone)]
pub struct HighlightSpec {
    /// Single analysed terms (any token of a word may match).
    pub terms: [Vec<String>; 2],
    /// Analysed phrases (whole-word tokens in sequence).
    pub phrases: [Vec<Vec<String>>; 2],
    /// Prefixes of analysed terms.
    pub prefixes: [Vec<String>; 2],
}

fn li(lang: Language) -> usize {
    match lang {
        Language::De => 0,
        Language::En => 1,
    }
}

/// Options that shape the query.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Require every juxtaposed word (AND mode) instead of ranking by relevance.
    pub and_mode: bool,
    /// Use the thesaurus.
    pub expand: bool,
    /// Restrict to one language.
    pub lang: Option<Language>,
}

/// The built query and what goes with it.
pub struct Plan {
    /// The tantivy query.
    pub query: Box<dyn Query>,
    /// Thesaurus expansions made.
    pub expansions: Vec<ExpansionInfo>,
    /// Statute citations recognised in the query, as keys.
    pub citations: Vec<String>,
    /// What to highlight.
    pub highlight: HighlightSpec,
}

/// Builds queries against one index.
pub struct Builder<'a> {
    /// The schema's fields.
    pub fields: &'a Fields,
    /// Lists the vendors in the index: (folded key, display name). Called
    /// only for a vendor filter, since listing them is not free.
    pub vendors: &'a dyn Fn() -> Result<&'a [(String, String)]>,
    /// Options.
    pub opts: BuildOptions,
    /// The thesaurus.
    pub thesaurus: &'a Thesaurus,
    expansions: Vec<ExpansionInfo>,
    highlight: HighlightSpec,
    langs: Vec<Language>,
}

fn boxed(q: impl Query) -> Box<dyn Query> {
    Box::new(q)
}

fn boost(q: Box<dyn Query>, b: f32) -> Box<dyn Query> {
    if (b - 1.0).abs() < f32::EPSILON {
        q
    } else {
        boxed(BoostQuery::new(q, b))
    }
}

fn should(mut qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    match qs.len() {
        0 => boxed(EmptyQuery),
        1 => qs.remove(0),
        _ => boxed(BooleanQuery::new(
            qs.into_iter().map(|q| (Occur::Should, q)).collect(),
        )),
    }
}

fn must(mut qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    match qs.len() {
        0 => boxed(AllQuery),
        1 => qs.remove(0),
        _ => boxed(BooleanQuery::new(
            qs.into_iter().map(|q| (Occur::Must, q)).collect(),
        )),
    }
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    boxed(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// The compound parts of a query word: all of them for two or fewer, else
/// all but one (the parts include sub-compounds such as `gerichtsstand`
/// beside `gericht` and `stand`, which a clause need not all contain).
///
/// Parts of five letters or more match as prefixes of their derivational
/// base (`haftung` → `haft*`, `beschrank` → `beschrank*`), so the compound
/// `Haftungsbeschränkung` also finds "haften … beschränkt".
fn parts_query(field: Field, parts: &[&str]) -> Box<dyn Query> {
    let qs: Vec<(Occur, Box<dyn Query>)> = parts
        .iter()
        .map(|p| {
            let q = match part_base(p) {
                Some(base) => boxed(PrefixQuery::new(field, base)),
                None => term_query(field, p),
            };
            (Occur::Should, q)
        })
        .collect();
    let min = if parts.len() <= 2 {
        parts.len()
    } else {
        parts.len() - 1
    };
    boxed(BooleanQuery::with_minimum_required_clauses(qs, min))
}

/// The derivational base of a compound part used as a prefix: the part
/// without a nominal `-ung`, when at least four letters remain; `None` for
/// short parts, which match exactly.
pub fn part_base(part: &str) -> Option<&str> {
    if part.chars().count() < 5 {
        return None;
    }
    let base = part.strip_suffix("ung").unwrap_or(part);
    (base.chars().count() >= 4).then_some(base)
}

fn filter_query(field: Field, text: &str) -> Box<dyn Query> {
    boxed(ConstScoreQuery::new(term_query(field, text), 0.0))
}

/// Groups analysed tokens by position: the first token of a group is the
/// whole word, the rest its compound parts.
fn groups(tokens: &[AnalyzedToken]) -> Vec<Vec<&str>> {
    let mut out: Vec<(usize, Vec<&str>)> = Vec::new();
    for t in tokens {
        match out.last_mut() {
            Some((p, g)) if *p == t.position => g.push(&t.text),
            _ => out.push((t.position, vec![&t.text])),
        }
    }
    out.into_iter().map(|(_, g)| g).collect()
}

impl<'a> Builder<'a> {
    /// A builder for an index's fields and vendors.
    pub fn new(
        fields: &'a Fields,
        vendors: &'a dyn Fn() -> Result<&'a [(String, String)]>,
        thesaurus: &'a Thesaurus,
        opts: BuildOptions,
    ) -> Self {
        let langs = match opts.lang {
            Some(l) => vec![l],
            None => vec![Language::De, Language::En],
        };
        Builder {
            fields,
            vendors,
            opts,
            thesaurus,
            expansions: Vec::new(),
            highlight: HighlightSpec::default(),
            langs,
        }
    }

    fn fields_for(&self, lang: Language) -> (Field, Field) {
        match lang {
            Language::De => (self.fields.body_de, self.fields.head_de),
            Language::En => (self.fields.body_en, self.fields.head_en),
        }
    }

    /// Builds the plan for a parsed query; `raw` is the query as typed (for
    /// citation recognition).
    pub fn build(mut self, node: &Node, raw: &str) -> Result<Plan> {
        if let Some(lang) = find_lang_filter(node)? {
            self.langs = vec![lang];
        }
        let mut citations = Vec::new();
        let query = match citation::parse_query(raw) {
            Some(norms) if !norms.is_empty() => {
                // The words of a citation ("§", "307", "BGB") are among the
                // commonest of a legal corpus: as loose words they would
                // score most of it. As a phrase they rank the clauses that
                // spell the citation out, at the cost of the rarest word.
                let text_query = self.phrase(raw, 1);
                citations = norms.iter().map(|n| n.key()).collect();
                let cite_q = should(
                    citations
                        .iter()
                        .map(|k| term_query(self.fields.cites, k))
                        .collect(),
                );
                // A citation query: the normalised citation decides; the words
                // of the citation still rank clauses that spell it out.
                let filters = collect_filters(node);
                let mut parts = vec![(Occur::Should, boost(cite_q, CITATION_BOOST))];
                parts.push((Occur::Should, text_query));
                let q: Box<dyn Query> = boxed(BooleanQuery::new(parts));
                if filters.is_empty() {
                    q
                } else {
                    let mut fs = vec![q];
                    for f in filters {
                        fs.push(self.filter(f.0, f.1)?);
                    }
                    must(fs)
                }
            }
            _ => self.node(node)?,
        };
        Ok(Plan {
            query,
            expansions: self.expansions,
            citations,
            highlight: self.highlight,
        })
    }

    fn node(&mut self, node: &Node) -> Result<Box<dyn Query>> {
        match node {
            Node::Term(_) | Node::Phrase { .. } | Node::Prefix(_) => {
                self.seq(std::slice::from_ref(node), false)
            }
            Node::Filter { field, value } => self.filter(*field, value),
            Node::Seq(children) => self.seq(children, self.opts.and_mode),
            Node::And(children) => self.seq(children, true),
            Node::Or(children) => {
                let mut qs = Vec::new();
                for c in children {
                    qs.push(self.node(c)?);
                }
                Ok(should(qs))
            }
            Node::Not(inner) => {
                let q = self.node(inner)?;
                Ok(boxed(BooleanQuery::new(vec![
                    (Occur::Must, boxed(AllQuery)),
                    (Occur::MustNot, q),
                ])))
            }
        }
    }

    /// A sequence of nodes: `required` means AND, otherwise relevance (at
    /// least one must match). Filters are always required, negations always
    /// excluded. Runs of plain words get thesaurus expansion and a phrase bonus.
    fn seq(&mut self, children: &[Node], required: bool) -> Result<Box<dyn Query>> {
        let mut positive: Vec<Box<dyn Query>> = Vec::new();
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        let mut negatives: Vec<Box<dyn Query>> = Vec::new();
        let mut i = 0;
        while i < children.len() {
            match &children[i] {
                Node::Term(_) => {
                    let start = i;
                    while i < children.len() && matches!(children[i], Node::Term(_)) {
                        i += 1;
                    }
                    let words: Vec<&str> = children[start..i]
                        .iter()
                        .filter_map(|n| match n {
                            Node::Term(w) => Some(w.as_str()),
                            _ => None,
                        })
                        .collect();
                    positive.extend(self.words(&words, required)?);
                    continue;
                }
                Node::Filter { field, value } => filters.push(self.filter(*field, value)?),
                Node::Not(inner) => negatives.push(self.node(inner)?),
                Node::Phrase { text, slop } => positive.push(self.phrase(text, *slop)),
                Node::Prefix(p) => positive.push(self.prefix(p)),
                other => positive.push(self.node(other)?),
            }
            i += 1;
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if positive.is_empty() {
            clauses.push((Occur::Must, boxed(AllQuery)));
        } else if required || positive.len() == 1 {
            clauses.extend(positive.into_iter().map(|q| (Occur::Must, q)));
        } else {
            clauses.push((Occur::Must, should(positive)));
        }
        clauses.extend(filters.into_iter().map(|q| (Occur::Must, q)));
        clauses.extend(negatives.into_iter().map(|q| (Occur::MustNot, q)));
        if clauses.len() == 1 && clauses[0].0 == Occur::Must {
            if let Some((_, q)) = clauses.pop() {
                return Ok(q);
            }
        }
        Ok(boxed(BooleanQuery::new(clauses)))
    }

    /// Plain words: one query per word (or per thesaurus span), plus a phrase
    /// bonus for the whole run.
    fn words(&mut self, words: &[&str], required: bool) -> Result<Vec<Box<dyn Query>>> {
        let expansions = if self.opts.expand {
            self.thesaurus.lookup(words)
        } else {
            Vec::new()
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if let Some(exp) = expansions.iter().find(|e| e.start == i && e.end > i) {
                let end = exp.end.min(words.len());
                let span = &words[i..end];
                let mut typed: Vec<Box<dyn Query>> = span
                    .iter()
                    .map(|w| self.word(w, words.len() == 1 || !is_function_word(w)))
                    .collect();
                let typed = if span.len() > 1 {
                    let mut alts = vec![must(typed)];
                    alts.push(boost(self.phrase(&span.join(" "), 0), PHRASE_BOOST));
                    should(alts)
                } else {
                    typed.remove(0)
                };
                let mut alts = vec![typed];
                if span.len() == 1 {
                    alts.extend(self.compound_translation(span[0]));
                }
                let langs = self.langs.clone();
                let weight = EXPANSION_BOOST * exp.weight();
                let (queries, searched) = self.phrase_set(
                    exp.terms
                        .iter()
                        .filter(|(lang, _)| langs.contains(lang))
                        .map(|(lang, term)| (*lang, term.as_str(), weight)),
                );
                alts.extend(queries);
                let shown = searched
                    .iter()
                    .map(|(lang, term)| format!("{}:{}", lang.code(), term))
                    .collect();
                self.expansions.push(ExpansionInfo {
                    matched: span.join(" "),
                    concept: exp.concept.clone(),
                    terms: shown,
                });
                out.push(should(alts));
                i = end;
            } else {
                let typed = self.word(words[i], words.len() == 1 || !is_function_word(words[i]));
                match self.compound_translation(words[i]) {
                    Some(q) => out.push(should(vec![typed, q])),
                    None => out.push(typed),
                }
                i += 1;
            }
        }
        if words.len() > 1 && !required {
            out.push(boost(self.phrase(&words.join(" "), 2), PHRASE_BOOST));
        }
        Ok(out)
    }

    /// Translates a German compound part by part: `Gewährleistungsfrist` is
    /// `Gewährleistung` + `Frist`, so clauses that speak of the warranty or
    /// of a period in either language match, those with both first, all
    /// below the word as typed. Only when every part is a thesaurus concept.
    fn compound_translation(&mut self, word: &str) -> Option<Box<dyn Query>> {
        if !self.opts.expand {
            return None;
        }
        let mut folded = String::new();
        analysis::normalize_into(&word.to_lowercase(), &mut folded);
        let ranges = analysis::split_word(&folded);
        // The top-level parts: ranges not inside another range.
        let top: Vec<&str> = ranges
            .iter()
            .filter(|r| {
                !ranges
                    .iter()
                    .any(|o| o != *r && o.start <= r.start && r.end <= o.end)
            })
            .filter_map(|r| folded.get(r.clone()))
            .collect();
        if top.len() < 2 {
            return None;
        }
        let mut per_part: Vec<Box<dyn Query>> = Vec::new();
        let mut shown = Vec::new();
        for part in &top {
            let exps = self.thesaurus.lookup(&[part]);
            let exp = exps.iter().find(|e| e.exact)?;
            let langs = self.langs.clone();
            let typed = langs.iter().map(|&lang| (lang, *part, 1.0));
            let terms = exp
                .terms
                .iter()
                .filter(|(lang, _)| langs.contains(lang))
                .map(|(lang, term)| (*lang, term.as_str(), 1.0));
            let (alts, _) = self.phrase_set(typed.chain(terms));
            shown.push(exp.concept.clone());
            per_part.push(should(alts));
        }
        self.expansions.push(ExpansionInfo {
            matched: word.to_string(),
            concept: shown.join("+"),
            terms: top.iter().map(|p| format!("part:{p}")).collect(),
        });
        // Clauses that speak of more of the parts score higher; one part is
        // enough to be found at all (a lawyer would rather see the tail).
        Some(boost(should(per_part), EXPANSION_BOOST * COMPOUND_WEIGHT))
    }

    /// One word, analysed for each language: the whole word, or all of its
    /// compound parts; body and heading.
    fn word(&mut self, word: &str, highlight: bool) -> Box<dyn Query> {
        let mut per_lang = Vec::new();
        for lang in self.langs.clone() {
            let tokens = analysis::analyze(lang, word);
            let g = groups(&tokens);
            if g.len() > 1 {
                // "set-off", "e-mail": the parts as a phrase.
                if let Some(q) = self.lang_phrase(lang, word, 0, true) {
                    per_lang.push(q);
                }
                continue;
            }
            let Some(group) = g.first() else { continue };
            let (body, head) = self.fields_for(lang);
            if highlight {
                self.highlight.terms[li(lang)].push(group[0].to_string());
                for p in &group[1..] {
                    match part_base(p) {
                        Some(b) => self.highlight.prefixes[li(lang)].push(b.to_string()),
                        None => self.highlight.terms[li(lang)].push(p.to_string()),
                    }
                }
            }
            let whole = group[0];
            let mut alts = vec![term_query(body, whole)];
            alts.push(boost(term_query(head, whole), HEADING_BOOST));
            if group.len() > 1 {
                alts.push(boost(parts_query(body, &group[1..]), PARTS_BOOST));
            }
            per_lang.push(should(alts));
        }
        should(per_lang)
    }

    fn phrase(&mut self, text: &str, slop: u32) -> Box<dyn Query> {
        let mut per_lang = Vec::new();
        for lang in self.langs.clone() {
            if let Some(q) = self.lang_phrase(lang, text, slop, true) {
                per_lang.push(q);
            }
        }
        should(per_lang)
    }

    /// A phrase in one language's body field; one word becomes a term query.
    fn lang_phrase(
        &mut self,
        lang: Language,
        text: &str,
        slop: u32,
        highlight: bool,
    ) -> Option<Box<dyn Query>> {
        let whole = self.phrase_words(lang, text, slop, highlight);
        let (body, _) = self.fields_for(lang);
        match whole.len() {
            0 => None,
            1 => Some(term_query(body, &whole[0])),
            _ => {
                let terms: Vec<(usize, Term)> = whole
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (i, Term::from_field_text(body, t)))
                    .collect();
                Some(boxed(PhraseQuery::new_with_offset_and_slop(terms, slop)))
            }
        }
    }

    /// Several exact phrases (a concept's terms), each with its weight, in
    /// the body fields: one query per word, and the phrases of each language
    /// in one [`PhraseSetQuery`], which walks their shared words once.
    /// Scores as the phrase queries of [`Builder::lang_phrase`] would; the
    /// second value lists the phrases searched (all but the empty ones).
    fn phrase_set<'t>(
        &mut self,
        phrases: impl IntoIterator<Item = (Language, &'t str, f32)>,
    ) -> (Vec<Box<dyn Query>>, Searched<'t>) {
        let mut out = Vec::new();
        let mut searched = Vec::new();
        let mut multi: [Vec<(Vec<String>, f32)>; 2] = Default::default();
        for (lang, text, weight) in phrases {
            let whole = self.phrase_words(lang, text, 0, true);
            let (body, _) = self.fields_for(lang);
            match whole.len() {
                0 => continue,
                1 => out.push(boost(term_query(body, &whole[0]), weight)),
                _ => multi[li(lang)].push((whole, weight)),
            }
            searched.push((lang, text));
        }
        for lang in [Language::De, Language::En] {
            let phrases = std::mem::take(&mut multi[li(lang)]);
            if !phrases.is_empty() {
                let (body, _) = self.fields_for(lang);
                out.push(boxed(PhraseSetQuery::new(body, phrases)));
            }
        }
        (out, searched)
    }

    /// The analysed words of a phrase (whole words, not compound parts),
    /// noted for highlighting when `highlight`.
    fn phrase_words(
        &mut self,
        lang: Language,
        text: &str,
        slop: u32,
        highlight: bool,
    ) -> Vec<String> {
        let tokens = analysis::analyze(lang, text);
        let g = groups(&tokens);
        let whole: Vec<String> = g.iter().map(|g| g[0].to_string()).collect();
        if highlight && !whole.is_empty() {
            if whole.len() == 1 {
                self.highlight.terms[li(lang)].extend(whole.iter().cloned());
            } else {
                if slop > 0 {
                    let content = whole.iter().filter(|w| !is_function_word(w)).cloned();
                    self.highlight.terms[li(lang)].extend(content);
                }
                self.highlight.phrases[li(lang)].push(whole.clone());
            }
        }
        whole
    }

    /// `gericht*`: every indexed term starting with the (normalised) prefix.
    fn prefix(&mut self, prefix: &str) -> Box<dyn Query> {
        let mut per_lang = Vec::new();
        for lang in self.langs.clone() {
            let folded = normalise_prefix(lang, prefix);
            if folded.is_empty() {
                continue;
            }
            let (body, head) = self.fields_for(lang);
            for f in [body, head] {
                per_lang.push(boxed(PrefixQuery::new(f, &folded)));
            }
            self.highlight.prefixes[li(lang)].push(folded);
        }
        should(per_lang)
    }

    fn filter(&mut self, field: QField, value: &str) -> Result<Box<dyn Query>> {
        let f = self.fields;
        match field {
            QField::Vendor => {
                let key = fold(value);
                let vendors = (self.vendors)()?;
                let exact: Vec<&(String, String)> =
                    vendors.iter().filter(|(k, _)| *k == key).collect();
                let matches: Vec<&(String, String)> = if exact.is_empty() {
                    vendors
                        .iter()
                        .filter(|(k, _)| {
                            k.starts_with(&key) || k.split(' ').any(|w| w.starts_with(&key))
                        })
                        .collect()
                } else {
                    exact
                };
                match matches.as_slice() {
                    [] => Err(Error::Invalid(format!(
                        "vendor:{value} matches no vendor in the index (vendors: {})",
                        self.vendor_list()
                    ))),
                    [(k, _)] => Ok(filter_query(f.vendor_key, k)),
                    many if key.is_empty() => Err(Error::Invalid(format!(
                        "vendor: needs a name ({} vendors)",
                        many.len()
                    ))),
                    many => {
                        let names: Vec<&str> = many.iter().map(|(_, n)| n.as_str()).collect();
                        Err(Error::Invalid(format!(
                            "vendor:{value} is ambiguous: {}",
                            names.join(", ")
                        )))
                    }
                }
            }
            QField::Kind => {
                let kind = DocKind::parse(value).ok_or_else(|| {
                    Error::Invalid(format!(
                        "kind:{value} is not a document kind (terms, privacy, imprint, price_list, other)"
                    ))
                })?;
                Ok(filter_query(f.kind, kind.as_str()))
            }
            QField::Lang => {
                let lang = Language::parse(value).ok_or_else(|| {
                    Error::Invalid(format!("lang:{value} is not a language (de, en)"))
                })?;
                Ok(filter_query(f.lang, lang.code()))
            }
            QField::Section => Ok(filter_query(f.section_key, &label_key(value))),
            QField::Cites => {
                let norms = citation::extract(value);
                if norms.is_empty() {
                    return Err(Error::Invalid(format!(
                        "cites:{value} is not a statute citation (e.g. cites:\"§ 307 BGB\")"
                    )));
                }
                Ok(boxed(ConstScoreQuery::new(
                    should(
                        norms
                            .iter()
                            .map(|n| term_query(f.cites, &n.key()))
                            .collect(),
                    ),
                    0.0,
                )))
            }
        }
    }

    fn vendor_list(&self) -> String {
        let vendors = (self.vendors)().unwrap_or_default();
        let names: Vec<&str> = vendors.iter().map(|(_, n)| n.as_str()).take(20).collect();
        let more = vendors.len().saturating_sub(20);
        if more > 0 {
            format!("{} and {more} more", names.join(", "))
        } else {
            names.join(", ")
        }
    }
}

/// The top-level `lang:` filter of a query, if any.
fn find_lang_filter(node: &Node) -> Result<Option<Language>> {
    for (field, value) in collect_filters(node) {
        if field == QField::Lang {
            return Language::parse(value)
                .map(Some)
                .ok_or_else(|| Error::Invalid(format!("lang:{value} is not a language (de, en)")));
        }
    }
    Ok(None)
}

/// The filters that apply to the whole query (top level, or inside a top-level AND/Seq).
fn collect_filters(node: &Node) -> Vec<(QField, &str)> {
    match node {
        Node::Filter { field, value } => vec![(*field, value.as_str())],
        Node::Seq(c) | Node::And(c) => c
            .iter()
            .filter_map(|n| match n {
                Node::Filter { field, value } => Some((*field, value.as_str())),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Normalises a prefix as the analyzer would normalise a word, without stemming.
pub fn normalise_prefix(lang: Language, prefix: &str) -> String {
    let lower = prefix.to_lowercase();
    match lang {
        Language::En => lower,
        Language::De => {
            let mut out = String::with_capacity(lower.len());
            analysis::normalize_into(&lower, &mut out);
            out
        }
    }
}

/// Function words are not highlighted on their own in multi-word queries
/// (they still count for ranking, and are highlighted inside phrases).
fn is_function_word(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of",
        "on", "or", "the", "to", "with", "der", "die", "das", "des", "dem", "den", "ein", "eine",
        "einer", "eines", "und", "oder", "im", "in", "zu", "zur", "zum", "von", "mit", "bei",
        "auf", "ist", "für", "fur", "an", "am",
    ];
    WORDS.contains(&w.to_lowercase().as_str())
}
