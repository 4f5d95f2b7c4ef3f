//! Walking the roots: the indexable files, sorted and deduplicated, and a
//! warning for everything passed over.

use super::manifest::{load_manifest, MANIFEST};
use super::{Walk, Warning};
use std::path::{Component, Path, PathBuf};

/// Cleans a user-given path for display and identity: drops `./` components
/// so that `./corpus/a.txt` and `corpus/a.txt` are the same file.
pub fn clean_path(path: &Path) -> PathBuf {
    let cleaned: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if cleaned.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        cleaned
    }
}

fn is_indexable(path: &Path) -> bool {
    crate::extract::Format::from_path(path).is_some()
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') && n.len() > 1)
}

/// Walks `roots` recursively and collects the files klausel reads
/// (.txt, .md, .pdf, .html, .docx).
///
/// Symbolic links are followed; broken links, link loops and unreadable
/// folders become warnings. Files with other extensions are reported too,
/// except hidden files and manifests.
pub fn walk(roots: &[PathBuf]) -> Walk {
    let mut out = Walk::default();
    let mut seen = std::collections::HashSet::new();
    for root in roots {
        let root = clean_path(root);
        let meta = match std::fs::metadata(&root) {
            Ok(m) => m,
            Err(e) => {
                out.skipped += 1;
                out.warnings.push(Warning {
                    path: root.clone(),
                    reason: io_reason(&e),
                });
                continue;
            }
        };
        if meta.is_file() {
            if seen.insert(root.clone()) {
                out.files.push(root.clone());
            }
            if let Some(dir) = root.parent() {
                load_manifest(&dir.join(MANIFEST), &mut out);
            }
            continue;
        }
        let walker = walkdir::WalkDir::new(&root)
            .follow_links(true)
            .sort_by_file_name();
        let mut it = walker.into_iter();
        loop {
            let entry = match it.next() {
                None => break,
                Some(Ok(e)) => e,
                Some(Err(e)) => {
                    let path = e
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.clone());
                    let reason = if e.loop_ancestor().is_some() {
                        "symbolic link loop, skipped".to_string()
                    } else if let Some(io) = e.io_error() {
                        if io.kind() == std::io::ErrorKind::NotFound {
                            "broken symbolic link, skipped".to_string()
                        } else {
                            io_reason(io)
                        }
                    } else {
                        e.to_string()
                    };
                    out.skipped += 1;
                    out.warnings.push(Warning {
                        path: clean_path(&path),
                        reason,
                    });
                    continue;
                }
            };
            let path = clean_path(entry.path());
            if entry.depth() > 0 && is_hidden(&path) {
                if entry.file_type().is_dir() {
                    it.skip_current_dir();
                }
                continue;
            }
            if entry.file_type().is_dir() {
                load_manifest(&path.join(MANIFEST), &mut out);
                continue;
            }
            if path.file_name().and_then(|n| n.to_str()) == Some(MANIFEST) {
                continue;
            }
            if !is_indexable(&path) {
                out.skipped += 1;
                out.warnings.push(Warning {
                    path,
                    reason: "not a .txt, .md, .pdf, .html or .docx file, skipped".into(),
                });
                continue;
            }
            // Reading a FIFO blocks forever and a device never ends: only
            // regular files (or links to them) are read.
            if let Some(kind) = special_kind(entry.file_type()) {
                out.skipped += 1;
                out.warnings.push(Warning {
                    path,
                    reason: format!("not a regular file ({kind}), skipped"),
                });
                continue;
            }
            if seen.insert(path.clone()) {
                out.files.push(path);
            }
        }
    }
    out.files.sort();
    out
}

/// What a file that is not a regular file is (after following links), or
/// `None` for a regular file.
pub fn special_kind(t: std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if t.is_file() {
        None
    } else if t.is_fifo() {
        Some("a FIFO")
    } else if t.is_socket() {
        Some("a socket")
    } else if t.is_char_device() || t.is_block_device() {
        Some("a device")
    } else {
        Some("an unknown kind of file")
    }
}

pub(super) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied, skipped".into(),
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        _ => format!("{e}, skipped"),
    }
}
