//! The page's words in German and English, and which of them a request gets.

/// The page's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ui {
    /// Deutsch.
    De,
    /// English.
    En,
}

impl Ui {
    /// `hl=de|en` when given, else the first of German or English in the
    /// browser's `Accept-Language` (by its q-values), else English.
    pub fn choose(hl: Option<&str>, accept_language: Option<&str>) -> Ui {
        match hl.map(str::trim) {
            Some(h) if h.eq_ignore_ascii_case("de") => return Ui::De,
            Some(h) if h.eq_ignore_ascii_case("en") => return Ui::En,
            _ => {}
        }
        let mut best: Option<(f32, Ui)> = None;
        for part in accept_language.unwrap_or("").split(',').take(32) {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let primary = tag.split('-').next().unwrap_or("");
            let ui = if primary.eq_ignore_ascii_case("de") {
                Ui::De
            } else if primary.eq_ignore_ascii_case("en") {
                Ui::En
            } else {
                continue;
            };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, ui));
            }
        }
        best.map_or(Ui::En, |(_, ui)| ui)
    }

    /// `de` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Ui::De => "de",
            Ui::En => "en",
        }
    }

    /// The other language, for the switch.
    pub fn other(self) -> Ui {
        match self {
            Ui::De => Ui::En,
            Ui::En => Ui::De,
        }
    }

    /// The words.
    pub fn t(self) -> &'static Words {
        match self {
            Ui::De => &DE,
            Ui::En => &EN,
        }
    }
}

/// Every word of the page.
pub struct Words {
    pub search: &'static str,
    pub compare: &'static str,
    pub show: &'static str,
    pub query_label: &'static str,
    pub placeholder: &'static str,
    pub submit: &'static str,
    pub hits: &'static str,
    pub no_hits: &'static str,
    pub expanded: &'static str,
    pub expansions_off: &'static str,
    pub expansions_on: &'static str,
    pub expansions_are_off: &'static str,
    pub vendor: &'static str,
    pub kind: &'static str,
    pub language: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub in_context: &'static str,
    pub also_in: &'static str,
    pub no_clause: &'static str,
    pub relative: &'static str,
    pub clause: &'static str,
    pub export: &'static str,
    pub before: &'static str,
    pub after: &'static str,
    pub lines: &'static str,
    pub source: &'static str,
    pub heading_path: &'static str,
    pub start_of_file: &'static str,
    pub end_of_file: &'static str,
    pub switch_to: &'static str,
    pub error: &'static str,
    pub not_found: &'static str,
    pub facets: &'static str,
    pub results: &'static str,
    pub strong: &'static str,
    pub partial: &'static str,
    pub weak: &'static str,
    pub and_mode: &'static str,
    pub remove_filter: &'static str,
    pub intro: &'static str,
    pub slash_hint: &'static str,
}

/// Deutsch.
pub static DE: Words = Words {
    search: "Suche",
    compare: "Vergleich",
    show: "Klausel",
    query_label: "Suchanfrage",
    placeholder: "z. B. Gerichtsstand, \"Haftung beschränkt\"~5, vendor:actimi",
    submit: "Suchen",
    hits: "Treffer",
    no_hits: "Keine Klausel passt zu dieser Anfrage.",
    expanded: "Erweitert",
    expansions_off: "Erweiterung aus",
    expansions_on: "Erweiterung an",
    expansions_are_off: "Thesaurus-Erweiterung ist aus.",
    vendor: "Anbieter",
    kind: "Dokumentart",
    language: "Sprache",
    copy: "Zitat kopieren",
    copied: "Kopiert",
    in_context: "Im Zusammenhang",
    also_in: "auch in",
    no_clause: "keine Klausel gefunden",
    relative: "relativ",
    clause: "Klausel",
    export: "Exportieren",
    before: "Davor",
    after: "Danach",
    lines: "Zeilen",
    source: "Ganze Datei",
    heading_path: "Gliederung",
    start_of_file: "Anfang der Datei",
    end_of_file: "Ende der Datei",
    switch_to: "English",
    error: "Fehler",
    not_found: "Diese Seite gibt es nicht.",
    facets: "Eingrenzen",
    results: "Ergebnisse",
    strong: "stark",
    partial: "teilweise",
    weak: "schwach",
    and_mode: "Alle Wörter verlangen",
    remove_filter: "Filter entfernen",
    intro: "Durchsucht Verträge, AGB und Datenschutzerklärungen Klausel für Klausel, auf Deutsch und Englisch.",
    slash_hint: "Taste / springt in das Suchfeld.",
};

/// English.
pub static EN: Words = Words {
    search: "Search",
    compare: "Compare",
    show: "Clause",
    query_label: "Query",
    placeholder: "e.g. Gerichtsstand, \"limitation of liability\", vendor:actimi",
    submit: "Search",
    hits: "hits",
    no_hits: "No clause matches this query.",
    expanded: "Expanded",
    expansions_off: "Expansions off",
    expansions_on: "Expansions on",
    expansions_are_off: "Thesaurus expansion is off.",
    vendor: "Vendor",
    kind: "Document kind",
    language: "Language",
    copy: "Copy citation",
    copied: "Copied",
    in_context: "In context",
    also_in: "also in",
    no_clause: "no clause found",
    relative: "relative",
    clause: "Clause",
    export: "Export",
    before: "Before",
    after: "After",
    lines: "lines",
    source: "Whole file",
    heading_path: "Heading path",
    start_of_file: "Start of the file",
    end_of_file: "End of the file",
    switch_to: "Deutsch",
    error: "Error",
    not_found: "There is no such page.",
    facets: "Narrow down",
    results: "Results",
    strong: "strong",
    partial: "partial",
    weak: "weak",
    and_mode: "Require every word",
    remove_filter: "Remove filter",
    intro:
        "Searches contracts, terms and privacy policies clause by clause, in German and English.",
    slash_hint: "Press / to jump to the search box.",
};

#[cfg(test)]
mod tests {
    use super::Ui;

    #[test]
    fn language_from_hl_then_accept_language() {
        let check = |hl: Option<&str>, al: Option<&str>, want: Ui| {
            assert_eq!(Ui::choose(hl, al), want, "hl={hl:?} accept-language={al:?}");
        };
        check(None, None, Ui::En);
        check(None, Some("de-DE,de;q=0.9,en;q=0.8"), Ui::De);
        check(None, Some("en-US,en;q=0.9,de;q=0.8"), Ui::En);
        check(None, Some("fr-FR, de;q=0.5, en;q=0.3"), Ui::De);
        check(None, Some("fr-FR"), Ui::En);
        check(None, Some("en;q=0.2, DE;q=0.7"), Ui::De);
        check(None, Some("de;q=0, en;q=0.1"), Ui::En);
        check(None, Some(";;;,,q=,de;q=x"), Ui::De);
        check(Some("de"), Some("en"), Ui::De);
        check(Some("EN"), Some("de"), Ui::En);
        check(Some("xx"), Some("de"), Ui::De);
    }
}
