//! Extraction throughput per format (MB/s of input; pages/s for PDF from
//! the page count printed first): `klausel::extract::extract` over the
//! fixtures in `tests/data/formats` (or `KLAUSEL_BENCH_FORMATS=/dir`),
//! bytes in memory, one thread. Files that are skipped with a warning (a
//! scan, a password) are left out.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use klausel::extract::{extract, Format};
use std::path::PathBuf;

fn fixtures(format: Format) -> Vec<Vec<u8>> {
    let dir = std::env::var_os("KLAUSEL_BENCH_FORMATS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("tests/data/formats"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .into_iter()
        .filter(|p| Format::from_path(p) == Some(format))
        .filter_map(|p| std::fs::read(p).ok())
        .filter(|b| extract(format, b).is_ok())
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("extract");
    group.sample_size(10);
    for (name, format) in [
        ("pdf", Format::Pdf),
        ("docx", Format::Docx),
        ("html", Format::Html),
    ] {
        let files = fixtures(format);
        if files.is_empty() {
            continue;
        }
        let bytes: usize = files.iter().map(Vec::len).sum();
        let pages: usize = files
            .iter()
            .filter_map(|b| extract(format, b).ok())
            .map(|e| 1 + e.text.bytes().filter(|&b| b == 0x0c).count())
            .sum();
        eprintln!(
            "extract {name}: {} files, {bytes} bytes, {pages} pages",
            files.len()
        );
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                files
                    .iter()
                    .filter_map(|f| extract(format, f).ok())
                    .map(|e| e.text.len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
