//! The country the generator writes about, taken from the directory: regions with their
//! governments, national agencies, units and categories, plus the working-day calendar and the
//! weights that make traffic look real.

mod load;
mod weights;

use load::{capitals, holidays, regions};
pub use weights::{province_population, topic_weight};

use crate::text::Place;
use aduan_domain::directory::{Agency, AgencyKind, Category, Unit};
use aduan_domain::workdays::{WorkCalendar, Zone};
use aduan_domain::{AgencyId, CategoryId, UnitId};
use aduan_store::DirectoryBatch;
use std::collections::BTreeMap;

/// A kabupaten or kota: where a report is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// Kemendagri code, `35.78`.
    pub code: String,
    /// Its government.
    pub agency: AgencyId,
    /// Its province's government.
    pub province: AgencyId,
    /// The province's code, `35`.
    pub province_code: String,
    /// Its time zone.
    pub zone: Zone,
    /// Names for texts.
    pub place: Place,
    /// Its share of traffic (population proxy).
    pub weight: f64,
}

/// What the generator needs to know of an agency.
#[derive(Debug, Clone, PartialEq)]
pub struct AgencyInfo {
    /// Its directory entry.
    pub agency: Agency,
    /// Its units, each with its path (root first), in directory order.
    pub units: Vec<(Unit, Vec<UnitId>)>,
}

impl AgencyInfo {
    /// The name citizens use: the abbreviation when there is one.
    pub fn short_name(&self) -> &str {
        self.agency
            .abbreviation
            .as_deref()
            .unwrap_or(&self.agency.name)
    }

    /// The inspectorate unit, if the agency has one.
    pub fn inspectorate(&self) -> Option<&(Unit, Vec<UnitId>)> {
        self.units.iter().find(|(u, _)| u.inspectorate)
    }
}

/// A directory problem that stops the generator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorldError {
    /// The directory lacks what the generator needs.
    #[error("directory: {0}")]
    Directory(String),
    /// A data or template file does not parse.
    #[error("{file}: {problem}")]
    File {
        /// The file.
        file: String,
        /// What is wrong.
        problem: String,
    },
}

/// The directory as the generator uses it.
#[derive(Debug, Clone)]
pub struct World {
    /// Every kabupaten and kota.
    pub regions: Vec<Region>,
    /// Every agency by id.
    pub agencies: BTreeMap<AgencyId, AgencyInfo>,
    /// Every category by id.
    pub categories: BTreeMap<CategoryId, Category>,
    /// Topic and sub-topic names to category ids (`(topic, None)` for the topic itself).
    pub category_names: BTreeMap<(String, Option<String>), CategoryId>,
    /// Province names by province code.
    pub provinces: BTreeMap<String, String>,
    /// Unit paths by unit id.
    pub unit_paths: BTreeMap<UnitId, Vec<UnitId>>,
    /// National holidays and cuti bersama.
    pub calendar: WorkCalendar,
}

impl World {
    /// Builds the world from a directory, the regions file (for capitals) and the holidays file.
    pub fn new(
        dir: &DirectoryBatch,
        regions_csv: &str,
        holidays_csv: &str,
    ) -> Result<World, WorldError> {
        let capitals = capitals(regions_csv)?;
        let calendar = WorkCalendar::new(holidays(holidays_csv)?);
        let mut agencies: BTreeMap<AgencyId, AgencyInfo> = dir
            .agencies
            .iter()
            .map(|a| {
                let info = AgencyInfo {
                    agency: a.clone(),
                    units: Vec::new(),
                };
                (a.id.clone(), info)
            })
            .collect();
        let mut unit_paths: BTreeMap<UnitId, Vec<UnitId>> = BTreeMap::new();
        for u in &dir.units {
            let mut path = u
                .parent
                .as_ref()
                .and_then(|p| unit_paths.get(p).cloned())
                .unwrap_or_default();
            path.push(u.id.clone());
            unit_paths.insert(u.id.clone(), path.clone());
            if let Some(info) = agencies.get_mut(&u.agency) {
                info.units.push((u.clone(), path));
            }
        }
        let provinces: BTreeMap<String, (AgencyId, String)> = dir
            .agencies
            .iter()
            .filter(|a| a.kind == AgencyKind::Provinsi)
            .filter_map(|a| {
                let code = a.region_code.clone()?;
                let name = a.name.trim_start_matches("Provinsi ").to_owned();
                Some((code, (a.id.clone(), name)))
            })
            .collect();
        let regions = regions(dir, &provinces, &capitals, &agencies)?;
        let mut category_names = BTreeMap::new();
        let by_id: BTreeMap<CategoryId, Category> = dir
            .categories
            .iter()
            .map(|c| (c.id.clone(), c.clone()))
            .collect();
        for c in &dir.categories {
            let key = match c.parent.as_ref().and_then(|p| by_id.get(p)) {
                Some(topic) => (topic.name.clone(), Some(c.name.clone())),
                None => (c.name.clone(), None),
            };
            category_names.insert(key, c.id.clone());
        }
        Ok(World {
            regions,
            agencies,
            categories: by_id,
            category_names,
            provinces: provinces
                .into_iter()
                .map(|(code, (_, name))| (code, name))
                .collect(),
            unit_paths,
            calendar,
        })
    }

    /// The built-in directory of `aduan-directory`.
    pub fn builtin() -> Result<World, WorldError> {
        let dir = aduan_directory::builtin().map_err(|e| WorldError::Directory(e.to_string()))?;
        World::new(
            &dir,
            aduan_directory::REGIONS_CSV,
            aduan_directory::HOLIDAYS_CSV,
        )
    }

    /// The zone an agency's deadlines run in (WIB for unknown agencies, as for national ones).
    pub fn zone_of(&self, agency: Option<&AgencyId>) -> Zone {
        agency
            .and_then(|a| self.agencies.get(a))
            .map_or(Zone::Wib, |i| i.agency.zone)
    }

    /// The path of a unit, root first.
    pub fn unit_path(&self, unit: Option<&UnitId>) -> Vec<UnitId> {
        unit.and_then(|u| self.unit_paths.get(u).cloned())
            .unwrap_or_default()
    }

    /// The display name of a unit, or of the agency when there is no unit.
    pub fn holder_name(&self, agency: Option<&AgencyId>, unit: Option<&UnitId>) -> String {
        let info = agency.and_then(|a| self.agencies.get(a));
        if let (Some(info), Some(unit)) = (info, unit)
            && let Some((u, _)) = info.units.iter().find(|(u, _)| &u.id == unit)
        {
            return u.name.clone();
        }
        info.map_or_else(|| "instansi terkait".to_owned(), |i| i.agency.name.clone())
    }
}
