//! End-to-end indexing throughput (MB/s): `klausel::index::build` of the
//! bench corpus (`KLAUSEL_BENCH_CORPUS`, else `corpus/`) into a fresh
//! temporary folder, with the default threads and memory budget.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use klausel::index::{build, BuildOptions};

mod common;

fn bench(c: &mut Criterion) {
    let roots = common::corpus_roots();
    let bytes = common::corpus_bytes(&roots);
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("build", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| {
                let mut opts = BuildOptions::new(roots.clone(), dir.path().join("index"));
                opts.rebuild = true;
                let report = build(&opts).unwrap();
                assert!(report.clauses > 0);
                dir
            },
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
