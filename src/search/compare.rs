//! `compare`: for every vendor in the index, its best clauses for a query,
//! and where it has none, a "no clause found" that is true.

use super::vendors::Vendors;
use super::{best_first, mark, millis, CompareResult, Hit, SearchOptions, Searcher, VendorRow};
use crate::error::Result;
use crate::index::guard;
use std::collections::HashMap;
use std::time::Instant;
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
        // One pass over every clause the query finds (a cut at the best N
        // would report "no clause found" for vendors whose best clause
        // ranks below N, and which vendors those are would depend on the
        // segment layout).
        let found = searcher.search(&plan.query, &super::rerank::AllScored)?;
        let mut per_vendor: Vec<Vec<(f32, DocAddress)>> = vec![Vec::new(); rows.len()];
        for (vendor, clause) in self.vendor_of_each(&searcher, &found, vendors).zip(&found) {
            if let Some(i) = vendor {
                per_vendor[i].push(*clause);
            }
        }
        // Each vendor's best clauses, and those tied with the last of them
        // (up to `TIE_FETCH_MAX`, as `search` reads them): which tied clause
        // comes first in segment order depends on how indexing threads split
        // the work, and the choice must not.
        let keep = top.saturating_mul(3);
        let per_vendor: Vec<Vec<(f32, DocAddress)>> = per_vendor
            .iter()
            .map(|docs| super::rerank::best_of(docs, keep, keep, keep.max(super::TIE_FETCH_MAX)))
            .collect();
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

    /// How many clauses of each vendor (`vendors().all()`, in its order)
    /// the query finds with `opts`'s other filters; `opts.vendor` is
    /// ignored. One search, each clause counted for its vendor: what one
    /// search per vendor with `opts.vendor` set would count (`serve`'s
    /// vendor facet).
    pub fn count_per_vendor(&self, raw: &str, opts: &SearchOptions) -> Result<Vec<usize>> {
        guard(self.index.dir(), || {
            let mut opts = opts.clone();
            opts.vendor = None;
            let plan = self.plan(raw, &opts)?;
            let searcher = self.reader.searcher();
            let vendors = self.vendors()?;
            let found = searcher.search(&plan.query, &super::rerank::AllScored)?;
            let mut counts = vec![0; vendors.all().len()];
            for i in self.vendor_of_each(&searcher, &found, vendors).flatten() {
                counts[i] += 1;
            }
            Ok(counts)
        })
    }

    /// For each clause of `found` (in segment order), the index in
    /// `vendors.all()` of its vendor, through the `vendor_key` fast field
    /// (looked up once per vendor and segment); `None` for a vendor not
    /// listed. A clause without a vendor key belongs to the vendor whose
    /// key is empty, if there is one.
    fn vendor_of_each<'s>(
        &'s self,
        searcher: &'s tantivy::Searcher,
        found: &'s [(f32, DocAddress)],
        vendors: &'s Vendors,
    ) -> impl Iterator<Item = Option<usize>> + 's {
        let index_of: HashMap<&str, usize> = vendors
            .all()
            .iter()
            .enumerate()
            .map(|(i, v)| (v.key.as_str(), i))
            .collect();
        let field = self.index.field_name(self.index.fields().vendor_key);
        let mut segment = None;
        let mut column = None;
        let mut vendor_of: HashMap<u64, Option<usize>> = HashMap::new();
        let mut key = String::new();
        found.iter().map(move |&(_, addr)| {
            if segment != Some(addr.segment_ord) {
                segment = Some(addr.segment_ord);
                column = searcher
                    .segment_reader(addr.segment_ord)
                    .fast_fields()
                    .str(&field)
                    .ok()
                    .flatten();
                vendor_of.clear();
            }
            let col = column.as_ref()?;
            match col.term_ords(addr.doc_id).next() {
                Some(ord) => *vendor_of.entry(ord).or_insert_with(|| {
                    key.clear();
                    match col.ord_to_str(ord, &mut key) {
                        Ok(true) => index_of.get(key.as_str()).copied(),
                        _ => None,
                    }
                }),
                None => index_of.get("").copied(),
            }
        })
    }
}
