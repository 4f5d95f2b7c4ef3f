//! Searching an index: ranked clause hits with citations and highlights,
//! the per-vendor comparison, and reading a clause in context.

pub mod batch;
mod cache;
mod cite;
mod compare;
mod concept;
mod exclude;
pub mod feedback;
pub mod highlight;
pub mod plan;
mod prefix;
mod rerank;
mod show;
pub mod vendors;

pub use vendors::{VendorName, Vendors};

use crate::error::{Error, Result};
use crate::index::schema;
use crate::index::{guard, KlauselIndex};
use crate::model::{DocKind, Language};
use crate::query;
use crate::records::vendor::VendorSource;
use crate::thesaurus::Thesaurus;
use plan::{Builder, ExpansionInfo, HighlightSpec};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;
use std::time::Instant;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::Query;
use tantivy::Term;
use tantivy::{DocAddress, IndexReader, ReloadPolicy, TantivyDocument};

pub use cite::Citation;
pub use plan::QueryOptions;

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
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            query: QueryOptions {
                and_mode: false,
                expand: true,
                lang: None,
                no_feedback: false,
            },
            vendor: None,
            kind: None,
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

/// One clause hit. This is the JSON contract (see docs/json.md).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    /// 1-based rank.
    pub rank: usize,
    /// BM25-based score.
    pub score: f32,
    /// Stable clause id (`path#label-hash`), accepted by `klausel show`.
    pub id: String,
    /// Position of the record in its file (not part of the JSON: ids are
    /// stable, positions are not).
    #[serde(skip)]
    pub ord: u64,
    /// Vendor.
    pub vendor: String,
    /// Where the vendor comes from: `manifest`, `text` (a party the text
    /// names) or `path` (the folder or file name: a fallback, not a finding).
    pub vendor_source: VendorSource,
    /// Document title.
    pub document: String,
    /// Document kind.
    pub kind: DocKind,
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
    /// First page, 1-based (PDF only; absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
    /// Last page (PDF only; absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_end: Option<u64>,
    /// Where the document is published: the `url` of its `corpus.toml`
    /// entry (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `de` or `en`.
    pub language: Language,
    /// The whole clause.
    pub text: String,
    /// Short excerpt with matches marked.
    pub snippet: String,
    /// Matched words as `[start, end)` character offsets into `text`.
    pub highlights: Vec<[usize; 2]>,
    /// The same matches as byte ranges into `text`, for printers that
    /// paint them (not part of the JSON).
    #[serde(skip)]
    pub matches: Vec<std::ops::Range<usize>>,
    /// The distinct words that matched, lowercased, first those of the
    /// clause, then those of its headings (a heading describes every
    /// clause under it).
    pub matched: Vec<String>,
    /// Statute citations in the clause (normalised keys).
    pub cites: Vec<String>,
    /// Identical clauses elsewhere in the same vendor's documents.
    pub also_in: Vec<Location>,
}

/// The result of a search. This is the JSON contract (see docs/json.md).
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
    /// The clause (the first, when the reference names several).
    pub clause: Hit,
    /// The other clauses the reference names, in file order: the rest of a
    /// section (`cms § 19`), or of a line that holds several clauses.
    pub more: Vec<Hit>,
    /// The clause after (the last of `more`), in the same file.
    pub after: Option<Hit>,
}

/// An open index ready for queries.
pub struct Searcher {
    index: KlauselIndex,
    reader: IndexReader,
    vendors: OnceLock<Vendors>,
    /// What prefixes and thesaurus concepts match, kept between queries.
    cache: std::sync::Arc<cache::QueryCache>,
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
                .tantivy()
                .reader_builder()
                .reload_policy(ReloadPolicy::Manual)
                .doc_store_cache_num_blocks(DOC_STORE_CACHE_BLOCKS)
                .try_into()?)
        })?;
        // Each segment's field lengths cover exactly the documents meta.json
        // gives it; a mismatch (a damaged meta.json) would make scoring read
        // out of bounds or, worse, answer from part of the index.
        let body = index.fields().body_en;
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
            cache: std::sync::Arc::new(cache::QueryCache::new()),
        })
    }

    /// The open index.
    pub fn index(&self) -> &KlauselIndex {
        &self.index
    }

    /// The vendors in the index, by name.
    ///
    /// They come from the commit's per-file state, so no document needs to
    /// be read, however many vendors the index holds; and they are listed
    /// only when first needed (`compare`, a vendor filter, `show`), not for
    /// every search.
    pub fn vendors(&self) -> Result<&Vendors> {
        if let Some(vendors) = self.vendors.get() {
            return Ok(vendors);
        }
        let files = self.index.files()?;
        let vendors = Vendors::new(
            files
                .values()
                .filter(|f| f.records > 0)
                .map(|f| f.vendor.as_str()),
        );
        Ok(self.vendors.get_or_init(|| vendors))
    }

    fn plan(&self, raw: &str, opts: &SearchOptions) -> Result<plan::Plan> {
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
            self.index.fields(),
            &|| self.vendors(),
            thesaurus,
            opts.query.clone(),
        )
        .with_cache(std::sync::Arc::clone(&self.cache))
        .with_statutes(&|key| self.has_statute(key))
        .build(&node, raw)
    }

    /// Whether a statute's own records are keyed `key` in this index (a
    /// `norm` term `key …`): a term dictionary range per segment, no
    /// postings read.
    fn has_statute(&self, key: &str) -> bool {
        let from = format!("{key} ");
        let to = format!("{key}!");
        let norm = self.index.fields().norm;
        self.reader
            .searcher()
            .segment_readers()
            .iter()
            .any(|segment| {
                segment.inverted_index(norm).is_ok_and(|inverted| {
                    inverted
                        .terms()
                        .range()
                        .ge(from.as_bytes())
                        .lt(to.as_bytes())
                        .into_stream()
                        .is_ok_and(|mut terms| terms.advance())
                })
            })
    }

    /// Runs a query and returns ranked, collapsed hits.
    pub fn search(&self, raw: &str, opts: &SearchOptions) -> Result<SearchResult> {
        guard(self.index.dir(), || self.search_in(raw, opts))
    }

    fn search_in(&self, raw: &str, opts: &SearchOptions) -> Result<SearchResult> {
        let started = Instant::now();
        let mut plan = self.plan(raw, opts)?;
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
        // The clauses feedback read for its sample are not read again.
        let mut read = HashMap::new();
        let (top, total) = match plan.feedback.filter(|_| opts.limit > 0) {
            Some(words) => self.feed_back(
                &searcher, raw, &mut plan, words, fetch, opts.limit, &mut read,
            )?,
            None => top_with_ties(&searcher, plan.query.as_ref(), fetch, opts.limit)?,
        };
        // `top` is best first. Equal scores are ordered by the clauses'
        // paths and lines, so a run of them is read whole. Once `limit` hits
        // are shown, a clause matters only as a duplicate of one of them,
        // and the fast field `dup_key` tells which may be: the others are
        // not read.
        let mut dup_keys = DupKeys::new(&searcher);
        let mut hits: Vec<Hit> = Vec::new();
        let mut seen: HashMap<(String, u64), usize> = HashMap::new();
        let mut shown_keys = Some(HashSet::new());
        let mut rest = top.as_slice();
        while let Some(&(first, _)) = rest.first() {
            let run = rest
                .iter()
                .take_while(|t| t.0.total_cmp(&first).is_eq())
                .count();
            let (group, after) = rest.split_at(run);
            rest = after;
            let full = hits.len() >= opts.limit;
            let mut fetched = Vec::with_capacity(group.len());
            for &(score, addr) in group {
                if full {
                    let may_collapse = match (&shown_keys, dup_keys.get(addr)) {
                        (Some(keys), Some(key)) => keys.contains(&key),
                        _ => true,
                    };
                    if !may_collapse {
                        continue;
                    }
                }
                let (hit, hash) = match read.remove(&addr) {
                    Some((mut hit, hash)) => {
                        hit.score = score;
                        (hit, hash)
                    }
                    None => self.hit(addr, score)?,
                };
                fetched.push((hit, hash, addr));
            }
            // Equal scores (filter-only queries, identical clauses) in document order.
            fetched.sort_by(|(a, _, _), (b, _, _)| best_first(a, b));
            for (hit, hash, addr) in fetched {
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
                match (shown_keys.as_mut(), dup_keys.get(addr)) {
                    (Some(keys), Some(k)) => {
                        keys.insert(k);
                    }
                    _ => shown_keys = None,
                }
                seen.insert(key, hits.len());
                hits.push(hit);
            }
        }
        // Only the hits shown are highlighted: re-analysing a clause costs
        // more than reading it, and collapsed duplicates are never shown.
        for (i, h) in hits.iter_mut().enumerate() {
            h.rank = i + 1;
            mark(h, &plan.highlight);
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

    /// Pseudo-relevance feedback (see [`feedback`]): the words the best
    /// clauses of the query share re-rank the clauses it finds, each word's
    /// score weighted so that they weigh as much together as the query's
    /// `words` content words. The clauses found do not change, only their
    /// order. Returns the best `fetch` (with ties at the `shown`-th, as
    /// [`top_with_ties`]) and how many clauses match.
    ///
    /// One pass collects every clause found with its score; the feedback
    /// words' scores are then added to those clauses (see [`rerank`])
    /// instead of running the query a second time with the words added.
    /// The clauses read for the sample are left in `read` (with their
    /// first-pass scores).
    #[allow(clippy::too_many_arguments)]
    fn feed_back(
        &self,
        searcher: &tantivy::Searcher,
        raw: &str,
        plan: &mut plan::Plan,
        words: usize,
        fetch: usize,
        shown: usize,
        read: &mut HashMap<DocAddress, (Hit, u64)>,
    ) -> Result<(Vec<(f32, DocAddress)>, usize)> {
        let records = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let bound = records.min(TIE_FETCH_MAX);
        let mut found = searcher.search(plan.query.as_ref(), &rerank::AllScored)?;
        let matches = found.len();
        if matches < feedback::MIN_MATCHES {
            return Ok((rerank::best_of(&found, fetch, shown, bound), matches));
        }
        // Every clause tied with the last one sampled, ordered as hits are:
        // the sample does not depend on segment order.
        let top = rerank::best_of(
            &found,
            2 * feedback::FEEDBACK_DOCS,
            feedback::FEEDBACK_DOCS,
            bound,
        );
        let cut = top
            .get(feedback::FEEDBACK_DOCS - 1)
            .map_or(f32::NEG_INFINITY, |t| t.0);
        let mut sample = Vec::new();
        for (score, addr) in top.into_iter().filter(|t| t.0 >= cut) {
            let (hit, hash) = self.hit(addr, score)?;
            sample.push((hit, hash, addr));
        }
        sample.sort_by(|a, b| best_first(&a.0, &b.0));
        sample.truncate(feedback::FEEDBACK_DOCS);
        let texts: Vec<(&str, Language, f32)> = sample
            .iter()
            .map(|(h, _, _)| (h.text.as_str(), h.language, h.score))
            .collect();
        let terms = feedback::terms(&texts);
        read.extend(
            sample
                .into_iter()
                .map(|(hit, hash, addr)| (addr, (hit, hash))),
        );
        if terms.is_empty() {
            return Ok((rerank::best_of(&found, fetch, shown, bound), matches));
        }
        let fields = self.index.fields();
        let scale = words as f32;
        // The first pass's best clauses (and all tied with the last of
        // them) are re-ranked; the rest keep their scores, which are below
        // those of every clause re-ranked, so the order stays one order and
        // a shorter `--limit` gives a prefix of a longer one.
        let floor = rerank::nth_best_score(&found, feedback::RERANK_DEPTH);
        let candidates = rerank::Candidates::new(&found, floor);
        let mut gained = vec![0.0; found.len()];
        for t in &terms {
            let field = match t.lang {
                Language::De => fields.body_de,
                Language::En => fields.body_en,
            };
            let term = Term::from_field_text(field, &t.term);
            rerank::add_term_scores(searcher, &term, scale * t.weight, &candidates, &mut gained)?;
        }
        for (f, g) in found.iter_mut().zip(&gained) {
            f.0 += g;
        }
        plan.expansions.push(ExpansionInfo {
            matched: raw.to_string(),
            concept: FEEDBACK_CONCEPT.to_string(),
            terms: terms
                .iter()
                .map(|t| format!("{}:{}", t.lang.code(), t.word))
                .collect(),
            // Relative to the typed words together (RM3's even split).
            weight: 1.0,
        });
        Ok((rerank::best_of(&found, fetch, shown, bound), matches))
    }

    /// The stored clause at `addr` as a hit, not yet highlighted (see
    /// [`mark`]), and the hash of its text.
    fn hit(&self, addr: DocAddress, score: f32) -> Result<(Hit, u64)> {
        let doc: TantivyDocument = self.reader.searcher().doc(addr)?;
        let (c, text_hash) = schema::read(&doc, self.index.fields());
        let heading = c.heading_path.last().cloned().unwrap_or_default();
        let citation = Citation {
            vendor: &c.vendor,
            document: &c.document,
            section: &c.label,
            heading: &heading,
            path: &c.path,
            line: c.line_start as u64,
            page: c.page.map(u64::from),
            page_end: c.page_end.map(u64::from),
            url: c.url.as_deref(),
        }
        .to_string();
        let hit = Hit {
            rank: 0,
            score,
            id: c.id,
            ord: c.ord,
            vendor: c.vendor,
            vendor_source: c.vendor_source,
            document: c.document,
            kind: c.kind,
            section: c.label,
            heading,
            heading_path: c.heading_path,
            citation,
            path: c.path,
            line_start: c.line_start as u64,
            line_end: c.line_end as u64,
            page: c.page.map(u64::from),
            page_end: c.page_end.map(u64::from),
            url: c.url,
            language: c.language,
            snippet: String::new(),
            highlights: Vec::new(),
            matches: Vec::new(),
            text: c.text,
            cites: c.cites,
            also_in: Vec::new(),
            matched: Vec::new(),
        };
        Ok((hit, text_hash))
    }
}

/// Fills in a hit's snippet and highlights.
fn mark(hit: &mut Hit, spec: &HighlightSpec) {
    let lang = hit.language;
    let ranges = highlight::matches(spec, lang, &hit.text);
    hit.snippet = highlight::snippet(&hit.text, &ranges, highlight::PLAIN);
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
    hit.matches = ranges;
}

/// The `concept` of the expansion that lists the feedback terms.
pub const FEEDBACK_CONCEPT: &str = "feedback";

/// Decompressed doc store blocks kept per segment. A search reads about 30
/// clauses (the feedback sample and the hits), mostly from different 32 KB
/// blocks. With tantivy's default of 100, every block read stayed in fresh
/// memory, which the kernel zeroes page by page. With one, a one-shot search
/// decompresses up to four blocks more (20 to 30 instead of 16 to 26 over
/// six queries on gesetze), has about 150 page faults fewer and takes 0.87×
/// the CPU time; batch mode takes the same time (BENCHMARKS.md, issue 19
/// part 9).
const DOC_STORE_CACHE_BLOCKS: usize = 1;

/// How many clauses `search` reads at most to order ties at the cut.
const TIE_FETCH_MAX: usize = 4096;

/// The best `fetch` clauses for `query`, and how many match. When the
/// `shown`-th is tied with the last one read, more are read (up to
/// [`TIE_FETCH_MAX`]) until all tied with it are, so that sorting, not
/// segment order (which depends on how indexing threads split the work),
/// picks among them.
fn top_with_ties(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    mut fetch: usize,
    shown: usize,
) -> Result<(Vec<(f32, DocAddress)>, usize)> {
    let records = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let bound = records.min(TIE_FETCH_MAX);
    let (mut top, total) =
        searcher.search(query, &(TopDocs::with_limit(fetch).order_by_score(), Count))?;
    while top.len() == fetch
        && fetch < bound
        && shown > 0
        && top.get(shown.min(fetch) - 1).map(|t| t.0) == top.last().map(|t| t.0)
    {
        fetch = fetch.saturating_mul(4).min(bound);
        top = searcher.search(query, &TopDocs::with_limit(fetch).order_by_score())?;
    }
    Ok((top, total))
}

/// The fast field `dup_key` (see [`schema::dup_key`]) of clauses, its
/// column opened once per segment.
struct DupKeys<'a> {
    searcher: &'a tantivy::Searcher,
    columns: HashMap<u32, Option<tantivy::columnar::Column<u64>>>,
}

impl<'a> DupKeys<'a> {
    fn new(searcher: &'a tantivy::Searcher) -> DupKeys<'a> {
        DupKeys {
            searcher,
            columns: HashMap::new(),
        }
    }

    /// The key of the clause at `addr`; `None` when its segment has no
    /// such column (an unreadable one), so that the caller reads the clause.
    fn get(&mut self, addr: DocAddress) -> Option<u64> {
        let searcher = self.searcher;
        self.columns
            .entry(addr.segment_ord)
            .or_insert_with(|| {
                let segments = searcher.segment_readers();
                let segment = segments.get(usize::try_from(addr.segment_ord).ok()?)?;
                segment.fast_fields().u64("dup_key").ok()
            })
            .as_ref()?
            .first(addr.doc_id)
    }
}

/// Hits by score, equal scores in document order.
fn best_first(a: &Hit, b: &Hit) -> std::cmp::Ordering {
    b.score
        .total_cmp(&a.score)
        .then_with(|| a.path.cmp(&b.path))
        .then_with(|| a.line_start.cmp(&b.line_start))
        .then_with(|| a.ord.cmp(&b.ord))
}

/// Milliseconds since `started`, rounded to microseconds (no float noise
/// such as 5.844504000000001 in the JSON).
fn millis(started: Instant) -> f64 {
    (started.elapsed().as_secs_f64() * 1_000_000.0).round() / 1000.0
}
