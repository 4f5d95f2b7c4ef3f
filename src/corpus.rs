//! Reading a corpus: walking folders, decoding files, the manifest, and the
//! vendor and title of each file.
//!
//! Nothing here fails on a single bad file: every file that cannot be used
//! becomes a [`Warning`] that names the file and the reason.

use crate::error::{Error, Result};
use crate::model::Language;
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// The manifest file name looked for in every corpus folder.
pub const MANIFEST: &str = "corpus.toml";

/// A file that was skipped or needed special treatment, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file, as the user named it (root joined with the relative path).
    pub path: PathBuf,
    /// Why it was skipped or what was done.
    pub reason: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

/// What a walk over the corpus roots found.
#[derive(Debug, Default)]
pub struct Walk {
    /// The .txt and .md files, sorted, deduplicated.
    pub files: Vec<PathBuf>,
    /// Files and folders that were passed over, and manifest problems.
    pub warnings: Vec<Warning>,
    /// Files and folders passed over (each has a warning).
    pub skipped: usize,
    /// Manifest entries by file path (as in `files`).
    pub manifest: HashMap<PathBuf, ManifestEntry>,
}

/// One `[[document]]` entry of a `corpus.toml`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    /// The file, relative to the manifest's folder.
    pub file: String,
    /// The vendor (the party whose terms these are).
    pub vendor: String,
    /// The document title.
    pub title: String,
    /// The document language, `de` or `en`; detected when absent.
    #[serde(default)]
    pub language: Option<String>,
    /// The date of the version ("Stand").
    #[serde(default)]
    pub date: Option<String>,
    /// Where the document was obtained.
    #[serde(default)]
    pub url: Option<String>,
}

impl ManifestEntry {
    /// The fixed language, if the entry gives a valid one.
    pub fn language(&self) -> Option<Language> {
        self.language.as_deref().and_then(Language::parse)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    #[serde(default)]
    document: Vec<ManifestEntry>,
}

/// Cleans a user-given path for display and identity: drops `./` components
/// so that `./corpus/a.txt` and `corpus/a.txt` are the same file.
pub fn clean_path(path: &Path) -> PathBuf {
    let cleaned: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if cleaned.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        cleaned
    }
}

fn is_indexable(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("txt") | Some("md") | Some("markdown")
    )
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') && n.len() > 1)
}

/// Walks `roots` recursively and collects the .txt and .md files.
///
/// Symbolic links are followed; broken links, link loops and unreadable
/// folders become warnings. Files with other extensions are reported too,
/// except hidden files and manifests.
pub fn walk(roots: &[PathBuf]) -> Walk {
    let mut out = Walk::default();
    let mut seen = std::collections::HashSet::new();
    for root in roots {
        let root = clean_path(root);
        let meta = match std::fs::metadata(&root) {
            Ok(m) => m,
            Err(e) => {
                out.skipped += 1;
                out.warnings.push(Warning {
                    path: root.clone(),
                    reason: io_reason(&e),
                });
                continue;
            }
        };
        if meta.is_file() {
            if seen.insert(root.clone()) {
                out.files.push(root.clone());
            }
            if let Some(dir) = root.parent() {
                load_manifest(&dir.join(MANIFEST), &mut out);
            }
            continue;
        }
        let walker = walkdir::WalkDir::new(&root)
            .follow_links(true)
            .sort_by_file_name();
        let mut it = walker.into_iter();
        loop {
            let entry = match it.next() {
                None => break,
                Some(Ok(e)) => e,
                Some(Err(e)) => {
                    let path = e
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.clone());
                    let reason = if e.loop_ancestor().is_some() {
                        "symbolic link loop, skipped".to_string()
                    } else if let Some(io) = e.io_error() {
                        if io.kind() == std::io::ErrorKind::NotFound {
                            "broken symbolic link, skipped".to_string()
                        } else {
                            io_reason(io)
                        }
                    } else {
                        e.to_string()
                    };
                    out.skipped += 1;
                    out.warnings.push(Warning {
                        path: clean_path(&path),
                        reason,
                    });
                    continue;
                }
            };
            let path = clean_path(entry.path());
            if entry.depth() > 0 && is_hidden(&path) {
                if entry.file_type().is_dir() {
                    it.skip_current_dir();
                }
                continue;
            }
            if entry.file_type().is_dir() {
                load_manifest(&path.join(MANIFEST), &mut out);
                continue;
            }
            if path.file_name().and_then(|n| n.to_str()) == Some(MANIFEST) {
                continue;
            }
            if !is_indexable(&path) {
                out.skipped += 1;
                out.warnings.push(Warning {
                    path,
                    reason: "not a .txt or .md file, skipped".into(),
                });
                continue;
            }
            // Reading a FIFO blocks forever and a device never ends: only
            // regular files (or links to them) are read.
            if let Some(kind) = special_kind(entry.file_type()) {
                out.skipped += 1;
                out.warnings.push(Warning {
                    path,
                    reason: format!("not a regular file ({kind}), skipped"),
                });
                continue;
            }
            if seen.insert(path.clone()) {
                out.files.push(path);
            }
        }
    }
    out.files.sort();
    out
}

/// What a file that is not a regular file is (after following links), or
/// `None` for a regular file.
pub fn special_kind(t: std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if t.is_file() {
        None
    } else if t.is_fifo() {
        Some("a FIFO")
    } else if t.is_socket() {
        Some("a socket")
    } else if t.is_char_device() || t.is_block_device() {
        Some("a device")
    } else {
        Some("an unknown kind of file")
    }
}

fn load_manifest(path: &Path, out: &mut Walk) {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        Ok(m) => {
            if let Some(kind) = special_kind(m.file_type()) {
                out.warnings.push(Warning {
                    path: path.to_path_buf(),
                    reason: format!("manifest not read: not a regular file ({kind})"),
                });
                return;
            }
        }
        Err(_) => {}
    }
    let src = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        Err(e) => {
            out.warnings.push(Warning {
                path: path.to_path_buf(),
                reason: format!("manifest not read: {}", io_reason(&e)),
            });
            return;
        }
    };
    match parse_manifest(&src, path) {
        Ok(entries) => {
            let dir = path.parent().unwrap_or(Path::new(""));
            // Where each entry starts, to name it in warnings.
            let headers: Vec<usize> = src
                .lines()
                .enumerate()
                .filter(|(_, l)| l.trim_start().starts_with("[[document]]"))
                .map(|(i, _)| i + 1)
                .collect();
            let place = |i: usize| match headers.get(i) {
                Some(line) if headers.len() == entries.len() => format!("line {line}"),
                _ => format!("document {}", i + 1),
            };
            let mut first: HashMap<PathBuf, String> = HashMap::new();
            for (i, e) in entries.iter().enumerate() {
                let target = clean_path(&dir.join(&e.file));
                let problem = manifest_mistake(e, dir, &target).or_else(|| {
                    first.get(&target).map(|at| {
                        format!("duplicate entry for {:?} (first at {at}), ignored", e.file)
                    })
                });
                if let Some(problem) = problem {
                    out.warnings.push(Warning {
                        path: path.to_path_buf(),
                        reason: format!("{}: {problem}", place(i)),
                    });
                    continue;
                }
                first.insert(target.clone(), place(i));
                out.manifest.insert(target, e.clone());
            }
        }
        Err(e) => out.warnings.push(Warning {
            path: path.to_path_buf(),
            reason: format!("manifest ignored: {e}"),
        }),
    }
}

/// The longest vendor name a manifest may give, in characters.
pub const MAX_VENDOR_CHARS: usize = 200;

/// What is wrong with a manifest entry that parses but cannot be right:
/// a file outside the manifest's folder or not there (perhaps only in
/// another case), or an unusable vendor. `None` when it is fine.
fn manifest_mistake(e: &ManifestEntry, dir: &Path, target: &Path) -> Option<String> {
    let file = Path::new(&e.file);
    if file.is_absolute() || file.components().any(|c| c == Component::ParentDir) {
        return Some(format!(
            "file {:?} is outside the manifest's folder, entry ignored",
            e.file
        ));
    }
    if e.vendor.chars().any(char::is_control) {
        return Some("vendor contains control characters, entry ignored".into());
    }
    let len = e.vendor.chars().count();
    if len > MAX_VENDOR_CHARS {
        return Some(format!(
            "vendor is {len} characters long (at most {MAX_VENDOR_CHARS}), entry ignored"
        ));
    }
    if std::fs::metadata(target).is_err() {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let folder = target.parent().filter(|p| !p.as_os_str().is_empty());
        let other = std::fs::read_dir(folder.unwrap_or(dir))
            .into_iter()
            .flatten()
            .flatten()
            .map(|d| d.file_name().to_string_lossy().into_owned())
            .find(|n| n.to_lowercase() == name);
        return Some(match other {
            Some(n) => format!(
                "no file {:?}, but {n:?} (names are case-sensitive), entry ignored",
                e.file
            ),
            None => format!("no file {:?}, entry ignored", e.file),
        });
    }
    None
}

/// Parses a `corpus.toml`. Errors name the line and the reason.
pub fn parse_manifest(src: &str, path: &Path) -> Result<Vec<ManifestEntry>> {
    let parsed: ManifestFile = toml::from_str(src).map_err(|e| {
        let line = e.span().map(|s| {
            src.as_bytes()[..s.start.min(src.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1
        });
        Error::Manifest {
            path: path.to_path_buf(),
            message: match line {
                Some(l) => format!("line {l}: {}", e.message()),
                None => e.message().to_string(),
            },
        }
    })?;
    for (i, d) in parsed.document.iter().enumerate() {
        if d.vendor.trim().is_empty() || d.title.trim().is_empty() || d.file.trim().is_empty() {
            return Err(Error::Manifest {
                path: path.to_path_buf(),
                message: format!("document {} has an empty file, vendor or title", i + 1),
            });
        }
        if d.language.is_some() && d.language().is_none() {
            return Err(Error::Manifest {
                path: path.to_path_buf(),
                message: format!(
                    "document {} ({}): language must be \"de\" or \"en\"",
                    i + 1,
                    d.file
                ),
            });
        }
    }
    Ok(parsed.document)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied, skipped".into(),
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        _ => format!("{e}, skipped"),
    }
}

/// How a file's bytes were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Valid UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (removed).
    Utf8Bom,
    /// UTF-16 little endian, with a byte-order mark.
    Utf16Le,
    /// UTF-16 big endian, with a byte-order mark.
    Utf16Be,
    /// A legacy single-byte encoding, as guessed (usually windows-1252).
    Legacy(&'static str),
    /// UTF-8 (with or without BOM) except for a few invalid byte sequences,
    /// each replaced by U+FFFD; the number of replacements.
    Utf8Repaired(usize),
}

impl Encoding {
    /// The warning a file in this encoding gets, if any.
    pub fn warning(self) -> Option<String> {
        match self {
            Encoding::Legacy(name) => Some(format!("not UTF-8; decoded as {name}")),
            Encoding::Utf8Repaired(n) => Some(format!(
                "invalid UTF-8 in {n} place{}, replaced by U+FFFD",
                if n == 1 { "" } else { "s" }
            )),
            _ => None,
        }
    }
}

/// How much of `bytes` is broken UTF-8: the invalid sequences (each one
/// U+FFFD in a lossy decoding) and the valid non-ASCII characters.
fn utf8_damage(bytes: &[u8]) -> (usize, usize) {
    let mut invalid = 0;
    let mut non_ascii = 0;
    for chunk in bytes.utf8_chunks() {
        non_ascii += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    (invalid, non_ascii)
}

/// UTF-8 decoded with each invalid sequence replaced by U+FFFD, when that
/// is what the bytes are: they hold at least as many valid non-ASCII
/// characters as invalid sequences. Text in a legacy encoding has (almost)
/// no valid multi-byte sequence, so every umlaut counts as invalid.
fn repaired_utf8(bytes: &[u8]) -> Option<(Cow<'_, str>, usize)> {
    let (invalid, non_ascii) = utf8_damage(bytes);
    (invalid > 0 && non_ascii >= invalid).then(|| (String::from_utf8_lossy(bytes), invalid))
}

/// Turns each lone CR (old Mac line ends) into LF, so that every reader of
/// the text, the chunker and the line numbers of citations alike, sees the
/// same lines. CR and LF are one byte each: byte offsets are unchanged.
fn lone_cr_to_lf(text: Cow<'_, str>) -> Cow<'_, str> {
    let b = text.as_bytes();
    let lone = |i: usize| b[i] == b'\r' && b.get(i + 1) != Some(&b'\n');
    if !(0..b.len()).any(lone) {
        return text;
    }
    let mut bytes = text.into_owned().into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes.
    Cow::Owned(String::from_utf8(bytes).unwrap_or_default())
}

/// Why a file's bytes are not text klausel can index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// Zero bytes, or only white space.
    Empty,
    /// NUL bytes or other signs of a binary file.
    Binary,
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unreadable::Empty => f.write_str("empty file, skipped"),
            Unreadable::Binary => f.write_str("binary file (contains NUL bytes), skipped"),
        }
    }
}

/// Decodes a file's bytes to text: UTF-8 (with or without BOM), UTF-16 with
/// a BOM, or a legacy encoding such as windows-1252 guessed from the bytes.
/// Pure.
pub fn decode(bytes: &[u8]) -> std::result::Result<(Cow<'_, str>, Encoding), Unreadable> {
    let (text, enc): (Cow<'_, str>, Encoding) =
        if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            match repaired_utf8(rest) {
                Some((t, n)) => (t, Encoding::Utf8Repaired(n)),
                None => (String::from_utf8_lossy(rest), Encoding::Utf8Bom),
            }
        } else if bytes.starts_with(b"\xFF\xFE") {
            let (t, _) = encoding_rs::UTF_16LE.decode_with_bom_removal(bytes);
            (Cow::Owned(t.into_owned()), Encoding::Utf16Le)
        } else if bytes.starts_with(b"\xFE\xFF") {
            let (t, _) = encoding_rs::UTF_16BE.decode_with_bom_removal(bytes);
            (Cow::Owned(t.into_owned()), Encoding::Utf16Be)
        } else {
            let head = &bytes[..bytes.len().min(8192)];
            if head.contains(&0) {
                return Err(Unreadable::Binary);
            }
            match std::str::from_utf8(bytes) {
                Ok(s) => (Cow::Borrowed(s), Encoding::Utf8),
                Err(_) => match repaired_utf8(bytes) {
                    Some((t, n)) => (t, Encoding::Utf8Repaired(n)),
                    None => {
                        let mut det = chardetng::EncodingDetector::new();
                        det.feed(bytes, true);
                        let guess = det.guess(None, false);
                        let (t, _, _) = guess.decode(bytes);
                        (Cow::Owned(t.into_owned()), Encoding::Legacy(guess.name()))
                    }
                },
            }
        };
    if text.trim().is_empty() {
        return Err(Unreadable::Empty);
    }
    if text.contains('\0') {
        return Err(Unreadable::Binary);
    }
    Ok((lone_cr_to_lf(text), enc))
}

/// Finds the legal entity a text names most often, e.g. `Actimi GmbH`.
/// Used as the vendor of files without a manifest entry. Pure.
pub fn legal_entity(text: &str) -> Option<String> {
    legal_entity_hinted(text, None)
}

/// [`legal_entity`], preferring an entity whose name the file name holds
/// (`hint`, e.g. `CardlyticsInc` of a CUAD file name).
pub fn legal_entity_hinted(text: &str, hint: Option<&str>) -> Option<String> {
    const SKIP: &[&str] = &[
        "the", "der", "die", "das", "of", "by", "von", "and", "und", "between", "zwischen",
    ];
    // Per entity: occurrences, first word index, a party cue seen, a
    // third-party cue seen.
    let mut counts: BTreeMap<String, (usize, usize, bool, bool)> = BTreeMap::new();
    // Only look at the first 64 kB: the parties are named early, and this
    // runs on every file of the corpus.
    let mut end = text.len().min(64_000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    let words: Vec<(usize, &str)> = text
        .split_whitespace()
        .map(|w| {
            let off = w.as_ptr() as usize - text.as_ptr() as usize;
            (off, w)
        })
        .collect();
    for (i, &(_, w)) in words.iter().enumerate() {
        let bare = w.trim_end_matches([',', ';', ':', ')', '"', '\'', '’', '”']);
        // The longest suffix the words up to here end with: `GmbH & Co. KG`
        // before `KG`.
        let found = SUFFIXES
            .iter()
            .filter(|(_, last)| *last == bare)
            .find_map(|(suffix, _)| {
                let start = (i + 1).checked_sub(suffix.split(' ').count())?;
                ends_with_suffix(&words, i, suffix).then_some((*suffix, start))
            });
        let Some((suffix, start_of_suffix)) = found else {
            continue;
        };
        // `GmbH` of `GmbH & Co. KG` is counted when its `KG` is reached.
        let longer = SUFFIXES.iter().any(|(long, _)| {
            long.len() > suffix.len()
                && long.starts_with(suffix)
                && long.as_bytes().get(suffix.len()) == Some(&b' ')
                && ends_with_suffix(&words, start_of_suffix + long.split(' ').count() - 1, long)
        });
        if longer {
            continue;
        }
        let mut name: Vec<&str> = Vec::new();
        let mut j = start_of_suffix;
        while j > 0 && name.len() < 4 {
            let mut cand = words[j - 1].1;
            // `Cardlytics, Inc.`: the comma belongs to the name's form.
            if name.is_empty() && cand.ends_with(',') && COMMA_SUFFIXES.contains(&suffix) {
                cand = cand.trim_end_matches(',');
            }
            if cand.ends_with([',', '.', ';', ':', ')', '(']) && !name.is_empty() {
                break;
            }
            if cand.ends_with([',', ';', ':', '(', ')']) {
                break;
            }
            let lower = cand.to_lowercase();
            // `<<NAME>> Deutschland GmbH`: the name is anonymised.
            if cand.contains("<<") || cand.contains(">>") {
                name.clear();
                break;
            }
            if SKIP.contains(&lower.as_str()) || not_a_name_word(cand, &lower) {
                break;
            }
            name.push(cand);
            j -= 1;
        }
        // Drop lowercase-only words on the left edge ("company MEGATECH ...").
        while let Some(last) = name.last() {
            if last.chars().any(|c| c.is_uppercase() || c.is_ascii_digit()) {
                break;
            }
            name.pop();
        }
        if name.is_empty() {
            continue;
        }
        name.reverse();
        // `CONSULTING AGREEMENT Aduro Biotech, Inc.`: a run of capitals
        // before a capitalised name is the document's title.
        let caps = |w: &str| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !w.chars().any(char::is_lowercase)
        };
        let run = name.iter().take_while(|w| caps(w)).count();
        if run >= 2 && run < name.len() {
            name.drain(..run);
        }
        // `a Delaware corporation`, `New York Corporation`: a jurisdiction.
        if name
            .iter()
            .all(|w| JURISDICTIONS.contains(&w.trim_matches(|c: char| !c.is_alphabetic())))
        {
            continue;
        }
        let first = name[0].trim_start_matches(['(', '"', '\'', '„', '“', '‘']);
        if first.is_empty() || first.contains("<<") {
            continue;
        }
        let mut entity = String::from(first);
        for w in &name[1..] {
            entity.push(' ');
            entity.push_str(w);
        }
        entity.push(' ');
        entity.push_str(suffix);
        let offset = words[start_of_suffix].0;
        let end = words.get(i).map_or(offset, |w| w.0 + w.1.len());
        let cue = party_cue(text, offset, end);
        let third = third_party_cue(text, offset);
        let entry = counts
            .entry(entity)
            .or_insert((0, usize::MAX, false, false));
        entry.0 += 1;
        entry.1 = entry.1.min(i);
        entry.2 |= cue;
        entry.3 |= third;
    }
    if counts.is_empty() {
        return None;
    }
    // The vendor is the party the text keeps referring to: its name's first
    // word ("ACTIMI", "EMIND") recurs. Third parties named in passing
    // (a payment provider, a carrier) do not qualify.
    let lower = text.to_lowercase();
    let mentions = |name: &str| -> usize {
        let first = name.split(' ').next().unwrap_or("").to_lowercase();
        if first.chars().count() < 2 {
            return 0;
        }
        lower
            .match_indices(&first)
            .filter(|(i, _)| {
                let before = lower[..*i].chars().next_back();
                let after = lower[i + first.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
            .count()
    };
    // The party the document speaks for comes first: an entity the file
    // name names (`CardlyticsInc_…`), then one introduced as a party
    // (`between X and`, `X ("we")`, `Anbieter ist X`), then one the text
    // keeps referring to. A payment provider, bank or carrier does not
    // qualify, however often it is named.
    let hint = hint.map(letters_lower).filter(|h| h.len() >= 4);
    let named_in_path = |name: &str| {
        let l = letters_lower(name);
        hint.as_deref().is_some_and(|h| {
            let first = letters_lower(name.split(' ').next().unwrap_or(""));
            first.len() >= 4 && (h.starts_with(&first) || l.starts_with(h))
        })
    };
    counts
        .into_iter()
        .map(|(name, (n, first, cue, third))| {
            let m = mentions(&name);
            let rank = if named_in_path(&name) {
                3
            } else if cue && !third {
                2
            } else if m >= MIN_MENTIONS && !third {
                1
            } else {
                0
            };
            (name, rank, n, first)
        })
        .filter(|(_, rank, _, _)| *rank > 0)
        .max_by(|a, b| a.1.cmp(&b.1).then(a.2.cmp(&b.2)).then(b.3.cmp(&a.3)))
        .map(|(name, ..)| name)
}

/// Words of a state of incorporation (`a Delaware corporation`), which is
/// not a company name.
const JURISDICTIONS: [&str; 24] = [
    "Delaware",
    "Nevada",
    "California",
    "New",
    "York",
    "Texas",
    "Florida",
    "Washington",
    "Massachusetts",
    "Colorado",
    "Maryland",
    "Minnesota",
    "Virginia",
    "Georgia",
    "Illinois",
    "Ohio",
    "Pennsylvania",
    "Jersey",
    "Connecticut",
    "General",
    "Ontario",
    "British",
    "Columbia",
    "Utah",
];

/// Suffixes written after a comma: `Cardlytics, Inc.`.
const COMMA_SUFFIXES: [&str; 8] = [
    "Inc.",
    "Inc",
    "LLC",
    "Ltd.",
    "Ltd",
    "Limited",
    "Corp.",
    "Corporation",
];

/// Words that never belong to a company name: pronouns (`Sie uns (…`),
/// anonymisation placeholders (`<<NAME>>`), numbers, postcodes and dates
/// (`10/19/2017`, `8.10.3`).
fn not_a_name_word(word: &str, lower: &str) -> bool {
    const PRONOUNS: &[&str] = &[
        "sie", "uns", "wir", "ihr", "ihnen", "unser", "unsere", "we", "us", "our", "you", "your",
        "ist", "is", "mit", "with", "an", "to", "bei", "at", "co", "co.", "(gmbh", "gmbh",
    ];
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
    word.contains("<<")
        || word.contains(">>")
        || PRONOUNS.contains(&bare)
        || !word.chars().any(char::is_alphabetic)
        || (word.contains('/') && word.chars().any(|c| c.is_ascii_digit()))
}

/// Whether the text around an entity (at bytes `start..end`) introduces it
/// as the document's party: `between X`, `Anbieter ist X`, `X ("we", "us")`,
/// `X (nachfolgend „Verkäufer“)`.
fn party_cue(text: &str, start: usize, end: usize) -> bool {
    const BEFORE: &[&str] = &[
        "between",
        "zwischen",
        "anbieter",
        "betreiber",
        "vertragspartner",
        "verkäufer ist",
        "verantwortlich",
        "verantwortliche",
        "impressum",
        "diensteanbieter",
        "herausgeber",
        "angaben gemäß",
        "this agreement is made by",
    ];
    const AFTER: &[&str] = &[
        "(\"we",
        "(“we",
        "(\"us",
        "(„wir",
        "(\"wir",
        "(nachfolgend",
        "(hereinafter",
        "(im folgenden",
        "(\"company",
        "(“company",
        "(\"licensor",
        "(\"seller",
        "(„verkäufer",
        "(„anbieter",
        "(\"anbieter",
        "(„shop",
        "(„betreiber",
        "(\"provider",
    ];
    let mut from = start.saturating_sub(60);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + 60).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let before = text.get(from..start).unwrap_or("").to_lowercase();
    let after = text.get(end..to).unwrap_or("").to_lowercase();
    let after = after.trim_start_matches([',', ' ', '.']);
    BEFORE.iter().any(|w| before.contains(w)) || AFTER.iter().any(|w| after.starts_with(w))
}

/// Whether the text before an entity introduces it as a third party: `an
/// eine Partnerbank, die Wirecard AG`, `payment service provider X`.
fn third_party_cue(text: &str, start: usize) -> bool {
    const CUES: &[&str] = &[
        "bank",
        "zahlungs",
        "payment",
        "dienstleister",
        "service provider",
        " partner",
        "carrier",
        "versand",
        "inkasso",
        "abgetreten",
        "assigned to",
        "paypal",
    ];
    let mut from = start.saturating_sub(50);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let before = text.get(from..start).unwrap_or("").to_lowercase();
    CUES.iter().any(|c| before.contains(c))
}

fn letters_lower(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Legal-form suffixes that end a company name, each with its last word
/// (`KG` of `GmbH & Co. KG`), which is what a word of the text is compared
/// with. A test checks the last words.
const SUFFIXES: [(&str, &str); 19] = [
    ("GmbH & Co. KG", "KG"),
    ("GmbH & Co KG", "KG"),
    ("GmbH", "GmbH"),
    ("AG", "AG"),
    ("KG", "KG"),
    ("SE", "SE"),
    ("UG", "UG"),
    ("e.K.", "e.K."),
    ("Inc.", "Inc."),
    ("Inc", "Inc"),
    ("LLC", "LLC"),
    ("Ltd.", "Ltd."),
    ("Ltd", "Ltd"),
    ("Limited", "Limited"),
    ("Corporation", "Corporation"),
    ("Corp.", "Corp."),
    ("plc", "plc"),
    ("S.A.", "S.A."),
    ("B.V.", "B.V."),
];

/// Whether the words up to and including `words[last]` are `suffix`, with
/// closing punctuation after it allowed.
fn ends_with_suffix(words: &[(usize, &str)], last: usize, suffix: &str) -> bool {
    let n = suffix.split(' ').count();
    let Some(start) = (last + 1).checked_sub(n) else {
        return false;
    };
    let Some(span) = words.get(start..=last) else {
        return false;
    };
    let joined: Vec<&str> = span.iter().map(|(_, w)| *w).collect();
    joined
        .join(" ")
        .trim_end_matches([',', ';', ':', ')', '"', '\'', '’', '”'])
        == suffix
}

/// How often a legal entity's first word must occur for it to be the vendor.
const MIN_MENTIONS: usize = 3;

/// Where a file's vendor comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VendorSource {
    /// The manifest entry of the file.
    Manifest,
    /// A legal entity the text introduces as its party.
    Text,
    /// The company in a CUAD-style file name, the folder or the file name:
    /// an honest fallback, not a finding.
    Path,
}

impl VendorSource {
    /// `manifest`, `text` or `path`, as printed in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            VendorSource::Manifest => "manifest",
            VendorSource::Text => "text",
            VendorSource::Path => "path",
        }
    }
}

/// A vendor and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vendor {
    /// The vendor name.
    pub name: String,
    /// Where it comes from.
    pub source: VendorSource,
}

/// The vendor of a file without a manifest entry: the legal entity named in
/// the text, else the folder the file sits in below `root`, else the file name.
pub fn infer_vendor(path: &Path, root: Option<&Path>, text: &str) -> String {
    infer_vendor_source(path, root, text).name
}

/// [`infer_vendor`] with its source: the party the text speaks for
/// (`text`), else the company of a CUAD-style file name
/// (`ACCURAYINC_09_01_2010-EX-10.31-…` → `ACCURAYINC`), the folder below
/// `root` or the file name (`path`).
pub fn infer_vendor_source(path: &Path, root: Option<&Path>, text: &str) -> Vendor {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let company = filename_company(stem);
    if let Some(e) = legal_entity_hinted(text, company) {
        return Vendor {
            name: e,
            source: VendorSource::Text,
        };
    }
    let by_path = |name: &str| Vendor {
        name: name.to_string(),
        source: VendorSource::Path,
    };
    if let Some(c) = company {
        return by_path(&c.replace('_', " "));
    }
    if let (Some(root), Some(parent)) = (root, path.parent()) {
        if parent != root && parent.starts_with(root) {
            if let Some(name) = parent.file_name().and_then(|n| n.to_str()) {
                return by_path(name);
            }
        }
    }
    by_path(if stem.is_empty() { "unknown" } else { stem })
}

/// The company in a CUAD-style (EDGAR exhibit) file name:
/// `CardlyticsInc_20180112_S-1_EX-10.16_…` → `CardlyticsInc`,
/// `ACCURAYINC_09_01_2010-EX-10.31-…` → `ACCURAYINC`,
/// `Array BioPharma Inc. - LICENSE …` → `Array BioPharma Inc.`.
pub fn filename_company(stem: &str) -> Option<&str> {
    let b = stem.as_bytes();
    // `_YYYYMMDD_` or `_MM_DD_YYYY-`
    for (i, _) in stem.match_indices('_') {
        let rest = b.get(i + 1..).unwrap_or(&[]);
        let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        let date8 = digits == 8 && rest.get(8) == Some(&b'_');
        let mdy = digits == 2
            && rest.get(2) == Some(&b'_')
            && rest
                .get(3..5)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            && rest.get(5) == Some(&b'_');
        if (date8 || mdy) && i > 0 {
            return stem.get(..i);
        }
    }
    let (head, _) = stem.split_once(" - ")?;
    SUFFIXES
        .iter()
        .any(|(s, _)| head.ends_with(s))
        .then_some(head.trim())
}

/// The title of a file without a manifest entry: its first line when that
/// line names a document (`Allgemeine Geschäftsbedingungen der X GmbH`,
/// `SOFTWARE LICENSE AGREEMENT`), else the document its first sentences
/// name (`These General Terms and Conditions apply …`). Never a section
/// heading (`§1 SCOPE; FORM`); `None` when the text names no document.
pub fn document_title(text: &str) -> Option<String> {
    crate::chunk::document_title(text)
}

/// The fallback title of a file's first document: [`document_title`].
/// (Formerly the first line, which was often a section heading.)
pub fn first_line_title(text: &str) -> Option<String> {
    document_title(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(text: &str, expect: Option<&str>) {
        assert_eq!(legal_entity(text).as_deref(), expect, "{text}");
    }

    #[test]
    fn last_words_are_the_suffixes_last_words() {
        for (suffix, last) in SUFFIXES {
            assert_eq!(suffix.rsplit(' ').next(), Some(last), "{suffix}");
        }
    }

    #[test]
    fn legal_entities() {
        entity("between Actimi GmbH, Albert-Schäffle-Str. 119, 70186 Stuttgart (ACTIMI). ACTIMI grants, ACTIMI may", Some("Actimi GmbH"));
        entity("of the company MEGATECH communication GmbH (hereinafter referred to as Megatech). Megatech, megatech.", Some("MEGATECH communication GmbH"));
        entity("The General Terms and Conditions (GTC) of the company eMind GmbH (hereinafter EMIND). EMIND shall; EMIND", Some("eMind GmbH"));
        entity("relationships between CMS IT-Consulting GmbH, Bretonischer Ring 5. CMS shall. CMS may.", Some("CMS IT-Consulting GmbH"));
        entity("IMST GmbH, Kamp-Lintfort. IMST GmbH uses Google Analytics by Google Inc.; IMST, Google, google, Google.", Some("IMST GmbH"));
        entity(
            "Payment via PayPal (Europe) S.à r.l.; the seller, the seller's terms; the seller.",
            None,
        );
        entity(
            "Der Versand erfolgt mit DHL Home Delivery GmbH. Wir liefern.",
            None,
        );
        entity(
            "Verkäufer eines Artikels sind entweder wir (<<NAME>> (GmbH & Co KG))",
            None,
        );
        entity(
            "Vertragspartner ist die Muster Maschinenbau KG, Hauptstr. 1. Muster liefert; Muster haftet.",
            Some("Muster Maschinenbau KG"),
        );
        entity(
            "Anbieter ist die Beispiel Handel GmbH & Co. KG, Ring 2. Beispiel liefert; Beispiel haftet.",
            Some("Beispiel Handel GmbH & Co. KG"),
        );
        entity("no entity here at all", None);
        entity(
            "Widerruf an Sie uns (<<NAME>>. KG, 000000 <<STADT>> - <<NAME>>. KG). <<NAME>> KG",
            None,
        );
        entity(
            "Dated 10/19/2017 Rare Element Resources Ltd. Rare Element shall; Rare Element may; Rare Element.",
            Some("Rare Element Resources Ltd."),
        );
        entity(
            "This Agreement is made between Cardlytics, Inc. (\"Cardlytics\") and the Bank. Cardlytics shall; Cardlytics; Cardlytics.",
            Some("Cardlytics Inc."),
        );
        entity(
            "Die Forderung wird an eine Partnerbank, die Wirecard AG, abgetreten. Wirecard bucht ab; Wirecard prüft; Wirecard.",
            None,
        );
        entity("GmbH", None);
    }

    #[test]
    fn vendors_of_files_without_text_entities() {
        assert_eq!(
            filename_company(
                "CardlyticsInc_20180112_S-1_EX-10.16_11002987_EX-10.16_Maintenance Agreement4"
            ),
            Some("CardlyticsInc")
        );
        assert_eq!(
            filename_company("ACCURAYINC_09_01_2010-EX-10.31-DISTRIBUTOR AGREEMENT"),
            Some("ACCURAYINC")
        );
        assert_eq!(
            filename_company(
                "Array BioPharma Inc. - LICENSE, DEVELOPMENT AND COMMERCIALIZATION AGREEMENT"
            ),
            Some("Array BioPharma Inc.")
        );
        assert_eq!(filename_company("contract_013"), None);
        let v = infer_vendor_source(
            Path::new("de-agb/contract_013.txt"),
            Some(Path::new("de-agb")),
            "Wir (<<NAME>>. KG) liefern.",
        );
        assert_eq!(
            (v.name.as_str(), v.source),
            ("contract_013", VendorSource::Path)
        );
        let v = infer_vendor_source(
            Path::new("x/ACCURAYINC_09_01_2010-EX-10.31-DISTRIBUTOR AGREEMENT.txt"),
            Some(Path::new("x")),
            "This Distributor Agreement is entered into by Accuray Incorporated and Siemens AG.",
        );
        assert_eq!(v.source, VendorSource::Path);
        assert_eq!(v.name, "ACCURAYINC");
    }

    #[test]
    fn decodes_encodings() {
        let cp1252 = b"Gew\xe4hrleistung und Haftung f\xfcr M\xe4ngel";
        let (t, e) = decode(cp1252).unwrap();
        assert_eq!(t, "Gewährleistung und Haftung für Mängel");
        assert!(matches!(e, Encoding::Legacy(_)));
        let (t, e) = decode(b"\xEF\xBB\xBFGew\xc3\xa4hr").unwrap();
        assert_eq!((t.as_ref(), e), ("Gewähr", Encoding::Utf8Bom));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Gewähr".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16).unwrap().0, "Gewähr");
        assert_eq!(decode(b"").unwrap_err(), Unreadable::Empty);
        assert_eq!(decode(b" \n\t ").unwrap_err(), Unreadable::Empty);
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00").unwrap_err(),
            Unreadable::Binary
        );
    }

    #[test]
    fn manifest_errors_name_the_line() {
        let err = parse_manifest(
            "[[document]]\nfile = \"a.txt\"\nvendr = \"x\"\n",
            Path::new("c.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("c.toml: line "), "{err}");
        assert!(err.contains("unknown field `vendr`"), "{err}");
        let err = parse_manifest(
            "[[document]]\nfile = \"a.txt\"\nvendor = \"x\"\ntitle = \"t\"\nlanguage = \"fr\"\n",
            Path::new("c.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("language must be"), "{err}");
    }
}
