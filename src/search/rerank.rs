//! Re-ranking the clauses one pass found, without a second pass.
//!
//! Pseudo-relevance feedback (see [`super::feedback`]) adds words to a
//! query, but only to re-order the clauses the query finds. Running the
//! query a second time with the words added as optional terms costs the
//! whole query again (its phrase walks and expansions included). Instead,
//! one pass keeps every clause it finds with its score ([`AllScored`]), and
//! each feedback word's BM25 score is added to the best of them that hold
//! it by walking the word's postings alongside those clauses in each
//! segment ([`add_term_scores`]). The scores are those a `Must(query) +
//! Should(words)` query gives, up to the order in which floats are added.

use crate::error::Result;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::query::Bm25Weight;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Score, SegmentOrdinal, SegmentReader, Term, TERMINATED};

/// Collects every matching clause with its score, in segment and document
/// order.
pub struct AllScored;

/// [`AllScored`]'s per-segment part.
pub struct SegmentScored {
    segment: SegmentOrdinal,
    found: Vec<(Score, DocAddress)>,
}

impl Collector for AllScored {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = SegmentScored;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<SegmentScored> {
        Ok(SegmentScored {
            segment,
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, parts: Vec<Vec<(Score, DocAddress)>>) -> tantivy::Result<Self::Fruit> {
        let mut all: Vec<(Score, DocAddress)> = parts.into_iter().flatten().collect();
        // Segments may be visited in any order; documents within one are
        // collected in order.
        all.sort_by_key(|&(_, a)| a);
        Ok(all)
    }
}

impl SegmentCollector for SegmentScored {
    type Fruit = Vec<(Score, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.found.push((score, DocAddress::new(self.segment, doc)));
    }

    fn harvest(self) -> Self::Fruit {
        self.found
    }
}

/// The clauses of `found` (in [`AllScored`]'s order) that score at least
/// a floor, by segment: each with its index in `found`, in document order.
/// Worked out once for all the words added (see [`add_term_scores`]).
pub struct Candidates(Vec<(SegmentOrdinal, Vec<(usize, DocId)>)>);

impl Candidates {
    /// The clauses of `found` scoring at least `floor`.
    pub fn new(found: &[(Score, DocAddress)], floor: Score) -> Candidates {
        let mut segments: Vec<(SegmentOrdinal, Vec<(usize, DocId)>)> = Vec::new();
        // A score that is not a number is below every floor.
        for (i, &(_, addr)) in found.iter().enumerate().filter(|(_, e)| e.0 >= floor) {
            match segments.last_mut() {
                Some((segment, docs)) if *segment == addr.segment_ord => {
                    docs.push((i, addr.doc_id))
                }
                _ => segments.push((addr.segment_ord, vec![(i, addr.doc_id)])),
            }
        }
        Candidates(segments)
    }
}

/// Adds `boost` times the BM25 score of `term` (over the whole index, as a
/// `TermQuery` with frequencies scores it, to the bit) to `gained[i]` for
/// each candidate clause `i` that holds it. Kept apart from the scores,
/// the words' scores are summed first and then added, as a
/// `Must(query) + Should(words)` query adds them.
///
/// The term's entry in each segment's dictionary is looked up once, for
/// both its document frequency and its postings.
pub fn add_term_scores(
    searcher: &tantivy::Searcher,
    term: &Term,
    boost: Score,
    candidates: &Candidates,
    gained: &mut [Score],
) -> Result<()> {
    let field = term.field();
    let readers = searcher.segment_readers();
    let mut infos = Vec::with_capacity(readers.len());
    let (mut doc_freq, mut tokens, mut docs) = (0u64, 0u64, 0u64);
    for reader in readers {
        let index = reader.inverted_index(field)?;
        let info = index
            .get_term_info(term)
            .map_err(tantivy::TantivyError::from)?;
        doc_freq += info.as_ref().map_or(0, |i| u64::from(i.doc_freq));
        tokens += index.total_num_tokens();
        docs += u64::from(reader.max_doc());
        infos.push((index, info));
    }
    // As `Bm25Weight::for_terms` weighs one term.
    let average = tokens as Score / docs as Score;
    let weight = Bm25Weight::for_one_term(doc_freq, docs, average).boost_by(boost);
    for (segment, clauses) in &candidates.0 {
        let (Some(reader), Some((index, Some(info)))) =
            (readers.get(*segment as usize), infos.get(*segment as usize))
        else {
            continue;
        };
        let norms = match reader.fieldnorms_readers().get_field(field)? {
            Some(norms) => norms,
            None => FieldNormReader::constant(reader.max_doc(), 1),
        };
        // The word's postings and the clauses, both in document order,
        // walked together: the postings skip ahead to each clause.
        let mut postings = index
            .read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)
            .map_err(tantivy::TantivyError::from)?;
        let mut doc = postings.doc();
        for &(i, clause) in clauses {
            if doc < clause {
                doc = postings.seek(clause);
            }
            if doc == TERMINATED {
                break;
            }
            if doc == clause {
                if let Some(g) = gained.get_mut(i) {
                    *g += weight.score(norms.fieldnorm_id(doc), postings.term_freq());
                }
            }
        }
    }
    Ok(())
}

/// The score of the `n`-th best of `found` (the lowest score when there are
/// fewer): every clause at or above it is among the best `n` or tied with
/// the last of them.
pub fn nth_best_score(found: &[(Score, DocAddress)], n: usize) -> Score {
    let mut scores: Vec<Score> = found.iter().map(|e| e.0).collect();
    if scores.is_empty() {
        return Score::NEG_INFINITY;
    }
    let k = n.clamp(1, scores.len()) - 1;
    *scores.select_nth_unstable_by(k, |a, b| b.total_cmp(a)).1
}

/// The best `fetch` of `found`, best first; when the `shown`-th is tied with
/// the last of them, every clause tied with it too (at most `bound` in all),
/// so that sorting hits, not collection order, picks among the tied. Equal
/// scores stay in document order.
pub fn best_of(
    found: &[(Score, DocAddress)],
    fetch: usize,
    shown: usize,
    bound: usize,
) -> Vec<(Score, DocAddress)> {
    let by_score = |a: &(Score, DocAddress), b: &(Score, DocAddress)| {
        b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1))
    };
    let mut all = found.to_vec();
    if fetch == 0 {
        return Vec::new();
    }
    if all.len() > fetch {
        all.select_nth_unstable_by(fetch - 1, by_score);
        let (head, rest) = all.split_at(fetch);
        let mut head = head.to_vec();
        head.sort_by(by_score);
        let tie = head.get(shown.min(fetch).saturating_sub(1)).map(|t| t.0);
        if shown > 0 && tie.is_some() && tie == head.last().map(|t| t.0) {
            let mut tied: Vec<(Score, DocAddress)> =
                rest.iter().copied().filter(|t| Some(t.0) == tie).collect();
            tied.sort_by(by_score);
            tied.truncate(bound.saturating_sub(head.len()));
            head.extend(tied);
        }
        head
    } else {
        all.sort_by(by_score);
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::indexer::NoMergePolicy;
    use tantivy::query::{BooleanQuery, BoostQuery, EnableScoring, Occur, Query, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, Value, STORED, TEXT};
    use tantivy::{doc, Index, TantivyDocument, Term};

    /// Adding a word's scores to the clauses one pass found gives the
    /// scores of the query `Must(query) + Should(word)`, clause by clause,
    /// over several segments.
    #[test]
    fn added_scores_are_those_of_a_query_with_the_word_optional() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT | STORED);
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let texts = [
            "liability is capped at the fees paid",
            "the supplier's liability for gross negligence is unlimited",
            "fees are due within thirty days",
            "aggregate liability shall not exceed the fees paid in twelve months",
            "governing law is the law of Germany",
            "liability liability liability",
        ];
        for (i, t) in texts.iter().enumerate() {
            writer.add_document(doc!(body => *t)).expect("add");
            if i % 2 == 1 {
                writer.commit().expect("commit"); // one segment per two texts
            }
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        assert!(searcher.segment_readers().len() >= 3);
        let query = TermQuery::new(
            Term::from_field_text(body, "liability"),
            IndexRecordOption::WithFreqs,
        );
        let words = [("fees", 0.7), ("paid", 1.3), ("germany", 2.0)];
        let mut found = searcher.search(&query, &AllScored).expect("search");
        assert_eq!(found.len(), 4);
        let mut gained = vec![0.0; found.len()];
        let candidates = Candidates::new(&found, f32::NEG_INFINITY);
        for (w, boost) in words {
            let term = Term::from_field_text(body, w);
            let before = gained.clone();
            add_term_scores(&searcher, &term, boost, &candidates, &mut gained).expect("scores");
            // Each clause gains what a term query scores it, to the bit.
            let word = TermQuery::new(term, IndexRecordOption::WithFreqs);
            let weight = word
                .weight(EnableScoring::enabled_from_searcher(&searcher))
                .expect("weight");
            for (i, &(_, addr)) in found.iter().enumerate() {
                let reader = &searcher.segment_readers()[addr.segment_ord as usize];
                let mut scorer = weight.scorer(reader, boost).expect("scorer");
                let mut want = before[i];
                // A new scorer is on its first document; `seek` only goes
                // forward.
                let at = if scorer.doc() < addr.doc_id {
                    scorer.seek(addr.doc_id)
                } else {
                    scorer.doc()
                };
                if at == addr.doc_id {
                    want += scorer.score();
                }
                assert_eq!(gained[i].to_bits(), want.to_bits(), "{w} {addr:?}");
            }
        }
        // A floor leaves the clauses below it as they are.
        let floor = nth_best_score(&found, 2);
        let mut above = vec![0.0; found.len()];
        let term = Term::from_field_text(body, "fees");
        add_term_scores(
            &searcher,
            &term,
            1.0,
            &Candidates::new(&found, floor),
            &mut above,
        )
        .expect("scores");
        for (i, f) in found.iter().enumerate() {
            if f.0 < floor {
                assert_eq!(above[i], 0.0);
            }
        }
        assert!(above.iter().any(|&g| g > 0.0));
        for (f, g) in found.iter_mut().zip(&gained) {
            f.0 += g;
        }
        let optional: Vec<(Occur, Box<dyn Query>)> = words
            .iter()
            .map(|&(w, boost)| {
                let q: Box<dyn Query> = Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(body, w),
                        IndexRecordOption::WithFreqs,
                    )),
                    boost,
                ));
                (Occur::Should, q)
            })
            .collect();
        let both = BooleanQuery::new(vec![
            (Occur::Must, Box::new(query.clone()) as Box<dyn Query>),
            (Occur::Should, Box::new(BooleanQuery::new(optional))),
        ]);
        let mut expected = searcher
            .search(&both, &TopDocs::with_limit(10).order_by_score())
            .expect("search");
        expected.sort_by_key(|&(_, a)| a);
        assert_eq!(found.len(), expected.len());
        for (got, want) in found.iter().zip(&expected) {
            assert_eq!(got.1, want.1);
            assert!((got.0 - want.0).abs() < 1e-5, "{got:?} {want:?}");
        }
        // The clauses with the words gained; the one without did not.
        let plain = searcher.search(&query, &AllScored).expect("search");
        let mut gained: Vec<String> = Vec::new();
        for (a, b) in found.iter().zip(&plain) {
            if a.0 > b.0 {
                let d: TantivyDocument = searcher.doc(a.1).expect("doc");
                gained.push(
                    d.get_first(body)
                        .and_then(|v| v.as_str())
                        .unwrap_or("")
                        .into(),
                );
            }
        }
        gained.sort();
        assert_eq!(gained, [texts[3], texts[0]]);
    }

    fn at(doc: u32) -> DocAddress {
        DocAddress::new(0, doc)
    }

    #[test]
    fn best_of_takes_the_best_and_everything_tied_with_the_last_shown() {
        let found = [
            (1.0, at(0)),
            (3.0, at(1)),
            (2.0, at(2)),
            (2.0, at(3)),
            (2.0, at(4)),
            (0.5, at(5)),
        ];
        assert_eq!(
            best_of(&found, 2, 2, 100),
            [(3.0, at(1)), (2.0, at(2)), (2.0, at(3)), (2.0, at(4))]
        );
        // The shown one is not tied with the last fetched: no more read.
        assert_eq!(
            best_of(&found, 3, 1, 100),
            [(3.0, at(1)), (2.0, at(2)), (2.0, at(3))]
        );
        // At most `bound` in all.
        assert_eq!(
            best_of(&found, 2, 2, 3),
            [(3.0, at(1)), (2.0, at(2)), (2.0, at(3))]
        );
        assert_eq!(best_of(&found, 10, 10, 100).len(), 6);
        assert!(best_of(&found, 0, 10, 100).is_empty());
        assert!(best_of(&[], 10, 10, 100).is_empty());
    }

    #[test]
    fn nth_best_score_is_the_floor_of_the_best_n() {
        let found = [(1.0, at(0)), (3.0, at(1)), (2.0, at(2)), (2.0, at(3))];
        assert_eq!(nth_best_score(&found, 1), 3.0);
        assert_eq!(nth_best_score(&found, 2), 2.0);
        assert_eq!(nth_best_score(&found, 3), 2.0);
        assert_eq!(nth_best_score(&found, 10), 1.0);
        assert_eq!(nth_best_score(&[], 10), f32::NEG_INFINITY);
    }
}
