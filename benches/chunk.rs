//! Chunker throughput (MB/s): `klausel::chunk::chunk` over every file of the
//! bench corpus (`KLAUSEL_BENCH_CORPUS`, else `corpus/`), up to 64 MB.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

mod common;

const MAX_BYTES: usize = 64 << 20;

fn bench(c: &mut Criterion) {
    let files = common::text_files(&common::corpus_roots());
    let mut texts: Vec<String> = Vec::new();
    let mut total = 0;
    for f in files {
        if total >= MAX_BYTES {
            break;
        }
        if let Ok(t) = std::fs::read_to_string(&f) {
            total += t.len();
            texts.push(t);
        }
    }
    let clauses: usize = texts
        .iter()
        .map(|t| klausel::chunk::chunk(t).clauses.len())
        .sum();
    eprintln!(
        "chunk: {} files, {total} bytes, {clauses} clauses",
        texts.len()
    );
    let mut group = c.benchmark_group("chunk");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("corpus", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| klausel::chunk::chunk(t).clauses.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
