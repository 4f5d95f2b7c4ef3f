//! Building an index from a corpus, incrementally and crash-safely: one
//! writer (the lock), workers that read, decode and turn files into
//! records, rounds that end in commits. Progress is reported through a
//! callback; how it is shown is the caller's business.

use crate::corpus::{self, ManifestEntry, Warning};
use crate::error::{Error, Result};
use crate::extract::Format;
use crate::index::folder::{
    clear_index_folder, guard, is_index_folder, live_states, remove_orphans, remove_states_but,
    remove_uncommitted,
};
use crate::index::fresh::{mtime_of, recorded_mtime, shown_path, PathKeys};
use crate::index::schema::{document, schema, Fields, SCHEMA_VERSION};
use crate::index::state::{
    analysis_fingerprint, content_hash, manifest_fingerprint, states_file_name,
    thesaurus_fingerprint, FileState, Payload, StatesRef, FORMAT,
};
use crate::index::KlauselIndex;
use crate::records::{FileRecords, Record, RULES_VERSION};
use crate::text::fold;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexSettings, IndexWriter, TantivyDocument, Term};

/// How far an index run has got, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes of the files read so far in this run.
    pub bytes: u64,
    /// Bytes of all files this run reads.
    pub total_bytes: u64,
    /// Files read so far.
    pub files: usize,
    /// Files this run reads.
    pub total_files: usize,
}

/// A progress callback (see [`BuildOptions::progress`]).
#[derive(Clone)]
pub struct ProgressFn(pub std::sync::Arc<dyn Fn(Progress) + Send + Sync>);

impl std::fmt::Debug for ProgressFn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProgressFn")
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
    /// Called after each file read, from the worker that read it.
    pub progress: Option<ProgressFn>,
    /// Files larger than this are skipped with a warning.
    pub max_file_bytes: u64,
    /// Commit after reading this many bytes, so that a killed long run
    /// keeps its work (the last commit is what searches see).
    pub commit_every_bytes: u64,
    /// Commit after this long, for the same reason.
    pub commit_every: Duration,
    /// The formats to read (`--formats`); files of others are left out.
    pub formats: Vec<Format>,
    /// A text file larger than four times this is read, chunked and
    /// indexed in pieces of about this size (cut where a document starts
    /// when it can be; [`crate::corpus::piece_end`]), so that its size
    /// does not bound the memory an index run needs.
    pub piece_bytes: usize,
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
            progress: None,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            commit_every_bytes: 1_000_000_000,
            commit_every: Duration::from_secs(60),
            formats: Format::ALL.to_vec(),
            piece_bytes: DEFAULT_PIECE_BYTES,
        }
    }
}

/// The default of [`BuildOptions::piece_bytes`]: 8 MiB.
pub const DEFAULT_PIECE_BYTES: usize = 8 << 20;

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
    /// Peak resident memory of the process in bytes, where the OS tells
    /// (filled in by the caller, which owns the process).
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

fn open_or_create(dir: &Path, opts: &BuildOptions) -> Result<KlauselIndex> {
    let rebuild = opts.rebuild;
    // Only write into, or clear, what is recognisably an index (or an empty
    // folder): never a folder the user pointed at by mistake, such as the
    // corpus itself.
    if (rebuild || !dir.join("meta.json").exists()) && !is_index_folder(dir)? {
        return Err(Error::NotAnIndexFolder {
            path: dir.to_path_buf(),
            rebuild,
        });
    }
    if !rebuild && dir.join("meta.json").exists() {
        return KlauselIndex::open(dir);
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    // Creating an index writes temporary files that a running writer, which
    // removes the leftovers of killed runs, would take for its own; clearing
    // one would remove a running writer's segments. Both happen under the
    // writer lock, released before this run takes it again for its writer.
    let _lock = writer_lock(dir, opts)?;
    // Another `klausel index` created it while this one waited.
    if !rebuild && dir.join("meta.json").exists() {
        return KlauselIndex::open(dir);
    }
    if rebuild && dir.join("meta.json").exists() {
        // Recreate: tantivy refuses to create over an existing index, so
        // start the new index with an empty commit replacing everything.
        let index = Index::open_in_dir(dir)?;
        let (schema, fields) = schema();
        if index.schema() == schema {
            return Ok(KlauselIndex::created(index, fields, dir));
        }
        clear_index_folder(dir)?;
    }
    let (schema, fields) = schema();
    let index = Index::builder()
        .schema(schema)
        .settings(index_settings())
        .create_in_dir(dir)?;
    Ok(KlauselIndex::created(index, fields, dir))
}

/// tantivy's writer lock on the index in `dir`, taken without a writer,
/// for work that must not overlap another run's: creating or clearing.
fn writer_lock(dir: &Path, opts: &BuildOptions) -> Result<tantivy::directory::DirectoryLock> {
    let mmap = tantivy::directory::MmapDirectory::open(dir).map_err(tantivy::TantivyError::from)?;
    wait_for_lock(dir, opts, || {
        tantivy::Directory::acquire_lock(&mmap, &tantivy::directory::INDEX_WRITER_LOCK)
            .map_err(|e| tantivy::TantivyError::LockFailure(e, None))
    })
}

/// Tries `attempt` until it gets past tantivy's writer lock: for a quarter
/// of a second, or, with `--wait`, every 200 ms until the other writer is
/// done. The quarter second is for [`crate::index::writer_running`], which
/// a search of an index without a commit calls: it holds the lock for an
/// instant to see whether anyone else does. A lock that cannot be taken at
/// all (a read-only index) is [`Error::NotWritable`].
fn wait_for_lock<T>(
    dir: &Path,
    opts: &BuildOptions,
    mut attempt: impl FnMut() -> tantivy::Result<T>,
) -> Result<T> {
    let started = Instant::now();
    let deadline = if opts.wait {
        started + Duration::from_secs(24 * 3600)
    } else {
        started + Duration::from_millis(250)
    };
    let pause = Duration::from_millis(if opts.wait { 200 } else { 25 });
    loop {
        match attempt() {
            Ok(t) => return Ok(t),
            Err(tantivy::TantivyError::LockFailure(
                tantivy::directory::error::LockError::IoError(e),
                _,
            )) => {
                return Err(Error::NotWritable {
                    path: dir.to_path_buf(),
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
                if Instant::now() > deadline {
                    return Err(Error::Locked(dir.to_path_buf()));
                }
                std::thread::sleep(pause);
            }
            Err(e) => return Err(e.into()),
        }
    }
}

fn acquire_writer(idx: &KlauselIndex, opts: &BuildOptions) -> Result<IndexWriter> {
    let threads = opts.threads.clamp(1, 8);
    // tantivy needs at least 15 MB per writer thread.
    let per_thread = (opts.memory_mb.max(15 * threads) * 1_000_000 / threads).max(15_000_000);
    wait_for_lock(&idx.dir, opts, || {
        idx.index
            .writer_with_num_threads::<TantivyDocument>(threads, per_thread * threads)
    })
}

/// Indexes the corpus under `opts.roots` into `opts.dir`, incrementally:
/// unchanged files are skipped, changed files replaced, vanished files removed.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    // A mistyped root must not read as "every file under it was deleted".
    for root in &opts.roots {
        if std::fs::symlink_metadata(root).is_err() {
            return Err(Error::NoSuchRoot(root.clone()));
        }
    }
    let result = match guard(&opts.dir, || build_in(opts, started)) {
        // `--rebuild` always works on an index folder, however damaged:
        // its files are removed and the index is made anew.
        Err(Error::Damaged { .. }) if opts.rebuild => {
            let lock = writer_lock(&opts.dir, opts)?;
            clear_index_folder(&opts.dir)?;
            drop(lock);
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
    let mut idx = open_or_create(&opts.dir, opts)?;
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
    // Records made by other rules (older citations) are all made anew, as
    // by `--rebuild`: the files did not change, their records did.
    let stale_rules = !idx.state.files.is_empty() && idx.state.records != RULES_VERSION;
    let rebuilding = opts.rebuild || stale_rules || idx.state.files.is_empty();
    let mut walk = corpus::walk(&opts.roots);
    // `--formats`: the other formats' files are not part of this index.
    walk.files
        .retain(|f| Format::from_path(f).is_none_or(|x| opts.formats.contains(&x)));
    let mut report = BuildReport {
        files: walk.files.len(),
        skipped: walk.skipped,
        warnings: walk.warnings,
        ..BuildReport::default()
    };
    let old_files = if opts.rebuild || stale_rules {
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

    // Only a run that reports progress needs the total.
    let total_bytes: u64 = if opts.progress.is_some() {
        todo.iter()
            .filter_map(|t| std::fs::metadata(&t.path).ok())
            .map(|m| m.len())
            .sum()
    } else {
        0
    };
    let bytes_done = AtomicU64::new(0);

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
                    // A file read in pieces reports each piece as it goes.
                    let reported = std::cell::Cell::new(0u64);
                    let on_piece = |n: u64| {
                        if let Some(report) = &opts.progress {
                            reported.set(reported.get() + n);
                            let bytes = bytes_done.fetch_add(n, Ordering::Relaxed) + n;
                            (report.0)(Progress {
                                bytes,
                                total_bytes,
                                files: files_done.load(Ordering::Relaxed),
                                total_files: todo.len(),
                            });
                        }
                    };
                    let outcome = index_file(
                        &writer,
                        &fields,
                        file,
                        &walk.manifest,
                        &opts.roots,
                        Limits {
                            max_file_bytes: opts.max_file_bytes,
                            piece_bytes: opts.piece_bytes,
                        },
                        &on_piece,
                    );
                    round_bytes.fetch_add(outcome.bytes, Ordering::Relaxed);
                    if let Some(report) = &opts.progress {
                        let files = files_done.fetch_add(1, Ordering::Relaxed) + 1;
                        let rest = outcome.bytes.saturating_sub(reported.get());
                        let bytes = bytes_done.fetch_add(rest, Ordering::Relaxed) + rest;
                        (report.0)(Progress {
                            bytes,
                            total_bytes,
                            files,
                            total_files: todo.len(),
                        });
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
        commit(&opts.dir, &mut writer, files)?;
        report.commits += 1;
    }
    report.total_clauses = new_files.values().map(|f| f.records).sum();
    commit(&opts.dir, &mut writer, new_files)?;
    report.commits += 1;
    writer.wait_merging_threads()?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Commits what the writer holds, with `files` as the per-file state: they
/// go to a states file of their own, written and synced before the commit
/// whose payload names it (so a run killed in between leaves the last
/// commit and its states intact, and an orphan the next run removes).
/// After the commit, the states files of the commits before the last two
/// are removed (see [`remove_states_but`]).
fn commit(dir: &Path, writer: &mut IndexWriter, files: BTreeMap<String, FileState>) -> Result<()> {
    let previous = live_states(dir);
    let bytes = serde_json::to_vec(&files)?;
    let name = states_file_name(&bytes);
    write_synced(dir, &name, &bytes)?;
    let payload = Payload {
        format: FORMAT.into(),
        schema_version: SCHEMA_VERSION,
        analysis: analysis_fingerprint(),
        thesaurus: thesaurus_fingerprint(),
        klausel: env!("CARGO_PKG_VERSION").into(),
        records: RULES_VERSION,
        states: Some(StatesRef {
            file: name.clone(),
            files: files.len(),
        }),
    };
    let payload = serde_json::to_string(&payload)?;
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    remove_states_but(dir, &[name.as_str(), previous.as_deref().unwrap_or("")]);
    Ok(())
}

/// Writes `bytes` to `dir/name` durably: a temporary file, synced, renamed
/// into place, and the folder synced.
fn write_synced(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let tmp = dir.join(format!(".tmp-{name}"));
    let path = dir.join(name);
    let err = |p: &Path, e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::StorageFull {
            Error::DiskFull(dir.to_path_buf())
        } else {
            Error::io(p, e)
        }
    };
    let mut f = std::fs::File::create(&tmp).map_err(|e| err(&tmp, e))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| err(&tmp, e))?;
    drop(f);
    std::fs::rename(&tmp, &path).map_err(|e| err(&path, e))?;
    #[cfg(unix)]
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| err(dir, e))?;
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
    let file = std::fs::File::open(path)?;
    // Sized from the file's length, so that a huge file is not copied at
    // each doubling of the buffer (the size is a hint: a file that grew or
    // shrank is still read to its end or the limit).
    let hint = file.metadata().map_or(0, |m| m.len()).min(limit);
    let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0).saturating_add(1));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
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
    limits: Limits,
    on_piece: &dyn Fn(u64),
) -> FileOutcome {
    let max_file_bytes = limits.max_file_bytes;
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
    let format = Format::from_path(path).unwrap_or(Format::Text);
    // A huge text file is read in pieces: hashed in one pass, indexed in
    // another, never held whole.
    let piece_max = limits.piece_bytes.saturating_mul(4) as u64;
    let in_pieces = !format.is_document() && meta.len() > piece_max;
    let read = if in_pieces {
        hash_file(path, max_file_bytes)
    } else {
        read_at_most(path, max_file_bytes).map(|b| {
            b.map(|b| Read {
                hash: content_hash(&b),
                size: b.len() as u64,
                bytes: Some(b),
            })
        })
    };
    let read = match read {
        Ok(Some(r)) => r,
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
    outcome.bytes = read.size;
    let hash = read.hash;
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
    let root = roots
        .iter()
        .map(|r| corpus::clean_path(r))
        .filter(|r| path.starts_with(r))
        .max_by_key(|r| r.as_os_str().len());
    let entry = manifest.get(path);
    // Each record goes to the writer as soon as it is built: the records of
    // a huge file (their text and metadata, over twice the file's size) are
    // never all in memory at once. Chunking never fails by design; should it
    // panic on some input (a bug), that file is skipped with a warning, the
    // records it had added are deleted again, and the others are indexed.
    let mut added = 0u64;
    // Every record of a file has the file's vendor: (name, folded key).
    let mut vendor: Option<(String, String)> = None;
    let mut failed: Option<String> = None;
    let mut add = |r: Record, hash: u64| {
        if failed.is_some() {
            return;
        }
        let (_, vendor_key) = vendor.get_or_insert_with(|| (r.vendor.clone(), fold(&r.vendor)));
        match writer.add_document(document(&r, fields, vendor_key, hash)) {
            Ok(_) => added += 1,
            Err(e) => failed = Some(format!("index error: {e}")),
        }
    };
    let mut records = FileRecords::new(&shown, entry, root.as_deref());
    let streamed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match &read.bytes {
        Some(bytes) => {
            let crate::extract::Read {
                text,
                warning,
                title,
            } = crate::extract::read(format, bytes)?;
            // A PDF's pages, found by binary search over its form feeds.
            let pages = (format == Format::Pdf).then(|| crate::extract::Pages::new(&text));
            records.mark_title(title);
            records.piece(&text, false, |mut r, hash| {
                if let Some(pages) = &pages {
                    let (first, last) = pages.span(r.byte_start..r.byte_end);
                    r.page = Some(first);
                    r.page_end = Some(last);
                }
                add(r, hash);
            });
            Ok(warning)
        }
        None => in_pieces_of(path, limits.piece_bytes, |text, continues, bytes| {
            records.piece(text, continues, &mut add);
            on_piece(bytes);
        }),
    }));
    let failed = match streamed {
        Ok(Ok(warning)) => {
            outcome.warning = warning.map(|reason| Warning {
                path: path.to_path_buf(),
                reason,
            });
            failed
        }
        Ok(Err(why)) => Some(why),
        Err(_) => Some("klausel failed on this file (a bug; please report it), skipped".into()),
    };
    if let Some(reason) = failed {
        writer.delete_term(Term::from_field_text(fields.path, &shown));
        skip(&mut outcome, reason);
        return outcome;
    }
    outcome.result = FileResult::Indexed(FileState {
        hash,
        size: read.size,
        mtime: recorded_mtime(&meta),
        records: added,
        warning: outcome.warning.as_ref().map(|w| w.reason.clone()),
        vendor: vendor.map(|(name, _)| name).unwrap_or_default(),
        path: shown,
        meta: fingerprint,
    });
    outcome
}

/// The size limits of one file.
#[derive(Clone, Copy)]
struct Limits {
    max_file_bytes: u64,
    piece_bytes: usize,
}

/// A file read for indexing: its content hash, its size, and its bytes
/// unless it is read again in pieces.
struct Read {
    hash: String,
    size: u64,
    bytes: Option<Vec<u8>>,
}

/// Hashes a file in one streaming pass, as [`content_hash`] hashes its
/// bytes; `None` when it holds more than `limit` bytes.
fn hash_file(path: &Path, limit: u64) -> std::io::Result<Option<Read>> {
    use std::io::Read as _;
    let mut file = std::fs::File::open(path)?.take(limit.saturating_add(1));
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((size <= limit).then(|| Read {
        hash: format!("{:032x}", hasher.digest128()),
        size,
        bytes: None,
    }))
}

/// Reads a text file in pieces of about `piece_bytes`
/// ([`crate::corpus::piece_end`]), decodes each in the encoding of the
/// first, and hands each to `piece` with whether it starts inside a
/// document and its length in the file. Returns the file's warning (its encoding), or why it cannot
/// be indexed. A file in UTF-16 is read whole: its line ends are two bytes.
fn in_pieces_of(
    path: &Path,
    piece_bytes: usize,
    mut piece: impl FnMut(&str, bool, u64),
) -> Result<Option<String>, String> {
    use std::io::Read as _;
    let cannot = |e: std::io::Error| format!("cannot read: {e}, skipped");
    let target = piece_bytes.max(1);
    let max = target.saturating_mul(4);
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    let mut buf: Vec<u8> = Vec::with_capacity(max.saturating_add(1 << 16));
    let mut eof = false;
    let mut encoding: Option<corpus::Encoding> = None;
    let mut pandoc = false;
    let mut repaired = 0usize;
    let mut continues = false;
    loop {
        let (end, next_continues) = match corpus::piece_end(&buf, target, max, pandoc, eof) {
            corpus::Cut::NeedMore if !eof => {
                let want = max.saturating_add(1).saturating_sub(buf.len()).max(1);
                let got = (&mut file)
                    .take(want as u64)
                    .read_to_end(&mut buf)
                    .map_err(cannot)?;
                eof = got < want;
                // Whether the file opens with a pandoc title block, from
                // its first line: later ones are where pieces are cut.
                if encoding.is_none() {
                    pandoc = buf
                        .strip_prefix(b"\xEF\xBB\xBF")
                        .unwrap_or(&buf)
                        .split(|&b| b == b'\n')
                        .map(<[u8]>::trim_ascii)
                        .find(|l| !l.is_empty())
                        .is_some_and(|l| l.starts_with(b"% "));
                }
                let utf16 = buf.starts_with(b"\xFF\xFE") || buf.starts_with(b"\xFE\xFF");
                if encoding.is_none() && utf16 {
                    // UTF-16: read on to the end and decode whole.
                    file.read_to_end(&mut buf).map_err(cannot)?;
                    let (text, enc) = corpus::decode(&buf).map_err(|e| e.to_string())?;
                    piece(&text, false, buf.len() as u64);
                    return Ok(enc.warning());
                }
                continue;
            }
            corpus::Cut::NeedMore => (buf.len(), false),
            corpus::Cut::At { end, continues } => (end.min(buf.len()), continues),
        };
        let Some(bytes) = buf.get(..end).filter(|b| !b.is_empty()) else {
            break;
        };
        match encoding {
            None => {
                let (text, enc) = corpus::decode(bytes).map_err(|e| e.to_string())?;
                encoding = Some(enc);
                if let corpus::Encoding::Utf8Repaired(n) = enc {
                    repaired += n;
                }
                piece(&text, continues, end as u64);
            }
            Some(enc) => {
                let (text, n) = corpus::decode_more(bytes, enc).map_err(|e| e.to_string())?;
                repaired += n;
                piece(&text, continues, end as u64);
            }
        }
        continues = next_continues;
        buf.drain(..end);
        if buf.is_empty() && eof {
            break;
        }
    }
    // Invalid UTF-8 is counted over all pieces.
    Ok(if repaired > 0 {
        corpus::Encoding::Utf8Repaired(repaired).warning()
    } else {
        encoding.and_then(corpus::Encoding::warning)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::read;
    use crate::records::{file_records, Record};
    use tantivy::collector::DocSetCollector;
    use tantivy::query::AllQuery;

    /// Records go to the writer one by one as they are built, never all
    /// held at once; the index still holds exactly the records
    /// `file_records` makes of the file, in a file of three documents
    /// (privacy declaration, imprint, terms): same ids, labels, headings,
    /// lines, byte ranges and documents.
    #[test]
    fn streamed_records_are_the_files_records() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let file = tmp.path().join("megatech.txt");
        let text = include_str!("../../corpus/megatech-privacy-imprint-gtc.txt");
        std::fs::write(&file, text).expect("write");
        let dir = tmp.path().join("index");
        let mut opts = BuildOptions::new(vec![file.clone()], dir.clone());
        opts.threads = 2;
        build(&opts).expect("build");
        let indexed = all_records(&dir);
        let shown = shown_path(&file);
        let mut want = file_records(&shown, text, None, Some(&file));
        for r in &mut want {
            r.heading_path.retain(|h| !h.is_empty());
        }
        let documents: std::collections::BTreeSet<&str> =
            want.iter().map(|r| r.document.as_str()).collect();
        assert!(documents.len() >= 3, "{documents:?}");
        assert_eq!(indexed.len(), want.len());
        assert_eq!(indexed, want);
    }

    /// A temporary folder holding `text` as the file `name`.
    fn written(name: &str, text: impl AsRef<[u8]>) -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().expect("temp dir");
        let file = tmp.path().join(name);
        std::fs::write(&file, text).expect("write");
        (tmp, file)
    }

    /// Every record of the index at `dir`, in file order.
    fn all_records(dir: &Path) -> Vec<Record> {
        let idx = KlauselIndex::open(dir).expect("open");
        let searcher = idx.tantivy().reader().expect("reader").searcher();
        let mut records: Vec<Record> = searcher
            .search(&AllQuery, &DocSetCollector)
            .expect("all docs")
            .into_iter()
            .map(|at| read(&searcher.doc(at).expect("doc"), idx.fields()).0)
            .collect();
        records.sort_by_key(|r| r.ord);
        records
    }

    /// Indexes `file` into a new index in its folder, reading it in
    /// pieces of about `piece_bytes`.
    fn index_in_pieces(file: &Path, piece_bytes: usize) -> Vec<Record> {
        let (records, warnings) = index_in_pieces_warned(file, piece_bytes);
        assert!(warnings.is_empty(), "{warnings:?}");
        records
    }

    /// [`index_in_pieces`], with the warnings of the run.
    fn index_in_pieces_warned(file: &Path, piece_bytes: usize) -> (Vec<Record>, Vec<String>) {
        let dir = file.with_extension(format!("index-{piece_bytes}"));
        let mut opts = BuildOptions::new(vec![file.to_path_buf()], dir.clone());
        opts.threads = 2;
        opts.piece_bytes = piece_bytes;
        let report = build(&opts).expect("build");
        let warnings = report.warnings.iter().map(|w| w.reason.clone()).collect();
        (all_records(&dir), warnings)
    }

    /// Statutes concatenated into one file and read in pieces of 4 kB,
    /// each cut where a law's title block starts, give exactly the records
    /// of the file read whole: ids, positions, lines, byte ranges,
    /// documents, headings and norms.
    #[test]
    fn a_file_read_in_pieces_has_the_records_of_the_whole_file() {
        let bgb = format!(
            "% Bürgerliches Gesetzbuch (BGB)\n% Ausfertigungsdatum: 18.08.1896\n \n{}",
            include_str!("../../tests/data/bgb-305-310.md")
        );
        let bgb = bgb.as_str();
        let agg = include_str!("../../tests/data/gesetze-agg-excerpt.md");
        // Each law on lines of its own, as `cat` joins files that end with
        // a line end.
        let bgb = format!("{}\n", bgb.trim_end());
        let text = [agg, &bgb, agg, agg, &bgb].concat();
        let (_tmp, file) = written("gesetze.md", &text);
        let whole = index_in_pieces(&file, usize::MAX / 8);
        let pieces = index_in_pieces(&file, 8192);
        assert!(text.len() > 4 * 8192, "read in pieces");
        let documents: std::collections::BTreeSet<&str> =
            whole.iter().map(|r| r.document.as_str()).collect();
        assert_eq!(documents.len(), 2, "{documents:?}");
        assert_eq!(pieces.len(), whole.len());
        assert_eq!(pieces, whole);
    }

    /// A file without document starts is cut after blank lines: every
    /// record still has its file's line numbers and byte range, and the
    /// text at them.
    #[test]
    fn records_of_pieces_have_the_files_lines_and_bytes() {
        let terms = include_str!("../../corpus/megatech-privacy-imprint-gtc.txt");
        let text = [terms; 4].concat();
        let (_tmp, file) = written("terms.txt", &text);
        let records = index_in_pieces(&file, 2048);
        assert!(records.len() > 4 * 50, "{}", records.len());
        for r in &records {
            assert_eq!(text.get(r.byte_start..r.byte_end), Some(r.text.as_str()));
            let line = 1 + text[..r.byte_start].matches('\n').count();
            assert_eq!(r.line_start, line, "{}", r.id);
            assert_eq!(r.vendor, records[0].vendor);
        }
        let ids: std::collections::BTreeSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), records.len(), "ids are unique across pieces");
    }

    /// A file read in pieces has the content hash of the file read whole:
    /// rewritten with the same bytes, it is unchanged for either way of
    /// reading it.
    #[test]
    fn a_file_read_in_pieces_hashes_as_read_whole() {
        let terms = include_str!("../../corpus/cms-gtc.txt");
        let text = [terms; 4].concat();
        let (tmp, file) = written("terms.txt", &text);
        let dir = tmp.path().join("index");
        for (piece_bytes, unchanged) in [(2048, 0), (usize::MAX / 8, 1), (2048, 1)] {
            // New bytes on disk (a new mtime), the same content.
            std::fs::write(&file, &text).expect("rewrite");
            let mut opts = BuildOptions::new(vec![file.clone()], dir.clone());
            opts.piece_bytes = piece_bytes;
            let report = build(&opts).expect("build");
            assert_eq!(report.unchanged, unchanged, "piece_bytes {piece_bytes}");
            assert_eq!(report.added, 1 - unchanged, "piece_bytes {piece_bytes}");
        }
    }

    /// A file read in pieces reports its progress piece by piece, up to
    /// its size.
    #[test]
    fn a_file_read_in_pieces_reports_progress_per_piece() {
        let terms = include_str!("../../corpus/cms-gtc.txt");
        let text = [terms; 4].concat();
        let (tmp, file) = written("terms.txt", &text);
        let seen = std::sync::Arc::new(Mutex::new(Vec::new()));
        let mut opts = BuildOptions::new(vec![file], tmp.path().join("index"));
        opts.piece_bytes = 2048;
        let sink = seen.clone();
        opts.progress = Some(ProgressFn(std::sync::Arc::new(move |p: Progress| {
            if let Ok(mut v) = sink.lock() {
                v.push((p.bytes, p.files));
            }
        })));
        build(&opts).expect("build");
        let seen = seen.lock().expect("progress").clone();
        let size = text.len() as u64;
        assert!(seen.len() >= 4, "{seen:?}");
        // Piece by piece, then the file done.
        assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");
        assert_eq!(seen.last(), Some(&(size, 1)));
        assert!(seen[..seen.len() - 1].iter().all(|&(_, files)| files == 0));
        assert!(seen[0].0 < size / 4, "{seen:?}");
    }

    /// A windows-1252 file read in pieces: each piece is decoded as the
    /// first was, the file gets the encoding's warning once, and every
    /// record's text is the decoded file's text at its byte range.
    #[test]
    fn a_legacy_encoded_file_is_decoded_piece_by_piece() {
        let agb = include_str!("../../tests/data/de-agb/contract_001.txt");
        let text = [agb; 6].concat();
        assert!(text.contains('ü'));
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
        let (_tmp, file) = written("agb.txt", &bytes);
        assert!(bytes.len() > 4 * 2048, "read in pieces");
        let (records, warnings) = index_in_pieces_warned(&file, 2048);
        assert_eq!(warnings, ["not UTF-8; decoded as windows-1252"]);
        assert!(records.len() > 6 * 5, "{}", records.len());
        for r in &records {
            assert_eq!(text.get(r.byte_start..r.byte_end), Some(r.text.as_str()));
        }
        assert!(records.iter().any(|r| r.text.contains('ü')));
    }
}
