//! Reliability end to end: incremental re-indexing against a fresh rebuild,
//! kill -9 in the middle of a run, two writers at once, every kind of bad
//! input file, and indexes written by an incompatible klausel.

mod util;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};
use util::{
    edit_payload, generate, generated_text, index, klausel, outcome, run, summary, Summary,
};

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// `klausel search --format json` with a limit high enough for every hit;
/// asserts exit 0 or 1 and JSON on stdout.
fn search(index: &Path, query: &str) -> Value {
    search_with(index, query, &[])
}

fn search_with(index: &Path, query: &str, args: &[&str]) -> Value {
    let o = klausel()
        .args(["search", "--index", s(index), "--format", "json"])
        .args(["--limit", "2000"])
        .args(args)
        .args(["--", query])
        .output()
        .unwrap();
    let (code, out, err) = outcome(&o);
    assert!(
        code == 0 || code == 1,
        "search {query:?} exited {code}: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("search {query:?}: {e}: {out:?}"))
}

/// The number of records that hold the words of `query` (no thesaurus).
fn total_hits(index: &Path, query: &str) -> u64 {
    let o = klausel()
        .args([
            "search",
            "--index",
            s(index),
            "--format",
            "json",
            "--no-expand",
        ])
        .args(["--limit", "1", "--", query])
        .output()
        .unwrap();
    let (code, out, err) = outcome(&o);
    assert!(
        code == 0 || code == 1,
        "search {query:?} exited {code}: {err}"
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    v["total_hits"].as_u64().unwrap()
}

/// Where a hit points: (id, path, section, line_start).
type Loc = (String, String, String, u64);

fn loc(h: &Value) -> Loc {
    (
        h["id"].as_str().unwrap().to_string(),
        h["path"].as_str().unwrap().to_string(),
        h["section"].as_str().unwrap().to_string(),
        h["line_start"].as_u64().unwrap(),
    )
}

/// A search result reduced to what must not depend on how the index was
/// built: the total, each hit with the identical clauses collapsed into it
/// (as a set, since which of two identical clauses represents them may
/// depend on segment order), and the text of each record shown.
#[derive(Debug, PartialEq)]
struct Found {
    total: u64,
    groups: BTreeSet<Vec<Loc>>,
    texts: BTreeMap<String, String>,
}

fn found(v: &Value) -> Found {
    let hits = v["hits"].as_array().unwrap();
    let mut groups = BTreeSet::new();
    let mut texts = BTreeMap::new();
    for h in hits {
        let mut g = vec![loc(h)];
        for a in h["also_in"].as_array().unwrap() {
            g.push(loc(a));
        }
        g.sort();
        groups.insert(g);
        let text: Vec<&str> = h["text"].as_str().unwrap().split_whitespace().collect();
        // Identical clauses are identical up to white space.
        for (id, ..) in
            std::iter::once(loc(h)).chain(h["also_in"].as_array().unwrap().iter().map(loc))
        {
            texts.insert(id, text.join(" "));
        }
    }
    let total = v["total_hits"].as_u64().unwrap();
    let shown: usize = groups.iter().map(Vec::len).sum();
    assert_eq!(shown as u64, total, "not every hit was fetched");
    Found {
        total,
        groups,
        texts,
    }
}

/// The files of the hits of `query`.
fn hit_paths(index: &Path, query: &str) -> BTreeSet<String> {
    search(index, query)["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["path"].as_str().unwrap().to_string())
        .collect()
}

fn ok_summary(o: &std::process::Output) -> Summary {
    let (code, out, err) = outcome(o);
    assert_eq!(code, 0, "index failed: {err}");
    summary(&out)
}

fn sum(files: u64, added: u64, updated: u64, removed: u64, unchanged: u64) -> Summary {
    Summary {
        files,
        added,
        updated,
        removed,
        unchanged,
        ..Summary::default()
    }
}

/// The file counts of a summary, without the record counts.
fn counts(s: Summary) -> Summary {
    Summary {
        written: 0,
        total: 0,
        warnings: 0,
        skipped: 0,
        ..s
    }
}

#[test]
fn incremental_reindex_equals_a_fresh_rebuild() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let idx = tmp.path().join("index");
    util::copy_dir(&util::root().join("corpus"), &docs);

    let first = ok_summary(&index(&idx, &[s(&docs)]));
    assert_eq!(counts(first), sum(5, 5, 0, 0, 0));
    assert_eq!(first.written, first.total);
    let cms = s(&docs.join("cms-gtc.txt")).to_string();
    assert!(hit_paths(&idx, "remote maintenance").contains(&cms));
    let again = ok_summary(&index(&idx, &[s(&docs)]));
    assert_eq!(counts(again), sum(5, 0, 0, 0, 5));
    assert_eq!((again.written, again.total), (0, first.total));

    // Change one file, delete one, add one, and rewrite one unchanged.
    let actimi = docs.join("actimi-gtc.txt");
    let text = std::fs::read_to_string(&actimi).unwrap();
    assert!(text.contains("Stuttgart"));
    std::fs::write(&actimi, text.replace("Stuttgart", "Karlsruhe")).unwrap();
    std::fs::remove_file(docs.join("cms-gtc.txt")).unwrap();
    std::fs::write(docs.join("neu-agb.txt"), generated_text(7, 3, 0)).unwrap();
    let imst = docs.join("imst-gtc.txt");
    std::fs::write(&imst, std::fs::read(&imst).unwrap()).unwrap();

    let second = ok_summary(&index(&idx, &[s(&docs)]));
    assert_eq!(counts(second), sum(5, 1, 1, 1, 3));

    let fresh = tmp.path().join("fresh");
    let rebuilt = ok_summary(&index(&fresh, &["--rebuild", s(&docs)]));
    assert_eq!(counts(rebuilt), sum(5, 5, 0, 0, 0));
    assert_eq!(second.total, rebuilt.total);

    for q in [
        "place of jurisdiction",
        "Gerichtsstand",
        "Karlsruhe",
        "Stuttgart",
        "Prüfmarke",
        "liability",
        "Gewährleistung",
        "remote maintenance",
        "data protection",
        "warranty",
    ] {
        let (a, b) = (found(&search(&idx, q)), found(&search(&fresh, q)));
        assert_eq!(a, b, "{q:?}: incremental and rebuilt indexes differ");
    }
    // The change is visible, the deleted file gone, the new file there.
    let paths = |q: &str| hit_paths(&idx, q);
    let actimi = s(&actimi).to_string();
    assert!(!paths("Stuttgart").contains(&actimi));
    assert_eq!(paths("Karlsruhe"), BTreeSet::from([actimi]));
    assert!(!paths("remote maintenance").contains(&cms));
    assert_eq!(total_hits(&idx, "Prüfmarke"), 15);
}

/// A change that keeps the size and lands in the same mtime tick as the
/// indexed version (here: the old mtime restored) must still be found when
/// the indexed mtime was too recent to trust.
#[test]
fn same_size_change_with_a_recent_mtime_is_found() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let idx = tmp.path().join("index");
    std::fs::create_dir_all(&docs).unwrap();
    let file = docs.join("agb.txt");
    std::fs::write(&file, generated_text(1, 2, 1)).unwrap();
    // An mtime in the future, as from a skewed clock, is never trustworthy.
    let future = std::time::SystemTime::now() + Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(future)
        .unwrap();
    ok_summary(&index(&idx, &[s(&docs)]));
    std::fs::write(&file, generated_text(1, 2, 2)).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(future)
        .unwrap();
    let second = ok_summary(&index(&idx, &[s(&docs)]));
    assert_eq!(counts(second), sum(1, 0, 1, 0, 0));
    assert_eq!(total_hits(&idx, "v2"), 10);
    assert_eq!(total_hits(&idx, "v1"), 0);
}

fn spawn_index(idx: &Path, args: &[&str]) -> Child {
    klausel()
        .args(["index", "--index", s(idx)])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn kill_9_mid_run_keeps_the_last_commit_and_the_next_run_completes() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let idx = tmp.path().join("index");
    generate(&docs, 0..30, 20);
    ok_summary(&index(&idx, &[s(&docs)]));
    let before = total_hits(&idx, "Prüfmarke");
    assert_eq!(before, 30 * 100);

    // The next run adds 90 files, changes 10 and loses 5.
    generate(&docs, 30..120, 20);
    for n in 0..10 {
        std::fs::write(
            docs.join(format!("agb-{n:04}.txt")),
            generated_text(n, 20, 1),
        )
        .unwrap();
    }
    for n in 10..15 {
        std::fs::remove_file(docs.join(format!("agb-{n:04}.txt"))).unwrap();
    }
    let after = 115 * 100;

    // A complete run, timed, as the reference and to place the kills.
    let reference = tmp.path().join("reference");
    let started = Instant::now();
    let full = ok_summary(&index(&reference, &["--rebuild", s(&docs)]));
    let run_time = started.elapsed();
    assert_eq!(full.total, total_hits(&reference, "Prüfmarke"));

    let mut killed_mid_run = 0;
    let mut committed = false;
    for fraction in [0.05, 0.15, 0.3, 0.5, 0.7, 0.9] {
        let mut child = spawn_index(&idx, &[s(&docs)]);
        std::thread::sleep(run_time.mul_f64(fraction));
        if child.try_wait().unwrap().is_none() {
            killed_mid_run += 1;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // The index is searchable and shows one complete commit.
        let n = total_hits(&idx, "Prüfmarke");
        assert!(
            n == before || n == after,
            "after a kill at {fraction}: {n} records, expected {before} or {after}"
        );
        committed |= n == after;
        if !committed {
            assert_eq!(total_hits(&idx, "v1"), 0);
            assert_eq!(total_hits(&idx, "d12s3k4"), 1);
        }
    }
    assert!(
        killed_mid_run >= 3,
        "only {killed_mid_run} kills landed mid-run"
    );

    let last = ok_summary(&index(&idx, &[s(&docs)]));
    if committed {
        assert_eq!(counts(last), sum(115, 0, 0, 0, 115));
    } else {
        assert_eq!(counts(last), sum(115, 90, 10, 5, 15));
    }
    assert_eq!(last.total, full.total);
    for q in ["v1", "d5s3k2", "d100s20k5", "d12s3k4", "d29s1k1", "Muster7"] {
        assert_eq!(
            found(&search(&idx, q)),
            found(&search(&reference, q)),
            "{q:?} after the kills"
        );
    }
    assert_eq!(total_hits(&idx, "Prüfmarke"), after);
    assert_eq!(total_hits(&idx, "v0"), total_hits(&reference, "v0"));
    assert_eq!(total_hits(&idx, "d100s20k5"), 1);
    assert_eq!(total_hits(&idx, "d12s3k4"), 0);
}

#[test]
fn a_deletions_file_left_by_a_killed_run_does_not_block_the_next() {
    // A run killed after tantivy wrote a committed segment's deletions
    // file, but before the commit naming it, leaves `<id>.<opstamp>.del`
    // behind; tantivy does not overwrite it when a later run reaches the
    // same opstamp.
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let idx = tmp.path().join("index");
    generate(&docs, 0..6, 5);
    ok_summary(&index(&idx, &[s(&docs)]));
    let meta: Value =
        serde_json::from_str(&std::fs::read_to_string(idx.join("meta.json")).unwrap()).unwrap();
    let segment = meta["segments"][0]["segment_id"]
        .as_str()
        .unwrap()
        .replace('-', "");
    let opstamp = meta["opstamp"].as_u64().unwrap();
    let stray: Vec<PathBuf> = (1..=400)
        .map(|k| idx.join(format!("{segment}.{}.del", opstamp + k)))
        .collect();
    for p in &stray {
        std::fs::write(p, b"left by a killed run").unwrap();
    }
    // Change every file, so that the run deletes from that segment.
    for n in 0..6 {
        std::fs::write(
            docs.join(format!("agb-{n:04}.txt")),
            generated_text(n, 5, 1),
        )
        .unwrap();
    }
    let last = ok_summary(&index(&idx, &[s(&docs)]));
    assert_eq!(counts(last), sum(6, 0, 6, 0, 0));
    assert_eq!(total_hits(&idx, "v1"), 6 * 25);
    for p in &stray {
        let live = std::fs::read_to_string(p).is_ok_and(|t| t != "left by a killed run");
        assert!(!p.exists() || live, "{} is still there", p.display());
    }
}

#[test]
fn a_second_writer_fails_at_once_and_readers_see_the_last_commit() {
    const FILES: u64 = 1200;
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let idx = tmp.path().join("index");
    generate(&docs, 0..5, 20);
    ok_summary(&index(&idx, &[s(&docs)]));
    // Enough text that the single-threaded writer is still running after
    // the pause and the checks below, even in a release build.
    generate(&docs, 5..FILES as usize, 20);

    // The writer takes tantivy's writer lock (an flock on a file it
    // creates) before it reads the corpus. Seeing the file is not enough:
    // a loaded machine can stop the writer between creating it and locking
    // it, so wait until the lock is held.
    let mut first = spawn_index(&idx, &["--threads", "1", s(&docs)]);
    let waiting = Instant::now();
    while !klausel::index::writer_running(&idx) && waiting.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(
        first.try_wait().unwrap().is_none(),
        "the first writer ended early"
    );
    let started = Instant::now();
    let second = index(&idx, &[s(&docs)]);
    let (code, out, err) = outcome(&second);
    assert_eq!(code, 2, "{out}{err}");
    assert_eq!(
        err.trim(),
        format!(
            "klausel: indexing into {0}: the index at {0} is locked by another `klausel index`; wait for it or pass --wait",
            idx.display()
        )
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    // Readers keep working and see the last commit.
    assert_eq!(total_hits(&idx, "Prüfmarke"), 500);
    let o = klausel()
        .args([
            "compare",
            "--index",
            s(&idx),
            "--format",
            "json",
            "Prüfmarke",
        ])
        .output()
        .unwrap();
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["vendors"].as_array().unwrap().len(), 5);
    assert!(
        first.try_wait().unwrap().is_none(),
        "the first writer ended before the checks; the corpus is too small"
    );

    let o = first.wait_with_output().unwrap();
    let done = ok_summary(&o);
    assert_eq!(counts(done), sum(FILES, FILES - 5, 0, 0, 5));
    assert_eq!(total_hits(&idx, "Prüfmarke"), FILES * 100);
}

#[test]
fn two_writers_with_wait_both_succeed() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    generate(&docs, 0..30, 20);
    // On a fresh index and on an existing one.
    for existing in [false, true] {
        let idx = tmp.path().join(format!("index-{existing}"));
        if existing {
            // The same file, under the same path as in the folder.
            ok_summary(&index(&idx, &[s(&docs.join("agb-0000.txt"))]));
        }
        let a = spawn_index(&idx, &["--wait", s(&docs)]);
        let b = spawn_index(&idx, &["--wait", s(&docs)]);
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let (a, b) = (ok_summary(&a), ok_summary(&b));
        // One did the work, the other found it done.
        let mut runs = [counts(a), counts(b)];
        runs.sort_by_key(|r| r.unchanged);
        let old = u64::from(existing);
        assert_eq!(
            runs,
            [sum(30, 30 - old, 0, 0, old), sum(30, 0, 0, 0, 30)],
            "existing: {existing}"
        );
        assert_eq!(total_hits(&idx, "Prüfmarke"), 30 * 100);
        assert_eq!(total_hits(&idx, "d7s2k3"), 1);
    }
}

/// Windows-1252 text with „quotes“ and € (bytes 0x80–0x9F).
const CP1252: &[u8] = b"\x84Gew\xe4hrleistung\x93 f\xfcr M\xe4ngel: Die Firma haftet f\xfcr \
    Sch\xe4den bis 500 \x80. Die Gew\xe4hrleistung betr\xe4gt zw\xf6lf Monate ab \
    \xdcbergabe der Ware; Anspr\xfcche verj\xe4hren danach. Stichwort Fensterbank.\n";

/// ISO-8859-1 text (no bytes 0x80–0x9F).
const LATIN1: &[u8] = b"Gew\xe4hrleistung und Haftung: Der Verk\xe4ufer \xfcbernimmt die \
    Gew\xe4hrleistung f\xfcr M\xe4ngel, die bei \xdcbergabe vorliegen. Gr\xf6\xdfere \
    Sch\xe4den tr\xe4gt der K\xe4ufer. Stichwort Dachrinne.\n";

struct BadCorpus {
    _tmp: tempfile::TempDir,
    docs: PathBuf,
    /// Whether the process can read a file with mode 000 (root can).
    reads_unreadable: bool,
}

fn bad_corpus() -> BadCorpus {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let w = |name: &str, bytes: &[u8]| std::fs::write(docs.join(name), bytes).unwrap();
    w("cp1252.txt", CP1252);
    w("latin1.txt", LATIN1);
    w(
        "utf16le.txt",
        &util::utf16(
            "§ 1 Haftung\n(1) Die Gewährleistung gilt für Wasserhähne.\n",
            false,
        ),
    );
    w(
        "utf16be.txt",
        &util::utf16(
            "§ 1 Haftung\n(1) Die Gewährleistung gilt für Gartenzäune.\n",
            true,
        ),
    );
    w(
        "utf8bom.md",
        "\u{feff}# AGB\n\n§ 1 Haftung\n(1) Die Gewährleistung gilt für Türklinken.\n".as_bytes(),
    );
    w(
        "binary.txt",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00Gewaehr\x00\xff\xfe",
    );
    w("empty.txt", b"");
    w("blank.md", b"  \n\t\r\n   \n");
    w("photo.png", b"\x89PNG\r\n\x1a\n");
    // A large file: 4 MB of numbered clauses.
    let mut large = String::new();
    let mut s = 1;
    while large.len() < 4_000_000 {
        large.push_str(&format!(
            "§ {s} Regelung\n(1) Der Anbieter erbringt die Leistung Nummer g{s}x nach Maßgabe dieser Bedingungen und der Leistungsbeschreibung.\n(2) Weitere Pflichten bestehen nicht.\n\n"
        ));
        s += 1;
    }
    w("large.txt", large.as_bytes());
    // One line of 100,000 characters with a word at its end.
    let mut long = "Vorwort\n\n".to_string();
    while long.len() < 100_000 {
        long.push_str("Bedingung ");
    }
    long.push_str("Schlusswortfeld\nLetzte Zeile.\n");
    w("longline.txt", long.as_bytes());
    w(
        "Vertrag über Gewähr (Kopie) #2, final! [v1] & Co.txt",
        "§ 1 Gegenstand\n(1) Dieser Vertrag regelt die Lieferung von Blumentöpfen.\n".as_bytes(),
    );
    let unreadable = docs.join("locked.txt");
    std::fs::write(
        &unreadable,
        "§ 1 Geheim\n(1) Dies betrifft Kellerfenster.\n",
    )
    .unwrap();
    std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o000)).unwrap();
    let reads_unreadable = std::fs::read(&unreadable).is_ok();
    symlink(docs.join("missing.txt"), docs.join("broken.txt")).unwrap();
    std::fs::create_dir_all(docs.join("sub")).unwrap();
    symlink(&docs, docs.join("sub").join("loop")).unwrap();
    BadCorpus {
        _tmp: tmp,
        docs,
        reads_unreadable,
    }
}

#[test]
fn every_bad_input_gets_one_warning_and_the_rest_indexes() {
    let bad = bad_corpus();
    let idx = bad.docs.parent().unwrap().join("index");
    let o = index(&idx, &[s(&bad.docs)]);
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let d = s(&bad.docs);
    let mut expected: Vec<String> = vec![
        format!("warning: {d}/binary.txt: binary file (contains NUL bytes), skipped"),
        format!("warning: {d}/blank.md: empty file, skipped"),
        format!("warning: {d}/broken.txt: broken symbolic link, skipped"),
        format!("warning: {d}/cp1252.txt: not UTF-8; decoded as windows-1252"),
        format!("warning: {d}/empty.txt: empty file, skipped"),
        format!("warning: {d}/latin1.txt: not UTF-8; decoded as windows-1252"),
        format!("warning: {d}/photo.png: not a .txt, .md, .pdf, .html or .docx file, skipped"),
        format!("warning: {d}/sub/loop: symbolic link loop, skipped"),
    ];
    if !bad.reads_unreadable {
        expected.push(format!(
            "warning: {d}/locked.txt: permission denied, skipped"
        ));
    }
    expected.sort();
    let mut got: Vec<String> = err.lines().map(str::to_string).collect();
    got.sort();
    assert_eq!(got, expected);

    let sum = summary(&out);
    let skipped_unreadable = u64::from(!bad.reads_unreadable);
    // Every file with a "skipped" warning counts as skipped (issue 16):
    // binary, empty and blank when read; the broken link, the loop and the
    // picture in the walk; and the unreadable file.
    assert_eq!(sum.files, 12);
    assert_eq!(sum.added, 9 - skipped_unreadable);
    assert_eq!(sum.skipped, 6 + skipped_unreadable);
    assert_eq!(sum.warnings, expected.len() as u64);

    // Legacy encodings come out right.
    let v = search(&idx, "Fensterbank");
    assert_eq!(v["hits"][0]["path"], format!("{d}/cp1252.txt"));
    let text = v["hits"][0]["text"].as_str().unwrap();
    assert!(
        text.starts_with("„Gewährleistung“ für Mängel") && text.contains("500 €"),
        "{text}"
    );
    let v = search(&idx, "Dachrinne");
    assert_eq!(v["hits"][0]["path"], format!("{d}/latin1.txt"));
    let text = v["hits"][0]["text"].as_str().unwrap();
    assert!(text.starts_with("Gewährleistung und Haftung"), "{text}");
    assert!(text.contains("Größere Schäden trägt der Käufer"), "{text}");

    // "Gewährleistung" finds every decoded file, spelled right.
    let v = search(&idx, "Gewährleistung");
    let mut paths: Vec<String> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            assert!(
                h["text"].as_str().unwrap().contains("Gewährleistung"),
                "{h}"
            );
            h["path"]
                .as_str()
                .unwrap()
                .trim_start_matches(d)
                .to_string()
        })
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "/cp1252.txt",
            "/latin1.txt",
            "/utf16be.txt",
            "/utf16le.txt",
            "/utf8bom.md"
        ]
    );
    for (word, file, line) in [
        ("Wasserhähne", "utf16le.txt", 2),
        ("Gartenzäune", "utf16be.txt", 2),
        ("Türklinken", "utf8bom.md", 4),
        (
            "Blumentöpfen",
            "Vertrag über Gewähr (Kopie) #2, final! [v1] & Co.txt",
            2,
        ),
        ("Schlusswortfeld", "longline.txt", 3),
        ("g20000x", "large.txt", 79_998),
    ] {
        let v = search(&idx, word);
        assert_eq!(v["total_hits"], 1, "{word}");
        assert_eq!(v["hits"][0]["path"], format!("{d}/{file}"), "{word}");
        assert_eq!(v["hits"][0]["line_start"], line, "{word}");
    }
    let locked = total_hits(&idx, "Kellerfenster");
    assert_eq!(locked, u64::from(bad.reads_unreadable));
    // A re-run reports the same warnings and changes nothing.
    let o = index(&idx, &[s(&bad.docs)]);
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    let mut again: Vec<String> = err.lines().map(str::to_string).collect();
    again.sort();
    assert_eq!(again, expected);
    let sum2 = summary(&out);
    assert_eq!((sum2.added, sum2.updated, sum2.removed), (0, 0, 0));
    assert_eq!(sum2.total, sum.total);
}

#[test]
fn strict_turns_warnings_into_exit_2() {
    let bad = bad_corpus();
    let idx = bad.docs.parent().unwrap().join("index");
    let o = index(&idx, &["--strict", "--quiet", s(&bad.docs)]);
    let (code, _, err) = outcome(&o);
    assert_eq!(code, 2);
    let n = 8 + usize::from(!bad.reads_unreadable);
    assert_eq!(
        err.lines().last().unwrap(),
        format!("klausel: {n} warnings and --strict is set")
    );
    // Without warnings, --strict succeeds.
    let good = bad.docs.parent().unwrap().join("good");
    std::fs::create_dir_all(&good).unwrap();
    std::fs::write(good.join("a.txt"), generated_text(1, 1, 0)).unwrap();
    let o = index(
        &good.join("index"),
        &["--strict", "--quiet", s(&good.join("a.txt"))],
    );
    assert_eq!(outcome(&o), (0, String::new(), String::new()));
}

fn corpus_index() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let idx = tmp.path().join("index");
    ok_summary(&index(&idx, &["corpus"]));
    (tmp, idx)
}

fn assert_incompatible(idx: &Path, found: &str) {
    let expected = format!(
        "the index at {} was built by an incompatible klausel ({found}); run `klausel index --rebuild`",
        idx.display()
    );
    let o = klausel()
        .args(["search", "--index", s(idx), "Gerichtsstand"])
        .output()
        .unwrap();
    let (code, out, err) = outcome(&o);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert_eq!(err.trim(), format!("klausel: {expected}"));
    let o = index(idx, &["corpus"]);
    let (code, _, err) = outcome(&o);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err.trim(),
        format!("klausel: indexing into {}: {expected}", idx.display())
    );
    // --rebuild repairs it.
    let o = index(idx, &["--rebuild", "corpus"]);
    assert_eq!(outcome(&o).0, 0, "{}", outcome(&o).2);
    assert!(total_hits(idx, "jurisdiction") > 0);
}

#[test]
fn an_index_with_another_schema_version_asks_for_a_rebuild() {
    let (_tmp, idx) = corpus_index();
    edit_payload(&idx, |p| p["schema_version"] = 999.into());
    assert_incompatible(
        &idx,
        &format!(
            "schema version 999, this klausel reads {}",
            klausel::index::SCHEMA_VERSION
        ),
    );
}

#[test]
fn an_index_with_other_analyzers_asks_for_a_rebuild() {
    let (_tmp, idx) = corpus_index();
    edit_payload(&idx, |p| p["analysis"] = "old-analyzers".into());
    let now = klausel::index::state::analysis_fingerprint();
    assert_incompatible(
        &idx,
        &format!("analyzers old-analyzers, this klausel uses {now}"),
    );
}

#[test]
fn a_plain_tantivy_index_asks_for_a_rebuild() {
    use tantivy::schema::{Schema, TEXT};
    let tmp = tempfile::tempdir().unwrap();
    let idx = tmp.path().join("index");
    std::fs::create_dir_all(&idx).unwrap();
    let mut b = Schema::builder();
    let body = b.add_text_field("body", TEXT);
    let index = tantivy::Index::create_in_dir(&idx, b.build()).unwrap();
    let mut w: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    w.add_document(tantivy::doc!(body => "Gerichtsstand ist Stuttgart"))
        .unwrap();
    w.commit().unwrap();
    drop(w);
    assert_incompatible(&idx, "no klausel metadata");
}

#[test]
fn another_schema_with_a_klausel_payload_asks_for_a_rebuild() {
    use tantivy::schema::{Schema, TEXT};
    let (_tmp, idx) = corpus_index();
    let payload = std::fs::read_to_string(idx.join("meta.json")).unwrap();
    let payload: Value = serde_json::from_str(&payload).unwrap();
    let payload = payload["payload"].as_str().unwrap().to_string();
    for e in std::fs::read_dir(&idx).unwrap() {
        std::fs::remove_file(e.unwrap().path()).unwrap();
    }
    let mut b = Schema::builder();
    let body = b.add_text_field("body", TEXT);
    let index = tantivy::Index::create_in_dir(&idx, b.build()).unwrap();
    let mut w: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    w.add_document(tantivy::doc!(body => "Gerichtsstand"))
        .unwrap();
    let mut c = w.prepare_commit().unwrap();
    c.set_payload(&payload);
    c.commit().unwrap();
    drop(w);
    assert_incompatible(&idx, "a different schema");
}

#[test]
fn garbage_metadata_asks_for_a_rebuild() {
    let (_tmp, idx) = corpus_index();
    edit_payload(&idx, |p| *p = "not an object".into());
    assert_incompatible(&idx, "unreadable klausel metadata");
    std::fs::write(idx.join("meta.json"), "{ truncated").unwrap();
    let o = klausel()
        .args(["search", "--index", s(&idx), "Gerichtsstand"])
        .output()
        .unwrap();
    let (code, _, err) = outcome(&o);
    assert_eq!(code, 2);
    // Not tantivy's "Data corrupted: … Meta file cannot be deserialized".
    assert_eq!(
        err.trim(),
        format!(
            "klausel: the index at {} is damaged (meta.json); run `klausel index --rebuild`",
            idx.display()
        )
    );
}

#[test]
fn opening_to_search_reads_the_file_states_only_when_asked() {
    use klausel::index::KlauselIndex;
    let (_tmp, idx) = corpus_index();
    let full = KlauselIndex::open(&idx).unwrap();
    let lazy = KlauselIndex::open_for_search(&idx).unwrap();
    assert!(!full.state().files.is_empty());
    assert!(lazy.state().files.is_empty());
    assert_eq!(*lazy.files().unwrap(), full.state().files);
    assert_eq!(lazy.state().thesaurus, full.state().thesaurus);
    // The states file only matters to what reads it: damaged, search
    // works, compare (which lists the vendors) names it as damaged.
    let name = states_file(&idx);
    let path = idx.join(&name);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("\"size\":", "\"size\":1", 1)).unwrap();
    assert!(total_hits(&idx, "jurisdiction") > 0);
    let o = klausel()
        .args(["compare", "--index", s(&idx), "Gerichtsstand"])
        .output()
        .unwrap();
    let (code, _, err) = outcome(&o);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err.trim(),
        format!(
            "klausel: the index at {} is damaged ({name}); run `klausel index --rebuild`",
            idx.display()
        )
    );
}

/// The states file the payload of the last commit of `idx` names.
fn states_file(idx: &Path) -> String {
    let meta: Value =
        serde_json::from_str(&std::fs::read_to_string(idx.join("meta.json")).unwrap()).unwrap();
    let payload: Value = serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
    payload["states"]["file"].as_str().unwrap().to_string()
}

#[test]
fn the_file_states_are_a_file_of_their_own_named_by_the_payload() {
    let (_tmp, idx) = corpus_index();
    let meta = std::fs::read_to_string(idx.join("meta.json")).unwrap();
    // meta.json holds the header and the name, not the states.
    assert!(meta.len() < 8_000, "{} bytes", meta.len());
    let name = states_file(&idx);
    let states: BTreeMap<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(idx.join(&name)).unwrap()).unwrap();
    assert_eq!(states.len(), 5);
    // Exactly one states file: the earlier commits' are gone.
    let all: Vec<String> = std::fs::read_dir(&idx)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("klausel-files-"))
        .collect();
    assert_eq!(all, vec![name.clone()]);
    // An unchanged re-run writes the same states under the same name.
    let again = ok_summary(&index(&idx, &["corpus"]));
    assert_eq!(counts(again), sum(5, 0, 0, 0, 5));
    assert_eq!(states_file(&idx), name);
    // A run of many commits keeps the last commit's states and the one
    // before (for a reader that read that commit's meta.json an instant
    // before the last commit), and the last are the same states as before.
    ok_summary(&index(
        &idx,
        &["--rebuild", "--commit-every-mb", "0", "corpus"],
    ));
    let mut kept: Vec<String> = std::fs::read_dir(&idx)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("klausel-files-"))
        .collect();
    kept.sort();
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(kept.contains(&name), "{kept:?}");
    assert_eq!(states_file(&idx), name);
    // Missing: search works, what needs the states names the file.
    std::fs::remove_file(idx.join(&name)).unwrap();
    assert!(total_hits(&idx, "jurisdiction") > 0);
    let missing = format!(
        "klausel: the index at {} is damaged ({name} is missing); run `klausel index --rebuild`",
        idx.display()
    );
    for args in [
        vec!["compare", "--index", s(&idx), "Gerichtsstand"],
        vec!["check", "--index", s(&idx)],
    ] {
        let o = klausel().args(&args).output().unwrap();
        let (code, _, err) = outcome(&o);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert_eq!(err.trim(), missing, "{args:?}");
    }
    assert_eq!(
        klausel::index::diagnose(&idx),
        Some(format!("{name} is missing"))
    );
    // --rebuild repairs it.
    let o = index(&idx, &["--rebuild", "corpus"]);
    assert_eq!(outcome(&o).0, 0, "{}", outcome(&o).2);
    assert_eq!(klausel::index::diagnose(&idx), None);
}

#[test]
fn a_states_file_written_for_a_commit_that_never_came_is_removed() {
    let (_tmp, idx) = corpus_index();
    let name = states_file(&idx);
    // What a run killed between writing its states and committing leaves.
    let orphan = "klausel-files-0123456789abcdef0123456789abcdef.json";
    std::fs::write(idx.join(orphan), "{}").unwrap();
    // Readers go by the payload.
    assert!(total_hits(&idx, "jurisdiction") > 0);
    let again = ok_summary(&index(&idx, &["corpus"]));
    assert_eq!(counts(again), sum(5, 0, 0, 0, 5));
    assert!(!idx.join(orphan).exists());
    assert!(idx.join(&name).exists());
}

/// An index written before `records::RULES_VERSION` was kept (statute
/// records without their own law's citations): search warns, and the next
/// `klausel index` reads every file again although none changed.
#[test]
fn records_of_older_rules_are_read_again_by_the_next_index_run() {
    let (_tmp, idx) = corpus_index();
    edit_payload(&idx, |p| {
        p.as_object_mut().unwrap().remove("records");
    });
    let (code, _, err) = outcome(&run(&["search", "--index", s(&idx), "Gerichtsstand"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.trim(),
        format!(
            "klausel: warning: the index at {} was built with other rules for records and citations; run `klausel index` to refresh it",
            idx.display()
        )
    );
    let refreshed = ok_summary(&index(&idx, &["corpus"]));
    assert_eq!(refreshed.total, refreshed.written);
    assert_eq!(counts(refreshed), sum(5, 5, 0, 0, 0));
    let (code, _, err) = outcome(&run(&["search", "--index", s(&idx), "Gerichtsstand"]));
    assert_eq!((code, err.as_str()), (0, ""));
    let again = ok_summary(&index(&idx, &["corpus"]));
    assert_eq!(counts(again), sum(5, 0, 0, 0, 5));
}

#[test]
fn another_thesaurus_makes_search_warn_until_reindexed() {
    let (_tmp, idx) = corpus_index();
    edit_payload(&idx, |p| p["thesaurus"] = "0000000000000000".into());
    let o = klausel()
        .args([
            "search",
            "--index",
            s(&idx),
            "--format",
            "json",
            "Gerichtsstand",
        ])
        .output()
        .unwrap();
    let (code, out, err) = outcome(&o);
    assert_eq!(code, 0, "{err}");
    assert!(serde_json::from_str::<Value>(&out).is_ok());
    assert_eq!(
        err.trim(),
        format!(
            "klausel: warning: the index at {} was built with another thesaurus; run `klausel index` to refresh it",
            idx.display()
        )
    );
    let refreshed = ok_summary(&index(&idx, &["corpus"]));
    assert_eq!(counts(refreshed), sum(5, 0, 0, 0, 5));
    let o = klausel()
        .args(["search", "--index", s(&idx), "Gerichtsstand"])
        .output()
        .unwrap();
    let (code, _, err) = outcome(&o);
    assert_eq!((code, err.as_str()), (0, ""));
}
