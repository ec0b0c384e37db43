//! A report as a sparse vector of hashed features.
//!
//! Every feature is a string (`w:jalan`, `b:jalan rusak`, `r:35.78`, `h:sms`) hashed
//! with FNV-1a into [`DIMENSIONS`] buckets: no vocabulary is stored, and the same text gives the
//! same vector on every machine. Counts are damped (`1 + ln n`) and the words scaled to unit
//! length, so a long chronology weighs as much as a short one; the region and the channel stand
//! beside them at full weight.

use crate::Input;
use crate::normalise::{identity_lexemes, masked};
use std::hash::Hasher;

/// Buckets of the hashed feature space: 2^22, so that collisions between the few hundred
/// thousand features of a large corpus are rare.
///
/// Character n-grams of the lexemes were tried (3 to 5, then 4 alone): on 20,000 generated
/// reports they gave the same accuracy at three to five times the training and ranking time,
/// so they are left out; spelling variants are folded by the analysis's slang table instead.
pub const DIMENSIONS: u32 = 1 << 22;

/// A sparse vector: feature ids in increasing order, each once, with its value.
pub type Vector = Vec<(u32, f32)>;

/// The id of feature `name` of kind `kind`.
pub fn id(kind: &str, name: &str) -> u32 {
    let mut h = fnv::FnvHasher::default();
    h.write(kind.as_bytes());
    h.write_u8(b':');
    h.write(name.as_bytes());
    let x = h.finish();
    ((x ^ (x >> 32)) as u32) & (DIMENSIONS - 1)
}

/// The features of a report: see the crate's documentation.
pub fn full(input: &Input) -> Vector {
    let own = identity_lexemes(input.identity);
    let words: Vec<String> = aduan_text::lexemes(&masked(input.text))
        .into_iter()
        .filter(|w| !own.contains(w))
        .collect();
    let mut ids: Vec<u32> = words.iter().map(|w| id("w", w)).collect();
    for pair in words.windows(2) {
        ids.push(id("b", &format!("{} {}", pair[0], pair[1])));
    }
    // The words are scaled to unit length on their own; the region and the channel stand
    // beside them at full weight, not diluted by a long chronology: which local government
    // holds a report often depends on its place alone.
    let mut vector = damped_unit(ids);
    let mut ids = Vec::new();
    if let Some(region) = input.region.map(str::trim).filter(|r| !r.is_empty()) {
        ids.push(id("r", region));
        if let Some((province, _)) = region.split_once('.') {
            ids.push(id("r", province));
        }
    }
    if let Some(channel) = input.channel.map(str::trim).filter(|c| !c.is_empty()) {
        // A partner's channel is `api:<name>`: its name and the kind both count.
        ids.push(id("h", channel));
        if let Some((kind, _)) = channel.split_once(':') {
            ids.push(id("h", kind));
        }
    }
    vector.extend(ids.into_iter().map(|f| (f, META_WEIGHT)));
    vector.sort_unstable_by_key(|(f, _)| *f);
    vector.dedup_by(|b, a| {
        // A hash collision between a word and a place: one feature, the values added.
        let same = a.0 == b.0;
        if same {
            a.1 += b.1;
        }
        same
    });
    vector
}

/// The value of each region and channel feature, beside words of unit length in all.
const META_WEIGHT: f32 = 1.0;

/// Ids counted: each id once, in increasing order, with how many times it came.
pub fn counted(mut ids: Vec<u32>) -> Vector {
    ids.sort_unstable();
    let mut out: Vector = Vec::with_capacity(ids.len());
    for id in ids {
        match out.last_mut() {
            Some((last, n)) if *last == id => *n += 1.0,
            _ => out.push((id, 1.0)),
        }
    }
    out
}

/// Ids counted, damped (`1 + ln n`) and scaled to unit length.
pub fn damped_unit(ids: Vec<u32>) -> Vector {
    let mut out = counted(ids);
    for (_, v) in &mut out {
        *v = 1.0 + v.ln();
    }
    unit(&mut out);
    out
}

/// Scales `v` to unit length (an empty vector stays empty).
pub fn unit(v: &mut Vector) {
    let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|(_, x)| *x /= norm);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_report_gives_the_same_unit_vector() {
        let input = Input {
            text: "Jalan berlubang di depan pasar, jalan rusak parah",
            region: Some("35.78"),
            channel: Some("sms"),
            identity: &[],
        };
        let a = full(&input);
        assert_eq!(a, full(&input));
        // Words of unit length, and the two region features (kabupaten/kota, province) and the
        // channel at full weight.
        let norm: f32 = a.iter().map(|(_, x)| x * x).sum();
        assert!((norm - 4.0).abs() < 1e-4, "{norm}");
        assert!(a.windows(2).all(|p| p[0].0 < p[1].0));
        assert!(a.iter().any(|(i, _)| *i == id("r", "35")));
    }

    #[test]
    fn the_reporters_name_never_becomes_a_feature() {
        let text = "Saya Sutrisno melapor jalan rusak";
        let with = full(&Input {
            text,
            identity: &["Sutrisno".to_owned()],
            ..Input::default()
        });
        let name = id("w", &aduan_text::lexemes("Sutrisno")[0]);
        assert!(!with.iter().any(|(i, _)| *i == name));
        let without = full(&Input::text(text));
        assert!(without.iter().any(|(i, _)| *i == name));
    }
}
