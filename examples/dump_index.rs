//! Dumps what an index holds, for old-against-new checks of indexing
//! changes: every record as one JSON line, sorted by path and position
//! (`records`), or per field the digest of its terms with their document
//! and term frequencies summed over the segments (`terms`), which does not
//! depend on how the documents fell into segments.
//!
//! ```sh
//! cargo run --release --example dump_index -- records /tmp/idx > records.ndjson
//! cargo run --release --example dump_index -- terms /tmp/idx > terms.txt
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
        return Err("usage: dump_index records|terms INDEX".into());
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
        "terms" => {
            let schema = idx.tantivy().schema();
            for (field, entry) in schema.fields() {
                if !entry.is_indexed() {
                    continue;
                }
                let mut terms: BTreeMap<Vec<u8>, (u64, u64)> = BTreeMap::new();
                for segment in searcher.segment_readers() {
                    let inverted = segment.inverted_index(field)?;
                    let mut stream = inverted.terms().stream()?;
                    while stream.advance() {
                        let info = stream.value();
                        let mut postings = inverted.read_postings_from_terminfo(
                            info,
                            tantivy::schema::IndexRecordOption::WithFreqs,
                        )?;
                        let mut tf = 0u64;
                        use tantivy::DocSet;
                        while postings.doc() != tantivy::TERMINATED {
                            use tantivy::postings::Postings;
                            tf += u64::from(postings.term_freq());
                            postings.advance();
                        }
                        let e = terms.entry(stream.key().to_vec()).or_default();
                        e.0 += u64::from(info.doc_freq);
                        e.1 += tf;
                    }
                }
                let mut h = xxhash_rust::xxh3::Xxh3::new();
                for (term, (df, tf)) in &terms {
                    h.update(&(term.len() as u64).to_le_bytes());
                    h.update(term);
                    h.update(&df.to_le_bytes());
                    h.update(&tf.to_le_bytes());
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
