//! Just enough of the zip format to read the parts of a DOCX: the central
//! directory, stored and deflated entries, each inflated to a bounded size
//! (a zip bomb is an error, not an out-of-memory).

use std::io::Read;

/// The largest part klausel inflates (the text of a DOCX is far smaller).
const MAX_PART: u64 = 256 * 1024 * 1024;

/// An entry of the central directory.
struct Entry {
    name: String,
    method: u16,
    compressed: u64,
    offset: u64,
}

/// A zip archive in memory.
pub(super) struct Zip<'a> {
    bytes: &'a [u8],
    entries: Vec<Entry>,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

impl<'a> Zip<'a> {
    /// Reads the central directory; `None` when there is none.
    pub(super) fn open(bytes: &'a [u8]) -> Option<Zip<'a>> {
        // The end-of-central-directory record is in the last 64 KB + 22 bytes.
        let lo = bytes.len().saturating_sub(65_557);
        let eocd = (lo..bytes.len().saturating_sub(21))
            .rev()
            .find(|&i| u32_at(bytes, i) == Some(0x0605_4b50))?;
        let count = u16_at(bytes, eocd + 10)? as usize;
        let mut at = u32_at(bytes, eocd + 16)? as usize;
        let mut entries = Vec::with_capacity(count.min(4096));
        for _ in 0..count {
            if u32_at(bytes, at)? != 0x0201_4b50 {
                break;
            }
            let method = u16_at(bytes, at + 10)?;
            let compressed = u64::from(u32_at(bytes, at + 20)?);
            let name_len = u16_at(bytes, at + 28)? as usize;
            let extra_len = u16_at(bytes, at + 30)? as usize;
            let comment_len = u16_at(bytes, at + 32)? as usize;
            let offset = u64::from(u32_at(bytes, at + 42)?);
            let name = bytes.get(at + 46..at + 46 + name_len)?;
            entries.push(Entry {
                name: String::from_utf8_lossy(name).into_owned(),
                method,
                compressed,
                offset,
            });
            at += 46 + name_len + extra_len + comment_len;
        }
        Some(Zip { bytes, entries })
    }

    /// Whether the archive has an entry of this name.
    pub(super) fn has(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name == name)
    }

    /// The names of the entries.
    pub(super) fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.name.as_str())
    }

    /// The inflated bytes of an entry; `Err` names what is wrong.
    pub(super) fn read(&self, name: &str) -> Result<Vec<u8>, String> {
        let e = self
            .entries
            .iter()
            .find(|e| e.name == name)
            .ok_or_else(|| format!("no {name}"))?;
        let local = usize::try_from(e.offset).map_err(|_| "bad offset".to_string())?;
        if u32_at(self.bytes, local) != Some(0x0403_4b50) {
            return Err(format!("{name}: bad local header"));
        }
        let name_len = u16_at(self.bytes, local + 26).unwrap_or(0) as usize;
        let extra_len = u16_at(self.bytes, local + 28).unwrap_or(0) as usize;
        let start = local + 30 + name_len + extra_len;
        let len = usize::try_from(e.compressed).map_err(|_| "bad size".to_string())?;
        let data = self
            .bytes
            .get(start..start.saturating_add(len))
            .ok_or_else(|| format!("{name}: truncated"))?;
        let mut out = Vec::new();
        match e.method {
            0 => out.extend_from_slice(data),
            8 => {
                flate2::read::DeflateDecoder::new(data)
                    .take(MAX_PART + 1)
                    .read_to_end(&mut out)
                    .map_err(|err| format!("{name}: {err}"))?;
                if out.len() as u64 > MAX_PART {
                    return Err(format!("{name}: larger than 256 MB inflated"));
                }
            }
            m => return Err(format!("{name}: unsupported compression method {m}")),
        }
        Ok(out)
    }
}
