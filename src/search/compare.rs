//! `compare`: for every vendor in the index, its best clauses for a query,
//! and where it has none, a "no clause found" that is true.

use super::{best_first, mark, millis, CompareResult, Hit, SearchOptions, Searcher, VendorRow};
use crate::error::Result;
use crate::index::guard;
use std::collections::HashMap;
use std::time::Instant;
use tantivy::collector::TopDocs;
use tantivy::DocAddress;

impl Searcher {
    /// For every vendor in the index, its best `top` clauses for the query;
    /// vendors with no matching clause are listed with `found: false`.
    pub fn compare(&self, raw: &str, top: usize, opts: &SearchOptions) -> Result<CompareResult> {
        guard(self.index.dir(), || self.compare_in(raw, top, opts))
    }

    fn compare_in(&self, raw: &str, top: usize, opts: &SearchOptions) -> Result<CompareResult> {
        let started = Instant::now();
        let plan = self.plan(raw, opts)?;
        let searcher = self.reader.searcher();
        let records = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let top = top.clamp(1, records.max(1));
        let vendors = self.vendors()?;
        let mut rows: Vec<VendorRow> = vendors
            .all()
            .iter()
            .map(|v| VendorRow {
                vendor: v.name.clone(),
                found: false,
                relative: 0.0,
                hits: Vec::new(),
            })
            .collect();
        let index_of: HashMap<&str, usize> = vendors
            .all()
            .iter()
            .enumerate()
            .map(|(i, v)| (v.key.as_str(), i))
            .collect();
        let vendor_key = self.index.fields().vendor_key;
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
                        .str(&self.index.field_name(vendor_key))
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
                mark(&mut hit, &plan.highlight);
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
}
