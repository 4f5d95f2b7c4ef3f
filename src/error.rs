//! The library's error type.

use std::path::PathBuf;

/// Everything that can go wrong in klausel's library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An I/O error on a named path.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// tantivy failed.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The query could not be parsed.
    #[error("invalid query: {0}")]
    Query(#[from] crate::query::ParseError),
    /// A corpus manifest is malformed.
    #[error("{path}: {message}")]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong, with the line where known.
        message: String,
    },
    /// No index exists at the path.
    #[error("no index at {0}; build one with `klausel index`")]
    NoIndex(PathBuf),
    /// The index was built by an incompatible klausel.
    #[error("the index at {path} was built by an incompatible klausel ({found}); run `klausel index --rebuild`")]
    IncompatibleIndex {
        /// The index folder.
        path: PathBuf,
        /// What was found instead of the expected version.
        found: String,
    },
    /// The index's files are damaged (bit rot, a truncated or hand-edited
    /// file); `file` names what was found damaged.
    #[error("the index at {path} is damaged ({file}); run `klausel index --rebuild`")]
    Damaged {
        /// The index folder.
        path: PathBuf,
        /// The damaged file(s), or what does not fit together.
        file: String,
    },
    /// The index folder may not be written (only `index` needs to).
    #[error("cannot write to the index at {path} ({reason}); searching it needs no write access, indexing does")]
    NotWritable {
        /// The index folder.
        path: PathBuf,
        /// Why: read-only file system, permission denied, ...
        reason: String,
    },
    /// The disk filled up while writing the index; what the run wrote was
    /// removed again, and the index is at its last commit.
    #[error("the disk holding the index at {0} is full; the index is unchanged (at its last complete commit); free some space and run `klausel index` again")]
    DiskFull(PathBuf),
    /// The index has no commit yet and its first build is running.
    #[error("the index at {0} is being built (its first `klausel index` is still running); search again when it has finished")]
    BeingBuilt(PathBuf),
    /// Another process is writing to the index.
    #[error("the index at {0} is locked by another `klausel index`; wait for it or pass --wait")]
    Locked(PathBuf),
    /// A clause reference given to `show` does not exist.
    #[error("no clause matches {0:?}")]
    NotFound(String),
    /// An id given to `show` names no clause any more: the clause's text
    /// or number changed, or it (or its file) was removed.
    #[error("no clause has the id {0:?} any more: the clause changed or was removed since the id was taken; search for it again")]
    ClauseChanged(String),
    /// `vendor:` names no vendor of the index.
    #[error("vendor:{name} matches no vendor in the index (vendors: {known})")]
    UnknownVendor {
        /// As typed.
        name: String,
        /// The index's vendors (the first 20).
        known: String,
    },
    /// `vendor:` names several vendors.
    #[error("{}", ambiguous_vendor(name, candidates))]
    AmbiguousVendor {
        /// As typed.
        name: String,
        /// The vendors it could mean.
        candidates: Vec<String>,
    },
    /// `kind:` names no document kind.
    #[error("kind:{0} is not a document kind (terms, privacy, imprint, price_list, other)")]
    UnknownKind(String),
    /// `lang:` names no language.
    #[error("lang:{0} is not a language (de, en)")]
    UnknownLanguage(String),
    /// `cites:` holds no statute citation.
    #[error("cites:{0} is not a statute citation (e.g. cites:\"§ 307 BGB\")")]
    NotACitation(String),
    /// A path given to `index` does not exist.
    #[error("{0}: no such file or folder; nothing was indexed")]
    NoSuchRoot(PathBuf),
    /// The index folder holds other files: klausel never writes into, or
    /// clears, a folder that is not recognisably its own.
    #[error("{} is not empty and holds no klausel index; refusing to {} it", path.display(), if *rebuild { "rebuild over" } else { "index into" })]
    NotAnIndexFolder {
        /// The folder.
        path: PathBuf,
        /// Whether `--rebuild` was asked for.
        rebuild: bool,
    },
    /// A line of `search --batch` that holds no query to run: a JSON line
    /// that is malformed or has an unknown field, a line too long or not UTF-8.
    #[error("bad batch line: {0}")]
    BadLine(String),
    /// The index state could not be written as JSON (a bug).
    #[error("cannot serialise index state: {0}")]
    State(#[from] serde_json::Error),
}

impl Error {
    /// A stable, documented name for the kind of error, for scripts
    /// (`{"version":1,"type":"error","kind":…}`). Names are never reused or renamed.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::Tantivy(_) => "index",
            Error::Query(_) => "bad_query",
            Error::Manifest { .. } => "bad_manifest",
            Error::NoIndex(_) => "no_index",
            Error::IncompatibleIndex { .. } => "incompatible_index",
            Error::Damaged { .. } => "damaged_index",
            Error::NotWritable { .. } => "not_writable",
            Error::DiskFull(_) => "disk_full",
            Error::BeingBuilt(_) => "being_built",
            Error::Locked(_) => "locked",
            Error::NotFound(_) => "not_found",
            Error::ClauseChanged(_) => "clause_changed",
            Error::BadLine(_) => "bad_line",
            // Kinds are part of the contract: these were all "invalid"
            // before they had variants of their own, and stay so.
            Error::UnknownVendor { .. }
            | Error::AmbiguousVendor { .. }
            | Error::UnknownKind(_)
            | Error::UnknownLanguage(_)
            | Error::NotACitation(_)
            | Error::NoSuchRoot(_)
            | Error::NotAnIndexFolder { .. }
            | Error::State(_) => "invalid",
        }
    }

    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// `vendor:x is ambiguous: A, B`, or for an empty name, how many vendors.
fn ambiguous_vendor(name: &str, candidates: &[String]) -> String {
    if crate::text::fold(name).is_empty() {
        format!("vendor: needs a name ({} vendors)", candidates.len())
    } else {
        format!("vendor:{name} is ambiguous: {}", candidates.join(", "))
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
