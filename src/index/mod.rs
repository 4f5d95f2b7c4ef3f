//! The tantivy index: opening it (checked against this klausel's schema
//! and analyzers), and the modules that build, describe and guard it.
//!
//! The index advances only by complete tantivy commits. The per-file state
//! that incremental indexing needs (content hash, size, mtime, record count)
//! is a file of its own, written and synced before the commit whose payload
//! names it, so it is always exactly as new as the records it describes: a
//! run killed at any point leaves the last commit and its state intact, and
//! the next run redoes whatever that commit lacks.

mod build;
mod folder;
mod fresh;
pub mod schema;
pub mod state;

pub use build::{
    build, default_threads, BuildOptions, BuildReport, Progress, ProgressFn, DEFAULT_MAX_FILE_BYTES,
};
pub use folder::{check, diagnose, guard, is_index_folder, writer_running, CheckReport};
pub use fresh::is_outdated;
pub use schema::{schema, Fields, SCHEMA_VERSION};
pub use state::{FileState, IndexState};

use crate::analysis;
use crate::error::{Error, Result};
use crate::records::RULES_VERSION;
use folder::is_not_writable;
use state::{analysis_fingerprint, thesaurus_fingerprint, Payload, StatesRef, FORMAT};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use tantivy::Index;

/// An open klausel index.
pub struct KlauselIndex {
    /// The tantivy index, with klausel's analyzers registered.
    index: Index,
    /// The schema's fields.
    fields: Fields,
    /// The index folder.
    dir: PathBuf,
    /// The state stored with the last commit. Its `files` are empty when
    /// the index was opened with [`KlauselIndex::open_for_search`]; then
    /// [`KlauselIndex::files`] reads them.
    state: IndexState,
    /// The per-file states left unread on opening, if any.
    unread: Option<Unread>,
    /// Whether the index has no commit yet (a first build is running, or
    /// was killed before its first commit).
    uncommitted: bool,
}

impl KlauselIndex {
    /// A new (or newly emptied) index, with no commit yet.
    fn created(index: Index, fields: Fields, dir: &Path) -> KlauselIndex {
        analysis::register_analyzers(index.tokenizers());
        KlauselIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
            state: IndexState::default(),
            unread: None,
            uncommitted: true,
        }
    }

    /// The tantivy index, with klausel's analyzers registered.
    pub fn tantivy(&self) -> &Index {
        &self.index
    }

    /// The schema's fields.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The state of the last commit; its `files` are empty when opened
    /// with [`KlauselIndex::open_for_search`] (see [`KlauselIndex::files`]).
    pub fn state(&self) -> &IndexState {
        &self.state
    }

    /// A field's name in the schema (fast-field readers go by name).
    pub fn field_name(&self, field: tantivy::schema::Field) -> String {
        self.index.schema().get_field_name(field).to_string()
    }

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

    /// The per-file states of the last commit. A states file that is
    /// missing or damaged is [`Error::Damaged`], naming it.
    pub fn files(&self) -> Result<std::borrow::Cow<'_, BTreeMap<String, FileState>>> {
        let Some(u) = &self.unread else {
            return Ok(std::borrow::Cow::Borrowed(&self.state.files));
        };
        if let Some(files) = u.loaded.get() {
            return Ok(std::borrow::Cow::Borrowed(files));
        }
        let damaged = |file: String| Error::Damaged {
            path: self.dir.clone(),
            file,
        };
        // The file opened with the index: the commit's states even when a
        // later `klausel index` has replaced it since.
        let opened = u.handle.lock().ok().and_then(|mut h| h.take());
        let files = match opened {
            Some(mut f) => {
                use std::io::Read;
                let mut bytes = Vec::new();
                f.read_to_end(&mut bytes)
                    .map_err(|_| damaged(format!("{} is unreadable", u.states.file)))?;
                state::parse_states(&u.states.file, &bytes).map_err(damaged)?
            }
            None => state::read_states(&self.dir, &u.states.file).map_err(damaged)?,
        };
        Ok(std::borrow::Cow::Borrowed(u.loaded.get_or_init(|| files)))
    }

    /// Whether the last commit records any file.
    fn has_files(&self) -> bool {
        self.unread
            .as_ref()
            .map_or(!self.state.files.is_empty(), |u| u.states.files > 0)
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
        let payload = match meta.payload {
            // A fresh index with no commit yet.
            None if meta.segments.is_empty() => Payload {
                format: FORMAT.into(),
                schema_version: SCHEMA_VERSION,
                analysis: analysis_fingerprint(),
                thesaurus: String::new(),
                klausel: String::new(),
                records: RULES_VERSION,
                states: None,
            },
            None => return Err(incompatible("no klausel metadata".into())),
            Some(p) => serde_json::from_str::<Payload>(&p).map_err(|_| unreadable())?,
        };
        if payload.format != FORMAT {
            return Err(incompatible(format!("format {:?}", payload.format)));
        }
        if payload.schema_version != SCHEMA_VERSION {
            return Err(incompatible(format!(
                "schema version {}, this klausel reads {}",
                payload.schema_version, SCHEMA_VERSION
            )));
        }
        if payload.analysis != analysis_fingerprint() {
            return Err(incompatible(format!(
                "analyzers {}, this klausel uses {}",
                payload.analysis,
                analysis_fingerprint()
            )));
        }
        let (expected, fields) = schema();
        if index.schema() != expected {
            return Err(incompatible("a different schema".into()));
        }
        // Every commit of this schema version names its states file.
        if payload.states.is_none() && !uncommitted {
            return Err(unreadable());
        }
        let mut state = IndexState {
            format: payload.format,
            schema_version: payload.schema_version,
            analysis: payload.analysis,
            thesaurus: payload.thesaurus,
            klausel: payload.klausel,
            records: payload.records,
            files: BTreeMap::new(),
        };
        let mut unread = None;
        if let Some(states) = payload.states {
            if read_files {
                state.files =
                    state::read_states(dir, &states.file).map_err(|file| Error::Damaged {
                        path: dir.to_path_buf(),
                        file,
                    })?;
            } else {
                // Opened, not read: one system call, and it keeps this
                // commit's states readable after a later commit replaced
                // them (a missing file is reported by `files()`).
                let handle = std::fs::File::open(dir.join(&states.file)).ok();
                unread = Some(Unread {
                    states,
                    handle: Mutex::new(handle),
                    loaded: OnceLock::new(),
                });
            }
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
    /// another thesaurus, or with other rules for records and citations.
    pub fn staleness(&self) -> Option<String> {
        let what = if !self.has_files() {
            return None;
        } else if self.state.records != RULES_VERSION {
            "other rules for records and citations"
        } else if self.state.thesaurus != thesaurus_fingerprint() {
            "another thesaurus"
        } else {
            return None;
        };
        Some(format!(
            "the index at {} was built with {what}; run `klausel index` to refresh it",
            self.dir.display()
        ))
    }
}

/// Per-file states that opening for search left unread: the file that
/// holds them (opened), and what was read from it once asked for.
struct Unread {
    states: StatesRef,
    handle: Mutex<Option<std::fs::File>>,
    loaded: OnceLock<BTreeMap<String, FileState>>,
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
