//! The vendor and title klausel infers for each file of a folder when there
//! is no manifest, for checking by hand (issue 13).
//!
//! ```text
//! cargo run --example vendors -- ../shared/data/de-agb [more folders…]
//! ```
//!
//! Prints `file <TAB> vendor <TAB> vendor source <TAB> title`, then the number
//! of distinct vendors per folder.

use std::collections::BTreeSet;
use std::path::PathBuf;

fn main() {
    let roots: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if roots.is_empty() {
        eprintln!("usage: vendors DIR [DIR…]");
        std::process::exit(2);
    }
    for root in &roots {
        let walk = klausel::corpus::walk(std::slice::from_ref(root));
        let mut vendors = BTreeSet::new();
        for path in &walk.files {
            let Ok(bytes) = std::fs::read(path) else {
                continue;
            };
            let Ok((text, _)) = klausel::corpus::decode(&bytes) else {
                continue;
            };
            let v = klausel::records::vendor::infer_vendor_source(path, Some(root), &text);
            let title =
                klausel::records::title::document_title(&text).unwrap_or_else(|| "-".into());
            let name = path
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned());
            println!("{name}\t{}\t{}\t{title}", v.name, v.source.as_str());
            vendors.insert(v.name);
        }
        println!(
            "# {}: {} files, {} vendors",
            root.display(),
            walk.files.len(),
            vendors.len()
        );
    }
}
