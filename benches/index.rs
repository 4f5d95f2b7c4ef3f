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

    // A run over 40,000 small files none of which changed: it only walks,
    // stats and compares, so it is where per-file bookkeeping that grows
    // with the square of the file count shows (issue 15: 47 s before).
    let files = 40_000;
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for n in 0..files {
        std::fs::write(
            corpus.join(format!("agb-{n:05}.txt")),
            format!("§ 1 Geltung\n(1) Die Muster{n} GmbH liefert nach Klausel k{n}.\n"),
        )
        .unwrap();
    }
    let opts = BuildOptions::new(vec![corpus], tmp.path().join("index"));
    build(&opts).unwrap();
    let mut group = c.benchmark_group("index-no-change");
    group.sample_size(10);
    group.throughput(Throughput::Elements(files));
    group.bench_function("40k-files", |b| {
        b.iter(|| {
            let report = build(&opts).unwrap();
            assert_eq!(report.unchanged, files as usize);
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
