//! Reading a corpus: walking folders, the manifest, and decoding files.
//!
//! Nothing here fails on a single bad file: every file that cannot be used
//! becomes a [`Warning`] that names the file and the reason. What a file's
//! text means (its vendor, titles, clauses) is decided in
//! [`crate::records`], which does no I/O.

mod decode;
mod manifest;
mod piece;
mod walk;

pub use decode::{decode, decode_more, Encoding, Unreadable};
pub use manifest::{parse_manifest, ManifestEntry, MANIFEST, MAX_VENDOR_CHARS};
pub use piece::{piece_end, Cut};
pub use walk::{clean_path, special_kind, walk};

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

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
    /// The files of a known format (.txt, .md, .pdf, .html, .docx), sorted,
    /// deduplicated.
    pub files: Vec<PathBuf>,
    /// Files and folders that were passed over, and manifest problems.
    pub warnings: Vec<Warning>,
    /// Files and folders passed over (each has a warning).
    pub skipped: usize,
    /// Manifest entries by file path (as in `files`).
    pub manifest: HashMap<PathBuf, ManifestEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

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
