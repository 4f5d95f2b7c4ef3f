//! `show`: one clause in context, found by id, by `path:line` or by a
//! citation (`actimi § 23 (7)`), with the clauses before and after it.

use super::plan::HighlightSpec;
use super::{clause_ord, mark, Hit, Searcher, ShowResult};
use crate::error::{Error, Result};
use crate::index::guard;
use crate::text::{fold, label_key};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, TantivyDocument, Term};

impl Searcher {
    /// Finds a clause by id (`path#ordinal`), by `path:line`, or by citation
    /// (`actimi § 23 (7)`: a vendor prefix and a label), with its neighbours.
    pub fn show(&self, reference: &str) -> Result<ShowResult> {
        guard(self.index.dir(), || self.show_in(reference))
    }

    fn show_in(&self, reference: &str) -> Result<ShowResult> {
        let f = self.index.fields();
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
            mark(&mut hit, &spec);
            hit
        };
        let clause = plain(self.hit(addr, 0.0)?.0);
        let neighbour = |delta: i64| -> Result<Option<Hit>> {
            let ord = clause_ord(&clause.id) as i64 + delta;
            if ord < 0 {
                return Ok(None);
            }
            let q = both(
                Term::from_field_text(f.path, &clause.path),
                Term::from_field_u64(f.ord, ord as u64),
            );
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
        let f = self.index.fields();
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(f.path, path),
            IndexRecordOption::Basic,
        );
        let docs = searcher.search(&q, &TopDocs::with_limit(1_000_000).order_by_score())?;
        // Of the clauses on that line, the first in the file: all score
        // alike here, and segment order depends on the indexing threads.
        let mut first: Option<(u64, DocAddress)> = None;
        for (_, addr) in docs {
            let d: TantivyDocument = searcher.doc(addr)?;
            let n = |field| d.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
            let (a, b, ord) = (n(f.line_start), n(f.line_end), n(f.ord));
            if a <= line && line <= b && first.is_none_or(|(o, _)| ord < o) {
                first = Some((ord, addr));
            }
        }
        Ok(first.map(|(_, addr)| addr))
    }

    fn by_citation(&self, reference: &str) -> Result<Option<DocAddress>> {
        let f = self.index.fields();
        let folded = fold(reference);
        // The longest vendor prefix of the reference that names one vendor.
        let words: Vec<&str> = folded.split(' ').collect();
        for cut in (1..=words.len()).rev() {
            let head = words[..cut].join(" ");
            let Some(vendor) = self.vendors()?.resolve_one(&head) else {
                continue;
            };
            let rest_start = reference
                .char_indices()
                .find(|(_, c)| *c == '§' || c.is_ascii_digit())
                .map(|(i, _)| i)
                .unwrap_or(reference.len());
            let label = label_key(&reference[rest_start..]);
            if label.is_empty() {
                return Ok(None);
            }
            let q = both(
                Term::from_field_text(f.vendor_key, &vendor.key),
                Term::from_field_text(f.label_key, &label),
            );
            let searcher = self.reader.searcher();
            let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
            return Ok(top.first().map(|(_, a)| *a));
        }
        Ok(None)
    }
}

/// Records with both terms.
fn both(a: Term, b: Term) -> BooleanQuery {
    let term = |t| Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>;
    BooleanQuery::new(vec![(Occur::Must, term(a)), (Occur::Must, term(b))])
}
