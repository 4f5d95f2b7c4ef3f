//! Whether an index is up to date with its corpus, cheaply: sizes, mtimes
//! and manifest entries, and the file keys that make `corpus` and
//! `/abs/corpus` the same files.

use crate::corpus;
use crate::index::state::{content_hash, manifest_fingerprint};
use crate::index::KlauselIndex;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub(super) fn mtime_of(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// How long after a write a file's mtime may still be shared by a later
/// write: file systems keep mtimes in ticks of up to 2 s (FAT; ext4 and
/// tmpfs tick with the kernel's coarse clock).
pub(super) const MTIME_TICK: Duration = Duration::from_secs(2);

/// The mtime to record for a file just read: 0 (never equal, so the next
/// run compares the hash) when the mtime is so recent, or in the future,
/// that a same-size write after our read could leave it unchanged.
pub(super) fn recorded_mtime(meta: &std::fs::Metadata) -> u128 {
    let racy = meta.modified().ok().is_none_or(|m| {
        std::time::SystemTime::now()
            .duration_since(m)
            .map_or(true, |age| age < MTIME_TICK)
    });
    if racy {
        0
    } else {
        mtime_of(meta)
    }
}

/// A file's path as given to `index` (root joined with the walked path):
/// what its records show and cite.
pub(super) fn shown_path(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// File identity in the commit payload: the walked path with its root
/// replaced by the root's canonical absolute path, so that `corpus`,
/// `./corpus` and `/home/me/corpus` name the same files (switching between
/// them re-reads nothing). Each root is canonicalised once; the files below
/// it keep their walked names (a link inside the corpus stays a file of its
/// own).
pub(super) struct PathKeys {
    /// (root as walked, its canonical path), longest first.
    roots: Vec<(PathBuf, PathBuf)>,
}

impl PathKeys {
    pub(super) fn new(roots: &[PathBuf]) -> PathKeys {
        let mut roots: Vec<(PathBuf, PathBuf)> = roots
            .iter()
            .map(|r| {
                let clean = corpus::clean_path(r);
                let canon = std::fs::canonicalize(&clean).unwrap_or_else(|_| clean.clone());
                (clean, canon)
            })
            .collect();
        roots.sort_by_key(|(r, _)| std::cmp::Reverse(r.as_os_str().len()));
        PathKeys { roots }
    }

    pub(super) fn key(&self, p: &Path) -> String {
        for (root, canon) in &self.roots {
            // The walk drops the `./` of paths below `.`.
            let rest = if root == Path::new(".") && p.is_relative() {
                Ok(p)
            } else {
                p.strip_prefix(root)
            };
            if let Ok(rest) = rest {
                let key = if rest.as_os_str().is_empty() {
                    canon.clone()
                } else {
                    canon.join(rest)
                };
                return key.to_string_lossy().into_owned();
            }
        }
        shown_path(p)
    }
}

/// True when `roots` differ from what the index at `dir` holds (a file was
/// added, removed, changed size or mtime, or its manifest entry changed), or
/// there is no usable index.
/// Cheap: only files whose indexed mtime was too recent to trust are read.
pub fn is_outdated(dir: &Path, roots: &[PathBuf]) -> bool {
    let Ok(idx) = KlauselIndex::open(dir) else {
        return true;
    };
    if idx.state.records != crate::records::RULES_VERSION {
        return true;
    }
    let walk = corpus::walk(roots);
    if walk.files.len() != idx.state.files.len() {
        return true;
    }
    let keys = PathKeys::new(roots);
    walk.files.iter().any(|f| {
        let Some(st) = idx.state.files.get(&keys.key(f)) else {
            return true;
        };
        if st.meta != manifest_fingerprint(walk.manifest.get(f)) {
            return true;
        }
        match std::fs::metadata(f) {
            Ok(m) if m.len() != st.size => true,
            Ok(m) if st.mtime != 0 => mtime_of(&m) != st.mtime,
            // The mtime was too recent to trust when indexed: compare content.
            Ok(_) => std::fs::read(f).map_or(true, |b| content_hash(&b) != st.hash),
            Err(_) => true,
        }
    })
}
