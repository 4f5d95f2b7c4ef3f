//! What klausel keeps with each commit: in its payload the format and
//! analysis fingerprints and the name of the per-file states file, which
//! holds per indexed file its hash, size, mtime, vendor and record count.
//! The states file is written before the commit that names it, and its name
//! is the hash of its bytes, so the state is always exactly as new as the
//! records it describes.

use crate::analysis;
use crate::corpus::ManifestEntry;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `format` tag in every klausel commit payload.
pub(super) const FORMAT: &str = "klausel-index";

/// State of one indexed file, kept in the states file of the commit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileState {
    /// xxh3-128 of the file's bytes, hex.
    pub hash: String,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch (0 if unknown).
    pub mtime: u128,
    /// Number of records indexed for the file.
    pub records: u64,
    /// The warning the file needed when it was read (e.g. a legacy
    /// encoding), repeated on every run while the file is unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
    /// The vendor of the file's records (listed by `compare` and matched by
    /// `vendor:` without reading any record).
    #[serde(default)]
    pub vendor: String,
    /// The `path` of the file's records, as given to `index` (the key of
    /// the state is the canonical path); empty in indexes written before,
    /// whose keys were these paths.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub path: String,
    /// Fingerprint of the file's manifest entry ([`manifest_fingerprint`]),
    /// empty without one: a changed entry re-indexes the file.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub meta: String,
}

impl FileState {
    /// The `path` field of the file's records; `key` is this state's key.
    pub fn records_path<'a>(&'a self, key: &'a str) -> &'a str {
        if self.path.is_empty() {
            key
        } else {
            &self.path
        }
    }
}

/// A fingerprint of a manifest entry's metadata (vendor, title, language,
/// date, url); empty for a file without an entry.
pub fn manifest_fingerprint(entry: Option<&ManifestEntry>) -> String {
    let Some(e) = entry else {
        return String::new();
    };
    let fields = [
        e.vendor.as_str(),
        e.title.as_str(),
        e.language.as_deref().unwrap_or(""),
        e.date.as_deref().unwrap_or(""),
        e.url.as_deref().unwrap_or(""),
    ];
    content_hash(fields.join("\u{0}").as_bytes())
}

/// The state of the last commit: its payload's header, and the per-file
/// states, which live in a file of their own ([`STATES_PREFIX`]) that the
/// payload names.
#[derive(Debug, Clone, Default)]
pub struct IndexState {
    /// Always `klausel-index`.
    pub format: String,
    /// [`SCHEMA_VERSION`] of the writer.
    pub schema_version: u32,
    /// Fingerprint of the analyzers (version and compound dictionary).
    pub analysis: String,
    /// Fingerprint of the thesaurus the index was built with.
    pub thesaurus: String,
    /// klausel version that wrote the commit.
    pub klausel: String,
    /// [`crate::records::RULES_VERSION`] of the writer (0 before there
    /// was one).
    pub records: u32,
    /// Indexed files by path.
    pub files: BTreeMap<String, FileState>,
}

/// What klausel keeps in each commit's payload: a few hundred bytes, so
/// that opening an index to search it (tantivy reads `meta.json`, which
/// holds the payload, on opening) costs the same for 5 files as for
/// 50,000. The per-file states are in the file `states` names, written and
/// synced before the commit whose payload names it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Payload {
    pub(super) format: String,
    pub(super) schema_version: u32,
    pub(super) analysis: String,
    pub(super) thesaurus: String,
    pub(super) klausel: String,
    /// [`crate::records::RULES_VERSION`]; absent (0) in payloads written
    /// before it was kept.
    #[serde(default)]
    pub(super) records: u32,
    /// Absent in payloads before schema version 8 (whose per-file states
    /// were a `files` map here, skipped unread).
    #[serde(default)]
    pub(super) states: Option<StatesRef>,
}

/// The per-file states of a commit: the file that holds them, and how many
/// files it records.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(super) struct StatesRef {
    /// `klausel-files-<xxh3-128 of its bytes>.json`, in the index folder.
    pub(super) file: String,
    /// How many files it records.
    pub(super) files: usize,
}

/// How every per-file states file's name starts.
pub(super) const STATES_PREFIX: &str = "klausel-files-";

/// The name of the states file with these bytes.
pub(super) fn states_file_name(bytes: &[u8]) -> String {
    format!("{STATES_PREFIX}{}.json", content_hash(bytes))
}

/// Whether `name` is a per-file states file's name:
/// `klausel-files-<32 hex digits>.json`.
pub(super) fn is_states_file_name(name: &str) -> bool {
    name.strip_prefix(STATES_PREFIX)
        .and_then(|rest| rest.strip_suffix(".json"))
        .is_some_and(|h| h.len() == 32 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Why a states file cannot be used: it is missing, or its bytes are not
/// the ones its name is the hash of, or they do not parse. The string names
/// the file, for [`crate::error::Error::Damaged`].
pub(super) fn read_states(
    dir: &std::path::Path,
    name: &str,
) -> std::result::Result<BTreeMap<String, FileState>, String> {
    let bytes = std::fs::read(dir.join(name)).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("{name} is missing"),
        _ => format!("{name} is unreadable"),
    })?;
    parse_states(name, &bytes)
}

/// The states in `bytes`, read from the file `name` (see [`read_states`]).
pub(super) fn parse_states(
    name: &str,
    bytes: &[u8],
) -> std::result::Result<BTreeMap<String, FileState>, String> {
    if !is_states_file_name(name) || states_file_name(bytes) != name {
        return Err(name.to_string());
    }
    serde_json::from_slice(bytes).map_err(|_| name.to_string())
}

/// Fingerprint of the analysis chain; a change means the index must be rebuilt.
pub fn analysis_fingerprint() -> String {
    analysis::fingerprint()
}

/// Fingerprint of the builtin thesaurus.
pub fn thesaurus_fingerprint() -> String {
    format!("{:016x}", crate::thesaurus::fingerprint())
}

/// The content hash kept in [`FileState::hash`].
pub(super) fn content_hash(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}
