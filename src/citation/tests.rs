use super::*;

/// Checks the most specific keys of every norm extracted from `text`.
#[track_caller]
fn check(text: &str, expected: &[&str]) {
    let got: Vec<String> = extract(text).iter().map(Norm::key).collect();
    assert_eq!(got, expected, "text: {text:?}");
}

#[test]
fn issue_forms() {
    check("§ 321 BGB", &["bgb 321"]);
    check("Section 321 BGB", &["bgb 321"]);
    check(
        "Section 321 of the German Civil Code (BGB), EMIND shall",
        &["bgb 321"],
    );
    check(
        "§ Section 321 BGB and Section 112 InsO remain unaffected.",
        &["bgb 321", "inso 112"],
    );
    check(
        "§§ 366 para. 2 and 367 BGB. If the customer",
        &["bgb 366 abs2", "bgb 367"],
    );
    check("Art. 6 (1) point f GDPR", &["dsgvo 6 abs1 litf"]);
    check("Art. 6 Abs. 1 lit. f DSGVO", &["dsgvo 6 abs1 litf"]);
    check(
        "§ 536 a para. 1 1st alt. BGB is excluded.",
        &["bgb 536a abs1"],
    );
    check("Section 634a Para. 1 No. 2 BGB", &["bgb 634a abs1 nr2"]);
}

/// A chain ends at a sentence's end before a numbered designator and at a
/// blank line after its separator (the WasserstoffBG's wording); an
/// ordinal designator on one line is still read (`1. Halbsatz`).
#[test]
fn a_chain_ends_at_a_sentence_or_a_paragraph() {
    check(
        "nach § 2 Absatz 1 Nummer 13 und 14 BGB. Satz 1 ist anzuwenden",
        &["bgb 2 abs1 nr13", "bgb 2 abs1 nr14"],
    );
    check(
        "§ 2 Absatz 1 Nummer 13 und 14 BGB und\n\n2. einer Anlage nach § 5 BGB",
        &["bgb 2 abs1 nr13", "bgb 2 abs1 nr14", "bgb 5"],
    );
    let own = Own {
        law: "hgb",
        section: Some("9"),
        article: false,
    };
    let keys =
        |t: &str| -> Vec<String> { extract_in(t, Some(own)).iter().map(Norm::key).collect() };
    assert_eq!(
        keys("nach § 2 Absatz 1 Nummer 13 und 14.\n\nSatz 1 ist auch anzuwenden"),
        ["hgb 2 abs1 nr13", "hgb 2 abs1 nr14"]
    );
    assert_eq!(
        keys("nach § 2 Absatz 1 Nummer 13 und 14 und\n\n2. einer Anlage"),
        ["hgb 2 abs1 nr13", "hgb 2 abs1 nr14"]
    );
    check(
        "§ 5 Abs. 1 Satz 2, 1. Halbsatz BGB",
        &["bgb 5 abs1 satz2", "bgb 5 abs1 satz2 hs1"],
    );
}

/// A sibling of a higher level than the part before it leaves that part:
/// `Nr. 3 und Absatz 1` names paragraph 1 of the section, and `Satz 2`
/// after `Abs. 1 Nr. 3` the second sentence of paragraph 1.
#[test]
fn a_sibling_of_a_higher_level_drops_the_lower_parts() {
    check("§ 7 Nr. 3 und Absatz 1 KWG", &["kwg 7 nr3", "kwg 7 abs1"]);
    check(
        "§ 5 Abs. 1 Nr. 3 und Satz 2 BGB",
        &["bgb 5 abs1 nr3", "bgb 5 abs1 satz2"],
    );
    check(
        "§ 3 Satz 2 oder Absatz 3 HGB",
        &["hgb 3 satz2", "hgb 3 abs3"],
    );
    // Lower levels and repeated kinds as before.
    check(
        "§ 5 Abs. 1 Satz 2 und Nr. 3 BGB",
        &["bgb 5 abs1 satz2", "bgb 5 abs1 satz2 nr3"],
    );
    check(
        "Art. 6 Abs. 1 lit. f und Abs. 4 DSGVO",
        &["dsgvo 6 abs1 litf", "dsgvo 6 abs4"],
    );
    // A half-sentence is the half of what it follows (the AWV's own
    // wording).
    check(
        "§ 56 Absatz 4 Satz 1 Nummer 2, 1. Halbsatz und Satz 2 AWV",
        &[
            "awv 56 abs4 satz1 nr2",
            "awv 56 abs4 satz1 nr2 hs1",
            "awv 56 abs4 satz2",
        ],
    );
}

#[test]
fn sample_corpus_forms() {
    check("Sections 195, 199 BGB) would lead", &["bgb 195", "bgb 199"]);
    check(
        "§§ 126, 126b, 127 BGB.",
        &["bgb 126", "bgb 126b", "bgb 127"],
    );
    check("§ 14 BGB), a legal entity", &["bgb 14"]);
    check(
        "Section 14 of the German Civil Code (BGB) i.e. natural persons",
        &["bgb 14"],
    );
    check("Art. 15 GDPR", &["dsgvo 15"]);
    check("Art. 24 (1) GDPR (EC DS-GVO) is:", &["dsgvo 24 abs1"]);
    check("§ 18 para. 2 MStV: Rigobert Kühn", &["mstv 18 abs2"]);
    check("§§ 15 ff. AktG).", &["aktg 15"]);
    check("§ 1 HGB (German Commercial Code), he is", &["hgb 1"]);
    check("§§ 521, 599 BGB. Liability", &["bgb 521", "bgb 599"]);
    check("§ 69e Copyright Act remains unaffected.", &["urhg 69e"]);
    check(
        "§ 648 BGB (if § 648 BGB would be applicable at all)",
        &["bgb 648"],
    );
    check("§ 353 HGB) remains unaffected", &["hgb 353"]);
    check(
        "§ 305b BGB - Preference of individual agreements",
        &["bgb 305b"],
    );
    check(
        "§ 273 of the German Civil Code (BGB) or § 369 of the German Commercial Code (HGB)",
        &["bgb 273", "hgb 369"],
    );
    check("§ 276 BGB (German Civil Code), claims", &["bgb 276"]);
    check("§ 127 Para. 2 BGB (the declaration", &["bgb 127 abs2"]);
    check(
        "Sections 377, 381 German Commercial Code). If",
        &["hgb 377", "hgb 381"],
    );
    check(
        "Sections 305 to 310 BGB, this shall",
        &[
            "bgb 305", "bgb 306", "bgb 307", "bgb 308", "bgb 309", "bgb 310",
        ],
    );
    check(
        "Section 438 Para. 1 No. 1 and 2, Section 445b and Section 634a Para. 1 No. 2 BGB",
        &[
            "bgb 438 abs1 nr1",
            "bgb 438 abs1 nr2",
            "bgb 445b",
            "bgb 634a abs1 nr2",
        ],
    );
    check("Section 352 HGB [German Commercial Code].", &["hgb 352"]);
    check("Section 346 (1) BGB. Other", &["bgb 346 abs1"]);
    check(
        "Art. 6 para. 1 letter a GDPR. Without",
        &["dsgvo 6 abs1 lita"],
    );
    check("Art. 7 (3) GDPR", &["dsgvo 7 abs3"]);
    check(
        "Art. 14 (1) (b) Regulation (EC) No 864/2007 and shall",
        &["rom2 14 abs1 litb"],
    );
    check("§ 377 HGB. If the customer", &["hgb 377"]);
}

#[test]
fn german_forms() {
    check(
        "Art. 6 Abs. 1 S. 1 lit. f DSGVO",
        &["dsgvo 6 abs1 satz1 litf"],
    );
    check("§ 312g Abs. 2 Nr. 1 BGB besteht", &["bgb 312g abs2 nr1"]);
    check("§ 312 b Absatz 3 Nr. 6 BGB besteht", &["bgb 312b abs3 nr6"]);
    check("§§ 437 ff. BGB. Insbesondere", &["bgb 437"]);
    check("§§ 145 ff BGB dar", &["bgb 145"]);
    check("§ 445a f. BGB", &["bgb 445a"]);
    check("§ 446 S. 1 BGB) oder", &["bgb 446 satz1"]);
    check(
        "§ 280 Abs. 1 i.V.m. § 241 Abs. 2 BGB",
        &["bgb 280 abs1", "bgb 241 abs2"],
    );
    check(
        "Art. 6 Abs. 1 lit. b DSGVO i.V.m. § 26 BDSG",
        &["dsgvo 6 abs1 litb", "bdsg 26"],
    );
    check("§ 307 I 1 BGB", &["bgb 307 abs1 satz1"]);
    check("§ 307 Abs. 1 und 2 BGB", &["bgb 307 abs1", "bgb 307 abs2"]);
    check(
        "§ 4 Abs. 1 und 2 des Produkthaftungsgesetzes",
        &["prodhaftg 4 abs1", "prodhaftg 4 abs2"],
    );
    check("§ 309 Nr. 7 Buchst. a BGB", &["bgb 309 nr7 lita"]);
    check("Art. 12-14 DSGVO", &["dsgvo 12", "dsgvo 13", "dsgvo 14"]);
    check(
        "Artikel 14 bis 16 der Europäischen Datenschutzverordnung (DSGVO)",
        &["dsgvo 14", "dsgvo 15", "dsgvo 16"],
    );
    check("Art. 14 Abs. 1 ODR-Verordnung", &["odr 14 abs1"]);
    check("§ 36 VSBG", &["vsbg 36"]);
    check("§ 14 UStG ausstellen", &["ustg 14"]);
    check("§ 273, 320 BGB, es sei denn", &["bgb 273", "bgb 320"]);
    check("nach § 13 des Bürgerlichen Gesetzbuches", &["bgb 13"]);
    check("gemäß § 25 TTDSG", &["tdddg 25"]);
    check("§ 5 TMG und § 18 Abs. 2 MStV", &["tmg 5", "mstv 18 abs2"]);
    check("BGB § 307", &["bgb 307"]);
    check(
        "Art. 6 Abs. 1 lit. a, b und c DSGVO",
        &[
            "dsgvo 6 abs1 lita",
            "dsgvo 6 abs1 litb",
            "dsgvo 6 abs1 litc",
        ],
    );
    check(
        "§ 312 Abs. 1 S. 2 2. Halbsatz BGB",
        &["bgb 312 abs1 satz2 hs2"],
    );
}

#[test]
fn english_forms() {
    check("Article 6(1)(f) GDPR", &["dsgvo 6 abs1 litf"]);
    check(
        "Article 6(1)(b) and (c) of the GDPR",
        &["dsgvo 6 abs1 litb", "dsgvo 6 abs1 litc"],
    );
    check(
        "Articles 15 to 17 GDPR",
        &["dsgvo 15", "dsgvo 16", "dsgvo 17"],
    );
    check("Art. 4 point 7 GDPR", &["dsgvo 4 nr7"]);
    check("Article 28 of Regulation (EU) 2016/679", &["dsgvo 28"]);
    check(
        "Section 823 para. 1 sentence 2 German Civil Code",
        &["bgb 823 abs1 satz2"],
    );
    check("Section 5 of the Product Liability Act", &["prodhaftg 5"]);
    check("Sec. 288 BGB", &["bgb 288"]);
    check(
        "Art. 21 (1) and (2) GDPR",
        &["dsgvo 21 abs1", "dsgvo 21 abs2"],
    );
}

#[test]
fn internal_and_non_references() {
    check("Subject to § 6, the customer may assign", &[]);
    check("this §12 shall apply additionally", &[]);
    check("§§ 9 and 10 of these Terms and Conditions", &[]);
    check("§ 11 GTC. Otherwise", &[]);
    check("§ 23 Final Provisions", &[]);
    check("§ 9.1 und 9.2 gilt auch", &[]);
    check("Artikel 4: Bestellung", &[]);
    check("state of the art. 5 units", &[]);
    check("Section 14 a natural person", &[]);
    check("Art. 6 (1) point a GPPR. When", &[]);
    check(
        "Artikel L221-28 des französischen Verbrauchergesetzbuches",
        &[],
    );
    check(
        "Artikel 1641 bis 1648 des französischen Bürgerlichen Gesetzbuches",
        &[],
    );
    check("§ 10 dieser AGB", &[]);
    check("", &[]);
}

#[test]
fn keys_are_prefixes_and_subsets() {
    let n = &extract("Art. 6 (1) point f GDPR")[0];
    assert_eq!(
        n.keys(),
        [
            "dsgvo 6",
            "dsgvo 6 abs1",
            "dsgvo 6 litf",
            "dsgvo 6 abs1 litf"
        ]
    );
    assert_eq!(n.ancestors(), ["dsgvo 6", "dsgvo 6 abs1"]);
    assert_eq!(Norm::from_key(&n.key()).as_ref(), Some(n));
    assert_eq!(Norm::from_key("bgb"), None);
    let same = &extract("Art. 6 Abs. 1 lit. f DSGVO")[0];
    assert_eq!(n, same);
    // A query for the article alone is contained in the specific reference.
    let q = parse_query("Art. 6 DSGVO").unwrap_or_default();
    assert_eq!(q.len(), 1);
    assert!(q.iter().all(|q| n.keys().contains(&q.key())));
    // § 5 Abs. 2 and § 5 Nr. 2 do not collide.
    let abs = extract("§ 5 Abs. 2 UWG");
    let nr = extract("§ 5 Nr. 2 UWG");
    assert_ne!(abs[0].key(), nr[0].key());
}

#[test]
fn display_is_german_form() {
    let shown: Vec<String> = extract("Art. 6 (1) point f GDPR and § 536 a para. 1 BGB")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(shown, ["Art. 6 Abs. 1 lit. f DSGVO", "§ 536a Abs. 1 BGB"]);
}

#[test]
fn find_spans_cover_the_chain() {
    let text = "pursuant to Section 14 of the German Civil Code (BGB) i.e.";
    let found = find(text);
    assert_eq!(found.len(), 1);
    assert_eq!(
        &text[found[0].start..found[0].end],
        "Section 14 of the German Civil Code"
    );
}

#[track_caller]
fn check_query(query: &str, expected: Option<&[&str]>) {
    let got = parse_query(query).map(|ns| ns.iter().map(Norm::key).collect::<Vec<_>>());
    let expected = expected.map(|e| e.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    assert_eq!(got, expected, "query: {query:?}");
}

#[test]
fn queries() {
    check_query("§ 307 BGB", Some(&["bgb 307"]));
    check_query("Art. 17 DSGVO", Some(&["dsgvo 17"]));
    check_query("§ 648 BGB", Some(&["bgb 648"]));
    check_query("bgb 305", Some(&["bgb 305"]));
    check_query("GDPR 6", Some(&["dsgvo 6"]));
    check_query("§ 305 BGB i.V.m. § 307 BGB", Some(&["bgb 305", "bgb 307"]));
    check_query(
        "  Art. 6 Abs. 1 lit. f DSGVO ",
        Some(&["dsgvo 6 abs1 litf"]),
    );
    check_query("§ 14 BGB Unternehmer", None);
    check_query("Gerichtsstand", None);
    check_query("haftung 305", None);
    check_query("§ 23", None);
    check_query("", None);
}

#[test]
fn law_names_resolve() {
    let cases = [
        ("GDPR", Some("dsgvo")),
        ("DS-GVO", Some("dsgvo")),
        ("ttdsg", Some("tdddg")),
        ("Bürgerliches Gesetzbuch", Some("bgb")),
        ("German Commercial Code", None),
        ("Commercial Code", Some("hgb")),
        ("Produkthaftungsgesetz", Some("prodhaftg")),
        ("haftung", None),
    ];
    for (name, key) in cases {
        assert_eq!(law_key(name), key, "{name}");
    }
}

/// Checks the most specific keys of the norms of `text` in the statute
/// `law`, in its section `section`.
#[track_caller]
fn check_in(law: &str, section: Option<&str>, text: &str, expected: &[&str]) {
    let own = Own {
        law,
        section,
        article: false,
    };
    let got: Vec<String> = extract_in(text, Some(own)).iter().map(Norm::key).collect();
    assert_eq!(got, expected, "{law} {section:?}: {text:?}");
}

#[test]
fn in_a_statute_references_without_a_law_cite_it() {
    let text = "Die Vorschriften des § 307 Abs. 1 und 2 finden Anwendung.";
    check_in("bgb", None, text, &["bgb 307 abs1", "bgb 307 abs2"]);
    // Outside a statute nothing changes: a bare `§` is the document's own.
    check(text, &[]);
    assert_eq!(extract_in(text, None), extract(text));
    // BGB § 310 (1).
    check_in(
        "bgb",
        Some("310"),
        "(1) § 305 Absatz 2 und 3, § 308 Nummer 1, 2 bis 9 und § 309 finden keine Anwendung \
         auf Allgemeine Geschäftsbedingungen, die gegenüber einem Unternehmer verwendet werden.",
        &[
            "bgb 305 abs2",
            "bgb 305 abs3",
            "bgb 308 nr1",
            "bgb 308 nr2",
            "bgb 308 nr3",
            "bgb 308 nr4",
            "bgb 308 nr5",
            "bgb 308 nr6",
            "bgb 308 nr7",
            "bgb 308 nr8",
            "bgb 308 nr9",
            "bgb 309",
        ],
    );
    // BGB § 280 (3): each reference with its own trigger.
    check_in(
        "bgb",
        Some("280"),
        "(3) Schadensersatz statt der Leistung kann der Gläubiger nur unter den zusätzlichen \
         Voraussetzungen des § 281, des § 282 oder des § 283 verlangen.",
        &["bgb 281", "bgb 282", "bgb 283"],
    );
    // BGB § 476 (3): a range.
    check_in(
        "bgb",
        Some("476"),
        "(3) Die Absätze 1 und 2 gelten unbeschadet der §§ 307 bis 309 nicht für den \
         Ausschluss oder die Beschränkung des Anspruchs auf Schadensersatz.",
        &[
            "bgb 476 abs1",
            "bgb 476 abs2",
            "bgb 307",
            "bgb 308",
            "bgb 309",
        ],
    );
}

#[test]
fn in_a_statute_a_named_law_is_kept() {
    // HGB § 75 (3): the BGB is named; `Absatz 1` is the HGB's § 75 (1).
    check_in(
        "hgb",
        Some("75"),
        "(3) Löst der Prinzipal das Dienstverhältnis gemäß § 626 des Bürgerlichen \
         Gesetzbuchs wegen vertragswidrigen Verhaltens des Gehilfen auf, so gilt Absatz 1 \
         entsprechend.",
        &["bgb 626", "hgb 75 abs1"],
    );
    check_in("hgb", None, "§ 307 BGB", &["bgb 307"]);
    check_in("hgb", None, "BGB § 307 Abs. 2", &["bgb 307 abs2"]);
    // HGB § 340i (4): another law by a name klausel does not know is
    // none of the HGB's.
    check_in(
        "hgb",
        Some("340i"),
        "3. An Stelle des § 285 Nr. 9 Buchstabe c gilt § 34 Abs. 2 Nr. 2 der \
         Kreditinstituts-Rechnungslegungsverordnung in der Fassung der Bekanntmachung \
         vom 11. Dezember 1998 (BGBl. I S. 3658) in der jeweils geltenden Fassung.",
        &["hgb 285 nr9 litc"],
    );
    // Unknown abbreviations and instruments.
    check_in("bgb", None, "nach § 5 NeuG und § 6 des Gesetzes über", &[]);
    // A federal statute of the list names its own law.
    check_in("bgb", None, "nach § 5 KWG", &["kwg 5"]);
    check_in("bgb", None, "Artikel 2 der Richtlinie 2011/83/EU", &[]);
    check_in(
        "bgb",
        None,
        "(+++ § 310: Zur Anwendung vgl. § 34 BGBEG +++)",
        &["bgb 310", "bgbeg 34"],
    );
    // `dieses Gesetzes` is the statute; `dieses Vertrags` another (GG Art.
    // 143 (3), of the Einigungsvertrag).
    check_in(
        "bgb",
        None,
        "die §§ 306 und 307 bis 309 dieses Gesetzes",
        &["bgb 306", "bgb 307", "bgb 308", "bgb 309"],
    );
    check_in(
        "gg",
        Some("143"),
        "(3) Unabhängig von Absatz 1 und 2 haben Artikel 41 des Einigungsvertrags und \
         Regelungen zu seiner Durchführung auch insoweit Bestand, als sie vorsehen, daß \
         Eingriffe in das Eigentum auf dem in Artikel 3 dieses Vertrags genannten Gebiet nicht \
         mehr rückgängig gemacht werden.",
        &["gg 143 abs1", "gg 143 abs2"],
    );
    // Dotted numbers are no sections of a statute.
    check_in("bgb", None, "nach § 9.1", &[]);
}

#[test]
fn in_a_statute_only_its_kind_of_reference_is_its_own() {
    // The GG is cited by article: its `§` references are not its own.
    check_in(
        "gg",
        Some("3"),
        "Artikel 3 Abs. 1 gilt; § 5 bleibt.",
        &["gg 3 abs1"],
    );
    // An amendment note in the BGB: `Art.` is not a BGB article, and in
    // the GG a single capital (`G`, a Gesetz) names another law.
    let note = "vgl. Art. 1 Nr. 27 G v. 24.9.2009 I 3142";
    check_in("bgb", None, note, &[]);
    check_in("gg", None, note, &[]);
    // A key klausel does not know is a statute's file abbreviation
    // (`stug`): its references are its own, as a known law's.
    check_in(
        "xyz",
        Some("1"),
        "nach § 5 und Absatz 2",
        &["xyz 5", "xyz 5 abs2"],
    );
}

#[test]
fn in_a_statute_a_lone_paragraph_is_of_its_own_section() {
    // BGB § 307 (3).
    check_in(
        "bgb",
        Some("307"),
        "(3) Die Absätze 1 und 2 sowie die §§ 308 und 309 gelten nur für Bestimmungen in \
         Allgemeinen Geschäftsbedingungen. Andere Bestimmungen können nach Absatz 1 Satz 2 \
         in Verbindung mit Absatz 1 Satz 1 unwirksam sein.",
        &[
            "bgb 307 abs1",
            "bgb 307 abs2",
            "bgb 308",
            "bgb 309",
            "bgb 307 abs1 satz2",
            "bgb 307 abs1 satz1",
        ],
    );
    check_in(
        "bgb",
        Some("306"),
        "unter Berücksichtigung der nach Absatz 2 vorgesehenen",
        &["bgb 306 abs2"],
    );
    check_in(
        "bgb",
        Some("536a"),
        "Absatz 1 gilt entsprechend.",
        &["bgb 536a abs1"],
    );
    check_in(
        "bgb",
        Some("536a"),
        "(2) Absatz 1 gilt. Abs. 3 bleibt",
        &["bgb 536a abs1", "bgb 536a abs3"],
    );
    check_in(
        "bgb",
        Some("5"),
        "die Voraussetzungen des Absatzes 1",
        &["bgb 5 abs1"],
    );
    // Not safely the own section's: another's paragraph, or after a number.
    check_in("bgb", Some("5"), "nach Absatz 2 des § 7", &["bgb 7"]);
    check_in("bgb", Some("5"), "Absatz 1 der Richtlinie", &[]);
    check_in("bgb", Some("5"), "nach Absatz 1 BGB", &[]);
    check_in("bgb", Some("5"), "Nr. 3 Absatz 1", &[]);
    check_in("bgb", Some("5"), "§ 7 Nr. 3 und Absatz 1 NeuG", &[]);
    check_in("bgb", Some("5"), "Anlage 2 Absatz 1", &[]);
    // Without a section, or with one that is no plain number: nothing.
    check_in("bgb", None, "nach Absatz 2", &[]);
    check_in("bgb", Some("3 bis 6"), "nach Absatz 2", &[]);
    // Outside a statute: nothing.
    assert_eq!(extract("nach Absatz 2"), vec![]);
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn extract_never_panics(s in "\\PC{0,200}") {
            for n in extract(&s) {
                prop_assert!(!n.law.is_empty());
                prop_assert!(!n.number.is_empty());
                prop_assert!(n.keys().iter().all(|k| !k.is_empty()));
            }
        }

        #[test]
        fn extract_in_never_panics_and_without_a_law_is_extract(
            s in "(§|§§|Art\\.|Artikel|Absatz|Absätze|Abs\\.|Satz|Nr\\.|des|der|Gesetzes|\\(1\\)|[0-9]{1,4}|[a-z]|I|BGB|EStG|G|HGB|und|bis|, |\\. |: |-| |ä){0,30}",
            section in proptest::option::of("[0-9]{1,3}[a-z]?|[a-zä ]{0,4}"),
        ) {
            prop_assert_eq!(extract_in(&s, None), extract(&s));
            let own = Own { law: "hgb", section: section.as_deref(), article: false };
            for f in find_in(&s, Some(own)) {
                prop_assert!(f.start <= f.end && f.end <= s.len());
                prop_assert!(s.is_char_boundary(f.start) && s.is_char_boundary(f.end));
            }
            // The statute's own references are added; those of other laws
            // are those of `extract`.
            let within = extract_in(&s, Some(own));
            let others: Vec<&Norm> = within.iter().filter(|n| n.law != "hgb").collect();
            let plain = extract(&s);
            let plain: Vec<&Norm> = plain.iter().filter(|n| n.law != "hgb").collect();
            prop_assert_eq!(others, plain);
            for n in &within {
                prop_assert!(!n.number.is_empty());
                prop_assert!(n.keys().iter().all(|k| !k.is_empty()));
            }
        }

        /// An unknown statute (`NeuG`, `Xy`): its own references as a
        /// known law's, by section or by article, and a query naming it.
        #[test]
        fn unknown_statutes_never_panic(
            s in "(§|§§|Art\\.|Artikel|Absatz|Abs\\.|Satz|Nr\\.|des|NeuG|NeuG-Novelle|StUG|Xy|GewO|BGB|und|bis|, |\\. |-| |ä|[0-9]{1,4}|[a-z]){0,30}",
            article in proptest::bool::ANY,
        ) {
            let own = Own { law: "neug", section: Some("5"), article };
            for f in find_in(&s, Some(own)) {
                prop_assert!(f.start <= f.end && f.end <= s.len());
                prop_assert!(s.is_char_boundary(f.start) && s.is_char_boundary(f.end));
            }
            for n in extract_in(&s, Some(own)) {
                prop_assert!(!n.number.is_empty() && !n.law.is_empty());
            }
            let statute = |k: &str| k == "neug" || k == "xy";
            if let Some(norms) = parse_query_with(&s, &statute) {
                prop_assert!(norms.iter().all(|n| !n.law.is_empty()));
            }
            // Without an index that holds a statute, as before.
            prop_assert_eq!(parse_query_with(&s, &|_| false), parse_query(&s));
        }

        /// The query path skips the trigger regex where `may_trigger` is
        /// false: it must be true wherever the regex matches.
        #[test]
        fn may_trigger_holds_wherever_a_trigger_matches(
            s in "(§|Art|ART|art|Artikel|Articles|ARTICLE|Sec|SECTIONS|sections|Paragraph|Paragrafen|pArt|ar|se|pa|[a-zA-Z]|ä|Ä| |\\.|[0-9]){0,12}"
        ) {
            if scan::trigger_regex().is_match(&s) {
                prop_assert!(scan::may_trigger(&s), "{:?}", s);
            }
            if !may_cite(&s) {
                prop_assert!(find(&s).is_empty() && parse_query(&s).is_none_or(|n| n.len() == 1));
            }
        }

        #[test]
        fn extract_never_panics_on_citation_soup(
            s in "(§|§§|Art\\.|Section|Abs\\.|para\\.|\\(1\\)|\\(f\\)|lit\\.|No\\.|[0-9]{1,4}|[a-z]|I|IV|BGB|GDPR|of the|and|, |-|ff\\.| |ä|\\)){0,30}"
        ) {
            for f in find(&s) {
                prop_assert!(f.start <= f.end && f.end <= s.len());
                prop_assert!(s.is_char_boundary(f.start) && s.is_char_boundary(f.end));
                for n in &f.norms {
                    prop_assert!(n.keys().iter().all(|k| !k.is_empty()));
                }
            }
        }
    }
}

#[test]
fn after_a_plural_a_bare_number_continues_the_subdivision() {
    // BGB § 310 (1): "1a und 1b" are numbers of § 308, not sections.
    check(
        "die §§ 307 und 308 Nummer 1a und 1b BGB",
        &["bgb 307", "bgb 308 nr1a", "bgb 308 nr1b"],
    );
    check(
        "§§ 11 und 13 Abs. 3 und 4 BGB",
        &["bgb 11", "bgb 13 abs3", "bgb 13 abs4"],
    );
    // A larger number names the next section, with its own subdivision.
    check(
        "§§ 22, 24 Absatz 1 oder 25 Absatz 3 BGB",
        &["bgb 22", "bgb 24 abs1", "bgb 25 abs3"],
    );
    // With one section named so far, `§§` still needs a second one.
    check("§§ 366 para. 2 and 367 BGB", &["bgb 366 abs2", "bgb 367"]);
    check("§§ 5 Abs. 1 und 3 HGB", &["hgb 5 abs1", "hgb 3"]);
}

#[test]
fn a_query_may_cite_a_statute_the_index_holds() {
    let keys = |q: &str, statute: &dyn Fn(&str) -> bool| -> Option<Vec<String>> {
        parse_query_with(q, statute).map(|n| n.iter().map(Norm::key).collect())
    };
    // `NeuG`: a statute newer than the federal list.
    let neug = |k: &str| k == "neug";
    assert_eq!(
        keys("§ 42a NeuG", &neug),
        Some(vec!["neug 42a".to_string()])
    );
    assert_eq!(
        keys("§§ 1, 2 Abs. 3 NeuG", &neug),
        Some(vec!["neug 1".to_string(), "neug 2 abs3".to_string()])
    );
    assert_eq!(keys("NeuG 42a", &neug), Some(vec!["neug 42a".to_string()]));
    // Known laws as before; unknown ones only when the index holds them.
    assert_eq!(keys("§ 307 BGB", &neug), Some(vec!["bgb 307".to_string()]));
    assert_eq!(keys("§ 5 NDA", &neug), None);
    assert_eq!(keys("§ 42a NeuG", &|_| false), None);
    assert_eq!(parse_query("§ 42a NeuG"), None);
    // Not an abbreviation's shape, or a compound of it: no citation.
    assert_eq!(keys("§ 5 Gesetz", &|_| true), None);
    assert_eq!(keys("§ 5 NeuG-Novelle", &neug), None);
    // Text never cites an unknown abbreviation: extraction has no index.
    assert_eq!(extract("nach § 42a NeuG"), vec![]);
    // A federal statute of the list needs no index, in a query or in text.
    assert_eq!(
        keys("§ 42a StUG", &|_| false),
        Some(vec!["stug 42a".to_string()])
    );
    let cited: Vec<String> = extract("nach § 14 Abs. 1 GewO und § 42a StUG")
        .iter()
        .map(Norm::key)
        .collect();
    assert_eq!(cited, ["gewo 14 abs1", "stug 42a"]);
    assert_eq!(extract("die StUG-Novelle § 3"), vec![]);
    // Queries are often typed in lower case; text is read as written.
    let stug_42a = Some(vec!["stug 42a".to_string()]);
    assert_eq!(keys("§ 42a stug", &|_| false), stug_42a);
    assert_eq!(keys("stug 42a", &|_| false), stug_42a);
    assert_eq!(keys("STUG 42a", &|_| false), stug_42a);
    assert_eq!(extract("nach § 42a stug"), vec![]);
}

#[test]
fn statute_abbreviations() {
    for w in ["StUG", "GewO", "SchaumwZwStV", "CO2KostAufG", "ÄrzteZV"] {
        assert!(statute_abbreviation(w), "{w}");
    }
    for w in [
        "Gesetz",
        "stug",
        "2StUG",
        "St-UG",
        "S",
        "",
        "ABCDEFGHIJKLMNOPQRSTUVWXY",
    ] {
        assert!(!statute_abbreviation(w), "{w}");
    }
}

#[test]
fn a_statute_unknown_by_name_cites_itself() {
    // A statute newer than the federal list, keyed `neug` by its file
    // name: its own `§ 42a`, and `§ 5 NeuG` by its abbreviation.
    check_in(
        "neug",
        Some("43"),
        "Die Regelungen des § 42a und des § 5 NeuG gehen vor; § 7 KWG nicht.",
        &["neug 42a", "neug 5", "kwg 7"],
    );
    check_in("neug", Some("43"), "nach Absatz 1", &["neug 43 abs1"]);
    // An unknown statute cited by article.
    let own = Own {
        law: "eguvwvfg",
        section: Some("2"),
        article: true,
    };
    let got: Vec<String> = extract_in("nach Art. 1; siehe § 3", Some(own))
        .iter()
        .map(Norm::key)
        .collect();
    assert_eq!(got, ["eguvwvfg 1"]);
}
