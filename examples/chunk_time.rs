//! Chunks every file of the given folders a few times: a fixed amount of
//! work for comparing the chunker's cost between commits with
//! `perf stat -e instructions:u` (which the machine's load does not skew).
//!
//! ```text
//! cargo build --release --example chunk_time
//! perf stat -e instructions:u target/release/examples/chunk_time DIR…
//! ```

fn main() {
    let roots: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let mut texts = Vec::new();
    for f in klausel::corpus::walk(&roots).files {
        if let Ok(t) = std::fs::read_to_string(&f) {
            texts.push(t);
        }
    }
    let start = std::time::Instant::now();
    let mut clauses = 0;
    for _ in 0..5 {
        clauses += texts
            .iter()
            .map(|t| klausel::chunk::chunk(t).clauses.len())
            .sum::<usize>();
    }
    let bytes: usize = texts.iter().map(String::len).sum::<usize>() * 5;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} files, {clauses} clauses, {:.1} MB in {secs:.2} s ({:.0} MB/s)",
        texts.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
}
