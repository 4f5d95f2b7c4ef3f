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

/// Every .txt/.md file under `dir`, sorted.
pub fn text_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            text_files(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("txt" | "md")
        ) {
            out.push(path);
        }
    }
}

/// Total size in bytes of the corpus files under `roots`.
pub fn corpus_bytes(roots: &[PathBuf]) -> u64 {
    let mut files = Vec::new();
    for r in roots {
        text_files(r, &mut files);
    }
    files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum()
}
