//! The vendor of a file without a manifest entry: the legal entity its text
//! names as a party (`Actimi GmbH`), else the company in its file name,
//! else its folder. Pure.

use crate::corpus::ManifestEntry;
use crate::text::floor_boundary;
use std::collections::BTreeMap;
use std::path::Path;

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
    // Per entity: occurrences, first word index, a party cue seen, and how
    // many occurrences a third-party cue precedes.
    let mut counts: BTreeMap<String, (usize, usize, bool, usize)> = BTreeMap::new();
    // Only look at the first 64 kB: the parties are named early, and this
    // runs on every file of the corpus.
    let end = floor_boundary(text, 64_000);
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
        // `… mit der Muster GmbH.`: a full stop that ends the sentence.
        let bare = match bare.strip_suffix('.') {
            Some(b)
                if !SUFFIXES.iter().any(|(_, last)| *last == bare)
                    && SUFFIXES.iter().any(|(_, last)| *last == b) =>
            {
                b
            }
            _ => bare,
        };
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
        while j > 0 && name.iter().filter(|w| **w != "&").count() < 4 {
            // A blank line ends a name: `… and Creative Commons` is a
            // heading, not the start of `Creative Commons Corporation`.
            let (at, word) = words[j - 1];
            if text[at + word.len()..words[j].0].matches('\n').count() >= 2 {
                break;
            }
            // `Müller & Söhne GmbH`, `Procter & Gamble`: an ampersand
            // joins the words of one name.
            if word == "&" && !name.is_empty() {
                name.push(word);
                j -= 1;
                continue;
            }
            let mut cand = word;
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
        let run = name.iter().take_while(|w| **w == "&" || caps(w)).count();
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
        let first = name[0].trim_start_matches(['(', '[', '"', '\'', '„', '“', '‘']);
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
        let name_at = start_of_suffix
            .checked_sub(name.len())
            .and_then(|k| words.get(k))
            .map_or(offset, |w| w.0);
        let cue = party_cue(text, offset, end) || title_cue(text, name_at);
        let third = third_party_cue(text, offset);
        let entry = counts.entry(entity).or_insert((0, usize::MAX, false, 0));
        entry.0 += 1;
        entry.1 = entry.1.min(i);
        entry.2 |= cue;
        entry.3 += usize::from(third);
    }
    if counts.is_empty() {
        return None;
    }
    // The vendor is the party the text keeps referring to: its name's first
    // word ("ACTIMI", "EMIND") recurs. Third parties named in passing
    // (a payment provider, a carrier) do not qualify.
    let lower = text.to_lowercase();
    // A mention has a capital (`Shipping Company Limited` is not mentioned
    // by every `shipping`; `eGain` is); where lower-casing moved the bytes,
    // any case counts.
    let aligned = lower.len() == text.len();
    let capital = |at: std::ops::Range<usize>| {
        !aligned
            || text
                .get(at)
                .is_none_or(|w| w.chars().any(char::is_uppercase))
    };
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
                    && capital(*i..i + first.len())
            })
            .count()
    };
    // The party the document speaks for comes first: an entity the file
    // name names (`CardlyticsInc_…`), then one introduced as a party
    // (`between X and`, `X ("we")`, `Anbieter ist X`), then one the text
    // keeps referring to. A payment provider, bank or carrier does not
    // qualify, however often it is named: an entity is a third party when
    // at least half of its mentions follow such a cue (the vendor's own name turns
    // up after `Versand` or `Zahlungsarten` too, now and then).
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
        .map(|(name, (n, first, cue, cued_third))| {
            let third = 2 * cued_third >= n;
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
        || crate::text::is_postcode(word)
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
    let from = floor_boundary(text, start.saturating_sub(60));
    let to = floor_boundary(text, (end + 60).min(text.len()));
    let before = text.get(from..start).unwrap_or("").to_lowercase();
    let after = text.get(end..to).unwrap_or("").to_lowercase();
    let after = after.trim_start_matches([',', ' ', '.']);
    BEFORE.iter().any(|w| before.contains(w)) || AFTER.iter().any(|w| after.starts_with(w))
}

/// Whether the entity at byte `start` is named by the document's title, on
/// one of the text's first lines: `Allgemeine Geschäftsbedingungen der X
/// GmbH`, `Terms and Conditions of X Inc.` (not a third party's terms that
/// a clause refers to further down).
fn title_cue(text: &str, start: usize) -> bool {
    const JOINERS: &[&str] = &["der", "des", "von", "für", "of", "for", "by"];
    let line_start = text
        .get(..start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line = text.get(line_start..start).unwrap_or("");
    // A title line is short; a text extracted with long lines holds whole
    // paragraphs per line (`… the Stock Exchange of Hong Kong Limited`).
    let line_end = text
        .get(start..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| start + i);
    if line.chars().count() > 60 || line_end - line_start > 200 {
        return false;
    }
    let above = text.get(..line_start).unwrap_or("");
    if above
        .lines()
        .filter(|l| !l.trim().is_empty())
        .nth(4)
        .is_some()
    {
        return false;
    }
    let joined = line
        .split_whitespace()
        .next_back()
        .is_some_and(|w| JOINERS.contains(&w.to_lowercase().as_str()));
    joined && crate::chunk::kind::names_document(line)
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
    let from = floor_boundary(text, start.saturating_sub(50));
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
const SUFFIXES: [(&str, &str); 21] = [
    ("GmbH & Co. KG", "KG"),
    ("GmbH & Co KG", "KG"),
    ("& Co. KG", "KG"),
    ("& Co KG", "KG"),
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
    let joined = joined.join(" ");
    let bare = joined.trim_end_matches([',', ';', ':', ')', '"', '\'', '’', '”']);
    // A sentence's full stop after a suffix without one (`GmbH.`).
    bare == suffix || (!suffix.ends_with('.') && bare.strip_suffix('.') == Some(suffix))
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

    /// The source [`VendorSource::as_str`] names; anything else is `Path`,
    /// the source that claims nothing.
    pub fn parse(s: &str) -> VendorSource {
        match s {
            "manifest" => VendorSource::Manifest,
            "text" => VendorSource::Text,
            _ => VendorSource::Path,
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

/// The vendor of a file without a manifest entry, and its source: the party the text speaks for
/// (`text`), else the company of a CUAD-style file name
/// (`ACCURAYINC_09_01_2010-EX-10.31-…` → `ACCURAYINC`), the folder below
/// `root` or the file name (`path`).
pub fn infer_vendor_source(path: &Path, root: Option<&Path>, text: &str) -> Vendor {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    // A statute names companies (`Deutsche Akkreditierungsstelle GmbH` in
    // the AHundV) but has none as its author: its name is its vendor, and
    // keys it as the statute it is.
    if juris_file(stem) {
        return Vendor {
            name: stem.to_string(),
            source: VendorSource::Path,
        };
    }
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
    // The nearest folder below the root that is not named after a file
    // format: `acme/pdf/agb.pdf` is ACME's, `pdf/agb.pdf` nobody's in
    // particular (the file name says more than `pdf`).
    if let (Some(root), Some(parent)) = (root, path.parent()) {
        let folder = parent
            .ancestors()
            .take_while(|a| *a != root && a.starts_with(root))
            .filter_map(|a| a.file_name()?.to_str())
            .find(|name| !is_format_name(name));
        if let Some(name) = folder {
            return by_path(name);
        }
    }
    by_path(if stem.is_empty() { "unknown" } else { stem })
}

/// Whether a folder is named after the format of the files it holds
/// (`pdf`, `DOCX`, `html`), which says how they are stored, not whose.
fn is_format_name(name: &str) -> bool {
    const FORMATS: [&str; 7] = ["pdf", "docx", "doc", "html", "htm", "txt", "md"];
    FORMATS.iter().any(|f| name.eq_ignore_ascii_case(f))
}

/// Whether `name` is a statute's file name as gesetze-im-internet.de makes
/// them for federal law: the abbreviation, one separator and the `BJNR`
/// juris number (`GG-BJNR000010949`, `StUG-BJNR022720991`).
pub fn juris_name(name: &str) -> bool {
    name.split_once(|c: char| !c.is_alphanumeric())
        .is_some_and(|(_, number)| number.starts_with("BJNR") && juris_number(number))
}

/// Whether `name` ends as the name of every statute file of
/// gesetze-im-internet.de does: a separator and a juris number, after a
/// name of any form (`1._BImSchV-BJNR003800010`,
/// `1-DM-GoldmünzG-BJNR204500000`, `NatPMüritzV-DDNR514680990`, as well as
/// the plain `GG-BJNR000010949` of [`juris_name`]).
pub fn juris_file(name: &str) -> bool {
    name.rsplit_once(|c: char| !c.is_alphanumeric())
        .is_some_and(|(head, number)| !head.is_empty() && juris_number(number))
}

/// A juris document number: two capitals and `NR` (`BJNR` for federal law,
/// `DDNR` for law of the GDR still in force, …), then a digit and at least
/// five more digits or capitals.
fn juris_number(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && &b[2..4] == b"NR"
        && b[4].is_ascii_digit()
        && b[5..]
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
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

/// The vendor `klausel index` records for a file: its manifest entry's,
/// else inferred from its text, name and folder.
pub fn resolve(
    path: &Path,
    entry: Option<&ManifestEntry>,
    root: Option<&Path>,
    text: &str,
) -> Vendor {
    match entry {
        Some(e) => Vendor {
            name: e.vendor.clone(),
            source: VendorSource::Manifest,
        },
        None => infer_vendor_source(path, root, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(text: &str, expect: Option<&str>) {
        assert_eq!(legal_entity(text).as_deref(), expect, "{text}");
    }

    /// A name ends at a blank line (a heading above it is not part of it)
    /// and at a postcode (`D-10115`), and a vendor whose name now and then
    /// follows `Zahlungsarten` or `Versand` is still the vendor; an entity
    /// named mostly after such cues is a third party.
    #[test]
    fn names_end_at_blank_lines_and_postcodes_and_cues_need_a_majority() {
        entity(
            "About the license and Creative Commons\n\nCreative Commons Corporation \
             (\"Creative Commons\") is not a law firm. Creative Commons gives. \
             Creative Commons makes.",
            Some("Creative Commons Corporation"),
        );
        entity(
            "Anbieter ist die D-10115 Beispielhandel GmbH, Berlin. Beispielhandel liefert. \
             Beispielhandel haftet. Beispielhandel prüft.",
            Some("Beispielhandel GmbH"),
        );
        let shop = "Verträge zwischen der Gartenwelt GmbH und Ihnen. Die Gartenwelt GmbH \
                    liefert. 6.1 Zahlungsarten: Gartenwelt GmbH bietet Rechnung an. Die \
                    Gartenwelt GmbH haftet.";
        entity(shop, Some("Gartenwelt GmbH"));
        let provider = "Die Zahlung erfolgt über den Zahlungsdienst Paywell GmbH. Paywell \
                        prüft. Zahlungsanbieter Paywell GmbH bucht ab. Paywell zahlt aus.";
        entity(provider, None);
    }

    /// `&` joins the words of a name (and `& Co. KG` is a legal form), a
    /// suffix may end a sentence (`GmbH.`), and the entity the title line
    /// names (`Allgemeine Geschäftsbedingungen der X`) is the document's
    /// party however rarely the text repeats it. A mention has a capital:
    /// every lowercase `shipping` does not make `Shipping Company Limited`
    /// the vendor, and a company the text names in passing on a long line
    /// is no title's.
    #[test]
    fn ampersands_sentence_ends_and_titles() {
        entity(
            "Allgemeine Geschäftsbedingungen der Müller & Söhne GmbH\n\n§ 1 Geltungsbereich\n\n\
             Diese Bedingungen gelten für alle Verträge.",
            Some("Müller & Söhne GmbH"),
        );
        entity(
            "AGB der Meyer & Co. KG\n\n§ 1 Vertragsschluss\n\nDer Vertrag kommt zustande.",
            Some("Meyer & Co. KG"),
        );
        entity(
            "Terms and Conditions of Procter & Gamble Inc.\n\n1. Scope\n\nThese terms apply.",
            Some("Procter & Gamble Inc."),
        );
        entity(
            "Diese Bedingungen gelten für Verträge mit der Muster GmbH. Muster liefert. \
             Muster haftet. Muster prüft.",
            Some("Muster GmbH"),
        );
        entity(
            "The goods are carried by Shipping Company Limited. The shipping terms \
             apply to shipping, and shipping costs are paid on shipping.",
            None,
        );
        entity(
            "Listing Agreement of Hong Kong Limited and the issuers whose shares it lists, \
             made on 1 May 2006 between the parties named in the schedule, each of which \
             agrees to the rules below and to every amendment of them.\n\n1. Rules apply.",
            None,
        );
    }

    /// A folder named after a file format is not a vendor: the folder
    /// above it is, or else the file name.
    #[test]
    fn a_format_folder_is_no_vendor() {
        let root = Path::new("docs");
        let vendor = |p: &str| infer_vendor_source(Path::new(p), Some(root), "").name;
        assert_eq!(vendor("docs/pdf/imst-gtc.pdf"), "imst-gtc");
        assert_eq!(vendor("docs/Acme/PDF/agb.pdf"), "Acme");
        assert_eq!(vendor("docs/Acme/agb.docx"), "Acme");
        assert_eq!(vendor("docs/agb.html"), "agb");
    }

    /// A statute of gesetze-im-internet.de is its own vendor, whatever
    /// company its text names often; any other file still takes it.
    #[test]
    fn a_statute_file_is_its_own_vendor() {
        let text = "Die Deutsche Akkreditierungsstelle GmbH akkreditiert. \
                    Die Deutsche Akkreditierungsstelle GmbH prüft. \
                    Die Deutsche Akkreditierungsstelle GmbH meldet.";
        let statute = infer_vendor_source(Path::new("g/AHundV-BJNR243600022.md"), None, text);
        assert_eq!(statute.name, "AHundV-BJNR243600022");
        assert_eq!(statute.source, VendorSource::Path);
        let other = infer_vendor_source(Path::new("g/agb.md"), None, text);
        assert_eq!(other.name, "Deutsche Akkreditierungsstelle GmbH");
        assert_eq!(other.source, VendorSource::Text);
        assert!(juris_name("GG-BJNR000010949"));
        assert!(!juris_name("GG-BJNR"));
        assert!(!juris_name("GG-Kommentar"));
        assert!(!juris_name("BJNR000010949"));
        // Every file of gesetze-im-internet.de, whatever its abbreviation.
        for file in [
            "1._BImSchV-BJNR003800010",
            "1-DM-GoldmünzG-BJNR204500000",
            "GG-BJNR000010949",
            "NatPMüritzV-DDNR514680990",
        ] {
            assert!(juris_file(file), "{file}");
            let v = infer_vendor_source(Path::new(&format!("g/{file}.md")), None, text);
            assert_eq!((v.name.as_str(), v.source), (file, VendorSource::Path));
        }
        assert!(!juris_name("1._BImSchV-BJNR003800010"));
        assert!(!juris_file("-BJNR003800010"));
        assert!(!juris_file("Vertrag-BJNR"));
        assert!(!juris_file("Vertrag-bjnr003800010"));
        assert!(!juris_file("Vertrag-BJNRX03800010"));
        assert!(!juris_file("Vertrag-BJNR0038"));
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
}
