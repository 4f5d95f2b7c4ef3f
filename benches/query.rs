//! Query latency in process, through `klausel::search::Searcher`: a single
//! term, a phrase, a cross-lingual query expanded by the thesaurus, a
//! citation, and `compare` over all vendors.
//!
//! The index is built once from the bench corpus (`KLAUSEL_BENCH_CORPUS`,
//! else `corpus/`) into a temporary folder, or taken as it is from
//! `KLAUSEL_BENCH_INDEX` when that names an existing index (to measure a big
//! index without rebuilding it each run). Before criterion runs, each query
//! is timed 200 times and the median and p99 are printed.

use criterion::{criterion_group, criterion_main, Criterion};
use klausel::search::{SearchOptions, Searcher};
use std::time::Instant;

mod common;

const QUERIES: &[(&str, &str)] = &[
    ("term", "Gewährleistung"),
    ("phrase", "\"place of jurisdiction\""),
    ("cross_lingual", "Gerichtsstand"),
    ("citation", "§ 307 BGB"),
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(name: &str, mut f: impl FnMut()) {
    let mut ms: Vec<f64> = (0..200)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    eprintln!(
        "query {name}: median {:.3} ms, p99 {:.3} ms",
        percentile(&ms, 0.5),
        percentile(&ms, 0.99)
    );
}

fn bench(c: &mut Criterion) {
    let (_tmp, dir) = common::bench_index();
    let searcher = Searcher::open(&dir).unwrap();
    let opts = SearchOptions::default();
    let mut group = c.benchmark_group("query");
    for (name, q) in QUERIES {
        report(name, || {
            searcher.search(q, &opts).unwrap();
        });
        group.bench_function(*name, |b| b.iter(|| searcher.search(q, &opts).unwrap()));
    }
    eprintln!(
        "compare: {} vendors",
        searcher.vendors().map_or(0, |v| v.all().len())
    );
    report("compare", || {
        searcher.compare("Gerichtsstand", 1, &opts).unwrap();
    });
    group.bench_function("compare", |b| {
        b.iter(|| searcher.compare("Gerichtsstand", 1, &opts).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
