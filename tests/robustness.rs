//! Property tests for the two functions every file passes through before it
//! reaches the index: `corpus::decode` (bytes to text) and
//! `records::file_records` (text to records). Neither may panic on any input,
//! and records must point into the text they came from.
//!
//! CI runs proptest's default of 256 cases per property; set
//! `PROPTEST_CASES` for a longer pass.

mod util;

use klausel::corpus::{decode, Encoding, ManifestEntry, Unreadable};
use klausel::records::{file_records, Record};
use proptest::prelude::*;
use std::path::Path;

/// Lines that look like German and English terms: headings, numbered
/// clauses, statute citations, and noise.
fn legal_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "§ ?[0-9]{1,3}[a-z]? [A-ZÄÖÜ][a-zäöüß]{2,15}",
        "\\([0-9]{1,2}\\) [A-Za-zäöüß ,.;]{0,80}",
        "[0-9]{1,2}(\\.[0-9]{1,2}){0,2}\\.? [A-Za-z ]{0,40}",
        "(Art\\.|Artikel|Section|Ziffer) [0-9]{1,3} [A-Za-z]{0,20}",
        "#{1,3} [A-Za-zÄÖÜäöü ]{0,30}",
        "[a-z]\\) [a-z ]{0,40}",
        "(gemäß|nach|under) § [0-9]{1,3} (Abs\\. [0-9] )?(BGB|HGB|UWG|DSGVO)",
        "[A-Z][a-z]{1,12} (GmbH|AG|Inc\\.|Ltd\\.|GmbH & Co\\. KG)",
        "[ \\t]*",
        "\\PC{0,60}",
    ]
}

fn legal_text() -> impl Strategy<Value = String> {
    (prop::collection::vec(legal_line(), 0..40), any::<bool>())
        .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }))
}

/// `text` with every CR that does not start a CRLF replaced by LF.
fn lone_cr_as_lf(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    String::from_utf8(bytes).expect("ASCII replaced by ASCII")
}

fn check_records(text: &str, records: &[Record]) {
    let lines = text.matches('\n').count() + 1;
    let mut previous: Option<&Record> = None;
    let ids: std::collections::HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), records.len(), "ids are unique within a file");
    for (i, r) in records.iter().enumerate() {
        assert!(r.byte_start <= r.byte_end, "{r:?}");
        assert!(r.byte_end <= text.len(), "{r:?}");
        assert_eq!(
            text.get(r.byte_start..r.byte_end),
            Some(r.text.as_str()),
            "record text is not its byte range: {r:?}"
        );
        assert!(1 <= r.line_start && r.line_start <= r.line_end, "{r:?}");
        assert!(r.line_end <= lines, "{r:?} beyond line {lines}");
        assert_eq!(r.ord, i as u64);
        assert!(
            klausel::records::is_stable_id(&r.id) && r.id.starts_with(&format!("{}#", r.path)),
            "{r:?}"
        );
        if let Some(p) = previous {
            assert!(p.byte_start <= r.byte_start, "{p:?} then {r:?}");
            assert!(p.line_start <= r.line_start, "{p:?} then {r:?}");
        }
        previous = Some(r);
    }
}

fn entry() -> ManifestEntry {
    ManifestEntry {
        file: "a.txt".into(),
        vendor: "Muster GmbH".into(),
        title: "AGB".into(),
        language: Some("de".into()),
        date: None,
        url: None,
    }
}

proptest! {
    #[test]
    fn decode_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..3000)) {
        match decode(&bytes) {
            Ok((text, _)) => {
                prop_assert!(!text.trim().is_empty());
                prop_assert!(!text.contains('\0'));
            }
            Err(Unreadable::Empty) => {}
            Err(Unreadable::Binary) => {}
        }
    }

    #[test]
    fn decode_keeps_utf8_and_removes_a_bom(text in "\\PC{0,300}", bom in any::<bool>()) {
        let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
        bytes.extend_from_slice(text.as_bytes());
        match decode(&bytes) {
            Ok((t, enc)) => {
                prop_assert_eq!(t.as_ref(), text.as_str());
                prop_assert_eq!(enc, if bom { Encoding::Utf8Bom } else { Encoding::Utf8 });
            }
            Err(why) => {
                prop_assert_eq!(why, Unreadable::Empty);
                prop_assert!(text.trim().is_empty());
            }
        }
    }

    #[test]
    fn decode_reads_utf16_with_a_bom(text in "[^\u{0}]{0,200}", big_endian in any::<bool>()) {
        match decode(&util::utf16(&text, big_endian)) {
            Ok((t, enc)) => {
                // A lone CR is a line break (issue 15): it reads as LF.
                prop_assert_eq!(t.as_ref(), lone_cr_as_lf(&text));
                prop_assert_eq!(enc, if big_endian { Encoding::Utf16Be } else { Encoding::Utf16Le });
            }
            Err(why) => {
                prop_assert_eq!(why, Unreadable::Empty);
                prop_assert!(text.trim().is_empty());
            }
        }
    }

    #[test]
    fn file_records_on_any_string(text in "\\PC*|(.|\n|\r|\u{2028}|\u{feff})*") {
        check_records(&text, &file_records("a.txt", &text, None, None));
    }

    #[test]
    fn file_records_on_legal_looking_text(text in legal_text(), manifest in any::<bool>()) {
        let e = entry();
        let records = file_records(
            "docs/a.txt",
            &text,
            manifest.then_some(&e),
            Some(Path::new("docs")),
        );
        check_records(&text, &records);
        if manifest {
            prop_assert!(records.iter().all(|r| r.vendor == "Muster GmbH"));
        }
    }

    #[test]
    fn file_records_on_decoded_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        if let Ok((text, _)) = decode(&bytes) {
            check_records(&text, &file_records("a.txt", &text, None, None));
        }
    }
}
