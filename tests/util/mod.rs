//! A small harness for running the real klausel binary in tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// The repository root (where corpus/ lives).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A command for the klausel binary, run from the repository root.
pub fn klausel() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_klausel"));
    c.current_dir(root());
    c.env_remove("NO_COLOR");
    c.stdin(Stdio::null());
    c
}

/// Runs klausel with `args` from the repository root.
pub fn run(args: &[&str]) -> Output {
    klausel().args(args).output().expect("klausel runs")
}

/// The exit code, stdout and stderr of a run.
pub fn outcome(o: &Output) -> (i32, String, String) {
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// An index of `paths` (relative to the repository root) in a fresh temporary folder.
pub struct TestIndex {
    _dir: tempfile::TempDir,
    /// The index folder.
    pub path: PathBuf,
}

impl TestIndex {
    /// Indexes `paths` into a new temporary index.
    pub fn build(paths: &[&str]) -> TestIndex {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("index");
        let mut args = vec![
            "index",
            "--quiet",
            "--index",
            path.to_str().expect("utf-8 path"),
        ];
        args.extend_from_slice(paths);
        let o = run(&args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "index failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        TestIndex { _dir: dir, path }
    }

    /// `--index PATH` for this index.
    pub fn arg(&self) -> &str {
        self.path.to_str().expect("utf-8 path")
    }

    /// Runs a subcommand against this index: `klausel CMD --index PATH ARGS...`.
    pub fn run(&self, cmd: &str, args: &[&str]) -> Output {
        let mut all = vec![cmd, "--index", self.arg()];
        all.extend_from_slice(args);
        run(&all)
    }

    /// `search --format json --limit N QUERY`, parsed.
    pub fn search_json(&self, query: &str, limit: usize) -> serde_json::Value {
        let limit = limit.to_string();
        let o = self.run(
            "search",
            &["--format", "json", "--limit", &limit, "--", query],
        );
        let (code, out, err) = outcome(&o);
        assert!(
            code == 0 || code == 1,
            "search {query:?} failed ({code}): {err}"
        );
        serde_json::from_str(&out).expect("search prints JSON")
    }

    /// `(vendor, section, line_start)` of each hit of a JSON search.
    pub fn citations(&self, query: &str, limit: usize) -> Vec<(String, String, u64)> {
        hits(&self.search_json(query, limit))
    }
}

/// `(vendor, section, line_start)` of each hit in a JSON result.
pub fn hits(v: &serde_json::Value) -> Vec<(String, String, u64)> {
    v["hits"]
        .as_array()
        .expect("hits array")
        .iter()
        .map(|h| {
            (
                h["vendor"].as_str().unwrap_or_default().to_string(),
                h["section"].as_str().unwrap_or_default().to_string(),
                h["line_start"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

/// The sample corpus index, built once per test binary.
pub fn sample() -> &'static TestIndex {
    static SAMPLE: OnceLock<TestIndex> = OnceLock::new();
    SAMPLE.get_or_init(|| TestIndex::build(&["corpus"]))
}

/// Copies a folder recursively (for tests that change files).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}
