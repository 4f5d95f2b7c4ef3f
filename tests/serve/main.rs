//! `klausel serve` (issue #18): the API against the CLI's JSON, limits and
//! headers, picking up new commits, browser tests in headless Chromium,
//! and a bounded load test while `klausel index` commits.
//!
//! Browser tests need Debian's `chromium` and `chromium-driver`. Without
//! them they are skipped with a notice, except under `CI=true`, where a
//! missing browser fails the test.

#[path = "../util/mod.rs"]
mod util;

mod http;
mod webdriver;

use http::{enc, Server};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use util::{copy_dir, root, sample, TestIndex};

/// The browser and load tests each use both cores; one at a time.
static HEAVY: Mutex<()> = Mutex::new(());

fn heavy() -> std::sync::MutexGuard<'static, ()> {
    HEAVY.lock().unwrap_or_else(|p| p.into_inner())
}

/// The five vendors of the sample corpus.
const VENDORS: [&str; 5] = [
    "Actimi GmbH",
    "CMS IT-Consulting GmbH",
    "eMind GmbH",
    "IMST GmbH",
    "MEGATECH communication GmbH",
];

/// Where test artifacts (screenshots, timings) go: `target/serve-artifacts/`.
fn artifacts() -> PathBuf {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let target = tmp.parent().map_or(tmp.clone(), Path::to_path_buf);
    let dir = target.join("serve-artifacts");
    std::fs::create_dir_all(&dir).expect("artifact folder");
    dir
}

/// The JSON of a CLI run, `took_ms` removed.
fn cli_json(index: &TestIndex, cmd: &str, args: &[&str]) -> Value {
    let o = index.run(cmd, args);
    let mut v: Value = serde_json::from_slice(&o.stdout).expect("CLI JSON");
    without_time(&mut v);
    v
}

fn without_time(v: &mut Value) {
    if let Some(o) = v.as_object_mut() {
        o.remove("took_ms");
    }
}

fn api_json(server: &Server, target: &str) -> Value {
    let r = server.get(target);
    assert_eq!(r.status, 200, "{target}: {}", r.text());
    assert_eq!(r.header("content-type"), Some("application/json"));
    let mut v = r.json();
    without_time(&mut v);
    v
}

#[test]
fn api_has_exactly_the_cli_json() {
    let index = sample();
    let server = Server::start(&index.path, &[]);
    assert_eq!(
        api_json(&server, "/api/search?q=Gerichtsstand"),
        cli_json(index, "search", &["--format", "json", "Gerichtsstand"])
    );
    assert_eq!(
        api_json(
            &server,
            &format!(
                "/api/search?q={}&limit=3&lang=en&noexpand=1&and=1",
                enc("liability insurance")
            )
        ),
        cli_json(
            index,
            "search",
            &[
                "--format",
                "json",
                "--limit",
                "3",
                "--lang",
                "en",
                "--no-expand",
                "--and",
                "liability insurance"
            ]
        )
    );
    assert_eq!(
        api_json(&server, "/api/search?q=Haftung&vendor=actimi&kind=terms"),
        cli_json(
            index,
            "search",
            &["--format", "json", "--vendor", "actimi", "--kind", "terms", "Haftung"]
        )
    );
    assert_eq!(
        api_json(&server, "/api/compare?q=Gerichtsstand&top=2"),
        cli_json(
            index,
            "compare",
            &["--format", "json", "--top", "2", "Gerichtsstand"]
        )
    );
    assert_eq!(
        api_json(
            &server,
            &format!("/api/show?ref={}", enc("actimi § 23 (7)"))
        ),
        cli_json(index, "show", &["--format", "json", "actimi § 23 (7)"])
    );
}

#[test]
fn bad_requests_get_clear_4xx() {
    let index = sample();
    let server = Server::start(&index.path, &[]);
    let check = |target: &str, status: u16, kind: &str, message: &str| {
        let r = server.get(target);
        assert_eq!(r.status, status, "{target}: {}", r.text());
        // The contract's error object (docs/json.md), version first.
        assert!(
            r.text()
                .starts_with(r#"{"version":1,"type":"error","kind":"#),
            "{target}: {}",
            r.text()
        );
        let v = r.json();
        assert_eq!(v["type"], "error", "{target}");
        assert_eq!(v["kind"], kind, "{target}: {v}");
        let m = v["message"].as_str().unwrap_or_default();
        assert!(m.contains(message), "{target}: {m:?} lacks {message:?}");
    };
    check("/api/search", 400, "usage", "the query is missing (q=…)");
    check("/api/search?q=+", 400, "usage", "the query is missing");
    check(
        &format!("/api/search?q={}", "a".repeat(5000)),
        400,
        "bad_query",
        "query too long: 5000 bytes, at most 4096",
    );
    check(
        "/api/search?q=x&limit=0",
        400,
        "invalid",
        "limit must be a number from 1 to 100",
    );
    check(
        "/api/search?q=x&limit=101",
        400,
        "invalid",
        "limit must be a number from 1 to 100",
    );
    check(
        "/api/search?q=x&limit=18446744073709551616",
        400,
        "invalid",
        "limit must be a number from 1 to 100",
    );
    check(
        "/api/compare?q=x&top=11",
        400,
        "invalid",
        "top must be a number from 1 to 10",
    );
    check(
        "/api/search?q=x&lang=fr",
        400,
        "invalid",
        "lang must be de or en, not \"fr\"",
    );
    check(
        "/api/search?q=x&vendor=nobody",
        400,
        "invalid",
        "vendor:nobody matches no vendor in the index",
    );
    check("/api/search?q=%22open", 400, "bad_query", "invalid query");
    check(
        "/api/search?q=x&q=y",
        400,
        "usage",
        "malformed query string",
    );
    // Bytes that are not UTF-8 are decoded lossily, as a query of U+FFFD.
    let lossy = server.get("/api/search?q=%FF%FE");
    assert_eq!(lossy.status, 200, "{}", lossy.text());
    assert_eq!(lossy.json()["query"], "\u{FFFD}\u{FFFD}");
    check("/api/show", 400, "usage", "the clause reference is missing");
    check(
        &format!("/api/show?ref={}", "a".repeat(2000)),
        400,
        "invalid",
        "ref is too long: 2000 bytes, at most 1024",
    );
    check(
        "/api/show?ref=nowhere%231",
        404,
        "not_found",
        "no clause matches",
    );
    check("/api/nothing", 404, "not_found", "There is no such page.");
    check(
        &format!("/api/search?q={}", "a".repeat(20_000)),
        414,
        "uri_too_long",
        "the query string is too long (at most 16384 bytes)",
    );
    // A body, or any method but GET and HEAD, is refused before a handler runs.
    let post =
        http::request(server.addr, "POST", "/api/search?q=x", &[], Some(b"{}")).expect("POST");
    assert_eq!(post.status, 405, "{}", post.text());
    assert_eq!(post.json()["kind"], "method_not_allowed");
    let body = http::request(
        server.addr,
        "GET",
        "/api/search?q=x",
        &[("Content-Length", "3")],
        None,
    );
    // The server answers 413 without reading the body.
    let body = body.expect("GET with a body");
    assert_eq!(body.status, 413, "{}", body.text());
    assert_eq!(body.json()["kind"], "body_too_large");
    // Pages answer errors as pages, with the same status.
    let page = server.get("/?q=%22open");
    assert_eq!(page.status, 400);
    assert!(page
        .text()
        .contains(r#"<div class="error" role="alert" data-kind="bad_query">"#));
    assert_eq!(server.get("/etc/passwd").status, 404);
    assert_eq!(server.get("/assets/../Cargo.toml").status, 404);
    assert_eq!(server.get("/file?path=Cargo.toml").status, 404);
    assert_eq!(server.get("/show?ref=%2Fetc%2Fpasswd%3A1").status, 404);
}

#[test]
fn every_response_has_the_security_headers_and_is_logged() {
    let index = sample();
    let server = Server::start(&index.path, &[]);
    for target in [
        "/",
        "/?q=Gerichtsstand",
        "/compare?q=Gerichtsstand",
        "/show?ref=actimi+%C2%A7+23+(7)",
        "/api/search?q=Gerichtsstand",
        "/assets/app.css",
        "/assets/app.js",
        "/nothing",
        "/api/search?q=%22",
    ] {
        let r = server.get(target);
        assert_eq!(
            r.header("content-security-policy"),
            Some(
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
            ),
            "{target}"
        );
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{target}"
        );
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"), "{target}");
        assert_eq!(r.header("x-frame-options"), Some("DENY"), "{target}");
    }
    // No inline script or style anywhere on a page (the CSP would block it).
    let html = server.get("/?q=Gerichtsstand").text();
    assert_eq!(html.matches("<script").count(), 1, "only app.js");
    assert!(html.contains(r#"<script src="/assets/app.js" defer></script>"#));
    assert!(!html.contains("style="));
    let handler = html.split(" on").skip(1).find(|rest| {
        let name: String = rest.chars().take_while(char::is_ascii_lowercase).collect();
        !name.is_empty() && rest[name.len()..].starts_with('=')
    });
    assert_eq!(handler, None, "no inline event handlers");
    let deadline = Instant::now() + Duration::from_secs(5);
    while !server
        .log()
        .iter()
        .any(|l| l.starts_with("klausel: GET /api/search?q=%22 400 "))
    {
        assert!(Instant::now() < deadline, "log: {:?}", server.log());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_page_works_without_javascript() {
    let index = sample();
    let server = Server::start(&index.path, &[]);
    // A plain GET form: typing a query and pressing Enter is a URL.
    let home = server.get("/");
    assert_eq!(home.status, 200);
    let html = home.text();
    assert!(html.contains(r#"<form class="search" role="search" method="get" action="/">"#));
    assert!(html.contains(r#"<label for="q">Query</label>"#));
    let r = server.get("/?q=Gerichtsstand");
    let html = r.text();
    for v in VENDORS {
        assert!(
            html.contains(&format!(r#"<article class="hit" data-vendor="{v}""#)),
            "{v}"
        );
    }
    assert!(html
        .contains("Gerichtsstand → place of jurisdiction, jurisdiction, venue, place of venue, …"));
    assert!(html.contains(
        r#"<a class="toggle" href="/?q=Gerichtsstand&amp;noexpand=1">Expansions off</a>"#
    ));
    let off = server.get("/?q=Gerichtsstand&noexpand=1").text();
    assert!(off.contains("Thesaurus expansion is off."));
    // Facets are links with counts.
    assert!(html.contains(
        r#"<a href="/?q=Gerichtsstand&amp;vendor=Actimi%20GmbH" data-value="Actimi GmbH"><span class="value">Actimi GmbH</span> <span class="count">2</span></a>"#
    ));
    // German from the browser's language, or from the switch.
    let de = http::request(
        server.addr,
        "GET",
        "/?q=Gerichtsstand",
        &[("Accept-Language", "de-DE,de;q=0.9,en;q=0.5")],
        None,
    )
    .expect("GET");
    assert!(de.text().contains(r#"<html lang="de">"#));
    assert!(de.text().contains("Suchanfrage"));
    assert!(de
        .text()
        .contains(r#"<a class="lang-switch" href="/?q=Gerichtsstand&amp;hl=en" hreflang="en" lang="en">English</a>"#));
    let en = server.get("/?q=Gerichtsstand&hl=de");
    assert!(en.text().contains(r#"<html lang="de">"#));
    // Compare exports.
    let csv = server.get("/compare.csv?q=Gerichtsstand");
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let cli_csv = index.run("compare", &["--format", "csv", "Gerichtsstand"]);
    assert_eq!(csv.text(), String::from_utf8_lossy(&cli_csv.stdout));
    let md = server.get("/compare.md?q=Gerichtsstand");
    let cli_md = index.run("compare", &["--format", "markdown", "Gerichtsstand"]);
    assert_eq!(md.text(), String::from_utf8_lossy(&cli_md.stdout));
}

/// A copy of the sample corpus and an index of it, in a temporary folder.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&root().join("corpus"), &dir.path().join("corpus"));
        let s = Scratch { dir };
        s.index();
        s
    }
    fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }
    fn index_dir(&self) -> PathBuf {
        self.dir.path().join("index")
    }
    fn index(&self) {
        let o = util::index(
            &self.index_dir(),
            &["--quiet", "--wait", self.corpus().to_str().expect("utf-8")],
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn new_commits_are_picked_up_without_a_restart() {
    let s = Scratch::new();
    let server = Server::start(&s.index_dir(), &[]);
    let total = |q: &str| server.get(&format!("/api/search?q={q}")).json()["total_hits"].clone();
    assert_eq!(total("Zauberwort"), 0);
    let vendors = |server: &Server| {
        server.get("/api/compare?q=Gerichtsstand").json()["vendors"]
            .as_array()
            .map(Vec::len)
            .unwrap_or(0)
    };
    assert_eq!(vendors(&server), 5);
    // A new vendor's terms: a new commit, a new vendor list.
    std::fs::write(
        s.corpus().join("neu-agb.txt"),
        "Allgemeine Geschäftsbedingungen der Neu GmbH\n\n§ 1 Gerichtsstand\n\nGerichtsstand ist Zauberwort-Stadt.\n",
    )
    .expect("write");
    s.index();
    assert_eq!(total("Zauberwort"), 1);
    assert_eq!(vendors(&server), 6);
    assert!(server
        .log()
        .iter()
        .any(|l| l.starts_with("klausel: opened a new commit of ")));
}

#[test]
fn documents_render_as_text() {
    let index = TestIndex::build(&["tests/data/xss"]);
    let server = Server::start(&index.path, &[]);
    for target in [
        "/?q=jurisdiction",
        "/?q=liability",
        "/compare?q=jurisdiction",
        "/show?ref=evil+%C2%A7+1+(2)",
    ] {
        let r = server.get(target);
        assert_eq!(r.status, 200, "{target}: {}", r.text());
        let html = r.text();
        assert_eq!(html.matches("<script").count(), 1, "{target}: {html}");
        assert!(!html.contains("<img"), "{target}");
        assert!(!html.contains("<b>"), "{target}");
        assert!(!html.contains("href=\"javascript:"), "{target}");
    }
    let html = server.get("/?q=jurisdiction").text();
    assert!(html.contains(
        "<span class=\"vendor\">Evil &lt;b&gt;Corp&lt;/b&gt; &quot;&gt;&lt;img src=x onerror=alert(2)&gt;</span>"
    ));
    assert!(html
        .contains("&lt;script&gt;window.__xss=1;document.title=&quot;pwned&quot;&lt;/script&gt;"));
    assert!(html.contains(
        "court &quot;&gt;&lt;img src=x onerror=&quot;window.__xss_img=1&quot;&gt; of Berlin"
    ));
}

/// Returns the elements whose own text has less than 4.5:1 contrast with
/// the background behind them (as `"tag.class: ratio"`), and how many
/// elements were checked.
const CONTRAST_CHECK: &str = r#"
function rgb(s) { var m = s.match(/[\d.]+/g) || [0, 0, 0, 0]; return m.map(Number).concat(m.length < 4 ? [1] : []); }
function lum(c) { var a = c.slice(0, 3).map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2]; }
function background(e) { for (; e; e = e.parentElement) { var c = rgb(getComputedStyle(e).backgroundColor); if (c[3] > 0) return c; } return [255, 255, 255, 1]; }
var low = [], checked = 0;
document.querySelectorAll('body *').forEach(function (e) {
  var own = Array.prototype.some.call(e.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
  if (!own || !e.getClientRects().length || e.closest('.visually-hidden, .skip')) return;
  var a = lum(rgb(getComputedStyle(e).color)), b = lum(background(e));
  var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  checked++;
  if (ratio < 4.5) low.push(e.tagName.toLowerCase() + '.' + e.className + ': ' + ratio.toFixed(2));
});
return {low: low, checked: checked};
"#;

/// The browser, or `None` with a notice; under `CI=true` a missing
/// browser fails the test.
fn browser_or_skip(test: &str) -> Option<webdriver::Installed> {
    match webdriver::installed() {
        Some(i) => Some(i),
        None if std::env::var("CI").is_ok_and(|v| v == "true") => panic!(
            "{test}: CI=true but chromium and chromedriver are not installed \
             (apt-get install -y chromium chromium-driver)"
        ),
        None => {
            // Straight to stderr, past the test harness's capture, so
            // that the skip is seen in a plain `cargo test`.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "notice: {test} skipped: chromium and chromedriver are not installed \
                 (apt-get install -y chromium chromium-driver); under CI=true this fails"
            );
            None
        }
    }
}

fn vendors_shown(b: &webdriver::Browser) -> BTreeSet<String> {
    b.all("article.hit")
        .iter()
        .filter_map(|e| b.attr(e, "data-vendor"))
        .collect()
}

#[test]
fn browser_search_facet_compare_show() {
    let Some(installed) = browser_or_skip("browser_search_facet_compare_show") else {
        return;
    };
    let _heavy = heavy();
    let index = sample();
    let server = Server::start(&index.path, &[]);
    let shots = artifacts();
    let b = webdriver::Browser::start(&installed, true, 1280, 900);

    // `/` focuses the search box; typing searches as you go.
    b.goto(&server.url("/"));
    b.wait_for("form.search");
    b.press("/");
    b.wait_until("the search box to have focus", |b| {
        b.eval("return document.activeElement && document.activeElement.id") == "q"
    });
    b.type_into(&b.wait_for("#q"), "Gerichtsstand");
    b.wait_until("live results", |b| !b.all("article.hit").is_empty());
    b.wait_until("the URL to follow the query", |b| {
        b.url().ends_with("/?q=Gerichtsstand")
    });
    // Enter submits the plain form too.
    b.type_into(&b.wait_for("#q"), "\u{E007}");
    b.wait_for("article.hit");
    let expected: BTreeSet<String> = VENDORS.iter().map(|v| v.to_string()).collect();
    assert_eq!(vendors_shown(&b), expected);
    let line = b.text(&b.wait_for("#expansions"));
    assert!(
        line.starts_with("Expanded: Gerichtsstand → place of jurisdiction, jurisdiction, venue, place of venue, …"),
        "{line}"
    );
    let paint = b.eval(
        "var p = performance.getEntriesByName('first-contentful-paint')[0]; \
         var n = performance.getEntriesByType('navigation')[0]; \
         return {paint: p ? p.startTime : null, request: n ? n.requestStart : null, response: n ? n.responseEnd : null};",
    );
    std::fs::write(shots.join("first-paint.json"), paint.to_string()).expect("write");
    eprintln!("first paint of results: {paint}");
    b.screenshot(&shots.join("search.png"));

    // One click on a facet narrows the results to that vendor.
    let facet = b.wait_for(r#"section.facet[data-facet="vendor"] a[data-value="IMST GmbH"]"#);
    b.click(&facet);
    b.wait_until("the vendor facet in the URL", |b| {
        b.url().contains("vendor=IMST%20GmbH")
    });
    b.wait_for(r#"section.facet[data-facet="vendor"] a.active"#);
    let shown = vendors_shown(&b);
    assert_eq!(shown, BTreeSet::from(["IMST GmbH".to_string()]));
    b.screenshot(&shots.join("facet.png"));

    // The back button returns to the unfiltered results.
    b.eval("history.back(); return null");
    b.wait_until("the URL without the facet", |b| {
        b.url().ends_with("/?q=Gerichtsstand")
    });
    b.wait_until("all five vendors again", |b| vendors_shown(b).len() == 5);

    // Keyboard only: Tab to the eMind facet, Enter follows it.
    b.eval("document.activeElement && document.activeElement.blur(); return null");
    let mut reached = false;
    for _ in 0..40 {
        b.press("\u{E004}");
        let focused = b
            .eval("var a = document.activeElement; return a ? a.getAttribute('data-value') : null");
        if focused == "eMind GmbH" {
            reached = true;
            break;
        }
    }
    assert!(reached, "Tab reaches the vendor facets");
    b.press("\u{E007}");
    b.wait_until("the facet followed by keyboard", |b| {
        b.url().contains("vendor=eMind%20GmbH")
    });
    // Every visible control has a label, and focus is visible.
    let unlabelled = b.eval(
        "return Array.from(document.querySelectorAll('input:not([type=hidden]), button, select, textarea'))\
         .filter(function (e) { return !(e.labels && e.labels.length) && !e.getAttribute('aria-label') \
         && !(e.textContent || '').trim(); }).length",
    );
    assert_eq!(unlabelled, 0);
    // Text contrast: every element with text of its own, against the
    // nearest background behind it, at least 4.5:1 (WCAG AA).
    let contrast = b.eval(CONTRAST_CHECK);
    assert_eq!(
        contrast["low"],
        serde_json::json!([]),
        "text below 4.5:1 contrast"
    );
    assert!(contrast["checked"].as_u64().unwrap_or(0) > 30, "{contrast}");

    // Compare: one row per vendor.
    b.goto(&server.url("/compare?q=Gerichtsstand"));
    b.wait_for("table.compare");
    let rows = b.all("tr.vendor-row");
    assert_eq!(rows.len(), 5);
    let names: Vec<String> = rows
        .iter()
        .filter_map(|r| b.attr(r, "data-vendor"))
        .collect();
    assert_eq!(names, VENDORS);
    for r in &rows {
        assert_eq!(b.attr(r, "data-found").as_deref(), Some("true"));
    }
    b.screenshot(&shots.join("compare.png"));

    // A clause in context, from the compare table.
    let link = b.wait_for(r#"tr.vendor-row[data-vendor="Actimi GmbH"] a.clause-link"#);
    b.click(&link);
    b.wait_for("article.show");
    assert!(b.url().contains("/show?ref="));
    let heading = b.text(&b.wait_for("article.show h1"));
    assert_eq!(
        heading,
        "Actimi GmbH · General Terms and Conditions · § 23 (7) Final Provisions"
    );
    let before = b.text(&b.wait_for("section.neighbour.before blockquote"));
    assert!(
        before.starts_with("(6) Actimi can transfer the contract"),
        "{before}"
    );
    let lines = b.text(&b.wait_for("section.clause .lines"));
    assert!(lines.ends_with("actimi-gtc.txt:109"), "{lines}");
    b.screenshot(&shots.join("show.png"));

    // The whole file, from the index, scrolled to the clause.
    b.click(&b.wait_for("a.source"));
    b.wait_for("ol.records");
    assert!(b.all("li.record").len() > 50);
    b.screenshot(&shots.join("file.png"));

    // A tablet: the same page in a narrow window.
    drop(b);
    let tablet = webdriver::Browser::start(&installed, true, 800, 1100);
    tablet.goto(&server.url("/?q=Gerichtsstand&hl=de"));
    tablet.wait_for("article.hit");
    let overflow = tablet.eval("return document.documentElement.scrollWidth > window.innerWidth");
    assert_eq!(overflow, false, "no horizontal scrolling on a tablet");
    tablet.screenshot(&shots.join("search-tablet-de.png"));
}

#[test]
fn browser_xss_fixture_renders_as_text_and_no_javascript_works() {
    let Some(installed) = browser_or_skip("browser_xss_fixture_renders_as_text") else {
        return;
    };
    let _heavy = heavy();
    let index = TestIndex::build(&["tests/data/xss"]);
    let server = Server::start(&index.path, &[]);
    let shots = artifacts();
    let b = webdriver::Browser::start(&installed, true, 1280, 900);
    for (target, shot) in [
        ("/?q=jurisdiction", "xss-search.png"),
        ("/compare?q=jurisdiction", "xss-compare.png"),
        ("/show?ref=evil+%C2%A7+1+(2)", "xss-show.png"),
    ] {
        b.goto(&server.url(target));
        b.wait_for("main");
        let fired = b.eval(
            "return [window.__xss, window.__xss_img, window.__xss_title, window.__xss_heading, \
             document.images.length, document.scripts.length, document.title === 'pwned']",
        );
        assert_eq!(
            fired,
            serde_json::json!([null, null, null, null, 0, 1, false]),
            "{target}"
        );
        let text = b.eval("return document.querySelector('main').innerText");
        let text = text.as_str().unwrap_or_default();
        assert!(
            text.contains("Evil <b>Corp</b> \"><img src=x onerror=alert(2)>"),
            "{target}: {text}"
        );
        b.screenshot(&shots.join(shot));
    }
    let text = {
        b.goto(&server.url("/?q=jurisdiction"));
        b.eval("return document.querySelector('article.hit blockquote').innerText")
    };
    assert!(
        text.as_str()
            .unwrap_or_default()
            .contains("<script>window.__xss=1;document.title=\"pwned\"</script>"),
        "{text}"
    );
    drop(b);

    // Without JavaScript: the form is a plain GET, results are served.
    let sample = sample();
    let plain_server = Server::start(&sample.path, &[]);
    let plain = webdriver::Browser::start(&installed, false, 1280, 900);
    plain.goto(&plain_server.url("/"));
    let q = plain.wait_for("#q");
    plain.type_into(&q, "Gerichtsstand\u{E007}");
    plain.wait_for("article.hit");
    assert!(
        plain.url().ends_with("/?q=Gerichtsstand"),
        "{}",
        plain.url()
    );
    assert_eq!(vendors_shown(&plain).len(), 5);
    // Without JS the copy buttons stay hidden; the citation is text.
    let copy = plain.wait_for("button.copy");
    assert_eq!(plain.attr(&copy, "hidden").as_deref(), Some("true"));
    plain.screenshot(&shots.join("search-no-js.png"));
}

/// p-th percentile (0..=100) of sorted samples.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// 16 clients send 2,000 mixed requests (pages, API, exports) while
/// `klausel index` commits new versions of a file; every request must
/// succeed, and the last commit must be visible afterwards.
#[test]
fn load_while_indexing() {
    let _heavy = heavy();
    let clients = 16usize;
    let requests: usize = std::env::var("KLAUSEL_LOAD_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let s = Scratch::new();
    let server = Server::start(&s.index_dir(), &[]);
    let targets = [
        "/api/search?q=Gerichtsstand".to_string(),
        "/?q=Haftung".to_string(),
        "/api/compare?q=Gerichtsstand".to_string(),
        "/compare?q=liability".to_string(),
        format!("/api/show?ref={}", enc("actimi § 23 (7)")),
        format!("/show?ref={}", enc("emind § 29")),
        format!(
            "/api/search?q={}&limit=20",
            enc("\"place of jurisdiction\"")
        ),
        "/api/search?q=Datenschutz&lang=en".to_string(),
        "/compare.csv?q=Gewährleistung".to_string(),
        "/assets/app.css".to_string(),
    ];
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done = std::sync::atomic::AtomicBool::new(false);
    let started = Instant::now();
    let (latencies, errors, commits) = std::thread::scope(|scope| {
        let indexer = scope.spawn(|| {
            // Index runs that each commit a changed file, until the load ends.
            let mut commits = 0usize;
            while !done.load(std::sync::atomic::Ordering::Relaxed) || commits == 0 {
                commits += 1;
                std::fs::write(
                    s.corpus().join("changing.txt"),
                    format!(
                        "Allgemeine Geschäftsbedingungen der Wechsel GmbH\n\n§ 1 Gerichtsstand\n\nGerichtsstand ist Version{commits}.\n"
                    ),
                )
                .expect("write");
                s.index();
            }
            commits
        });
        let workers: Vec<_> = (0..clients)
            .map(|_| {
                scope.spawn(|| {
                    let mut lat = Vec::new();
                    let mut errors = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= requests {
                            break;
                        }
                        let target = &targets[i % targets.len()];
                        let t = Instant::now();
                        match http::request(server.addr, "GET", target, &[], None) {
                            Ok(r) if r.status == 200 => {
                                lat.push(t.elapsed().as_secs_f64() * 1000.0)
                            }
                            Ok(r) => errors.push(format!("{target}: {} {}", r.status, r.text())),
                            Err(e) => errors.push(format!("{target}: {e}")),
                        }
                    }
                    (lat, errors)
                })
            })
            .collect();
        let mut lat = Vec::new();
        let mut errors = Vec::new();
        for w in workers {
            let (l, e) = w.join().expect("client");
            lat.extend(l);
            errors.extend(e);
        }
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        let commits = indexer.join().expect("indexer");
        (lat, errors, commits)
    });
    let seconds = started.elapsed().as_secs_f64();
    assert!(
        errors.is_empty(),
        "{} errors: {:?}",
        errors.len(),
        &errors[..errors.len().min(5)]
    );
    assert_eq!(latencies.len(), requests);
    // The last commit is served without a restart.
    let last = server.get(&format!("/api/search?q=Version{commits}"));
    assert_eq!(
        last.json()["total_hits"],
        1,
        "commit {commits} not picked up"
    );
    let mut sorted = latencies.clone();
    sorted.sort_by(f64::total_cmp);
    let report = format!(
        "{requests} requests from {clients} clients in {seconds:.1} s ({:.0} req/s) while {commits} index runs committed; 0 errors; latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} build)\n",
        requests as f64 / seconds,
        percentile(&sorted, 50.0),
        percentile(&sorted, 90.0),
        percentile(&sorted, 99.0),
        percentile(&sorted, 100.0),
        if cfg!(debug_assertions) { "debug" } else { "release" }
    );
    eprint!("{report}");
    std::fs::write(artifacts().join("load.txt"), report).expect("write");
}

#[test]
fn loopback_by_default_and_a_warning_for_other_hosts() {
    let index = sample();
    let local = Server::start(&index.path, &[]);
    assert!(local.addr.ip().is_loopback());
    assert!(!local.log().iter().any(|l| l.contains("warning")));
    let public = Server::start(&index.path, &["--host", "0.0.0.0"]);
    let warning = format!(
        "klausel: warning: listening on 0.0.0.0:{}: anyone who can reach this machine can read the index; the page has no login",
        public.addr.port()
    );
    assert!(public.log().contains(&warning), "{:?}", public.log());
    assert_eq!(public.get("/api/search?q=Gerichtsstand").status, 200);
}

/// First paint of results, measured in the browser: for 20 searches in a
/// warm browser, the time from the request to the first contentful paint
/// and to the end of the response (Navigation and Paint Timing).
/// `cargo test --release --test serve first_paint -- --ignored --nocapture`
#[test]
#[ignore = "a measurement for BENCHMARKS.md, not a check"]
fn first_paint() {
    let Some(installed) = browser_or_skip("first_paint") else {
        return;
    };
    let _heavy = heavy();
    let index = sample();
    let server = Server::start(&index.path, &[]);
    let b = webdriver::Browser::start(&installed, true, 1280, 900);
    b.goto(&server.url("/?q=warmup"));
    b.wait_for("main");
    let queries = [
        "Gerichtsstand",
        "Haftung",
        "liability",
        "Datenschutz",
        "Kündigung",
    ];
    let (mut paint, mut response) = (Vec::new(), Vec::new());
    for i in 0..20 {
        let q = queries[i % queries.len()];
        b.goto(&server.url(&format!("/?q={}&limit={}", enc(q), 10 + i)));
        b.wait_for("#summary");
        b.wait_until("a paint entry", |b| {
            b.eval("return performance.getEntriesByName('first-contentful-paint').length > 0")
                == true
        });
        let t = b.eval(
            "var p = performance.getEntriesByName('first-contentful-paint')[0]; \
             var n = performance.getEntriesByType('navigation')[0]; \
             return [p.startTime - n.requestStart, n.responseEnd - n.requestStart];",
        );
        paint.push(t[0].as_f64().unwrap_or(f64::NAN));
        response.push(t[1].as_f64().unwrap_or(f64::NAN));
    }
    paint.sort_by(f64::total_cmp);
    response.sort_by(f64::total_cmp);
    let report = format!(
        "first contentful paint after the request: median {:.0} ms, max {:.0} ms; response complete: median {:.1} ms, max {:.1} ms (20 searches)\n",
        percentile(&paint, 50.0),
        percentile(&paint, 100.0),
        percentile(&response, 50.0),
        percentile(&response, 100.0),
    );
    eprint!("{report}");
    std::fs::write(artifacts().join("first-paint.txt"), report).expect("write");
}

#[test]
fn the_whole_file_lists_every_record_in_order() {
    // Files of one to seven records, listed in file order.
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    for n in 1..=7usize {
        let body: String = (1..=n)
            .map(|i| format!("§ {i} Abschnitt {i}\n\nDie Regel Nummer {i} gilt.\n\n"))
            .collect();
        std::fs::write(corpus.join(format!("f{n}.txt")), body).expect("write");
    }
    let index = dir.path().join("index");
    let o = util::index(&index, &["--quiet", corpus.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(0));
    let server = Server::start(&index, &[]);
    for n in 1..=7usize {
        let path = corpus.join(format!("f{n}.txt"));
        let path = path.to_str().expect("utf-8");
        let html = server.get(&format!("/file?path={}", enc(path))).text();
        let ids: Vec<String> = html
            .split(r#"<li class="record" id=""#)
            .skip(1)
            .filter_map(|rest| rest.split('"').next().map(str::to_string))
            .collect();
        // Stable ids of the file, distinct, each shown through a
        // percent-encoded link.
        assert!(ids.len() >= n, "f{n}: {} records", ids.len());
        let distinct: std::collections::BTreeSet<&String> = ids.iter().collect();
        assert_eq!(distinct.len(), ids.len(), "f{n}: {ids:?}");
        assert!(
            ids.iter().all(|id| id.starts_with(&format!("{path}#"))),
            "{ids:?}"
        );
        for id in &ids {
            let r = server.get(&format!("/api/show?ref={}", enc(id)));
            assert_eq!(r.status, 200, "{id}");
            assert_eq!(r.json()["clause"]["id"], id.as_str());
            assert!(
                html.contains(&format!("href=\"/show?ref={}\"", enc(id))),
                "{id}"
            );
        }
    }
    assert_eq!(
        server
            .get(&format!("/file?path={}", enc("/etc/passwd")))
            .status,
        404
    );
}

#[test]
fn a_stale_id_is_410_clause_changed_and_a_kept_one_still_shows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    copy_dir(&root().join("corpus"), &corpus);
    let index = dir.path().join("index");
    let reindex = || {
        let o = util::index(&index, &["--quiet", corpus.to_str().expect("utf-8")]);
        assert_eq!(o.status.code(), Some(0));
    };
    reindex();
    let server = Server::start(&index, &[]);
    let r = server.get(&format!("/api/show?ref={}", enc("actimi § 23 (7)")));
    let id = r.json()["clause"]["id"].as_str().expect("id").to_string();
    let before = r.json()["before"]["id"].as_str().expect("id").to_string();
    let file = corpus.join("actimi-gtc.txt");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("is Stuttgart", "is Berlin")).expect("write");
    reindex();
    let stale = server.get(&format!("/api/show?ref={}", enc(&id)));
    assert_eq!(stale.status, 410);
    assert_eq!(stale.json()["kind"], "clause_changed");
    let kept = server.get(&format!("/api/show?ref={}", enc(&before)));
    assert_eq!(kept.status, 200);
    assert_eq!(kept.json()["clause"]["section"], "§ 23 (6)");
    // The page of a stale id says so, with the same status.
    assert_eq!(server.get(&format!("/show?ref={}", enc(&id))).status, 410);
}
