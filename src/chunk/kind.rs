//! Document kinds and document titles: which cues make a text a privacy
//! declaration, an imprint, a price list or terms, in German and English.

use crate::model::DocKind;
use crate::text::floor_boundary;

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

/// Words that name a document (lowercase stems): a title line or a first
/// sentence must contain one to be a document's title.
const DOC_NOUNS: [&str; 27] = [
    "terms",
    "conditions",
    "agreement",
    "contract",
    "policy",
    "declaration",
    "notice",
    "statement",
    "licen",
    "agb",
    "bedingungen",
    "vertrag",
    "erklärung",
    "hinweise",
    "richtlinie",
    "impressum",
    "imprint",
    "gesetz",
    "verordnung",
    "satzung",
    "preisliste",
    "price list",
    "amendment",
    "addendum",
    "regulation",
    "ordnung",
    "code of conduct",
];

/// Whether a line names a document (`SOFTWARE LICENSE AGREEMENT`,
/// `Allgemeine Geschäftsbedingungen der X GmbH`), unlike a section heading
/// (`§1 SCOPE; FORM`, `Geltungsbereich`).
pub(crate) fn names_document(line: &str) -> bool {
    let lower = line.to_lowercase();
    DOC_NOUNS.iter().any(|n| lower.contains(n))
}

/// The document a text's first sentences name: `These General Terms and
/// Conditions apply …` → `General Terms and Conditions`, `Diese Allgemeinen
/// Geschäftsbedingungen gelten …`, `This Consulting Agreement ("Agreement")`.
/// At least two capitalised words, one of them naming a document.
pub(crate) fn title_from_sentence(text: &str) -> Option<String> {
    const OPENERS: [&str; 6] = ["these", "this", "diese", "dieser", "dieses", "vorliegenden"];
    const JOINERS: [&str; 9] = ["and", "of", "for", "und", "für", "der", "des", "&", "on"];
    let end = floor_boundary(text, 1000);
    let head = text.get(..end)?;
    let b = head.as_bytes();
    // One pass over the bytes for a word starting like an opener; only
    // there are words split off.
    for i in 0..b.len() {
        if !matches!(b[i], b'T' | b't' | b'D' | b'd' | b'V' | b'v')
            || (i > 0 && !b[i - 1].is_ascii_whitespace())
        {
            continue;
        }
        let rest = head.get(i..).unwrap_or("");
        let mut words = rest.split_whitespace();
        let Some(w) = words.next() else {
            continue;
        };
        if !OPENERS.iter().any(|o| w.eq_ignore_ascii_case(o)) {
            continue;
        }
        let mut phrase: Vec<&str> = Vec::new();
        for next in words.take(8) {
            let bare = next.trim_end_matches([',', ';', ':', '.']);
            let capital = bare.chars().next().is_some_and(char::is_uppercase);
            let joiner = JOINERS.contains(&bare) && !phrase.is_empty();
            if !(capital || joiner) || bare.starts_with(['(', '"', '“', '„']) {
                break;
            }
            phrase.push(bare);
            if bare.len() != next.len() {
                break;
            }
        }
        while phrase.last().is_some_and(|l| JOINERS.contains(l)) {
            phrase.pop();
        }
        // `Diese Allgemeinen Geschäftsbedingungen`, `Gegenstand dieser
        // Allgemeinen Verkaufsbedingungen`: after `diese`, `dieser` and
        // `vorliegenden` an adjective in `-en` is inflected for the
        // sentence (a plural or feminine noun); the title is cited in the
        // nominative, `Allgemeine Geschäftsbedingungen`. (After `dieses`
        // the noun is inflected too and the title is left as it reads.)
        let plural = ["diese", "dieser", "vorliegenden"]
            .iter()
            .any(|o| w.eq_ignore_ascii_case(o));
        if let [adj, noun, ..] = phrase.as_mut_slice() {
            if plural
                && names_document(noun)
                && !names_document(adj)
                && (adj.ends_with("en") || adj.ends_with("EN"))
            {
                // Without its `n`, an ASCII letter.
                *adj = &adj[..adj.len() - 1];
            }
        }
        let title = phrase.join(" ");
        if phrase.len() >= 2 && names_document(&title) {
            return Some(title);
        }
    }
    None
}

/// Cue counts of one text, per kind.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Cues {
    privacy: usize,
    imprint: usize,
    terms: usize,
    prices: usize,
}

impl Cues {
    /// Counts cue words and word pairs in one pass over `text` (any case).
    ///
    /// Words are runs of letters, digits and `-`; each is lowercased on its
    /// own into a reused buffer, so the text is never copied whole, and
    /// ASCII (most of any contract) takes a byte path.
    fn scan(text: &str) -> Cues {
        let mut c = Cues::default();
        let (mut prev, mut word) = (String::new(), String::new());
        let mut rest = text;
        while !rest.is_empty() {
            let start = word_start(rest);
            rest = rest.get(start..).unwrap_or("");
            let end = word_end(rest);
            if end == 0 {
                break;
            }
            let w = rest.get(..end).unwrap_or("");
            rest = rest.get(end..).unwrap_or("");
            word.clear();
            if w.is_ascii() {
                word.push_str(w);
                word.make_ascii_lowercase();
            } else {
                word.extend(w.chars().flat_map(char::to_lowercase));
            }
            c.word(&prev, &word);
            std::mem::swap(&mut prev, &mut word);
        }
        c
    }

    /// Counts the cues of word `w` (lowercase) after `prev`. Most words
    /// are no cue: a look at the first letter rules them out before any
    /// comparison.
    fn word(&mut self, prev: &str, w: &str) {
        if matches!(
            prev.as_bytes().first(),
            Some(b'p' | b'd' | b'r' | b'm' | b'v' | b't' | b'h')
        ) {
            match (prev, w) {
                ("personal", "data") | ("data", "protection" | "subject") => self.privacy += 1,
                ("register", "court" | "number")
                | ("managing", "director")
                | ("vat", "id")
                | ("tax", "identification") => self.imprint += 1,
                ("price", "list") | ("hourly", "rate" | "rates") => self.prices += 1,
                _ => {}
            }
        }
        let Some(first) = w.as_bytes().first() else {
            return;
        };
        // (privacy, imprint, terms, prices)
        let (privacy, imprint, terms, prices) = match first {
            b'c' => (
                w == "cookie" || w == "cookies",
                false,
                w == "conditions" || w.starts_with("contract") || w.starts_with("customer"),
                false,
            ),
            b'd' => (
                w == "dsgvo" || w.starts_with("datenschutz"),
                false,
                false,
                false,
            ),
            b'g' => (
                w == "gdpr",
                w.starts_with("geschäftsführ"),
                w == "gtc" || w.starts_with("geschäftsbedingung"),
                false,
            ),
            b'p' => (
                w == "privacy" || w.starts_with("personenbezogen"),
                false,
                false,
                w == "preisliste",
            ),
            b'a' => (false, w == "amtsgericht", w == "agb", false),
            b'h' => (
                false,
                w == "handelsregister" || w == "hrb",
                w == "haftung",
                false,
            ),
            b'i' => (false, w == "impressum", false, false),
            b'r' => (false, w == "registergericht", false, false),
            b'u' => (false, w == "ust-idnr", false, false),
            b'k' => (false, false, w.starts_with("kunde"), false),
            b'l' => (false, false, w == "liability", false),
            b'v' => (
                false,
                false,
                w == "verkäufer" || w.starts_with("vertrag"),
                false,
            ),
            b's' => (
                false,
                false,
                w == "seller",
                w == "stundensatz" || w == "stundensätze",
            ),
            _ => return,
        };
        self.privacy += usize::from(privacy);
        self.imprint += usize::from(imprint);
        self.terms += usize::from(terms);
        self.prices += usize::from(prices);
    }
}

/// A letter, digit or `-`: what cue words are made of.
fn word_char(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '-'
}

/// The byte offset of the first word character of `s` (its length if none).
fn word_start(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() || b == b'-' {
                return i;
            }
            i += 1;
        } else {
            let ch = s.get(i..).and_then(|t| t.chars().next()).unwrap_or(' ');
            if word_char(ch) {
                return i;
            }
            i += ch.len_utf8();
        }
    }
    bytes.len()
}

/// The byte length of the word that starts `s`.
fn word_end(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if !(b.is_ascii_alphanumeric() || b == b'-') {
                return i;
            }
            i += 1;
        } else {
            let ch = s.get(i..).and_then(|t| t.chars().next()).unwrap_or(' ');
            if !word_char(ch) {
                return i;
            }
            i += ch.len_utf8();
        }
    }
    bytes.len()
}

/// True when `line` (any case) holds an imprint cue such as a register
/// court or a managing director.
pub(crate) fn has_imprint_cue(line: &str) -> bool {
    line.len() <= 400 && Cues::scan(line).imprint > 0
}

/// How much of a document's start is read for cues.
const SAMPLE: usize = 16 * 1024;

/// Detects the kind of a document from its title and the start of its text.
/// `statute` documents (Markdown laws) are `Other` unless the title says
/// otherwise; `lines` is the document's length in lines.
pub(crate) fn detect(title: Option<&str>, body: &str, statute: bool, lines: usize) -> DocKind {
    if let Some(kind) = title.and_then(title_kind) {
        return kind;
    }
    if let Some(t) = title {
        let cues = Cues::scan(t);
        if cues.privacy > 0 {
            return DocKind::Privacy;
        }
        if cues.prices > 0 {
            return DocKind::PriceList;
        }
    }
    if statute {
        return DocKind::Other;
    }
    let end = floor_boundary(body, SAMPLE);
    let c = Cues::scan(body.get(..end).unwrap_or(""));
    if c.imprint >= 2 && lines <= 60 {
        return DocKind::Imprint;
    }
    if c.prices > 0 && lines <= 40 && c.prices * 4 >= c.terms {
        return DocKind::PriceList;
    }
    if c.privacy > c.terms && c.privacy >= 2 {
        DocKind::Privacy
    } else if c.terms >= 2 {
        DocKind::Terms
    } else if c.privacy >= 1 {
        DocKind::Privacy
    } else {
        DocKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    /// The cue scan as first written: lowercase the whole text, split it,
    /// and match each word against every cue.
    fn scan_reference(text: &str) -> Cues {
        let lower = text.to_lowercase();
        let mut c = Cues::default();
        let mut prev = "";
        for w in lower
            .split(|ch: char| !word_char(ch))
            .filter(|w| !w.is_empty())
        {
            word_reference(&mut c, prev, w);
            prev = w;
        }
        c
    }

    fn word_reference(c: &mut Cues, prev: &str, w: &str) {
        match (prev, w) {
            ("personal", "data") | ("data", "protection") | ("data", "subject") => c.privacy += 1,
            ("register", "court" | "number") | ("managing", "director") | ("vat", "id") => {
                c.imprint += 1;
            }
            ("tax", "identification") => c.imprint += 1,
            ("price", "list") | ("hourly", "rate" | "rates") => c.prices += 1,
            _ => {}
        }
        match w {
            "gdpr" | "dsgvo" | "privacy" | "cookie" | "cookies" => c.privacy += 1,
            "registergericht" | "handelsregister" | "hrb" | "amtsgericht" | "ust-idnr"
            | "impressum" => c.imprint += 1,
            "gtc" | "agb" | "conditions" | "liability" | "haftung" | "seller" | "verkäufer" => {
                c.terms += 1
            }
            "preisliste" | "stundensatz" | "stundensätze" => c.prices += 1,
            _ if w.starts_with("datenschutz") || w.starts_with("personenbezogen") => c.privacy += 1,
            _ if w.starts_with("geschäftsführ") => c.imprint += 1,
            _ if w.starts_with("geschäftsbedingung")
                || w.starts_with("contract")
                || w.starts_with("vertrag")
                || w.starts_with("customer")
                || w.starts_with("kunde") =>
            {
                c.terms += 1;
            }
            _ => {}
        }
    }

    proptest::proptest! {
        /// The word-at-a-time scan counts what lowercasing the whole text
        /// and splitting it counts.
        #[test]
        fn scan_matches_the_reference(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex("[A-Za-zÄÖÜäöüß0-9 .,;:()§»–-]{0,12}").unwrap(),
                    proptest::sample::select(vec![
                        "Personal Data", "DATENSCHUTZERKLÄRUNG", "Geschäftsführer",
                        "Verkäufer", "VAT ID", "Price List", "Kunden", "GTC", " ", "\n",
                        "data subject", "Data Protection", "register court", "Register Number",
                        "managing director", "tax identification", "hourly rates", "hourly rate",
                        "GDPR", "dsgvo", "Privacy", "cookie", "Cookies", "Registergericht",
                        "Handelsregister", "HRB", "Amtsgericht", "USt-IdNr", "Impressum",
                        "AGB", "Conditions", "liability", "Haftung", "Seller", "Preisliste",
                        "Stundensatz", "Stundensätze", "personenbezogene", "Geschäftsbedingungen",
                        "contracts", "Vertrag", "Customer", "vertragsstrafe",
                    ]).prop_map(String::from),
                ],
                0..40,
            )
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(Cues::scan(&text), scan_reference(&text));
        }
    }

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

    #[test]
    fn titles_from_sentences() {
        let t = |s: &str| title_from_sentence(s);
        for (text, title) in [
            (
                "§1 SCOPE; FORM\n(1) These General Terms and Business Conditions apply to all contracts.",
                "General Terms and Business Conditions",
            ),
            (
                "Diese Allgemeinen Geschäftsbedingungen gelten für alle Bestellungen.",
                "Allgemeine Geschäftsbedingungen",
            ),
            (
                "Die vorliegenden BESONDEREN VERKAUFSBEDINGUNGEN gelten ab sofort.",
                "BESONDERE VERKAUFSBEDINGUNGEN",
            ),
            (
                "Diese Nutzungsbedingungen der Muster GmbH gelten für die Website.",
                "Nutzungsbedingungen der Muster GmbH",
            ),
            (
                "Gegenstand dieser Allgemeinen Verkaufsbedingungen ist der Kauf.",
                "Allgemeine Verkaufsbedingungen",
            ),
            (
                "Exhibit 10.4 CONSULTING AGREEMENT This Consulting Agreement (\"Agreement\") is made",
                "Consulting Agreement",
            ),
        ] {
            assert_eq!(t(text).as_deref(), Some(title), "{text}");
        }
        assert_eq!(t("This Agreement is made between A and B."), None);
        assert_eq!(t("Diese Regelung gilt nicht für Verbraucher."), None);
        assert!(names_document("SOFTWARE LICENSE AGREEMENT"));
        assert!(!names_document("§1 SCOPE; FORM"));
        assert!(!names_document(
            "Tag des Inkrafttretens: 28. August 2017 – Das ist neu »"
        ));
    }

    #[test]
    fn cues() {
        assert!(has_imprint_cue("Register court: Deggendorf Local Court"));
        assert!(has_imprint_cue("Geschäftsführer: Max Muster"));
        assert!(!has_imprint_cue("Gewerbepark Leutzing 5+7"));
        let privacy = "we process personal data under the gdpr and use cookies";
        assert_eq!(detect(None, privacy, false, 10), DocKind::Privacy);
        let terms = "These General Terms and Conditions apply to every contract with the customer.";
        assert_eq!(detect(None, terms, false, 10), DocKind::Terms);
        assert_eq!(detect(Some("Impressum"), "", false, 5), DocKind::Imprint);
        assert_eq!(detect(None, terms, true, 10), DocKind::Other);
    }
}
