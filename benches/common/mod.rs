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
