//! Start-up and batch mode, in process.
//!
//! - `startup/open_and_query`: what a one-shot `klausel search` does besides
//!   starting a process: open the index and answer one cross-lingual query
//!   (`Gerichtsstand`, expanded by the thesaurus).
//! - `batch/queries`: the ten queries of `benches/queries.tsv` through the
//!   batch path (`klausel::search::batch::run`, as `klausel search
//!   --batch` runs them, on one open index), each answer serialised as JSON
//!   into a sink.
//!
//! The index is `KLAUSEL_BENCH_INDEX`, else one built from the bench
//! corpus (`KLAUSEL_BENCH_CORPUS`, else `corpus/`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use klausel::search::batch::{self, Answer};
use klausel::search::{SearchOptions, Searcher};
use std::path::Path;

mod common;

fn bench(c: &mut Criterion) {
    let (_tmp, dir) = common::bench_index();
    let opts = SearchOptions::default();
    let mut group = c.benchmark_group("startup");
    group.bench_function("open_and_query", |b| {
        b.iter(|| {
            let searcher = Searcher::open(&dir).expect("index opens");
            searcher.search("Gerichtsstand", &opts).expect("query runs")
        })
    });
    group.finish();

    let queries = common::queries();
    let input = queries.join("\n") + "\n";
    let searcher = Searcher::open(&dir).expect("index opens");
    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements(queries.len() as u64));
    group.bench_function("queries", |b| {
        b.iter(|| {
            let mut sink = std::io::sink();
            batch::run(
                &searcher,
                &mut input.as_bytes(),
                Path::new("queries"),
                &opts,
                |answer| {
                    if let Answer::Result { result, .. } = answer {
                        serde_json::to_writer(&mut sink, result).expect("a sink takes anything");
                    }
                    Ok(())
                },
            )
            .expect("batch runs")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
