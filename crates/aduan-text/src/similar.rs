//! Near-duplicate detection by MinHash with banding (Broder 1997; Leskovec, Rajaraman and
//! Ullman, *Mining of Massive Datasets*, ch. 3): a text's set of lexemes is summarised by
//! [`HASHES`] minimum hashes, whose share of equal positions between two texts estimates the
//! Jaccard similarity of their sets. The signature is cut into [`BANDS`] bands of [`ROWS`]
//! hashes; two texts whose sets are similar share a band with high probability (at a Jaccard
//! similarity of 0.5, about three chances in four; at 0.2, about one in twenty), so a lookup
//! reads the few reports filed under the same band keys, never the whole table.
//!
//! The band keys include a *place* (the kabupaten/kota of the report, or nothing), so only
//! reports of the same place meet. Every hash here is fixed (FNV-1a and SplitMix64, written
//! out below), not the standard library's randomised hasher: signatures are stored, and must
//! be the same on every machine and every run. Changing anything here changes the stored keys:
//! bump [`SIMILARITY_VERSION`].

use std::collections::BTreeSet;

/// Bumped whenever signatures or band keys change, so stored ones are known to be stale.
pub const SIMILARITY_VERSION: u32 = 1;
/// Bands per signature.
pub const BANDS: usize = 10;
/// Hashes per band.
pub const ROWS: usize = 3;
/// Hashes per signature.
pub const HASHES: usize = BANDS * ROWS;

/// A text's MinHash signature: the least hash of its lexemes under each of [`HASHES`] hash
/// functions. A text without lexemes has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature([u32; HASHES]);

impl Signature {
    /// The signature of a set of lexemes (duplicates and order do not matter); `None` for an
    /// empty set, which resembles nothing.
    pub fn of<S: AsRef<str>>(lexemes: &[S]) -> Option<Self> {
        let words: BTreeSet<&str> = lexemes.iter().map(AsRef::as_ref).collect();
        if words.is_empty() {
            return None;
        }
        let mut min = [u32::MAX; HASHES];
        for word in words {
            let base = fnv1a(word.as_bytes());
            for (i, m) in min.iter_mut().enumerate() {
                let h = (splitmix64(base ^ SEEDS[i]) >> 32) as u32;
                *m = (*m).min(h);
            }
        }
        Some(Self(min))
    }

    /// The signature of `text`: its [`crate::lexemes`].
    pub fn of_text(text: &str) -> Option<Self> {
        Self::of(&crate::lexemes(text))
    }

    /// The estimated Jaccard similarity of the two sets, 0.0 to 1.0: the share of positions
    /// where the signatures agree.
    pub fn similarity(&self, other: &Self) -> f64 {
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / HASHES as f64
    }

    /// The band keys under which a report of `place` with this signature is filed: one per
    /// band, from the band's number, the place and the band's hashes.
    pub fn band_keys(&self, place: &str) -> [i64; BANDS] {
        let mut keys = [0i64; BANDS];
        for (band, key) in keys.iter_mut().enumerate() {
            let mut h = fnv1a(place.as_bytes()) ^ (band as u64).wrapping_mul(0x9E37_79B9);
            for row in &self.0[band * ROWS..(band + 1) * ROWS] {
                h = splitmix64(h ^ u64::from(*row));
            }
            *key = h as i64;
        }
        keys
    }

    /// The signature as stored: [`HASHES`] big-endian `u32`s.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|h| h.to_be_bytes()).collect()
    }

    /// A stored signature; `None` when the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        if bytes.len() != HASHES * 4 {
            return None;
        }
        let mut out = [0u32; HASHES];
        for (h, chunk) in out.iter_mut().zip(bytes.chunks_exact(4)) {
            *h = u32::from_be_bytes(chunk.try_into().ok()?);
        }
        Some(Self(out))
    }
}

/// FNV-1a, 64 bits.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// SplitMix64's finaliser (Steele, Lea and Flood 2014): a fixed, well-mixing permutation.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One seed per hash function: SplitMix64's sequence from 0, fixed at compile time.
const SEEDS: [u64; HASHES] = {
    let mut out = [0u64; HASHES];
    let mut state: u64 = 0;
    let mut i = 0;
    while i < HASHES {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        out[i] = z ^ (z >> 31);
        i += 1;
    }
    out
};
