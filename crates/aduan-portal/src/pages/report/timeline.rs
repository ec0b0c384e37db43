//! A report's history and clocks as the page shows them, in the reader's language.

use crate::ctx::Ctx;
use aduan_app::view::EventView;
use aduan_domain::sla::ClockReading;
use aduan_store::Store;
use std::collections::HashMap;

/// One line of the timeline.
pub struct Item {
    /// When, in WIB.
    pub when: String,
    /// What happened.
    pub label: String,
    /// Who: the agency or unit, "the reporter", or "the system".
    pub who: String,
    /// The text written (follow-up, reply, final answer, ...).
    pub body: Option<String>,
    /// The reason given.
    pub reason: Option<String>,
    /// An internal note (staff only).
    pub internal: bool,
}

/// Agency and unit names by id, for "who".
pub async fn names(
    store: &dyn Store,
    events: &[EventView],
) -> Result<HashMap<String, String>, aduan_store::StoreError> {
    let mut out = HashMap::new();
    for e in events {
        if let Some(a) = &e.actor.agency
            && !out.contains_key(a)
            && let Some(agency) = store.get_agency(&aduan_domain::AgencyId::new(a)).await?
        {
            out.insert(a.clone(), agency.name);
        }
        if let Some(u) = &e.actor.unit
            && !out.contains_key(u)
            && let Some(unit) = store.get_unit(&aduan_domain::UnitId::new(u)).await?
        {
            out.insert(u.clone(), unit.name);
        }
    }
    Ok(out)
}

fn who(c: &Ctx, e: &EventView, names: &HashMap<String, String>) -> String {
    match e.actor.role.as_str() {
        "reporter" | "citizen" => c.t("report-actor-reporter"),
        "system" | "public" => c.t("report-actor-system"),
        _ => {
            let name = |id: &Option<String>| {
                id.as_ref()
                    .map(|i| names.get(i).cloned().unwrap_or_else(|| i.clone()))
            };
            match (e.actor.agency.as_deref(), name(&e.actor.unit)) {
                (Some("admin-nasional"), _) => c.t("report-actor-national"),
                (Some("ombudsman"), _) => c.t("escalation-ombudsman"),
                (_, Some(unit)) => unit,
                (Some(_), None) => name(&e.actor.agency).unwrap_or_default(),
                (None, None) => c.t("report-actor-staff"),
            }
        }
    }
}

/// The timeline of `events`.
pub fn items(c: &Ctx, events: &[EventView], names: &HashMap<String, String>) -> Vec<Item> {
    events
        .iter()
        .map(|e| {
            let key = format!("event-{}", e.action);
            let label = if aduan_i18n::catalogue().has(c.tr.lang, &key) {
                c.t(&key)
            } else {
                c.t("event-other")
            };
            Item {
                when: c.when(&e.at),
                label,
                who: who(c, e, names),
                body: e.body.clone().filter(|b| !b.is_empty()),
                reason: e.reason.clone().filter(|r| !r.is_empty()),
                internal: e.internal,
            }
        })
        .collect()
}

/// A clock as a sentence: "The agency must answer by 5 March 2026 (3 working days left)".
pub fn clock_text(c: &Ctx, reading: &ClockReading) -> String {
    let due = reading.due_at.map(|d| c.when_local(&d)).unwrap_or_default();
    let phase = reading.phase.as_str();
    let mut text = c.t1(&format!("clock-{phase}"), "due", &due);
    if let Some(left) = reading.working_days_left {
        text.push(' ');
        if reading.breached {
            text.push_str(&c.n("clock-breached", "days", -left));
        } else {
            text.push_str(&c.n("clock-left", "days", left));
        }
    }
    text
}
