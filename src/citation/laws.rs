//! The statutes klausel recognises: canonical key, display abbreviation and the
//! names a text may use for them (German and English, abbreviations and full names).

/// One statute.
pub(crate) struct Law {
    /// Canonical lowercase key used in the index, e.g. `bgb`.
    pub key: &'static str,
    /// How the abbreviation is printed, e.g. `ProdHaftG`.
    pub display: &'static str,
    /// Whether the statute is cited by article (`Art. 6`) rather than by section (`§ 6`).
    pub article: bool,
    /// Abbreviations. They match as written, all lowercase or all uppercase.
    pub abbrevs: &'static [&'static str],
    /// Full names, lowercase. They match in any case, with a German genitive
    /// or plural ending (`-s`, `-es`, `-e`, `-en`, `-n`) allowed.
    pub names: &'static [&'static str],
}

const fn law(
    key: &'static str,
    display: &'static str,
    article: bool,
    abbrevs: &'static [&'static str],
    names: &'static [&'static str],
) -> Law {
    Law {
        key,
        display,
        article,
        abbrevs,
        names,
    }
}

/// The statutes. `TTDSG` is the former name of the `TDDDG` (renamed in 2024 with the
/// same section numbers), so both resolve to `tdddg`.
pub(crate) static LAWS: &[Law] = &[
    law(
        "bgb",
        "BGB",
        false,
        &["BGB"],
        &[
            "bürgerliches gesetzbuch",
            "bürgerlichen gesetzbuch",
            "civil code",
        ],
    ),
    law(
        "hgb",
        "HGB",
        false,
        &["HGB"],
        &["handelsgesetzbuch", "commercial code"],
    ),
    law(
        "dsgvo",
        "DSGVO",
        true,
        &["DSGVO", "DS-GVO", "EU-DSGVO", "GDPR", "EU-GDPR"],
        &[
            "datenschutz-grundverordnung",
            "datenschutzgrundverordnung",
            "datenschutzverordnung",
            "general data protection regulation",
            "data protection regulation",
        ],
    ),
    law(
        "zpo",
        "ZPO",
        false,
        &["ZPO"],
        &["zivilprozessordnung", "code of civil procedure"],
    ),
    law(
        "urhg",
        "UrhG",
        false,
        &["UrhG"],
        &["urheberrechtsgesetz", "copyright act"],
    ),
    law(
        "prodhaftg",
        "ProdHaftG",
        false,
        &["ProdHaftG"],
        &["produkthaftungsgesetz", "product liability act"],
    ),
    law(
        "uwg",
        "UWG",
        false,
        &["UWG"],
        &[
            "gesetz gegen den unlauteren wettbewerb",
            "act against unfair competition",
            "unfair competition act",
        ],
    ),
    law(
        "bdsg",
        "BDSG",
        false,
        &["BDSG"],
        &["bundesdatenschutzgesetz", "federal data protection act"],
    ),
    law(
        "tdddg",
        "TDDDG",
        false,
        &["TDDDG", "TTDSG"],
        &[
            "telekommunikation-digitale-dienste-datenschutz-gesetz",
            "telekommunikation-telemedien-datenschutz-gesetz",
            "telecommunications digital services data protection act",
            "telecommunications telemedia data protection act",
        ],
    ),
    law(
        "tmg",
        "TMG",
        false,
        &["TMG"],
        &["telemediengesetz", "telemedia act"],
    ),
    law("ddg", "DDG", false, &["DDG"], &["digitale-dienste-gesetz"]),
    law("dsa", "DSA", true, &["DSA"], &["digital services act"]),
    law(
        "aktg",
        "AktG",
        false,
        &["AktG"],
        &["aktiengesetz", "stock corporation act"],
    ),
    law(
        "gmbhg",
        "GmbHG",
        false,
        &["GmbHG"],
        &["gmbh-gesetz", "limited liability companies act"],
    ),
    law(
        "mstv",
        "MStV",
        false,
        &["MStV"],
        &[
            "medienstaatsvertrag",
            "interstate media treaty",
            "state media treaty",
        ],
    ),
    law(
        "rstv",
        "RStV",
        false,
        &["RStV"],
        &["rundfunkstaatsvertrag", "interstate broadcasting treaty"],
    ),
    law(
        "jmstv",
        "JMStV",
        false,
        &["JMStV"],
        &["jugendmedienschutz-staatsvertrag"],
    ),
    law(
        "ustg",
        "UStG",
        false,
        &["UStG"],
        &["umsatzsteuergesetz", "value added tax act", "vat act"],
    ),
    law(
        "estg",
        "EStG",
        false,
        &["EStG"],
        &["einkommensteuergesetz", "income tax act"],
    ),
    law(
        "ao",
        "AO",
        false,
        &["AO"],
        &["abgabenordnung", "fiscal code"],
    ),
    law(
        "inso",
        "InsO",
        false,
        &["InsO"],
        &["insolvenzordnung", "insolvency code"],
    ),
    law(
        "agg",
        "AGG",
        false,
        &["AGG"],
        &[
            "allgemeines gleichbehandlungsgesetz",
            "allgemeinen gleichbehandlungsgesetz",
            "general equal treatment act",
        ],
    ),
    law(
        "stgb",
        "StGB",
        false,
        &["StGB"],
        &["strafgesetzbuch", "criminal code"],
    ),
    law(
        "owig",
        "OWiG",
        false,
        &["OWiG"],
        &["ordnungswidrigkeitengesetz", "administrative offences act"],
    ),
    law(
        "egbgb",
        "EGBGB",
        true,
        &["EGBGB"],
        &[
            "einführungsgesetz zum bürgerlichen gesetzbuch",
            "introductory act to the german civil code",
            "introductory act to the civil code",
        ],
    ),
    law(
        "bgb-infov",
        "BGB-InfoV",
        false,
        &["BGB-InfoV"],
        &["bgb-informationspflichten-verordnung"],
    ),
    law(
        "vsbg",
        "VSBG",
        false,
        &["VSBG"],
        &[
            "verbraucherstreitbeilegungsgesetz",
            "consumer dispute resolution act",
        ],
    ),
    law(
        "tkg",
        "TKG",
        false,
        &["TKG"],
        &["telekommunikationsgesetz", "telecommunications act"],
    ),
    law(
        "pangv",
        "PAngV",
        false,
        &["PAngV"],
        &["preisangabenverordnung", "price indication ordinance"],
    ),
    law(
        "elektrog",
        "ElektroG",
        false,
        &["ElektroG"],
        &[
            "elektro- und elektronikgerätegesetz",
            "electrical and electronic equipment act",
        ],
    ),
    law(
        "verpackg",
        "VerpackG",
        false,
        &["VerpackG"],
        &["verpackungsgesetz", "packaging act"],
    ),
    law(
        "battg",
        "BattG",
        false,
        &["BattG"],
        &["batteriegesetz", "batteries act", "battery act"],
    ),
    law(
        "battdg",
        "BattDG",
        false,
        &["BattDG"],
        &["batterierecht-durchführungsgesetz"],
    ),
    law(
        "geschgehg",
        "GeschGehG",
        false,
        &["GeschGehG"],
        &[
            "geschäftsgeheimnisgesetz",
            "gesetz zum schutz von geschäftsgeheimnissen",
            "trade secrets act",
        ],
    ),
    law(
        "markeng",
        "MarkenG",
        false,
        &["MarkenG"],
        &["markengesetz", "trade mark act", "trademark act"],
    ),
    law(
        "patg",
        "PatG",
        false,
        &["PatG"],
        &["patentgesetz", "patent act"],
    ),
    law(
        "gwb",
        "GWB",
        false,
        &["GWB"],
        &[
            "gesetz gegen wettbewerbsbeschränkungen",
            "act against restraints of competition",
        ],
    ),
    law(
        "awg",
        "AWG",
        false,
        &["AWG"],
        &["außenwirtschaftsgesetz", "foreign trade and payments act"],
    ),
    law(
        "awv",
        "AWV",
        false,
        &["AWV"],
        &[
            "außenwirtschaftsverordnung",
            "foreign trade and payments ordinance",
        ],
    ),
    law(
        "vvg",
        "VVG",
        false,
        &["VVG"],
        &["versicherungsvertragsgesetz", "insurance contract act"],
    ),
    law(
        "uklag",
        "UKlaG",
        false,
        &["UKlaG"],
        &["unterlassungsklagengesetz", "injunctions act"],
    ),
    law(
        "kschg",
        "KSchG",
        false,
        &["KSchG"],
        &["kündigungsschutzgesetz", "protection against dismissal act"],
    ),
    law(
        "betrvg",
        "BetrVG",
        false,
        &["BetrVG"],
        &["betriebsverfassungsgesetz", "works constitution act"],
    ),
    law(
        "arbzg",
        "ArbZG",
        false,
        &["ArbZG"],
        &["arbeitszeitgesetz", "working hours act"],
    ),
    law(
        "aueg",
        "AÜG",
        false,
        &["AÜG"],
        &["arbeitnehmerüberlassungsgesetz", "temporary employment act"],
    ),
    law(
        "milog",
        "MiLoG",
        false,
        &["MiLoG"],
        &["mindestlohngesetz", "minimum wage act"],
    ),
    law(
        "nachwg",
        "NachwG",
        false,
        &["NachwG"],
        &["nachweisgesetz", "evidence act"],
    ),
    law(
        "gewo",
        "GewO",
        false,
        &["GewO"],
        &["gewerbeordnung", "trade regulation act"],
    ),
    law(
        "prodsg",
        "ProdSG",
        false,
        &["ProdSG"],
        &["produktsicherheitsgesetz", "product safety act"],
    ),
    law(
        "bfsg",
        "BFSG",
        false,
        &["BFSG"],
        &[
            "barrierefreiheitsstärkungsgesetz",
            "accessibility strengthening act",
        ],
    ),
    law(
        "hwg",
        "HWG",
        false,
        &["HWG"],
        &[
            "heilmittelwerbegesetz",
            "therapeutic products advertising act",
        ],
    ),
    law("sigg", "SigG", false, &["SigG"], &["signaturgesetz"]),
    law("gg", "GG", true, &["GG"], &["grundgesetz", "basic law"]),
    law(
        "cisg",
        "CISG",
        true,
        &["CISG"],
        &[
            "un-kaufrecht",
            "un-kaufrechts",
            "united nations convention on contracts for the international sale of goods",
            "un convention on contracts for the international sale of goods",
        ],
    ),
    law(
        "rom1",
        "Rom I-VO",
        true,
        &["Rom I-VO", "Rom-I-VO"],
        &["rom-i-verordnung", "rom i-verordnung", "rome i regulation"],
    ),
    law(
        "rom2",
        "Rom II-VO",
        true,
        &["Rom II-VO", "Rom-II-VO"],
        &[
            "rom-ii-verordnung",
            "rom ii-verordnung",
            "rome ii regulation",
        ],
    ),
    law(
        "bruessel1a",
        "Brüssel Ia-VO",
        true,
        &["EuGVVO", "Brüssel Ia-VO"],
        &[
            "brüssel-ia-verordnung",
            "brussels ia regulation",
            "brussels i regulation",
        ],
    ),
    law(
        "odr",
        "ODR-VO",
        true,
        &["ODR-VO"],
        &["odr-verordnung", "odr regulation"],
    ),
    law(
        "gpsr",
        "GPSR",
        true,
        &["GPSR"],
        &[
            "general product safety regulation",
            "produktsicherheitsverordnung",
        ],
    ),
    law(
        "eidas",
        "eIDAS",
        true,
        &["eIDAS", "eIDAS-VO"],
        &["eidas-verordnung", "eidas regulation"],
    ),
    law("dma", "DMA", true, &["DMA"], &["digital markets act"]),
    law(
        "aia",
        "KI-VO",
        true,
        &["KI-VO"],
        &["ki-verordnung", "artificial intelligence act"],
    ),
];

/// EU regulations cited by number (`Regulation (EU) 2016/679`) that have a key of their own.
pub(crate) static EU_NUMBERS: &[(&str, &str)] = &[
    ("2016/679", "dsgvo"),
    ("593/2008", "rom1"),
    ("864/2007", "rom2"),
    ("1215/2012", "bruessel1a"),
    ("524/2013", "odr"),
    ("2022/2065", "dsa"),
    ("2022/1925", "dma"),
    ("910/2014", "eidas"),
    ("2023/988", "gpsr"),
    ("2024/1689", "aia"),
];

/// The abbreviations of the federal statutes of gesetze-im-internet.de, one
/// per line after `#` comments, sorted (`tools/federal_laws.py`).
const FEDERAL: &str = include_str!("../../data/federal-laws.txt");

/// [`FEDERAL`]'s abbreviations, read on first use.
fn federal() -> &'static [&'static str] {
    static LIST: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        FEDERAL
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// The key of a federal statute that the table above does not hold, by its
/// abbreviation as written (`GewO`, `StUG`): the abbreviation in lower case
/// (`gewo`), as a statute file named after it is keyed.
pub(crate) fn federal_key(abbrev: &str) -> Option<String> {
    federal()
        .binary_search(&abbrev)
        .ok()
        .map(|_| abbrev.to_lowercase())
}

/// [`federal_key`] in any case (`gewo`, `GEWO`), for queries, where
/// abbreviations are often typed in lower case; text is read as written.
/// A scan of the list, not a table: a query asks once, and building a
/// lower-case copy of 3,909 abbreviations cost a one-shot search more
/// than the scan (most end at the first letter).
pub(crate) fn federal_key_any_case(word: &str) -> Option<String> {
    let key = word.to_lowercase();
    federal()
        .iter()
        .any(|a| a.chars().flat_map(char::to_lowercase).eq(key.chars()))
        .then_some(key)
}

/// The law with the given canonical key.
pub(crate) fn by_key(key: &str) -> Option<&'static Law> {
    LAWS.iter().find(|l| l.key == key)
}

/// Whether `c` may continue a word (so an abbreviation or name must not end before it).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether the text after a match ends the word: end of text, or a character that
/// cannot continue it (a hyphen counts as continuing: `BGB-Gesellschaft` is no citation).
fn at_boundary(rest: &str) -> bool {
    match rest.chars().next() {
        None => true,
        Some(c) => !is_word_char(c) && c != '-',
    }
}

/// One way of writing a law's abbreviation or name, for the matchers below.
struct Spelling {
    law: &'static Law,
    text: String,
    /// Position in [`LAWS`] order: among equally long matches the first wins.
    order: usize,
}

/// Spellings grouped by their first character, so a match at a position
/// tries only the few spellings that can start there. Built once.
struct Spellings {
    abbrevs: rustc_hash::FxHashMap<char, Vec<Spelling>>,
    names: rustc_hash::FxHashMap<char, Vec<Spelling>>,
}

fn spellings() -> &'static Spellings {
    static S: std::sync::OnceLock<Spellings> = std::sync::OnceLock::new();
    S.get_or_init(|| {
        let mut abbrevs: rustc_hash::FxHashMap<char, Vec<Spelling>> = Default::default();
        let mut names: rustc_hash::FxHashMap<char, Vec<Spelling>> = Default::default();
        let mut order = 0;
        for law in LAWS {
            for a in law.abbrevs {
                // As written, all lowercase or all uppercase; a case change
                // that alters the byte length cannot match (it never did).
                let mut forms = vec![a.to_string(), a.to_lowercase(), a.to_uppercase()];
                forms.retain(|f| f.len() == a.len());
                forms.dedup();
                for text in forms {
                    if let Some(c) = text.chars().next() {
                        abbrevs
                            .entry(c)
                            .or_default()
                            .push(Spelling { law, text, order });
                    }
                }
                order += 1;
            }
            for name in law.names {
                if let Some(c) = name.chars().next() {
                    names.entry(c).or_default().push(Spelling {
                        law,
                        text: name.to_string(),
                        order,
                    });
                }
                order += 1;
            }
        }
        Spellings { abbrevs, names }
    })
}

/// Matches an abbreviation at the start of `s` (as written, all lowercase or all
/// uppercase). Returns the law and the byte length matched.
pub(crate) fn match_abbrev(s: &str) -> Option<(&'static Law, usize)> {
    let first = s.chars().next()?;
    let mut best: Option<(&'static Law, usize, usize)> = None;
    for sp in spellings().abbrevs.get(&first).into_iter().flatten() {
        let n = sp.text.len();
        if s.starts_with(sp.text.as_str())
            && at_boundary(&s[n..])
            && best.is_none_or(|(_, m, o)| n > m || (n == m && sp.order < o))
        {
            best = Some((sp.law, n, sp.order));
        }
    }
    best.map(|(law, n, _)| (law, n))
}

/// Matches a full name at the start of `s`, in any case, allowing a short German
/// inflection ending. Returns the law and the byte length matched.
pub(crate) fn match_name(s: &str) -> Option<(&'static Law, usize)> {
    let first = s.chars().next()?;
    let mut lower = first.to_lowercase();
    let folded = match (lower.next(), lower.next()) {
        (Some(l), None) if l != first => Some(l),
        _ => None,
    };
    let table = &spellings().names;
    let candidates = [Some(first), folded]
        .into_iter()
        .flatten()
        .filter_map(|c| table.get(&c))
        .flatten();
    let mut best: Option<(&'static Law, usize, usize)> = None;
    for sp in candidates {
        if let Some(n) = prefix_ci(s, &sp.text) {
            let end = n + inflection(&s[n..]);
            if at_boundary(&s[end..])
                && best.is_none_or(|(_, m, o)| end > m || (end == m && sp.order < o))
            {
                best = Some((sp.law, end, sp.order));
            }
        }
    }
    best.map(|(law, n, _)| (law, n))
}

/// If `s` starts with `lower` ignoring case, the byte length of that prefix in `s`.
pub(crate) fn prefix_ci(s: &str, lower: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    for want in lower.chars() {
        let (_, c) = chars.next()?;
        let same = c == want
            || if c.is_ascii() {
                c.to_ascii_lowercase() == want
            } else {
                c.to_lowercase().eq(std::iter::once(want))
            };
        if !same {
            return None;
        }
    }
    Some(chars.next().map_or(s.len(), |(i, _)| i))
}

/// The byte length of a German genitive or plural ending at the start of `s`.
fn inflection(s: &str) -> usize {
    for end in ["es", "en", "s", "e", "n"] {
        if s.starts_with(end) && at_boundary(&s[end.len()..]) {
            return end.len();
        }
    }
    0
}

/// Resolves a statute name or abbreviation as a whole (`GDPR`, `Bürgerliches
/// Gesetzbuch`, `ttdsg`) to its canonical key.
pub fn law_key(name: &str) -> Option<&'static str> {
    let name = name.trim();
    if let Some((law, n)) = match_abbrev(name) {
        if n == name.len() {
            return Some(law.key);
        }
    }
    if let Some((law, n)) = match_name(name) {
        if n == name.len() {
            return Some(law.key);
        }
    }
    LAWS.iter()
        .find(|l| l.key.eq_ignore_ascii_case(name))
        .map(|l| l.key)
}

#[cfg(test)]
mod federal_tests {
    use super::*;

    /// The list is sorted (binary search), each entry an abbreviation's
    /// shape.
    #[test]
    fn the_federal_list_is_sorted_and_shaped() {
        let list = federal();
        assert!(list.len() > 3000, "{}", list.len());
        assert!(list.windows(2).all(|w| w[0] < w[1]));
        for a in list {
            assert!(crate::citation::statute_abbreviation(a), "{a}");
        }
        assert_eq!(federal_key("GewO").as_deref(), Some("gewo"));
        assert_eq!(federal_key("gewo"), None);
        assert_eq!(federal_key("Gewerbeordnung"), None);
        for any_case in ["StUG", "stug", "STUG", "sTuG"] {
            assert_eq!(federal_key_any_case(any_case).as_deref(), Some("stug"));
        }
        assert_eq!(federal_key_any_case("AAÜG").as_deref(), Some("aaüg"));
        assert_eq!(federal_key_any_case("aaüg").as_deref(), Some("aaüg"));
        assert_eq!(federal_key_any_case("Haftung"), None);
        assert_eq!(federal_key_any_case("stu"), None);
        assert_eq!(federal_key_any_case(""), None);
    }
}
