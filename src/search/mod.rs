//! Searching an index: ranked clause hits with citations and highlights,
//! the per-vendor comparison, and reading a clause in context.

pub mod build;
mod concept;
pub mod highlight;
mod prefix;

use crate::error::{Error, Result};
use crate::index::{guard, KlauselIndex};
use crate::model::Language;
use crate::query;
use crate::text::{fold, label_key};
use crate::thesaurus::Thesaurus;
use build::{Builder, ExpansionInfo, HighlightSpec};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Instant;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, IndexReader, ReloadPolicy, TantivyDocument, Term};

pub use build::BuildOptions as QueryOptions;

/// Options for [`Searcher::search`] and [`Searcher::compare`].
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Most hits to return.
    pub limit: usize,
    /// Query shaping: AND mode, expansion, language.
    pub query: QueryOptions,
    /// `--vendor`: same as `vendor:` in the query.
    pub vendor: Option<String>,
    /// `--kind`: same as `kind:` in the query.
    pub kind: Option<String>,
    /// Marks for highlighted words in snippets.
    pub marks: highlight::Marks,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            query: QueryOptions {
                and_mode: false,
                expand: true,
                lang: None,
            },
            vendor: None,
            kind: None,
            marks: highlight::PLAIN,
        }
    }
}

/// Another place where an identical clause appears (collapsed into one hit).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Location {
    /// Record id.
    pub id: String,
    /// Document title.
    pub document: String,
    /// Citation label.
    pub section: String,
    /// Source file.
    pub path: String,
    /// First line.
    pub line_start: u64,
    /// Last line.
    pub line_end: u64,
}

/// One clause hit. This is the JSON contract (see README.md).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    /// 1-based rank.
    pub rank: usize,
    /// BM25-based score.
    pub score: f32,
    /// Record id (`path#ordinal`), accepted by `klausel show`.
    pub id: String,
    /// Vendor.
    pub vendor: String,
    /// Document title.
    pub document: String,
    /// Document kind.
    pub kind: String,
    /// Citation label, e.g. `§ 23 (7)` (empty for unnumbered text).
    pub section: String,
    /// The nearest heading, e.g. `Final Provisions`.
    pub heading: String,
    /// All enclosing headings, outermost first.
    pub heading_path: Vec<String>,
    /// The full citation, e.g. `Actimi GmbH, General Terms and Conditions, § 23 (7) Final Provisions, line 109`.
    pub citation: String,
    /// Source file as given to `klausel index`.
    pub path: String,
    /// First line, 1-based.
    pub line_start: u64,
    /// Last line, 1-based.
    pub line_end: u64,
    /// `de` or `en`.
    pub language: String,
    /// The whole clause.
    pub text: String,
    /// Short excerpt with matches marked.
    pub snippet: String,
    /// Matched words as `[start, end)` character offsets into `text`.
    pub highlights: Vec<[usize; 2]>,
    /// The distinct words that matched, lowercased, first those of the
    /// clause, then those of its headings (a heading describes every
    /// clause under it).
    pub matched: Vec<String>,
    /// Statute citations in the clause (normalised keys).
    pub cites: Vec<String>,
    /// Identical clauses elsewhere in the same vendor's documents.
    pub also_in: Vec<Location>,
}

/// The result of a search. This is the JSON contract (see README.md).
#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    /// The query as typed.
    pub query: String,
    /// Number of matching records (before collapsing duplicates).
    pub total_hits: usize,
    /// Time spent searching, in milliseconds.
    pub took_ms: f64,
    /// What the query was expanded to.
    pub expansions: Vec<ExpansionInfo>,
    /// Statute citations recognised in the query.
    pub citations: Vec<String>,
    /// The hits, best first.
    pub hits: Vec<Hit>,
}

/// One vendor's row in a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct VendorRow {
    /// Vendor.
    pub vendor: String,
    /// Whether any clause matched.
    pub found: bool,
    /// The score of the vendor's best clause relative to the best clause
    /// of any vendor: 1.0 for the best vendor, near 0.0 for a weak match,
    /// 0.0 when nothing matched.
    pub relative: f32,
    /// The best clauses (at most `--top`).
    pub hits: Vec<Hit>,
}

/// The result of `compare`.
#[derive(Debug, Clone, Serialize)]
pub struct CompareResult {
    /// The query as typed.
    pub query: String,
    /// Time spent, in milliseconds.
    pub took_ms: f64,
    /// What the query was expanded to.
    pub expansions: Vec<ExpansionInfo>,
    /// One row per vendor in the index, in name order.
    pub vendors: Vec<VendorRow>,
}

/// A clause with its neighbours, for `show`.
#[derive(Debug, Clone, Serialize)]
pub struct ShowResult {
    /// The clause before, in the same file.
    pub before: Option<Hit>,
    /// The clause.
    pub clause: Hit,
    /// The clause after, in the same file.
    pub after: Option<Hit>,
}

/// An open index ready for queries.
pub struct Searcher {
    index: KlauselIndex,
    reader: IndexReader,
    vendors: OnceLock<Vec<(String, String)>>,
}

impl Searcher {
    /// Opens the index in `dir`.
    pub fn open(dir: &Path) -> Result<Searcher> {
        let index = KlauselIndex::open_for_search(dir)?;
        // An empty index whose first build is running is not "no hits".
        if index.is_uncommitted() && crate::index::writer_running(dir) {
            return Err(Error::BeingBuilt(dir.to_path_buf()));
        }
        let reader: IndexReader = guard(dir, || {
            Ok(index
                .index
                .reader_builder()
                .reload_policy(ReloadPolicy::Manual)
                .try_into()?)
        })?;
        // Each segment's field lengths cover exactly the documents meta.json
        // gives it; a mismatch (a damaged meta.json) would make scoring read
        // out of bounds or, worse, answer from part of the index.
        let body = index.fields.body_en;
        guard(dir, || {
            for segment in reader.searcher().segment_readers() {
                let norms = segment.fieldnorms_readers().get_field(body)?;
                if norms.is_some_and(|n| n.num_docs() != segment.max_doc()) {
                    return Err(Error::Damaged {
                        path: dir.to_path_buf(),
                        file: "its segments do not match meta.json".into(),
                    });
                }
            }
            Ok(())
        })?;
        Ok(Searcher {
            index,
            reader,
            vendors: OnceLock::new(),
        })
    }

    /// The open index.
    pub fn index(&self) -> &KlauselIndex {
        &self.index
    }

    /// Vendors in the index: (folded key, display name), by name.
    ///
    /// They come from the commit's per-file state, so no document needs to
    /// be read, however many vendors the index holds; and they are listed
    /// only when first needed (`compare`, a vendor filter, `show`), not for
    /// every search.
    pub fn vendors(&self) -> Result<&[(String, String)]> {
        if let Some(vendors) = self.vendors.get() {
            return Ok(vendors);
        }
        let mut vendors: Vec<(String, String)> = self
            .index
            .files()?
            .values()
            .filter(|f| f.records > 0 && !f.vendor.is_empty())
            .map(|f| (fold(&f.vendor), f.vendor.clone()))
            .collect();
        // By folded name (the key), which also orders the display names.
        vendors.sort();
        vendors.dedup_by(|a, b| a.0 == b.0);
        Ok(self.vendors.get_or_init(|| vendors))
    }

    fn plan(&self, raw: &str, opts: &SearchOptions) -> Result<build::Plan> {
        let node = query::parse(raw)?;
        let mut node = node;
        let mut extra = Vec::new();
        if let Some(v) = &opts.vendor {
            extra.push(query::Node::Filter {
                field: query::Field::Vendor,
                value: v.clone(),
            });
        }
        if let Some(k) = &opts.kind {
            extra.push(query::Node::Filter {
                field: query::Field::Kind,
                value: k.clone(),
            });
        }
        if let Some(l) = opts.query.lang {
            extra.push(query::Node::Filter {
                field: query::Field::Lang,
                value: l.code().to_string(),
            });
        }
        if !extra.is_empty() {
            node = match node {
                query::Node::Seq(mut c) => {
                    c.extend(extra);
                    query::Node::Seq(c)
                }
                other => {
                    let mut c = vec![other];
                    c.extend(extra);
                    query::Node::And(c)
                }
            };
        }
        // The thesaurus is loaded only when the query is to be expanded.
        let empty = Thesaurus::default();
        let thesaurus = if opts.query.expand {
            Thesaurus::builtin()
        } else {
            &empty
        };
        Builder::new(
            &self.index.fields,
            &|| self.vendors(),
            thesaurus,
            opts.query.clone(),
        )
        .build(&node, raw)
    }

    /// Runs a query and returns ranked, collapsed hits.
    pub fn search(&self, raw: &str, opts: &SearchOptions) -> Result<SearchResult> {
        guard(&self.index.dir, || self.search_in(raw, opts))
    }

    fn search_in(&self, raw: &str, opts: &SearchOptions) -> Result<SearchResult> {
        let started = Instant::now();
        let plan = self.plan(raw, opts)?;
        let searcher = self.reader.searcher();
        // What is allocated is bounded by the records that exist, never by
        // the limit asked for (`--limit 18446744073709551615`).
        let records = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let fetch = opts
            .limit
            .saturating_mul(3)
            .max(opts.limit.saturating_add(10))
            .min(records)
            .max(1);
        let (mut top, total) = searcher.search(
            &plan.query,
            &(TopDocs::with_limit(fetch).order_by_score(), Count),
        )?;
        // Clauses tied with the last one shown are all read, up to a bound,
        // so that the sort below, not segment order (which depends on how
        // indexing threads split the work), picks among them.
        let mut fetch = fetch;
        while top.len() == fetch
            && fetch < records.min(TIE_FETCH_MAX)
            && opts.limit > 0
            && top.get(opts.limit.min(fetch) - 1).map(|t| t.0) == top.last().map(|t| t.0)
        {
            fetch = fetch.saturating_mul(4).min(records.min(TIE_FETCH_MAX));
            top = searcher.search(&plan.query, &TopDocs::with_limit(fetch).order_by_score())?;
        }
        let mut fetched = Vec::with_capacity(top.len());
        for (score, addr) in top {
            fetched.push(self.hit(addr, score)?);
        }
        // Equal scores (filter-only queries, identical clauses) in document order.
        fetched.sort_by(|(a, _), (b, _)| best_first(a, b));
        let mut hits: Vec<Hit> = Vec::new();
        let mut seen: HashMap<(String, u64), usize> = HashMap::new();
        for (hit, hash) in fetched {
            let key = (hit.vendor.clone(), hash);
            if let Some(&i) = seen.get(&key) {
                let loc = Location {
                    id: hit.id,
                    document: hit.document,
                    section: hit.section,
                    path: hit.path,
                    line_start: hit.line_start,
                    line_end: hit.line_end,
                };
                if let Some(h) = hits.get_mut(i) {
                    h.also_in.push(loc);
                }
                continue;
            }
            if hits.len() >= opts.limit {
                continue;
            }
            seen.insert(key, hits.len());
            hits.push(hit);
        }
        // Only the hits shown are highlighted: re-analysing a clause costs
        // more than reading it, and collapsed duplicates are never shown.
        for (i, h) in hits.iter_mut().enumerate() {
            h.rank = i + 1;
            mark(h, &plan.highlight, opts.marks);
        }
        Ok(SearchResult {
            query: raw.to_string(),
            total_hits: total,
            took_ms: millis(started),
            expansions: plan.expansions,
            citations: plan.citations,
            hits,
        })
    }

    /// For every vendor in the index, its best `top` clauses for the query;
    /// vendors with no matching clause are listed with `found: false`.
    pub fn compare(&self, raw: &str, top: usize, opts: &SearchOptions) -> Result<CompareResult> {
        guard(&self.index.dir, || self.compare_in(raw, top, opts))
    }

    fn compare_in(&self, raw: &str, top: usize, opts: &SearchOptions) -> Result<CompareResult> {
        let started = Instant::now();
        let plan = self.plan(raw, opts)?;
        let searcher = self.reader.searcher();
        let records = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let top = top.clamp(1, records.max(1));
        let vendors = self.vendors()?;
        let mut rows: Vec<VendorRow> = vendors
            .iter()
            .map(|(_, name)| VendorRow {
                vendor: name.clone(),
                found: false,
                relative: 0.0,
                hits: Vec::new(),
            })
            .collect();
        let index_of: HashMap<&str, usize> = vendors
            .iter()
            .enumerate()
            .map(|(i, (k, _))| (k.as_str(), i))
            .collect();
        let vendor_key = self.index.fields.vendor_key;
        // One pass: the best clauses per vendor, via the vendor fast field.
        let collector = TopDocs::with_limit(20_000).order_by_score();
        let docs = searcher.search(&plan.query, &collector)?;
        let mut per_vendor: Vec<Vec<(f32, DocAddress)>> = vec![Vec::new(); rows.len()];
        let mut columns = HashMap::new();
        for (score, addr) in docs {
            let col = match columns.entry(addr.segment_ord) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    let seg = searcher.segment_reader(addr.segment_ord);
                    let c = seg
                        .fast_fields()
                        .str(&self.index.schema_name(vendor_key))
                        .ok()
                        .flatten();
                    e.insert(c)
                }
            };
            let Some(col) = col else { continue };
            let mut key = String::new();
            let ord = col.term_ords(addr.doc_id).next();
            if let Some(o) = ord {
                if col.ord_to_str(o, &mut key).is_err() {
                    continue;
                }
            }
            if let Some(&i) = index_of.get(key.as_str()) {
                // Clauses tied with the last one kept are kept too: which of
                // them come first in segment order depends on how indexing
                // threads split the work, and the choice must not.
                let list = &mut per_vendor[i];
                let tied = list.last().is_some_and(|&(s, _)| s <= score);
                if list.len() < top.saturating_mul(3) || tied {
                    list.push((score, addr));
                }
            }
        }
        for (i, docs) in per_vendor.into_iter().enumerate() {
            let mut seen = std::collections::HashSet::new();
            // Read the best clauses, and those tied with the last of them.
            let mut fetched: Vec<(Hit, u64)> = Vec::with_capacity(top);
            let mut distinct = std::collections::HashSet::new();
            for (score, addr) in docs {
                let tied = fetched.last().is_some_and(|(h, _)| h.score <= score);
                if distinct.len() >= top && !tied {
                    break;
                }
                let (hit, hash) = self.hit(addr, score)?;
                distinct.insert(hash);
                fetched.push((hit, hash));
            }
            // Equal scores (clauses matched through the same heading) in
            // document order, as `search` has them, not in segment order.
            fetched.sort_by(|(a, _), (b, _)| best_first(a, b));
            for (mut hit, hash) in fetched {
                if rows[i].hits.len() >= top {
                    break;
                }
                if !seen.insert(hash) {
                    continue;
                }
                hit.rank = rows[i].hits.len() + 1;
                mark(&mut hit, &plan.highlight, opts.marks);
                rows[i].hits.push(hit);
            }
            rows[i].found = !rows[i].hits.is_empty();
        }
        let best = rows
            .iter()
            .filter_map(|r| r.hits.first())
            .map(|h| h.score)
            .fold(0.0f32, f32::max);
        for row in &mut rows {
            if let Some(h) = row.hits.first() {
                if best > 0.0 {
                    row.relative = h.score / best;
                }
            }
        }
        Ok(CompareResult {
            query: raw.to_string(),
            took_ms: millis(started),
            expansions: plan.expansions,
            vendors: rows,
        })
    }

    /// Finds a clause by id (`path#ordinal`), by `path:line`, or by citation
    /// (`actimi § 23 (7)`: a vendor prefix and a label), with its neighbours.
    pub fn show(&self, reference: &str) -> Result<ShowResult> {
        guard(&self.index.dir, || self.show_in(reference))
    }

    fn show_in(&self, reference: &str) -> Result<ShowResult> {
        let f = &self.index.fields;
        let searcher = self.reader.searcher();
        let reference = reference.trim();
        let first = |q: &dyn Query| -> Result<Option<DocAddress>> {
            let top = searcher.search(q, &TopDocs::with_limit(1).order_by_score())?;
            Ok(top.first().map(|(_, a)| *a))
        };
        let mut found = first(&TermQuery::new(
            Term::from_field_text(f.id, reference),
            IndexRecordOption::Basic,
        ))?;
        if found.is_none() {
            if let Some((path, line)) = reference.rsplit_once(':') {
                if let Ok(line) = line.trim().parse::<u64>() {
                    found = self.at_line(path.trim(), line)?;
                }
            }
        }
        if found.is_none() {
            found = self.by_citation(reference)?;
        }
        let addr = found.ok_or_else(|| Error::NotFound(reference.to_string()))?;
        let spec = HighlightSpec::default();
        let plain = |mut hit: Hit| {
            mark(&mut hit, &spec, highlight::PLAIN);
            hit
        };
        let clause = plain(self.hit(addr, 0.0)?.0);
        let neighbour = |delta: i64| -> Result<Option<Hit>> {
            let ord = clause_ord(&clause.id) as i64 + delta;
            if ord < 0 {
                return Ok(None);
            }
            let q = BooleanQuery::new(vec![
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.path, &clause.path),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>,
                ),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_u64(f.ord, ord as u64),
                        IndexRecordOption::Basic,
                    )),
                ),
            ]);
            match first(&q)? {
                Some(a) => Ok(Some(plain(self.hit(a, 0.0)?.0))),
                None => Ok(None),
            }
        };
        Ok(ShowResult {
            before: neighbour(-1)?,
            after: neighbour(1)?,
            clause,
        })
    }

    fn at_line(&self, path: &str, line: u64) -> Result<Option<DocAddress>> {
        let f = &self.index.fields;
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(f.path, path),
            IndexRecordOption::Basic,
        );
        let docs = searcher.search(&q, &TopDocs::with_limit(1_000_000).order_by_score())?;
        for (_, addr) in docs {
            let d: TantivyDocument = searcher.doc(addr)?;
            let a = d
                .get_first(f.line_start)
                .and_then(|v| v.as_u64())
                .unwrap_or(0);
            let b = d
                .get_first(f.line_end)
                .and_then(|v| v.as_u64())
                .unwrap_or(0);
            if a <= line && line <= b {
                return Ok(Some(addr));
            }
        }
        Ok(None)
    }

    fn by_citation(&self, reference: &str) -> Result<Option<DocAddress>> {
        let f = &self.index.fields;
        let folded = fold(reference);
        // The longest vendor prefix of the reference that names one vendor.
        let words: Vec<&str> = folded.split(' ').collect();
        for cut in (1..=words.len()).rev() {
            let head = words[..cut].join(" ");
            let vendors: Vec<&(String, String)> = self
                .vendors()?
                .iter()
                .filter(|(k, _)| k.starts_with(&head))
                .collect();
            if vendors.len() != 1 {
                continue;
            }
            let rest_start = reference
                .char_indices()
                .find(|(_, c)| *c == '§' || c.is_ascii_digit())
                .map(|(i, _)| i)
                .unwrap_or(reference.len());
            let label = label_key(&reference[rest_start..]);
            if label.is_empty() {
                return Ok(None);
            }
            let q = BooleanQuery::new(vec![
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.vendor_key, &vendors[0].0),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>,
                ),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.label_key, &label),
                        IndexRecordOption::Basic,
                    )),
                ),
            ]);
            let searcher = self.reader.searcher();
            let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
            return Ok(top.first().map(|(_, a)| *a));
        }
        Ok(None)
    }

    /// The stored clause at `addr` as a hit, not yet highlighted (see
    /// [`mark`]), and the hash of its text.
    fn hit(&self, addr: DocAddress, score: f32) -> Result<(Hit, u64)> {
        let f = &self.index.fields;
        let doc: TantivyDocument = self.reader.searcher().doc(addr)?;
        let s = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let n = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
        let text = s(f.text);
        let language = s(f.lang);
        let heading_path: Vec<String> = s(f.heading_path)
            .split(" › ")
            .filter(|h| !h.is_empty())
            .map(str::to_string)
            .collect();
        let heading = heading_path.last().cloned().unwrap_or_default();
        let vendor = s(f.vendor);
        let document = s(f.document);
        let section = s(f.label);
        let line_start = n(f.line_start);
        let citation = citation_string(&vendor, &document, &section, &heading, line_start);
        let cites = doc
            .get_all(f.cites)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        let hit = Hit {
            rank: 0,
            score,
            id: s(f.id),
            vendor,
            document,
            kind: s(f.kind),
            section,
            heading,
            heading_path,
            citation,
            path: s(f.path),
            line_start,
            line_end: n(f.line_end),
            language,
            snippet: String::new(),
            highlights: Vec::new(),
            text,
            cites,
            also_in: Vec::new(),
            matched: Vec::new(),
        };
        Ok((hit, n(f.text_hash)))
    }
}

/// Fills in a hit's snippet and highlights.
fn mark(hit: &mut Hit, spec: &HighlightSpec, marks: highlight::Marks) {
    let lang = Language::parse(&hit.language).unwrap_or(Language::En);
    let ranges = highlight::matches(spec, lang, &hit.text);
    hit.snippet = highlight::snippet(&hit.text, &ranges, marks);
    hit.highlights = highlight::char_ranges(&hit.text, &ranges);
    let heading = hit.heading_path.join(" › ");
    let in_heading = highlight::matches(spec, lang, &heading);
    let mut matched: Vec<String> = Vec::new();
    let words = ranges
        .iter()
        .filter_map(|r| hit.text.get(r.clone()))
        .chain(in_heading.iter().filter_map(|r| heading.get(r.clone())));
    for word in words {
        let word = word.to_lowercase();
        if !matched.contains(&word) {
            matched.push(word);
        }
    }
    hit.matched = matched;
}

/// Hits by score, equal scores in document order.
/// How many clauses `search` reads at most to order ties at the cut.
const TIE_FETCH_MAX: usize = 4096;

fn best_first(a: &Hit, b: &Hit) -> std::cmp::Ordering {
    b.score
        .total_cmp(&a.score)
        .then_with(|| a.path.cmp(&b.path))
        .then_with(|| a.line_start.cmp(&b.line_start))
        .then_with(|| clause_ord(&a.id).cmp(&clause_ord(&b.id)))
}

/// Milliseconds since `started`, rounded to microseconds (no float noise
/// such as 5.844504000000001 in the JSON).
fn millis(started: Instant) -> f64 {
    (started.elapsed().as_secs_f64() * 1_000_000.0).round() / 1000.0
}

fn clause_ord(id: &str) -> u64 {
    id.rsplit_once('#')
        .and_then(|(_, o)| o.parse().ok())
        .unwrap_or(0)
}

/// `Actimi GmbH, General Terms and Conditions, § 23 (7) Final Provisions, line 109`.
pub fn citation_string(
    vendor: &str,
    document: &str,
    section: &str,
    heading: &str,
    line: u64,
) -> String {
    let mut place = section.to_string();
    if !heading.is_empty() && heading != section {
        if !place.is_empty() {
            place.push(' ');
        }
        place.push_str(heading);
    }
    let mut parts = vec![vendor.to_string(), document.to_string()];
    if !place.is_empty() {
        parts.push(place);
    }
    parts.push(format!("line {line}"));
    parts.join(", ")
}

impl KlauselIndex {
    fn schema_name(&self, field: tantivy::schema::Field) -> String {
        self.index.schema().get_field_name(field).to_string()
    }
}
