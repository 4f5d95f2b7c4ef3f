//! What `index` reports: the summary line, its JSON, the line after an
//! automatic build, and the progress bar.

use klausel::index::BuildReport;
use std::io::{self, Write};

pub fn index_summary(w: &mut impl Write, r: &BuildReport) -> io::Result<()> {
    let peak = r
        .peak_rss
        .map(|b| format!(", peak memory {} MB", b / 1_000_000))
        .unwrap_or_default();
    writeln!(
        w,
        "indexed {} files ({} added, {} updated, {} removed, {} unchanged, {} skipped): {} clauses written, {} in the index; {:.1} MB in {:.2} s ({:.1} MB/s, {:.0} clauses/s{}); {}",
        r.files,
        r.added,
        r.updated,
        r.removed,
        r.unchanged,
        r.skipped,
        r.clauses,
        r.total_clauses,
        r.bytes as f64 / 1e6,
        r.seconds,
        r.mb_per_s(),
        r.clauses_per_s(),
        peak,
        count(r.warnings.len(), "warning")
    )
}

/// `1 warning`, `2 warnings`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The index summary as one JSON object: the fields of the text summary,
/// and the warnings as a list of `{path, reason}`.
pub fn index_summary_json(w: &mut impl Write, r: &BuildReport) -> io::Result<()> {
    let mut v = serde_json::to_value(r)?;
    let warnings: Vec<serde_json::Value> = r
        .warnings
        .iter()
        .map(|w| {
            serde_json::json!({
                "path": w.path.to_string_lossy(),
                "reason": w.reason,
            })
        })
        .collect();
    if let Some(o) = v.as_object_mut() {
        o.insert("type".into(), "summary".into());
        o.insert("warnings".into(), warnings.into());
    }
    super::json_pretty(w, v)
}

/// The one-line summary after `search` built the default index itself.
pub fn auto_build_summary(w: &mut impl Write, r: &BuildReport) -> io::Result<()> {
    writeln!(
        w,
        "klausel: indexed {} files, {} clauses in {:.2} s",
        r.files, r.total_clauses, r.seconds
    )
}

/// The progress bar of `klausel index` on a terminal.
pub struct Progress(indicatif::ProgressBar);

impl Progress {
    /// A bar on stderr, empty until the first file is read.
    pub fn new() -> Progress {
        let pb = indicatif::ProgressBar::new(0);
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg} (ETA {eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Progress(pb)
    }

    /// The callback that moves this bar.
    pub fn callback(&self) -> klausel::index::ProgressFn {
        let pb = self.0.clone();
        klausel::index::ProgressFn(std::sync::Arc::new(move |p| {
            pb.set_length(p.total_bytes);
            pb.set_position(p.bytes);
            pb.set_message(format!("{}/{} files", p.files, p.total_files));
        }))
    }

    /// Removes the bar.
    pub fn finish(self) {
        self.0.finish_and_clear();
    }
}
