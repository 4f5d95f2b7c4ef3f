//! `ConceptQuery`: every term of a thesaurus concept, in every field given,
//! scored as **one** BM25 term.
//!
//! A concept is a set of alternatives (single words, exact phrases, and
//! proximity patterns such as `liability … limited`) in German and English.
//! Scored as separate queries, a rare phrase gets its own sky-high IDF (a
//! phrase query's IDF is the sum of its words' IDFs) and outweighs the words
//! the user typed. Here the concept behaves like a synonym set in
//! cross-language IR (Pirkola's structured queries; Lucene's `SynonymQuery`):
//!
//! - **one document frequency** for the whole concept: the largest of its
//!   alternatives' document frequencies, where a phrase or pattern counts
//!   with the frequency of its rarest word (an upper bound of its own, which
//!   the term dictionary gives without reading positions);
//! - **one term frequency** per document: the occurrences of all
//!   alternatives added up;
//! - BM25 with the usual length normalisation of the field the document's
//!   text is in.
//!
//! So a concept never weighs more than its commonest alternative would on
//! its own, however rare its phrases are.
//!
//! Matching multi-word alternatives is the costly part. Alternatives are
//! grouped by the two rarest terms of each (per segment); a group walks the
//! documents holding that pair once, decodes the pair's positions once per
//! document, and reads the positions of an alternative's other words only
//! where the pair already lines up (on the federal laws, the phrases
//! `zuständiges Gericht` and `Zuständigkeit der Gerichte` share their walk).

use super::cache::{ConceptDocs, ConceptKey, QueryCache};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::sync::Arc;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings, TermInfo};
use tantivy::query::{Bm25Weight, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// The most words a proximity pattern may skip between two of its parts.
pub const MAX_GAP: u32 = 16;

/// One alternative of a concept: words in order, each with the most words
/// that may stand between it and the word before (0: adjacent).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Pattern {
    terms: Vec<Term>,
    /// `gaps[i]` is the most words allowed between word `i - 1` and word
    /// `i`; `gaps[0]` is 0.
    gaps: Vec<u32>,
}

impl Pattern {
    /// A pattern of analysed `words` in `field`; `gaps[i]` is the most words
    /// allowed before word `i` (missing entries are 0, larger ones are
    /// capped at [`MAX_GAP`]). `None` for no words.
    pub fn new(field: Field, words: &[String], gaps: &[u32]) -> Option<Pattern> {
        if words.is_empty() {
            return None;
        }
        let terms = words
            .iter()
            .map(|w| Term::from_field_text(field, w))
            .collect();
        let mut g: Vec<u32> = (0..words.len())
            .map(|i| gaps.get(i).copied().unwrap_or(0).min(MAX_GAP))
            .collect();
        g[0] = 0;
        Some(Pattern { terms, gaps: g })
    }

    fn exact(&self) -> bool {
        self.gaps.iter().all(|&g| g == 0)
    }

    /// Roughly the bytes the pattern takes.
    pub fn bytes(&self) -> usize {
        std::mem::size_of::<Pattern>()
            + self
                .terms
                .iter()
                .map(|t| t.serialized_value_bytes().len() + 32)
                .sum::<usize>()
            + 4 * self.gaps.len()
    }
}

/// Alternatives in several fields, scored together as one term.
#[derive(Clone, Debug)]
pub struct ConceptQuery {
    fields: Vec<(Field, Vec<Pattern>)>,
    cache: Option<Arc<QueryCache>>,
}

impl ConceptQuery {
    /// A query for `patterns`, each in its own field.
    pub fn new(patterns: impl IntoIterator<Item = Pattern>) -> ConceptQuery {
        let mut fields: Vec<(Field, Vec<Pattern>)> = Vec::new();
        for p in patterns {
            let field = p.terms[0].field();
            match fields.iter_mut().find(|(f, _)| *f == field) {
                Some((_, ps)) => {
                    if !ps.contains(&p) {
                        ps.push(p)
                    }
                }
                None => fields.push((field, vec![p])),
            }
        }
        ConceptQuery {
            fields,
            cache: None,
        }
    }

    /// The same query, keeping the documents it matches in each segment
    /// (with their occurrences) in `cache` from its second use on (see
    /// [`super::cache`]).
    pub fn with_cache(mut self, cache: Option<Arc<QueryCache>>) -> ConceptQuery {
        self.cache = cache;
        self
    }

    /// True when the query has no alternative at all.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

impl Query for ConceptQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let provider = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(statistics_provider),
            EnableScoring::Disabled { .. } => None,
        };
        let mut fields = Vec::with_capacity(self.fields.len());
        let mut concept_df = 0u64;
        let mut doc_freqs: FxHashMap<&Term, u64> = FxHashMap::default();
        for (field, patterns) in &self.fields {
            let mut kept = Vec::with_capacity(patterns.len());
            for p in patterns {
                if let Some(provider) = provider {
                    let mut rarest = u64::MAX;
                    for t in &p.terms {
                        let df = match doc_freqs.get(t) {
                            Some(&df) => df,
                            None => {
                                let df = provider.doc_freq(t)?;
                                doc_freqs.insert(t, df);
                                df
                            }
                        };
                        rarest = rarest.min(df);
                    }
                    // A pattern with a word the index lacks matches nothing.
                    if rarest == 0 {
                        continue;
                    }
                    concept_df = concept_df.max(rarest);
                }
                kept.push(p.clone());
            }
            if !kept.is_empty() {
                fields.push((*field, kept));
            }
        }
        let mut weighted = Vec::with_capacity(fields.len());
        for (field, patterns) in fields {
            let weight = match provider {
                Some(provider) => {
                    let docs = provider.total_num_docs()?.max(1);
                    let tokens = provider.total_num_tokens(field)?;
                    let df = concept_df.min(docs);
                    // A field without lengths (a keyword field) has none to
                    // normalise by.
                    let average = if tokens == 0 {
                        1.0
                    } else {
                        tokens as Score / docs as Score
                    };
                    Some(Bm25Weight::for_one_term(df, docs, average))
                }
                None => None,
            };
            weighted.push(FieldWeight {
                key: Arc::new((field, patterns)),
                weight,
            });
        }
        Ok(Box::new(ConceptWeight {
            fields: weighted,
            cache: self.cache.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (_, patterns) in &self.fields {
            for p in patterns {
                for term in &p.terms {
                    visitor(term, true);
                }
            }
        }
    }
}

struct FieldWeight {
    /// The field and the patterns in it (the key of its matches in the
    /// cache).
    key: ConceptKey,
    /// The concept's BM25 weight in this field; `None` when scoring is off.
    weight: Option<Bm25Weight>,
}

struct ConceptWeight {
    fields: Vec<FieldWeight>,
    cache: Option<Arc<QueryCache>>,
}

impl ConceptWeight {
    fn concept_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<ConceptScorer> {
        let mut units = Vec::with_capacity(self.fields.len());
        for fw in &self.fields {
            units.push(FieldScorer::new(reader, fw, boost, self.cache.as_deref())?);
        }
        Ok(ConceptScorer::new(units))
    }
}

impl Weight for ConceptWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.concept_scorer(reader, boost)?))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.concept_scorer(reader, 1.0)?;
        if scorer.doc() < doc {
            scorer.seek(doc);
        }
        if scorer.doc() != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "Document #({doc}) does not match"
            )));
        }
        Ok(Explanation::new(
            "concept: its terms scored as one",
            scorer.score(),
        ))
    }
}

/// A cursor over one term's postings with the positions of its current
/// document, decoded at most once per document.
struct Cursor {
    postings: SegmentPostings,
    positions: Vec<u32>,
    positions_of: DocId,
}

impl Cursor {
    /// Whether the term occurs in `doc`; if so, `positions` are its
    /// positions there. Only ever called with growing `doc`.
    fn load(&mut self, doc: DocId) -> bool {
        if self.postings.doc() < doc {
            self.postings.seek(doc);
        }
        if self.postings.doc() != doc {
            return false;
        }
        if self.positions_of != doc {
            self.postings.positions(&mut self.positions);
            self.positions_of = doc;
        }
        true
    }
}

/// One pattern of a group: for each word, its cursor and its index in the
/// pattern, driving pair first, then the rarer words first.
struct GroupPattern {
    words: Vec<(usize, u32)>,
    /// The largest index: positions are shifted by `span - index` so that
    /// the words of one exact occurrence meet at the same value.
    span: u32,
    /// The gaps of a proximity pattern, by word index; `None` when exact.
    gaps: Option<Vec<u32>>,
}

/// Patterns sharing their two rarest terms: their matches lie among the
/// documents holding both, which the group walks once.
struct Group {
    /// Cursors 0 and 1 are the driving pair (the same term when a pattern
    /// repeats one word only: then cursor 1 is never moved).
    cursors: Vec<Cursor>,
    single: bool,
    patterns: Vec<GroupPattern>,
    doc: DocId,
    /// Occurrences of the group's patterns in `doc`, added up.
    count: u32,
    starts: Vec<u32>,
    scratch: Vec<u32>,
}

impl Group {
    fn new(
        index: &tantivy::InvertedIndexReader,
        infos: &FxHashMap<&Term, Option<TermInfo>>,
        a: &Term,
        b: &Term,
        patterns: &[(&Pattern, Vec<u32>)],
    ) -> tantivy::Result<Group> {
        let mut slots: Vec<Term> = Vec::new();
        let slot_of = |term: &Term, slots: &mut Vec<Term>| -> usize {
            match slots.iter().position(|t| t == term) {
                Some(i) => i,
                None => {
                    slots.push(term.clone());
                    slots.len() - 1
                }
            }
        };
        slot_of(a, &mut slots);
        slot_of(b, &mut slots);
        let single = slots.len() == 1;
        let mut group_patterns = Vec::with_capacity(patterns.len());
        for (pattern, freqs) in patterns {
            let mut order: Vec<usize> = (0..pattern.terms.len()).collect();
            order.sort_by_key(|&i| (freqs[i], i));
            let mut words: Vec<(usize, u32)> = order
                .iter()
                .map(|&i| (slot_of(&pattern.terms[i], &mut slots), i as u32))
                .collect();
            // The pair first, so that the others are read only when it lines up.
            words.sort_by_key(|&(slot, _)| usize::from(slot > 1));
            group_patterns.push(GroupPattern {
                span: pattern.terms.len() as u32 - 1,
                words,
                gaps: (!pattern.exact()).then(|| pattern.gaps.clone()),
            });
        }
        let mut cursors = Vec::with_capacity(slots.len());
        for term in &slots {
            let info = infos.get(term).and_then(Option::as_ref).ok_or_else(|| {
                tantivy::TantivyError::InternalError("pattern term not looked up".into())
            })?;
            let postings = index
                .read_postings_from_terminfo(info, IndexRecordOption::WithFreqsAndPositions)?;
            cursors.push(Cursor {
                postings,
                positions: Vec::new(),
                positions_of: TERMINATED,
            });
        }
        let mut group = Group {
            cursors,
            single,
            patterns: group_patterns,
            doc: 0,
            count: 0,
            starts: Vec::new(),
            scratch: Vec::new(),
        };
        let first = group.cursors[0].postings.doc();
        group.doc = group.next_match(first);
        Ok(group)
    }

    /// The first document from `candidate` (where cursor 0 stands) on that
    /// holds both terms of the pair.
    fn align(&mut self, mut candidate: DocId) -> DocId {
        if self.single {
            return candidate;
        }
        loop {
            if candidate == TERMINATED {
                return TERMINATED;
            }
            let b = &mut self.cursors[1].postings;
            let db = if b.doc() < candidate {
                b.seek(candidate)
            } else {
                b.doc()
            };
            if db == candidate {
                return candidate;
            }
            candidate = self.cursors[0].postings.seek(db);
        }
    }

    /// The first document from `candidate` (where cursor 0 stands) on where
    /// a pattern of the group occurs; sets `count`.
    fn next_match(&mut self, candidate: DocId) -> DocId {
        let mut doc = self.align(candidate);
        while doc != TERMINATED {
            if self.evaluate(doc) {
                return doc;
            }
            let next = self.cursors[0].postings.advance();
            doc = self.align(next);
        }
        TERMINATED
    }

    /// How often the group's patterns occur in `doc` (holding the pair).
    fn evaluate(&mut self, doc: DocId) -> bool {
        self.count = 0;
        let pair = if self.single { 1 } else { 2 };
        for cursor in &mut self.cursors[..pair] {
            cursor.load(doc);
        }
        for pattern in &self.patterns {
            if let Some(gaps) = &pattern.gaps {
                self.count += proximity_count(&mut self.cursors, pattern, gaps, doc);
                continue;
            }
            // Every pattern has two words or more, and the pair's come first.
            let [(s0, o0), (s1, o1)] = [pattern.words[0], pattern.words[1]];
            self.starts.clear();
            merge(
                (&self.cursors[s0].positions, pattern.span - o0),
                (&self.cursors[s1].positions, pattern.span - o1),
                &mut self.starts,
            );
            for &(slot, offset) in &pattern.words[2..] {
                if self.starts.is_empty() {
                    break;
                }
                let cursor = &mut self.cursors[slot];
                if !cursor.load(doc) {
                    self.starts.clear();
                    break;
                }
                std::mem::swap(&mut self.starts, &mut self.scratch);
                self.starts.clear();
                merge(
                    (&self.scratch, 0),
                    (&cursor.positions, pattern.span - offset),
                    &mut self.starts,
                );
            }
            self.count += self.starts.len() as u32;
        }
        self.count > 0
    }

    fn advance(&mut self) -> DocId {
        if self.doc != TERMINATED {
            let next = self.cursors[0].postings.advance();
            self.doc = self.next_match(next);
        }
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc < target {
            let next = self.cursors[0].postings.seek(target);
            self.doc = self.next_match(next);
        }
        self.doc
    }

    fn size_hint(&self) -> u32 {
        let a = self.cursors[0].postings.size_hint();
        let b = self.cursors.get(1).map_or(a, |c| c.postings.size_hint());
        a.min(b)
    }
}

/// How often a proximity pattern occurs in `doc`: the number of positions
/// of its last word reached by a chain of its words in order, each at most
/// its gap after the one before.
fn proximity_count(
    cursors: &mut [Cursor],
    pattern: &GroupPattern,
    gaps: &[u32],
    doc: DocId,
) -> u32 {
    // The cursor of each word, in pattern order.
    let mut slots = vec![0usize; pattern.words.len()];
    for &(slot, index) in &pattern.words {
        if let Some(s) = slots.get_mut(index as usize) {
            *s = slot;
        }
    }
    let mut reached: Vec<u32> = Vec::new();
    for (i, &slot) in slots.iter().enumerate() {
        let Some(cursor) = cursors.get_mut(slot) else {
            return 0;
        };
        if !cursor.load(doc) {
            return 0;
        }
        if i == 0 {
            reached.clone_from(&cursor.positions);
            continue;
        }
        let gap = gaps.get(i).copied().unwrap_or(0);
        let mut next = Vec::new();
        let mut j = 0;
        for &q in &cursor.positions {
            // The last reached position before q.
            while j < reached.len() && reached[j] < q {
                j += 1;
            }
            if j > 0 && q <= reached[j - 1] + 1 + gap {
                next.push(q);
            }
        }
        reached = next;
        if reached.is_empty() {
            return 0;
        }
    }
    reached.len() as u32
}

/// Appends (`a` + `a_shift`) ∩ (`b` + `b_shift`) to `out`; `a` and `b`
/// are sorted.
fn merge((a, a_shift): (&[u32], u32), (b, b_shift): (&[u32], u32), out: &mut Vec<u32>) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i] + a_shift, b[j] + b_shift);
        match x.cmp(&y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(x);
                i += 1;
                j += 1;
            }
        }
    }
}

/// One field of a concept in one segment: its single words and its groups
/// walked, or its matches as kept in the cache.
struct FieldScorer {
    source: Source,
    fieldnorms: FieldNormReader,
    weight: Option<Bm25Weight>,
    doc: DocId,
}

enum Source {
    Walked(Walk),
    Kept { docs: Arc<ConceptDocs>, at: usize },
}

/// A concept's single words and groups in one field of one segment.
struct Walk {
    words: Vec<SegmentPostings>,
    groups: Vec<Group>,
}

impl FieldScorer {
    fn new(
        reader: &SegmentReader,
        fw: &FieldWeight,
        boost: Score,
        cache: Option<&QueryCache>,
    ) -> tantivy::Result<FieldScorer> {
        let field = fw.key.0;
        let fieldnorms = match reader.fieldnorms_readers().get_field(field)? {
            Some(f) => f,
            None => FieldNormReader::constant(reader.max_doc(), 1),
        };
        let weight = fw.weight.as_ref().map(|w| w.boost_by(boost));
        let segment = reader.segment_id();
        let keep = match cache.map(|c| c.concept(segment, &fw.key)) {
            Some(Ok(docs)) => {
                let mut scorer = FieldScorer {
                    source: Source::Kept { docs, at: 0 },
                    fieldnorms,
                    weight,
                    doc: TERMINATED,
                };
                scorer.settle();
                return Ok(scorer);
            }
            Some(Err(second)) => second,
            None => false,
        };
        let mut scorer = FieldScorer {
            source: Source::Walked(Walk::new(reader, fw)?),
            fieldnorms,
            weight,
            doc: TERMINATED,
        };
        scorer.settle();
        if let (true, Some(cache)) = (keep, cache) {
            // The whole walk, once: later queries replay it.
            let size_hint = scorer.size_hint();
            let mut docs = Vec::new();
            while scorer.doc != TERMINATED {
                docs.push((scorer.doc, scorer.term_freq()));
                scorer.advance();
            }
            let docs = Arc::new(ConceptDocs { docs, size_hint });
            cache.keep_concept(segment, &fw.key, Arc::clone(&docs));
            scorer.source = Source::Kept { docs, at: 0 };
            scorer.settle();
        }
        Ok(scorer)
    }

    fn settle(&mut self) -> DocId {
        self.doc = match &self.source {
            Source::Walked(walk) => walk.doc(),
            Source::Kept { docs, at } => docs.docs.get(*at).map_or(TERMINATED, |d| d.0),
        };
        self.doc
    }

    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        if doc == TERMINATED {
            return TERMINATED;
        }
        match &mut self.source {
            Source::Walked(walk) => walk.advance(doc),
            Source::Kept { at, .. } => *at += 1,
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        match &mut self.source {
            Source::Walked(walk) => walk.seek(target),
            Source::Kept { docs, at } => {
                let rest = docs.docs.get(*at..).unwrap_or_default();
                *at += rest.partition_point(|d| d.0 < target);
            }
        }
        self.settle()
    }

    /// The concept's occurrences in the current document.
    fn term_freq(&self) -> u32 {
        match &self.source {
            Source::Walked(walk) => walk.term_freq(self.doc),
            Source::Kept { docs, at } => docs.docs.get(*at).map_or(0, |d| d.1),
        }
    }

    fn score(&self) -> Score {
        match &self.weight {
            Some(w) => w.score(self.fieldnorms.fieldnorm_id(self.doc), self.term_freq()),
            None => 1.0,
        }
    }

    fn size_hint(&self) -> u32 {
        match &self.source {
            Source::Walked(walk) => walk.size_hint(),
            Source::Kept { docs, .. } => docs.size_hint,
        }
    }
}

impl Walk {
    fn new(reader: &SegmentReader, fw: &FieldWeight) -> tantivy::Result<Walk> {
        let index = reader.inverted_index(fw.key.0)?;
        // Each term's entry in this segment's dictionary, looked up once; a
        // pattern with a term missing from the segment matches nothing in it.
        let mut infos: FxHashMap<&Term, Option<TermInfo>> = FxHashMap::default();
        for term in fw.key.1.iter().flat_map(|p| &p.terms) {
            if !infos.contains_key(term) {
                infos.insert(term, index.get_term_info(term)?);
            }
        }
        let mut words = Vec::new();
        // The pair of a group, and its patterns with their terms' frequencies.
        type Pending<'p> = (&'p Term, &'p Term, Vec<(&'p Pattern, Vec<u32>)>);
        let mut groups: BTreeMap<(&[u8], &[u8]), Pending> = BTreeMap::new();
        'patterns: for pattern in &fw.key.1 {
            let mut freqs = Vec::with_capacity(pattern.terms.len());
            for term in &pattern.terms {
                match infos.get(term) {
                    Some(Some(info)) => freqs.push(info.doc_freq),
                    _ => continue 'patterns,
                }
            }
            if let [term] = pattern.terms.as_slice() {
                if let Some(Some(info)) = infos.get(term) {
                    words.push(
                        index.read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)?,
                    );
                }
                continue;
            }
            // The pair that drives the pattern: its two rarest distinct terms.
            let mut order: Vec<usize> = (0..pattern.terms.len()).collect();
            order.sort_by_key(|&i| (freqs[i], i));
            let a = &pattern.terms[order[0]];
            let b = order
                .iter()
                .map(|&i| &pattern.terms[i])
                .find(|t| *t != a)
                .unwrap_or(a);
            let (a, b) = if a.serialized_value_bytes() <= b.serialized_value_bytes() {
                (a, b)
            } else {
                (b, a)
            };
            groups
                .entry((a.serialized_value_bytes(), b.serialized_value_bytes()))
                .or_insert_with(|| (a, b, Vec::new()))
                .2
                .push((pattern, freqs));
        }
        let mut built = Vec::with_capacity(groups.len());
        for (a, b, patterns) in groups.into_values() {
            built.push(Group::new(&index, &infos, a, b, &patterns)?);
        }
        Ok(Walk {
            words,
            groups: built,
        })
    }

    /// The first document either a word or a group stands on.
    fn doc(&self) -> DocId {
        let w = self
            .words
            .iter()
            .map(|p| p.doc())
            .min()
            .unwrap_or(TERMINATED);
        let g = self
            .groups
            .iter()
            .map(|g| g.doc)
            .min()
            .unwrap_or(TERMINATED);
        w.min(g)
    }

    /// Moves past `doc`, the current document.
    fn advance(&mut self, doc: DocId) {
        for p in &mut self.words {
            if p.doc() == doc {
                p.advance();
            }
        }
        for g in &mut self.groups {
            if g.doc == doc {
                g.advance();
            }
        }
    }

    fn seek(&mut self, target: DocId) {
        for p in &mut self.words {
            if p.doc() < target {
                p.seek(target);
            }
        }
        for g in &mut self.groups {
            g.seek(target);
        }
    }

    /// The occurrences in `doc`, the current document.
    fn term_freq(&self, doc: DocId) -> u32 {
        let words: u32 = self
            .words
            .iter()
            .filter(|p| p.doc() == doc)
            .map(|p| p.term_freq())
            .sum();
        let groups: u32 = self
            .groups
            .iter()
            .filter(|g| g.doc == doc)
            .map(|g| g.count)
            .sum();
        words + groups
    }

    fn size_hint(&self) -> u32 {
        let w = self.words.iter().map(|p| p.size_hint()).max().unwrap_or(0);
        let g = self.groups.iter().map(Group::size_hint).max().unwrap_or(0);
        w.max(g)
    }
}

/// The union of a concept's fields in one segment: a document matches when
/// any alternative occurs in any field; its score is the sum over fields
/// (a clause's text is in one language's field, so one field scores).
struct ConceptScorer {
    fields: Vec<FieldScorer>,
    doc: DocId,
}

impl ConceptScorer {
    fn new(fields: Vec<FieldScorer>) -> ConceptScorer {
        let doc = fields.iter().map(|f| f.doc).min().unwrap_or(TERMINATED);
        ConceptScorer { fields, doc }
    }

    fn settle(&mut self) -> DocId {
        self.doc = self
            .fields
            .iter()
            .map(|f| f.doc)
            .min()
            .unwrap_or(TERMINATED);
        self.doc
    }
}

impl DocSet for ConceptScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        if doc == TERMINATED {
            return TERMINATED;
        }
        for f in &mut self.fields {
            if f.doc == doc {
                f.advance();
            }
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for f in &mut self.fields {
            f.seek(target);
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.fields
            .iter()
            .map(FieldScorer::size_hint)
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for ConceptScorer {
    fn score(&mut self) -> Score {
        if self.doc == TERMINATED {
            return 0.0;
        }
        let doc = self.doc;
        self.fields
            .iter()
            .filter(|f| f.doc == doc)
            .map(FieldScorer::score)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{Schema, Value, STORED, TEXT};
    use tantivy::{doc, Index, IndexWriter, TantivyDocument};

    const WORDS: &[&str] = &["a", "b", "c", "d", "e"];

    /// An index of `segments`, each a list of documents given as word
    /// indexes; a document goes to field `x` or, when its first word is
    /// `e`, to field `y` (as a clause goes to its language's field). Each
    /// document stores its number in the order given, since the searcher
    /// need not keep the segments in the order they were written.
    fn index(segments: &[Vec<Vec<usize>>]) -> (Index, Field, Field, Field) {
        let mut schema = Schema::builder();
        let x = schema.add_text_field("x", TEXT);
        let y = schema.add_text_field("y", TEXT);
        let n = schema.add_u64_field("n", STORED);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut number = 0u64;
        for docs in segments {
            for words in docs {
                let text: Vec<&str> = words.iter().map(|&w| WORDS[w % WORDS.len()]).collect();
                let field = if words.first() == Some(&4) { y } else { x };
                writer
                    .add_document(doc!(field => text.join(" "), n => number))
                    .unwrap();
                number += 1;
            }
            writer.commit().unwrap();
        }
        (index, x, y, n)
    }

    /// Every match of `q` as (document number, score), by number; and the count.
    fn run(index: &Index, n: Field, q: &dyn Query) -> (Vec<(u64, f32)>, usize) {
        let searcher = index.reader().unwrap().searcher();
        let (top, count) = searcher
            .search(q, &(TopDocs::with_limit(10_000).order_by_score(), Count))
            .unwrap();
        let mut hits: Vec<(u64, f32)> = top
            .into_iter()
            .map(|(s, a)| {
                let d: TantivyDocument = searcher.doc(a).unwrap();
                (d.get_first(n).and_then(|v| v.as_u64()).unwrap(), s)
            })
            .collect();
        hits.sort_by_key(|(a, _)| *a);
        (hits, count)
    }

    fn word(w: usize) -> String {
        WORDS.get(w).map_or("zzz".to_owned(), |s| (*s).to_owned())
    }

    /// Occurrences of `pattern` (words, gaps) in `doc`, counted by brute
    /// force: the positions of the last word that a chain reaches.
    fn occurrences(doc: &[usize], pattern: &[(usize, u32)]) -> u32 {
        let w = |i: usize| doc.get(i).map(|&x| x % WORDS.len());
        let mut reached: Vec<usize> = (0..doc.len())
            .filter(|&i| w(i) == Some(pattern[0].0))
            .collect();
        for &(word, gap) in &pattern[1..] {
            reached = (0..doc.len())
                .filter(|&q| w(q) == Some(word))
                .filter(|&q| reached.iter().any(|&p| p < q && q <= p + 1 + gap as usize))
                .collect();
        }
        reached.len() as u32
    }

    /// The concept query finds exactly the documents holding an
    /// alternative, and scores each as one term: the concept's document
    /// frequency is the largest of its alternatives' (a pattern counting
    /// with its rarest word), its frequency the sum of the occurrences.
    fn check(segments: &[Vec<Vec<usize>>], patterns: &[Vec<(usize, u32)>]) {
        let (index, x, y, n_field) = index(segments);
        let all: Vec<&Vec<usize>> = segments.iter().flatten().collect();
        let mut alternatives = Vec::new();
        for field in [x, y] {
            for p in patterns {
                let words: Vec<String> = p.iter().map(|&(w, _)| word(w)).collect();
                let gaps: Vec<u32> = p.iter().map(|&(_, g)| g).collect();
                alternatives.extend(Pattern::new(field, &words, &gaps));
            }
        }
        let query = ConceptQuery::new(alternatives);
        let (hits, count) = run(&index, n_field, &query);
        // Expected: per document, the occurrences in its field.
        let in_y = |d: &[usize]| d.first() == Some(&4);
        let df = |field_y: bool, w: usize| {
            all.iter()
                .filter(|d| {
                    in_y(d) == field_y && d.iter().any(|&x| x % WORDS.len() == w) && w < WORDS.len()
                })
                .count() as u64
        };
        let mut concept_df = 0;
        for field_y in [false, true] {
            for p in patterns {
                let rarest = p.iter().map(|&(w, _)| df(field_y, w)).min().unwrap_or(0);
                concept_df = concept_df.max(rarest);
            }
        }
        let mut expected = Vec::new();
        let n = all.len() as u64;
        for (number, d) in all.iter().enumerate() {
            let tf: u32 = patterns.iter().map(|p| occurrences(d, p)).sum();
            if tf == 0 {
                continue;
            }
            let tokens: u64 = all
                .iter()
                .filter(|d2| in_y(d2) == in_y(d))
                .map(|d2| d2.len() as u64)
                .sum();
            let w = Bm25Weight::for_one_term(concept_df, n, tokens as f32 / n as f32);
            let norm = FieldNormReader::fieldnorm_to_id(d.len() as u32);
            expected.push((number as u64, w.score(norm, tf)));
        }
        assert_eq!(count, expected.len(), "count: {hits:?} vs {expected:?}");
        assert_eq!(hits.len(), expected.len());
        for ((ga, gs), (wa, ws)) in hits.iter().zip(&expected) {
            assert_eq!(ga, wa);
            assert!((gs - ws).abs() <= 1e-4 * ws.abs().max(1.0), "{gs} vs {ws}");
        }
        // Under a required term (which drives the concept by `seek`), the
        // same documents that hold the term.
        // `q` under the required term `a`.
        let under_a = |q: Box<dyn Query>| {
            BooleanQuery::new(vec![
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(x, "a"),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>,
                ),
                (Occur::Must, q),
            ])
        };
        let required = under_a(Box::new(query.clone()));
        let (req_hits, _) = run(&index, n_field, &required);
        let want: Vec<u64> = expected
            .iter()
            .map(|&(number, _)| number)
            .filter(|&number| {
                let d = all[number as usize];
                !in_y(d) && d.iter().any(|&w| w % WORDS.len() == 0)
            })
            .collect();
        let got: Vec<u64> = req_hits.iter().map(|(a, _)| *a).collect();
        assert_eq!(got, want);
        // Kept in a cache (from the second use on), the same hits with the
        // same scores to the bit, alone and under the required term, in
        // either order.
        let uncached = run(&index, n_field, &query);
        for first_required in [false, true] {
            let cache = Arc::new(QueryCache::new());
            let cached = query.clone().with_cache(Some(Arc::clone(&cache)));
            let required_cached = under_a(Box::new(cached.clone()));
            for _ in 0..3 {
                if first_required {
                    assert_eq!(
                        run(&index, n_field, &required_cached),
                        (req_hits.clone(), req_hits.len())
                    );
                }
                assert_eq!(run(&index, n_field, &cached), uncached);
                assert_eq!(run(&index, n_field, &required_cached).0, req_hits);
            }
        }
    }

    #[test]
    fn words_phrases_and_patterns_score_as_one_term() {
        let docs = vec![
            vec![0, 1, 2, 0, 1],
            vec![0, 3, 1, 0, 1, 1],
            vec![2, 2, 2],
            vec![0, 1],
            vec![4, 0, 2, 1],
            vec![3],
        ];
        check(
            &[docs.clone(), docs],
            &[
                vec![(0, 0), (1, 0)],
                vec![(0, 0), (1, 2)],
                vec![(2, 0), (2, 0)],
                vec![(3, 0)],
                vec![(0, 0), (9, 0)],
            ],
        );
    }

    #[test]
    fn a_rare_phrase_gets_no_idf_of_its_own() {
        // `c d` occurs once, `a` everywhere: the concept scores the `c d`
        // document no higher than an `a` document of the same length.
        let docs = vec![vec![0, 1], vec![0, 1], vec![2, 3], vec![0, 1]];
        let (index, x, _, n) = index(&[docs]);
        let q = ConceptQuery::new(
            [
                Pattern::new(x, &["a".into()], &[]),
                Pattern::new(x, &["c".into(), "d".into()], &[]),
            ]
            .into_iter()
            .flatten(),
        );
        let (hits, _) = run(&index, n, &q);
        assert_eq!(hits.len(), 4);
        assert!((hits[2].1 - hits[0].1).abs() < 1e-6, "{hits:?}");
    }

    proptest::proptest! {
        #[test]
        fn scores_as_one_term(
            segments in proptest::collection::vec(
                proptest::collection::vec(proptest::collection::vec(0usize..5, 1..12), 1..20),
                1..3,
            ),
            patterns in proptest::collection::vec(
                proptest::collection::vec((0usize..6, 0u32..3), 1..4),
                1..6,
            ),
        ) {
            let patterns: Vec<Vec<(usize, u32)>> = patterns
                .into_iter()
                .map(|mut p| { p[0].1 = 0; p })
                .collect();
            // The query keeps one of each pattern.
            let mut unique: Vec<Vec<(usize, u32)>> = Vec::new();
            for p in patterns {
                if !unique.contains(&p) {
                    unique.push(p);
                }
            }
            let patterns = unique;
            check(&segments, &patterns);
        }
    }
}
