//! The JSON API (`/api/search`, `/api/compare`, `/api/show`), the compare
//! exports, the request parameters and the errors, shared with the page.
//!
//! The JSON is the CLI's: the bodies are written by the printer functions
//! behind `--format json`, so the API has exactly the CLI's fields.

use super::Shared;
use crate::printer;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use klausel::model::Language;
use klausel::search::{CompareResult, SearchOptions, SearchResult, Searcher, ShowResult};
use serde::Deserialize;
use std::sync::Arc;

/// The most hits one search returns.
pub const MAX_LIMIT: usize = 100;
/// The most clauses per vendor `compare` returns.
pub const MAX_TOP: usize = 10;
/// The longest clause reference `show` accepts, in bytes.
pub const MAX_REF: usize = 1024;

/// The query string of every route, as sent. Each field is checked by
/// [`Params::search_options`] and friends, which say what is wrong.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct Params {
    /// The query.
    pub q: Option<String>,
    /// `vendor:` filter.
    pub vendor: Option<String>,
    /// `kind:` filter.
    pub kind: Option<String>,
    /// `lang:` filter.
    pub lang: Option<String>,
    /// `1`: no thesaurus expansion.
    pub noexpand: Option<String>,
    /// `1`: AND mode.
    pub and: Option<String>,
    /// Most hits.
    pub limit: Option<String>,
    /// Clauses per vendor in `compare`.
    pub top: Option<String>,
    /// A clause reference for `show`.
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    /// The page's language (`de`, `en`).
    pub hl: Option<String>,
    /// An indexed file, for the whole-file view.
    pub path: Option<String>,
}

fn flag(v: &Option<String>) -> bool {
    matches!(v.as_deref(), Some("1" | "true" | "on" | "yes"))
}

fn non_empty(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn number(name: &str, v: &Option<String>, default: usize, max: usize) -> Result<usize, ApiError> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::BadRequest {
                kind: "invalid",
                message: format!("{name} must be a number from 1 to {max}"),
            }),
        },
    }
}

impl Params {
    /// The query, required and non-empty.
    pub fn query(&self) -> Result<&str, ApiError> {
        match self.q.as_deref().map(str::trim) {
            Some(q) if !q.is_empty() => Ok(q),
            _ => Err(ApiError::BadRequest {
                kind: "usage",
                message: "the query is missing (q=…)".into(),
            }),
        }
    }

    /// Whether expansion is on.
    pub fn expand(&self) -> bool {
        !flag(&self.noexpand)
    }

    /// Whether AND mode is on.
    pub fn and_mode(&self) -> bool {
        flag(&self.and)
    }

    /// The vendor filter.
    pub fn vendor(&self) -> Option<String> {
        non_empty(&self.vendor)
    }

    /// The kind filter.
    pub fn kind(&self) -> Option<String> {
        non_empty(&self.kind)
    }

    /// The language filter, as given.
    pub fn lang(&self) -> Option<String> {
        non_empty(&self.lang)
    }

    /// The options of a search or comparison.
    pub fn search_options(&self) -> Result<SearchOptions, ApiError> {
        let mut opts = SearchOptions {
            limit: number("limit", &self.limit, 10, MAX_LIMIT)?,
            ..SearchOptions::default()
        };
        opts.query.and_mode = self.and_mode();
        opts.query.expand = self.expand();
        opts.query.lang = match self.lang() {
            None => None,
            Some(l) => Some(Language::parse(&l).ok_or_else(|| ApiError::BadRequest {
                kind: "invalid",
                message: format!("lang must be de or en, not {:?}", excerpt(&l)),
            })?),
        };
        opts.vendor = self.vendor();
        opts.kind = self.kind();
        Ok(opts)
    }

    /// Clauses per vendor for `compare`.
    pub fn top(&self) -> Result<usize, ApiError> {
        number("top", &self.top, 1, MAX_TOP)
    }

    /// The clause reference for `show`.
    pub fn reference(&self) -> Result<&str, ApiError> {
        match self.reference.as_deref().map(str::trim) {
            Some(r) if r.len() > MAX_REF => Err(ApiError::BadRequest {
                kind: "invalid",
                message: format!("ref is too long: {} bytes, at most {MAX_REF}", r.len()),
            }),
            Some(r) if !r.is_empty() => Ok(r),
            _ => Err(ApiError::BadRequest {
                kind: "usage",
                message: "the clause reference is missing (ref=…)".into(),
            }),
        }
    }
}

/// At most the first 80 characters, for a message.
pub fn excerpt(s: &str) -> String {
    excerpt_n(s, 80)
}

/// At most the first `n` characters, and `…` when cut.
pub fn excerpt_n(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// Why a request failed, with its HTTP status and a stable `kind` (the
/// CLI's error kinds, plus the HTTP ones).
#[derive(Debug)]
pub enum ApiError {
    /// 400: a parameter or the query is wrong.
    BadRequest {
        /// The error kind (`bad_query`, `invalid`, `usage`).
        kind: &'static str,
        /// What is wrong.
        message: String,
    },
    /// 404: no such clause or route.
    NotFound(String),
    /// 410: an id whose clause changed or was removed.
    Gone(String),
    /// 405: only GET and HEAD are served.
    MethodNotAllowed,
    /// 413: a request with a body.
    BodyTooLarge,
    /// 414: an overlong query string.
    UriTooLong,
    /// 503: the index is being built.
    Unavailable(String),
    /// 500: the index failed.
    Internal {
        /// The error kind.
        kind: &'static str,
        /// What happened.
        message: String,
    },
}

impl From<klausel::Error> for ApiError {
    fn from(e: klausel::Error) -> ApiError {
        let kind = e.kind();
        let message = e.to_string();
        match e {
            klausel::Error::Query(_)
            | klausel::Error::UnknownVendor { .. }
            | klausel::Error::AmbiguousVendor { .. }
            | klausel::Error::UnknownKind(_)
            | klausel::Error::UnknownLanguage(_)
            | klausel::Error::NotACitation(_) => ApiError::BadRequest { kind, message },
            klausel::Error::NotFound(_) => ApiError::NotFound(message),
            klausel::Error::ClauseChanged(_) => ApiError::Gone(message),
            klausel::Error::BeingBuilt(_) | klausel::Error::NoIndex(_) => {
                ApiError::Unavailable(message)
            }
            _ => ApiError::Internal { kind, message },
        }
    }
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Gone(_) => StatusCode::GONE,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UriTooLong => StatusCode::URI_TOO_LONG,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable kind, as in the CLI's `{"version":1,"type":"error","kind":…}`.
    pub fn kind(&self) -> &'static str {
        match self {
            ApiError::BadRequest { kind, .. } | ApiError::Internal { kind, .. } => kind,
            ApiError::NotFound(_) => "not_found",
            ApiError::Gone(_) => "clause_changed",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::BodyTooLarge => "body_too_large",
            ApiError::UriTooLong => "uri_too_long",
            ApiError::Unavailable(_) => "being_built",
        }
    }

    /// The message for a person.
    pub fn message(&self) -> String {
        match self {
            ApiError::BadRequest { message, .. } | ApiError::Internal { message, .. } => {
                message.clone()
            }
            ApiError::NotFound(m) | ApiError::Gone(m) | ApiError::Unavailable(m) => m.clone(),
            ApiError::MethodNotAllowed => "only GET and HEAD are served".into(),
            ApiError::BodyTooLarge => "requests may not have a body".into(),
            ApiError::UriTooLong => format!(
                "the query string is too long (at most {} bytes)",
                super::MAX_QUERY_STRING
            ),
        }
    }

    /// As JSON for `/api/…`, as a page elsewhere.
    pub fn into_response_for(self, path: &str) -> Response {
        if path.starts_with("/api/") {
            self.into_response()
        } else {
            super::page::error_page(&self, None)
        }
    }
}

impl IntoResponse for ApiError {
    /// `{"version":1,"type":"error","kind":"bad_query","message":"…"}`, as
    /// the CLI prints errors under `--format json`.
    fn into_response(self) -> Response {
        if let ApiError::Internal { message, .. } = &self {
            eprintln!("klausel: error: {}", printer::esc(message));
        }
        let mut body = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = printer::error_line(&mut body, self.kind(), &self.message());
        (
            self.status(),
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    }
}

/// The parameters, or a 400 that says why the query string is malformed.
pub type ParamsResult = Result<Query<Params>, axum::extract::rejection::QueryRejection>;

/// The parameters of a request, or the 400 for a malformed query string.
pub fn params(p: ParamsResult) -> Result<Params, ApiError> {
    p.map(|Query(p)| p).map_err(|e| ApiError::BadRequest {
        kind: "usage",
        message: format!("malformed query string: {}", e.body_text()),
    })
}

/// Runs blocking index work off the async workers.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r,
        Err(e) => Err(ApiError::Internal {
            kind: "internal",
            message: format!("internal error: {e}; please report it"),
        }),
    }
}

/// A search, as the page and the API run it.
pub fn run_search(searcher: &Searcher, p: &Params) -> Result<SearchResult, ApiError> {
    let opts = p.search_options()?;
    let q = p.query()?;
    Ok(searcher.search(q, &opts)?)
}

/// A comparison, as the page, the API and the exports run it.
pub fn run_compare(shared: &Shared, p: &Params) -> Result<CompareResult, ApiError> {
    let opts = p.search_options()?;
    let top = p.top()?;
    let q = p.query()?;
    Ok(shared.searcher().compare(q, top, &opts)?)
}

/// A clause in context, as the page and the API run it.
pub fn run_show(shared: &Shared, p: &Params) -> Result<ShowResult, ApiError> {
    let r = p.reference()?;
    Ok(shared.searcher().show(r)?)
}

fn written(
    content_type: &'static str,
    write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>,
) -> Response {
    let mut body = Vec::new();
    match write(&mut body) {
        Ok(()) => ([(header::CONTENT_TYPE, content_type)], body).into_response(),
        Err(e) => ApiError::Internal {
            kind: "io",
            message: e.to_string(),
        }
        .into_response(),
    }
}

/// `GET /api/search?q=…`: the object of `klausel search --format json`.
pub async fn search(State(shared): State<Arc<Shared>>, p: ParamsResult) -> Response {
    let result = async {
        let p = params(p)?;
        blocking(move || run_search(&shared.searcher(), &p)).await
    }
    .await;
    match result {
        Ok(r) => written("application/json", |w| printer::search_json(w, &r)),
        Err(e) => e.into_response(),
    }
}

/// `GET /api/compare?q=…`: the object of `klausel compare --format json`.
pub async fn compare(State(shared): State<Arc<Shared>>, p: ParamsResult) -> Response {
    let result = async {
        let p = params(p)?;
        blocking(move || run_compare(&shared, &p)).await
    }
    .await;
    match result {
        Ok(r) => written("application/json", |w| printer::compare_json(w, &r)),
        Err(e) => e.into_response(),
    }
}

/// `GET /api/show?ref=…`: the object of `klausel show --format json`.
pub async fn show(State(shared): State<Arc<Shared>>, p: ParamsResult) -> Response {
    let result = async {
        let p = params(p)?;
        blocking(move || run_show(&shared, &p)).await
    }
    .await;
    match result {
        Ok(r) => written("application/json", |w| printer::show_json(w, &r)),
        Err(e) => e.into_response(),
    }
}

async fn export(
    shared: Arc<Shared>,
    p: ParamsResult,
    content_type: &'static str,
    extension: &'static str,
    write: fn(&mut Vec<u8>, &CompareResult) -> std::io::Result<()>,
) -> Response {
    let result = async {
        let p = params(p)?;
        blocking(move || run_compare(&shared, &p)).await
    }
    .await;
    match result {
        Ok(r) => {
            let mut response = written(content_type, |w| write(w, &r));
            let disposition = format!("attachment; filename=\"klausel-compare.{extension}\"");
            if let Ok(v) = header::HeaderValue::from_str(&disposition) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_DISPOSITION, v);
            }
            response
        }
        Err(e) => super::page::error_page(&e, None),
    }
}

/// `GET /compare.csv?q=…`: `klausel compare --format csv`.
pub async fn compare_csv(State(shared): State<Arc<Shared>>, p: ParamsResult) -> Response {
    export(shared, p, "text/csv; charset=utf-8", "csv", |w, r| {
        printer::compare_csv(w, r)
    })
    .await
}

/// `GET /compare.md?q=…`: `klausel compare --format markdown`.
pub async fn compare_markdown(State(shared): State<Arc<Shared>>, p: ParamsResult) -> Response {
    export(shared, p, "text/markdown; charset=utf-8", "md", |w, r| {
        printer::compare_markdown(w, r)
    })
    .await
}
