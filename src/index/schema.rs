//! The stored-document format, in one place: the schema's fields, a
//! [`Record`] turned into a tantivy document, and a stored document read
//! back as a [`StoredClause`]. Writer and reader both go through here.

use crate::analysis;
use crate::citation::Norm;
use crate::model::{DocKind, Language};
use crate::records::vendor::VendorSource;
use crate::records::Record;
use crate::text::label_key;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value, FAST,
    STORED, STRING,
};
use tantivy::TantivyDocument;

/// Version of the schema and record layout. Bump on any incompatible change.
/// 3: `heading_path` stores one value per heading.
/// 5: ids are stable (`path#label-hash`), no longer positional; `cites`
/// holds the most specific keys, `cites_all` every containment key, `norm`
/// a statute's own norms.
/// 6: `vendor_source` is stored.
/// 7: `url` from the manifest is stored.
/// 8: the per-file states are a file of their own, named by the payload.
/// 9: the fast field `dup_key`.
pub const SCHEMA_VERSION: u32 = 9;

/// The fields of klausel's schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Stable record id: `path#label-hash`.
    pub id: Field,
    /// Source file as given to `index`.
    pub path: Field,
    /// Position of the record within its file (0-based).
    pub ord: Field,
    /// Vendor, for display.
    pub vendor: Field,
    /// `manifest`, `text` or `path`.
    pub vendor_source: Field,
    /// Vendor, folded for filtering (lowercase, no accents).
    pub vendor_key: Field,
    /// Document title.
    pub document: Field,
    /// Document kind (`terms`, `privacy`, ...).
    pub kind: Field,
    /// Normalised section number, e.g. `§ 23`.
    pub section: Field,
    /// Section number folded for filtering: `23`.
    pub section_key: Field,
    /// Normalised clause number, e.g. `(7)`.
    pub clause: Field,
    /// Citation label, e.g. `§ 23 (7)`.
    pub label: Field,
    /// Label folded for lookup by `show`.
    pub label_key: Field,
    /// Heading path joined with ` › `.
    pub heading_path: Field,
    /// The clause text as in the file.
    pub text: Field,
    /// Clause text analysed as German (only for German records).
    pub body_de: Field,
    /// Clause text analysed as English (only for English records).
    pub body_en: Field,
    /// Heading path analysed as German.
    pub head_de: Field,
    /// Heading path analysed as English.
    pub head_en: Field,
    /// `de` or `en`.
    pub lang: Field,
    /// The statute norms a clause cites, most specific keys (`bgb 307 abs1`).
    pub cites: Field,
    /// Every containment key of those norms (`bgb 307`, `bgb 307 abs1`),
    /// for queries: `§ 307 BGB` finds a clause citing `§ 307 Abs. 1 BGB`.
    pub cites_all: Field,
    /// The norms a statute's own record is (`bgb 307`, `bgb 307 abs1`).
    pub norm: Field,
    /// First line, 1-based.
    pub line_start: Field,
    /// Last line, 1-based.
    pub line_end: Field,
    /// Byte range start in the decoded file text.
    pub byte_start: Field,
    /// Byte range end.
    pub byte_end: Field,
    /// `clause`, or `heading` for a heading with no body.
    pub record_type: Field,
    /// First page, 1-based (PDF only).
    pub page: Field,
    /// Last page (PDF only).
    pub page_end: Field,
    /// The document's URL from the manifest (absent without one).
    pub url: Field,
    /// Hash of the whitespace-normalised text, to collapse identical clauses.
    pub text_hash: Field,
    /// [`dup_key`] of the vendor and `text_hash`, a fast field: search
    /// tells the clauses that may collapse into a shown hit without reading
    /// them.
    pub dup_key: Field,
}

/// The fast field `dup_key` of a clause: its vendor and text hash in one
/// value (xxh3 of the vendor seeded with the text hash). Clauses that
/// collapse into one hit (same vendor, same text hash) have the same key;
/// a key shared by chance only makes search read a clause it would skip.
pub fn dup_key(vendor: &str, text_hash: u64) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(vendor.as_bytes(), text_hash)
}

/// Builds klausel's schema.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analysed = |name: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(name)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let stored_u64 = NumericOptions::default().set_stored();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        path: b.add_text_field("path", STRING | STORED),
        ord: b.add_u64_field("ord", NumericOptions::default().set_stored().set_indexed()),
        vendor: b.add_text_field("vendor", STORED),
        vendor_source: b.add_text_field("vendor_source", STORED),
        vendor_key: b.add_text_field("vendor_key", STRING | FAST),
        document: b.add_text_field("document", STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        section: b.add_text_field("section", STORED),
        section_key: b.add_text_field("section_key", STRING),
        clause: b.add_text_field("clause", STORED),
        label: b.add_text_field("label", STORED),
        label_key: b.add_text_field("label_key", STRING),
        heading_path: b.add_text_field("heading_path", STORED),
        text: b.add_text_field("text", STORED),
        body_de: b.add_text_field("body_de", analysed(analysis::DE)),
        body_en: b.add_text_field("body_en", analysed(analysis::EN)),
        head_de: b.add_text_field("head_de", analysed(analysis::DE)),
        head_en: b.add_text_field("head_en", analysed(analysis::EN)),
        lang: b.add_text_field("lang", STRING | STORED),
        cites: b.add_text_field("cites", STRING | STORED),
        cites_all: b.add_text_field("cites_all", STRING),
        norm: b.add_text_field("norm", STRING | STORED),
        line_start: b.add_u64_field("line_start", stored_u64.clone()),
        line_end: b.add_u64_field("line_end", stored_u64.clone()),
        byte_start: b.add_u64_field("byte_start", stored_u64.clone()),
        byte_end: b.add_u64_field("byte_end", stored_u64.clone()),
        page: b.add_u64_field("page", stored_u64.clone()),
        page_end: b.add_u64_field("page_end", stored_u64),
        url: b.add_text_field("url", STORED),
        record_type: b.add_text_field("record_type", STRING | STORED),
        text_hash: b.add_u64_field("text_hash", NumericOptions::default().set_stored()),
        dup_key: b.add_u64_field("dup_key", FAST),
    };
    (b.build(), fields)
}

/// A record as a tantivy document; `vendor_key` is `fold(&r.vendor)`,
/// computed once per file by the caller.
pub(crate) fn document(r: &Record, f: &Fields, vendor_key: &str, hash: u64) -> TantivyDocument {
    let mut d = TantivyDocument::new();
    d.add_text(f.id, &r.id);
    d.add_text(f.path, &r.path);
    d.add_u64(f.ord, r.ord);
    d.add_text(f.vendor, &r.vendor);
    d.add_text(f.vendor_source, r.vendor_source.as_str());
    d.add_text(f.vendor_key, vendor_key);
    d.add_text(f.document, &r.document);
    d.add_text(f.kind, r.kind.as_str());
    if let Some(s) = &r.section {
        d.add_text(f.section, s);
        d.add_text(f.section_key, label_key(s));
    }
    if let Some(c) = &r.clause {
        d.add_text(f.clause, c);
    }
    d.add_text(f.label, &r.label);
    d.add_text(f.label_key, label_key(&r.label));
    // One stored value per heading: a heading may itself hold the
    // separator (`Haftung › Umfang`). The indexed heading fields get them
    // joined.
    for h in r.heading_path.iter().filter(|h| !h.is_empty()) {
        d.add_text(f.heading_path, h);
    }
    let heading = r.heading_path.join(HEADING_SEPARATOR);
    d.add_text(f.text, &r.text);
    let (body, head) = match r.language {
        Language::De => (f.body_de, f.head_de),
        Language::En => (f.body_en, f.head_en),
    };
    d.add_text(body, &r.text);
    if !heading.is_empty() {
        d.add_text(head, &heading);
    }
    d.add_text(f.lang, r.language.code());
    let mut all: Vec<String> = Vec::new();
    for c in &r.cites {
        d.add_text(f.cites, c);
        all.extend(Norm::from_key(c).map(|n| n.keys()).unwrap_or_default());
    }
    all.sort();
    all.dedup();
    for k in &all {
        d.add_text(f.cites_all, k);
    }
    for n in &r.norm {
        d.add_text(f.norm, n);
    }
    d.add_u64(f.line_start, r.line_start as u64);
    d.add_u64(f.line_end, r.line_end as u64);
    d.add_u64(f.byte_start, r.byte_start as u64);
    d.add_u64(f.byte_end, r.byte_end as u64);
    d.add_text(f.record_type, r.record_type);
    if let (Some(a), Some(b)) = (r.page, r.page_end) {
        d.add_u64(f.page, u64::from(a));
        d.add_u64(f.page_end, u64::from(b));
    }
    if let Some(u) = &r.url {
        d.add_text(f.url, u);
    }
    d.add_u64(f.text_hash, hash);
    d.add_u64(f.dup_key, dup_key(&r.vendor, hash));
    d
}

/// How the indexed heading fields join the heading path.
const HEADING_SEPARATOR: &str = " › ";

/// A stored document read back as the [`Record`] it was written from, with
/// the hash of its text (what search, compare and show start from). Every
/// field klausel writes is there; a missing one reads as empty (or 0),
/// never as a panic.
pub fn read(doc: &TantivyDocument, f: &Fields) -> (Record, u64) {
    let s = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let n = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
    let opt = |field| Some(s(field)).filter(|v| !v.is_empty());
    let at = |field| usize::try_from(n(field)).unwrap_or(usize::MAX);
    let record = Record {
        id: s(f.id),
        path: s(f.path),
        ord: n(f.ord),
        vendor: s(f.vendor),
        vendor_source: VendorSource::parse(&s(f.vendor_source)),
        document: s(f.document),
        kind: DocKind::parse(&s(f.kind)).unwrap_or_default(),
        section: opt(f.section),
        clause: opt(f.clause),
        label: s(f.label),
        heading_path: heading_path(doc, f.heading_path),
        text: s(f.text),
        language: Language::parse(&s(f.lang)).unwrap_or(Language::En),
        cites: doc
            .get_all(f.cites)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        norm: doc
            .get_all(f.norm)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        line_start: at(f.line_start),
        line_end: at(f.line_end),
        byte_start: at(f.byte_start),
        byte_end: at(f.byte_end),
        record_type: if s(f.record_type) == "heading" {
            "heading"
        } else {
            "clause"
        },
        page: page(doc, f.page),
        page_end: page(doc, f.page_end),
        url: opt(f.url),
    };
    (record, n(f.text_hash))
}

/// A stored page number (PDF records only).
fn page(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<u32> {
    doc.get_first(field)
        .and_then(|v| v.as_u64())
        .and_then(|v| u32::try_from(v).ok())
}

/// The stored heading path: one value per heading (empty ones are not
/// stored).
fn heading_path(doc: &TantivyDocument, field: Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::file_records;
    use crate::records::text_hash;

    /// What the writer stores, the reader reads back: every field of every
    /// record, for clauses and body-less headings.
    #[test]
    fn records_round_trip() {
        let text = "§ 1 Geltungsbereich\n(1) Diese AGB gelten für alle Verträge.\n\
                    (2) Es gilt § 307 BGB.\n§ 2 Leer\n§ 3 Haftung › Umfang\nWir haften nur für Vorsatz.\n";
        let entry = crate::corpus::ManifestEntry {
            file: "agb.txt".into(),
            vendor: "Muster GmbH".into(),
            title: "AGB".into(),
            language: None,
            date: None,
            url: None,
        };
        let mut records = file_records("agb.txt", text, None, None);
        assert!(records.iter().any(|r| r.record_type == "heading"));
        // With a manifest entry: `vendor_source` is not the reader's default.
        let from_manifest = file_records("agb.txt", text, Some(&entry), None);
        assert!(from_manifest
            .iter()
            .all(|r| r.vendor_source == VendorSource::Manifest));
        records.extend(from_manifest);
        let (_, fields) = schema();
        for mut r in records {
            let (back, hash) = read(&document(&r, &fields, "key", text_hash(&r.text)), &fields);
            r.heading_path.retain(|h| !h.is_empty());
            assert_eq!(back, r);
            assert_eq!(hash, text_hash(&r.text));
        }
    }
}
