//! The HTML views: search, compare, show, the whole file, errors.
//!
//! maud escapes every `(value)` it interpolates; nothing here writes
//! `PreEscaped` except the fixed markup of [`highlighted`], whose text
//! pieces are escaped by [`escape_into`]. Every state is in the URL: the
//! forms are plain GET forms, the links carry all parameters.

use super::api::{self, ApiError, Params, ParamsResult};
use super::i18n::{Ui, Words};
use super::Shared;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use klausel::search::{
    CompareResult, Hit, SearchOptions, SearchResult, Searcher, ShowResult, VendorRow,
};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

/// Document kinds, as the `kind:` filter names them.
const KINDS: [&str; 5] = ["terms", "privacy", "imprint", "price_list", "other"];
/// Clause languages.
const LANGS: [&str; 2] = ["de", "en"];
/// The page lists a vendor facet, with counts, up to this many vendors; a
/// larger index lists none (type `vendor:` instead).
pub const MAX_VENDOR_FACETS: usize = 40;
/// The longest text shown whole in a result; longer clauses are cut
/// around their first match.
const SNIPPET_CHARS: usize = 600;
/// The most records the whole-file view lists.
const MAX_FILE_RECORDS: usize = 5000;

/// The page's language for a request.
fn ui(p: &Params, headers: &HeaderMap) -> Ui {
    let al = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Ui::choose(p.hl.as_deref(), al)
}

/// `s` percent-encoded for a query string.
fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A URL of this server: `path?k=v&…`, empty values left out.
fn url(path: &str, pairs: &[(&str, Option<&str>)]) -> String {
    let mut out = path.to_string();
    let mut sep = '?';
    for (k, v) in pairs {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            out.push(sep);
            out.push_str(k);
            out.push('=');
            out.push_str(&enc(v));
            sep = '&';
        }
    }
    out
}

/// The state a link keeps, with some parameters replaced.
#[derive(Clone)]
struct Kept {
    q: Option<String>,
    vendor: Option<String>,
    kind: Option<String>,
    lang: Option<String>,
    noexpand: bool,
    and: bool,
    limit: Option<String>,
    hl: Option<&'static str>,
}

impl Kept {
    fn of(p: &Params, ui: Ui, explicit_hl: bool) -> Kept {
        Kept {
            q: p.q.as_deref().map(str::trim).map(str::to_string),
            vendor: p.vendor(),
            kind: p.kind(),
            lang: p.lang(),
            noexpand: !p.expand(),
            and: p.and_mode(),
            limit: p.limit.clone().filter(|l| !l.trim().is_empty()),
            hl: explicit_hl.then_some(ui.code()),
        }
    }

    fn link(&self, path: &str) -> String {
        url(
            path,
            &[
                ("q", self.q.as_deref()),
                ("vendor", self.vendor.as_deref()),
                ("kind", self.kind.as_deref()),
                ("lang", self.lang.as_deref()),
                ("noexpand", self.noexpand.then_some("1")),
                ("and", self.and.then_some("1")),
                ("limit", self.limit.as_deref()),
                ("hl", self.hl),
            ],
        )
    }
}

/// A link that keeps the language only if the user chose it.
fn show_link(id: &str, hl: Option<&str>) -> String {
    url("/show", &[("ref", Some(id)), ("hl", hl)])
}

fn html_response(status: StatusCode, markup: Markup) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        markup.into_string(),
    )
        .into_response()
}

/// The frame of every page.
fn layout(ui: Ui, title: &str, active: &str, switch: &str, body: Markup) -> Markup {
    let t = ui.t();
    html! {
        (DOCTYPE)
        html lang=(ui.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " · klausel" }
                link rel="stylesheet" href="/assets/app.css";
                link rel="icon" href="/assets/icon.svg" type="image/svg+xml";
                script src="/assets/app.js" defer {}
            }
            body {
                a.skip href="#main" { (t.results) }
                header.top {
                    a.brand href=(url("/", &[("hl", Some(ui.code()))])) { "klausel" }
                    nav aria-label=(t.search) {
                        a href=(url("/", &[("hl", Some(ui.code()))])) aria-current=[(active == "search").then_some("page")] { (t.search) }
                        a href=(url("/compare", &[("hl", Some(ui.code()))])) aria-current=[(active == "compare").then_some("page")] { (t.compare) }
                    }
                    a.lang-switch href=(switch) hreflang=(ui.other().code()) lang=(ui.other().code()) { (t.switch_to) }
                }
                main #main { (body) }
            }
        }
    }
}

/// The search box, for `/` and `/compare`.
fn search_form(t: &Words, action: &str, s: &Kept) -> Markup {
    html! {
        form.search role="search" method="get" action=(action) {
            label for="q" { (t.query_label) }
            div.row {
                input #q type="search" name="q" value=[s.q.as_deref()] placeholder=(t.placeholder)
                    autocomplete="off" spellcheck="false" maxlength="4096" aria-describedby="slash-hint";
                button type="submit" { (t.submit) }
            }
            @if let Some(v) = &s.vendor { input type="hidden" name="vendor" value=(v); }
            @if let Some(k) = &s.kind { input type="hidden" name="kind" value=(k); }
            @if let Some(l) = &s.lang { input type="hidden" name="lang" value=(l); }
            @if s.noexpand { input type="hidden" name="noexpand" value="1"; }
            @if let Some(l) = &s.limit { input type="hidden" name="limit" value=(l); }
            @if let Some(h) = s.hl { input type="hidden" name="hl" value=(h); }
            div.options {
                label.check {
                    input type="checkbox" name="and" value="1" checked[s.and];
                    " " (t.and_mode)
                }
            }
            p #slash-hint .hint { (t.slash_hint) }
        }
    }
}

/// Appends `s` to `out`, HTML-escaped.
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// The hit's matches (byte ranges of its text) made safe to slice with:
/// inside the text, on character boundaries, non-empty, sorted, merged.
pub fn byte_ranges(text: &str, matches: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = matches
        .iter()
        .filter(|r| r.start < r.end && text.get(r.start..r.end).is_some())
        .cloned()
        .collect();
    out.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(out.len());
    for r in out {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// The clause text (cut around its first match when long) with the matches
/// in `<mark>`; every piece of text escaped.
pub fn highlighted(text: &str, matches: &[Range<usize>], whole: bool) -> Markup {
    let ranges = byte_ranges(text, matches);
    let (from, to) = if whole || text.chars().count() <= SNIPPET_CHARS {
        (0, text.len())
    } else {
        let first = ranges.first().map_or(0, |r| r.start);
        // Up to 150 characters before the first match, from a word start.
        let mut from = text[..first]
            .char_indices()
            .rev()
            .nth(150)
            .map_or(0, |(i, _)| i);
        if from > 0 {
            if let Some(space) = text[from..first].find(char::is_whitespace) {
                from += space + 1;
            }
        }
        let to = text[from..]
            .char_indices()
            .nth(SNIPPET_CHARS)
            .map_or(text.len(), |(i, _)| from + i);
        (from, to)
    };
    let mut out = String::with_capacity(to - from + 64);
    if from > 0 {
        out.push_str("… ");
    }
    let mut at = from;
    for r in ranges.iter().filter(|r| r.end > from && r.start < to) {
        let start = r.start.max(at);
        let end = r.end.min(to);
        if start >= end {
            continue;
        }
        escape_into(&mut out, &text[at..start]);
        out.push_str("<mark>");
        escape_into(&mut out, &text[start..end]);
        out.push_str("</mark>");
        at = end;
    }
    escape_into(&mut out, &text[at..to]);
    if to < text.len() {
        out.push_str(" …");
    }
    PreEscaped(out)
}

/// `§ 23 (7) Final Provisions`.
fn place(hit: &Hit) -> String {
    let mut place = hit.section.clone();
    if !hit.heading.is_empty() && hit.heading != hit.section {
        if !place.is_empty() {
            place.push(' ');
        }
        place.push_str(&hit.heading);
    }
    place
}

fn citation(t: &Words, hit: &Hit) -> Markup {
    html! {
        div.citation {
            cite { (hit.citation) }
            button.copy type="button" data-copy=(hit.citation) data-copied=(t.copied) hidden { (t.copy) }
        }
    }
}

fn heading_path(t: &Words, hit: &Hit) -> Markup {
    html! {
        @if !hit.heading_path.is_empty() {
            nav.headings aria-label=(t.heading_path) {
                ol {
                    @for h in &hit.heading_path { li { (h) } }
                }
            }
        }
    }
}

fn hit_card(t: &Words, hit: &Hit, hl: Option<&str>) -> Markup {
    html! {
        article.hit data-vendor=(hit.vendor) data-id=(hit.id) {
            h2 {
                span.rank { (hit.rank) ". " }
                span.vendor { (hit.vendor) }
            }
            p.meta {
                span.document { (hit.document) }
                @let p = place(hit);
                @if !p.is_empty() { " · " span.section { (p) } }
                " · " span.kind { (hit.kind.as_str()) } " · " span.lang { (hit.language.code()) }
            }
            (heading_path(t, hit))
            blockquote.text lang=(hit.language.code()) { (highlighted(&hit.text, &hit.matches, false)) }
            (citation(t, hit))
            p.links {
                a.context href=(show_link(&hit.id, hl)) { (t.in_context) }
                @if !hit.also_in.is_empty() {
                    " · " (t.also_in) " "
                    @for (i, loc) in hit.also_in.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href=(show_link(&loc.id, hl)) { (loc.document) " " (loc.section) }
                    }
                }
            }
        }
    }
}

/// Counts per facet value.
struct Facets {
    vendors: Vec<(String, usize)>,
    kinds: Vec<(String, usize)>,
    langs: Vec<(String, usize)>,
}

/// How many clauses each vendor, kind and language would leave, with the
/// other filters applied: one search for all vendors (each clause counted
/// for its vendor), one counting search per kind and language.
fn facets(searcher: &Searcher, p: &Params) -> Result<Facets, ApiError> {
    let q = p.query()?;
    let base = p.search_options()?;
    let lang_now = p.lang();
    let with = |vendor: Option<String>, kind: Option<String>, lang: Option<&str>| {
        let mut o = base.clone();
        o.limit = 0;
        o.vendor = vendor;
        o.kind = kind;
        o.query.lang = lang.and_then(klausel::model::Language::parse);
        o
    };
    // (dimension, value, options) for every count.
    let mut jobs: Vec<(u8, String, SearchOptions)> = Vec::new();
    let listed = searcher.vendors()?;
    let vendors = if listed.all().len() <= MAX_VENDOR_FACETS {
        let counts = searcher.count_per_vendor(q, &with(None, p.kind(), lang_now.as_deref()))?;
        listed
            .all()
            .iter()
            .map(|v| v.name.clone())
            .zip(counts)
            .collect()
    } else {
        Vec::new()
    };
    for k in KINDS {
        let o = with(p.vendor(), Some(k.to_string()), lang_now.as_deref());
        jobs.push((0, k.to_string(), o));
    }
    for l in LANGS {
        jobs.push((1, l.to_string(), with(p.vendor(), p.kind(), Some(l))));
    }
    // The counts are independent searches: spread over the cores.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    let counts: Vec<Result<usize, klausel::Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let jobs = &jobs;
                scope.spawn(move || {
                    jobs.iter()
                        .enumerate()
                        .filter(|(i, _)| i % threads == t)
                        .map(|(i, (_, _, o))| (i, searcher.search(q, o).map(|r| r.total_hits)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut all: Vec<(usize, Result<usize, klausel::Error>)> = Vec::with_capacity(jobs.len());
        for h in handles {
            match h.join() {
                Ok(part) => all.extend(part),
                Err(_) => all.push((
                    usize::MAX,
                    Err(klausel::Error::NotFound("a facet count failed".into())),
                )),
            }
        }
        all.sort_by_key(|(i, _)| *i);
        all.into_iter().map(|(_, r)| r).collect()
    });
    let mut facets = Facets {
        vendors,
        kinds: Vec::new(),
        langs: Vec::new(),
    };
    for ((dim, value, _), n) in jobs.into_iter().zip(counts) {
        let n = n?;
        match dim {
            0 => facets.kinds.push((value, n)),
            _ => facets.langs.push((value, n)),
        }
    }
    Ok(facets)
}

fn facet_group(
    title: &str,
    name: &str,
    values: &[(String, usize)],
    current: Option<&str>,
    s: &Kept,
    t: &Words,
) -> Markup {
    let with = |v: Option<&str>| {
        let mut s = s.clone();
        let v = v.map(str::to_string);
        match name {
            "vendor" => s.vendor = v,
            "kind" => s.kind = v,
            _ => s.lang = v,
        }
        s.link("/")
    };
    html! {
        section.facet data-facet=(name) aria-label=(title) {
            h3 { (title) }
            ul {
                @for (value, n) in values {
                    @let active = current.is_some_and(|c| c.eq_ignore_ascii_case(value));
                    @if *n > 0 || active {
                        li {
                            @if active {
                                a.active href=(with(None)) aria-current="true" title=(t.remove_filter) data-value=(value) {
                                    span.value { (value) } " " span.count { (n) } " ×"
                                }
                            } @else {
                                a href=(with(Some(value))) data-value=(value) {
                                    span.value { (value) } " " span.count { (n) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn expansions_line(t: &Words, r: &SearchResult, s: &Kept, path: &str) -> Markup {
    let toggle = |noexpand: bool| {
        let mut s = s.clone();
        s.noexpand = noexpand;
        s.link(path)
    };
    expansions_markup(t, &r.expansions, s.noexpand, &toggle(!s.noexpand))
}

fn expansions_markup(
    t: &Words,
    expansions: &[klausel::search::plan::ExpansionInfo],
    off: bool,
    toggle: &str,
) -> Markup {
    html! {
        @if off {
            p.expansions #expansions {
                (t.expansions_are_off) " "
                a.toggle href=(toggle) { (t.expansions_on) }
            }
        } @else if !expansions.is_empty() {
            p.expansions #expansions {
                (t.expanded) ": "
                @for (i, e) in expansions.iter().enumerate() {
                    @if i > 0 { "; " }
                    span.expansion {
                        (e.matched) " → "
                        @let terms = other_language_first(e);
                        @let shown: Vec<&str> = terms.iter().take(4).copied().collect();
                        (shown.join(", "))
                        @if terms.len() > shown.len() { ", …" }
                    }
                }
                " "
                a.toggle href=(toggle) { (t.expansions_off) }
            }
        }
    }
}

/// The terms a concept added, those of the other language than the
/// matched words first (`Gerichtsstand → place of jurisdiction, …`),
/// without the `lang:` prefix and without the matched words themselves.
fn other_language_first(e: &klausel::search::plan::ExpansionInfo) -> Vec<&str> {
    let words: Vec<&str> = e.matched.split_whitespace().collect();
    let typed = klausel::thesaurus::Thesaurus::builtin().query_language(&words);
    let mut terms: Vec<(bool, &str)> = e
        .terms
        .iter()
        .map(|t| match t.split_once(':') {
            Some((lang, term)) => (typed.is_some_and(|l| l.code() == lang), term),
            None => (false, t.as_str()),
        })
        .filter(|(_, term)| !term.eq_ignore_ascii_case(&e.matched))
        .collect();
    // Stable: the thesaurus's order within each language.
    terms.sort_by_key(|(same, _)| *same);
    terms.into_iter().map(|(_, t)| t).collect()
}

fn switch_link(uri: &Uri, ui: Ui) -> String {
    // The same URL with hl= the other language.
    let path = uri.path();
    let mut pairs: Vec<(String, String)> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("hl="))
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (k.to_string(), v.to_string())
        })
        .collect();
    pairs.push(("hl".into(), ui.other().code().into()));
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{path}?{}", query.join("&"))
}

/// A page request's parameters and language, or the error page for them.
fn page_params(p: ParamsResult, headers: &HeaderMap) -> Result<(Params, Ui), Box<Response>> {
    let p = api::params(p)
        .map_err(|e| Box::new(error_page(&e, Some(Ui::choose(None, accept(headers))))))?;
    let ui = ui(&p, headers);
    Ok((p, ui))
}

/// `GET /`: the search page.
pub async fn search(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    uri: Uri,
    p: ParamsResult,
) -> Response {
    let (p, ui) = match page_params(p, &headers) {
        Ok(v) => v,
        Err(page) => return *page,
    };
    let t = ui.t();
    let s = Kept::of(&p, ui, p.hl.is_some());
    let has_query = p.q.as_deref().is_some_and(|q| !q.trim().is_empty());
    let outcome = if has_query {
        let p2 = p.clone();
        Some(
            api::blocking(move || {
                // One commit for the hits and their facet counts.
                let searcher = shared.searcher();
                let r = api::run_search(&searcher, &p2)?;
                let f = facets(&searcher, &p2)?;
                Ok((r, f))
            })
            .await,
        )
    } else {
        None
    };
    let switch = switch_link(&uri, ui);
    let (status, content) = match outcome {
        None => (
            StatusCode::OK,
            html! {
                h1.visually-hidden { (t.search) }
                (search_form(t, "/", &s))
                p.intro { (t.intro) }
            },
        ),
        Some(Err(e)) => (
            e.status(),
            html! {
                h1.visually-hidden { (t.search) }
                (search_form(t, "/", &s))
                (error_box(t, &e))
            },
        ),
        Some(Ok((r, f))) => (StatusCode::OK, results(t, &r, &f, &s)),
    };
    let title = match &s.q {
        Some(q) if !q.is_empty() => format!("{q} · {}", t.search),
        _ => t.search.to_string(),
    };
    html_response(status, layout(ui, &title, "search", &switch, content))
}

fn accept(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
}

fn results(t: &Words, r: &SearchResult, f: &Facets, s: &Kept) -> Markup {
    let hl = s.hl;
    html! {
        h1.visually-hidden { (t.search) }
        (search_form(t, "/", s))
        div.layout {
            aside.facets aria-label=(t.facets) {
                h2 { (t.facets) }
                @if !f.vendors.is_empty() {
                    (facet_group(t.vendor, "vendor", &f.vendors, s.vendor.as_deref(), s, t))
                }
                (facet_group(t.kind, "kind", &f.kinds, s.kind.as_deref(), s, t))
                (facet_group(t.language, "lang", &f.langs, s.lang.as_deref(), s, t))
            }
            section #results .results aria-live="polite" aria-label=(t.results) {
                p.summary #summary data-total=(r.total_hits) {
                    strong { (r.total_hits) } " " (t.hits)
                    " · " (format!("{:.1} ms", r.took_ms))
                    " · " a href=(s.link("/compare")) { (t.compare) " →" }
                }
                (expansions_line(t, r, s, "/"))
                @if r.hits.is_empty() {
                    p.empty { (t.no_hits) }
                }
                @for hit in &r.hits {
                    (hit_card(t, hit, hl))
                }
            }
        }
    }
}

/// `GET /compare`: one row per vendor.
pub async fn compare(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    uri: Uri,
    p: ParamsResult,
) -> Response {
    let (p, ui) = match page_params(p, &headers) {
        Ok(v) => v,
        Err(page) => return *page,
    };
    let t = ui.t();
    let s = Kept::of(&p, ui, p.hl.is_some());
    let has_query = p.q.as_deref().is_some_and(|q| !q.trim().is_empty());
    let outcome = if has_query {
        let p2 = p.clone();
        Some(api::blocking(move || api::run_compare(&shared, &p2)).await)
    } else {
        None
    };
    let switch = switch_link(&uri, ui);
    let (status, content) = match outcome {
        None => (
            StatusCode::OK,
            html! {
                h1.visually-hidden { (t.compare) }
                (search_form(t, "/compare", &s))
            },
        ),
        Some(Err(e)) => (
            e.status(),
            html! {
                h1.visually-hidden { (t.compare) }
                (search_form(t, "/compare", &s))
                (error_box(t, &e))
            },
        ),
        Some(Ok(r)) => (StatusCode::OK, compare_table(t, &r, &s)),
    };
    let title = match &s.q {
        Some(q) if !q.is_empty() => format!("{q} · {}", t.compare),
        _ => t.compare.to_string(),
    };
    html_response(status, layout(ui, &title, "compare", &switch, content))
}

fn strength<'a>(t: &'a Words, row: &VendorRow) -> &'a str {
    if row.relative >= 0.75 {
        t.strong
    } else if row.relative >= 0.4 {
        t.partial
    } else {
        t.weak
    }
}

fn compare_table(t: &Words, r: &CompareResult, s: &Kept) -> Markup {
    let found = r.vendors.iter().filter(|v| v.found).count();
    let toggle = {
        let mut s2 = s.clone();
        s2.noexpand = !s.noexpand;
        s2.link("/compare")
    };
    html! {
        h1.visually-hidden { (t.compare) }
        (search_form(t, "/compare", s))
        section #results .results aria-label=(t.results) {
            p.summary #summary data-found=(found) data-vendors=(r.vendors.len()) {
                strong { (found) " / " (r.vendors.len()) } " " (t.vendor)
                " · " (format!("{:.1} ms", r.took_ms))
                " · " a href=(s.link("/")) { (t.search) " →" }
                " · " (t.export) ": "
                a.export href=(s.link("/compare.csv")) download="klausel-compare.csv" { "CSV" }
                " "
                a.export href=(s.link("/compare.md")) download="klausel-compare.md" { "Markdown" }
            }
            (expansions_markup(t, &r.expansions, s.noexpand, &toggle))
            div.table-wrap {
                table.compare {
                    caption.visually-hidden { (t.compare) ": " (r.query) }
                    thead {
                        tr {
                            th scope="col" { (t.vendor) }
                            th scope="col" { (t.clause) }
                            th scope="col" { (t.relative) }
                        }
                    }
                    tbody {
                        @for row in &r.vendors {
                            tr.vendor-row data-vendor=(row.vendor) data-found=(row.found) {
                                th scope="row" { (row.vendor) }
                                @if let Some(hit) = row.hits.first() {
                                    td {
                                        a.clause-link href=(show_link(&hit.id, s.hl)) {
                                            (hit.document)
                                            @let p = place(hit);
                                            @if !p.is_empty() { " · " (p) }
                                        }
                                        blockquote.text lang=(hit.language.code()) { (highlighted(&hit.text, &hit.matches, false)) }
                                        (citation(t, hit))
                                        @for extra in row.hits.iter().skip(1) {
                                            p.more { a href=(show_link(&extra.id, s.hl)) { (extra.document) " · " (place(extra)) } }
                                        }
                                    }
                                    td.relative {
                                        meter min="0" max="1" value=(format!("{:.2}", row.relative)) aria-label=(t.relative) {}
                                        " " (format!("{:.2}", row.relative)) " " span.strength { (strength(t, row)) }
                                    }
                                } @else {
                                    td.none colspan="2" { (t.no_clause) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `GET /show?ref=…`: a clause in context.
pub async fn show(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    uri: Uri,
    p: ParamsResult,
) -> Response {
    let (p, ui) = match page_params(p, &headers) {
        Ok(v) => v,
        Err(page) => return *page,
    };
    let t = ui.t();
    let hl = p.hl.is_some().then_some(ui.code());
    let p2 = p.clone();
    let outcome = api::blocking(move || api::run_show(&shared, &p2)).await;
    let switch = switch_link(&uri, ui);
    match outcome {
        Err(e) => error_page(&e, Some(ui)),
        Ok(r) => {
            let title = format!("{} · {}", r.clause.citation, t.show);
            html_response(
                StatusCode::OK,
                layout(ui, &title, "show", &switch, show_body(t, &r, hl)),
            )
        }
    }
}

fn show_body(t: &Words, r: &ShowResult, hl: Option<&str>) -> Markup {
    let c = &r.clause;
    let lines = if c.line_start == c.line_end {
        format!("{}:{}", c.path, c.line_start)
    } else {
        format!("{}:{}-{}", c.path, c.line_start, c.line_end)
    };
    let neighbour = |label: &str, h: &Option<Hit>, edge: &str, class: &str| {
        html! {
            section class=(format!("neighbour {class}")) aria-label=(label) {
                h2 { (label) }
                @if let Some(h) = h {
                    p.meta { a href=(show_link(&h.id, hl)) { (place(h)) } " · " (t.lines) " " (h.line_start) "–" (h.line_end) }
                    blockquote.text lang=(h.language.code()) { (h.text) }
                } @else {
                    p.edge { (edge) }
                }
            }
        }
    };
    html! {
        article.show #clause data-id=(c.id) {
            (heading_path(t, c))
            h1 { (c.vendor) " · " (c.document) @let p = place(c); @if !p.is_empty() { " · " (p) } }
            (neighbour(t.before, &r.before, t.start_of_file, "before"))
            section.clause aria-label=(t.clause) {
                h2 { (t.clause) " · " span.lines { (lines) } }
                blockquote.text.current lang=(c.language.code()) { (c.text) }
                (citation(t, c))
                p.links {
                    a.source href=(format!("{}#{}", url("/file", &[("path", Some(&c.path)), ("hl", hl)]), enc(&c.id))) { (t.source) }
                }
            }
            (neighbour(t.after, &r.after, t.end_of_file, "after"))
        }
    }
}

/// `GET /file?path=…`: every record of one indexed file, in order, from
/// the index (never the file itself).
pub async fn file(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    uri: Uri,
    p: ParamsResult,
) -> Response {
    let (p, ui) = match page_params(p, &headers) {
        Ok(v) => v,
        Err(page) => return *page,
    };
    let t = ui.t();
    let hl = p.hl.is_some().then_some(ui.code());
    let path = match p.path.as_deref().map(str::trim) {
        Some(path) if !path.is_empty() && path.len() <= api::MAX_REF => path.to_string(),
        _ => {
            return error_page(
                &ApiError::BadRequest {
                    kind: "usage",
                    message: "the file is missing or too long (path=…)".into(),
                },
                Some(ui),
            )
        }
    };
    let path2 = path.clone();
    let outcome = api::blocking(move || {
        let searcher = shared.searcher();
        let records = searcher.file(&path2, MAX_FILE_RECORDS)?;
        if records.is_empty() {
            return Err(klausel::Error::NotFound(path2).into());
        }
        Ok(records)
    })
    .await;
    let switch = switch_link(&uri, ui);
    match outcome {
        Err(e) => error_page(&e, Some(ui)),
        Ok(records) => {
            let body = html! {
                h1 { (path) }
                @if let Some(first) = records.first() { p.meta { (first.vendor) " · " (first.document) } }
                ol.records {
                    @for r in &records {
                        li.record id=(r.id) {
                            p.meta {
                                a href=(show_link(&r.id, hl)) { @let p = place(r); @if p.is_empty() { (r.id) } @else { (p) } }
                                " · " (t.lines) " " (r.line_start) "–" (r.line_end)
                            }
                            blockquote.text lang=(r.language.code()) { (r.text) }
                        }
                    }
                }
            };
            html_response(StatusCode::OK, layout(ui, &path, "show", &switch, body))
        }
    }
}

fn error_box(t: &Words, e: &ApiError) -> Markup {
    html! {
        div.error role="alert" data-kind=(e.kind()) {
            strong { (t.error) " " (e.status().as_u16()) ": " }
            (e.message())
        }
    }
}

/// An error as a page, with its status.
pub fn error_page(e: &ApiError, ui: Option<Ui>) -> Response {
    let ui = ui.unwrap_or(Ui::En);
    let t = ui.t();
    let body = html! {
        h1 { (t.error) " " (e.status().as_u16()) }
        (error_box(t, e))
        p { a href="/" { (t.search) } }
    };
    html_response(
        e.status(),
        layout(
            ui,
            t.error,
            "",
            &format!("/?hl={}", ui.other().code()),
            body,
        ),
    )
}

/// Any other path: 404.
pub async fn not_found(headers: HeaderMap, uri: Uri) -> Response {
    let ui = Ui::choose(None, accept(&headers));
    let e = ApiError::NotFound(ui.t().not_found.to_string());
    if uri.path().starts_with("/api/") {
        return e.into_response();
    }
    error_page(&e, Some(ui))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_escape_and_mark() {
        let text = "<script>alert(1)</script> place of jurisdiction \"><img onerror=x>";
        let a = text.find("place").unwrap();
        let b = a + "place of jurisdiction".len();
        let html = highlighted(text, std::slice::from_ref(&(a..b)), false).into_string();
        assert_eq!(
            html,
            "&lt;script&gt;alert(1)&lt;/script&gt; <mark>place of jurisdiction</mark> &quot;&gt;&lt;img onerror=x&gt;"
        );
    }

    #[test]
    #[allow(clippy::reversed_empty_ranges)] // reversed ranges are the point
    fn highlight_ranges_are_bounded() {
        // Byte 4 is inside `ä` (bytes 3..5), not a character boundary: dropped.
        assert_eq!(byte_ranges("Gewähr ist", &[4..6, 8..11]), vec![8..11]);
        // Out of range, reversed and overlapping ranges never panic.
        assert_eq!(byte_ranges("abc", &[2..9, 3..1, 0..2, 1..3]), vec![0..3]);
        assert_eq!(
            highlighted("abc", &[2..9, 5..6], false).into_string(),
            "abc"
        );
    }

    #[test]
    fn long_clauses_are_cut_around_the_first_match() {
        let text = format!("{} Gerichtsstand {}", "a ".repeat(400), "b ".repeat(400));
        let at = text.find("Gerichtsstand").unwrap();
        let html = highlighted(&text, std::slice::from_ref(&(at..at + 13)), false).into_string();
        assert!(html.starts_with("… a "), "{html}");
        assert!(html.contains("<mark>Gerichtsstand</mark>"));
        assert!(html.ends_with(" …"));
        assert!(html.chars().count() < 700);
    }

    #[test]
    fn urls_encode_everything_but_unreserved() {
        assert_eq!(
            url(
                "/",
                &[("q", Some("§ 23 \"a&b\"")), ("x", None), ("y", Some(""))]
            ),
            "/?q=%C2%A7%2023%20%22a%26b%22"
        );
    }
}
