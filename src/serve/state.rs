//! The open index, replaced when a new commit appears.
//!
//! `Searcher` reads one commit (tantivy's reader with a manual reload
//! policy, and klausel's vendor list from that commit's payload), so
//! picking up a commit means opening a new `Searcher`. Each request stats
//! `meta.json`, which tantivy replaces atomically on every commit; when it
//! changed, the index is opened again and the new searcher serves the
//! following requests. Requests running on the old one finish on it (it is
//! shared through an `Arc`; its segment files stay mapped even when a
//! concurrent `klausel index` deletes them). If opening fails (a run is
//! between writing meta.json and its segments, or has deleted a segment
//! the commit just read names), the old searcher keeps answering and the
//! next request tries again.

use klausel::search::Searcher;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// What identifies a commit cheaply: `meta.json`'s size, modification time
/// and inode (a commit writes a new file and renames it over the old one).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

impl Stamp {
    fn of(dir: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(dir.join("meta.json")).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&m);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
            inode,
        })
    }
}

/// The server's shared state: the index folder and the searcher of its
/// latest commit.
pub struct Shared {
    dir: PathBuf,
    current: Mutex<(Option<Stamp>, Arc<Searcher>)>,
    /// Held while a new commit is being opened, so that a burst of
    /// requests after a commit opens it once; the others answer from the
    /// previous commit meanwhile.
    opening: Mutex<()>,
}

impl Shared {
    /// Opens the index in `dir`; an index that cannot be opened now is an
    /// error (the server does not start).
    pub fn open(dir: &Path) -> klausel::Result<Shared> {
        let stamp = Stamp::of(dir);
        let searcher = Searcher::open(dir)?;
        if let Some(note) = searcher.index().staleness() {
            eprintln!("klausel: warning: {note}");
        }
        // Loaded now rather than by the first request: the thesaurus
        // (about 0.1 s in a debug build) and the vendor list.
        klausel::thesaurus::Thesaurus::builtin();
        searcher.vendors()?;
        Ok(Shared {
            dir: dir.to_path_buf(),
            current: Mutex::new((stamp, Arc::new(searcher))),
            opening: Mutex::new(()),
        })
    }

    /// The searcher of the latest commit that could be opened.
    pub fn searcher(&self) -> Arc<Searcher> {
        let now = Stamp::of(&self.dir);
        let old = {
            let current = match self.current.lock() {
                Ok(c) => c,
                Err(poisoned) => poisoned.into_inner(),
            };
            if current.0 == now || now.is_none() {
                return current.1.clone();
            }
            current.1.clone()
        };
        // Opened outside the lock on the current searcher: other requests
        // keep answering from the old one meanwhile.
        let Ok(_opening) = self.opening.try_lock() else {
            return old;
        };
        match Searcher::open(&self.dir) {
            Ok(fresh) => {
                let fresh = Arc::new(fresh);
                let mut current = match self.current.lock() {
                    Ok(c) => c,
                    Err(poisoned) => poisoned.into_inner(),
                };
                *current = (now, fresh.clone());
                eprintln!("klausel: opened a new commit of {}", self.dir.display());
                fresh
            }
            Err(e) => {
                eprintln!(
                    "klausel: warning: the index changed but could not be opened yet ({e}); answering from the previous commit"
                );
                old
            }
        }
    }
}
