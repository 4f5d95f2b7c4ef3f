// Static string and hash sets (of the compound dictionary and of the
// thesaurus's lookup tables): open-addressing hash sets
// that `build.rs` generates (it `include!`s this file) and the decompounder
// reads in place, so a start builds no set. No dependencies, so the build
// script can compile it.
//
// A string set is a `[u32]` of power-of-two length over one text: an entry
// is `offset << 8 | length` of a string in the text, 0 an empty slot (no
// string is empty). A hash set is a `[u64]` of power-of-two length holding
// `stored_hash(h)`, 0 an empty slot. Both probe linearly from `slot(h)`.
// Offsets and lengths are u32 and u8 rather than `&str`s: a static table of
// `&str`s would need one load-time relocation per entry in a PIE.

/// The hash of a string, the same at compile time and at run time (FNV-1a).
pub fn table_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The first slot to probe for hash `h` in a table of `mask + 1` slots.
fn slot(h: u64, mask: usize) -> usize {
    ((h ^ (h >> 29) ^ (h >> 47)) as usize) & mask
}

/// The value a hash set stores for `h` (never 0, the empty slot).
fn stored_hash(h: u64) -> u64 {
    if h == 0 {
        1
    } else {
        h
    }
}

/// True when the string set `table` over `text` holds `word`.
pub fn set_contains(text: &str, table: &[u32], word: &str) -> bool {
    set_find(text, table, word).is_some()
}

/// The slot of `word` in the string set `table` over `text`, if it holds it.
pub fn set_find(text: &str, table: &[u32], word: &str) -> Option<usize> {
    let mask = table.len().wrapping_sub(1);
    let mut i = slot(table_hash(word.as_bytes()), mask);
    for _ in 0..table.len() {
        let &entry = table.get(i)?;
        if entry == 0 {
            return None;
        }
        let (offset, len) = ((entry >> 8) as usize, (entry & 0xff) as usize);
        if text.get(offset..offset + len) == Some(word) {
            return Some(i);
        }
        i = (i + 1) & mask;
    }
    None
}

/// The strings of the string set `table` over `text`, in slot order.
pub fn set_strings<'a>(text: &'a str, table: &'a [u32]) -> impl Iterator<Item = &'a str> + 'a {
    table.iter().filter(|&&e| e != 0).filter_map(move |&e| {
        let (offset, len) = ((e >> 8) as usize, (e & 0xff) as usize);
        text.get(offset..offset + len)
    })
}

/// True when the hash set `table` holds hash `h`.
pub fn hash_set_contains(table: &[u64], h: u64) -> bool {
    let mask = table.len().wrapping_sub(1);
    let want = stored_hash(h);
    let mut i = slot(h, mask);
    for _ in 0..table.len() {
        match table.get(i) {
            None | Some(0) => return false,
            Some(&v) if v == want => return true,
            Some(_) => i = (i + 1) & mask,
        }
    }
    false
}

/// The number of slots for `count` entries: a power of two, at most 2/3 full.
fn capacity(count: usize) -> usize {
    (count + count / 2 + 1).next_power_of_two()
}

/// A string set over `text` of the strings `text[offset..offset + len]`
/// given (duplicates are kept once). `None` when a string is empty, longer
/// than 255 bytes or beyond 2^24 bytes of text.
pub fn build_set(text: &str, strings: &[(usize, usize)]) -> Option<Vec<u32>> {
    let mut table = vec![0u32; capacity(strings.len())];
    let mask = table.len() - 1;
    for &(offset, len) in strings {
        if len == 0 || len > 0xff || offset + len >= 1 << 24 {
            return None;
        }
        let word = text.get(offset..offset + len)?;
        if set_contains(text, &table, word) {
            continue;
        }
        let mut i = slot(table_hash(word.as_bytes()), mask);
        while table[i] != 0 {
            i = (i + 1) & mask;
        }
        table[i] = ((offset as u32) << 8) | len as u32;
    }
    Some(table)
}

/// A hash set of `hashes` (duplicates are kept once).
pub fn build_hash_set(hashes: &[u64]) -> Vec<u64> {
    let mut table = vec![0u64; capacity(hashes.len())];
    let mask = table.len() - 1;
    for &h in hashes {
        if hash_set_contains(&table, h) {
            continue;
        }
        let mut i = slot(h, mask);
        while table[i] != 0 {
            i = (i + 1) & mask;
        }
        table[i] = stored_hash(h);
    }
    table
}

/// What [`build_dictionary`] returns: text, word set, combining set, prefix hashes.
pub type BuiltDictionary = (String, Vec<u32>, Vec<u32>, Vec<u64>);

/// The compound dictionary as the decompounder reads it, from the text of
/// the dictionary file: `(text, words, combining, prefixes)` where `text`
/// holds the normalised words, `words` their set, `combining` the set of
/// those ending in `e` without it, `prefixes` the hashes of every prefix of
/// at least `min_part` bytes of either. Words shorter than `min_part` after
/// normalisation are left out, as are combining forms shorter than that.
pub fn build_dictionary(
    source: &str,
    min_part: usize,
    normalize: fn(&str, &mut String),
) -> Option<BuiltDictionary> {
    let mut text = String::new();
    let mut words = Vec::new();
    let mut combining = Vec::new();
    let mut buffer = String::new();
    for line in source.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        normalize(&line.to_lowercase(), &mut buffer);
        if buffer.len() < min_part {
            continue;
        }
        let offset = text.len();
        text.push_str(&buffer);
        words.push((offset, buffer.len()));
        if buffer.ends_with('e') && buffer.len() > min_part {
            combining.push((offset, buffer.len() - 1));
        }
    }
    let mut prefixes = Vec::new();
    for &(offset, len) in words.iter().chain(&combining) {
        let word = text.get(offset..offset + len)?;
        for n in min_part..=len {
            if let Some(prefix) = word.get(..n) {
                prefixes.push(table_hash(prefix.as_bytes()));
            }
        }
    }
    let word_set = build_set(&text, &words)?;
    let combining_set = build_set(&text, &combining)?;
    Some((text, word_set, combining_set, build_hash_set(&prefixes)))
}
