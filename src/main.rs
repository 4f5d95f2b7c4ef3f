//! The klausel binary: parses the command line, calls the library, prints,
//! and maps the outcome to an exit code (0 hits, 1 no hits, 2 error).

mod cli;
mod printer;
mod serve;

/// mimalloc: indexing allocates and frees many small strings on several
/// threads, where it is faster than the system allocator. Built with
/// `no_thp`: with transparent huge pages the kernel zeroed a fresh 2 MB page
/// each time mimalloc reused purged memory (8% of the CPU samples).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{Context, Result};
use clap::Parser;
use cli::{Cli, ColorChoice, Command, CompareFormat, PlainFormat, QueryArgs, SearchFormat};
use klausel::index::{self, BuildOptions};
use klausel::model::{DocKind, Language};
use klausel::search::{SearchOptions, Searcher};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The default corpus folder.
const DEFAULT_CORPUS: &str = "corpus";
/// The default index folder.
const DEFAULT_INDEX: &str = "index";

/// Exit codes, as grep has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    /// Hits found (or the command succeeded).
    Hits = 0,
    /// The query found nothing.
    NoHits = 1,
    /// Something went wrong.
    Error = 2,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                Exit::Error
            } else {
                Exit::Hits
            };
            // A mistake caught by the argument parser (`--lang fr`) is an
            // error like any other for a script that asked for JSON.
            if e.use_stderr() && args_want_json(std::env::args_os().skip(1)) {
                let text = e.render().to_string();
                let first = text.lines().next().unwrap_or("");
                printer::error_json("usage", first.trim_start_matches("error: "));
            }
            let _ = e.print();
            return ExitCode::from(code as u8);
        }
    };
    quiet_panics();
    let json_errors = wants_json(&cli);
    let outcome = std::panic::catch_unwind(|| run(cli));
    let code = match outcome {
        Ok(Ok(code)) => code,
        // The library turns panics of tantivy into errors; one that still
        // gets here is a bug of klausel, reported without a backtrace.
        Err(_) => {
            let message = format!(
                "internal error: {}; please report it",
                PANIC
                    .lock()
                    .ok()
                    .and_then(|m| m.clone())
                    .unwrap_or_else(|| "a panic".into())
            );
            eprintln!("klausel: {message}");
            if json_errors {
                printer::error_json("internal", &message);
            }
            Exit::Error
        }
        Ok(Err(e)) => {
            if is_broken_pipe(&e) {
                Exit::Hits
            } else {
                let message = chain(&e);
                eprintln!("klausel: {}", printer::esc(&message));
                if json_errors {
                    printer::error_json(error_kind(&e), &message);
                }
                Exit::Error
            }
        }
    };
    ExitCode::from(code as u8)
}

/// Whether the command asked for JSON: then an error is also printed as a
/// JSON object on stdout, for scripts.
/// Whether raw arguments ask for a JSON format (`--format json`,
/// `--format=ndjson`), for errors found before they could be parsed.
fn args_want_json(args: impl Iterator<Item = std::ffi::OsString>) -> bool {
    let mut format_next = false;
    for a in args {
        let a = a.to_string_lossy();
        let value = if format_next {
            Some(a.as_ref())
        } else {
            a.strip_prefix("--format=")
        };
        if value.is_some_and(|v| v == "json" || v == "ndjson") {
            return true;
        }
        format_next = a == "--format";
    }
    false
}

fn wants_json(cli: &Cli) -> bool {
    match &cli.command {
        Command::Search(a) => {
            a.batch.is_some() || a.format.is_some_and(|f| f != SearchFormat::Text)
        }
        Command::Compare(a) => a.format == CompareFormat::Json,
        Command::Show(a) => a.format == PlainFormat::Json,
        Command::Chunk(a) => a.format == PlainFormat::Json,
        Command::Index(a) => a.format == PlainFormat::Json,
        Command::Check(_) | Command::Completions(_) | Command::Man | Command::Serve(_) => false,
    }
}

/// The stable kind of an error: the library's kind, `usage` for a mistake
/// on the command line caught by the binary, `io` for an I/O error.
fn error_kind(e: &anyhow::Error) -> &'static str {
    for cause in e.chain() {
        if let Some(k) = cause.downcast_ref::<klausel::Error>() {
            return k.kind();
        }
        if cause.downcast_ref::<io::Error>().is_some() {
            return "io";
        }
    }
    "usage"
}

/// The message of the last panic, kept for the error line instead of
/// printed: tantivy panics on some damaged index files, and the library
/// reports those as "the index is damaged".
static PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut p) = PANIC.lock() {
            *p = Some(format!("{msg}{at}"));
        }
    }));
}

/// At most the first 80 characters of a query or reference, for a message.
fn excerpt(s: &str) -> String {
    match s.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

fn chain(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let s = cause.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
    }
    parts.join(": ")
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<Exit> {
    match cli.command {
        Command::Index(a) => cmd_index(a),
        Command::Search(a) => match &a.batch {
            Some(file) => cmd_batch(&a, file),
            None => repaired(&a.q.dir, || cmd_search(a.clone())),
        },
        Command::Compare(a) => repaired(&a.q.dir, || cmd_compare(a.clone())),
        Command::Show(a) => repaired(&a.dir, || cmd_show(a.clone())),
        Command::Chunk(a) => cmd_chunk(a),
        Command::Check(a) => cmd_check(a),
        Command::Serve(a) => {
            let dir = index_dir(&a.dir)?;
            serve::run(&serve::Config {
                dir,
                host: a.host,
                port: a.port,
                open: a.open,
            })?;
            Ok(Exit::Hits)
        }
        Command::Completions(a) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            // Into a buffer first: the generator panics when its writer
            // fails (`klausel completions bash | head`).
            let mut script = Vec::new();
            clap_complete::generate(a.shell, &mut cmd, "klausel", &mut script);
            io::stdout().lock().write_all(&script)?;
            Ok(Exit::Hits)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(&mut io::stdout().lock())?;
            Ok(Exit::Hits)
        }
    }
}

fn cmd_check(a: cli::CheckArgs) -> Result<Exit> {
    let dir = a.index.unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX));
    let r = index::check(&dir)?;
    println!(
        "the index at {} is intact: {} files, {} clauses, {} segments whose files all pass their checksums",
        printer::esc(&dir.display().to_string()),
        r.files,
        r.records,
        r.segments
    );
    Ok(Exit::Hits)
}

/// Runs a command that reads the index; when the default index turns out
/// to be damaged (which opening it cannot always tell), it is rebuilt from
/// the default corpus and the command runs once more. An index given with
/// --index is the user's to rebuild.
fn repaired<T>(dir: &cli::IndexDir, cmd: impl Fn() -> Result<T>) -> Result<T> {
    match cmd() {
        Err(e)
            if dir.index.is_none()
                && Path::new(DEFAULT_CORPUS).is_dir()
                && e.chain().any(|c| {
                    matches!(
                        c.downcast_ref::<klausel::Error>(),
                        Some(klausel::Error::Damaged { .. })
                    )
                }) =>
        {
            eprintln!("klausel: warning: {}", printer::esc(&chain(&e)));
            eprintln!(
                "klausel: rebuilding the index in {DEFAULT_INDEX}/ from {DEFAULT_CORPUS}/ ..."
            );
            let mut opts = BuildOptions::new(
                vec![PathBuf::from(DEFAULT_CORPUS)],
                PathBuf::from(DEFAULT_INDEX),
            );
            opts.wait = true;
            opts.rebuild = true;
            index::build(&opts).with_context(|| format!("rebuilding {DEFAULT_INDEX}"))?;
            cmd()
        }
        other => other,
    }
}

fn cmd_index(a: cli::IndexArgs) -> Result<Exit> {
    let roots = if a.paths.is_empty() {
        vec![PathBuf::from(DEFAULT_CORPUS)]
    } else {
        a.paths
    };
    let dir = a.dir.index.unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX));
    let mut opts = BuildOptions::new(roots, dir.clone());
    if let Some(t) = a.threads {
        anyhow::ensure!(t >= 1, "--threads must be at least 1");
        opts.threads = t;
    }
    opts.memory_mb = a.memory_mb;
    opts.rebuild = a.rebuild;
    opts.max_file_bytes = a.max_file_mb.saturating_mul(1_000_000);
    opts.piece_bytes = a.piece_mb.max(1).saturating_mul(1 << 20);
    if !a.formats.is_empty() {
        opts.formats = a.formats.clone();
    }
    opts.commit_every_bytes = a.commit_every_mb.saturating_mul(1_000_000);
    opts.commit_every = std::time::Duration::from_secs(a.commit_every_secs);
    opts.wait = a.wait;
    let bar = (!a.quiet && io::stderr().is_terminal()).then(printer::Progress::new);
    opts.progress = bar.as_ref().map(printer::Progress::callback);
    let built = index::build(&opts);
    if let Some(bar) = bar {
        bar.finish();
    }
    let mut report = built.with_context(|| format!("indexing into {}", dir.display()))?;
    report.peak_rss = peak_rss();
    for w in &report.warnings {
        eprintln!("warning: {}", printer::esc(&w.to_string()));
    }
    match a.format {
        PlainFormat::Json => printer::index_summary_json(&mut io::stdout().lock(), &report)?,
        PlainFormat::Text if !a.quiet => printer::index_summary(&mut io::stdout().lock(), &report)?,
        PlainFormat::Text => {}
    }
    if a.strict && !report.warnings.is_empty() {
        eprintln!(
            "klausel: {} and --strict is set",
            printer::count(report.warnings.len(), "warning")
        );
        return Ok(Exit::Error);
    }
    Ok(Exit::Hits)
}

/// The index to search. Without --index, the default index is built from the
/// default corpus first when it is missing or older than the corpus.
fn index_dir(dir: &cli::IndexDir) -> Result<PathBuf> {
    if let Some(d) = &dir.index {
        return Ok(d.clone());
    }
    let dir = PathBuf::from(DEFAULT_INDEX);
    let corpus = Path::new(DEFAULT_CORPUS);
    if corpus.is_dir() && index::is_outdated(&dir, &[corpus.to_path_buf()]) {
        let fresh = !dir.join("meta.json").exists();
        eprintln!(
            "klausel: {} the index in {}/ from {}/ ...",
            if fresh { "building" } else { "updating" },
            DEFAULT_INDEX,
            DEFAULT_CORPUS
        );
        let mut opts = BuildOptions::new(vec![corpus.to_path_buf()], dir.clone());
        opts.wait = true;
        // An index from an incompatible klausel is rebuilt, not an error here:
        // the default index is klausel's own.
        let report = match index::build(&opts) {
            Err(klausel::Error::IncompatibleIndex { .. } | klausel::Error::Damaged { .. }) => {
                opts.rebuild = true;
                index::build(&opts)
            }
            other => other,
        }
        .with_context(|| format!("building {}", dir.display()))?;
        for w in &report.warnings {
            eprintln!("warning: {}", printer::esc(&w.to_string()));
        }
        printer::auto_build_summary(&mut io::stderr().lock(), &report)?;
    }
    Ok(dir)
}

/// Standard output for a command's whole answer. Rust's stdout is line
/// buffered: pretty JSON written straight to it cost one `write` call per
/// line (405 for a ten-hit search). Each command flushes it at the end, so
/// a closed pipe is still seen (and is not an error).
fn buffered_stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// Peak resident set size of this process (Linux `VmHWM`).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

fn search_options(q: &QueryArgs) -> SearchOptions {
    let mut opts = SearchOptions::default();
    opts.query.and_mode = q.and_mode;
    opts.query.expand = !q.no_expand;
    opts.query.lang = q.lang.map(Language::from);
    opts.vendor = q.vendor.clone();
    opts.kind = q.kind.map(|k| DocKind::from(k).as_str().to_string());
    opts
}

fn open_searcher(dir: &cli::IndexDir) -> Result<Searcher> {
    let dir = index_dir(dir)?;
    let searcher = Searcher::open(&dir)?;
    if let Some(note) = searcher.index().staleness() {
        eprintln!("klausel: warning: {note}");
    }
    Ok(searcher)
}

fn explain(expansions: &[klausel::search::plan::ExpansionInfo], citations: &[String]) {
    if expansions.is_empty() && citations.is_empty() {
        eprintln!("klausel: no expansion");
    }
    for e in expansions {
        eprintln!(
            "klausel: {:?} → {} [{}, weight {:.2}]",
            e.matched,
            e.terms.join(", "),
            e.concept,
            e.weight
        );
    }
    for c in citations {
        eprintln!("klausel: citation {c}");
    }
}

fn cmd_search(a: cli::SearchArgs) -> Result<Exit> {
    let searcher = open_searcher(&a.q.dir)?;
    let format = a.format.unwrap_or(SearchFormat::Text);
    let color = format == SearchFormat::Text && use_color(a.q.color);
    let mut opts = search_options(&a.q);
    opts.limit = a.limit;
    opts.query.no_feedback = a.no_feedback;
    let query = a.query.join(" ");
    // `--count` and `--limit 0` ask for the number of matches only.
    let count_only = a.count || a.limit == 0;
    if count_only {
        opts.limit = 0;
    }
    let result = searcher.search(&query, &opts)?;
    if a.q.explain {
        explain(&result.expansions, &result.citations);
    }
    let mut out = buffered_stdout();
    match format {
        SearchFormat::Text if count_only => writeln!(out, "{}", result.total_hits)?,
        SearchFormat::Text => {
            printer::search_text(&mut out, &result, printer::Style { color })?;
            if result.hits.is_empty() {
                eprintln!("klausel: no clause matches {:?}", excerpt(&query));
            }
        }
        SearchFormat::Json => printer::search_json(&mut out, &result)?,
        SearchFormat::Ndjson => printer::search_ndjson(&mut out, &result)?,
    }
    out.flush()?;
    let code = if result.total_hits == 0 {
        Exit::NoHits
    } else {
        Exit::Hits
    };
    // The process ends with this answer: its mapped index files and
    // matches go with it. Unmapping them one by one first (dropping the
    // searcher) was 6% of a one-shot search's CPU time (issue 19).
    std::mem::forget(searcher);
    std::mem::forget(result);
    Ok(code)
}

/// `search --batch FILE`: every line of FILE (or standard input) through
/// one open index, each answer written and flushed as soon as it is ready,
/// so that a script can talk to one klausel process line by line.
fn cmd_batch(a: &cli::SearchArgs, file: &Path) -> Result<Exit> {
    if a.format.is_some_and(|f| f != SearchFormat::Ndjson) {
        anyhow::bail!("--batch writes NDJSON; leave out --format or give --format ndjson");
    }
    let mut input: Box<dyn io::BufRead> = if file == Path::new("-") {
        Box::new(io::stdin().lock())
    } else {
        let f = std::fs::File::open(file).with_context(|| format!("reading {}", file.display()))?;
        Box::new(io::BufReader::new(f))
    };
    // Only opening can meet a damaged default index and rebuild it: once
    // answers are written, the batch is never run a second time.
    let searcher = repaired(&a.q.dir, || open_searcher(&a.q.dir))?;
    let mut defaults = search_options(&a.q);
    defaults.limit = a.limit;
    defaults.query.no_feedback = a.no_feedback;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let stdout = Path::new("standard output");
    let write = |out: &mut io::BufWriter<io::StdoutLock<'_>>,
                 written: io::Result<()>|
     -> klausel::error::Result<()> {
        written
            .and_then(|()| out.flush())
            .map_err(|e| klausel::Error::io(stdout, e))
    };
    let stats = klausel::search::batch::run(&searcher, &mut input, file, &defaults, |answer| {
        use klausel::search::batch::Answer;
        let written = match answer {
            Answer::Result { n, result } => printer::batch_answer(&mut out, n, result),
            Answer::Error { n, query, error } => printer::batch_error(
                &mut out,
                printer::Tag { n, query },
                error.kind(),
                &error.to_string(),
            ),
        };
        write(&mut out, written)
    })?;
    Ok(if stats.with_hits > 0 {
        Exit::Hits
    } else {
        Exit::NoHits
    })
}

fn cmd_compare(a: cli::CompareArgs) -> Result<Exit> {
    let searcher = open_searcher(&a.q.dir)?;
    let color =
        matches!(a.format, CompareFormat::Text | CompareFormat::Table) && use_color(a.q.color);
    let opts = search_options(&a.q);
    let query = a.query.join(" ");
    let result = searcher.compare(&query, a.top, &opts)?;
    if a.q.explain {
        explain(&result.expansions, &[]);
    }
    let mut out = buffered_stdout();
    match a.format {
        CompareFormat::Text => printer::compare_text(&mut out, &result, printer::Style { color })?,
        CompareFormat::Table => {
            printer::compare_table(&mut out, &result, printer::Style { color })?
        }
        CompareFormat::Json => printer::compare_json(&mut out, &result)?,
        CompareFormat::Csv => printer::compare_csv(&mut out, &result)?,
        CompareFormat::Markdown => printer::compare_markdown(&mut out, &result)?,
    }
    out.flush()?;
    Ok(if result.vendors.iter().any(|v| v.found) {
        Exit::Hits
    } else {
        Exit::NoHits
    })
}

fn cmd_show(a: cli::ShowArgs) -> Result<Exit> {
    let searcher = open_searcher(&a.dir)?;
    let reference = a.reference.join(" ");
    let result = match searcher.show(&reference) {
        Ok(r) => r,
        Err(klausel::Error::NotFound(r)) => {
            eprintln!("klausel: no clause matches {:?}", excerpt(&r));
            return Ok(Exit::NoHits);
        }
        Err(e) => return Err(e.into()),
    };
    let mut out = buffered_stdout();
    match a.format {
        PlainFormat::Text => printer::show_text(
            &mut out,
            &result,
            printer::Style {
                color: use_color(ColorChoice::Auto),
            },
        )?,
        PlainFormat::Json => printer::show_json(&mut out, &result)?,
    }
    out.flush()?;
    Ok(Exit::Hits)
}

fn cmd_chunk(a: cli::ChunkArgs) -> Result<Exit> {
    let bytes = std::fs::read(&a.file).with_context(|| format!("reading {}", a.file.display()))?;
    let format =
        klausel::extract::Format::from_path(&a.file).unwrap_or(klausel::extract::Format::Text);
    let read = klausel::extract::read(format, &bytes)
        .map_err(|why| anyhow::anyhow!("{}: {why}", a.file.display()))?;
    let text = read.text;
    let chunked = klausel::chunk::chunk_titled(&text, read.title.as_deref());
    let path = a.file.display().to_string();
    // The vendor `klausel index` would record: the manifest's, else inferred.
    let walk = klausel::corpus::walk(std::slice::from_ref(&a.file));
    let entry = walk.files.first().and_then(|f| walk.manifest.get(f));
    let vendor = klausel::records::vendor::resolve(&a.file, entry, a.file.parent(), &text);
    // A PDF's clauses carry their pages, as in the index.
    let pages =
        (format == klausel::extract::Format::Pdf).then(|| klausel::extract::Pages::new(&text));
    let pages = pages.as_ref();
    let mut out = buffered_stdout();
    match a.format {
        PlainFormat::Text => {
            printer::chunk_text(&mut out, &path, &vendor, &chunked, &text, pages)?;
        }
        PlainFormat::Json => {
            printer::chunk_json(&mut out, &path, &vendor, &chunked, &text, pages)?;
        }
    }
    out.flush()?;
    Ok(Exit::Hits)
}
