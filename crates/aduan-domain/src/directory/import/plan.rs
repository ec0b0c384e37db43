//! Planning an import against what is stored, checking the rules the schema alone cannot (no
//! parent cycles, one inspectorate per agency, well-formed ids). Each backend runs it inside its
//! import transaction, which it serialises, so the check holds.

use super::{DirectoryBatch, DirectoryPlan, ImportRefused, Plan, Stored};
use crate::directory::{Agency, Category, Unit, is_slug, is_unit_slug};
use std::collections::{HashMap, HashSet};

trait Entry: Clone + PartialEq {
    const KIND: &'static str;
    fn key(&self) -> &str;
    fn parent_key(&self) -> Option<&str>;
}

impl Entry for Agency {
    const KIND: &'static str = "agency";
    fn key(&self) -> &str {
        self.id.as_str()
    }
    fn parent_key(&self) -> Option<&str> {
        self.parent.as_ref().map(|p| p.as_str())
    }
}

impl Entry for Unit {
    const KIND: &'static str = "unit";
    fn key(&self) -> &str {
        self.id.as_str()
    }
    fn parent_key(&self) -> Option<&str> {
        self.parent.as_ref().map(|p| p.as_str())
    }
}

impl Entry for Category {
    const KIND: &'static str = "category";
    fn key(&self) -> &str {
        self.id.as_str()
    }
    fn parent_key(&self) -> Option<&str> {
        self.parent.as_ref().map(|p| p.as_str())
    }
}

fn refused(rule: String) -> ImportRefused {
    ImportRefused { rule }
}

/// Plans `incoming` against `stored`; returns the plan and the state after it.
fn plan_one<T: Entry>(
    stored: Vec<T>,
    incoming: &[T],
) -> Result<(Plan<T>, HashMap<String, T>), ImportRefused> {
    let mut after: HashMap<String, T> = stored
        .into_iter()
        .map(|e| (e.key().to_owned(), e))
        .collect();
    // The last occurrence of an id wins; order is that of first occurrence.
    let mut order: Vec<&str> = Vec::new();
    let mut last: HashMap<&str, &T> = HashMap::new();
    for e in incoming {
        if last.insert(e.key(), e).is_none() {
            order.push(e.key());
        }
    }
    let (mut insert, mut update, mut unchanged) = (Vec::new(), Vec::new(), 0);
    for key in &order {
        let e = last[key];
        match after.get(*key) {
            Some(old) if old == e => unchanged += 1,
            Some(_) => update.push(e.clone()),
            None => insert.push(e.clone()),
        }
        after.insert((*key).to_owned(), e.clone());
    }
    let mut depth: HashMap<String, usize> = HashMap::new();
    for key in &order {
        let mut seen = vec![*key];
        let mut at = last[key].parent_key();
        while let Some(p) = at {
            if seen.contains(&p) {
                return Err(refused(format!(
                    "{} `{key}`: its parents form a cycle through `{p}`",
                    T::KIND
                )));
            }
            let Some(parent) = after.get(p) else {
                return Err(refused(format!(
                    "{} `{key}`: unknown parent `{p}`",
                    T::KIND
                )));
            };
            seen.push(p);
            at = parent.parent_key();
        }
        depth.insert((*key).to_owned(), seen.len());
    }
    insert.sort_by_key(|e| depth.get(e.key()).copied().unwrap_or(0));
    Ok((
        Plan {
            insert,
            update,
            unchanged,
        },
        after,
    ))
}

fn check_agency(a: &Agency) -> Result<(), ImportRefused> {
    if !is_slug(a.id.as_str()) {
        return Err(refused(format!("agency `{}`: the id is not a slug", a.id)));
    }
    if a.name.trim().is_empty() {
        return Err(refused(format!("agency `{}`: the name is empty", a.id)));
    }
    Ok(())
}

fn check_unit(u: &Unit, agencies: &HashMap<String, Agency>) -> Result<(), ImportRefused> {
    if !is_unit_slug(u.id.as_str()) || !u.id.as_str().starts_with(&format!("{}/", u.agency)) {
        return Err(refused(format!(
            "unit `{}`: the id must be `{}/` followed by slugs",
            u.id, u.agency
        )));
    }
    if u.name.trim().is_empty() {
        return Err(refused(format!("unit `{}`: the name is empty", u.id)));
    }
    if !agencies.contains_key(u.agency.as_str()) {
        return Err(refused(format!(
            "unit `{}`: unknown agency `{}`",
            u.id, u.agency
        )));
    }
    Ok(())
}

fn check_category(c: &Category) -> Result<(), ImportRefused> {
    let id = c.id.as_str();
    let well_formed = match &c.parent {
        Some(p) => id.starts_with(&format!("{p}/")) && id.split('/').all(is_slug),
        None => is_slug(id),
    };
    if !well_formed {
        return Err(refused(format!(
            "category `{id}`: the id must be its topic's id, `/`, and a slug"
        )));
    }
    c.validate()
        .map_err(|e| refused(format!("category `{id}`: {e}")))
}

/// Plans an import of `batch` over `stored`, checking every rule of the directory.
pub fn plan_import(stored: Stored, batch: &DirectoryBatch) -> Result<DirectoryPlan, ImportRefused> {
    batch.agencies.iter().try_for_each(check_agency)?;
    batch.categories.iter().try_for_each(check_category)?;
    let (agencies, agencies_after) = plan_one(stored.agencies, &batch.agencies)?;
    for u in &batch.units {
        check_unit(u, &agencies_after)?;
    }
    let (units, units_after) = plan_one(stored.units, &batch.units)?;
    for u in &batch.units {
        if let Some(p) = &u.parent
            && units_after.get(p.as_str()).map(|p| &p.agency) != Some(&u.agency)
        {
            return Err(refused(format!(
                "unit `{}`: parent `{p}` is not a unit of `{}`",
                u.id, u.agency
            )));
        }
    }
    let touched: HashSet<&str> = batch.units.iter().map(|u| u.agency.as_str()).collect();
    let mut inspectorates: HashMap<&str, &str> = HashMap::new();
    for u in units_after.values().filter(|u| u.inspectorate) {
        let agency = u.agency.as_str();
        if let Some(other) = inspectorates.insert(agency, u.id.as_str())
            && touched.contains(agency)
        {
            return Err(refused(format!(
                "agency `{agency}` would have two inspectorates: `{other}` and `{}`",
                u.id
            )));
        }
    }
    let (categories, _) = plan_one(stored.categories, &batch.categories)?;
    Ok(DirectoryPlan {
        agencies,
        units,
        categories,
    })
}
