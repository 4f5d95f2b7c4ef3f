//! Statute citations: finds references such as `§ 307 BGB` or `Art. 6 (1) lit. f DSGVO`
//! in text and normalises them. Pure.

use serde::Serialize;

/// A normalised statute reference.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Norm {
    /// Canonical lowercase law abbreviation, e.g. `bgb`, `dsgvo`.
    pub law: String,
    /// Section or article number, lowercase, e.g. `536a`.
    pub number: String,
    /// Sub-divisions in order: paragraph (Abs.), sentence (Satz), number (Nr.), letter (lit.).
    pub parts: Vec<String>,
}

impl Norm {
    /// Every key under which this reference is indexed, from the least to the most
    /// specific: `bgb 536a`, `bgb 536a 1`, ... A query for a less specific key
    /// therefore finds all more specific references (containment).
    pub fn keys(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(self.parts.len() + 1);
        let mut key = format!("{} {}", self.law, self.number);
        out.push(key.clone());
        for p in &self.parts {
            key.push(' ');
            key.push_str(p);
            out.push(key.clone());
        }
        out
    }

    /// The most specific key.
    pub fn key(&self) -> String {
        self.keys().pop().unwrap_or_default()
    }
}

/// Extracts every statute reference in `text`. Placeholder: finds nothing.
pub fn extract(_text: &str) -> Vec<Norm> {
    Vec::new()
}

/// If `query` consists of statute references only (e.g. `§ 307 BGB`), returns them.
pub fn parse_query(query: &str) -> Option<Vec<Norm>> {
    let norms = extract(query);
    if norms.is_empty() {
        None
    } else {
        Some(norms)
    }
}
