//! The choices the report screen's forms offer: agencies of the directory, categories.

use super::history::Names;
use super::offer::{REASONS, unit_choices};
use aduan_app::AppState;
use aduan_app::view::ReportView;
use aduan_domain::UnitId;
use aduan_domain::actor::StaffRole;
use aduan_pagekit::Ctx;
use aduan_pagekit::errors::PageError;
use aduan_store::AgencyFilter;

/// One option of a `<select>`.
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// The label shown.
    pub label: String,
    /// Chosen now.
    pub selected: bool,
}

impl Choice {
    /// An option.
    pub fn new(value: impl Into<String>, label: impl Into<String>, selected: bool) -> Self {
        Self {
            value: value.into(),
            label: label.into(),
            selected,
        }
    }
}

/// The categories staff may choose now (active ones, and the current one), as
/// "TOPIC › SUB-TOPIC", the current one chosen.
pub async fn category_choices(
    state: &AppState,
    current: Option<&String>,
) -> Result<Vec<Choice>, PageError> {
    let all = state.categories().await?;
    let today = (state.clock.now() + chrono::Duration::hours(7)).date_naive();
    let name = |id: &aduan_domain::CategoryId| {
        all.iter()
            .find(|k| &k.id == id)
            .map_or_else(|| id.to_string(), |k| k.name.clone())
    };
    let mut out: Vec<Choice> = all
        .iter()
        .filter(|k| k.is_active(today) || current == Some(&k.id.to_string()))
        .map(|k| {
            let label = match &k.parent {
                Some(p) => format!("{} › {}", name(p), k.name),
                None => k.name.clone(),
            };
            let id = k.id.to_string();
            let selected = current == Some(&id);
            Choice::new(id, label, selected)
        })
        .collect();
    out.sort_by(|a, b| a.label.cmp(&b.label));
    Ok(out)
}

/// "TOPIC › SUB-TOPIC" for a category id (the id itself when unknown).
pub async fn category_name(state: &AppState, id: &str) -> Result<String, PageError> {
    let Some(k) = state
        .store
        .get_category(&aduan_domain::CategoryId::new(id))
        .await?
    else {
        return Ok(id.to_owned());
    };
    Ok(match &k.parent {
        Some(p) => match state.store.get_category(p).await? {
            Some(parent) => format!("{} › {}", parent.name, k.name),
            None => k.name,
        },
        None => k.name,
    })
}

/// The directory's agencies matching `filter` (all when empty), `selected` chosen.
pub async fn directory(
    state: &AppState,
    filter: &str,
    selected: Option<&String>,
) -> Result<Vec<Choice>, PageError> {
    let found = state
        .store
        .list_agencies(&AgencyFilter {
            search: Some(filter.to_owned()).filter(|f| !f.is_empty()),
            limit: Some(1000),
            ..AgencyFilter::default()
        })
        .await?;
    Ok(found
        .into_iter()
        .map(|a| {
            let id = a.id.to_string();
            let chosen = selected == Some(&id);
            Choice::new(id, a.name, chosen)
        })
        .collect())
}

/// What the action forms offer.
pub struct Forms {
    /// Agencies verify-and-dispatch may send to (its own agency only for an agency admin).
    pub targets: Vec<Choice>,
    /// The directory (filtered by the search box), for the target and the reroute suggestion.
    pub directory: Vec<Choice>,
    /// The directory's search box is shown.
    pub searchable: bool,
    /// The ids of the selects the search box fills (type-ahead).
    pub search_targets: String,
    /// The target is fixed: the staff member's own agency.
    pub own_target: bool,
    /// What was typed into the search box.
    pub agency_filter: String,
    /// Kinds of report.
    pub kinds: Vec<Choice>,
    /// Handling classes.
    pub classes: Vec<Choice>,
    /// Categories.
    pub categories: Vec<Choice>,
    /// Units to dispatch to.
    pub units: Vec<Choice>,
    /// Archive and delete reasons.
    pub reasons: Vec<Choice>,
}

/// The choices of the action forms offered to `role`; drops `dispatch_unit` from `actions`
/// when there is no unit to send the report to.
pub async fn forms(
    state: &AppState,
    c: &Ctx,
    role: &StaffRole,
    actions: &mut Vec<&'static str>,
    r: &ReportView,
    agency_filter: &str,
    names: &mut Names,
) -> Result<Forms, PageError> {
    let store = state.store.as_ref();
    let own_agency = match role {
        StaffRole::AgencyAdmin { agency } | StaffRole::UnitOfficer { agency, .. } => {
            Some(agency.clone())
        }
        _ => None,
    };
    let mut search_ids = Vec::new();
    if actions.contains(&"verify_dispatch") && own_agency.is_none() {
        search_ids.push("verify-agency");
    }
    if actions.contains(&"reroute") {
        search_ids.push("reroute-agency");
    }
    let search_targets = search_ids.join(" ");
    let wants_directory = !search_targets.is_empty();
    let directory = if wants_directory {
        directory(state, agency_filter, r.requested_agency.as_ref()).await?
    } else {
        Vec::new()
    };
    let targets = match (&own_agency, actions.contains(&"verify_dispatch")) {
        (_, false) => Vec::new(),
        (Some(own), true) => vec![Choice::new(
            own.to_string(),
            names.agency(store, own.as_str()).await?,
            true,
        )],
        (None, true) => directory
            .iter()
            .map(|d| Choice::new(d.value.clone(), d.label.clone(), d.selected))
            .collect(),
    };
    let units = match (&own_agency, actions.contains(&"dispatch_unit")) {
        (Some(agency), true) => {
            let all = store.list_units(agency).await?;
            let holding = r.unit.as_deref().map(UnitId::new);
            unit_choices(role, &all, holding.as_ref())
                .into_iter()
                .map(|(v, l)| Choice::new(v, l, false))
                .collect()
        }
        _ => Vec::new(),
    };
    if units.is_empty() {
        actions.retain(|a| *a != "dispatch_unit");
    }
    let categories = if actions.contains(&"verify_dispatch") {
        category_choices(state, r.category.as_ref()).await?
    } else {
        Vec::new()
    };
    let kinds = ["complaint", "aspiration", "information_request"]
        .into_iter()
        .map(|k| Choice::new(k, c.kind(k), r.kind == k))
        .collect();
    let class_now = r.handling_class.as_deref().unwrap_or("ordinary");
    let classes = ["ordinary", "supervisory"]
        .into_iter()
        .map(|k| Choice::new(k, c.t(&format!("review-class-{k}")), class_now == k))
        .collect();
    let reasons = REASONS
        .into_iter()
        .map(|k| Choice::new(k, c.t(&format!("review-reason-{k}")), false))
        .collect();
    Ok(Forms {
        searchable: !search_targets.is_empty(),
        own_target: own_agency.is_some(),
        targets,
        directory,
        search_targets,
        agency_filter: agency_filter.to_owned(),
        kinds,
        classes,
        categories,
        units,
        reasons,
    })
}
