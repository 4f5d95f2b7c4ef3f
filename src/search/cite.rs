//! How a clause is cited. One type, used by the JSON `citation` field and
//! by every printer: `Actimi GmbH, General Terms and Conditions, § 23 (7)
//! Final Provisions, line 109`.

use super::Hit;
use std::fmt;

/// Where a clause is, as a lawyer cites it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Citation<'a> {
    /// Vendor.
    pub vendor: &'a str,
    /// Document title.
    pub document: &'a str,
    /// Citation label, e.g. `§ 23 (7)` (empty for unnumbered text).
    pub section: &'a str,
    /// The nearest heading.
    pub heading: &'a str,
    /// Source file as given to `klausel index`.
    pub path: &'a str,
    /// First line, 1-based.
    pub line: u64,
    /// First page (PDF only).
    pub page: Option<u64>,
    /// Last page (PDF only).
    pub page_end: Option<u64>,
    /// The document's URL (from the manifest), if it has one.
    pub url: Option<&'a str>,
}

impl<'a> Citation<'a> {
    /// The citation of a hit.
    pub fn of(hit: &'a Hit) -> Citation<'a> {
        Citation {
            vendor: &hit.vendor,
            document: &hit.document,
            section: &hit.section,
            heading: &hit.heading,
            path: &hit.path,
            line: hit.line_start,
            page: hit.page,
            page_end: hit.page_end,
            url: hit.url.as_deref(),
        }
    }

    /// The place within the document: label and heading, `§ 23 (7) Final
    /// Provisions` (the heading once when it is the label).
    pub fn place(&self) -> String {
        let mut place = self.section.to_string();
        if !self.heading.is_empty() && self.heading != self.section {
            if !place.is_empty() {
                place.push(' ');
            }
            place.push_str(self.heading);
        }
        place
    }

    /// The file and line: `corpus/actimi-gtc.txt:109`; for a PDF the page
    /// a lawyer opens, `agb.pdf p. 3` (`p. 3–4` when the clause runs on).
    pub fn source(&self) -> String {
        match (self.page, self.page_end) {
            (Some(a), Some(b)) if b > a => format!("{} p. {a}–{b}", self.path),
            (Some(a), _) => format!("{} p. {a}", self.path),
            _ => format!("{}:{}", self.path, self.line),
        }
    }
}

/// `Actimi GmbH, General Terms and Conditions, § 23 (7) Final Provisions, line 109`.
impl fmt::Display for Citation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}", self.vendor, self.document)?;
        let place = self.place();
        if !place.is_empty() {
            write!(f, ", {place}")?;
        }
        match self.page {
            Some(p) => write!(f, ", page {p}")?,
            None => write!(f, ", line {}", self.line)?,
        }
        match self.url {
            Some(u) => write!(f, ", {u}"),
            None => Ok(()),
        }
    }
}
