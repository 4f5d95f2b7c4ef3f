//! The index folder on disk: which files are tantivy's, clearing and
//! collecting them, the writer lock, damage diagnosis and the guard that
//! turns damage into [`Error::Damaged`].

use crate::error::{Error, Result};
use crate::index::state::{is_states_file_name, read_states, Payload};
use crate::index::KlauselIndex;
use std::path::Path;
use tantivy::Index;

/// Whether a `klausel index` holds the writer lock of the index in `dir`
/// right now (the lock is an advisory lock on a file, released when its
/// holder exits, however it exits).
pub fn writer_running(dir: &Path) -> bool {
    if !dir.join(".tantivy-writer.lock").exists() {
        return false;
    }
    let Ok(mmap) = tantivy::directory::MmapDirectory::open(dir) else {
        return false;
    };
    matches!(
        tantivy::Directory::acquire_lock(&mmap, &tantivy::directory::INDEX_WRITER_LOCK),
        Err(tantivy::directory::error::LockError::LockBusy)
    )
}

/// Whether an I/O error says the folder may not be written.
pub(super) fn is_not_writable(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
}

/// Whether `name` is a file that tantivy or klausel writes into an index
/// folder: `meta.json`, `.managed.json`, its lock and temporary files,
/// segment files (`<32 hex digits>[.<opstamp>].<component>`) and klausel's
/// per-file states (`klausel-files-<32 hex digits>.json`).
pub(super) fn is_index_file_name(name: &str) -> bool {
    if matches!(name, "meta.json" | ".managed.json" | ".gitignore")
        || is_states_file_name(name)
        || (name.starts_with(".tantivy-") && name.ends_with(".lock"))
        || name.starts_with(".tmp")
    {
        return true;
    }
    // `<id>.idx`, `<id>.<opstamp>.del`, `<id>.store.temp` …
    let mut parts = name.split('.');
    let id = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    id.len() == 32
        && id.bytes().all(|b| b.is_ascii_hexdigit())
        && (1..=3).contains(&rest.len())
        && rest
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Whether `dir` holds nothing but what tantivy writes into an index folder
/// (or nothing at all): a folder klausel may create an index in, rebuild,
/// or clear. A folder with any other file is the user's, never touched.
pub fn is_index_folder(dir: &Path) -> Result<bool> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(true),
        Err(e) => return Err(Error::io(dir, e)),
    };
    for e in entries {
        let e = e.map_err(|e| Error::io(dir, e))?;
        let is_file = e.file_type().map(|t| t.is_file()).unwrap_or(false);
        if !is_file || !e.file_name().to_str().is_some_and(is_index_file_name) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Removes every index file from `dir` (not its lock files, which another
/// process may hold, nor `.gitignore`); only called on an index folder.
pub(super) fn clear_index_folder(dir: &Path) -> Result<()> {
    for e in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let e = e.map_err(|e| Error::io(dir, e))?;
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        if !is_index_file_name(name) || name == ".gitignore" || name.ends_with(".lock") {
            continue;
        }
        match std::fs::remove_file(e.path()) {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => return Err(Error::io(e.path(), err)),
        }
    }
    Ok(())
}

/// Removes the files of segments that no commit refers to: what a failed
/// or killed run wrote and never committed (after a disk-full failure, many
/// MB that would make every later run fail too). The caller holds the
/// writer lock, so no one is writing them; the meta lock keeps readers
/// from opening segments meanwhile. An index without `meta.json` never
/// committed, so all its segment files go. Returns how many files went.
pub(super) fn remove_orphans(dir: &Path) -> Result<usize> {
    let mut live_file = None;
    // Committed segments, each with the opstamp of its deletions file
    // (`None`: it has none).
    let live: std::collections::HashMap<String, Option<u64>> =
        match std::fs::read_to_string(dir.join("meta.json")) {
            Ok(text) => {
                let Ok(meta) = serde_json::from_str::<serde_json::Value>(&text) else {
                    // Damaged: left for `--rebuild`, which clears everything.
                    return Ok(0);
                };
                let Some(segments) = meta["segments"].as_array() else {
                    return Ok(0);
                };
                live_file = states_named(&meta);
                segments
                    .iter()
                    .filter_map(|s| {
                        let id = s["segment_id"].as_str()?.replace('-', "");
                        Some((id, s["deletes"]["opstamp"].as_u64()))
                    })
                    .collect()
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Default::default(),
            Err(e) => return Err(Error::io(dir.join("meta.json"), e)),
        };
    let mmap = tantivy::directory::MmapDirectory::open(dir).map_err(tantivy::TantivyError::from)?;
    let _meta_lock = tantivy::Directory::acquire_lock(&mmap, &tantivy::directory::META_LOCK)
        .map_err(|e| tantivy::TantivyError::LockFailure(e, None))?;
    let mut removed = 0;
    for e in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let e = e.map_err(|e| Error::io(dir, e))?;
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let orphan = if name.starts_with(".tmp") {
            true
        } else if is_states_file_name(name) {
            live_file.as_deref() != Some(name)
        } else if name.len() > 32 && is_index_file_name(name) && name.as_bytes()[32] == b'.' {
            match live.get(&name[..32]) {
                None => true,
                // A deletions file of a committed segment that its commit
                // does not name: written by a run killed before its commit.
                // Left, it blocks the next run that reaches the same opstamp
                // (tantivy will not overwrite it).
                Some(&deletes) => deletes_opstamp(name).is_some_and(|o| Some(o) != deletes),
            }
        } else {
            false
        };
        if orphan && std::fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

/// The opstamp of a deletions file name, `<id>.<opstamp>.del`.
fn deletes_opstamp(name: &str) -> Option<u64> {
    let rest = name.get(33..)?.strip_suffix(".del")?;
    rest.parse().ok()
}

/// The states file named by the payload of a parsed `meta.json`.
fn states_named(meta: &serde_json::Value) -> Option<String> {
    let payload = serde_json::from_str::<Payload>(meta["payload"].as_str()?).ok()?;
    Some(payload.states?.file)
}

/// The states file the last commit of the index at `dir` names, if any.
pub(super) fn live_states(dir: &Path) -> Option<String> {
    let text = std::fs::read(dir.join("meta.json")).ok()?;
    states_named(&serde_json::from_slice(&text).ok()?)
}

/// Removes the per-file states files other than those in `keep`: after a
/// commit, those of the commits before the last two. The one before is
/// kept for a reader that read that commit's `meta.json` just before the
/// commit and opens its states file just after. Best effort: a file still
/// open in a reader stays readable to it on Unix, and where one cannot be
/// removed the next run tries again.
pub(super) fn remove_states_but(dir: &Path, keep: &[&str]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        if name
            .to_str()
            .is_some_and(|n| is_states_file_name(n) && !keep.contains(&n))
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// After a failed run: removes what it wrote, if no other writer has taken
/// the index since (best effort; the next run collects what is left).
pub(super) fn remove_uncommitted(dir: &Path) {
    let Ok(mmap) = tantivy::directory::MmapDirectory::open(dir) else {
        return;
    };
    if let Ok(_writer_lock) =
        tantivy::Directory::acquire_lock(&mmap, &tantivy::directory::INDEX_WRITER_LOCK)
    {
        let _ = remove_orphans(dir);
    }
}

/// Whether a tantivy error is, at bottom, a full disk.
pub(super) fn is_disk_full(e: &tantivy::TantivyError) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::StorageFull {
                return true;
            }
        }
        source = s.source();
    }
    // Some of tantivy's errors keep the I/O error only in their Debug text.
    format!("{e:?}").contains("StorageFull")
}

/// Names what is damaged in the index at `dir`, for a message, or `None`
/// when every file is present and passes its checksum. Reads every segment
/// file, so it only runs once something has already gone wrong (or for
/// `klausel check`).
pub fn diagnose(dir: &Path) -> Option<String> {
    let json = |name: &str| -> Option<bool> {
        let text = std::fs::read(dir.join(name)).ok()?;
        Some(serde_json::from_slice::<serde_json::Value>(&text).is_ok())
    };
    match json("meta.json") {
        None => return Some("meta.json is missing or unreadable".into()),
        Some(false) => return Some("meta.json".into()),
        Some(true) => {}
    }
    if json(".managed.json") == Some(false) {
        return Some(".managed.json".into());
    }
    // The per-file states the last commit names: present, and the bytes
    // their name is the hash of.
    let states = std::fs::read(dir.join("meta.json"))
        .ok()
        .and_then(|t| serde_json::from_slice::<serde_json::Value>(&t).ok())
        .and_then(|meta| states_named(&meta));
    if let Some(Err(file)) = states.map(|name| read_states(dir, &name)) {
        return Some(file);
    }
    let found = std::panic::catch_unwind(|| -> Option<String> {
        let Ok(index) = Index::open_in_dir(dir) else {
            return Some("meta.json".into());
        };
        let Ok(meta) = index.load_metas() else {
            return Some("meta.json".into());
        };
        use tantivy::index::SegmentComponent as C;
        let mut missing: Vec<String> = Vec::new();
        for seg in &meta.segments {
            let mut parts = vec![
                C::Postings,
                C::Positions,
                C::Terms,
                C::Store,
                C::FastFields,
                C::FieldNorms,
            ];
            if seg.delete_opstamp().is_some() {
                parts.push(C::Delete);
            }
            for part in parts {
                let f = seg.relative_path(part);
                if !dir.join(&f).exists() {
                    missing.push(format!("{} is missing", f.display()));
                }
            }
        }
        if !missing.is_empty() {
            missing.sort();
            return Some(name_some(missing));
        }
        match index.validate_checksum() {
            Ok(bad) if bad.is_empty() => None,
            Ok(bad) => Some(name_some(
                bad.iter().map(|f| f.display().to_string()).collect(),
            )),
            Err(_) => Some("meta.json".into()),
        }
    });
    found.unwrap_or_else(|_| Some("meta.json".into()))
}

/// What `klausel check` found in an intact index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckReport {
    /// Files recorded in the last commit.
    pub files: usize,
    /// Records in the last commit.
    pub records: u64,
    /// Segments, each of whose files passed its checksum.
    pub segments: usize,
}

/// Verifies the index at `dir` the slow way: it opens as a klausel index,
/// every segment file of the last commit is present and passes its
/// checksum (reads every byte). Damage is [`Error::Damaged`].
pub fn check(dir: &Path) -> Result<CheckReport> {
    let idx = KlauselIndex::open(dir)?;
    if let Some(file) = diagnose(dir) {
        return Err(Error::Damaged {
            path: dir.to_path_buf(),
            file,
        });
    }
    let segments = guard(dir, || Ok(idx.index.searchable_segment_metas()?.len()))?;
    Ok(CheckReport {
        files: idx.state.files.len(),
        records: idx.state.files.values().map(|f| f.records).sum(),
        segments,
    })
}

/// At most three names, sorted, and how many more.
pub(super) fn name_some(mut names: Vec<String>) -> String {
    names.sort();
    let more = names.len().saturating_sub(3);
    names.truncate(3);
    let mut s = names.join(", ");
    if more > 0 {
        s.push_str(&format!(" and {more} more"));
    }
    s
}

/// Runs `f`, an operation on the index at `dir`, so that damage to the
/// index reaches the caller as [`Error::Damaged`]: a panic inside tantivy
/// (it trusts its files, and bit rot can make it index out of bounds) and a
/// tantivy error explained by a damaged file both become one. Other errors
/// pass through unchanged.
pub fn guard<T>(dir: &Path, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let damaged = |file: String| Error::Damaged {
        path: dir.to_path_buf(),
        file,
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(Err(Error::Tantivy(e))) if is_disk_full(&e) => Err(Error::DiskFull(dir.to_path_buf())),
        Ok(Err(Error::Tantivy(e))) => Err(match diagnose(dir) {
            Some(file) => damaged(file),
            None if matches!(
                e,
                tantivy::TantivyError::DataCorruption(_)
                    | tantivy::TantivyError::DeserializeError(_)
            ) =>
            {
                damaged("its segments do not match meta.json".into())
            }
            None => Error::Tantivy(e),
        }),
        Ok(other) => other,
        Err(_) => {
            Err(damaged(diagnose(dir).unwrap_or_else(|| {
                "its segments do not match meta.json".into()
            })))
        }
    }
}
