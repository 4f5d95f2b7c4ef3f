//! The tantivy index: its schema, building it from a corpus (incrementally),
//! and opening it again.
//!
//! The index advances only by complete tantivy commits. The per-file state
//! that incremental indexing needs (content hash, size, mtime, record count)
//! travels in the commit payload, so it is always exactly as new as the
//! records it describes: a run killed at any point leaves the last commit and
//! its state intact, and the next run redoes whatever that commit lacks.

use crate::analysis;
use crate::chunk;
use crate::citation;
use crate::corpus::{self, ManifestEntry, Warning};
use crate::error::{Error, Result};
use crate::lang;
use crate::model::{Chunked, DocKind, Language};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
    STRING,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexSettings, IndexWriter, TantivyDocument, Term};

/// Version of the schema and record layout. Bump on any incompatible change.
pub const SCHEMA_VERSION: u32 = 2;

/// The `format` tag in every klausel commit payload.
const FORMAT: &str = "klausel-index";

/// The fields of klausel's schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Record id: `path#ordinal`.
    pub id: Field,
    /// Source file as given to `index`.
    pub path: Field,
    /// Position of the record within its file (0-based).
    pub ord: Field,
    /// Vendor, for display.
    pub vendor: Field,
    /// Vendor, folded for filtering (lowercase, no accents).
    pub vendor_key: Field,
    /// Document title.
    pub document: Field,
    /// Document kind (`terms`, `privacy`, ...).
    pub kind: Field,
    /// Normalised section number, e.g. `§ 23`.
    pub section: Field,
    /// Section number folded for filtering: `23`.
    pub section_key: Field,
    /// Normalised clause number, e.g. `(7)`.
    pub clause: Field,
    /// Citation label, e.g. `§ 23 (7)`.
    pub label: Field,
    /// Label folded for lookup by `show`.
    pub label_key: Field,
    /// Heading path joined with ` › `.
    pub heading_path: Field,
    /// The clause text as in the file.
    pub text: Field,
    /// Clause text analysed as German (only for German records).
    pub body_de: Field,
    /// Clause text analysed as English (only for English records).
    pub body_en: Field,
    /// Heading path analysed as German.
    pub head_de: Field,
    /// Heading path analysed as English.
    pub head_en: Field,
    /// `de` or `en`.
    pub lang: Field,
    /// Normalised statute citations (every containment key).
    pub cites: Field,
    /// First line, 1-based.
    pub line_start: Field,
    /// Last line, 1-based.
    pub line_end: Field,
    /// Byte range start in the decoded file text.
    pub byte_start: Field,
    /// Byte range end.
    pub byte_end: Field,
    /// `clause`, or `heading` for a heading with no body.
    pub record_type: Field,
    /// Hash of the whitespace-normalised text, to collapse identical clauses.
    pub text_hash: Field,
}

/// Builds klausel's schema.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analysed = |name: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(name)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let stored_u64 = NumericOptions::default().set_stored();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        path: b.add_text_field("path", STRING | STORED),
        ord: b.add_u64_field("ord", NumericOptions::default().set_stored().set_indexed()),
        vendor: b.add_text_field("vendor", STORED),
        vendor_key: b.add_text_field("vendor_key", STRING | FAST),
        document: b.add_text_field("document", STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        section: b.add_text_field("section", STORED),
        section_key: b.add_text_field("section_key", STRING),
        clause: b.add_text_field("clause", STORED),
        label: b.add_text_field("label", STORED),
        label_key: b.add_text_field("label_key", STRING),
        heading_path: b.add_text_field("heading_path", STORED),
        text: b.add_text_field("text", STORED),
        body_de: b.add_text_field("body_de", analysed(analysis::DE)),
        body_en: b.add_text_field("body_en", analysed(analysis::EN)),
        head_de: b.add_text_field("head_de", analysed(analysis::DE)),
        head_en: b.add_text_field("head_en", analysed(analysis::EN)),
        lang: b.add_text_field("lang", STRING | STORED),
        cites: b.add_text_field("cites", STRING | STORED),
        line_start: b.add_u64_field("line_start", stored_u64.clone()),
        line_end: b.add_u64_field("line_end", stored_u64.clone()),
        byte_start: b.add_u64_field("byte_start", stored_u64.clone()),
        byte_end: b.add_u64_field("byte_end", stored_u64),
        record_type: b.add_text_field("record_type", STRING | STORED),
        text_hash: b.add_u64_field("text_hash", NumericOptions::default().set_stored()),
    };
    (b.build(), fields)
}

/// Folds a name for matching: lowercase, accents and umlauts removed, runs
/// of non-alphanumerics turned into one space. `Actimi GmbH` → `actimi gmbh`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        let mapped: &str = match c {
            'ä' | 'à' | 'á' | 'â' | 'ã' | 'å' => "a",
            'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ø' => "o",
            'ü' | 'ù' | 'ú' | 'û' => "u",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'í' | 'ì' | 'î' | 'ï' => "i",
            'ç' => "c",
            'ñ' => "n",
            'ß' => "ss",
            _ => "",
        };
        if !mapped.is_empty() {
            out.push_str(mapped);
            space = false;
        } else if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space && !out.is_empty() {
            out.push(' ');
            space = true;
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Folds a section or clause label for lookup: `§ 23` → `23`, `§ 23 (7)` → `23 7`.
pub fn label_key(s: &str) -> String {
    fold(&s.replace(['§', '.'], " "))
        .trim_start_matches("section ")
        .trim_start_matches("art ")
        .to_string()
}

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

/// An open klausel index.
pub struct KlauselIndex {
    /// The tantivy index, with klausel's analyzers registered.
    pub index: Index,
    /// The schema's fields.
    pub fields: Fields,
    /// The index folder.
    pub dir: PathBuf,
    /// The state stored with the last commit. Its `files` are empty when
    /// the index was opened with [`KlauselIndex::open_for_search`]; then
    /// [`KlauselIndex::files`] reads them.
    pub state: IndexState,
    /// The payload whose per-file states were left unread on opening.
    unread: Option<Unread>,
    /// Whether the index has no commit yet (a first build is running, or
    /// was killed before its first commit).
    uncommitted: bool,
}

/// A commit payload whose `files` were only checked, not read.
struct Unread {
    payload: String,
    any_files: bool,
}

/// The payload as [`KlauselIndex::open_for_search`] reads it: the header,
/// and whether `files` has any entry (skipped, not read: about 1 MB of JSON
/// for 6,000 files, 2.5 ms of a 20 ms one-shot search).
#[derive(Deserialize)]
struct PayloadHeader {
    format: String,
    schema_version: u32,
    analysis: String,
    thesaurus: String,
    klausel: String,
    files: AnyEntries,
}

/// Whether a JSON map has entries; the entries themselves are skipped.
struct AnyEntries(bool);

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

impl KlauselIndex {
    /// Opens an existing index, checking that this klausel can read it.
    pub fn open(dir: &Path) -> Result<KlauselIndex> {
        Self::open_with(dir, true)
    }

    /// Opens an existing index to search it: checked as by
    /// [`KlauselIndex::open`], but the per-file states, which only indexing
    /// and the vendor list need, are read by [`KlauselIndex::files`] when
    /// asked for.
    pub fn open_for_search(dir: &Path) -> Result<KlauselIndex> {
        Self::open_with(dir, false)
    }

    /// The per-file states of the last commit.
    pub fn files(&self) -> Result<std::borrow::Cow<'_, BTreeMap<String, FileState>>> {
        match &self.unread {
            None => Ok(std::borrow::Cow::Borrowed(&self.state.files)),
            Some(u) => serde_json::from_str::<IndexState>(&u.payload)
                .map(|state| std::borrow::Cow::Owned(state.files))
                .map_err(|_| Error::IncompatibleIndex {
                    path: self.dir.clone(),
                    found: "unreadable klausel metadata".into(),
                }),
        }
    }

    /// Whether the last commit records any file.
    fn has_files(&self) -> bool {
        self.unread
            .as_ref()
            .map_or(!self.state.files.is_empty(), |u| u.any_files)
    }

    fn open_with(dir: &Path, read_files: bool) -> Result<KlauselIndex> {
        if !dir.join("meta.json").exists() {
            return Err(Error::NoIndex(dir.to_path_buf()));
        }
        guard(dir, || Self::open_checked(dir, read_files))
    }

    fn open_checked(dir: &Path, read_files: bool) -> Result<KlauselIndex> {
        let incompatible = |found: String| Error::IncompatibleIndex {
            path: dir.to_path_buf(),
            found,
        };
        let mmap =
            tantivy::directory::MmapDirectory::open(dir).map_err(tantivy::TantivyError::from)?;
        let index = Index::open(ReadableDir(mmap))?;
        let meta = index.load_metas()?;
        let unreadable = || incompatible("unreadable klausel metadata".into());
        let uncommitted = meta.payload.is_none() && meta.segments.is_empty();
        let mut unread = None;
        let state = match meta.payload {
            // A fresh index with no commit yet.
            None if meta.segments.is_empty() => IndexState {
                format: FORMAT.into(),
                schema_version: SCHEMA_VERSION,
                analysis: analysis_fingerprint(),
                ..IndexState::default()
            },
            None => return Err(incompatible("no klausel metadata".into())),
            Some(p) if read_files => {
                serde_json::from_str::<IndexState>(&p).map_err(|_| unreadable())?
            }
            Some(p) => {
                let h = serde_json::from_str::<PayloadHeader>(&p).map_err(|_| unreadable())?;
                unread = Some(Unread {
                    payload: p,
                    any_files: h.files.0,
                });
                IndexState {
                    format: h.format,
                    schema_version: h.schema_version,
                    analysis: h.analysis,
                    thesaurus: h.thesaurus,
                    klausel: h.klausel,
                    files: BTreeMap::new(),
                }
            }
        };
        if state.format != FORMAT {
            return Err(incompatible(format!("format {:?}", state.format)));
        }
        if state.schema_version != SCHEMA_VERSION {
            return Err(incompatible(format!(
                "schema version {}, this klausel reads {}",
                state.schema_version, SCHEMA_VERSION
            )));
        }
        if state.analysis != analysis_fingerprint() {
            return Err(incompatible(format!(
                "analyzers {}, this klausel uses {}",
                state.analysis,
                analysis_fingerprint()
            )));
        }
        let (expected, fields) = schema();
        if index.schema() != expected {
            return Err(incompatible("a different schema".into()));
        }
        analysis::register_analyzers(index.tokenizers());
        Ok(KlauselIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
            state,
            unread,
            uncommitted,
        })
    }

    /// Whether the index has no commit yet: nothing was ever indexed into
    /// it, or its first `klausel index` is still running (see
    /// [`writer_running`]) or was killed before its first commit.
    pub fn is_uncommitted(&self) -> bool {
        self.uncommitted
    }

    /// Why the index may give outdated answers, if it may: built with
    /// another thesaurus.
    pub fn staleness(&self) -> Option<String> {
        (self.has_files() && self.state.thesaurus != thesaurus_fingerprint()).then(
            || {
                format!(
                    "the index at {} was built with another thesaurus; run `klausel index` to refresh it",
                    self.dir.display()
                )
            },
        )
    }
}

/// The index folder as tantivy sees it, with one difference: a reader
/// takes tantivy's meta lock (a file) while it opens the segments, which
/// fails where the user may not write (another user's index, a read-only
/// mount). No writer can change such an index under the reader, so opening
/// goes on without that lock; every other lock and operation is tantivy's.
#[derive(Debug, Clone)]
struct ReadableDir(tantivy::directory::MmapDirectory);

impl tantivy::Directory for ReadableDir {
    fn get_file_handle(
        &self,
        path: &Path,
    ) -> std::result::Result<
        std::sync::Arc<dyn tantivy::directory::FileHandle>,
        tantivy::directory::error::OpenReadError,
    > {
        self.0.get_file_handle(path)
    }

    fn open_read(
        &self,
        path: &Path,
    ) -> std::result::Result<tantivy::directory::FileSlice, tantivy::directory::error::OpenReadError>
    {
        self.0.open_read(path)
    }

    fn delete(
        &self,
        path: &Path,
    ) -> std::result::Result<(), tantivy::directory::error::DeleteError> {
        self.0.delete(path)
    }

    fn exists(
        &self,
        path: &Path,
    ) -> std::result::Result<bool, tantivy::directory::error::OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(
        &self,
        path: &Path,
    ) -> std::result::Result<tantivy::directory::WritePtr, tantivy::directory::error::OpenWriteError>
    {
        self.0.open_write(path)
    }

    fn atomic_read(
        &self,
        path: &Path,
    ) -> std::result::Result<Vec<u8>, tantivy::directory::error::OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.0.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.0.sync_directory()
    }

    fn acquire_lock(
        &self,
        lock: &tantivy::directory::Lock,
    ) -> std::result::Result<tantivy::directory::DirectoryLock, tantivy::directory::error::LockError>
    {
        use tantivy::directory::error::LockError;
        match self.0.acquire_lock(lock) {
            Err(LockError::IoError(e))
                if lock.filepath == tantivy::directory::META_LOCK.filepath
                    && is_not_writable(&e) =>
            {
                Ok(tantivy::directory::DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(
        &self,
        callback: tantivy::directory::WatchCallback,
    ) -> tantivy::Result<tantivy::directory::WatchHandle> {
        self.0.watch(callback)
    }
}

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
fn is_not_writable(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
}

/// Whether `name` is a file that tantivy writes into an index folder:
/// `meta.json`, `.managed.json`, its lock and temporary files, and segment
/// files (`<32 hex digits>[.<opstamp>].<component>`).
fn is_index_file_name(name: &str) -> bool {
    if matches!(name, "meta.json" | ".managed.json" | ".gitignore")
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
fn clear_index_folder(dir: &Path) -> Result<()> {
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
fn remove_orphans(dir: &Path) -> Result<usize> {
    let live: std::collections::HashSet<String> =
        match std::fs::read_to_string(dir.join("meta.json")) {
            Ok(text) => {
                let Ok(meta) = serde_json::from_str::<serde_json::Value>(&text) else {
                    // Damaged: left for `--rebuild`, which clears everything.
                    return Ok(0);
                };
                let Some(segments) = meta["segments"].as_array() else {
                    return Ok(0);
                };
                segments
                    .iter()
                    .filter_map(|s| s["segment_id"].as_str())
                    .map(|id| id.replace('-', ""))
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
        } else {
            name.len() > 32
                && is_index_file_name(name)
                && name.as_bytes()[32] == b'.'
                && !live.contains(&name[..32])
        };
        if orphan && std::fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

/// After a failed run: removes what it wrote, if no other writer has taken
/// the index since (best effort; the next run collects what is left).
fn remove_uncommitted(dir: &Path) {
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
fn is_disk_full(e: &tantivy::TantivyError) -> bool {
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
fn name_some(mut names: Vec<String>) -> String {
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

/// Options for [`build`].
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Files and folders to index.
    pub roots: Vec<PathBuf>,
    /// Index folder.
    pub dir: PathBuf,
    /// Indexing threads (tantivy writer threads and chunking workers).
    pub threads: usize,
    /// tantivy's memory budget in MB, shared by the writer threads.
    pub memory_mb: usize,
    /// Start from scratch.
    pub rebuild: bool,
    /// Wait for another writer instead of failing.
    pub wait: bool,
    /// Show a progress bar on stderr.
    pub progress: bool,
    /// Files larger than this are skipped with a warning.
    pub max_file_bytes: u64,
    /// Commit after reading this many bytes, so that a killed long run
    /// keeps its work (the last commit is what searches see).
    pub commit_every_bytes: u64,
    /// Commit after this long, for the same reason.
    pub commit_every: Duration,
}

/// The default of [`BuildOptions::max_file_bytes`]: 256 MB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 256_000_000;

impl BuildOptions {
    /// Defaults for this machine: one thread per core (at most 8), 256 MB.
    pub fn new(roots: Vec<PathBuf>, dir: PathBuf) -> BuildOptions {
        BuildOptions {
            roots,
            dir,
            threads: default_threads(),
            memory_mb: 256,
            rebuild: false,
            wait: false,
            progress: false,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            commit_every_bytes: 1_000_000_000,
            commit_every: Duration::from_secs(60),
        }
    }
}

/// One thread per core, at most 8.
pub fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 8)
}

/// What an index run did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct BuildReport {
    /// Files seen in the corpus (indexable ones).
    pub files: usize,
    /// New files indexed.
    pub added: usize,
    /// Changed files re-indexed.
    pub updated: usize,
    /// Files removed from the index.
    pub removed: usize,
    /// Files skipped because they did not change.
    pub unchanged: usize,
    /// Files skipped with a warning: passed over by the walk (not .txt or
    /// .md, not a regular file, too large, unreadable) or found unusable
    /// when read (empty, binary).
    pub skipped: usize,
    /// Records written in this run.
    pub clauses: u64,
    /// Records in the index after the run.
    pub total_clauses: u64,
    /// Commits made (long runs commit every `commit_every_bytes` or
    /// `commit_every`).
    pub commits: usize,
    /// Bytes read and indexed in this run.
    pub bytes: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Peak resident memory of the process in bytes, where the OS tells.
    pub peak_rss: Option<u64>,
    /// Warnings, one per file.
    #[serde(skip)]
    pub warnings: Vec<Warning>,
}

impl BuildReport {
    /// MB/s over the bytes indexed in this run.
    pub fn mb_per_s(&self) -> f64 {
        if self.seconds > 0.0 {
            self.bytes as f64 / 1e6 / self.seconds
        } else {
            0.0
        }
    }

    /// Records per second in this run.
    pub fn clauses_per_s(&self) -> f64 {
        if self.seconds > 0.0 {
            self.clauses as f64 / self.seconds
        } else {
            0.0
        }
    }
}

/// Peak resident set size of this process (Linux `VmHWM`).
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn mtime_of(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// How long after a write a file's mtime may still be shared by a later
/// write: file systems keep mtimes in ticks of up to 2 s (FAT; ext4 and
/// tmpfs tick with the kernel's coarse clock).
const MTIME_TICK: Duration = Duration::from_secs(2);

/// The mtime to record for a file just read: 0 (never equal, so the next
/// run compares the hash) when the mtime is so recent, or in the future,
/// that a same-size write after our read could leave it unchanged.
fn recorded_mtime(meta: &std::fs::Metadata) -> u128 {
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

/// The content hash kept in [`FileState::hash`].
fn content_hash(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// A file's path as given to `index` (root joined with the walked path):
/// what its records show and cite.
fn shown_path(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// File identity in the commit payload: the walked path with its root
/// replaced by the root's canonical absolute path, so that `corpus`,
/// `./corpus` and `/home/me/corpus` name the same files (switching between
/// them re-reads nothing). Each root is canonicalised once; the files below
/// it keep their walked names (a link inside the corpus stays a file of its
/// own).
struct PathKeys {
    /// (root as walked, its canonical path), longest first.
    roots: Vec<(PathBuf, PathBuf)>,
}

impl PathKeys {
    fn new(roots: &[PathBuf]) -> PathKeys {
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

    fn key(&self, p: &Path) -> String {
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

/// How new indexes store records. Clause records are small and repeat their
/// path, vendor and title, so zstd (level 1) over 32 KB blocks stores them in
/// about 40% less space than tantivy's default (lz4, 16 KB) with no measurable
/// cost for top-10 search; compression runs on tantivy's doc store thread.
fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_blocksize: 32 * 1024,
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(1),
        }),
        ..IndexSettings::default()
    }
}

fn open_or_create(dir: &Path, rebuild: bool) -> Result<KlauselIndex> {
    // Only write into, or clear, what is recognisably an index (or an empty
    // folder): never a folder the user pointed at by mistake, such as the
    // corpus itself.
    if (rebuild || !dir.join("meta.json").exists()) && !is_index_folder(dir)? {
        return Err(Error::Invalid(format!(
            "{} is not empty and holds no klausel index; refusing to {} it",
            dir.display(),
            if rebuild {
                "rebuild over"
            } else {
                "index into"
            }
        )));
    }
    if !rebuild && dir.join("meta.json").exists() {
        return KlauselIndex::open(dir);
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    if rebuild && dir.join("meta.json").exists() {
        // Recreate: tantivy refuses to create over an existing index, so
        // start the new index with an empty commit replacing everything.
        let index = Index::open_in_dir(dir)?;
        let (schema, fields) = schema();
        if index.schema() == schema {
            analysis::register_analyzers(index.tokenizers());
            return Ok(KlauselIndex {
                index,
                fields,
                dir: dir.to_path_buf(),
                state: IndexState::default(),
                unread: None,
                uncommitted: true,
            });
        }
        clear_index_folder(dir)?;
    }
    let (schema, fields) = schema();
    let created = Index::builder()
        .schema(schema)
        .settings(index_settings())
        .create_in_dir(dir);
    let index = match created {
        Ok(index) => index,
        // Another `klausel index` created it since we looked: use theirs.
        Err(tantivy::TantivyError::IndexAlreadyExists) if !rebuild => {
            return KlauselIndex::open(dir)
        }
        Err(e) => return Err(e.into()),
    };
    analysis::register_analyzers(index.tokenizers());
    Ok(KlauselIndex {
        index,
        fields,
        dir: dir.to_path_buf(),
        state: IndexState::default(),
        unread: None,
        uncommitted: true,
    })
}

fn acquire_writer(idx: &KlauselIndex, opts: &BuildOptions) -> Result<IndexWriter> {
    let threads = opts.threads.clamp(1, 8);
    // tantivy needs at least 15 MB per writer thread.
    let per_thread = (opts.memory_mb.max(15 * threads) * 1_000_000 / threads).max(15_000_000);
    let deadline = Instant::now() + Duration::from_secs(24 * 3600);
    loop {
        match idx
            .index
            .writer_with_num_threads::<TantivyDocument>(threads, per_thread * threads)
        {
            Ok(w) => return Ok(w),
            Err(tantivy::TantivyError::LockFailure(
                tantivy::directory::error::LockError::IoError(e),
                _,
            )) => {
                return Err(Error::NotWritable {
                    path: idx.dir.clone(),
                    reason: if e.kind() == std::io::ErrorKind::ReadOnlyFilesystem {
                        "read-only file system".into()
                    } else if e.kind() == std::io::ErrorKind::PermissionDenied {
                        "permission denied".into()
                    } else {
                        e.to_string()
                    },
                })
            }
            Err(tantivy::TantivyError::LockFailure(..)) => {
                if !opts.wait || Instant::now() > deadline {
                    return Err(Error::Locked(idx.dir.clone()));
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Indexes the corpus under `opts.roots` into `opts.dir`, incrementally:
/// unchanged files are skipped, changed files replaced, vanished files removed.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    // A mistyped root must not read as "every file under it was deleted".
    for root in &opts.roots {
        if std::fs::symlink_metadata(root).is_err() {
            return Err(Error::Invalid(format!(
                "{}: no such file or folder; nothing was indexed",
                root.display()
            )));
        }
    }
    let result = match guard(&opts.dir, || build_in(opts, started)) {
        // `--rebuild` always works on an index folder, however damaged:
        // its files are removed and the index is made anew.
        Err(Error::Damaged { .. }) if opts.rebuild => {
            clear_index_folder(&opts.dir)?;
            guard(&opts.dir, || build_in(opts, started))
        }
        other => other,
    };
    match result {
        Err(e @ (Error::Tantivy(_) | Error::Io { .. } | Error::DiskFull(_))) => {
            remove_uncommitted(&opts.dir);
            Err(e)
        }
        other => other,
    }
}

fn build_in(opts: &BuildOptions, started: Instant) -> Result<BuildReport> {
    let mut idx = open_or_create(&opts.dir, opts.rebuild)?;
    let mut writer = acquire_writer(&idx, opts)?;
    // What an earlier run wrote and never committed goes first: after a
    // disk-full failure it would make this run fail too.
    remove_orphans(&opts.dir)?;
    // Re-read the state under the lock: another writer may have committed
    // between our open and the lock.
    if !opts.rebuild {
        if let Ok(fresh) = KlauselIndex::open(&opts.dir) {
            idx.state = fresh.state;
        }
    }
    // Decided on the state read under the lock, never on the one before it:
    // otherwise a run that waited for another would delete its documents
    // while keeping its file states.
    let rebuilding = opts.rebuild || idx.state.files.is_empty();
    let walk = corpus::walk(&opts.roots);
    let mut report = BuildReport {
        files: walk.files.len(),
        skipped: walk.skipped,
        warnings: walk.warnings,
        ..BuildReport::default()
    };
    let old_files = if opts.rebuild {
        BTreeMap::new()
    } else {
        idx.state.files.clone()
    };
    if rebuilding {
        writer.delete_all_documents()?;
    }

    // Decide per file: unchanged (size, mtime and manifest entry equal), or
    // to be read.
    let keys = PathKeys::new(&opts.roots);
    let mut todo: Vec<Todo> = Vec::new();
    let mut new_files: BTreeMap<String, FileState> = BTreeMap::new();
    // A set of the walked files' keys: one lookup per old file, not a scan
    // of every walked path (quadratic: 47 s for a no-change run at 40k
    // files). It also drops a file reached through two spellings of one
    // root (`corpus` and `/abs/corpus`).
    let mut walked: std::collections::HashSet<String> = std::collections::HashSet::new();
    for f in &walk.files {
        let key = keys.key(f);
        if !walked.insert(key.clone()) {
            report.files -= 1;
            continue;
        }
        let old = old_files.get(&key).cloned();
        let meta = manifest_fingerprint(walk.manifest.get(f));
        if let (Some(o), Ok(m)) = (&old, std::fs::metadata(f)) {
            if m.len() == o.size && mtime_of(&m) == o.mtime && o.meta == meta {
                if let Some(reason) = &o.warning {
                    report.warnings.push(Warning {
                        path: f.clone(),
                        reason: reason.clone(),
                    });
                }
                new_files.insert(key, o.clone());
                report.unchanged += 1;
                continue;
            }
        }
        todo.push(Todo {
            path: f.clone(),
            key,
            old,
        });
    }
    for (key, old) in &old_files {
        if !walked.contains(key) {
            writer.delete_term(Term::from_field_text(
                idx.fields.path,
                old.records_path(key),
            ));
            report.removed += 1;
        }
    }

    let progress = if opts.progress {
        let total: u64 = todo
            .iter()
            .filter_map(|t| std::fs::metadata(&t.path).ok())
            .map(|m| m.len())
            .sum();
        let pb = indicatif::ProgressBar::new(total);
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg} (ETA {eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(pb)
    } else {
        None
    };

    let next = AtomicUsize::new(0);
    let workers = opts.threads.clamp(1, 8);
    let fields = idx.fields;
    let files_done = AtomicUsize::new(0);
    // Files are read in rounds; each round but the last ends with a commit
    // once it has read `commit_every_bytes` or run `commit_every`, so a run
    // killed after hours keeps all but its last round. The payload of such
    // a commit holds the states of the files read so far, and for the rest
    // the state of the records still in the index (none when rebuilding).
    loop {
        let round_started = Instant::now();
        let round_bytes = AtomicU64::new(0);
        let round_files = AtomicUsize::new(0);
        let results: Mutex<Vec<FileOutcome>> = Mutex::new(Vec::new());
        // Every round reads at least one file.
        let round_over = || {
            round_files.load(Ordering::Relaxed) > 0
                && (round_bytes.load(Ordering::Relaxed) >= opts.commit_every_bytes
                    || round_started.elapsed() >= opts.commit_every)
        };
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(|| loop {
                    if round_over() {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = todo.get(i) else {
                        break;
                    };
                    round_files.fetch_add(1, Ordering::Relaxed);
                    let outcome = index_file(
                        &writer,
                        &fields,
                        file,
                        &walk.manifest,
                        &opts.roots,
                        opts.max_file_bytes,
                    );
                    round_bytes.fetch_add(outcome.bytes, Ordering::Relaxed);
                    if let Some(pb) = &progress {
                        pb.inc(outcome.bytes);
                        let done = files_done.fetch_add(1, Ordering::Relaxed) + 1;
                        pb.set_message(format!("{done}/{} files", todo.len()));
                    }
                    if let Ok(mut r) = results.lock() {
                        r.push(outcome);
                    }
                });
            }
        });
        let mut outcomes = results.into_inner().unwrap_or_default();
        outcomes.sort_by(|a, b| a.path.cmp(&b.path));
        for o in outcomes {
            let key = o.key;
            match o.result {
                FileResult::Indexed(state) => {
                    report.clauses += state.records;
                    report.bytes += state.size;
                    if o.was_indexed {
                        report.updated += 1;
                    } else {
                        report.added += 1;
                    }
                    new_files.insert(key, state);
                }
                FileResult::Unchanged(state) => {
                    report.unchanged += 1;
                    new_files.insert(key, state);
                }
                FileResult::Skipped => {
                    report.skipped += 1;
                    if o.was_indexed {
                        report.removed += 1;
                    }
                }
            }
            if let Some(w) = o.warning {
                report.warnings.push(w);
            }
        }
        // Workers claim a file only before the round is over, and finish
        // every file they claimed: the files from `read` on are untouched.
        let read = next.load(Ordering::Relaxed).min(todo.len());
        if read >= todo.len() {
            break;
        }
        let mut files = new_files.clone();
        if !rebuilding {
            for t in &todo[read..] {
                if let Some(old) = &t.old {
                    files.insert(t.key.clone(), old.clone());
                }
            }
        }
        commit(&mut writer, files)?;
        report.commits += 1;
    }
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    report.total_clauses = new_files.values().map(|f| f.records).sum();
    commit(&mut writer, new_files)?;
    report.commits += 1;
    writer.wait_merging_threads()?;
    report.seconds = started.elapsed().as_secs_f64();
    report.peak_rss = peak_rss();
    Ok(report)
}

/// Commits what the writer holds, with `files` as the per-file state.
fn commit(writer: &mut IndexWriter, files: BTreeMap<String, FileState>) -> Result<()> {
    let state = IndexState {
        format: FORMAT.into(),
        schema_version: SCHEMA_VERSION,
        analysis: analysis_fingerprint(),
        thesaurus: thesaurus_fingerprint(),
        klausel: env!("CARGO_PKG_VERSION").into(),
        files,
    };
    let payload = serde_json::to_string(&state)
        .map_err(|e| Error::Invalid(format!("cannot serialise index state: {e}")))?;
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    Ok(())
}

/// The warning for a file over the size limit.
fn too_large(limit: u64) -> String {
    format!(
        "larger than the {} MB limit (--max-file-mb), skipped",
        limit / 1_000_000
    )
}

/// A file's bytes, or `None` when it holds more than `limit` bytes (it may
/// have grown since its size was read, or be a link to an endless device).
fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// A file to read: its walked path, its key in the payload, and its state
/// in the last commit.
struct Todo {
    path: PathBuf,
    key: String,
    old: Option<FileState>,
}

struct FileOutcome {
    path: PathBuf,
    key: String,
    was_indexed: bool,
    bytes: u64,
    result: FileResult,
    warning: Option<Warning>,
}

enum FileResult {
    Indexed(FileState),
    Unchanged(FileState),
    Skipped,
}

fn index_file(
    writer: &IndexWriter,
    fields: &Fields,
    file: &Todo,
    manifest: &std::collections::HashMap<PathBuf, ManifestEntry>,
    roots: &[PathBuf],
    max_file_bytes: u64,
) -> FileOutcome {
    let (path, key, old) = (file.path.as_path(), file.key.as_str(), file.old.as_ref());
    // The records this file had, under the path they were indexed with.
    let old_records = old.map_or(key, |o| o.records_path(key)).to_string();
    let shown = shown_path(path);
    let mut outcome = FileOutcome {
        path: path.to_path_buf(),
        key: key.to_string(),
        was_indexed: old.is_some(),
        bytes: 0,
        result: FileResult::Skipped,
        warning: None,
    };
    let skip = |outcome: &mut FileOutcome, reason: String| {
        if outcome.was_indexed {
            writer.delete_term(Term::from_field_text(fields.path, &old_records));
        }
        outcome.warning = Some(Warning {
            path: path.to_path_buf(),
            reason,
        });
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            skip(&mut outcome, format!("cannot read: {e}"));
            return outcome;
        }
    };
    if let Some(kind) = corpus::special_kind(meta.file_type()) {
        skip(
            &mut outcome,
            format!("not a regular file ({kind}), skipped"),
        );
        return outcome;
    }
    if meta.len() > max_file_bytes {
        skip(&mut outcome, too_large(max_file_bytes));
        return outcome;
    }
    let bytes = match read_at_most(path, max_file_bytes) {
        Ok(Some(b)) => b,
        Ok(None) => {
            skip(&mut outcome, too_large(max_file_bytes));
            return outcome;
        }
        Err(e) => {
            let reason = if e.kind() == std::io::ErrorKind::PermissionDenied {
                "permission denied, skipped".to_string()
            } else {
                format!("cannot read: {e}, skipped")
            };
            skip(&mut outcome, reason);
            return outcome;
        }
    };
    outcome.bytes = bytes.len() as u64;
    let hash = content_hash(&bytes);
    let fingerprint = manifest_fingerprint(manifest.get(path));
    if let Some(o) = old {
        if o.hash == hash && o.meta == fingerprint {
            // Touched but not changed: keep the records, refresh the mtime.
            outcome.warning = o.warning.clone().map(|reason| Warning {
                path: path.to_path_buf(),
                reason,
            });
            outcome.result = FileResult::Unchanged(FileState {
                mtime: recorded_mtime(&meta),
                ..o.clone()
            });
            return outcome;
        }
        writer.delete_term(Term::from_field_text(fields.path, &old_records));
    }
    let (text, encoding) = match corpus::decode(&bytes) {
        Ok(t) => t,
        Err(why) => {
            skip(&mut outcome, why.to_string());
            return outcome;
        }
    };
    if let Some(reason) = encoding.warning() {
        outcome.warning = Some(Warning {
            path: path.to_path_buf(),
            reason,
        });
    }
    let root = roots
        .iter()
        .map(|r| corpus::clean_path(r))
        .filter(|r| path.starts_with(r))
        .max_by_key(|r| r.as_os_str().len());
    let entry = manifest.get(path);
    // Chunking never fails by design; should it panic on some input (a bug),
    // that file is skipped with a warning, and the others are indexed.
    let records =
        match std::panic::catch_unwind(|| file_records(&shown, &text, entry, root.as_deref())) {
            Ok(records) => records,
            Err(_) => {
                skip(
                    &mut outcome,
                    "klausel failed on this file (a bug; please report it), skipped".into(),
                );
                return outcome;
            }
        };
    let mut added = 0u64;
    // Every record of a file has the file's vendor.
    let vendor_key = records.first().map(|r| fold(&r.vendor)).unwrap_or_default();
    for r in &records {
        let doc = r.to_document(fields, &vendor_key);
        match writer.add_document(doc) {
            Ok(_) => added += 1,
            Err(e) => {
                skip(&mut outcome, format!("index error: {e}"));
                return outcome;
            }
        }
    }
    outcome.result = FileResult::Indexed(FileState {
        hash,
        size: bytes.len() as u64,
        mtime: recorded_mtime(&meta),
        records: added,
        warning: outcome.warning.as_ref().map(|w| w.reason.clone()),
        vendor: records
            .first()
            .map(|r| r.vendor.clone())
            .unwrap_or_default(),
        path: shown,
        meta: fingerprint,
    });
    outcome
}

/// A record ready for the index: one clause (or body-less heading) with all
/// its metadata.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    /// `path#ordinal`.
    pub id: String,
    /// Source file as given to `index`.
    pub path: String,
    /// Position within the file.
    pub ord: u64,
    /// Vendor.
    pub vendor: String,
    /// Document title.
    pub document: String,
    /// Document kind.
    pub kind: DocKind,
    /// Section number, e.g. `§ 23`.
    pub section: Option<String>,
    /// Clause number, e.g. `(7)`.
    pub clause: Option<String>,
    /// Citation label, e.g. `§ 23 (7)`.
    pub label: String,
    /// Heading path.
    pub heading_path: Vec<String>,
    /// The text.
    pub text: String,
    /// Language.
    pub language: Language,
    /// Statute citation keys.
    pub cites: Vec<String>,
    /// First line.
    pub line_start: usize,
    /// Last line.
    pub line_end: usize,
    /// Byte range start.
    pub byte_start: usize,
    /// Byte range end.
    pub byte_end: usize,
    /// `clause` or `heading`.
    pub record_type: &'static str,
}

impl Record {
    /// The tantivy document; `vendor_key` is `fold(&self.vendor)`, computed
    /// once per file by the caller.
    fn to_document(&self, f: &Fields, vendor_key: &str) -> TantivyDocument {
        let mut d = TantivyDocument::new();
        d.add_text(f.id, &self.id);
        d.add_text(f.path, &self.path);
        d.add_u64(f.ord, self.ord);
        d.add_text(f.vendor, &self.vendor);
        d.add_text(f.vendor_key, vendor_key);
        d.add_text(f.document, &self.document);
        d.add_text(f.kind, self.kind.as_str());
        if let Some(s) = &self.section {
            d.add_text(f.section, s);
            d.add_text(f.section_key, label_key(s));
        }
        if let Some(c) = &self.clause {
            d.add_text(f.clause, c);
        }
        d.add_text(f.label, &self.label);
        d.add_text(f.label_key, label_key(&self.label));
        let heading = self.heading_path.join(" › ");
        d.add_text(f.heading_path, &heading);
        d.add_text(f.text, &self.text);
        let (body, head) = match self.language {
            Language::De => (f.body_de, f.head_de),
            Language::En => (f.body_en, f.head_en),
        };
        d.add_text(body, &self.text);
        if !heading.is_empty() {
            d.add_text(head, &heading);
        }
        d.add_text(f.lang, self.language.code());
        for c in &self.cites {
            d.add_text(f.cites, c);
        }
        d.add_u64(f.line_start, self.line_start as u64);
        d.add_u64(f.line_end, self.line_end as u64);
        d.add_u64(f.byte_start, self.byte_start as u64);
        d.add_u64(f.byte_end, self.byte_end as u64);
        d.add_text(f.record_type, self.record_type);
        d.add_u64(f.text_hash, text_hash(&self.text));
        d
    }
}

/// Hash of a text with white space normalised, to find identical clauses.
pub fn text_hash(text: &str) -> u64 {
    // The words, each followed by one space, hashed in one call (cheaper
    // than feeding a streaming hasher word by word; the value is the same).
    let mut words = String::with_capacity(text.len() + 1);
    for w in text.split_whitespace() {
        words.push_str(w);
        words.push(' ');
    }
    xxhash_rust::xxh3::xxh3_64(words.as_bytes())
}

fn kind_title(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Terms => "Terms and Conditions",
        DocKind::Privacy => "Privacy Policy",
        DocKind::Imprint => "Imprint",
        DocKind::PriceList => "Price List",
        DocKind::Other => "Document",
    }
}

/// Turns one file's text into index records: chunking, titles, vendor,
/// language and citations. Pure.
pub fn file_records(
    path: &str,
    text: &str,
    entry: Option<&ManifestEntry>,
    root: Option<&Path>,
) -> Vec<Record> {
    let chunked: Chunked = chunk::chunk(text);
    let vendor = match entry {
        Some(e) => e.vendor.clone(),
        None => corpus::infer_vendor(Path::new(path), root, text),
    };
    let fixed_lang = entry.and_then(ManifestEntry::language);
    let mut head_end = text.len().min(4000);
    while !text.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let file_lang = fixed_lang.unwrap_or_else(|| lang::detect(&text[..head_end], Language::En));
    // The manifest title names the file's terms (or its only document).
    let main_doc = chunked
        .documents
        .iter()
        .position(|d| d.kind == DocKind::Terms)
        .unwrap_or(0);
    let titles: Vec<String> = chunked
        .documents
        .iter()
        .enumerate()
        .map(
            |(i, d)| match (entry, i == main_doc || chunked.documents.len() == 1) {
                (Some(e), true) => e.title.clone(),
                _ => d
                    .title
                    .clone()
                    .or_else(|| (i == 0).then(|| corpus::first_line_title(text)).flatten())
                    .unwrap_or_else(|| kind_title(d.kind).to_string()),
            },
        )
        .collect();
    let doc_title = |doc: usize| {
        titles
            .get(doc)
            .cloned()
            .unwrap_or_else(|| "Document".to_string())
    };
    let doc_kind = |doc: usize| {
        chunked
            .documents
            .get(doc)
            .map(|d| d.kind)
            .unwrap_or_default()
    };
    // Clauses and body-less headings, merged in document order.
    let mut parts: Vec<Part<'_>> = chunked
        .clauses
        .iter()
        .map(|c| Part {
            doc: c.doc,
            section: c.section.as_deref(),
            clause: c.clause.as_deref(),
            label: &c.label,
            heading_path: c.heading_path.clone(),
            lines: (c.line_start, c.line_end),
            bytes: c.bytes.clone(),
            record_type: "clause",
        })
        .collect();
    parts.extend(chunked.headings.iter().filter(|h| h.empty).map(|h| Part {
        doc: h.doc,
        section: h.number.as_deref(),
        clause: None,
        label: h.number.as_deref().unwrap_or(""),
        heading_path: vec![h.title.clone()],
        lines: (h.line, h.line),
        bytes: h.bytes.clone(),
        record_type: "heading",
    }));
    parts.sort_by_key(|p| p.bytes.start);
    if parts.iter().any(|p| p.bytes.len() > MAX_RECORD_BYTES) {
        let lines = LineIndex::new(text);
        parts = parts
            .into_iter()
            .flat_map(|p| split_long(p, text, &lines))
            .collect();
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(ord, p)| {
            let body = text.get(p.bytes.clone()).unwrap_or("");
            let language = fixed_lang.unwrap_or_else(|| lang::detect(body, file_lang));
            let mut cites: Vec<String> = citation::extract(body)
                .iter()
                .flat_map(|n| n.keys())
                .collect();
            cites.sort();
            cites.dedup();
            Record {
                id: format!("{path}#{ord}"),
                path: path.to_string(),
                ord: ord as u64,
                vendor: vendor.clone(),
                document: doc_title(p.doc),
                kind: doc_kind(p.doc),
                section: p.section.map(str::to_string),
                clause: p.clause.map(str::to_string),
                label: p.label.to_string(),
                heading_path: p.heading_path,
                text: body.to_string(),
                language,
                cites,
                line_start: p.lines.0,
                line_end: p.lines.1,
                byte_start: p.bytes.start,
                byte_end: p.bytes.end,
                record_type: p.record_type,
            }
        })
        .collect()
}

/// The largest record, in bytes. A longer clause (a file that is one
/// paragraph, a PDF extraction without line breaks) becomes several records
/// cut at sentence ends, so that one hit never costs more than this to
/// store, fetch and highlight.
pub const MAX_RECORD_BYTES: usize = 64 * 1024;

/// Line numbers of byte offsets, by binary search over the line starts.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        LineIndex(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }

    /// The 1-based line of byte `at`.
    fn line(&self, at: usize) -> usize {
        self.0.partition_point(|&start| start <= at).max(1)
    }
}

/// Cuts a part longer than [`MAX_RECORD_BYTES`] into consecutive pieces of
/// at most that size: after the last sentence end (`.`, `!`, `?` or `;`
/// followed by white space) in the second half of the window, else after
/// the last white space, else at a character boundary. White space between
/// pieces belongs to none; each piece keeps the part's citation and gets
/// its own exact byte range and lines.
fn split_long<'a>(part: Part<'a>, text: &str, lines: &LineIndex) -> Vec<Part<'a>> {
    if part.bytes.len() <= MAX_RECORD_BYTES {
        return vec![part];
    }
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let (mut start, end) = (part.bytes.start, part.bytes.end);
    while start < end {
        let mut cut = end;
        if end - start > MAX_RECORD_BYTES {
            let mut limit = start + MAX_RECORD_BYTES;
            while !text.is_char_boundary(limit) {
                limit -= 1;
            }
            let half = start + MAX_RECORD_BYTES / 2;
            let window = &bytes[half..limit];
            let sentence = window.windows(2).rposition(|w| {
                matches!(w[0], b'.' | b'!' | b'?' | b';') && w[1].is_ascii_whitespace()
            });
            cut = match sentence {
                Some(i) => half + i + 1,
                None => match window.iter().rposition(u8::is_ascii_whitespace) {
                    Some(i) => half + i,
                    None => limit,
                },
            };
        }
        // The piece without white space at its end.
        let mut piece_end = cut;
        while piece_end > start && bytes[piece_end - 1].is_ascii_whitespace() {
            piece_end -= 1;
        }
        if piece_end > start {
            pieces.push(Part {
                heading_path: part.heading_path.clone(),
                lines: (lines.line(start), lines.line(piece_end - 1)),
                bytes: start..piece_end,
                ..part
            });
        }
        start = cut;
        while start < end && bytes[start].is_ascii_whitespace() {
            start += 1;
        }
    }
    pieces
}

struct Part<'a> {
    doc: usize,
    section: Option<&'a str>,
    clause: Option<&'a str>,
    label: &'a str,
    heading_path: Vec<String>,
    lines: (usize, usize),
    bytes: std::ops::Range<usize>,
    record_type: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Identical clauses collapse across indexes built before and after the
    /// hash was computed in one call, so the value must not change.
    #[test]
    fn text_hash_is_the_word_stream_hash() {
        let text = "  Gerichtsstand ist\tStuttgart.\n\n(2) Es gilt  deutsches Recht. ";
        let mut streamed = xxhash_rust::xxh3::Xxh3::new();
        for w in text.split_whitespace() {
            streamed.update(w.as_bytes());
            streamed.update(b" ");
        }
        assert_eq!(text_hash(text), streamed.digest());
        assert_eq!(
            text_hash(text),
            text_hash("Gerichtsstand ist Stuttgart. (2) Es gilt deutsches Recht.")
        );
        assert_ne!(text_hash(text), text_hash("Gerichtsstand ist München."));
    }
}
