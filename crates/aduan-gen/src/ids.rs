//! Deterministic identities: a random source per report, tracking ids that never collide
//! within a run, and synthetic reporters.

use crate::text::Words;
use aduan_domain::TrackingId;
use aduan_domain::report::{Channel, ReporterIdentity};
use rand::rngs::SmallRng;
use rand::{Rng, RngCore, SeedableRng};

/// SplitMix64's finaliser: a bijective scrambling of 64 bits.
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The random source of report `index` of a run with `seed`: reports are independent of one
/// another, so any report can be generated alone, in any order or batch size.
pub fn report_rng(seed: u64, index: u64) -> SmallRng {
    SmallRng::seed_from_u64(mix(seed ^ mix(index)))
}

/// Feeds a fixed value to [`TrackingId::generate`], which draws one `u64`.
struct Fixed(u64);

impl RngCore for Fixed {
    fn next_u32(&mut self) -> u32 {
        self.0 as u32
    }
    fn next_u64(&mut self) -> u64 {
        self.0
    }
    fn fill_bytes(&mut self, dst: &mut [u8]) {
        for (d, s) in dst.iter_mut().zip(self.0.to_le_bytes().iter().cycle()) {
            *d = *s;
        }
    }
}

const BITS: u32 = 45;
const MASK: u64 = (1 << BITS) - 1;

/// The tracking id of report `index`: a seed-keyed permutation of the 45-bit id space, so two
/// reports of one run never share an id and ids look random.
pub fn tracking_id(seed: u64, index: u64) -> TrackingId {
    let key = mix(seed);
    let a = (mix(key) | 1) & MASK; // odd: multiplication by it is a bijection mod 2^45
    let mut x = (index & MASK).wrapping_mul(a).wrapping_add(key) & MASK;
    x ^= x >> 21;
    x = x.wrapping_mul(0x1b87_3593_a5b1) & MASK; // odd constant: bijective again
    x ^= x >> 19;
    TrackingId::generate(&mut Fixed(x & MASK))
}

/// A synthetic identity, made up from the word lists. Nothing here belongs to a real person:
/// phone numbers use the unallocated `+62 800` range, e-mail addresses the reserved
/// `example.*` domains, and every NIK starts with `99`, a province code that does not exist.
pub fn identity(rng: &mut SmallRng, words: &Words, channel: &Channel) -> ReporterIdentity {
    let female = rng.random_bool(0.5);
    let given = if female {
        &words.given_female
    } else {
        &words.given_male
    };
    let first = &given[rng.random_range(0..given.len())];
    let family = &words.family_names[rng.random_range(0..words.family_names.len())];
    let name = if rng.random_bool(0.75) {
        format!("{first} {family}")
    } else {
        first.clone()
    };
    let handle: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '.' })
        .collect();
    let domain = ["example.com", "example.net", "example.org"][rng.random_range(0..3)];
    let email = format!("{handle}{}@{domain}", rng.random_range(1..1000));
    let phone = format!("+62800{:08}", rng.random_range(0..100_000_000u32));
    let nik = format!(
        "99{:02}{:02}{:02}{:02}{:02}{:04}",
        rng.random_range(1..80),
        rng.random_range(1..40),
        rng.random_range(1..29) + if female { 40 } else { 0 },
        rng.random_range(1..13),
        rng.random_range(50..100),
        rng.random_range(1..10_000)
    );
    let (with_email, with_phone) = match channel {
        Channel::Sms | Channel::Phone => (false, true),
        Channel::Email => (true, rng.random_bool(0.3)),
        Channel::WalkIn | Channel::Paper => (rng.random_bool(0.2), true),
        _ => (true, rng.random_bool(0.6)),
    };
    ReporterIdentity {
        name: Some(name),
        email: with_email.then_some(email),
        phone: with_phone.then_some(phone),
        nik: rng.random_bool(0.35).then_some(nik),
        chat: None,
    }
}
