//! Reading the regions and holidays files, and ranking regions by their share of traffic.

use super::{AgencyInfo, Region, WorldError, weights};
use crate::text::Place;
use aduan_domain::AgencyId;
use aduan_domain::directory::AgencyKind;
use aduan_store::DirectoryBatch;
use chrono::NaiveDate;
use std::collections::BTreeMap;

fn file_error(file: &str, problem: impl ToString) -> WorldError {
    WorldError::File {
        file: file.to_owned(),
        problem: problem.to_string(),
    }
}

/// Region code (`35.78`) to the capital's name, from the regions file.
pub(super) fn capitals(csv_text: &str) -> Result<BTreeMap<String, String>, WorldError> {
    let mut out = BTreeMap::new();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    for record in reader.records() {
        let r = record.map_err(|e| file_error("data/regions.csv", e))?;
        let (Some(code), Some(capital)) = (r.get(0), r.get(4)) else {
            continue;
        };
        out.insert(dotted(code), capital.to_owned());
    }
    Ok(out)
}

/// `3578` as `35.78`; a province code stays as it is.
fn dotted(code: &str) -> String {
    if code.len() > 2 && !code.contains('.') {
        format!("{}.{}", &code[..2], &code[2..])
    } else {
        code.to_owned()
    }
}

pub(super) fn holidays(csv_text: &str) -> Result<Vec<NaiveDate>, WorldError> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let mut days = Vec::new();
    for record in reader.records() {
        let r = record.map_err(|e| file_error("data/holidays.csv", e))?;
        let date = r.get(0).unwrap_or_default();
        days.push(
            date.parse::<NaiveDate>()
                .map_err(|e| file_error("data/holidays.csv", format!("{date}: {e}")))?,
        );
    }
    Ok(days)
}

pub(super) fn regions(
    dir: &DirectoryBatch,
    provinces: &BTreeMap<String, (AgencyId, String)>,
    capitals: &BTreeMap<String, String>,
    agencies: &BTreeMap<AgencyId, AgencyInfo>,
) -> Result<Vec<Region>, WorldError> {
    // Within a province, the capital ranks first, then the other cities, then the regencies.
    type Ranked = ((bool, bool, u64), Region);
    let mut by_province: BTreeMap<String, Vec<Ranked>> = BTreeMap::new();
    for a in &dir.agencies {
        if !matches!(a.kind, AgencyKind::Kabupaten | AgencyKind::Kota) {
            continue;
        }
        let code = a.region_code.clone().ok_or_else(|| {
            WorldError::Directory(format!("{} has no region code", a.id.as_str()))
        })?;
        let province_code = code.split('.').next().unwrap_or_default().to_owned();
        let (province, province_name) = provinces
            .get(&province_code)
            .cloned()
            .ok_or_else(|| WorldError::Directory(format!("no province {province_code}")))?;
        let short = a
            .name
            .trim_start_matches("Kabupaten ")
            .trim_start_matches("Kota Administrasi ")
            .trim_start_matches("Kota ")
            .to_owned();
        // Real district names where the directory knows the region's kecamatan units.
        let kecamatan = agencies
            .get(&a.id)
            .map(|i| {
                i.units
                    .iter()
                    .filter_map(|(u, _)| u.name.strip_prefix("Kecamatan ").map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let is_capital = capitals.get(&province_code).is_some_and(|c| *c == short);
        let rank_key = (
            !is_capital,
            a.kind != AgencyKind::Kota,
            weights::stable_hash(&code),
        );
        by_province.entry(province_code.clone()).or_default().push((
            rank_key,
            Region {
                code,
                agency: a.id.clone(),
                province,
                province_code,
                zone: a.zone,
                place: Place {
                    region_name: a.name.clone(),
                    short_name: short,
                    province_name,
                    is_kota: a.kind == AgencyKind::Kota,
                    kecamatan,
                },
                weight: 0.0,
            },
        ));
    }
    let mut out = Vec::new();
    for (province_code, mut list) in by_province {
        list.sort_by_key(|a| a.0);
        let population = weights::province_population(&province_code);
        let total: f64 = (1..=list.len()).map(weights::zipf).sum();
        for (i, (_, mut r)) in list.into_iter().enumerate() {
            r.weight = population * weights::zipf(i + 1) / total;
            out.push(r);
        }
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    if out.is_empty() {
        return Err(WorldError::Directory("no kabupaten or kota".into()));
    }
    Ok(out)
}
