//! Identifiers: opaque ids for reporters and users, readable slugs for agencies and units.

use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The opaque id by which reports and events refer to a reporter's identity.
///
/// It carries nothing about the person: erasing the identity row leaves it dangling harmlessly,
/// and the hash chain of the report's events stays intact.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReporterId(String);

impl ReporterId {
    /// A new random id: 128 bits as 32 lowercase hex digits, prefixed `r_`.
    pub fn generate<R: RngCore + ?Sized>(rng: &mut R) -> Self {
        let mut bytes = [0u8; 16];
        rng.fill_bytes(&mut bytes);
        Self(format!("r_{}", hex::encode(bytes)))
    }

    /// Wraps an id read back from storage.
    pub fn from_stored(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ReporterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A staff or citizen account's id, assigned by the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

macro_rules! slug_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a slug; slugs are validated where they enter (directory import, API input).
            pub fn new(slug: impl Into<String>) -> Self {
                Self(slug.into())
            }

            /// The slug as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

slug_id!(
    /// An agency's stable slug, such as `kabupaten-tangerang` or `kementerian-kesehatan`.
    AgencyId
);
slug_id!(
    /// A unit's stable slug, unique across the directory, such as `kota-surabaya/dinas-pendidikan`.
    UnitId
);
slug_id!(
    /// A category id: `topic-slug` or `topic-slug/subtopic-slug`.
    CategoryId
);
