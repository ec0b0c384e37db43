//! Loading the built-in directory into a store, and importing a deployment's own CSV file.

use crate::builtin;
use crate::csv_format::parse_rows;
use crate::error::LoadError;
use aduan_domain::{AgencyId, UnitId};
use aduan_store::{AgencyFilter, DirectoryBatch, DirectoryStore, ImportCounts};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

/// Upserts the whole built-in directory (regional governments, national agencies, units,
/// categories) as one audited import. Idempotent: a second load changes nothing. It restores
/// the shipped values of the rows it names, including categories a national admin has edited.
pub async fn load_into<S: DirectoryStore + ?Sized>(
    store: &S,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<ImportCounts, LoadError> {
    let batch = builtin()?;
    Ok(store
        .import_directory(&batch, "built-in directory", actor, at)
        .await?)
}

/// On first start: loads the built-in agencies and units when no agency is stored, and the
/// built-in categories when no category is stored; otherwise leaves the store alone (so edits
/// survive restarts). Returns what it loaded, if anything.
pub async fn ensure_loaded<S: DirectoryStore + ?Sized>(
    store: &S,
    at: DateTime<Utc>,
) -> Result<Option<ImportCounts>, LoadError> {
    let need_agencies = store.count_agencies(&AgencyFilter::default()).await? == 0;
    let need_categories = store.list_categories().await?.is_empty();
    if !need_agencies && !need_categories {
        return Ok(None);
    }
    let all = builtin()?;
    let batch = DirectoryBatch {
        agencies: if need_agencies { all.agencies } else { vec![] },
        units: if need_agencies { all.units } else { vec![] },
        categories: if need_categories {
            all.categories
        } else {
            vec![]
        },
    };
    let counts = store
        .import_directory(&batch, "built-in directory, first start", "system", at)
        .await?;
    Ok(Some(counts))
}

/// Imports a deployment's directory CSV file (docs/directory-csv.md): upserts its agencies and
/// units by id, never deletes. Every problem is reported with its line, including references
/// to agencies or units that are neither in the file nor stored; nothing is written then.
pub async fn import_csv<S: DirectoryStore + ?Sized>(
    store: &S,
    text: &str,
    file: &str,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<ImportCounts, LoadError> {
    let (parsed, mut problems) = parse_rows(text);
    let file_agencies: HashSet<&AgencyId> = parsed.agencies.iter().map(|r| &r.value.id).collect();
    let file_units: HashSet<&UnitId> = parsed.units.iter().map(|r| &r.value.id).collect();
    let mut stored_agencies: HashMap<AgencyId, bool> = HashMap::new();
    let mut stored_units: HashMap<UnitId, Option<AgencyId>> = HashMap::new();
    for row in &parsed.agencies {
        let Some(parent) = &row.value.parent else {
            continue;
        };
        if file_agencies.contains(parent) {
            continue;
        }
        if !stored_agencies.contains_key(parent) {
            let known = store.get_agency(parent).await?.is_some();
            stored_agencies.insert(parent.clone(), known);
        }
        if stored_agencies.get(parent) == Some(&false) {
            problems.push(row.line, format!("unknown parent agency {parent}"));
        }
    }
    let mut inspectorates: HashMap<&AgencyId, u64> = HashMap::new();
    for row in &parsed.units {
        let unit = &row.value;
        if !file_agencies.contains(&unit.agency) {
            if !stored_agencies.contains_key(&unit.agency) {
                let known = store.get_agency(&unit.agency).await?.is_some();
                stored_agencies.insert(unit.agency.clone(), known);
            }
            if stored_agencies.get(&unit.agency) == Some(&false) {
                problems.push(row.line, format!("unknown agency {}", unit.agency));
            }
        }
        if let Some(parent) = unit.parent.as_ref().filter(|p| !file_units.contains(p)) {
            if !stored_units.contains_key(parent) {
                let found = store.get_unit(parent).await?.map(|u| u.agency);
                stored_units.insert(parent.clone(), found);
            }
            if stored_units.get(parent) != Some(&Some(unit.agency.clone())) {
                problems.push(row.line, format!("unknown parent unit {parent}"));
            }
        }
        if unit.inspectorate
            && let Some(first) = inspectorates.insert(&unit.agency, row.line)
        {
            let message = format!(
                "{} already has an inspectorate on line {first}",
                unit.agency
            );
            problems.push(row.line, message);
        }
    }
    problems.finish(file, ())?;
    let batch = DirectoryBatch {
        agencies: parsed.agencies.into_iter().map(|r| r.value).collect(),
        units: parsed.units.into_iter().map(|r| r.value).collect(),
        categories: vec![],
    };
    Ok(store
        .import_directory(&batch, &format!("file {file}"), actor, at)
        .await?)
}
