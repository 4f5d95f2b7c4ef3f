//! What one open index keeps between queries: the clauses that a prefix
//! or a thesaurus concept matches, per segment.
//!
//! A segment never changes, so what a prefix (`gericht*`, every term that
//! starts with it) or a concept's alternatives match in it is the same for
//! every query. Both cost far more to find than to replay: a prefix reads
//! the postings of every term it covers, a concept walks the positions of
//! its phrases. In batch and serve mode the same concepts and compound
//! parts come up again and again (every query for "Gerichtsstand" expands
//! to the concept `jurisdiction` and searches `gericht*` and `stand*`).
//!
//! Only which documents match is kept (and, for a concept, how often its
//! alternatives occur in each), never a score: scores are computed from
//! these per query, exactly as without the cache. A concept's matches are
//! kept from its second use on (its first use walks only as far as the
//! query needs, which in an intersection is less than all). The cache
//! holds at most [`BUDGET_BYTES`]; when full it is emptied.

use super::concept::Pattern;
use rustc_hash::FxHashMap;
use std::sync::{Arc, Mutex};
use tantivy::index::SegmentId;
use tantivy::schema::Field;
use tantivy::{BitSet, DocId};

/// The most bytes of matches kept.
pub const BUDGET_BYTES: usize = 64 * 1024 * 1024;

/// A concept's alternatives in one field: what its matches depend on.
pub type ConceptKey = Arc<(Field, Vec<Pattern>)>;

/// A concept's matches in one field of one segment: each document with the
/// number of occurrences of its alternatives, in document order, and the
/// size hint of the scorer that found them.
#[derive(Debug)]
pub struct ConceptDocs {
    /// `(document, occurrences)`, by document.
    pub docs: Vec<(DocId, u32)>,
    /// What the walking scorer's `size_hint` was (kept, since it orders
    /// the scorers of an intersection).
    pub size_hint: u32,
}

enum Concept {
    /// Used once, not kept yet.
    Seen,
    Kept(Arc<ConceptDocs>),
}

/// A prefix of a field in a segment.
type PrefixKey = (SegmentId, Field, Box<[u8]>);

#[derive(Default)]
struct Inner {
    prefixes: FxHashMap<PrefixKey, Arc<BitSet>>,
    concepts: FxHashMap<(SegmentId, ConceptKey), Concept>,
    bytes: usize,
}

impl Inner {
    /// Makes room for `bytes` more within `budget`: empties the cache when
    /// they would not fit. False when they never fit.
    fn make_room(&mut self, bytes: usize, budget: usize) -> bool {
        if bytes > budget {
            return false;
        }
        if self.bytes + bytes > budget {
            *self = Inner::default();
        }
        self.bytes += bytes;
        true
    }
}

/// The cache of one open index (see the module documentation). Shared by
/// the threads of `serve`.
pub struct QueryCache {
    inner: Mutex<Inner>,
    budget: usize,
}

impl Default for QueryCache {
    fn default() -> Self {
        QueryCache::with_budget(BUDGET_BYTES)
    }
}

impl std::fmt::Debug for QueryCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("QueryCache")
    }
}

impl QueryCache {
    /// An empty cache of at most [`BUDGET_BYTES`].
    pub fn new() -> QueryCache {
        QueryCache::default()
    }

    /// An empty cache of at most `budget` bytes.
    pub fn with_budget(budget: usize) -> QueryCache {
        QueryCache {
            inner: Mutex::new(Inner::default()),
            budget,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A thread that panicked while holding the lock left a consistent
        // map (every change is one insert or a reset): go on with it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The documents of `segment` holding a term of `field` that starts
    /// with `prefix`, when known.
    pub fn prefix(&self, segment: SegmentId, field: Field, prefix: &[u8]) -> Option<Arc<BitSet>> {
        let key = (segment, field, Box::<[u8]>::from(prefix));
        self.lock().prefixes.get(&key).cloned()
    }

    /// Keeps the documents of `segment` matching `prefix` in `field`.
    pub fn keep_prefix(&self, segment: SegmentId, field: Field, prefix: &[u8], docs: Arc<BitSet>) {
        let bytes = (docs.max_value() as usize).div_ceil(8) + prefix.len() + 64;
        let mut inner = self.lock();
        if inner.make_room(bytes, self.budget) {
            inner.prefixes.insert((segment, field, prefix.into()), docs);
        }
    }

    /// A concept's kept matches in `segment`; `None` when not kept, and
    /// then the use is counted: true when this is its second use at least
    /// (its matches should now be kept, see [`QueryCache::keep_concept`]).
    pub fn concept(&self, segment: SegmentId, key: &ConceptKey) -> Result<Arc<ConceptDocs>, bool> {
        let mut inner = self.lock();
        match inner.concepts.get(&(segment, Arc::clone(key))) {
            Some(Concept::Kept(docs)) => Ok(Arc::clone(docs)),
            Some(Concept::Seen) => Err(true),
            None => {
                let bytes = key_bytes(key);
                if inner.make_room(bytes, self.budget) {
                    inner
                        .concepts
                        .insert((segment, Arc::clone(key)), Concept::Seen);
                }
                Err(false)
            }
        }
    }

    /// Keeps a concept's matches in `segment`.
    pub fn keep_concept(&self, segment: SegmentId, key: &ConceptKey, docs: Arc<ConceptDocs>) {
        let bytes = docs.docs.len() * std::mem::size_of::<(DocId, u32)>() + key_bytes(key);
        let mut inner = self.lock();
        if inner.make_room(bytes, self.budget) {
            inner
                .concepts
                .insert((segment, Arc::clone(key)), Concept::Kept(docs));
        }
    }
}

/// Roughly what a concept's key takes.
fn key_bytes(key: &ConceptKey) -> usize {
    64 + key.1.iter().map(Pattern::bytes).sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment() -> SegmentId {
        SegmentId::generate_random()
    }

    fn docs(n: u32) -> Arc<ConceptDocs> {
        Arc::new(ConceptDocs {
            docs: (0..n).map(|d| (d, 1)).collect(),
            size_hint: n,
        })
    }

    #[test]
    fn a_concept_is_kept_from_its_second_use_on() {
        let cache = QueryCache::new();
        let (s, t) = (segment(), segment());
        let key: ConceptKey = Arc::new((Field::from_field_id(1), Vec::new()));
        assert_eq!(cache.concept(s, &key).err(), Some(false));
        assert_eq!(cache.concept(s, &key).err(), Some(true));
        cache.keep_concept(s, &key, docs(3));
        assert_eq!(cache.concept(s, &key).map(|d| d.docs.len()).ok(), Some(3));
        // Per segment.
        assert_eq!(cache.concept(t, &key).err(), Some(false));
        // Per field.
        let other: ConceptKey = Arc::new((Field::from_field_id(2), Vec::new()));
        assert_eq!(cache.concept(s, &other).err(), Some(false));
    }

    #[test]
    fn a_prefix_is_kept_per_segment_field_and_prefix() {
        let cache = QueryCache::new();
        let (s, t) = (segment(), segment());
        let f = Field::from_field_id(0);
        let mut bits = BitSet::with_max_value(100);
        bits.insert(7);
        cache.keep_prefix(s, f, b"gericht", Arc::new(bits));
        assert!(cache
            .prefix(s, f, b"gericht")
            .is_some_and(|b| b.contains(7)));
        assert!(cache.prefix(s, f, b"gerich").is_none());
        assert!(cache.prefix(t, f, b"gericht").is_none());
        assert!(cache
            .prefix(s, Field::from_field_id(1), b"gericht")
            .is_none());
    }

    #[test]
    fn a_full_cache_is_emptied_and_what_never_fits_is_not_kept() {
        let budget = 10_000;
        let cache = QueryCache::with_budget(budget);
        let f = Field::from_field_id(0);
        let s = segment();
        // 8,001 bits: 1,001 bytes, and 65 for the key; nine fit, the tenth
        // empties the cache.
        let prefixes: [&[u8]; 9] = [b"a", b"b", b"c", b"d", b"e", b"f", b"g", b"h", b"i"];
        for (i, p) in prefixes.iter().enumerate() {
            cache.keep_prefix(s, f, p, Arc::new(BitSet::with_max_value(8_001)));
            assert!(cache.prefix(s, f, b"a").is_some(), "{i}");
        }
        cache.keep_prefix(s, f, b"j", Arc::new(BitSet::with_max_value(8_001)));
        assert!(cache.prefix(s, f, b"a").is_none());
        assert!(cache.prefix(s, f, b"j").is_some());
        // More than the whole budget is never kept, and empties nothing.
        cache.keep_prefix(s, f, b"k", Arc::new(BitSet::with_max_value(100_000)));
        assert!(cache.prefix(s, f, b"k").is_none());
        assert!(cache.prefix(s, f, b"j").is_some());
        let key: ConceptKey = Arc::new((f, Vec::new()));
        cache.keep_concept(s, &key, docs(2_000));
        assert!(cache.concept(s, &key).is_err());
    }
}
