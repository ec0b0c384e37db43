//! The directory CSV format (docs/directory-csv.md): agencies and units, by header name, with
//! every problem reported by line.

use crate::error::{FileErrors, Problems};
use aduan_domain::directory::{
    Agency, AgencyKind, Unit, agency_slug, is_slug, is_unit_slug, unit_slug,
};
use aduan_domain::workdays::Zone;
use aduan_domain::{AgencyId, UnitId};
use std::collections::HashMap;

/// A parsed entry with the line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<T> {
    /// The line, 1-based (the header is line 1).
    pub line: u64,
    /// The entry.
    pub value: T,
}

/// The agencies and units of one directory CSV file, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectoryFile {
    /// Agency rows.
    pub agencies: Vec<Row<Agency>>,
    /// Unit rows.
    pub units: Vec<Row<Unit>>,
}

/// Every column the format knows.
pub const COLUMNS: [&str; 13] = [
    "record",
    "id",
    "name",
    "kind",
    "abbreviation",
    "zone",
    "parent",
    "region_code",
    "connected",
    "integrated",
    "source",
    "agency",
    "inspectorate",
];
const AGENCY_ONLY: [&str; 7] = [
    "kind",
    "abbreviation",
    "zone",
    "region_code",
    "connected",
    "integrated",
    "source",
];
const UNIT_ONLY: [&str; 2] = ["agency", "inspectorate"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Record {
    Agency,
    Unit,
}

struct Fields<'a> {
    record: &'a csv::StringRecord,
    index: &'a HashMap<String, usize>,
}

impl Fields<'_> {
    fn get(&self, column: &str) -> Option<&str> {
        let i = *self.index.get(column)?;
        self.record.get(i).map(str::trim).filter(|v| !v.is_empty())
    }
}

fn parse_bool(v: Option<&str>) -> Result<bool, String> {
    match v.map(str::to_ascii_lowercase).as_deref() {
        None => Ok(false),
        Some("true" | "yes" | "ya" | "1") => Ok(true),
        Some("false" | "no" | "tidak" | "0") => Ok(false),
        Some(other) => Err(format!("{other:?} is not true or false")),
    }
}

/// A Kemendagri code as written officially: `35`, `35.78` (`3578` is accepted).
fn parse_region_code(v: &str) -> Result<String, String> {
    let digits_only = v.bytes().all(|b| b.is_ascii_digit());
    let code = if digits_only && v.len() == 4 {
        format!("{}.{}", &v[..2], &v[2..])
    } else {
        v.to_owned()
    };
    let ok = code.split('.').count() <= 3
        && code
            .split('.')
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()));
    if ok {
        Ok(code)
    } else {
        Err(format!(
            "region code {v:?} is not a Kemendagri code like 35 or 35.78"
        ))
    }
}

fn agency_row(f: &Fields<'_>) -> Result<Agency, String> {
    let name = f.get("name").ok_or("the name is empty")?;
    let kind_text = f.get("kind").ok_or("the kind is empty")?;
    let kind = AgencyKind::parse(kind_text).ok_or_else(|| {
        format!(
            "unknown kind {kind_text:?} (expected kementerian, lembaga, provinsi, kabupaten, kota or other)"
        )
    })?;
    let zone_text = f
        .get("zone")
        .ok_or("the zone is empty (WIB, WITA or WIT)")?;
    let zone: Zone = zone_text
        .parse()
        .map_err(|_| format!("unknown zone {zone_text:?} (expected WIB, WITA or WIT)"))?;
    let id = match f.get("id") {
        Some(id) if is_slug(id) => id.to_owned(),
        Some(id) => {
            return Err(format!(
                "id {id:?} is not a slug (a-z, 0-9 and single hyphens)"
            ));
        }
        None => agency_slug(kind, name),
    };
    let parent = match f.get("parent") {
        Some(p) if is_slug(p) && p != id => Some(AgencyId::new(p)),
        Some(p) => return Err(format!("parent {p:?} is not another agency's id")),
        None => None,
    };
    Ok(Agency {
        id: AgencyId::new(id),
        name: name.to_owned(),
        abbreviation: f.get("abbreviation").map(str::to_owned),
        kind,
        region_code: f.get("region_code").map(parse_region_code).transpose()?,
        parent,
        zone,
        connected: parse_bool(f.get("connected")).map_err(|e| format!("connected: {e}"))?,
        integrated: parse_bool(f.get("integrated")).map_err(|e| format!("integrated: {e}"))?,
        source: f.get("source").map(str::to_owned),
    })
}

fn unit_row(f: &Fields<'_>) -> Result<Unit, String> {
    let name = f.get("name").ok_or("the name is empty")?;
    let agency = f.get("agency").ok_or("the agency is empty")?;
    if !is_slug(agency) {
        return Err(format!("agency {agency:?} is not an agency id"));
    }
    let agency = AgencyId::new(agency);
    let prefix = format!("{agency}/");
    let parent = match f.get("parent") {
        Some(p) if is_unit_slug(p) && p.starts_with(&prefix) => Some(UnitId::new(p)),
        Some(p) => return Err(format!("parent {p:?} is not a unit id of {agency}")),
        None => None,
    };
    let id = match f.get("id") {
        Some(id) if is_unit_slug(id) && id.starts_with(&prefix) => UnitId::new(id),
        Some(id) => {
            return Err(format!(
                "id {id:?} must be {prefix} followed by slugs joined by /"
            ));
        }
        None => unit_slug(&agency, parent.as_ref(), name),
    };
    if parent.as_ref() == Some(&id) {
        return Err("a unit cannot be its own parent".into());
    }
    Ok(Unit {
        id,
        agency,
        parent,
        name: name.to_owned(),
        inspectorate: parse_bool(f.get("inspectorate"))
            .map_err(|e| format!("inspectorate: {e}"))?,
    })
}

fn header_index(
    headers: &csv::StringRecord,
    problems: &mut Problems,
) -> (HashMap<String, usize>, Option<Record>) {
    let mut index = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
        if !COLUMNS.contains(&h.as_str()) {
            problems.push(
                1,
                format!("unknown column {h:?} (known: {})", COLUMNS.join(", ")),
            );
        } else if index.insert(h.clone(), i).is_some() {
            problems.push(1, format!("column {h:?} appears twice"));
        }
    }
    if !index.contains_key("name") {
        problems.push(1, "missing column \"name\"");
    }
    let fixed = if index.contains_key("record") {
        None
    } else if index.contains_key("kind") {
        Some(Record::Agency)
    } else if index.contains_key("agency") {
        Some(Record::Unit)
    } else {
        problems.push(
            1,
            "the header needs a \"kind\" column (agencies), an \"agency\" column (units) or a \"record\" column (both)",
        );
        None
    };
    (index, fixed)
}

/// Parses a directory CSV file; `file` names it in errors. Every problem is reported with its
/// line, and nothing is returned while there is one.
pub fn parse_directory_csv(text: &str, file: &str) -> Result<DirectoryFile, FileErrors> {
    let (parsed, problems) = parse_rows(text);
    problems.finish(file, parsed)
}

/// Parses what it can: the rows without a problem, and the problems of the others.
pub(crate) fn parse_rows(text: &str) -> (DirectoryFile, Problems) {
    let mut problems = Problems::default();
    let mut out = DirectoryFile::default();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(1, format!("unreadable header: {e}"));
            return (out, problems);
        }
    };
    let (index, fixed) = header_index(&headers, &mut problems);
    let mut seen: HashMap<String, u64> = HashMap::new();
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(line, format!("unreadable row: {e}"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        if record.len() != headers.len() {
            let (n, m) = (record.len(), headers.len());
            problems.push(line, format!("{n} fields, but the header has {m}"));
            continue;
        }
        let f = Fields {
            record: &record,
            index: &index,
        };
        let kind = match (fixed, f.get("record")) {
            (Some(k), _) => k,
            (None, Some("agency")) => Record::Agency,
            (None, Some("unit")) => Record::Unit,
            (None, other) => {
                problems.push(
                    line,
                    format!("record {:?} is not agency or unit", other.unwrap_or("")),
                );
                continue;
            }
        };
        let foreign = match kind {
            Record::Agency => UNIT_ONLY.as_slice(),
            Record::Unit => AGENCY_ONLY.as_slice(),
        };
        if let Some(c) = foreign
            .iter()
            .find(|c| **c != "source" && f.get(c).is_some())
        {
            let other = if kind == Record::Agency {
                "units"
            } else {
                "agencies"
            };
            problems.push(line, format!("column {c:?} is only for {other}"));
            continue;
        }
        let parsed = match kind {
            Record::Agency => agency_row(&f).map(|a| (a.id.to_string(), Some(a), None)),
            Record::Unit => unit_row(&f).map(|u| (u.id.to_string(), None, Some(u))),
        };
        match parsed {
            Err(message) => problems.push(line, message),
            Ok((id, agency, unit)) => {
                if let Some(first) = seen.insert(id.clone(), line) {
                    problems.push(line, format!("id {id:?} is already on line {first}"));
                    continue;
                }
                if let Some(value) = agency {
                    out.agencies.push(Row { line, value });
                }
                if let Some(value) = unit {
                    out.units.push(Row { line, value });
                }
            }
        }
    }
    (out, problems)
}
