//! The vendors of an index, and the one rule by which a typed name picks
//! one of them: for `vendor:`, `--vendor` and `show "actimi § 23"` alike.

use crate::error::{Error, Result};
use crate::text::fold;

/// One vendor: its folded key (as in the `vendor_key` field) and its name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct VendorName {
    /// `fold(name)`: `actimi gmbh`.
    pub key: String,
    /// As recorded: `Actimi GmbH`.
    pub name: String,
}

/// The vendors of an index, by key (which also orders the names).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vendors(Vec<VendorName>);

impl Vendors {
    /// The distinct vendors among `names` (by folded key; the first
    /// spelling of a key wins).
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Vendors {
        let mut v: Vec<VendorName> = names
            .into_iter()
            .filter(|n| !n.is_empty())
            .map(|n| VendorName {
                key: fold(n),
                name: n.to_string(),
            })
            .collect();
        v.sort();
        v.dedup_by(|a, b| a.key == b.key);
        Vendors(v)
    }

    /// Every vendor, by key.
    pub fn all(&self) -> &[VendorName] {
        &self.0
    }

    /// The vendor a typed name means: the one whose key is the folded
    /// name, else the only one whose key, or a word of it, starts with it.
    pub fn resolve(&self, typed: &str) -> Result<&VendorName> {
        match self.candidates(typed).as_slice() {
            [] => Err(Error::UnknownVendor {
                name: typed.to_string(),
                known: self.listing(),
            }),
            [one] => Ok(one),
            many => Err(Error::AmbiguousVendor {
                name: typed.to_string(),
                candidates: many.iter().map(|v| v.name.clone()).collect(),
            }),
        }
    }

    /// The vendor a typed name means, if exactly one.
    pub fn resolve_one(&self, typed: &str) -> Option<&VendorName> {
        match self.candidates(typed).as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    fn candidates(&self, typed: &str) -> Vec<&VendorName> {
        let key = fold(typed);
        let exact: Vec<&VendorName> = self.0.iter().filter(|v| v.key == key).collect();
        if !exact.is_empty() {
            return exact;
        }
        self.0
            .iter()
            .filter(|v| v.key.starts_with(&key) || v.key.split(' ').any(|w| w.starts_with(&key)))
            .collect()
    }

    /// The first 20 names, and how many more, for a message.
    fn listing(&self) -> String {
        let names: Vec<&str> = self.0.iter().map(|v| v.name.as_str()).take(20).collect();
        let more = self.0.len().saturating_sub(20);
        if more > 0 {
            format!("{} and {more} more", names.join(", "))
        } else {
            names.join(", ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vendors() -> Vendors {
        Vendors::new([
            "Actimi GmbH",
            "CMS IT-Consulting GmbH",
            "eMind GmbH",
            "IMST GmbH",
            "MEGATECH communication GmbH",
        ])
    }

    #[test]
    fn one_rule_for_every_caller() {
        let v = vendors();
        let name = |t: &str| v.resolve(t).map(|v| v.name.as_str()).ok();
        assert_eq!(name("actimi"), Some("Actimi GmbH"));
        assert_eq!(name("Actimi GmbH"), Some("Actimi GmbH"));
        // A word of the name, not only its start.
        assert_eq!(name("consulting"), Some("CMS IT-Consulting GmbH"));
        assert_eq!(name("communication"), Some("MEGATECH communication GmbH"));
        assert!(
            matches!(v.resolve("gmbh"), Err(Error::AmbiguousVendor { candidates, .. }) if candidates.len() == 5)
        );
        assert!(matches!(
            v.resolve("siemens"),
            Err(Error::UnknownVendor { .. })
        ));
        // `imst` is a prefix of IMST only, though `emind` contains "m".
        assert_eq!(name("im"), Some("IMST GmbH"));
    }
}
