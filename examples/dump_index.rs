//! Dumps what an index holds, for old-against-new checks of indexing
//! changes: every record as one JSON line, sorted by path and position
//! (`records`), or per field the digest of its terms with their document
//! and term frequencies summed over the segments (`terms`), which does not
//! depend on how the documents fell into segments; `positions` adds to each
//! term of a field indexed with positions the wrapping sum over its
//! documents of a hash of the document's position list (also independent of
//! the segments), so that analysis changes are checked position by position.
//!
//! ```sh
//! cargo run --release --example dump_index -- records /tmp/idx > records.ndjson
//! cargo run --release --example dump_index -- terms /tmp/idx > terms.txt
//! cargo run --release --example dump_index -- positions /tmp/idx > positions.txt
//! ```
use klausel::index::schema::read;
use klausel::index::KlauselIndex;
use std::collections::BTreeMap;
use std::io::Write;
use tantivy::collector::DocSetCollector;
use tantivy::query::AllQuery;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(what), Some(dir)) = (args.next(), args.next()) else {
        return Err("usage: dump_index records|terms|positions INDEX".into());
    };
    let idx = KlauselIndex::open(std::path::Path::new(&dir))?;
    let searcher = idx.tantivy().reader()?.searcher();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match what.as_str() {
        "records" => {
            let mut records = Vec::new();
            for at in searcher.search(&AllQuery, &DocSetCollector)? {
                let (r, hash) = read(&searcher.doc(at)?, idx.fields());
                records.push(((r.path.clone(), r.ord), serde_json::to_string(&r)?, hash));
            }
            records.sort();
            for (_, json, hash) in records {
                writeln!(out, "{json} {hash:016x}")?;
            }
        }
        "terms" | "positions" => {
            let with_positions = what == "positions";
            let schema = idx.tantivy().schema();
            for (field, entry) in schema.fields() {
                if !entry.is_indexed() {
                    continue;
                }
                let positions = with_positions
                    && entry
                        .field_type()
                        .get_index_record_option()
                        .is_some_and(|o| o.has_positions());
                let option = if positions {
                    tantivy::schema::IndexRecordOption::WithFreqsAndPositions
                } else {
                    tantivy::schema::IndexRecordOption::WithFreqs
                };
                let mut terms: BTreeMap<Vec<u8>, (u64, u64, u64)> = BTreeMap::new();
                let mut at = Vec::new();
                for segment in searcher.segment_readers() {
                    let inverted = segment.inverted_index(field)?;
                    let mut stream = inverted.terms().stream()?;
                    while stream.advance() {
                        let info = stream.value();
                        let mut postings = inverted.read_postings_from_terminfo(info, option)?;
                        let mut tf = 0u64;
                        let mut pos_sum = 0u64;
                        use tantivy::DocSet;
                        while postings.doc() != tantivy::TERMINATED {
                            use tantivy::postings::Postings;
                            tf += u64::from(postings.term_freq());
                            if positions {
                                postings.positions(&mut at);
                                let bytes: Vec<u8> =
                                    at.iter().flat_map(|p| p.to_le_bytes()).collect();
                                pos_sum = pos_sum.wrapping_add(xxhash_rust::xxh3::xxh3_64(&bytes));
                            }
                            postings.advance();
                        }
                        let e = terms.entry(stream.key().to_vec()).or_default();
                        e.0 += u64::from(info.doc_freq);
                        e.1 += tf;
                        e.2 = e.2.wrapping_add(pos_sum);
                    }
                }
                let mut h = xxhash_rust::xxh3::Xxh3::new();
                for (term, (df, tf, pos)) in &terms {
                    h.update(&(term.len() as u64).to_le_bytes());
                    h.update(term);
                    h.update(&df.to_le_bytes());
                    h.update(&tf.to_le_bytes());
                    if with_positions {
                        h.update(&pos.to_le_bytes());
                    }
                }
                writeln!(
                    out,
                    "{} terms={} digest={:016x}",
                    entry.name(),
                    terms.len(),
                    h.digest()
                )?;
            }
        }
        _ => return Err("usage: dump_index records|terms INDEX".into()),
    }
    Ok(())
}
