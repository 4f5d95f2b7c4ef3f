//! Turns a parsed query into a tantivy query, for both languages, with
//! compound parts, thesaurus expansions and statute citations.

use super::cache::QueryCache;
use super::concept::{ConceptQuery, Pattern};
use super::exclude::Excluded;
use super::prefix::PrefixQuery;
use super::vendors::Vendors;
use crate::analysis::{self, AnalyzedToken};
use crate::citation;
use crate::error::{Error, Result};
use crate::index::Fields;
use crate::model::{DocKind, Language};
use crate::query::{Field as QField, Node};
use crate::text::label_key;
use crate::thesaurus::{Concept, Thesaurus};
use serde::Serialize;
use std::sync::Arc;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery, Occur,
    PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

/// Weight of a thesaurus concept relative to what the user typed (the
/// concept scores as one term; see [`ConceptQuery`]).
const EXPANSION_BOOST: f32 = 0.8;
/// Words a proximity pattern of the thesaurus (`liability … limited`) may
/// skip between its parts.
const PROXIMITY_GAP: u32 = 6;
/// Weight of the parts of a hyphenated word searched apart
/// (`non-reliance`: `non` and `reliance` anywhere in the clause).
const SPLIT_PARTS_BOOST: f32 = 0.5;
/// Extra weight of heading matches.
const HEADING_BOOST: f32 = 0.8;
/// Weight of the compound-parts alternative relative to the whole word.
const PARTS_BOOST: f32 = 0.7;
/// Share of the weaker of typed words and concept added to the stronger.
const CONCEPT_TIE: f32 = 0.3;
/// Weight of two neighbouring query words found close together.
const PAIR_BOOST: f32 = 0.5;
/// How far apart two neighbouring query words may stand for [`PAIR_BOOST`].
const PAIR_SLOP: u32 = 3;
/// Weight of a word that names the kind of text asked for ([`is_meta_word`]).
const META_WORD_BOOST: f32 = 0.2;
/// Weight of a compound translated part by part, relative to an expansion.
const COMPOUND_WEIGHT: f32 = 0.5;
/// Weight of a compound translated part by part when the compound itself
/// names a concept, relative to one that does not.
const NAMED_COMPOUND_WEIGHT: f32 = 0.3;
/// Weight of a statute-citation match.
const CITATION_BOOST: f32 = 4.0;

/// Score of a statute's own record for a citation query of its norm: far
/// above any citing clause, so the norm comes first.
const OWN_NORM: f32 = 1000.0;

/// What the query was expanded to (shown by `--explain` and in JSON).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExpansionInfo {
    /// The words of the query that matched.
    pub matched: String,
    /// The thesaurus concept.
    pub concept: String,
    /// The terms searched in addition, as `lang:term`.
    pub terms: Vec<String>,
    /// The weight of the concept relative to a typed word.
    pub weight: f32,
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
pub struct QueryOptions {
    /// Require every juxtaposed word (AND mode) instead of ranking by relevance.
    pub and_mode: bool,
    /// Use the thesaurus.
    pub expand: bool,
    /// Restrict to one language.
    pub lang: Option<Language>,
    /// No pseudo-relevance feedback (see [`super::feedback`]).
    pub no_feedback: bool,
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
    /// For a ranked query of words (not AND mode, not a citation, with
    /// expansion on): how many content words it has, which is how much
    /// pseudo-relevance feedback weighs (see [`super::feedback`]). `None`
    /// when the query gets no feedback.
    pub feedback: Option<usize>,
}

/// Builds queries against one index.
pub struct Builder<'a> {
    /// The schema's fields.
    pub fields: &'a Fields,
    /// Lists the vendors in the index: (folded key, display name). Called
    /// only for a vendor filter, since listing them is not free.
    pub vendors: &'a dyn Fn() -> Result<&'a Vendors>,
    /// Options.
    pub opts: QueryOptions,
    /// The thesaurus.
    pub thesaurus: &'a Thesaurus,
    expansions: Vec<ExpansionInfo>,
    highlight: HighlightSpec,
    langs: Vec<Language>,
    /// The language the query is written in, when clear: its words
    /// trigger concepts through that language's terms only.
    query_lang: Option<Language>,
    /// Where prefixes and concepts keep what they match between queries.
    cache: Option<Arc<QueryCache>>,
    /// Whether the index holds a statute of a key klausel does not know
    /// (`neug`, a statute newer than the federal list), so that `§ 42a NeuG`
    /// is a citation query.
    statutes: Option<&'a dyn Fn(&str) -> bool>,
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
fn parts_query(field: Field, parts: &[&str], cache: &Option<Arc<QueryCache>>) -> Box<dyn Query> {
    let qs: Vec<(Occur, Box<dyn Query>)> = parts
        .iter()
        .map(|p| {
            let q = match part_base(p) {
                Some(base) => boxed(PrefixQuery::new(field, base).with_cache(cache.clone())),
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
        vendors: &'a dyn Fn() -> Result<&'a Vendors>,
        thesaurus: &'a Thesaurus,
        opts: QueryOptions,
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
            query_lang: None,
            cache: None,
            statutes: None,
        }
    }

    /// The same builder, recognising citations of statutes klausel does
    /// not know by name when `statutes` says the index holds them (see
    /// [`citation::parse_query_with`]).
    pub fn with_statutes(mut self, statutes: &'a dyn Fn(&str) -> bool) -> Self {
        self.statutes = Some(statutes);
        self
    }

    /// The same builder, its prefix and concept queries keeping what they
    /// match in `cache` (see [`super::cache`]).
    pub fn with_cache(mut self, cache: Arc<QueryCache>) -> Self {
        self.cache = Some(cache);
        self
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
        if self.opts.expand {
            let mut words = Vec::new();
            collect_words(node, &mut words, true);
            self.query_lang = self.thesaurus.query_language(&words);
        }
        let mut citations = Vec::new();
        let parsed = match self.statutes {
            Some(statutes) => citation::parse_query_with(raw, statutes),
            None => citation::parse_query(raw),
        };
        let query = match parsed {
            Some(norms) if !norms.is_empty() => {
                // The words of a citation ("§", "307", "BGB") are among the
                // commonest of a legal corpus: as loose words they would
                // score most of it. As a phrase they rank the clauses that
                // spell the citation out, at the cost of the rarest word.
                let text_query = self.phrase(raw, 1, false);
                citations = norms.iter().map(|n| n.key()).collect();
                let f = self.fields;
                // Containment both ways: a clause citing the norm or a part
                // of it (`cites_all`), or citing a norm that contains it
                // (`§ 307` for `§ 307 Abs. 1`, a range `§§ 305 bis 310`).
                let mut cite_qs = Vec::new();
                // The statute's own text comes first: the records that are
                // the norm, then those of the norms containing it.
                let mut own_qs = Vec::new();
                for n in &norms {
                    let key = n.key();
                    cite_qs.push(term_query(f.cites_all, &key));
                    own_qs.push(boxed(ConstScoreQuery::new(
                        term_query(f.norm, &key),
                        OWN_NORM,
                    )));
                    for a in n.ancestors() {
                        cite_qs.push(term_query(f.cites, &a));
                        own_qs.push(boxed(ConstScoreQuery::new(
                            term_query(f.norm, &a),
                            OWN_NORM / 2.0,
                        )));
                    }
                }
                // A citation query: the normalised citation decides; the words
                // of the citation still rank clauses that spell it out.
                let filters = collect_filters(node);
                // The better of the two, not their sum: a statute's own
                // record may cite its neighbours (`§ 307 (3)`: "Die Absätze
                // 1 und 2"), which must not lift it above its siblings.
                let mut parts = vec![(
                    Occur::Should,
                    boxed(DisjunctionMaxQuery::new(vec![
                        should(own_qs),
                        boost(should(cite_qs), CITATION_BOOST),
                    ])),
                )];
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
        let feedback = if self.opts.expand
            && !self.opts.no_feedback
            && !self.opts.and_mode
            && citations.is_empty()
        {
            let mut words = Vec::new();
            // The words outside negations count.
            collect_words(node, &mut words, false);
            let content = words
                .iter()
                .filter(|w| !is_function_word(w) && !is_meta_word(w))
                .count();
            (content > 0).then_some(content)
        } else {
            None
        };
        Ok(Plan {
            query,
            expansions: self.expansions,
            citations,
            highlight: self.highlight,
            feedback,
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
                    (Occur::MustNot, boxed(Excluded(q))),
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
                Node::Phrase { text, slop } => positive.push(self.phrase(text, *slop, true)),
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
        clauses.extend(
            negatives
                .into_iter()
                .map(|q| (Occur::MustNot, boxed(Excluded(q)))),
        );
        if clauses.len() == 1 && clauses[0].0 == Occur::Must {
            if let Some((_, q)) = clauses.pop() {
                return Ok(q);
            }
        }
        Ok(boxed(BooleanQuery::new(clauses)))
    }

    /// Plain words: one query per word, as typed, plus a phrase bonus for
    /// the whole run; thesaurus concepts are added beside them.
    ///
    /// Expansion only ever adds: in relevance mode a concept is one more
    /// optional clause; in AND mode a span of words that names a concept is
    /// satisfied by those words (all of them, as without expansion) or by
    /// the concept. So expansion never loses a clause that the query
    /// without it finds.
    fn words(&mut self, words: &[&str], required: bool) -> Result<Vec<Box<dyn Query>>> {
        let expansions = if self.opts.expand {
            self.thesaurus.lookup_in(words, self.query_lang)
        } else {
            Vec::new()
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let spans: Vec<_> = expansions
                .iter()
                .filter(|e| e.start == i && e.end > i)
                .collect();
            if spans.is_empty() {
                out.push(self.typed_word(words, i, 1.0));
                i += 1;
                continue;
            }
            let end = spans
                .iter()
                .map(|e| e.end)
                .max()
                .unwrap_or(i + 1)
                .min(words.len());
            // A word that is itself a term of a concept is translated part
            // by part at a lower weight: the concept says more than its
            // parts, which only widen the search.
            let named = spans.iter().any(|e| e.exact);
            let weight = if named { NAMED_COMPOUND_WEIGHT } else { 1.0 };
            let typed: Vec<Box<dyn Query>> = (i..end)
                .map(|j| self.typed_word(words, j, weight))
                .collect();
            let mut concepts = Vec::new();
            for exp in spans {
                let span = &words[i..exp.end.min(words.len())];
                let weight = EXPANSION_BOOST * exp.weight();
                // The concept as one term: its terms in both languages, the
                // typed ones included (they share the statistics).
                let terms: Vec<(Language, &str)> = self
                    .thesaurus
                    .concept(&exp.concept)
                    .map(concept_terms)
                    .unwrap_or_default();
                if let Some(q) = self.concept_query(&terms, weight) {
                    concepts.push(q);
                }
                let langs = self.langs.clone();
                self.expansions.push(ExpansionInfo {
                    matched: span.join(" "),
                    concept: exp.concept.clone(),
                    terms: exp
                        .terms
                        .iter()
                        .filter(|(lang, _)| langs.contains(lang))
                        .map(|(lang, term)| format!("{}:{}", lang.code(), term))
                        .collect(),
                    weight,
                });
            }
            // The typed words and the concepts they name are alternatives,
            // not evidence to add up: a clause scores by the better of the
            // two (plus a little of the other), so a clause that holds the
            // typed words is not counted twice and a rarer word of the
            // query still decides between such clauses.
            let typed = if required { must(typed) } else { should(typed) };
            let mut alts = vec![typed];
            alts.extend(concepts);
            out.push(if alts.len() == 1 {
                alts.remove(0)
            } else {
                boxed(DisjunctionMaxQuery::with_tie_breaker(alts, CONCEPT_TIE))
            });
            i = end;
        }
        if words.len() > 1 && !required {
            // Proximity: each pair of neighbouring content words also as a
            // loose phrase, as in a sequential dependence model. A clause
            // that keeps the query's words together ranks above one that
            // merely holds them.
            let content: Vec<&str> = words
                .iter()
                .copied()
                .filter(|w| !is_function_word(w))
                .collect();
            for pair in content.windows(2) {
                out.push(boost(
                    self.phrase(&pair.join(" "), PAIR_SLOP, false),
                    PAIR_BOOST,
                ));
            }
        }
        Ok(out)
    }

    /// Word `i` of a run as typed, with its part-by-part translation when it
    /// is a German compound (weighted by `translation`).
    fn typed_word(&mut self, words: &[&str], i: usize, translation: f32) -> Box<dyn Query> {
        let w = words[i];
        let mut typed = self.word(w, words.len() == 1 || !is_function_word(w));
        if words.len() > 1 && is_meta_word(w) {
            typed = boost(typed, META_WORD_BOOST);
        }
        match self.compound_translation(w) {
            Some(q) => should(vec![typed, boost(q, translation)]),
            None => typed,
        }
    }

    /// One concept as one term (see [`ConceptQuery`]): `terms` in the body
    /// and heading fields of their languages, weighted by `weight`; a term
    /// with `…` is a proximity pattern, a statute citation also matches
    /// its normalised key. `None` when no term can match.
    fn concept_query(&mut self, terms: &[(Language, &str)], weight: f32) -> Option<Box<dyn Query>> {
        let mut patterns = Vec::new();
        for &(lang, term) in terms {
            // A statute term ("§ 449 BGB") also matches every spelling of
            // the citation ("Section 449 BGB"), through the citation keys.
            let norms = if citation::may_cite(term) {
                citation::extract(term)
            } else {
                Vec::new()
            };
            for norm in norms {
                patterns.extend(Pattern::new(self.fields.cites_all, &[norm.key()], &[]));
            }
            if !self.langs.contains(&lang) {
                continue;
            }
            let (words, gaps) = self.pattern_words(lang, term);
            let (body, head) = self.fields_for(lang);
            patterns.extend(Pattern::new(body, &words, &gaps));
            patterns.extend(Pattern::new(head, &words, &gaps));
        }
        let q = ConceptQuery::new(patterns).with_cache(self.cache.clone());
        (!q.is_empty()).then(|| boost(boxed(q), weight))
    }

    /// The analysed words of a thesaurus term and the gap before each:
    /// `liability … limited` is `liabil` and `limit` with up to
    /// [`PROXIMITY_GAP`] words between them. Noted for highlighting.
    fn pattern_words(&mut self, lang: Language, term: &str) -> (Vec<String>, Vec<u32>) {
        let mut words = Vec::new();
        let mut gaps = Vec::new();
        for (k, part) in term.split(['…']).flat_map(|p| p.split("...")).enumerate() {
            let part_words = self.phrase_words(lang, part, 0, true);
            for (j, w) in part_words.into_iter().enumerate() {
                gaps.push(if j == 0 && k > 0 { PROXIMITY_GAP } else { 0 });
                words.push(w);
            }
        }
        (words, gaps)
    }

    /// Translates a German compound part by part: `Gewährleistungsfrist` is
    /// `Gewährleistung` + `Frist`, so clauses that speak of the warranty or
    /// of a period in either language match, those with both first, all
    /// below the word as typed. Only when every part is a thesaurus concept.
    fn compound_translation(&mut self, word: &str) -> Option<Box<dyn Query>> {
        if !self.opts.expand || self.query_lang == Some(Language::En) {
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
            let exps = self.thesaurus.lookup_in(&[part], Some(Language::De));
            let exp = exps.iter().find(|e| e.exact)?;
            let concept = self.thesaurus.concept(&exp.concept)?;
            // The part as typed and the concept's terms, as one term.
            let mut terms: Vec<(Language, &str)> = self.langs.iter().map(|&l| (l, *part)).collect();
            terms.extend(concept_terms(concept));
            shown.push(exp.concept.clone());
            per_part.extend(self.concept_query(&terms, 1.0));
        }
        let weight = EXPANSION_BOOST * COMPOUND_WEIGHT;
        self.expansions.push(ExpansionInfo {
            matched: word.to_string(),
            concept: shown.join("+"),
            terms: top.iter().map(|p| format!("part:{p}")).collect(),
            weight,
        });
        // Clauses that speak of more of the parts score higher; one part is
        // enough to be found at all (a lawyer would rather see the tail).
        Some(boost(should(per_part), weight))
    }

    /// One word, analysed for each language: the whole word, or all of its
    /// compound parts; body and heading.
    fn word(&mut self, word: &str, highlight: bool) -> Box<dyn Query> {
        // "Rofr/Rofo/Rofn", "and/or": any of them.
        let alternatives: Vec<&str> = word
            .split('/')
            .filter(|p| p.chars().any(char::is_alphanumeric))
            .collect();
        if alternatives.len() > 1 {
            let qs = alternatives
                .iter()
                .map(|w| self.word(w, highlight))
                .collect();
            return should(qs);
        }
        let mut per_lang = Vec::new();
        for lang in self.langs.clone() {
            let tokens = analysis::analyze(lang, word);
            let g = groups(&tokens);
            if g.len() > 1 {
                // "non-reliance", "set-off": the parts as a phrase, written
                // as one word ("nonreliance"), or, weaker, its parts
                // anywhere in the clause (the more of them, the better).
                let (body, head) = self.fields_for(lang);
                let mut alts = Vec::new();
                alts.extend(self.lang_phrase(lang, word, 0, true, true));
                let joined: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
                let joined = analysis::analyze(lang, &joined);
                if let [one] = joined.as_slice() {
                    alts.push(term_query(body, &one.text));
                    alts.push(boost(term_query(head, &one.text), HEADING_BOOST));
                }
                let parts: Vec<Box<dyn Query>> = g.iter().map(|p| term_query(body, p[0])).collect();
                alts.push(boost(should(parts), SPLIT_PARTS_BOOST));
                per_lang.push(should(alts));
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
                alts.push(boost(
                    parts_query(body, &group[1..], &self.cache),
                    PARTS_BOOST,
                ));
            }
            per_lang.push(should(alts));
        }
        should(per_lang)
    }

    /// A phrase in the body fields, and with `heading` in the heading
    /// fields too.
    fn phrase(&mut self, text: &str, slop: u32, heading: bool) -> Box<dyn Query> {
        let mut per_lang = Vec::new();
        for lang in self.langs.clone() {
            if let Some(q) = self.lang_phrase(lang, text, slop, true, heading) {
                per_lang.push(q);
            }
        }
        should(per_lang)
    }

    /// A phrase in one language's body field (and with `heading` in its
    /// heading field, weighted as headings are); one word becomes a term
    /// query.
    fn lang_phrase(
        &mut self,
        lang: Language,
        text: &str,
        slop: u32,
        highlight: bool,
        heading: bool,
    ) -> Option<Box<dyn Query>> {
        let whole = self.phrase_words(lang, text, slop, highlight);
        let (body, head) = self.fields_for(lang);
        let in_field = |field: Field| -> Box<dyn Query> {
            if let [one] = whole.as_slice() {
                return term_query(field, one);
            }
            let terms: Vec<(usize, Term)> = whole
                .iter()
                .enumerate()
                .map(|(i, t)| (i, Term::from_field_text(field, t)))
                .collect();
            boxed(PhraseQuery::new_with_offset_and_slop(terms, slop))
        };
        if whole.is_empty() {
            return None;
        }
        if !heading {
            return Some(in_field(body));
        }
        Some(should(vec![
            in_field(body),
            boost(in_field(head), HEADING_BOOST),
        ]))
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
                per_lang.push(boxed(
                    PrefixQuery::new(f, &folded).with_cache(self.cache.clone()),
                ));
            }
            self.highlight.prefixes[li(lang)].push(folded);
        }
        should(per_lang)
    }

    fn filter(&mut self, field: QField, value: &str) -> Result<Box<dyn Query>> {
        let f = self.fields;
        match field {
            QField::Vendor => {
                let vendors = (self.vendors)()?;
                Ok(filter_query(f.vendor_key, &vendors.resolve(value)?.key))
            }
            QField::Kind => {
                let kind =
                    DocKind::parse(value).ok_or_else(|| Error::UnknownKind(value.to_string()))?;
                Ok(filter_query(f.kind, kind.as_str()))
            }
            QField::Lang => {
                let lang = Language::parse(value)
                    .ok_or_else(|| Error::UnknownLanguage(value.to_string()))?;
                Ok(filter_query(f.lang, lang.code()))
            }
            QField::Section => Ok(filter_query(f.section_key, &label_key(value))),
            QField::Cites => {
                let norms = citation::extract(value);
                if norms.is_empty() {
                    return Err(Error::NotACitation(value.to_string()));
                }
                Ok(boxed(ConstScoreQuery::new(
                    should(
                        norms
                            .iter()
                            .map(|n| term_query(f.cites_all, &n.key()))
                            .collect(),
                    ),
                    0.0,
                )))
            }
        }
    }
}

/// The top-level `lang:` filter of a query, if any.
fn find_lang_filter(node: &Node) -> Result<Option<Language>> {
    for (field, value) in collect_filters(node) {
        if field == QField::Lang {
            return Language::parse(value)
                .map(Some)
                .ok_or_else(|| Error::UnknownLanguage(value.to_string()));
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

/// Every term of a concept with its language, German first.
fn concept_terms(c: &Concept) -> Vec<(Language, &str)> {
    let de = c.de.iter().map(|t| (Language::De, t.as_str()));
    de.chain(c.en.iter().map(|t| (Language::En, t.as_str())))
        .collect()
}

/// The plain words and phrase words of a query, in order (they decide the
/// query's language); with `negated`, also those under a `NOT`.
fn collect_words<'n>(node: &'n Node, out: &mut Vec<&'n str>, negated: bool) {
    match node {
        Node::Term(w) => out.push(w),
        Node::Phrase { text, .. } => out.extend(text.split_whitespace()),
        Node::Seq(c) | Node::And(c) | Node::Or(c) => {
            for n in c {
                collect_words(n, out, negated);
            }
        }
        Node::Not(n) if negated => collect_words(n, out, negated),
        Node::Not(_) | Node::Prefix(_) | Node::Filter { .. } => {}
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

/// Words that name the kind of text asked for rather than its content:
/// every hit is a clause, so "clause" in "indemnification clauses" says
/// nothing about which. In a query of several words they weigh less.
fn is_meta_word(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "clause",
        "clauses",
        "provision",
        "provisions",
        "klausel",
        "klauseln",
        "regelung",
        "regelungen",
        "bestimmung",
        "bestimmungen",
    ];
    WORDS.contains(&w.to_lowercase().as_str())
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
