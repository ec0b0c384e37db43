//! The directory as the submit form offers it: provinces with their kabupaten and kota, every
//! agency, and the topic tree with its sensitive topics marked.

use aduan_app::AppState;
use aduan_domain::directory::{Agency, AgencyKind, Category};

/// A choice in a select.
pub struct Choice {
    /// The submitted value.
    pub value: String,
    /// What the person reads (data from the directory, not template text).
    pub label: String,
    /// A sensitive topic (reports in it are confidential).
    pub sensitive: bool,
}

/// A group of choices.
pub struct Group {
    /// The group's label.
    pub label: String,
    /// Its key (a province's region code, for the region picker).
    pub key: String,
    /// The choices.
    pub items: Vec<Choice>,
}

/// Everything the submit form lists.
pub struct Choices {
    /// Provinces by name (value: region code).
    pub provinces: Vec<Choice>,
    /// Kabupaten and kota under each province (value: region code).
    pub regions: Vec<Group>,
    /// Every agency by name (value: slug).
    pub agencies: Vec<Choice>,
    /// Topics with their sub-topics (value: category id).
    pub topics: Vec<Group>,
}

fn choice(a: &Agency) -> Choice {
    Choice {
        value: a.id.to_string(),
        label: a.name.clone(),
        sensitive: false,
    }
}

/// Loads the choices from the directory.
pub async fn load(state: &AppState) -> Result<Choices, aduan_store::StoreError> {
    let directory = state.reference.directory(state.store.as_ref()).await?;
    let all = &directory.agencies;
    let mut provinces: Vec<&Agency> = all
        .iter()
        .filter(|a| a.kind == AgencyKind::Provinsi && a.region_code.is_some())
        .collect();
    provinces.sort_by(|a, b| a.name.cmp(&b.name));
    let regions = provinces
        .iter()
        .map(|p| {
            let mut items: Vec<Choice> = all
                .iter()
                .filter(|a| {
                    matches!(a.kind, AgencyKind::Kabupaten | AgencyKind::Kota)
                        && a.parent.as_ref() == Some(&p.id)
                })
                .filter_map(|a| {
                    Some(Choice {
                        value: a.region_code.clone()?,
                        label: a.name.clone(),
                        sensitive: false,
                    })
                })
                .collect();
            items.sort_by(|a, b| a.label.cmp(&b.label));
            Group {
                label: p.name.clone(),
                key: p.region_code.clone().unwrap_or_default(),
                items,
            }
        })
        .collect();
    let provinces = provinces
        .iter()
        .map(|p| Choice {
            value: p.region_code.clone().unwrap_or_default(),
            label: p.name.clone(),
            sensitive: false,
        })
        .collect();
    let mut agencies: Vec<Choice> = all.iter().map(choice).collect();
    agencies.sort_by(|a, b| a.label.cmp(&b.label));
    let today = state.clock.now().date_naive();
    let categories = state.reference.categories(state.store.as_ref()).await?;
    Ok(Choices {
        provinces,
        regions,
        agencies,
        topics: topics(&categories, today),
    })
}

fn topics(all: &[Category], today: chrono::NaiveDate) -> Vec<Group> {
    let active: Vec<&Category> = all.iter().filter(|c| c.is_active(today)).collect();
    let mut roots: Vec<&&Category> = active.iter().filter(|c| c.parent.is_none()).collect();
    roots.sort_by(|a, b| a.name.cmp(&b.name));
    roots
        .iter()
        .map(|root| {
            let mut items = vec![Choice {
                value: root.id.to_string(),
                label: root.name.clone(),
                sensitive: root.sensitive,
            }];
            let mut children: Vec<Choice> = active
                .iter()
                .filter(|c| c.parent.as_ref() == Some(&root.id))
                .map(|c| Choice {
                    value: c.id.to_string(),
                    label: c.name.clone(),
                    sensitive: c.sensitive,
                })
                .collect();
            children.sort_by(|a, b| a.label.cmp(&b.label));
            items.extend(children);
            Group {
                label: root.name.clone(),
                key: root.id.to_string(),
                items,
            }
        })
        .collect()
}
