//! Tracking ids: the public handle a reporter uses to follow a report.
//!
//! An id is ten symbols of Crockford's base-32 alphabet (`0-9`, `A-Z` without `I`, `L`, `O`,
//! `U`). The first nine are random; the tenth is a check symbol from the same alphabet, so a
//! mistyped id is rejected instead of silently naming someone else's report.
//!
//! Parsing is forgiving in the ways people are when they copy an id by hand: case does not
//! matter, `O` reads as `0`, `I` and `L` read as `1`, and hyphens and spaces are ignored
//! (`ABCD-EFGH-JK`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Crockford's base-32 alphabet; a symbol's value is its index here.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Number of symbols in an id, check symbol included.
const LEN: usize = 10;

/// Number of random symbols (all but the check symbol).
const PAYLOAD: usize = LEN - 1;

// The check symbol.
//
// Symbols are read as elements of GF(32) = GF(2)[x] / (x^5 + x^2 + 1); that polynomial is
// primitive, so alpha = x generates all 31 nonzero elements. With weights w_i = alpha^(i+1)
// for the nine payload symbols and weight 1 for the check symbol c, a valid id satisfies
//
//     sum_i w_i * s_i + c == 0        (addition is XOR, so c = sum_i w_i * s_i)
//
// Why this catches every error we care about: the weights alpha^1..alpha^9 and alpha^0 are ten
// distinct nonzero elements because alpha has order 31 > 10.
// * Changing one symbol s -> s' (s != s') changes the sum by w * (s - s'); a field has no zero
//   divisors, so the product of two nonzero elements is nonzero and the check fails.
// * Swapping neighbours a != b at positions i, i+1 changes the sum by (w_i - w_{i+1}) * (a - b);
//   both factors are nonzero (distinct weights, distinct symbols), so again the check fails.
// A plain mod-32 weighted sum cannot promise this, because 32 is not prime: e.g. weight 2 times
// a difference of 16 is 0 mod 32.

/// The reduction polynomial x^5 + x^2 + 1.
const POLY: u8 = 0b10_0101;

/// Multiplies two elements of GF(32).
const fn gf_mul(mut a: u8, mut b: u8) -> u8 {
    let mut product = 0;
    while b != 0 {
        if b & 1 != 0 {
            product ^= a;
        }
        b >>= 1;
        a <<= 1;
        if a & 0b10_0000 != 0 {
            a ^= POLY;
        }
    }
    product
}

/// Payload weights alpha^1 ..= alpha^9.
const WEIGHTS: [u8; PAYLOAD] = {
    let mut weights = [0u8; PAYLOAD];
    let mut power = 1u8;
    let mut i = 0;
    while i < PAYLOAD {
        power = gf_mul(power, 0b10); // alpha = x
        weights[i] = power;
        i += 1;
    }
    weights
};

/// The check value of nine payload symbol values.
fn check_value(payload: &[u8]) -> u8 {
    payload
        .iter()
        .zip(WEIGHTS)
        .fold(0, |acc, (&s, w)| acc ^ gf_mul(w, s))
}

/// The value of one typed character, after Crockford's forgiving mappings.
fn symbol_value(c: char) -> Option<u8> {
    let upper = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    let byte = u8::try_from(upper).ok()?;
    let index = ALPHABET.iter().position(|&a| a == byte)?;
    u8::try_from(index).ok()
}

/// Why a string is not a tracking id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrackingIdError {
    /// The id does not have exactly ten symbols (hyphens and spaces not counted).
    #[error("a tracking id has 10 characters, found {found}")]
    WrongLength {
        /// How many symbols were found.
        found: usize,
    },
    /// A character outside the tracking-id alphabet.
    #[error("{character:?} cannot appear in a tracking id")]
    InvalidCharacter {
        /// The first offending character.
        character: char,
    },
    /// The check symbol does not match: the id was mistyped.
    #[error("this tracking id is mistyped (check symbol does not match)")]
    CheckFailed,
}

impl TrackingIdError {
    /// A stable snake_case code for API responses and translations.
    pub fn code(&self) -> &'static str {
        match self {
            Self::WrongLength { .. } => "tracking_id_length",
            Self::InvalidCharacter { .. } => "tracking_id_character",
            Self::CheckFailed => "tracking_id_check",
        }
    }
}

/// The public handle of a report: ten Crockford base-32 characters, the last a check symbol.
///
/// Always holds the canonical uppercase form; ordering is the ordering of that string.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TrackingId([u8; LEN]);

impl TrackingId {
    /// Draws a new random id from `rng` (nine random symbols plus the check symbol).
    pub fn generate<R: rand::RngCore + ?Sized>(rng: &mut R) -> TrackingId {
        let mut bits = rng.next_u64();
        let mut values = [0u8; LEN];
        for value in values.iter_mut().take(PAYLOAD) {
            *value = (bits & 0x1f) as u8; // 5 bits: uniform over the 32 symbols
            bits >>= 5;
        }
        values[PAYLOAD] = check_value(&values[..PAYLOAD]);
        Self::from_values(values)
    }

    /// Parses an id as a person might type it; see the module docs for what is forgiven.
    pub fn parse(s: &str) -> Result<TrackingId, TrackingIdError> {
        let mut values = [0u8; LEN];
        let mut found = 0usize;
        for c in s.chars() {
            if c == '-' || c.is_whitespace() {
                continue;
            }
            let value =
                symbol_value(c).ok_or(TrackingIdError::InvalidCharacter { character: c })?;
            if let Some(slot) = values.get_mut(found) {
                *slot = value;
            }
            found += 1;
        }
        if found != LEN {
            return Err(TrackingIdError::WrongLength { found });
        }
        if check_value(&values[..PAYLOAD]) != values[PAYLOAD] {
            return Err(TrackingIdError::CheckFailed);
        }
        Ok(Self::from_values(values))
    }

    /// The canonical form: ten uppercase characters, no hyphen.
    pub fn as_str(&self) -> &str {
        // The bytes always come from ALPHABET, which is ASCII, so this never falls back.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    fn from_values(values: [u8; LEN]) -> TrackingId {
        TrackingId(values.map(|v| ALPHABET[usize::from(v & 0x1f)]))
    }
}

impl FromStr for TrackingId {
    type Err = TrackingIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for TrackingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for TrackingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TrackingId({})", self.as_str())
    }
}

impl Serialize for TrackingId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for TrackingId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::SeedableRng;
    use rand::rngs::SmallRng;

    fn sample_ids(n: usize) -> Vec<TrackingId> {
        let mut rng = SmallRng::seed_from_u64(0x0AD0_A2026);
        (0..n).map(|_| TrackingId::generate(&mut rng)).collect()
    }

    #[test]
    fn alpha_generates_all_31_nonzero_elements() {
        let mut seen = std::collections::HashSet::new();
        let mut power = 1u8;
        for _ in 0..31 {
            seen.insert(power);
            power = gf_mul(power, 2);
        }
        assert_eq!(power, 1);
        assert_eq!(seen.len(), 31);
    }

    #[test]
    fn generated_ids_round_trip_through_parse() {
        for id in sample_ids(200) {
            let text = id.to_string();
            assert_eq!(text.len(), 10);
            assert!(text.bytes().all(|b| ALPHABET.contains(&b)));
            assert_eq!(TrackingId::parse(&text), Ok(id));
            assert_eq!(text.parse::<TrackingId>(), Ok(id));
        }
    }

    #[test]
    fn lowercase_confusable_letters_hyphens_and_spaces_are_forgiven() {
        let id = TrackingId::generate(&mut SmallRng::seed_from_u64(7));
        let text = id.to_string();
        let sloppy = format!(" {}-{} {} ", &text[..4], &text[4..8], &text[8..]).to_lowercase();
        assert_eq!(TrackingId::parse(&sloppy), Ok(id));

        // Build an id whose payload contains 0 and 1, then type them as O, I and L.
        let payload = [0u8, 1, 1, 2, 3, 0, 1, 4, 5];
        let mut values = [0u8; LEN];
        values[..PAYLOAD].copy_from_slice(&payload);
        values[PAYLOAD] = check_value(&payload);
        let id = TrackingId::from_values(values);
        assert!(id.as_str().starts_with("011230145"));
        let typed = format!("oIl23OL45{}", &id.as_str()[9..]);
        assert_eq!(TrackingId::parse(&typed), Ok(id));
    }

    #[test]
    fn u_and_other_foreign_characters_are_rejected() {
        for bad in ["UUUUUUUUUU", "ABCD*EFGHJ", "ABCDÉFGHJK"] {
            let err = TrackingId::parse(bad).err();
            assert!(
                matches!(err, Some(TrackingIdError::InvalidCharacter { .. })),
                "{bad}"
            );
            assert_eq!(err.map(|e| e.code()), Some("tracking_id_character"));
        }
        assert_eq!(
            TrackingId::parse("ABCDUFGHJK"),
            Err(TrackingIdError::InvalidCharacter { character: 'U' })
        );
    }

    #[test]
    fn a_wrong_length_is_reported_with_the_count() {
        let text = sample_ids(1)[0].to_string();
        assert_eq!(
            TrackingId::parse(&text[..9]),
            Err(TrackingIdError::WrongLength { found: 9 })
        );
        assert_eq!(
            TrackingId::parse(&format!("{text}0")),
            Err(TrackingIdError::WrongLength { found: 11 })
        );
        assert_eq!(
            TrackingId::parse("- -"),
            Err(TrackingIdError::WrongLength { found: 0 })
        );
        assert_eq!(
            TrackingId::parse("").map_err(|e| e.code()),
            Err("tracking_id_length")
        );
    }

    #[test]
    fn a_mistyped_character_is_detected() {
        for id in sample_ids(5) {
            let original = id.as_str().as_bytes().to_vec();
            for pos in 0..LEN {
                for &sym in ALPHABET.iter().filter(|&&s| s != original[pos]) {
                    let mut typo = original.clone();
                    typo[pos] = sym;
                    let typo = String::from_utf8(typo).unwrap_or_default();
                    assert_eq!(
                        TrackingId::parse(&typo),
                        Err(TrackingIdError::CheckFailed),
                        "{id} -> {typo}"
                    );
                }
            }
        }
    }

    #[test]
    fn swapping_two_different_neighbours_is_detected() {
        let mut swaps = 0;
        for id in sample_ids(20) {
            let original = id.as_str().as_bytes().to_vec();
            for pos in 0..LEN - 1 {
                if original[pos] == original[pos + 1] {
                    continue;
                }
                let mut typo = original.clone();
                typo.swap(pos, pos + 1);
                let typo = String::from_utf8(typo).unwrap_or_default();
                assert_eq!(
                    TrackingId::parse(&typo).map_err(|e| e.code()),
                    Err("tracking_id_check")
                );
                swaps += 1;
            }
        }
        assert!(swaps > 150, "too few swaps exercised: {swaps}");
    }

    #[test]
    fn seeded_generation_is_random_not_sequential() {
        let mut rng = SmallRng::seed_from_u64(42);
        let a = TrackingId::generate(&mut rng);
        let b = TrackingId::generate(&mut rng);
        assert_ne!(a, b);
        let payload_number = |id: TrackingId| {
            id.as_str()[..PAYLOAD].bytes().fold(0i64, |n, c| {
                n * 32 + ALPHABET.iter().position(|&a| a == c).unwrap_or(0) as i64
            })
        };
        assert!((payload_number(a) - payload_number(b)).abs() > 1);
    }

    #[test]
    fn serde_uses_the_canonical_string_and_validates_on_the_way_in() {
        let id = sample_ids(1)[0];
        let json = serde_json::to_string(&id).unwrap_or_default();
        assert_eq!(json, format!("\"{id}\""));
        let back: TrackingId =
            serde_json::from_str(&json.to_lowercase()).unwrap_or(TrackingId([b'0'; LEN]));
        assert_eq!(back, id);
        let mut bad = id.to_string().into_bytes();
        bad[3] = if bad[3] == b'7' { b'8' } else { b'7' };
        let bad = format!("\"{}\"", String::from_utf8(bad).unwrap_or_default());
        assert!(serde_json::from_str::<TrackingId>(&bad).is_err());
        assert!(serde_json::from_str::<TrackingId>("\"ABC\"").is_err());
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC*") {
            let _ = TrackingId::parse(&s);
        }

        #[test]
        fn a_sloppily_typed_valid_id_parses_to_the_same_id(
            seed in any::<u64>(),
            lower in any::<u16>(),
            separators in prop::collection::vec((0usize..=10, prop_oneof![Just('-'), Just(' ')]), 0..4),
        ) {
            let id = TrackingId::generate(&mut SmallRng::seed_from_u64(seed));
            let mut typed: Vec<char> = id
                .as_str()
                .chars()
                .enumerate()
                .map(|(i, c)| if lower >> i & 1 == 1 { c.to_ascii_lowercase() } else { c })
                .collect();
            for (at, sep) in separators.into_iter().rev() {
                typed.insert(at.min(typed.len()), sep);
            }
            let typed: String = typed.into_iter().collect();
            prop_assert_eq!(TrackingId::parse(&typed), Ok(id));
        }

        #[test]
        fn any_valid_id_survives_display_then_parse(seed in any::<u64>()) {
            let id = TrackingId::generate(&mut SmallRng::seed_from_u64(seed));
            prop_assert_eq!(id.to_string().parse::<TrackingId>(), Ok(id));
        }
    }
}
