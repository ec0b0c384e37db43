//! The triage suggestions on the verification form: the three likeliest agencies and
//! categories from the deployment's active models, each one click from being chosen. Nothing
//! is chosen for the admin: a suggestion is chosen only when clicked (a link that shows the
//! form with it chosen; with JavaScript it is set in the form in place). Which one the admin
//! verifies with is recorded by the use case itself (`aduan_app::triage::picks`).

use super::choices::{Choice, Forms};
use aduan_app::AppState;
use aduan_app::triage::picks::request_of;
use aduan_app::triage::{Suggested, rank};
use aduan_domain::report::Report;

/// One suggestion as a chip.
pub struct Chip {
    /// The agency's or category's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The model's probability, in whole percent.
    pub percent: u32,
    /// The page with it chosen.
    pub href: String,
    /// Chosen now.
    pub chosen: bool,
}

/// The suggestions of each kind shown on the form.
#[derive(Default)]
pub struct Chips {
    /// Agencies (only where the admin chooses the agency).
    pub agencies: Vec<Chip>,
    /// Categories.
    pub categories: Vec<Chip>,
}

/// What the admin clicked: `?pilih_instansi=`, `?pilih_kategori=`.
#[derive(Debug, Default, Clone)]
pub struct Picked {
    /// The agency clicked.
    pub agency: Option<String>,
    /// The category clicked.
    pub category: Option<String>,
    /// The queue the report was opened from, kept in the links.
    pub queue: String,
}

fn href(report: &Report, picked: &Picked, agency: Option<&str>, category: Option<&str>) -> String {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    if !picked.queue.is_empty() {
        pairs.push(("status", &picked.queue));
    }
    if let Some(a) = agency.or(picked.agency.as_deref()) {
        pairs.push(("pilih_instansi", a));
    }
    if let Some(k) = category.or(picked.category.as_deref()) {
        pairs.push(("pilih_kategori", k));
    }
    let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    format!("/kantor/laporan/{}?{query}#verify-form", report.tracking_id)
}

fn percent(s: &Suggested) -> u32 {
    (s.probability.clamp(0.0, 1.0) * 100.0).round() as u32
}

/// Chooses `id` in `choices`, adding it (named `name`) when the list does not hold it.
fn choose(choices: &mut Vec<Choice>, id: &str, name: &str) {
    for c in choices.iter_mut() {
        c.selected = c.value == id;
    }
    if !choices.iter().any(|c| c.value == id) {
        choices.insert(0, Choice::new(id, name, true));
    }
}

/// The chips for the verification of `report`, and the clicked ones chosen in `forms`. No
/// model, or one that cannot be asked, shows no chips: verifying works as before.
pub async fn chips(state: &AppState, report: &Report, forms: &mut Forms, picked: &Picked) -> Chips {
    let shown = match rank(state, &request_of(report)).await {
        Ok(shown) => shown,
        Err(e) => {
            tracing::warn!(tracking_id = %report.tracking_id, error = %e, "triage suggestions unavailable");
            return Chips::default();
        }
    };
    let mut out = Chips::default();
    if !forms.own_target {
        for s in &shown.agencies {
            let chosen = picked.agency.as_deref() == Some(s.id.as_str());
            if chosen {
                choose(&mut forms.targets, &s.id, &s.name);
            }
            out.agencies.push(Chip {
                href: href(report, picked, Some(&s.id), None),
                id: s.id.clone(),
                name: s.name.clone(),
                percent: percent(s),
                chosen,
            });
        }
    }
    for s in &shown.categories {
        let chosen = picked.category.as_deref() == Some(s.id.as_str());
        if chosen {
            choose(&mut forms.categories, &s.id, &s.name);
        }
        out.categories.push(Chip {
            href: href(report, picked, None, Some(&s.id)),
            id: s.id.clone(),
            name: s.name.clone(),
            percent: percent(s),
            chosen,
        });
    }
    out
}
