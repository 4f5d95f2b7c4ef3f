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
