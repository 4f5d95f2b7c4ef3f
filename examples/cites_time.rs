//! The cost of a statute's own-law citations: `citation::extract` against
//! `citation::extract_in` with an own law and section, over the blank-line
//! paragraphs of the given files, interleaved A B A B, 7 rounds, medians.
//!
//! ```text
//! cargo build --release --example cites_time
//! target/release/examples/cites_time /tmp/gesetze/gesetze/BGB-BJNR001950896.md …
//! ```

use klausel::citation::{extract, extract_in, Own};
use std::time::Instant;

fn main() {
    let mut paragraphs = Vec::new();
    for f in std::env::args().skip(1) {
        if let Ok(t) = std::fs::read_to_string(&f) {
            paragraphs.extend(t.split("\n\n").map(str::to_string));
        }
    }
    let bytes: usize = paragraphs.iter().map(String::len).sum();
    let own = Own {
        law: "bgb",
        section: Some("307"),
        article: false,
    };
    let (mut plain, mut within) = (Vec::new(), Vec::new());
    let (mut n_plain, mut n_within) = (0, 0);
    for _ in 0..7 {
        let t = Instant::now();
        n_plain = paragraphs.iter().map(|p| extract(p).len()).sum::<usize>();
        plain.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        n_within = paragraphs
            .iter()
            .map(|p| extract_in(p, Some(own)).len())
            .sum::<usize>();
        within.push(t.elapsed().as_secs_f64());
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (a, b) = (median(&mut plain), median(&mut within));
    println!(
        "{} paragraphs, {bytes} bytes; extract: {n_plain} norms, {:.1} ms ({:.0} MB/s); \
         extract_in: {n_within} norms, {:.1} ms ({:.0} MB/s); ratio {:.2}",
        paragraphs.len(),
        a * 1e3,
        bytes as f64 / a / 1e6,
        b * 1e3,
        bytes as f64 / b / 1e6,
        b / a
    );
}
