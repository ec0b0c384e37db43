//! The directory: agencies (kementerian, lembaga, pemerintah daerah), their unit trees, and the
//! report categories, with the slug rules that give each a stable, readable id.

pub mod import;

use crate::ids::{AgencyId, CategoryId, UnitId};
use crate::text_enum;
use crate::workdays::Zone;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

text_enum!(
    /// What kind of government body an agency is.
    AgencyKind {
        /// A ministry (kementerian).
        Kementerian => "kementerian",
        /// A non-ministerial agency or other state body (lembaga, badan, komisi, BPJS).
        Lembaga => "lembaga",
        /// A provincial government (pemerintah provinsi).
        Provinsi => "provinsi",
        /// A regency government (pemerintah kabupaten).
        Kabupaten => "kabupaten",
        /// A city government (pemerintah kota).
        Kota => "kota",
        /// Anything else that takes complaints: state companies, universities, embassies.
        Other => "other",
    }
);

impl AgencyKind {
    /// Whether this is a regional government (provinsi, kabupaten or kota).
    pub fn is_regional(&self) -> bool {
        matches!(self, Self::Provinsi | Self::Kabupaten | Self::Kota)
    }
}

/// An agency (instansi) that reports can be dispatched to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    /// The stable slug, such as `kota-surabaya` or `kementerian-kesehatan`.
    pub id: AgencyId,
    /// The official name.
    pub name: String,
    /// The short name people type (`Kemenkes`, `BPOM`), if any.
    pub abbreviation: Option<String>,
    /// What kind of body it is.
    pub kind: AgencyKind,
    /// The Kemendagri code of a regional government's region (`35`, `35.78`).
    pub region_code: Option<String>,
    /// The agency above it: a kabupaten's or kota's province.
    pub parent: Option<AgencyId>,
    /// The time zone its deadlines run in; national agencies use WIB.
    pub zone: Zone,
    /// Whether it has accounts in this deployment.
    pub connected: bool,
    /// Whether its own complaint application is linked through the integration API.
    pub integrated: bool,
    /// Where the entry comes from (a regulation, an official site).
    pub source: Option<String>,
}

/// A unit (unit kerja, OPD) inside an agency; units form a tree per agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// The slug, unique across the directory: `kota-surabaya/dinas-pendidikan`.
    pub id: UnitId,
    /// The agency it belongs to.
    pub agency: AgencyId,
    /// The unit above it in the same agency, if any.
    pub parent: Option<UnitId>,
    /// The unit's name.
    pub name: String,
    /// Whether this is the agency's inspectorate (at most one per agency); supervisory
    /// complaints go there.
    pub inspectorate: bool,
}

/// A report category: a topic or a sub-topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// `topic-slug` or `topic-slug/subtopic-slug`.
    pub id: CategoryId,
    /// The name as published.
    pub name: String,
    /// The topic of a sub-topic.
    pub parent: Option<CategoryId>,
    /// Reports in a sensitive category are confidential unless the reporter makes them public.
    pub sensitive: bool,
    /// The first day the category can be chosen (inclusive), if time-boxed.
    pub active_from: Option<NaiveDate>,
    /// The last day the category can be chosen (inclusive), if time-boxed.
    pub active_until: Option<NaiveDate>,
}

impl Category {
    /// Whether the category can be chosen on `on` (both bounds inclusive).
    pub fn is_active(&self, on: NaiveDate) -> bool {
        self.active_from.is_none_or(|from| from <= on)
            && self.active_until.is_none_or(|until| on <= until)
    }

    /// Checks the name is not blank and the active period does not end before it starts.
    pub fn validate(&self) -> Result<(), DirectoryError> {
        if self.name.trim().is_empty() {
            return Err(DirectoryError::BlankName);
        }
        match (self.active_from, self.active_until) {
            (Some(from), Some(until)) if until < from => {
                Err(DirectoryError::ActivePeriod { from, until })
            }
            _ => Ok(()),
        }
    }
}

/// An edit of a category by the national admin; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryChanges {
    /// A new name.
    pub name: Option<String>,
    /// A new sensitivity.
    pub sensitive: Option<bool>,
    /// A new first day (`Some(None)` removes it).
    pub active_from: Option<Option<NaiveDate>>,
    /// A new last day (`Some(None)` removes it).
    pub active_until: Option<Option<NaiveDate>>,
}

impl CategoryChanges {
    /// Whether the edit changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The category after the edit, validated.
    pub fn apply(&self, category: &Category) -> Result<Category, DirectoryError> {
        let mut next = category.clone();
        if let Some(name) = &self.name {
            next.name = name.trim().to_owned();
        }
        if let Some(sensitive) = self.sensitive {
            next.sensitive = sensitive;
        }
        if let Some(from) = self.active_from {
            next.active_from = from;
        }
        if let Some(until) = self.active_until {
            next.active_until = until;
        }
        next.validate()?;
        Ok(next)
    }
}

/// A directory entry that breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DirectoryError {
    /// A name is empty.
    #[error("the name is empty")]
    BlankName,
    /// An active period ends before it starts.
    #[error("the active period ends ({until}) before it starts ({from})")]
    ActivePeriod {
        /// The first day.
        from: NaiveDate,
        /// The last day.
        until: NaiveDate,
    },
}

/// Turns a name into a slug: lowercase ASCII letters and digits joined by single hyphens,
/// accents folded (`PENDIDIKAN DAN KEBUDAYAAN` → `pendidikan-dan-kebudayaan`).
pub fn slugify(name: &str) -> String {
    slug::slugify(name)
}

/// Whether `s` is a slug as [`slugify`] makes them.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether `s` is a unit id: slugs joined by `/`, at least two (agency, then unit).
pub fn is_unit_slug(s: &str) -> bool {
    s.split('/').count() >= 2 && s.split('/').all(is_slug)
}

/// A province's name as people write it: "Daerah Khusus Ibukota Jakarta" is "DKI Jakarta".
pub fn province_short_name(name: &str) -> String {
    let name = name.trim();
    let name = name.strip_prefix("Provinsi ").unwrap_or(name);
    for long in ["Daerah Khusus Ibukota ", "Daerah Khusus Ibu Kota "] {
        if let Some(rest) = name.strip_prefix(long) {
            return format!("DKI {rest}");
        }
    }
    name.to_owned()
}

/// The slug of an agency of `kind` named `name`: `provinsi-<name>` for provinces
/// (`provinsi-dki-jakarta`), the name itself for kabupaten and kota (`kota-surabaya`), and the
/// part before any `/` for national bodies with a double name
/// (`Kementerian Agraria dan Tata Ruang/Badan Pertanahan Nasional` →
/// `kementerian-agraria-dan-tata-ruang`).
pub fn agency_slug(kind: AgencyKind, name: &str) -> String {
    match kind {
        AgencyKind::Provinsi => format!("provinsi-{}", slugify(&province_short_name(name))),
        AgencyKind::Kabupaten | AgencyKind::Kota => slugify(name),
        AgencyKind::Kementerian | AgencyKind::Lembaga | AgencyKind::Other => {
            slugify(name.split('/').next().unwrap_or(name))
        }
    }
}

/// The id of a unit named `name` directly under `parent` (a unit) or at the top of `agency`.
pub fn unit_slug(agency: &AgencyId, parent: Option<&UnitId>, name: &str) -> UnitId {
    let base = parent.map_or(agency.as_str(), UnitId::as_str);
    UnitId::new(format!("{base}/{}", slugify(name)))
}

/// The id of a topic, or of a sub-topic under it: `topic-slug` or `topic-slug/subtopic-slug`.
pub fn category_id(topic: &str, subtopic: Option<&str>) -> CategoryId {
    match subtopic {
        Some(sub) => CategoryId::new(format!("{}/{}", slugify(topic), slugify(sub))),
        None => CategoryId::new(slugify(topic)),
    }
}
