//! Analyzer throughput: MB/s and tokens/s for the English and German
//! analyzers, with and without the per-thread stem cache.
//!
//! Text comes from `KLAUSEL_BENCH_CORPUS` (a folder of .txt/.md files; up to
//! 20 MB are read and split by detected language), or else from `corpus/`
//! (English) and `tests/data/` (German) in the repository.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use klausel::analysis::{analyzer, analyzer_uncached};
use klausel::lang::detect;
use klausel::Language;
use std::path::{Path, PathBuf};
use std::time::Instant;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

const MAX_BYTES: usize = 20 << 20;

fn load() -> (String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs: Vec<PathBuf> = match std::env::var_os("KLAUSEL_BENCH_CORPUS") {
        Some(dir) => std::env::split_paths(&dir).collect(),
        None => vec![root.join("corpus"), root.join("tests/data")],
    };
    let files = klausel::corpus::walk(&dirs).files;
    let (mut en, mut de) = (String::new(), String::new());
    for path in files {
        if en.len() + de.len() >= MAX_BYTES {
            break;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let target = match detect(&text, Language::En) {
            Language::De => &mut de,
            Language::En => &mut en,
        };
        target.push_str(&text);
        target.push('\n');
    }
    (en, de)
}

fn count_tokens(analyzer: &mut TextAnalyzer, text: &str) -> usize {
    let mut stream = analyzer.token_stream(text);
    let mut n = 0;
    while stream.advance() {
        n += 1;
    }
    n
}

fn bench(c: &mut Criterion) {
    let (en, de) = load();
    let mut group = c.benchmark_group("analysis");
    group.sample_size(10);
    for (lang, text) in [(Language::En, &en), (Language::De, &de)] {
        if text.is_empty() {
            continue;
        }
        group.throughput(Throughput::Bytes(text.len() as u64));
        for (mode, make) in [
            ("cached", analyzer as fn(Language) -> TextAnalyzer),
            ("uncached", analyzer_uncached),
        ] {
            let mut a = make(lang);
            let tokens = count_tokens(&mut a, text);
            // One timed pass for tokens/s (criterion reports bytes/s).
            let start = Instant::now();
            count_tokens(&mut a, text);
            let secs = start.elapsed().as_secs_f64();
            eprintln!(
                "{} {mode}: {} bytes, {tokens} tokens, {:.1} Mtok/s, {:.1} MB/s (single pass)",
                lang.code(),
                text.len(),
                tokens as f64 / secs / 1e6,
                text.len() as f64 / secs / 1e6,
            );
            group.bench_function(format!("{}_{mode}", lang.code()), |b| {
                b.iter(|| count_tokens(&mut a, text))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
