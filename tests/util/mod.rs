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

/// The summary line of `klausel index`, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Indexable files found.
    pub files: u64,
    /// New files indexed.
    pub added: u64,
    /// Changed files re-indexed.
    pub updated: u64,
    /// Files removed from the index.
    pub removed: u64,
    /// Files skipped because they did not change.
    pub unchanged: u64,
    /// Files skipped with a warning.
    pub skipped: u64,
    /// Records written in the run.
    pub written: u64,
    /// Records in the index after the run.
    pub total: u64,
    /// Warnings printed.
    pub warnings: u64,
}

/// Parses the summary line `indexed N files (A added, ...): ...; W warnings`
/// (`1 warning` for one).
pub fn summary(stdout: &str) -> Summary {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("indexed "))
        .unwrap_or_else(|| panic!("no summary in {stdout:?}"));
    let num_before = |label: &str| -> u64 {
        let at = line
            .find(label)
            .unwrap_or_else(|| panic!("no {label:?} in {line:?}"));
        let digits: String = line[..at]
            .trim_end()
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.chars().rev().collect::<String>().parse().unwrap()
    };
    Summary {
        files: num_before(" files ("),
        added: num_before(" added,"),
        updated: num_before(" updated,"),
        removed: num_before(" removed,"),
        unchanged: num_before(" unchanged,"),
        skipped: num_before(" skipped)"),
        written: num_before(" clauses written"),
        total: num_before(" in the index"),
        warnings: num_before(" warning"),
    }
}

/// Runs `klausel index --index INDEX ARGS...` and returns the outcome.
pub fn index(index: &Path, args: &[&str]) -> Output {
    let mut c = klausel();
    c.arg("index").arg("--index").arg(index).args(args);
    c.output().expect("klausel runs")
}

/// Writes `files` generated German terms into `dir`: file `n` is
/// `agb-NNNN.txt` from vendor `Muster{n} GmbH` with `sections` sections of
/// five numbered clauses each. Every clause holds the word `Prüfmarke` and the
/// unique token `d{n}s{section}k{clause}`, so one search counts all records.
pub fn generate(dir: &Path, files: std::ops::Range<usize>, sections: usize) {
    std::fs::create_dir_all(dir).expect("mkdir");
    for n in files {
        std::fs::write(
            dir.join(format!("agb-{n:04}.txt")),
            generated_text(n, sections, 0),
        )
        .expect("write");
    }
}

/// The text of generated file `n`; `version` changes every clause's wording.
pub fn generated_text(n: usize, sections: usize, version: usize) -> String {
    let mut t = format!("Allgemeine Geschäftsbedingungen der Muster{n} GmbH\n\n");
    for s in 1..=sections {
        t.push_str(&format!("§ {s} Regelung {s}\n"));
        for k in 1..=5 {
            t.push_str(&format!(
                "({k}) Die Muster{n} GmbH haftet nach Klausel d{n}s{s}k{k} für Mängel; die \
                 Gewährleistung beträgt {} Monate, sofern die Prüfmarke gilt (Fassung v{version}).\n",
                k + s + version
            ));
        }
        t.push('\n');
    }
    t
}

/// `text` as UTF-16 with a byte-order mark.
pub fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

/// Rewrites the klausel payload in `meta.json` of an index.
pub fn edit_payload(idx: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let path = idx.join("meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut payload: serde_json::Value =
        serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
    edit(&mut payload);
    meta["payload"] = serde_json::Value::String(payload.to_string());
    std::fs::write(&path, meta.to_string()).unwrap();
}

/// One vendor, Acme GmbH, with the same jurisdiction clause in two
/// documents: `agb.txt` (§ 2 (1), with `url` in the manifest when given)
/// and `second` (§ 9 (1)).
pub fn acme_two_documents(dir: &Path, second: &str, agb_url: Option<&str>) {
    std::fs::create_dir_all(dir).unwrap();
    let shared = "(1) Gerichtsstand für alle Streitigkeiten ist München.";
    std::fs::write(
        dir.join("agb.txt"),
        format!(
            "§ 1 Geltung\n(1) Diese AGB gelten für Kaufverträge.\n§ 2 Gerichtsstand\n{shared}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join(second),
        format!("§ 1 Miete\n(1) Die Miete ist monatlich zu zahlen.\n§ 9 Schluss\n{shared}\n"),
    )
    .unwrap();
    let url = agb_url.map_or(String::new(), |u| format!("url = \"{u}\"\n"));
    std::fs::write(
        dir.join("corpus.toml"),
        format!(
            "[[document]]\nfile = \"agb.txt\"\nvendor = \"Acme GmbH\"\ntitle = \"AGB\"\n{url}\n\
             [[document]]\nfile = \"{second}\"\nvendor = \"Acme GmbH\"\ntitle = \"Mietbedingungen\"\n"
        ),
    )
    .unwrap();
}
