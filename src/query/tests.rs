use super::*;

/// Parses `input` and compares the tree, written in a compact notation, with `expected`.
#[track_caller]
fn check(input: &str, expected: &str) {
    match parse(input) {
        Ok(node) => assert_eq!(show(&node), expected, "query: {input:?}"),
        Err(e) => panic!("query {input:?} failed: {e}"),
    }
}

/// Parses `input`, expecting an error at `position` whose message starts with `message`.
#[track_caller]
fn check_err(input: &str, position: usize, message: &str) {
    match parse(input) {
        Ok(node) => panic!("query {input:?} parsed as {}", show(&node)),
        Err(e) => {
            assert_eq!(e.position, position, "query {input:?}: {e}");
            assert!(e.message.starts_with(message), "query {input:?}: {e}");
        }
    }
}

/// A compact, unambiguous rendering of a tree for tests.
fn show(node: &Node) -> String {
    let list = |v: &[Node]| v.iter().map(show).collect::<Vec<_>>().join(", ");
    match node {
        Node::Term(t) => format!("{t:?}"),
        Node::Prefix(t) => format!("{t}*"),
        Node::Phrase { text, slop } => format!("Phrase({text:?}~{slop})"),
        Node::Filter { field, value } => format!("{field}:{value:?}"),
        Node::Seq(v) => format!("Seq[{}]", list(v)),
        Node::And(v) => format!("And[{}]", list(v)),
        Node::Or(v) => format!("Or[{}]", list(v)),
        Node::Not(n) => format!("Not({})", show(n)),
    }
}

#[test]
fn words_and_sequences() {
    check("haftung", r#""haftung""#);
    check("haftung vorsatz", r#"Seq["haftung", "vorsatz"]"#);
    check("  haftung \t vorsatz  ", r#"Seq["haftung", "vorsatz"]"#);
    check("Gerichtsstand", r#""Gerichtsstand""#);
    check("§ 23", r#"Seq["§", "23"]"#);
    check(
        "set-off e-mail opt-in",
        r#"Seq["set-off", "e-mail", "opt-in"]"#,
    );
    check("and or und oder", r#"Seq["and", "or", "und", "oder"]"#);
    check(
        "08:00 http://x.de Hinweis:",
        r#"Seq["08:00", "http://x.de", "Hinweis:"]"#,
    );
    check("a - b", r#"Seq["a", "b"]"#);
    check("a -", r#""a""#);
    check(r#""a b"-c"#, r#"Seq[Phrase("a b"~0), Not("c")]"#);
    check("(a)-b", r#"Seq["a", Not("b")]"#);
}

#[test]
fn operators_and_precedence() {
    check("a AND b", r#"And["a", "b"]"#);
    check("a && b", r#"And["a", "b"]"#);
    check("a OR b", r#"Or["a", "b"]"#);
    check("a || b || c", r#"Or["a", "b", "c"]"#);
    check("a b AND c OR d", r#"Or[Seq["a", And["b", "c"]], "d"]"#);
    check("a OR b c", r#"Or["a", Seq["b", "c"]]"#);
    check("NOT a AND b", r#"And[Not("a"), "b"]"#);
    check("a AND b AND c", r#"And["a", "b", "c"]"#);
    check("(a OR b) AND c", r#"And[Or["a", "b"], "c"]"#);
    check("((a))", r#""a""#);
    check("(a b) c", r#"Seq["a", "b", "c"]"#);
    check(
        "(gerichtsstand OR jurisdiction) vendor:actimi",
        r#"Seq[Or["gerichtsstand", "jurisdiction"], vendor:"actimi"]"#,
    );
}

#[test]
fn phrases_and_proximity() {
    check(
        r#""place of jurisdiction""#,
        r#"Phrase("place of jurisdiction"~0)"#,
    );
    check("„höhere Gewalt“", r#"Phrase("höhere Gewalt"~0)"#);
    check("“force majeure”", r#"Phrase("force majeure"~0)"#);
    check("«force majeure»", r#"Phrase("force majeure"~0)"#);
    check(
        r#""haftung beschränkt"~5"#,
        r#"Phrase("haftung beschränkt"~5)"#,
    );
    check(r#""  a   b ""#, r#"Phrase("a b"~0)"#);
    check(r#"x"a b"y"#, r#"Seq["x", Phrase("a b"~0), "y"]"#);
}

#[test]
fn prefixes() {
    check("gericht*", "gericht*");
    check("gericht* haftung", r#"Seq[gericht*, "haftung"]"#);
    check("-gericht*", "Not(gericht*)");
}

#[test]
fn exclusions() {
    check("haftung -vorsatz", r#"Seq["haftung", Not("vorsatz")]"#);
    check(
        r#"-"grobe Fahrlässigkeit" haftung"#,
        r#"Seq[Not(Phrase("grobe Fahrlässigkeit"~0)), "haftung"]"#,
    );
    check("haftung -(a OR b)", r#"Seq["haftung", Not(Or["a", "b"])]"#);
    check("haftung NOT vorsatz", r#"Seq["haftung", Not("vorsatz")]"#);
    check("(-a)", r#"Not("a")"#);
    check("–a", r#"Not("a")"#);
    check(
        "-vendor:cms haftung",
        r#"Seq[Not(vendor:"cms"), "haftung"]"#,
    );
    check("NOT NOT a", r#"Not(Not("a"))"#);
}

#[test]
fn field_filters() {
    check("vendor:actimi", r#"vendor:"actimi""#);
    check(r#"vendor:"CMS IT""#, r#"vendor:"CMS IT""#);
    check("kind:terms", r#"kind:"terms""#);
    check(r#"section:"§ 23""#, r#"section:"§ 23""#);
    check("section:13", r#"section:"13""#);
    check("lang:de", r#"lang:"de""#);
    check(r#"cites:"§ 307 BGB""#, r#"cites:"§ 307 BGB""#);
    check("Vendor:Actimi", r#"vendor:"Actimi""#);
    check(
        "vendor:actimi haftung",
        r#"Seq[vendor:"actimi", "haftung"]"#,
    );
    check(
        "vendor:(actimi OR cms)",
        r#"Or[vendor:"actimi", vendor:"cms"]"#,
    );
    check("section:§23", r#"section:"§23""#);
    check("kind:AND a", r#"Seq[kind:"AND", "a"]"#);
    check("vendor:-x", r#"vendor:"-x""#);
    check("vendor:&&", r#"vendor:"&&""#);
}

#[test]
fn errors() {
    check_err("", 0, "empty query");
    check_err("   ", 0, "empty query");
    check_err(
        r#""haftung beschränkt"#,
        0,
        "unbalanced quote: \"haftung beschr",
    );
    check_err(r#"a „b"#, 2, "unbalanced quote");
    check_err("(a OR b", 0, "unbalanced parenthesis: ( is never closed");
    check_err("a OR b)", 6, "unbalanced parenthesis: ) without (");
    check_err(")", 0, "unbalanced parenthesis: ) without (");
    check_err("a ()", 2, "empty parentheses");
    check_err("a OR", 2, "OR needs a term after it");
    check_err("a AND", 2, "AND needs a term after it");
    check_err("AND b", 0, "AND needs a term before it");
    check_err("OR b", 0, "OR needs a term before it");
    check_err("a OR OR b", 2, "OR needs a term after it");
    check_err("a NOT", 2, "NOT needs a term after it");
    check_err("(a OR)", 3, "OR needs a term after it");
    check_err(
        "foo:bar",
        0,
        "unknown field \"foo\"; known fields: vendor, kind, section, lang, cites",
    );
    check_err("haftung Vendr:x", 8, "unknown field \"Vendr\"");
    check_err("vendor: actimi", 7, "empty value for field vendor:");
    check_err("vendor:", 7, "empty value for field vendor:");
    check_err("(vendor:)", 8, "empty value for field vendor:");
    check_err(r#""a b"~x"#, 5, "bad proximity");
    check_err(r#""a b"~"#, 5, "bad proximity");
    check_err(r#""a b"~5x"#, 5, "bad proximity");
    check_err(r#""a b"~99999999999"#, 5, "bad proximity");
    check_err("*", 0, "a * needs a word before it");
    check_err("a *abc", 2, "a * needs a word before it");
    check_err("ge*cht", 2, "* is only allowed at the end of a word");
    check_err("gericht**", 7, "* is only allowed at the end of a word");
    check_err(r#""""#, 0, "empty phrase");
    check_err(
        "vendor:(a vendor:b)",
        0,
        "a field value cannot contain another field",
    );
}

#[test]
fn nesting_is_limited() {
    let deep = format!("{}a{}", "(".repeat(64), ")".repeat(64));
    check(&deep, r#""a""#);
    let too_deep = format!("{}a{}", "(".repeat(65), ")".repeat(65));
    check_err(&too_deep, 64, "query nested too deeply");
    let nots = format!("{}a", "NOT ".repeat(200));
    check_err(&nots, 256, "query nested too deeply");
    let huge = "(".repeat(100_000);
    check_err(&huge, 64, "query nested too deeply");
}

#[test]
fn render_points_at_the_problem() {
    let q = r#"vendor:actimi "haftung beschränkt"#;
    let e = parse(q).unwrap_err();
    assert_eq!(
        e.render(q),
        "vendor:actimi \"haftung beschränkt\n              ^ unbalanced quote: \"haftung beschrä…"
    );
    assert_eq!(
        e.to_string(),
        "unbalanced quote: \"haftung beschrä… (at character 15)"
    );
}

#[test]
fn display_normalises() {
    let cases = [
        ("haftung   vorsatz", "haftung vorsatz"),
        ("a && b || c", "a AND b OR c"),
        ("„höhere Gewalt“~3", "\"höhere Gewalt\"~3"),
        ("(a OR b) c", "(a OR b) c"),
        ("a AND (b c)", "a AND (b c)"),
        (
            "-(a OR b) vendor:\"CMS IT\" kind:terms",
            "-(a OR b) vendor:\"CMS IT\" kind:terms",
        ),
        ("NOT gericht*", "-gericht*"),
    ];
    for (input, expected) in cases {
        let node = parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(node.to_string(), expected, "{input:?}");
    }
}

#[test]
fn words_and_filters_helpers() {
    let node = parse(r#"gerichtsstand "place of jurisdiction" -vorsatz vendor:cms gericht*"#)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        words(&node),
        ["gerichtsstand", "place of jurisdiction", "gericht"]
    );
    assert_eq!(filters(&node), [(Field::Vendor, "cms")]);
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,80}") {
            if let Err(e) = parse(&s) {
                prop_assert!(e.position <= s.chars().count());
            }
        }

        #[test]
        fn parse_never_panics_on_syntax_soup(
            s in "([a-zäß]{1,6}|\"|„|“|”|\\(|\\)|\\*|:|-|~|[0-9]|AND|OR|NOT|&&|\\|\\||vendor:|foo:|kind:| |§){0,24}"
        ) {
            match parse(&s) {
                Err(e) => prop_assert!(e.position <= s.chars().count()),
                // What is printed parses again into the same tree.
                Ok(node) => {
                    let printed = node.to_string();
                    let again = parse(&printed);
                    prop_assert_eq!(again, Ok(node), "printed: {}", printed);
                }
            }
        }
    }
}
