//! `PrefixQuery`: every term of a field that starts with a given prefix,
//! scored like tantivy's `RegexQuery` (a constant 1.0 per matching clause).
//!
//! `RegexQuery::from_pattern("gericht.*")` compiles a regex into a DFA for
//! every query; for a literal prefix that costs more than the search itself
//! (≈ 0.15 ms per prefix). A prefix needs no DFA: the automaton below only
//! counts how many bytes of the prefix a term has matched so far.

use super::cache::QueryCache;
use std::sync::Arc;
use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocId, DocSet, SegmentReader};
use tantivy_fst::Automaton;

/// Terms of `field` starting with `prefix` (bytes of an analysed term).
#[derive(Clone, Debug)]
pub struct PrefixQuery {
    field: Field,
    prefix: Arc<Prefix>,
    cache: Option<Arc<QueryCache>>,
}

impl PrefixQuery {
    /// A query for the terms of `field` that start with `prefix`.
    pub fn new(field: Field, prefix: &str) -> PrefixQuery {
        PrefixQuery {
            field,
            prefix: Arc::new(Prefix(prefix.as_bytes().into())),
            cache: None,
        }
    }

    /// The same query, keeping the documents it matches in each segment in
    /// `cache` (see [`super::cache`]).
    pub fn with_cache(mut self, cache: Option<Arc<QueryCache>>) -> PrefixQuery {
        self.cache = cache;
        self
    }
}

impl Query for PrefixQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(PrefixWeight {
            field: self.field,
            prefix: Arc::clone(&self.prefix),
            cache: self.cache.clone(),
        }))
    }
}

/// The documents holding a term with the prefix, each scoring the boost
/// (as tantivy's `AutomatonWeight`, whose matching this is).
struct PrefixWeight {
    field: Field,
    prefix: Arc<Prefix>,
    cache: Option<Arc<QueryCache>>,
}

impl PrefixWeight {
    /// The documents of the segment holding a term with the prefix.
    fn docs(&self, reader: &SegmentReader) -> tantivy::Result<BitSet> {
        let segment = reader.segment_id();
        if let Some(docs) = self
            .cache
            .as_ref()
            .and_then(|c| c.prefix(segment, self.field, &self.prefix.0))
        {
            return Ok(BitSet::clone(&docs));
        }
        let mut docs = BitSet::with_max_value(reader.max_doc());
        let index = reader.inverted_index(self.field)?;
        let mut terms = index
            .terms()
            .search(self.prefix.as_ref())
            .without_keys()
            .into_stream()?;
        while terms.advance() {
            let mut postings =
                index.read_block_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
            loop {
                let block = postings.docs();
                if block.is_empty() {
                    break;
                }
                for &doc in block {
                    docs.insert(doc);
                }
                postings.advance();
            }
        }
        if let Some(cache) = &self.cache {
            cache.keep_prefix(segment, self.field, &self.prefix.0, Arc::new(docs.clone()));
        }
        Ok(docs)
    }
}

impl Weight for PrefixWeight {
    fn scorer(&self, reader: &SegmentReader, boost: f32) -> tantivy::Result<Box<dyn Scorer>> {
        let docs = BitSetDocSet::from(self.docs(reader)?);
        Ok(Box::new(ConstScorer::new(docs, boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) == doc {
            Ok(Explanation::new("PrefixScorer", 1.0))
        } else {
            Err(tantivy::TantivyError::InvalidArgument(
                "Document does not exist".to_string(),
            ))
        }
    }
}

/// tantivy's weight for the same prefix, to check [`PrefixWeight`]
/// against.
#[cfg(test)]
fn automaton_weight(field: Field, prefix: &str) -> tantivy::query::AutomatonWeight<Prefix> {
    tantivy::query::AutomatonWeight::new(field, Arc::new(Prefix(prefix.as_bytes().into())))
}

/// The automaton: accepts every byte string that starts with the prefix.
#[derive(Debug)]
struct Prefix(Box<[u8]>);

/// How many bytes of the prefix matched so far; `None` once a byte differed.
type State = Option<usize>;

impl Automaton for Prefix {
    type State = State;

    fn start(&self) -> State {
        Some(0)
    }

    fn is_match(&self, state: &State) -> bool {
        *state == Some(self.0.len())
    }

    fn can_match(&self, state: &State) -> bool {
        state.is_some()
    }

    fn will_always_match(&self, state: &State) -> bool {
        self.is_match(state)
    }

    fn accept(&self, state: &State, byte: u8) -> State {
        let matched = (*state)?;
        match self.0.get(matched) {
            None => Some(matched),
            Some(&b) if b == byte => Some(matched + 1),
            Some(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter, TERMINATED};

    fn all(scorer: &mut dyn Scorer) -> Vec<(DocId, f32)> {
        let mut out = Vec::new();
        while scorer.doc() != TERMINATED {
            out.push((scorer.doc(), scorer.score()));
            scorer.advance();
        }
        out
    }

    /// With or without the cache, first use or later, a prefix matches the
    /// documents tantivy's automaton weight matches, each scoring the
    /// boost, in every segment.
    #[test]
    fn matches_what_the_automaton_weight_matches_with_and_without_cache() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let other = schema.add_text_field("other", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let texts = [
            "gericht gerichtsstand",
            "das gerücht",
            "gerichte und gerichtsbarkeit",
            "nichts",
            "agericht",
            "gerich",
        ];
        for (i, t) in texts.iter().enumerate() {
            writer
                .add_document(doc!(body => *t, other => "gericht"))
                .unwrap();
            if i % 3 == 2 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let cache = Arc::new(QueryCache::new());
        let scoring = EnableScoring::enabled_from_searcher(&searcher);
        for prefix in ["gericht", "ger", "", "zzz"] {
            let plain = PrefixQuery::new(body, prefix).weight(scoring).unwrap();
            let cached = PrefixQuery::new(body, prefix)
                .with_cache(Some(Arc::clone(&cache)))
                .weight(scoring)
                .unwrap();
            let reference = automaton_weight(body, prefix);
            for reader in searcher.segment_readers() {
                let want = all(reference.scorer(reader, 0.7).unwrap().as_mut());
                assert_eq!(all(plain.scorer(reader, 0.7).unwrap().as_mut()), want);
                for _ in 0..2 {
                    assert_eq!(all(cached.scorer(reader, 0.7).unwrap().as_mut()), want);
                }
            }
        }
        // The field is part of the key.
        let other_docs = PrefixQuery::new(other, "gericht")
            .with_cache(Some(Arc::clone(&cache)))
            .weight(scoring)
            .unwrap();
        let reader = &searcher.segment_readers()[0];
        assert_eq!(
            all(other_docs.scorer(reader, 1.0).unwrap().as_mut()).len(),
            reader.max_doc() as usize
        );
    }

    fn accepts(prefix: &str, term: &str) -> bool {
        let a = Prefix(prefix.as_bytes().into());
        let mut state = a.start();
        for &b in term.as_bytes() {
            if !a.can_match(&state) {
                return false;
            }
            state = a.accept(&state, b);
        }
        a.is_match(&state)
    }

    #[test]
    fn matches_exactly_the_terms_with_the_prefix() {
        assert!(accepts("gericht", "gericht"));
        assert!(accepts("gericht", "gerichtsstand"));
        assert!(accepts("", "anything"));
        assert!(accepts("", ""));
        assert!(accepts("gewähr", "gewährleist"));
        assert!(!accepts("gericht", "gerich"));
        assert!(!accepts("gericht", "agericht"));
        assert!(!accepts("gericht", "gerücht"));
        assert!(!accepts("gewähr", "gewahr"));
    }
}
