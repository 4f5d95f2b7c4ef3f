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
        let o = idx.run(
            "search",
            &["--format", "json", "--limit", limit, "warranty"],
        );
        let (code, out, err) = outcome(&o);
        assert_eq!((code, err.as_str()), (0, ""), "--limit {limit}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["hits"].as_array().unwrap().len(), n, "--limit {limit}");
        let o = idx.run("compare", &["--format", "json", "--top", limit, "warranty"]);
        let (code, _, err) = outcome(&o);
        assert_eq!((code, err.as_str()), (0, ""), "--top {limit}");
    }
}

/// A fresh index of the sample corpus in a temporary folder.
fn sample_index() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let idx = tmp.path().join("index");
    let o = util::index(&idx, &["--quiet", "corpus"]);
    assert_eq!(outcome(&o).0, 0, "{}", outcome(&o).2);
    (tmp, idx)
}

fn damaged(idx: &Path, file: &str) -> String {
    format!(
        "the index at {} is damaged ({file}); run `klausel index --rebuild`",
        idx.display()
    )
}

/// Search, show and compare on `idx`: the exit codes and stderr of each.
fn read_all(idx: &Path) -> Vec<(i32, String)> {
    let runs: [&[&str]; 3] = [
        &["search", "warranty liability"],
        &["show", "corpus/actimi-gtc.txt#§23(7)-a6f8d9"],
        &["compare", "warranty"],
    ];
    runs.iter()
        .map(|args| {
            let o = klausel()
                .arg(args[0])
                .arg("--index")
                .arg(idx)
                .args(&args[1..])
                .output()
                .unwrap();
            let (code, _, err) = outcome(&o);
            (code, err)
        })
        .collect()
}

/// `--rebuild` makes a working index of it again.
fn assert_rebuild_recovers(idx: &Path) {
    let o = util::index(idx, &["--rebuild", "--quiet", "corpus"]);
    assert_eq!(outcome(&o), (0, String::new(), String::new()));
    for (code, err) in read_all(idx) {
        assert_eq!((code, err.as_str()), (0, ""));
    }
}

/// Issue 15, defect 5: a corrupt, empty or truncated meta.json or a garbage
/// .managed.json is named, in words (no tantivy debug text), and --rebuild
/// repairs it.
#[test]
fn corrupt_metadata_is_named_and_rebuild_repairs_it() {
    for (file, content) in [
        ("meta.json", "garbage"),
        ("meta.json", ""),
        ("meta.json", "{\"index_settings\": {"),
        (".managed.json", "garbage"),
    ] {
        let (_tmp, idx) = sample_index();
        std::fs::write(idx.join(file), content).unwrap();
        let expected = damaged(&idx, file);
        for (code, err) in read_all(&idx) {
            assert_eq!(
                (code, err.trim()),
                (2, format!("klausel: {expected}").as_str())
            );
        }
        let o = util::index(&idx, &["corpus"]);
        let (code, _, err) = outcome(&o);
        assert_eq!(
            (code, err.trim()),
            (
                2,
                format!("klausel: indexing into {}: {expected}", idx.display()).as_str()
            )
        );
        assert_rebuild_recovers(&idx);
    }
}

/// Issue 15, defect 4: segments that do not match meta.json (a lowered
/// `max_doc`) made tantivy panic; now the damage is reported.
#[test]
fn a_lowered_max_doc_is_reported_not_a_panic() {
    let (_tmp, idx) = sample_index();
    let path = idx.join("meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for seg in meta["segments"].as_array_mut().unwrap() {
        let max = seg["max_doc"].as_u64().unwrap();
        seg["max_doc"] = (max / 3).max(1).into();
    }
    std::fs::write(&path, meta.to_string()).unwrap();
    let (code, err) = read_all(&idx).remove(0);
    assert_eq!(
        (code, err.trim()),
        (
            2,
            format!(
                "klausel: {}",
                damaged(&idx, "its segments do not match meta.json")
            )
            .as_str()
        )
    );
    assert_rebuild_recovers(&idx);
}

/// Issue 15, defects 4 and 5: random bit rot in every kind of index file.
/// No run may panic (101) or abort (134); every failure names the damage;
/// `--rebuild` always recovers. Seeded, so every run flips the same bytes.
#[test]
fn random_bit_rot_in_every_file_kind_never_panics() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: usize| -> usize {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let (_tmp, idx) = sample_index();
    for kind in ["idx", "store", "term", "fast", "pos", "fieldnorm", "del"] {
        for flips in [1, 16] {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&idx)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == kind))
                .collect();
            files.sort();
            if files.is_empty() {
                continue;
            }
            let file = &files[next(files.len())];
            let mut bytes = std::fs::read(file).unwrap();
            for _ in 0..flips {
                let at = next(bytes.len());
                bytes[at] ^= 1 << next(8);
            }
            std::fs::write(file, &bytes).unwrap();
            for (code, err) in read_all(&idx) {
                assert!(matches!(code, 0..=2), "{kind}: exit {code}: {err}");
                if code == 2 {
                    assert!(
                        err.contains(&format!("the index at {} is damaged (", idx.display()))
                            && err.trim_end().ends_with("; run `klausel index --rebuild`"),
                        "{kind}: {err}"
                    );
                    assert!(!err.contains("Data corrupt"), "{kind}: {err}");
                }
            }
            assert_rebuild_recovers(&idx);
        }
    }
}

/// Issue 15, defect 5: the default index/ repairs itself when damaged.
#[test]
fn the_default_index_rebuilds_itself_when_damaged() {
    let tmp = tempfile::tempdir().unwrap();
    util::copy_dir(&util::root().join("corpus"), &tmp.path().join("corpus"));
    let search = || {
        let o = klausel()
            .current_dir(tmp.path())
            .args(["search", "--format", "json", "warranty"])
            .output()
            .unwrap();
        outcome(&o)
    };
    let (code, _, err) = search();
    assert_eq!(code, 0, "{err}");
    std::fs::write(tmp.path().join("index/meta.json"), "").unwrap();
    let (code, out, err) = search();
    assert_eq!(code, 0, "{err}");
    assert!(
        err.starts_with("klausel: updating the index in index/"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(!v["hits"].as_array().unwrap().is_empty());
    // Damage that opening cannot see, only reading a stored clause: the
    // search that finds it rebuilds the index and answers.
    for e in std::fs::read_dir(tmp.path().join("index")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|e| e == "store") {
            let mut b = std::fs::read(&p).unwrap();
            let step = (b.len() / 2 / 64).max(1);
            for i in (16..b.len() / 2).step_by(step) {
                b[i] ^= 0x5a;
            }
            std::fs::write(&p, b).unwrap();
        }
    }
    let (code, out, err) = search();
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines.len() == 2
            && lines[0].starts_with("klausel: warning: the index at index is damaged (")
            && lines[0].contains(".store")
            && lines[1] == "klausel: rebuilding the index in index/ from corpus/ ...",
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(!v["hits"].as_array().unwrap().is_empty());
}

/// Issue 15, defect 13: `--index` on a folder that is not an index (here
/// the corpus itself) is refused, and nothing is written into it.
#[test]
fn indexing_into_a_folder_that_is_not_an_index_is_refused() {
    let (tmp, docs) = corpus();
    let before: Vec<_> = std::fs::read_dir(&docs).unwrap().collect();
    let o = util::index(&docs, &[s(&docs)]);
    let (code, _, err) = outcome(&o);
    assert_eq!(
        (code, err.trim()),
        (
            2,
            format!(
                "klausel: indexing into {d}: {d} is not empty and holds no klausel index; refusing to index into it",
                d = docs.display()
            )
            .as_str()
        )
    );
    assert_eq!(std::fs::read_dir(&docs).unwrap().count(), before.len());
    drop(tmp);
}

/// Issue 15, defect 9: one invalid byte in a UTF-8 file no longer turns the
/// whole file into windows-1252 ("einschlieÃŸlich"): it stays UTF-8, the
/// byte becomes U+FFFD, and the warning counts the replacements.
#[test]
fn utf8_with_a_few_invalid_bytes_stays_utf8() {
    let (tmp, docs) = corpus();
    let mut bytes = "§ 1 Haftung\n(1) Wir haften einschließlich grober Fahrlässigkeit für Schäden "
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"\xff am Gartenhaus.\n(2) Die Gew\xe4hr gilt.\n");
    std::fs::write(docs.join("broken.txt"), &bytes).unwrap();
    let idx = tmp.path().join("index");
    let o = util::index(&idx, &[s(&docs)]);
    let (code, _, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.trim(),
        format!(
            "warning: {}/broken.txt: invalid UTF-8 in 2 places, replaced by U+FFFD",
            s(&docs)
        )
    );
    let o = klausel()
        .args([
            "search",
            "--format",
            "json",
            "--index",
            s(&idx),
            "Gartenhaus",
        ])
        .output()
        .unwrap();
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["hits"][0]["text"],
        "(1) Wir haften einschließlich grober Fahrlässigkeit für Schäden \u{fffd} am Gartenhaus."
    );
}

/// Issue 15, defect 10: lone CR line ends (old Mac files) are line breaks,
/// for the chunker and for the line numbers of citations.
#[test]
fn lone_cr_line_ends_are_line_breaks() {
    let (tmp, docs) = corpus();
    let text = "§ 1 Geltung\r(1) Diese Bedingungen gelten für alle Verträge.\r(2) Abweichende Bedingungen gelten nicht.\r\r§ 2 Haftung\r(1) Wir haften für Vorsatz.\r";
    std::fs::write(docs.join("mac.txt"), text).unwrap();
    let o = klausel()
        .args(["chunk", "--format", "json"])
        .arg(docs.join("mac.txt"))
        .output()
        .unwrap();
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["clauses"].as_array().unwrap().len(), 3, "{v}");
    assert_eq!(v["headings"].as_array().unwrap().len(), 2, "{v}");
    let idx = tmp.path().join("index");
    let o = util::index(&idx, &["--quiet", s(&docs)]);
    assert_eq!(outcome(&o), (0, String::new(), String::new()));
    let o = klausel()
        .args(["search", "--format", "json", "--index", s(&idx), "Vorsatz"])
        .output()
        .unwrap();
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["hits"][0]["line_start"], 6);
    assert_eq!(v["hits"][0]["section"], "§ 2 (1)");
    assert_eq!(v["hits"][0]["text"], "(1) Wir haften für Vorsatz.");
}

/// Whether this system lets an unprivileged process make a user and mount
/// namespace (`unshare -rm`). Where it does not, the tests that need one
/// say so and skip, except in CI, where a missing tool fails the test.
fn namespaces_allowed() -> bool {
    let can = std::process::Command::new("unshare")
        .args(["-rm", "true"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !can {
        assert!(
            std::env::var_os("CI").is_none(),
            "unshare -rm is not permitted here, and CI is set"
        );
        eprintln!("skipped: unshare -rm is not permitted here");
    }
    can
}

/// Runs `klausel ARGS` with the index folder `idx` mounted read-only at
/// `mnt` (in a private user and mount namespace), or `None` where the
/// system does not allow such namespaces.
fn on_read_only_mount(idx: &Path, mnt: &Path, args: &[&str]) -> Option<Output> {
    if !namespaces_allowed() {
        return None;
    }
    std::fs::create_dir_all(mnt).unwrap();
    let script =
        r#"mount --bind "$1" "$2" && mount -o remount,bind,ro "$2" && shift 2 && exec "$@""#;
    let mut c = std::process::Command::new("unshare");
    c.args(["-rm", "sh", "-c", script, "sh"])
        .arg(idx)
        .arg(mnt)
        .arg(env!("CARGO_BIN_EXE_klausel"))
        .args(args)
        .current_dir(util::root())
        .stdin(Stdio::null());
    Some(c.output().unwrap())
}

/// Issue 15, defect 6: an index on a read-only mount can be searched, and
/// `index` there names the real cause instead of "locked by another".
#[test]
fn a_read_only_index_can_be_searched() {
    let (tmp, idx) = sample_index();
    let mnt = tmp.path().join("ro");
    let Some(o) = on_read_only_mount(&idx, &mnt, &["search", "--index", s(&mnt), "warranty"])
    else {
        return;
    };
    let (code, out, err) = outcome(&o);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.contains("Actimi GmbH"), "{out}");
    let o = on_read_only_mount(&idx, &mnt, &["index", "--index", s(&mnt), "corpus"]).unwrap();
    let (code, _, err) = outcome(&o);
    assert_eq!(
        (code, err.trim()),
        (
            2,
            format!(
                "klausel: indexing into {m}: cannot write to the index at {m} (read-only file system); searching it needs no write access, indexing does",
                m = mnt.display()
            )
            .as_str()
        )
    );
}

/// Runs `sh -c SCRIPT` in a private user and mount namespace (as root of
/// it, able to mount a tmpfs), with `$K` the klausel binary, from `cwd`;
/// `None` where the system does not allow such namespaces.
fn in_namespace(cwd: &Path, script: &str) -> Option<Output> {
    if !namespaces_allowed() {
        return None;
    }
    let o = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", script])
        .env("K", env!("CARGO_BIN_EXE_klausel"))
        .current_dir(cwd)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Some(o)
}

/// Issue 15, defect 7: a run that fills the disk removes what it wrote, so
/// the next run (with less to write) succeeds instead of failing with "No
/// space left" on the leftovers; the message says what happened.
#[test]
fn a_disk_full_run_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big");
    let small = tmp.path().join("small");
    std::fs::create_dir_all(&big).unwrap();
    std::fs::create_dir_all(&small).unwrap();
    // 6 MB of words that neither compress nor repeat much.
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for n in 0..40 {
        let mut t = String::new();
        for s in 1..60 {
            t.push_str(&format!("§ {s} Regel\n"));
            for k in 1..=5 {
                t.push_str(&format!("({k})"));
                for _ in 0..40 {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    t.push_str(&format!(" Wort{}", x % 1_000_000));
                }
                t.push_str(".\n");
            }
        }
        std::fs::write(big.join(format!("f{n:02}.txt")), &t).unwrap();
        if n < 2 {
            std::fs::write(small.join(format!("f{n:02}.txt")), &t).unwrap();
        }
    }
    std::fs::write(
        small.join("marke.txt"),
        "§ 1 Test\n(1) Die Prüfmarke gilt.\n",
    )
    .unwrap();
    let script = r#"mkdir -p mnt && mount -t tmpfs -o size=3m tmpfs mnt || exit 99
"$K" index --quiet --index mnt/index big; echo "full=$?"
ls -A mnt/index | grep -c '^[0-9a-f]\{32\}\.' ; echo "--"
"$K" index --quiet --index mnt/index small; echo "small=$?"
"$K" search --index mnt/index --no-expand Prüfmarke | grep -c 'small/marke.txt:2$'"#;
    let Some(o) = in_namespace(tmp.path(), script) else {
        return;
    };
    let (_, out, err) = outcome(&o);
    assert_eq!(
        err.trim(),
        "klausel: indexing into mnt/index: the disk holding the index at mnt/index is full; the index is unchanged (at its last complete commit); free some space and run `klausel index` again"
    );
    assert_eq!(out, "full=2\n0\n--\nsmall=0\n1\n", "{err}");
}

/// Issue 15, defect 7: segment files no commit refers to (left by a killed
/// or failed run) are collected at the start of the next run.
#[test]
fn orphaned_segment_files_are_collected_at_the_start_of_a_run() {
    let (_tmp, idx) = sample_index();
    let orphans = [
        "0123456789abcdef0123456789abcdef.store",
        "0123456789abcdef0123456789abcdef.idx",
        "fedcba9876543210fedcba9876543210.7.del",
        ".tmpK1x2y3",
    ];
    for o in orphans {
        std::fs::write(idx.join(o), vec![7u8; 100_000]).unwrap();
    }
    let o = util::index(&idx, &["--quiet", "corpus"]);
    assert_eq!(outcome(&o), (0, String::new(), String::new()));
    for o in orphans {
        assert!(!idx.join(o).exists(), "{o} is still there");
    }
    for (code, err) in read_all(&idx) {
        assert_eq!((code, err.as_str()), (0, ""));
    }
}

/// Issue 15, defect 13: control characters in file names are escaped in
/// citations and warnings: a newline no longer splits a citation line, and
/// an escape sequence no longer reaches the terminal.
#[test]
fn control_characters_in_file_names_are_escaped() {
    let (tmp, docs) = corpus();
    std::fs::write(
        docs.join("zwei\nzeilen.txt"),
        "§ 1 Test\n(1) Der Wasserspeier gilt.\n",
    )
    .unwrap();
    std::fs::write(
        docs.join("\u{1b}[31mrot.txt"),
        "§ 1 Test\n(1) Der Wasserspeier gilt auch hier.\n",
    )
    .unwrap();
    std::fs::write(docs.join("bell\u{7}.png"), "x").unwrap();
    let idx = tmp.path().join("index");
    let o = util::index(&idx, &["--quiet", s(&docs)]);
    let (code, _, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err,
        format!(
            "warning: {}/bell\\u{{7}}.png: not a .txt, .md, .pdf, .html or .docx file, skipped\n",
            s(&docs)
        )
    );
    let o = klausel()
        .args([
            "search",
            "--color",
            "never",
            "--index",
            s(&idx),
            "Wasserspeier",
        ])
        .output()
        .unwrap();
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let citations: Vec<&str> = out.lines().filter(|l| !l.starts_with(' ')).collect();
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(
        citations
            .iter()
            .any(|l| l.ends_with(&format!("{}/zwei\\nzeilen.txt:2", s(&docs)))),
        "{out}"
    );
    assert!(
        citations
            .iter()
            .any(|l| l.ends_with(&format!("{}/\\u{{1b}}[31mrot.txt:2", s(&docs)))),
        "{out}"
    );
}

/// Issue 15, defect 2 (the generic part): queries over the documented
/// limits get a short, clear error, and no message echoes a long query.
#[test]
fn queries_over_the_limits_are_refused_with_a_short_message() {
    let idx = util::sample();
    let search = |q: &str| outcome(&idx.run("search", &["--", q]));
    let long_word = "a".repeat(129);
    assert_eq!(
        search(&format!("Haftung {long_word}")),
        (
            2,
            String::new(),
            "klausel: invalid query: word too long: 129 characters, at most 128 (at character 9)\n"
                .into()
        )
    );
    let many: Vec<String> = (0..300).map(|i| format!("w{i}")).collect();
    let (code, _, err) = search(&many.join(" OR "));
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "klausel: invalid query: too many words: at most 256 (at character 1939)\n"
        )
    );
    let (code, _, err) = search(&"Gewährleistung ".repeat(300));
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "klausel: invalid query: query too long: 4800 bytes, at most 4096 (at character 3841)\n"
        )
    );
    // A long query that finds nothing is quoted in part.
    let (code, _, err) = search(&many[..200].join(" "));
    assert_eq!(code, 1);
    assert!(err.len() < 120, "{err}");
    assert!(
        err.starts_with("klausel: no clause matches \"w0 w1 w2"),
        "{err}"
    );
}

/// Issue 15, defect 13: a search while the first build is running (the
/// index exists but has no commit yet, and a writer holds its lock) says
/// so, instead of "no clause matches". The writer is held by this test, so
/// nothing depends on timing.
#[test]
fn a_search_during_the_first_build_says_the_index_is_being_built() {
    let tmp = tempfile::tempdir().unwrap();
    let idx = tmp.path().join("index");
    std::fs::create_dir_all(&idx).unwrap();
    let (schema, _) = klausel::index::schema();
    let index = tantivy::Index::create_in_dir(&idx, schema).unwrap();
    let writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    let search = || {
        let o = klausel()
            .args(["search", "--index", s(&idx), "Gerichtsstand"])
            .output()
            .unwrap();
        outcome(&o)
    };
    assert_eq!(
        search(),
        (
            2,
            String::new(),
            format!(
                "klausel: the index at {} is being built (its first `klausel index` is still running); search again when it has finished\n",
                idx.display()
            )
        )
    );
    drop(writer);
    assert_eq!(
        search(),
        (
            1,
            String::new(),
            "klausel: no clause matches \"Gerichtsstand\"\n".into()
        )
    );
}

/// Issue 15, defect 15: `corpus`, `./corpus/` and its absolute path are one
/// folder: switching between them re-reads nothing, and naming it twice
/// indexes each file once.
#[test]
fn relative_and_absolute_paths_to_a_folder_are_the_same_files() {
    let tmp = tempfile::tempdir().unwrap();
    let idx = tmp.path().join("index");
    let abs = util::root().join("corpus");
    let run = |args: &[&str]| {
        let o = util::index(&idx, args);
        let (code, out, err) = outcome(&o);
        assert_eq!(code, 0, "{err}");
        summary(&out)
    };
    let first = run(&["corpus"]);
    assert_eq!((first.files, first.added), (5, 5));
    for args in [&[s(&abs)][..], &["./corpus/"], &["corpus", s(&abs)]] {
        let again = run(args);
        assert_eq!(
            (
                again.files,
                again.added,
                again.updated,
                again.removed,
                again.unchanged
            ),
            (5, 0, 0, 0, 5),
            "{args:?}"
        );
        assert_eq!(again.total, first.total, "{args:?}");
    }
    // The same from inside the folder: `.` and the absolute path agree.
    let idx2 = tmp.path().join("index2");
    let inside = |root: &str| {
        let o = klausel()
            .current_dir(&abs)
            .args(["index", "--index", s(&idx2), root])
            .output()
            .unwrap();
        let (code, out, err) = outcome(&o);
        assert_eq!(code, 0, "{err}");
        summary(&out)
    };
    assert_eq!(inside(".").added, 5);
    let again = inside(s(&abs));
    assert_eq!((again.added, again.unchanged), (0, 5));
    // The records keep the paths they were indexed with.
    let o = klausel()
        .args([
            "search",
            "--format",
            "json",
            "--index",
            s(&idx),
            "jurisdiction",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&outcome(&o).1).unwrap();
    for h in v["hits"].as_array().unwrap() {
        assert!(h["path"].as_str().unwrap().starts_with("corpus/"), "{h}");
    }
}

/// Issue 15, defect 11: a clause of 1 MB becomes records of at most 64 KB,
/// cut at sentence ends, each with its exact byte range and lines, so a
/// search that hits it stays cheap.
#[test]
fn an_over_long_clause_is_split_at_sentence_ends() {
    use klausel::records::{file_records, MAX_RECORD_BYTES};
    let mut text = String::from("§ 1 Alles\n(1)");
    let mut n = 0;
    while text.len() < 1_000_000 {
        text.push_str(&format!(" Satz w{n} gilt fort"));
        text.push_str(if n % 7 == 6 { ".\n" } else { "." });
        n += 1;
    }
    text.push('\n');
    let records = file_records("a.txt", &text, None, None);
    assert!(records.len() >= 16, "{}", records.len());
    let mut covered = String::new();
    for r in &records {
        assert!(r.text.len() <= MAX_RECORD_BYTES, "{}", r.text.len());
        assert_eq!(&text[r.byte_start..r.byte_end], r.text);
        let line = text[..r.byte_start].matches('\n').count() + 1;
        let last = text[..r.byte_end].matches('\n').count() + 1;
        assert_eq!((r.line_start, r.line_end), (line, last));
        if r.record_type == "clause" {
            assert_eq!(r.label, "§ 1 (1)");
            assert!(r.text.ends_with('.'), "{:?}", &r.text[r.text.len() - 20..]);
            covered.push_str(&r.text);
            covered.push(' ');
        }
    }
    // Every word is in exactly one record.
    let words = |s: &str| s.split_whitespace().filter(|w| w.starts_with('w')).count();
    assert_eq!(words(&covered), n);

    let (tmp, docs) = corpus();
    std::fs::write(docs.join("long.txt"), &text).unwrap();
    let idx = tmp.path().join("index");
    let o = util::index(&idx, &["--quiet", s(&docs)]);
    assert_eq!(outcome(&o), (0, String::new(), String::new()));
    let o = klausel()
        .args(["search", "--format", "json", "--index", s(&idx), "w20000"])
        .output()
        .unwrap();
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hit = &v["hits"][0];
    assert!(hit["text"].as_str().unwrap().contains(" w20000 "));
    assert!(hit["text"].as_str().unwrap().len() <= MAX_RECORD_BYTES);
    assert_eq!(hit["section"], "§ 1 (1)");
}

/// Issue 15, defect 12: manifest entries that parse but cannot be right
/// each get a warning naming the manifest line; the good entries apply.
#[test]
fn manifest_mistakes_are_warnings_that_name_the_line() {
    let (tmp, docs) = corpus();
    std::fs::write(
        docs.join("Other.txt"),
        "§ 1 Test\n(1) Die Nebenabrede gilt.\n",
    )
    .unwrap();
    let long = "V".repeat(201);
    let manifest = format!(
        r#"[[document]]
file = "good.txt"
vendor = "Gute GmbH"
title = "AGB"

[[document]]
file = "missing.txt"
vendor = "X"
title = "T"

[[document]]
file = "other.txt"
vendor = "X"
title = "T"

[[document]]
file = "../good.txt"
vendor = "X"
title = "T"

[[document]]
file = "good.txt"
vendor = "Doppelt GmbH"
title = "T"

[[document]]
file = "Other.txt"
vendor = "{long}"
title = "T"

[[document]]
file = "Other.txt"
vendor = "Nul\u0000GmbH"
title = "T"
"#
    );
    std::fs::write(docs.join("corpus.toml"), manifest).unwrap();
    let idx = tmp.path().join("index");
    let o = util::index(&idx, &["--quiet", s(&docs)]);
    let (code, _, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let m = format!("warning: {}/corpus.toml", s(&docs));
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            format!("{m}: line 6: no file \"missing.txt\", entry ignored"),
            format!("{m}: line 11: no file \"other.txt\", but \"Other.txt\" (names are case-sensitive), entry ignored"),
            format!("{m}: line 16: file \"../good.txt\" is outside the manifest's folder, entry ignored"),
            format!("{m}: line 21: duplicate entry for \"good.txt\" (first at line 1), ignored"),
            format!("{m}: line 26: vendor is 201 characters long (at most 200), entry ignored"),
            format!("{m}: line 31: vendor contains control characters, entry ignored"),
        ]
    );
    let o = klausel()
        .args([
            "search",
            "--format",
            "json",
            "--index",
            s(&idx),
            "Wasserhähne",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&outcome(&o).1).unwrap();
    assert_eq!(v["hits"][0]["vendor"], "Gute GmbH");
}

mod fuzz {
    //! Bounded fuzzing of the whole query path (parse, build, search,
    //! highlight) in process, against the sample index: a fixed number of
    //! cases, so `cargo test` runs it in CI. Any input either finds hits or
    //! is a query error; none panics.
    use klausel::search::{SearchOptions, Searcher};
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn searcher() -> &'static Searcher {
        static S: OnceLock<Searcher> = OnceLock::new();
        S.get_or_init(|| Searcher::open(&super::util::sample().path).expect("sample index opens"))
    }

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            "[A-Za-zäöüß]{1,12}\\*?",
            Just("AND".to_string()),
            Just("OR".to_string()),
            Just("NOT".to_string()),
            Just("-".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just("\"".to_string()),
            "\"[a-z ]{0,20}\"(~[0-9]{1,2})?",
            "(vendor|kind|lang|cites|section|foo):[a-zA-Z§ 0-9\"]{0,10}",
            "§ ?[0-9]{1,3} (BGB|HGB|DSGVO)?",
            "\\PC{0,8}",
        ]
    }

    /// A phrase that occurs nowhere in a segment, under NOT: tantivy's
    /// phrase scorer starts exhausted there and asserted (debug builds)
    /// when the exclusion asked it about the first document.
    #[test]
    fn a_negated_phrase_that_occurs_nowhere_is_fine() {
        for q in [
            "NOT \" section:0\"§",
            "Haftung -\"section 0\"",
            "NOT \"place of jurisdiction\" Gerichtsstand",
        ] {
            let r = searcher().search(q, &SearchOptions::default());
            assert!(r.is_ok(), "{q}: {:?}", r.err());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        #[test]
        fn any_query_is_hits_or_a_query_error(pieces in prop::collection::vec(piece(), 0..12), and in any::<bool>(), limit in 0usize..50) {
            let q = pieces.join(" ");
            let mut opts = SearchOptions::default();
            opts.query.and_mode = and;
            opts.limit = limit;
            match searcher().search(&q, &opts) {
                Ok(r) => prop_assert!(r.hits.len() <= limit),
                Err(e) if matches!(e.kind(), "bad_query" | "invalid") => {}
                Err(e) => prop_assert!(false, "{q:?}: {e}"),
            }
        }
    }
}

/// The files named in the payload of the last commit of `idx`, and their
/// records, summed.
fn committed(idx: &Path) -> (usize, u64) {
    let Ok(text) = std::fs::read_to_string(idx.join("meta.json")) else {
        return (0, 0);
    };
    let Ok(meta) = serde_json::from_str::<serde_json::Value>(&text) else {
        return (0, 0);
    };
    let Some(payload) = meta["payload"].as_str() else {
        return (0, 0);
    };
    let payload: serde_json::Value = serde_json::from_str(payload).unwrap();
    let states = payload["states"]["file"].as_str().unwrap();
    let states = std::fs::read_to_string(idx.join(states)).unwrap();
    let files: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&states).unwrap();
    let records = files.values().map(|f| f["records"].as_u64().unwrap()).sum();
    (files.len(), records)
}

fn prufmarke_hits(idx: &Path) -> u64 {
    let o = klausel()
        .args([
            "search",
            "--index",
            s(idx),
            "--format",
            "json",
            "--no-expand",
        ])
        .args(["--limit", "1", "Prüfmarke"])
        .output()
        .unwrap();
    let (code, out, err) = outcome(&o);
    assert!(code == 0 || code == 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["total_hits"].as_u64().unwrap()
}

/// Issue 15, defect 14: a long first build commits as it goes, so a run
/// killed midway keeps what it committed (every commit complete: records
/// and file states agree), and the next run reads only the rest. The kill
/// waits for an observed commit, not for a time.
#[test]
fn a_killed_first_build_keeps_its_commits() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let idx = tmp.path().join("index");
    util::generate(&docs, 0..60, 20);
    let mut child = klausel()
        .args([
            "index",
            "--quiet",
            "--threads",
            "1",
            "--commit-every-mb",
            "0",
        ])
        .arg("--index")
        .arg(&idx)
        .arg(&docs)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while committed(&idx).0 < 5 {
        assert!(child.try_wait().unwrap().is_none(), "the run ended first");
        assert!(Instant::now() < deadline, "no commit seen");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let (files, records) = committed(&idx);
    assert!((5..60).contains(&files), "{files} files committed");
    assert_eq!(records, files as u64 * 100);
    assert_eq!(prufmarke_hits(&idx), records);
    let o = util::index(&idx, &[s(&docs)]);
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let sum = summary(&out);
    assert_eq!(
        (sum.files, sum.added, sum.unchanged, sum.total),
        (60, 60 - files as u64, files as u64, 6000)
    );
    assert_eq!(prufmarke_hits(&idx), 6000);
}

/// Issue 15, defect 4: `klausel check` verifies every file's checksum and
/// names a damaged one, which a search may never touch.
#[test]
fn check_names_a_file_that_fails_its_checksum() {
    let (_tmp, idx) = sample_index();
    let o = klausel()
        .args(["check", "--index", s(&idx)])
        .output()
        .unwrap();
    let (code, out, err) = outcome(&o);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(
        out.starts_with(&format!(
            "the index at {} is intact: 5 files, ",
            idx.display()
        )),
        "{out}"
    );
    let mut stores: Vec<PathBuf> = std::fs::read_dir(&idx)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "store"))
        .collect();
    stores.sort();
    let mut bytes = std::fs::read(&stores[0]).unwrap();
    bytes[100] ^= 0x10;
    std::fs::write(&stores[0], &bytes).unwrap();
    let o = klausel()
        .args(["check", "--index", s(&idx)])
        .output()
        .unwrap();
    let name = stores[0].file_name().unwrap().to_str().unwrap();
    assert_eq!(
        outcome(&o),
        (
            2,
            String::new(),
            format!("klausel: {}\n", damaged(&idx, name))
        )
    );
}

/// What tantivy leaves in an index folder (a doc store being written when a
/// run was killed, `<id>.store.temp`) keeps it an index folder that
/// `--rebuild` may clear and the next run collects.
#[test]
fn a_killed_runs_temp_store_keeps_the_folder_an_index() {
    let (_tmp, idx) = sample_index();
    let temp = idx.join("0123456789abcdef0123456789abcdef.store.temp");
    std::fs::write(&temp, b"partial").unwrap();
    let o = util::index(&idx, &["--quiet", "corpus"]);
    assert_eq!(outcome(&o), (0, String::new(), String::new()));
    assert!(!temp.exists());
    std::fs::write(&temp, b"partial").unwrap();
    std::fs::remove_file(idx.join("meta.json")).unwrap();
    let o = util::index(&idx, &["--quiet", "--rebuild", "corpus"]);
    assert_eq!(outcome(&o), (0, String::new(), String::new()));
}
