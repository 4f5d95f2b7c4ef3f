//! Shared by the benches: the corpus they read.
//!
//! `KLAUSEL_BENCH_CORPUS` names a folder (or several, separated like `PATH`)
//! of .txt/.md files; without it the repository's `corpus/` is used, so
//! `cargo bench` works in a bare clone.

// Each bench uses only part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The corpus folders to read.
pub fn corpus_roots() -> Vec<PathBuf> {
    match std::env::var_os("KLAUSEL_BENCH_CORPUS") {
        Some(dirs) => std::env::split_paths(&dirs).collect(),
        None => vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")],
    }
}

/// Every .txt/.md file under `roots`, sorted, found as `klausel index` finds them.
pub fn text_files(roots: &[PathBuf]) -> Vec<PathBuf> {
    klausel::corpus::walk(roots).files
}

/// Total size in bytes of the corpus files under `roots`.
pub fn corpus_bytes(roots: &[PathBuf]) -> u64 {
    text_files(roots)
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum()
}

/// The index the query benches search: `KLAUSEL_BENCH_INDEX` when it names
/// an existing index (to measure a big index without rebuilding it each
/// run), else one built from [`corpus_roots`] into a temporary folder,
/// which lives as long as the returned guard.
pub fn bench_index() -> (Option<tempfile::TempDir>, PathBuf) {
    if let Some(d) = std::env::var_os("KLAUSEL_BENCH_INDEX") {
        let d = PathBuf::from(d);
        if d.join("meta.json").exists() {
            return (None, d);
        }
    }
    let tmp = tempfile::tempdir().expect("temporary folder");
    let dir = tmp.path().join("index");
    let mut opts = klausel::index::BuildOptions::new(corpus_roots(), dir.clone());
    opts.rebuild = true;
    klausel::index::build(&opts).expect("bench index builds");
    (Some(tmp), dir)
}

/// The klausel queries of `benches/queries.tsv` (German and English; the
/// second column is the same query for SQLite FTS5, see `oneshot.py`).
pub fn queries() -> Vec<String> {
    include_str!("../queries.tsv")
        .lines()
        .filter_map(|l| l.split('\t').next())
        .filter(|q| !q.is_empty())
        .map(str::to_string)
        .collect()
}
