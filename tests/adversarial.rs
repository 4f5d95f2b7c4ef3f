//! Adversarial input against the real binary (issue 15): files that are not
//! files, absurd options, damaged indexes, broken encodings. Every case
//! asserts the exact message and exit code; none may hang or panic.

mod util;

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};
use util::{klausel, outcome, summary};

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Runs a command to its end; a run that is still going after a minute is
/// a hang (the bug under test), killed and reported as a failure.
fn finish(mut c: std::process::Command) -> Output {
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("klausel runs");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let o = child.wait_with_output().expect("output");
            panic!("hung: {}", String::from_utf8_lossy(&o.stderr));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn index_cmd(idx: &Path, args: &[&str]) -> std::process::Command {
    let mut c = klausel();
    c.arg("index").arg("--index").arg(idx).args(args);
    c
}

/// A corpus folder with one good German file, in a fresh temporary folder.
fn corpus() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(
        docs.join("good.txt"),
        "§ 1 Haftung\n(1) Die Gewährleistung gilt für Wasserhähne.\n",
    )
    .unwrap();
    (tmp, docs)
}

/// Issue 15, defect 1: a FIFO, a socket-free device link and a link to a
/// FIFO are skipped with a warning instead of blocking `index` forever.
#[test]
fn fifos_and_devices_are_skipped_with_a_warning() {
    let (tmp, docs) = corpus();
    let fifo = docs.join("p.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", docs.join("zero.txt")).unwrap();
    std::os::unix::fs::symlink(&fifo, docs.join("to-fifo.md")).unwrap();
    let idx = tmp.path().join("index");
    let o = finish(index_cmd(&idx, &[s(&docs)]));
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let d = s(&docs);
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            format!("warning: {d}/p.txt: not a regular file (a FIFO), skipped"),
            format!("warning: {d}/to-fifo.md: not a regular file (a FIFO), skipped"),
            format!("warning: {d}/zero.txt: not a regular file (a device), skipped"),
        ]
    );
    let sum = summary(&out);
    assert_eq!((sum.files, sum.added, sum.warnings), (1, 1, 3));
    // A FIFO given as the root itself.
    let o = finish(index_cmd(&idx, &[s(&fifo)]));
    let (code, _, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.trim(),
        format!("warning: {d}/p.txt: not a regular file (a FIFO), skipped")
    );
}

/// Issue 15, defect 11: files over the size limit are skipped, not read.
#[test]
fn files_over_the_size_limit_are_skipped() {
    let (tmp, docs) = corpus();
    let big = "(1) Die Lieferung erfolgt frei Haus.\n".repeat(30_000);
    std::fs::write(docs.join("big.txt"), &big).unwrap();
    let idx = tmp.path().join("index");
    let o = finish(index_cmd(&idx, &["--max-file-mb", "1", s(&docs)]));
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.trim(),
        format!(
            "warning: {}/big.txt: larger than the 1 MB limit (--max-file-mb), skipped",
            s(&docs)
        )
    );
    let sum = summary(&out);
    assert_eq!((sum.files, sum.added, sum.skipped), (2, 1, 1));
}

/// Issue 15, defect 3: a limit far beyond the hits that exist allocates
/// only for those hits: no capacity-overflow panic, no allocation abort.
#[test]
fn huge_limits_return_every_hit() {
    let idx = util::sample();
    let normal = idx.search_json("warranty", 10_000);
    let n = normal["hits"].as_array().unwrap().len();
    assert!(n > 0);
    for limit in ["18446744073709551615", "10000000000000"] {
        let o = idx.run("search", &["--format", "json", "--limit", limit, "warranty"]);
        let (code, out, err) = outcome(&o);
        assert_eq!((code, err.as_str()), (0, ""), "--limit {limit}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["hits"].as_array().unwrap().len(), n, "--limit {limit}");
        let o = idx.run("compare", &["--format", "json", "--top", limit, "warranty"]);
        let (code, _, err) = outcome(&o);
        assert_eq!((code, err.as_str()), (0, ""), "--top {limit}");
    }
}
