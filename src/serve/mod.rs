//! `klausel serve`: a local web page (search, compare, show) and a JSON API
//! over one index.
//!
//! Invariants:
//! - Read-only: the server answers from the index's records and its own
//!   embedded assets, nothing else; no route takes a file name.
//! - Every text from a document reaches the page through a maud template,
//!   which escapes it; highlights are built from the hit's `text` and its
//!   `matches` (byte ranges), never from marked-up snippets.
//! - Each request sees the index's latest commit: the open searcher is
//!   replaced when `meta.json` changes (see [`state`]).
//! - No input panics: parameters are parsed into typed values, and every
//!   failure is an [`api::ApiError`] with a 4xx or 5xx status.

mod api;
mod i18n;
mod page;
mod state;

use anyhow::{Context, Result};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

pub use state::Shared;

/// What `klausel serve` was asked to do.
#[derive(Debug, Clone)]
pub struct Config {
    /// The index folder.
    pub dir: PathBuf,
    /// The address to listen on.
    pub host: IpAddr,
    /// The port (0: any free port).
    pub port: u16,
    /// Open the page in the default browser.
    pub open: bool,
}

/// The longest query string accepted (the query itself is at most 4096
/// bytes; percent-encoding can triple that).
pub const MAX_QUERY_STRING: usize = 16 * 1024;
/// The largest request body accepted: no route takes one.
pub const MAX_BODY: u64 = 0;

/// The Content-Security-Policy of every response: no inline script or
/// style, nothing from anywhere but this server.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Serves the index until the process is stopped.
pub fn run(config: &Config) -> Result<()> {
    let shared = Arc::new(Shared::open(&config.dir)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8)))
        .enable_io()
        .enable_time()
        .build()
        .context("starting the server's runtime")?;
    runtime.block_on(async move {
        let addr = SocketAddr::new(config.host, config.port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("listening on {addr}"))?;
        let local = listener.local_addr().context("reading the bound address")?;
        let url = format!("http://{local}/");
        if !config.host.is_loopback() {
            eprintln!(
                "klausel: warning: listening on {local}: anyone who can reach this machine can read the index; the page has no login"
            );
        }
        eprintln!(
            "klausel: serving {} at {url} (Ctrl-C stops)",
            config.dir.display()
        );
        if config.open {
            open_browser(&url);
        }
        axum::serve(listener, router(shared))
            .await
            .context("serving")
    })
}

/// All routes, with the security headers, limits and request log around them.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(page::search))
        .route("/compare", get(page::compare))
        .route("/compare.csv", get(api::compare_csv))
        .route("/compare.md", get(api::compare_markdown))
        .route("/show", get(page::show))
        .route("/file", get(page::file))
        .route("/api/search", get(api::search))
        .route("/api/compare", get(api::compare))
        .route("/api/show", get(api::show))
        .route("/assets/app.css", get(asset_css))
        .route("/assets/app.js", get(asset_js))
        .route("/assets/icon.svg", get(asset_icon))
        .fallback(page::not_found)
        .layer(middleware::from_fn(limits))
        .layer(middleware::from_fn(log_and_headers))
        .with_state(shared)
}

async fn asset_css() -> Response {
    asset("text/css; charset=utf-8", include_str!("assets/app.css"))
}

async fn asset_js() -> Response {
    asset(
        "text/javascript; charset=utf-8",
        include_str!("assets/app.js"),
    )
}

async fn asset_icon() -> Response {
    asset("image/svg+xml", include_str!("assets/icon.svg"))
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// Refuses what no route accepts before any handler runs: a method other
/// than GET or HEAD (405), a body (413), an overlong query string (414).
async fn limits(req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return api::ApiError::MethodNotAllowed.into_response_for(req.uri().path());
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let chunked = req.headers().contains_key(header::TRANSFER_ENCODING);
    if declared.is_some_and(|n| n > MAX_BODY) || chunked {
        return api::ApiError::BodyTooLarge.into_response_for(req.uri().path());
    }
    if req
        .uri()
        .query()
        .is_some_and(|q| q.len() > MAX_QUERY_STRING)
    {
        return api::ApiError::UriTooLong.into_response_for(req.uri().path());
    }
    next.run(req).await
}

/// Sets the security headers on every response and logs one line per
/// request on stderr: method, path and query, status, milliseconds.
async fn log_and_headers(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let target = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_string(), |p| p.as_str().to_string());
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    let status = response.status();
    eprintln!(
        "klausel: {method} {} {} {:.1} ms",
        crate::printer::esc(&api::excerpt_n(&target, 200)),
        status.as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

/// Opens `url` in the desktop's browser; a failure is a warning, the
/// server keeps running.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("klausel: warning: could not open a browser ({opener}: {e}); open {url}");
    }
}
