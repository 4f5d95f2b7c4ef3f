//! `show`: one clause in context, found by id, by `path:line` or by a
//! citation (`actimi § 23 (7)`), with the clauses before and after it.

use super::plan::HighlightSpec;
use super::{mark, Hit, Searcher, ShowResult};
use crate::corpus::clean_path;
use crate::error::{Error, Result};
use crate::index::guard;
use crate::records::is_stable_id;
use crate::text::{fold, label_key};
use std::path::Path;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, TantivyDocument, Term};

impl Searcher {
    /// Finds clauses by id (`path#label-hash`, the path in any spelling
    /// that names the indexed file), by `path:line` (every clause on that
    /// line), or by citation (`actimi § 23 (7)`, `Actimi GmbH § 23 Abs. 7`:
    /// a vendor and a label; `cms § 19`: a whole section), with the
    /// clauses before and after them. An id of an indexed file that names
    /// no clause any more is [`Error::ClauseChanged`]; any other reference
    /// that names nothing (an id of a file the index does not hold) is
    /// [`Error::NotFound`].
    pub fn show(&self, reference: &str) -> Result<ShowResult> {
        guard(self.index.dir(), || self.show_in(reference))
    }

    fn show_in(&self, reference: &str) -> Result<ShowResult> {
        let f = self.index.fields();
        let reference = reference.trim();
        let by_id = |id: &str| {
            self.all(&TermQuery::new(
                Term::from_field_text(f.id, id),
                IndexRecordOption::Basic,
            ))
        };
        let mut found = by_id(reference)?;
        if found.is_empty() {
            if let Some((path, tail)) = reference.rsplit_once('#') {
                for p in self.spellings(path.trim())?.iter().skip(1) {
                    found = by_id(&format!("{p}#{tail}"))?;
                    if !found.is_empty() {
                        break;
                    }
                }
            }
        }
        if found.is_empty() {
            if let Some((path, line)) = reference.rsplit_once(':') {
                if let Ok(line) = line.trim().parse::<u64>() {
                    found = self.at_line(path.trim(), line)?;
                }
            }
        }
        if found.is_empty() {
            found = self.by_citation(reference)?;
        }
        if found.is_empty() && looks_like_id(reference) {
            // An id of a file the index holds: its clause is gone, unless
            // the index is damaged and its terms no longer find it (the
            // checksums are read only on this error path).
            if let Some((path, _)) = reference.rsplit_once('#') {
                if self.holds_file(path.trim())? {
                    let dir = self.index.dir();
                    return Err(match crate::index::diagnose(dir) {
                        Some(file) => Error::Damaged {
                            path: dir.to_path_buf(),
                            file,
                        },
                        None => Error::ClauseChanged(reference.to_string()),
                    });
                }
            }
        }
        let spec = HighlightSpec::default();
        let plain = |addr: DocAddress| -> Result<Hit> {
            let mut hit = self.hit(addr, 0.0)?.0;
            mark(&mut hit, &spec);
            Ok(hit)
        };
        let mut hits = found.into_iter().map(plain).collect::<Result<Vec<Hit>>>()?;
        // One passage of one document: that of the first match in file
        // order (a file may hold several documents, each with a § 1).
        hits.sort_by(|a, b| (&a.path, a.ord).cmp(&(&b.path, b.ord)));
        let Some(first) = hits.first().cloned() else {
            return Err(Error::NotFound(reference.to_string()));
        };
        hits.retain(|h| h.path == first.path && h.document == first.document);
        let last_ord = hits.last().map_or(0, |h| h.ord);
        let neighbour = |ord: Option<u64>| -> Result<Option<Hit>> {
            let Some(ord) = ord else { return Ok(None) };
            let q = both(
                Term::from_field_text(f.path, &first.path),
                Term::from_field_u64(f.ord, ord),
            );
            match self.all(&q)?.first() {
                Some(&a) => Ok(Some(plain(a)?)),
                None => Ok(None),
            }
        };
        let before = neighbour(first.ord.checked_sub(1))?;
        let after = neighbour(last_ord.checked_add(1))?;
        let mut hits = hits.into_iter();
        let clause = hits.next().unwrap_or(first);
        Ok(ShowResult {
            before,
            clause,
            more: hits.collect(),
            after,
        })
    }

    /// Every record a query matches (at most 100,000).
    fn all(&self, q: &dyn Query) -> Result<Vec<DocAddress>> {
        let top = self
            .reader
            .searcher()
            .search(q, &TopDocs::with_limit(100_000).order_by_score())?;
        Ok(top.into_iter().map(|(_, a)| a).collect())
    }

    /// Every record of an indexed file in file order (at most `limit`),
    /// the path in any spelling that names it; empty for a path the index
    /// does not hold.
    pub fn file(&self, path: &str, limit: usize) -> Result<Vec<Hit>> {
        guard(self.index.dir(), || {
            let f = self.index.fields();
            let spec = HighlightSpec::default();
            for p in self.spellings(path.trim())? {
                let docs = self.all(&TermQuery::new(
                    Term::from_field_text(f.path, &p),
                    IndexRecordOption::Basic,
                ))?;
                if docs.is_empty() {
                    continue;
                }
                let mut hits = docs
                    .into_iter()
                    .map(|a| {
                        let mut hit = self.hit(a, 0.0)?.0;
                        mark(&mut hit, &spec);
                        Ok(hit)
                    })
                    .collect::<Result<Vec<Hit>>>()?;
                hits.sort_by_key(|h| h.ord);
                hits.truncate(limit);
                return Ok(hits);
            }
            Ok(Vec::new())
        })
    }

    /// Whether the index holds records of the file `path` (any spelling).
    fn holds_file(&self, path: &str) -> Result<bool> {
        let f = self.index.fields();
        for p in self.spellings(path)? {
            let q = TermQuery::new(Term::from_field_text(f.path, &p), IndexRecordOption::Basic);
            if self
                .reader
                .searcher()
                .search(&q, &tantivy::collector::Count)?
                > 0
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The spellings under which the file `path` may be indexed: as given,
    /// without `./`, and (when it exists) the path its records were indexed
    /// with, found through its canonical path.
    fn spellings(&self, path: &str) -> Result<Vec<String>> {
        let mut spellings = vec![
            path.to_string(),
            clean_path(Path::new(path)).to_string_lossy().into_owned(),
        ];
        // Any other spelling of the file: its canonical path is the key of
        // its state, which knows the path its records were indexed with.
        if let Ok(canon) = std::fs::canonicalize(path) {
            let files = self.index.files()?;
            if let Some(st) = files.get(canon.to_string_lossy().as_ref()) {
                spellings.push(st.records_path(&canon.to_string_lossy()).to_string());
            }
        }
        spellings.dedup();
        Ok(spellings)
    }

    /// The records of the file `path` (as indexed, with or without `./`,
    /// or any path to the same file) that span `line`.
    fn at_line(&self, path: &str, line: u64) -> Result<Vec<DocAddress>> {
        let f = self.index.fields();
        let searcher = self.reader.searcher();
        for p in self.spellings(path)? {
            let docs = self.all(&TermQuery::new(
                Term::from_field_text(f.path, &p),
                IndexRecordOption::Basic,
            ))?;
            let mut on_line = Vec::new();
            for addr in docs {
                let d: TantivyDocument = searcher.doc(addr)?;
                let n = |field| d.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
                if n(f.line_start) <= line && line <= n(f.line_end) {
                    on_line.push(addr);
                }
            }
            if !on_line.is_empty() {
                return Ok(on_line);
            }
        }
        Ok(Vec::new())
    }

    /// The records a citation names: a vendor (the longest leading words
    /// that name exactly one) and a label (`§ 23 (7)`, `§ 23 Abs. 7`), or,
    /// when no clause has that label, the whole section (`§ 19`).
    fn by_citation(&self, reference: &str) -> Result<Vec<DocAddress>> {
        let f = self.index.fields();
        let folded = fold(reference);
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
                return Ok(Vec::new());
            }
            let vendor_term = || Term::from_field_text(f.vendor_key, &vendor.key);
            let clauses = self.all(&both(
                vendor_term(),
                Term::from_field_text(f.label_key, &label),
            ))?;
            if !clauses.is_empty() {
                return Ok(clauses);
            }
            return self.all(&both(
                vendor_term(),
                Term::from_field_text(f.section_key, &label),
            ));
        }
        Ok(Vec::new())
    }
}

/// Whether a reference that named nothing was meant as an id: a stable id
/// (`path#label-hash`), or a positional one of an older klausel
/// (`path#88`).
fn looks_like_id(reference: &str) -> bool {
    is_stable_id(reference)
        || reference.rsplit_once('#').is_some_and(|(p, n)| {
            !p.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
        })
}

/// Records with both terms.
fn both(a: Term, b: Term) -> BooleanQuery {
    let term = |t| Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>;
    BooleanQuery::new(vec![(Occur::Must, term(a)), (Occur::Must, term(b))])
}
