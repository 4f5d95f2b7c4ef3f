//! Document kinds and document titles: which cues make a text a privacy
//! declaration, an imprint, a price list or terms, in German and English.

use crate::model::DocKind;

/// Titles that open a new document when they stand alone on a line, in
/// lowercase. A title may be followed by ` of …`, ` der …` and the like.
const DOC_TITLES: [(&str, DocKind); 22] = [
    ("data protection declaration", DocKind::Privacy),
    ("data protection policy", DocKind::Privacy),
    ("privacy policy", DocKind::Privacy),
    ("privacy notice", DocKind::Privacy),
    ("privacy statement", DocKind::Privacy),
    ("datenschutzerklärung", DocKind::Privacy),
    ("datenschutzhinweise", DocKind::Privacy),
    ("datenschutzbestimmungen", DocKind::Privacy),
    ("impressum", DocKind::Imprint),
    ("imprint", DocKind::Imprint),
    ("legal notice", DocKind::Imprint),
    ("general terms and conditions", DocKind::Terms),
    ("general terms and business conditions", DocKind::Terms),
    ("terms and conditions", DocKind::Terms),
    ("terms of use", DocKind::Terms),
    ("terms of service", DocKind::Terms),
    ("allgemeine geschäftsbedingungen", DocKind::Terms),
    ("allgemeine verkaufsbedingungen", DocKind::Terms),
    ("nutzungsbedingungen", DocKind::Terms),
    ("agb", DocKind::Terms),
    ("price list", DocKind::PriceList),
    ("preisliste", DocKind::PriceList),
];

/// Prefixes stripped before a title is compared (`APPENDIX: PRICE LIST`).
const TITLE_PREFIXES: [&str; 4] = ["appendix:", "anhang:", "anlage:", "annex:"];

/// Words that may follow a document title (`… of eMind GmbH`).
const TITLE_JOINERS: [&str; 8] = [
    " of ", " der ", " des ", " von ", " for ", " für ", " (", " – ",
];

/// The kind named by a stand-alone title line, if it is a document title.
pub(crate) fn title_kind(line: &str) -> Option<DocKind> {
    if line.len() > 120 {
        return None;
    }
    let lower = line.trim().trim_end_matches(':').to_lowercase();
    let mut t = lower.as_str();
    for p in TITLE_PREFIXES {
        if let Some(r) = t.strip_prefix(p) {
            t = r.trim_start();
        }
    }
    DOC_TITLES.iter().find_map(|&(title, kind)| {
        let rest = t.strip_prefix(title)?;
        (rest.is_empty()
            || TITLE_JOINERS
                .iter()
                .any(|j| rest.starts_with(j) && rest.len() < 30))
        .then_some(kind)
    })
}

/// Cues of a privacy declaration.
const PRIVACY: [&str; 9] = [
    "personal data",
    "personenbezogen",
    "data protection",
    "datenschutz",
    "gdpr",
    "dsgvo",
    "cookie",
    "privacy",
    "data subject",
];
/// Cues of an imprint.
const IMPRINT: [&str; 12] = [
    "register court",
    "registergericht",
    "register number",
    "handelsregister",
    "managing director",
    "geschäftsführer",
    "hrb ",
    "amtsgericht",
    "ust-id",
    "vat id",
    "sales tax identification",
    "impressum",
];
/// Cues of terms and conditions.
const TERMS: [&str; 12] = [
    "terms and conditions",
    "gtc",
    "agb",
    "geschäftsbedingungen",
    "contract",
    "vertrag",
    "customer",
    "kunde",
    "liability",
    "haftung",
    "seller",
    "verkäufer",
];
/// Cues of a price list.
const PRICES: [&str; 4] = ["price list", "preisliste", "hourly rate", "stundensatz"];

/// True when `line` (any case) holds an imprint cue.
pub(crate) fn has_imprint_cue(line: &str) -> bool {
    let lower = line.to_lowercase();
    IMPRINT.iter().take(11).any(|c| lower.contains(c))
}

fn count(hay: &str, cues: &[&str]) -> usize {
    cues.iter().map(|c| hay.matches(c).count()).sum()
}

/// Detects the kind of a document from its title and the start of its text.
/// `statute` documents (Markdown laws) are `Other` unless the title says
/// otherwise; `lines` is the document's length in lines.
pub(crate) fn detect(title: Option<&str>, body: &str, statute: bool, lines: usize) -> DocKind {
    if let Some(kind) = title.and_then(title_kind) {
        return kind;
    }
    if let Some(t) = title {
        let t = t.to_lowercase();
        if count(&t, &PRIVACY) > 0 {
            return DocKind::Privacy;
        }
        if count(&t, &PRICES) > 0 {
            return DocKind::PriceList;
        }
    }
    if statute {
        return DocKind::Other;
    }
    let mut end = body.len().min(32 * 1024);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let lower = body.get(..end).unwrap_or("").to_lowercase();
    let imprint = count(&lower, &IMPRINT);
    if imprint >= 2 && lines <= 60 {
        return DocKind::Imprint;
    }
    let privacy = count(&lower, &PRIVACY);
    let terms = count(&lower, &TERMS);
    let prices = count(&lower, &PRICES);
    if prices > 0 && lines <= 40 && prices * 4 >= terms {
        return DocKind::PriceList;
    }
    if privacy > terms && privacy >= 2 {
        DocKind::Privacy
    } else if terms >= 2 {
        DocKind::Terms
    } else if privacy >= 1 {
        DocKind::Privacy
    } else {
        DocKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, expected: Option<DocKind>) {
        assert_eq!(title_kind(line), expected, "{line}");
    }

    #[test]
    fn titles() {
        check("Data Protection Declaration", Some(DocKind::Privacy));
        check(
            "General Terms and Conditions of eMind GmbH",
            Some(DocKind::Terms),
        );
        check("APPENDIX: PRICE LIST", Some(DocKind::PriceList));
        check("Impressum", Some(DocKind::Imprint));
        check("Allgemeine Geschäftsbedingungen", Some(DocKind::Terms));
        check(
            "Privacy policy for the chat software of the company Userlike",
            None,
        );
        check("Cookie Settings", None);
    }
}
