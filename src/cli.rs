//! Command-line arguments. The doc comments are the help text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use klausel::model::{DocKind, Language};
use std::path::PathBuf;

/// klausel: search legal documents clause by clause, in German and English,
/// with exact citations.
#[derive(Debug, Parser)]
#[command(name = "klausel", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index .txt, .md, .pdf, .html and .docx files (default: corpus/) into an index (default: index/).
    Index(IndexArgs),
    /// Search clauses; ranked hits with citations.
    Search(SearchArgs),
    /// Show every vendor's best clause for a query, and who has none.
    Compare(CompareArgs),
    /// Print a clause in context: heading path, the clause before and after.
    Show(ShowArgs),
    /// Print the clause records the chunker makes of one file.
    Chunk(ChunkArgs),
    /// Verify an index: every file present and passing its checksum.
    Check(CheckArgs),
    /// Serve a local web page (search, compare, show) and a JSON API.
    Serve(ServeArgs),
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `klausel man > klausel.1`.
    Man,
}

/// `klausel completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `klausel serve`.
#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    #[command(flatten)]
    pub dir: IndexDir,
    /// Port to listen on (0: any free port, printed on start).
    #[arg(long, value_name = "N", default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on. Anything but loopback exposes the page, which
    /// has no login, to the network.
    #[arg(long, value_name = "H", default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
}

/// `klausel check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Index folder (default: index/).
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
}

/// Where the index lives.
#[derive(Debug, Args, Clone)]
pub struct IndexDir {
    /// Index folder. Without it, index/ is used and (re)built from corpus/ when
    /// missing or older than corpus/.
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
}

/// `klausel index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files or folders to index (recursively: .txt, .md, .pdf, .html, .docx). Default: corpus/.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub dir: IndexDir,
    /// Throw the existing index away and start from scratch.
    #[arg(long)]
    pub rebuild: bool,
    /// Indexing threads (default: one per core, at most 8).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Memory budget of the index writer in MB.
    #[arg(long, value_name = "M", default_value_t = 256)]
    pub memory_mb: usize,
    /// Skip (with a warning) files larger than this many MB.
    #[arg(long, value_name = "MB", default_value_t = 256)]
    pub max_file_mb: u64,
    /// Read a .txt or .md file larger than four times this many MB in pieces
    /// of about this size, cut where a document starts, so that memory does
    /// not grow with the file.
    #[arg(long, value_name = "MB", default_value_t = 8)]
    pub piece_mb: usize,
    /// Formats to read, comma-separated: txt, md, pdf, html, docx (default: all).
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = parse_format)]
    pub formats: Vec<klausel::extract::Format>,
    /// Commit after reading this many MB, so that a killed run keeps its work.
    #[arg(long, value_name = "MB", default_value_t = 1000)]
    pub commit_every_mb: u64,
    /// Commit after this many seconds, so that a killed run keeps its work.
    #[arg(long, value_name = "S", default_value_t = 60)]
    pub commit_every_secs: u64,
    /// If another `klausel index` holds the index, wait for it instead of failing.
    #[arg(long)]
    pub wait: bool,
    /// Exit with code 2 if any file was skipped or needed a warning.
    #[arg(long)]
    pub strict: bool,
    /// Print no progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Format of the summary: a line of text, or one JSON object with the
    /// warnings as a list.
    #[arg(long, value_enum, default_value_t = PlainFormat::Text)]
    pub format: PlainFormat,
}

/// Output formats of `search`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SearchFormat {
    /// One block per hit: citation line and highlighted snippet.
    Text,
    /// One JSON object with all hits (see README.md for the contract).
    Json,
    /// One typed JSON object per line: expansions, hits, then a summary.
    Ndjson,
}

/// Output formats of `compare`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CompareFormat {
    /// One block per vendor: its best clauses with snippets.
    Text,
    /// An aligned table: one row per vendor and clause, no snippets.
    Table,
    /// JSON (see README.md).
    Json,
    /// CSV, one row per vendor and clause.
    Csv,
    /// A Markdown table for memos.
    Markdown,
}

/// Output formats of `show` and `chunk`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum PlainFormat {
    /// Human-readable text.
    Text,
    /// JSON.
    Json,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// `--lang`: a clause language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// German.
    #[value(alias = "german", alias = "deutsch", alias = "deu", alias = "ger")]
    De,
    /// English.
    #[value(alias = "english", alias = "englisch", alias = "eng")]
    En,
}

impl From<LangArg> for Language {
    fn from(l: LangArg) -> Language {
        match l {
            LangArg::De => Language::De,
            LangArg::En => Language::En,
        }
    }
}

/// `--kind`: a document kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// Terms and conditions, contracts.
    #[value(alias = "gtc", alias = "agb", alias = "contract")]
    Terms,
    /// Privacy policies.
    #[value(alias = "datenschutz")]
    Privacy,
    /// Imprints.
    #[value(alias = "impressum")]
    Imprint,
    /// Price lists.
    #[value(
        name = "price_list",
        alias = "prices",
        alias = "pricelist",
        alias = "preisliste"
    )]
    PriceList,
    /// Anything else.
    Other,
}

impl From<KindArg> for DocKind {
    fn from(k: KindArg) -> DocKind {
        match k {
            KindArg::Terms => DocKind::Terms,
            KindArg::Privacy => DocKind::Privacy,
            KindArg::Imprint => DocKind::Imprint,
            KindArg::PriceList => DocKind::PriceList,
            KindArg::Other => DocKind::Other,
        }
    }
}

/// Query options shared by `search` and `compare`.
#[derive(Debug, Args, Clone)]
pub struct QueryArgs {
    #[command(flatten)]
    pub dir: IndexDir,
    /// Require every word (AND mode) instead of ranking by relevance.
    #[arg(long = "and")]
    pub and_mode: bool,
    /// Only clauses in this language.
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,
    /// Only this vendor (case-insensitive; a unique prefix is enough).
    #[arg(long, value_name = "VENDOR")]
    pub vendor: Option<String>,
    /// Only this document kind.
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<KindArg>,
    /// Do not expand the query: no legal thesaurus, no feedback from the best clauses.
    #[arg(long)]
    pub no_expand: bool,
    /// Print what the query was expanded to (stderr).
    #[arg(long)]
    pub explain: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// `klausel search`.
#[derive(Debug, Args, Clone)]
pub struct SearchArgs {
    /// The query (see README.md for the query language).
    #[arg(value_name = "QUERY", required_unless_present = "batch", num_args = 1..)]
    pub query: Vec<String>,
    #[command(flatten)]
    pub q: QueryArgs,
    /// Run many queries on one open index: one per line of FILE (`-`:
    /// standard input), or JSON lines `{"q": …, "limit": …}`; prints the
    /// NDJSON answers, each line tagged with its query (see README.md).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["query", "count", "explain"])]
    pub batch: Option<PathBuf>,
    /// Most hits to print.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Print only the number of matching clauses (as `--limit 0` does).
    #[arg(long)]
    pub count: bool,
    /// Rank by the query's words and concepts only, without the words of
    /// its best clauses (feedback re-orders the hits, never changes them).
    #[arg(long)]
    pub no_feedback: bool,
    /// Output format [default: text; ndjson with --batch].
    #[arg(long, value_enum)]
    pub format: Option<SearchFormat>,
}

/// `klausel compare`.
#[derive(Debug, Args, Clone)]
pub struct CompareArgs {
    /// The query (see README.md for the query language).
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    pub query: Vec<String>,
    #[command(flatten)]
    pub q: QueryArgs,
    /// Clauses per vendor.
    #[arg(long, default_value_t = 1)]
    pub top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
    pub format: CompareFormat,
}

/// `klausel show`.
#[derive(Debug, Args, Clone)]
pub struct ShowArgs {
    /// A hit id from the JSON (`corpus/actimi-gtc.txt#§23(7)-a6f8d9`),
    /// `path:line`, or a citation such as `"actimi § 23 (7)"`.
    #[arg(value_name = "REF", required = true, num_args = 1..)]
    pub reference: Vec<String>,
    #[command(flatten)]
    pub dir: IndexDir,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlainFormat::Text)]
    pub format: PlainFormat,
}

/// `klausel chunk`.
#[derive(Debug, Args)]
pub struct ChunkArgs {
    /// The file to chunk.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlainFormat::Text)]
    pub format: PlainFormat,
}

/// A `--formats` entry.
fn parse_format(s: &str) -> Result<klausel::extract::Format, String> {
    klausel::extract::Format::from_name(s)
        .ok_or_else(|| format!("unknown format {s:?}; use txt, md, pdf, html or docx"))
}
