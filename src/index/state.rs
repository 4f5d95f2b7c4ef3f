//! What klausel keeps in each commit's payload: the format and analysis
//! fingerprints, and per indexed file its hash, size, mtime, vendor and
//! record count. The payload travels with the commit, so it is always
//! exactly as new as the records it describes.

use crate::analysis;
use crate::corpus::ManifestEntry;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `format` tag in every klausel commit payload.
pub(super) const FORMAT: &str = "klausel-index";

/// State of one indexed file, kept in the commit payload.
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

/// What klausel keeps in each commit's payload.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
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
    /// Indexed files by path.
    pub files: BTreeMap<String, FileState>,
}

/// Fingerprint of the analysis chain; a change means the index must be rebuilt.
pub fn analysis_fingerprint() -> String {
    analysis::fingerprint()
}

/// Fingerprint of the builtin thesaurus.
pub fn thesaurus_fingerprint() -> String {
    format!("{:016x}", crate::thesaurus::fingerprint())
}

/// A commit payload whose `files` were only checked, not read.
pub(super) struct Unread {
    pub(super) payload: String,
    pub(super) any_files: bool,
}

/// The payload as [`KlauselIndex::open_for_search`] reads it: the header,
/// and whether `files` has any entry (skipped, not read: about 1 MB of JSON
/// for 6,000 files, 2.5 ms of a 20 ms one-shot search).
#[derive(Deserialize)]
pub(super) struct PayloadHeader {
    pub(super) format: String,
    pub(super) schema_version: u32,
    pub(super) analysis: String,
    pub(super) thesaurus: String,
    pub(super) klausel: String,
    pub(super) files: AnyEntries,
}

/// Whether a JSON map has entries; the entries themselves are skipped.
pub(super) struct AnyEntries(pub(super) bool);

impl<'de> Deserialize<'de> for AnyEntries {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = AnyEntries;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<AnyEntries, A::Error> {
                use serde::de::IgnoredAny;
                let any = map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some();
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(AnyEntries(any))
            }
        }
        d.deserialize_map(Visitor)
    }
}

/// The content hash kept in [`FileState::hash`].
pub(super) fn content_hash(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}
