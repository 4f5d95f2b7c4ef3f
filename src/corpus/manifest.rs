//! The manifest (`corpus.toml`): vendor, title, language, date and URL of
//! files whose names and text do not say.

use super::walk::{clean_path, io_reason, special_kind};
use super::{Walk, Warning};
use crate::error::{Error, Result};
use crate::model::Language;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// The manifest file name looked for in every corpus folder.
pub const MANIFEST: &str = "corpus.toml";

/// One `[[document]]` entry of a `corpus.toml`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    /// The file, relative to the manifest's folder.
    pub file: String,
    /// The vendor (the party whose terms these are).
    pub vendor: String,
    /// The document title.
    pub title: String,
    /// The document language, `de` or `en`; detected when absent.
    #[serde(default)]
    pub language: Option<String>,
    /// The date of the version ("Stand").
    #[serde(default)]
    pub date: Option<String>,
    /// Where the document was obtained.
    #[serde(default)]
    pub url: Option<String>,
}

impl ManifestEntry {
    /// The fixed language, if the entry gives a valid one.
    pub fn language(&self) -> Option<Language> {
        self.language.as_deref().and_then(Language::parse)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    #[serde(default)]
    document: Vec<ManifestEntry>,
}

pub(super) fn load_manifest(path: &Path, out: &mut Walk) {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        Ok(m) => {
            if let Some(kind) = special_kind(m.file_type()) {
                out.warnings.push(Warning {
                    path: path.to_path_buf(),
                    reason: format!("manifest not read: not a regular file ({kind})"),
                });
                return;
            }
        }
        Err(_) => {}
    }
    let src = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        Err(e) => {
            out.warnings.push(Warning {
                path: path.to_path_buf(),
                reason: format!("manifest not read: {}", io_reason(&e)),
            });
            return;
        }
    };
    match parse_manifest(&src, path) {
        Ok(entries) => {
            let dir = path.parent().unwrap_or(Path::new(""));
            // Where each entry starts, to name it in warnings.
            let headers: Vec<usize> = src
                .lines()
                .enumerate()
                .filter(|(_, l)| l.trim_start().starts_with("[[document]]"))
                .map(|(i, _)| i + 1)
                .collect();
            let place = |i: usize| match headers.get(i) {
                Some(line) if headers.len() == entries.len() => format!("line {line}"),
                _ => format!("document {}", i + 1),
            };
            let mut first: HashMap<PathBuf, String> = HashMap::new();
            for (i, e) in entries.iter().enumerate() {
                let target = clean_path(&dir.join(&e.file));
                let problem = manifest_mistake(e, dir, &target).or_else(|| {
                    first.get(&target).map(|at| {
                        format!("duplicate entry for {:?} (first at {at}), ignored", e.file)
                    })
                });
                if let Some(problem) = problem {
                    out.warnings.push(Warning {
                        path: path.to_path_buf(),
                        reason: format!("{}: {problem}", place(i)),
                    });
                    continue;
                }
                first.insert(target.clone(), place(i));
                out.manifest.insert(target, e.clone());
            }
        }
        Err(e) => out.warnings.push(Warning {
            path: path.to_path_buf(),
            reason: format!("manifest ignored: {e}"),
        }),
    }
}

/// The longest vendor name a manifest may give, in characters.
pub const MAX_VENDOR_CHARS: usize = 200;

/// What is wrong with a manifest entry that parses but cannot be right:
/// a file outside the manifest's folder or not there (perhaps only in
/// another case), or an unusable vendor. `None` when it is fine.
fn manifest_mistake(e: &ManifestEntry, dir: &Path, target: &Path) -> Option<String> {
    let file = Path::new(&e.file);
    if file.is_absolute() || file.components().any(|c| c == Component::ParentDir) {
        return Some(format!(
            "file {:?} is outside the manifest's folder, entry ignored",
            e.file
        ));
    }
    if e.vendor.chars().any(char::is_control) {
        return Some("vendor contains control characters, entry ignored".into());
    }
    let len = e.vendor.chars().count();
    if len > MAX_VENDOR_CHARS {
        return Some(format!(
            "vendor is {len} characters long (at most {MAX_VENDOR_CHARS}), entry ignored"
        ));
    }
    if std::fs::metadata(target).is_err() {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let folder = target.parent().filter(|p| !p.as_os_str().is_empty());
        let other = std::fs::read_dir(folder.unwrap_or(dir))
            .into_iter()
            .flatten()
            .flatten()
            .map(|d| d.file_name().to_string_lossy().into_owned())
            .find(|n| n.to_lowercase() == name);
        return Some(match other {
            Some(n) => format!(
                "no file {:?}, but {n:?} (names are case-sensitive), entry ignored",
                e.file
            ),
            None => format!("no file {:?}, entry ignored", e.file),
        });
    }
    None
}

/// Parses a `corpus.toml`. Errors name the line and the reason.
pub fn parse_manifest(src: &str, path: &Path) -> Result<Vec<ManifestEntry>> {
    let parsed: ManifestFile = toml::from_str(src).map_err(|e| {
        let line = e.span().map(|s| {
            src.as_bytes()[..s.start.min(src.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1
        });
        Error::Manifest {
            path: path.to_path_buf(),
            message: match line {
                Some(l) => format!("line {l}: {}", e.message()),
                None => e.message().to_string(),
            },
        }
    })?;
    for (i, d) in parsed.document.iter().enumerate() {
        if d.vendor.trim().is_empty() || d.title.trim().is_empty() || d.file.trim().is_empty() {
            return Err(Error::Manifest {
                path: path.to_path_buf(),
                message: format!("document {} has an empty file, vendor or title", i + 1),
            });
        }
        if d.language.is_some() && d.language().is_none() {
            return Err(Error::Manifest {
                path: path.to_path_buf(),
                message: format!(
                    "document {} ({}): language must be \"de\" or \"en\"",
                    i + 1,
                    d.file
                ),
            });
        }
    }
    Ok(parsed.document)
}
