// Ad-hoc: hash of analysed tokens per file, for differential checks.
use klausel::analysis::analyze;
use klausel::model::Language;
use std::io::Write;
fn main() {
    let root = std::env::args().nth(1).unwrap();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let mut files: Vec<_> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let mut total = 0usize;
    for f in files {
        let Ok(bytes) = std::fs::read(&f) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for lang in [Language::De, Language::En] {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            for t in analyze(lang, &text) {
                h.update(t.text.as_bytes());
                h.update(&t.position.to_le_bytes());
                h.update(&t.offsets.start.to_le_bytes());
                h.update(&t.offsets.end.to_le_bytes());
                total += 1;
            }
            writeln!(out, "{} {:?} {:016x}", f.display(), lang, h.digest()).unwrap();
        }
    }
    eprintln!("{total} tokens");
}
