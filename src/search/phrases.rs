//! `PhraseSetQuery`: several exact phrases over one field, scored as the sum
//! of tantivy `PhraseQuery`s (each boosted) that it replaces.
//!
//! A thesaurus expansion adds up to thirty phrases, and in a legal corpus
//! many of them share their words: `zuständiges Gericht` and `Zuständigkeit
//! der Gerichte` are `zustand gericht` and `zustand der gericht` once
//! analysed. As separate phrase queries each walks the documents holding
//! both `zustand` and `gericht` and decodes their positions again (on the
//! federal laws these two phrases took 0.7 of the 1.6 ms of the query
//! `Gerichtsstand`). Here phrases are grouped by the two rarest terms of
//! each (per segment); a group walks the documents holding that pair once,
//! decodes the pair's positions once per document, and reads the positions
//! of a phrase's other terms only where the pair already lines up.
//!
//! Scores are the same: each phrase is scored by tantivy's own `Bm25Weight`
//! for its terms, multiplied by its boost, with the number of times the
//! phrase occurs as its frequency, exactly as `PhraseScorer` does. Only the
//! order in which the phrase scores of one document are added differs from a
//! `BooleanQuery` of phrase queries, which can change the last bit of a sum.

use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings, TermInfo};
use tantivy::query::{
    Bm25StatisticsProvider, Bm25Weight, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// Phrases (two words or more, slop 0) in one field, each with a boost.
#[derive(Clone, Debug)]
pub struct PhraseSetQuery {
    field: Field,
    phrases: Vec<(Vec<Term>, Score)>,
}

impl PhraseSetQuery {
    /// A query for `phrases` (their analysed words, and their boost) in
    /// `field`. Phrases of fewer than two words are ignored: search a single
    /// word with a term query.
    pub fn new(field: Field, phrases: Vec<(Vec<String>, Score)>) -> PhraseSetQuery {
        let phrases = phrases
            .into_iter()
            .filter(|(words, _)| words.len() >= 2)
            .map(|(words, boost)| {
                let terms = words
                    .iter()
                    .map(|w| Term::from_field_text(field, w))
                    .collect();
                (terms, boost)
            })
            .collect();
        PhraseSetQuery { field, phrases }
    }
}

impl Query for PhraseSetQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let stats = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(Statistics::new(
                statistics_provider,
                self.field,
                &self.phrases,
            )?),
            EnableScoring::Disabled { .. } => None,
        };
        let mut phrases = Vec::with_capacity(self.phrases.len());
        for (terms, boost) in &self.phrases {
            let weight = match &stats {
                Some(stats) => {
                    // A phrase with a word the index lacks matches nothing.
                    if terms.iter().any(|t| stats.doc_freqs.get(t) == Some(&0)) {
                        continue;
                    }
                    Some(Bm25Weight::for_terms(stats, terms)?.boost_by(*boost))
                }
                None => None,
            };
            phrases.push(WeightedPhrase {
                terms: terms.clone(),
                weight,
            });
        }
        Ok(Box::new(PhraseSetWeight {
            field: self.field,
            phrases,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (terms, _) in &self.phrases {
            for term in terms {
                visitor(term, true);
            }
        }
    }
}

/// The statistics BM25 needs, each looked up once for all the phrases
/// (their words repeat; each look-up searches every segment's dictionary).
struct Statistics {
    doc_freqs: FxHashMap<Term, u64>,
    num_tokens: u64,
    num_docs: u64,
}

impl Statistics {
    fn new(
        provider: &dyn Bm25StatisticsProvider,
        field: Field,
        phrases: &[(Vec<Term>, Score)],
    ) -> tantivy::Result<Statistics> {
        let mut doc_freqs = FxHashMap::default();
        for term in phrases.iter().flat_map(|(terms, _)| terms) {
            if !doc_freqs.contains_key(term) {
                doc_freqs.insert(term.clone(), provider.doc_freq(term)?);
            }
        }
        Ok(Statistics {
            doc_freqs,
            num_tokens: provider.total_num_tokens(field)?,
            num_docs: provider.total_num_docs()?,
        })
    }
}

impl Bm25StatisticsProvider for Statistics {
    fn total_num_tokens(&self, _field: Field) -> tantivy::Result<u64> {
        Ok(self.num_tokens)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.num_docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        Ok(self.doc_freqs.get(term).copied().unwrap_or(0))
    }
}

struct WeightedPhrase {
    terms: Vec<Term>,
    /// BM25 of the phrase, boosted; `None` when scoring is off.
    weight: Option<Bm25Weight>,
}

struct PhraseSetWeight {
    field: Field,
    phrases: Vec<WeightedPhrase>,
}

impl PhraseSetWeight {
    fn set_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<SetScorer> {
        let index = reader.inverted_index(self.field)?;
        let fieldnorms = match reader.fieldnorms_readers().get_field(self.field)? {
            Some(f) => f,
            None => FieldNormReader::constant(reader.max_doc(), 1),
        };
        // Each term's entry in this segment's dictionary, looked up once; a
        // phrase with a term missing from the segment matches nothing in it.
        let mut infos: FxHashMap<&Term, Option<TermInfo>> = FxHashMap::default();
        for term in self.phrases.iter().flat_map(|p| &p.terms) {
            if !infos.contains_key(term) {
                infos.insert(term, index.get_term_info(term)?);
            }
        }
        // The pair of a group, and its phrases with their terms' frequencies.
        type Pending<'p> = (&'p Term, &'p Term, Vec<(&'p WeightedPhrase, Vec<u32>)>);
        let mut groups: BTreeMap<(&[u8], &[u8]), Pending> = BTreeMap::new();
        'phrases: for phrase in &self.phrases {
            let mut freqs = Vec::with_capacity(phrase.terms.len());
            for term in &phrase.terms {
                match infos.get(term) {
                    Some(Some(info)) => freqs.push(info.doc_freq),
                    _ => continue 'phrases,
                }
            }
            // The pair that drives the phrase: its two rarest distinct terms.
            let mut order: Vec<usize> = (0..phrase.terms.len()).collect();
            order.sort_by_key(|&i| (freqs[i], i));
            let a = &phrase.terms[order[0]];
            let b = order
                .iter()
                .map(|&i| &phrase.terms[i])
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
                .push((phrase, freqs));
        }
        let mut built = Vec::with_capacity(groups.len());
        for (a, b, phrases) in groups.into_values() {
            built.push(Group::new(&index, &infos, a, b, &phrases, boost)?);
        }
        Ok(SetScorer::new(built, fieldnorms))
    }
}

impl Weight for PhraseSetWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.set_scorer(reader, boost)?))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.set_scorer(reader, 1.0)?;
        if scorer.doc() < doc {
            scorer.seek(doc);
        }
        if scorer.doc() != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "Document #({doc}) does not match"
            )));
        }
        Ok(Explanation::new("sum of phrase scores", scorer.score()))
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

/// One phrase of a group: for each word, its cursor and its offset in the
/// phrase, driving pair first, then the rarer words first.
struct GroupPhrase {
    words: Vec<(usize, u32)>,
    /// The largest offset: positions are shifted by `span - offset` so that
    /// the words of one occurrence meet at the same value.
    span: u32,
    weight: Option<Bm25Weight>,
}

/// Phrases sharing their two rarest terms: their matches lie among the
/// documents holding both, which the group walks once.
struct Group {
    /// Cursors 0 and 1 are the driving pair (the same term when a phrase
    /// repeats one word only: then cursor 1 is never moved).
    cursors: Vec<Cursor>,
    single: bool,
    phrases: Vec<GroupPhrase>,
    doc: DocId,
    /// The matching phrases of `doc`: (phrase, occurrences).
    matched: Vec<(usize, u32)>,
    starts: Vec<u32>,
    scratch: Vec<u32>,
}

impl Group {
    fn new(
        index: &tantivy::InvertedIndexReader,
        infos: &FxHashMap<&Term, Option<TermInfo>>,
        a: &Term,
        b: &Term,
        phrases: &[(&WeightedPhrase, Vec<u32>)],
        boost: Score,
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
        let mut group_phrases = Vec::with_capacity(phrases.len());
        for (phrase, freqs) in phrases {
            let mut order: Vec<usize> = (0..phrase.terms.len()).collect();
            order.sort_by_key(|&i| (freqs[i], i));
            let mut words: Vec<(usize, u32)> = order
                .iter()
                .map(|&i| (slot_of(&phrase.terms[i], &mut slots), i as u32))
                .collect();
            // The pair first, so that the others are read only when it lines up.
            words.sort_by_key(|&(slot, _)| usize::from(slot > 1));
            group_phrases.push(GroupPhrase {
                span: phrase.terms.len() as u32 - 1,
                words,
                weight: phrase.weight.as_ref().map(|w| w.boost_by(boost)),
            });
        }
        let mut cursors = Vec::with_capacity(slots.len());
        for term in &slots {
            let info = infos.get(term).and_then(Option::as_ref).ok_or_else(|| {
                tantivy::TantivyError::InternalError("phrase term not looked up".into())
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
            phrases: group_phrases,
            doc: 0,
            matched: Vec::new(),
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
    /// a phrase of the group occurs; fills `matched`.
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

    /// Which phrases occur in `doc` (holding the pair), and how often.
    fn evaluate(&mut self, doc: DocId) -> bool {
        self.matched.clear();
        let pair = if self.single { 1 } else { 2 };
        for cursor in &mut self.cursors[..pair] {
            cursor.load(doc);
        }
        for (p, phrase) in self.phrases.iter().enumerate() {
            // Every phrase has two words or more, and the pair's come first.
            let [(s0, o0), (s1, o1)] = [phrase.words[0], phrase.words[1]];
            self.starts.clear();
            merge(
                (&self.cursors[s0].positions, phrase.span - o0),
                (&self.cursors[s1].positions, phrase.span - o1),
                &mut self.starts,
            );
            for &(slot, offset) in &phrase.words[2..] {
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
                    (&cursor.positions, phrase.span - offset),
                    &mut self.starts,
                );
            }
            if !self.starts.is_empty() {
                self.matched.push((p, self.starts.len() as u32));
            }
        }
        !self.matched.is_empty()
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

    fn score(&self, fieldnorm_id: u8) -> Score {
        let mut score = 0.0;
        for &(p, count) in &self.matched {
            if let Some(w) = &self.phrases[p].weight {
                score += w.score(fieldnorm_id, count);
            }
        }
        score
    }

    fn size_hint(&self) -> u32 {
        let a = self.cursors[0].postings.size_hint();
        let b = self.cursors.get(1).map_or(a, |c| c.postings.size_hint());
        a.min(b)
    }
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

/// The union of a segment's groups: a document matches when a phrase of any
/// group does; its score is the sum over the groups.
struct SetScorer {
    groups: Vec<Group>,
    fieldnorms: FieldNormReader,
    doc: DocId,
}

impl SetScorer {
    fn new(groups: Vec<Group>, fieldnorms: FieldNormReader) -> SetScorer {
        let doc = groups.iter().map(|g| g.doc).min().unwrap_or(TERMINATED);
        SetScorer {
            groups,
            fieldnorms,
            doc,
        }
    }

    fn settle(&mut self) -> DocId {
        self.doc = self
            .groups
            .iter()
            .map(|g| g.doc)
            .min()
            .unwrap_or(TERMINATED);
        self.doc
    }
}

impl DocSet for SetScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        if doc == TERMINATED {
            return TERMINATED;
        }
        for g in &mut self.groups {
            if g.doc == doc {
                g.advance();
            }
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for g in &mut self.groups {
            g.seek(target);
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.groups.iter().map(Group::size_hint).max().unwrap_or(0)
    }
}

impl Scorer for SetScorer {
    fn score(&mut self) -> Score {
        if self.doc == TERMINATED {
            return 0.0;
        }
        let fieldnorm_id = self.fieldnorms.fieldnorm_id(self.doc);
        let mut score = 0.0;
        for g in &self.groups {
            if g.doc == self.doc {
                score += g.score(fieldnorm_id);
            }
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, TermQuery};
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, DocAddress, Index, IndexWriter};

    const WORDS: &[&str] = &["a", "b", "c", "d", "e"];

    /// An index of `segments`, each a list of documents given as word indexes.
    fn index(segments: &[Vec<Vec<usize>>]) -> (Index, Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for docs in segments {
            for words in docs {
                let text: Vec<&str> = words.iter().map(|&w| WORDS[w % WORDS.len()]).collect();
                writer.add_document(doc!(body => text.join(" "))).unwrap();
            }
            writer.commit().unwrap();
        }
        (index, body)
    }

    /// Every match of `q`, with its score, in document order; and the count.
    fn run(index: &Index, q: &dyn Query) -> (Vec<(DocAddress, f32)>, usize) {
        let searcher = index.reader().unwrap().searcher();
        let (top, count) = searcher
            .search(q, &(TopDocs::with_limit(10_000).order_by_score(), Count))
            .unwrap();
        let mut hits: Vec<(DocAddress, f32)> = top.into_iter().map(|(s, a)| (a, s)).collect();
        hits.sort_by_key(|(a, _)| *a);
        (hits, count)
    }

    /// The phrase set and the boolean query of phrase queries it replaces
    /// find the same documents with the same scores, alone and under a
    /// required term (which drives the set by `seek`).
    fn check(segments: &[Vec<Vec<usize>>], phrases: &[(Vec<usize>, f32)]) {
        let (index, body) = index(segments);
        let words = |p: &[usize]| -> Vec<String> {
            p.iter()
                .map(|&w| {
                    if w < WORDS.len() {
                        WORDS[w].to_owned()
                    } else {
                        "zzz".to_owned()
                    }
                })
                .collect()
        };
        let set = PhraseSetQuery::new(body, phrases.iter().map(|(p, b)| (words(p), *b)).collect());
        let each = BooleanQuery::new(
            phrases
                .iter()
                .filter(|(p, _)| p.len() >= 2)
                .map(|(p, b)| {
                    let terms = words(p)
                        .iter()
                        .map(|w| Term::from_field_text(body, w))
                        .collect();
                    let q: Box<dyn Query> =
                        Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), *b));
                    (Occur::Should, q)
                })
                .collect(),
        );
        let required = |q: Box<dyn Query>| {
            let term = Term::from_field_text(body, "a");
            BooleanQuery::new(vec![
                (
                    Occur::Must,
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                ),
                (Occur::Must, q),
            ])
        };
        for (got, want) in [
            (run(&index, &set), run(&index, &each)),
            (
                run(&index, &required(Box::new(set.clone()))),
                run(&index, &required(Box::new(each.clone()))),
            ),
        ] {
            assert_eq!(got.1, want.1, "count");
            assert_eq!(got.0.len(), want.0.len(), "{got:?} {want:?}");
            for ((ga, gs), (wa, ws)) in got.0.iter().zip(&want.0) {
                assert_eq!(ga, wa);
                assert!((gs - ws).abs() <= 1e-5 * ws.abs().max(1.0), "{gs} vs {ws}");
            }
        }
    }

    #[test]
    fn shared_and_repeated_words() {
        let docs = vec![
            vec![0, 1, 2, 0, 1],
            vec![0, 3, 1, 0, 1, 1],
            vec![2, 2, 2],
            vec![0, 1],
            vec![4],
        ];
        check(
            &[docs.clone(), docs],
            &[
                (vec![0, 1], 0.6),
                (vec![0, 3, 1], 0.6),
                (vec![2, 2], 0.3),
                (vec![1, 0, 1], 1.0),
                (vec![0, 9], 1.0),
                (vec![4], 1.0),
            ],
        );
    }

    proptest::proptest! {
        #[test]
        fn scores_as_the_phrase_queries_it_replaces(
            segments in proptest::collection::vec(
                proptest::collection::vec(proptest::collection::vec(0usize..5, 0..12), 1..20),
                1..3,
            ),
            phrases in proptest::collection::vec(
                (proptest::collection::vec(0usize..6, 1..4), 0.1f32..2.0),
                0..6,
            ),
        ) {
            check(&segments, &phrases);
        }
    }
}
