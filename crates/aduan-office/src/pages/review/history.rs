//! The report's history and clocks as staff read them: every event this viewer may see (the
//! policy decides whether internal notes are among them), who acted as an agency or unit,
//! and each clock with its deadline in the responsible party's own time zone.

use aduan_app::view::EventView;
use aduan_domain::sla::ClockReading;
use aduan_domain::{AgencyId, UnitId};
use aduan_portal::Ctx;
use aduan_store::{Store, StoreError};
use std::collections::HashMap;

/// One line of the history.
pub struct Item {
    /// When, in WIB.
    pub when: String,
    /// What happened.
    pub label: String,
    /// Who: an agency or unit, the national admin, the Ombudsman, the reporter or the system.
    pub who: String,
    /// Where it went (an agency or unit), for dispatches and reroutes.
    pub detail: Option<String>,
    /// The text written.
    pub body: Option<String>,
    /// The reason given.
    pub reason: Option<String>,
    /// Internal: never shown to the reporter or the public.
    pub internal: bool,
}

/// One clock.
pub struct ClockRow {
    /// The phase's label.
    pub label: String,
    /// Who answers for it.
    pub responsible: String,
    /// The deadline in the responsible party's zone.
    pub due: Option<String>,
    /// "3 working days left" or "2 working days late".
    pub left: Option<String>,
    /// Past its deadline.
    pub breached: bool,
    /// Running, paused or stopped.
    pub state: String,
}

/// Agency and unit names by slug, looked up once each.
#[derive(Default)]
pub struct Names(HashMap<String, String>);

impl Names {
    /// The name of agency `slug` (the slug itself when unknown).
    pub async fn agency(&mut self, store: &dyn Store, slug: &str) -> Result<String, StoreError> {
        if let Some(n) = self.0.get(slug) {
            return Ok(n.clone());
        }
        let name = store
            .get_agency(&AgencyId::new(slug))
            .await?
            .map_or_else(|| slug.to_owned(), |a| a.name);
        self.0.insert(slug.to_owned(), name.clone());
        Ok(name)
    }

    /// The name of unit `id` (the id itself when unknown).
    pub async fn unit(&mut self, store: &dyn Store, id: &str) -> Result<String, StoreError> {
        let key = format!("unit:{id}");
        if let Some(n) = self.0.get(&key) {
            return Ok(n.clone());
        }
        let name = store
            .get_unit(&UnitId::new(id))
            .await?
            .map_or_else(|| id.to_owned(), |u| u.name);
        self.0.insert(key, name.clone());
        Ok(name)
    }
}

fn label(c: &Ctx, action: &str) -> String {
    let key = format!("event-{action}");
    if aduan_i18n::catalogue().has(c.tr.lang, &key) {
        c.t(&key)
    } else {
        c.t("event-other")
    }
}

async fn who(
    c: &Ctx,
    store: &dyn Store,
    names: &mut Names,
    e: &EventView,
) -> Result<String, StoreError> {
    Ok(match e.actor.role.as_str() {
        "reporter" | "citizen" => c.t("review-actor-reporter"),
        "system" | "public" => c.t("review-actor-system"),
        _ => match (e.actor.agency.as_deref(), e.actor.unit.as_deref()) {
            (Some("admin-nasional"), _) => c.t("review-actor-national"),
            (Some("ombudsman"), _) => c.t("escalation-ombudsman"),
            (_, Some(unit)) => names.unit(store, unit).await?,
            (Some(agency), None) => names.agency(store, agency).await?,
            (None, None) => c.t("review-actor-staff"),
        },
    })
}

async fn detail(
    store: &dyn Store,
    names: &mut Names,
    e: &EventView,
) -> Result<Option<String>, StoreError> {
    let field = |k: &str| e.payload.get(k).and_then(|v| v.as_str()).map(str::to_owned);
    Ok(match e.action.as_str() {
        "verify_dispatch" => match field("agency") {
            Some(a) => Some(names.agency(store, &a).await?),
            None => None,
        },
        "dispatch_unit" => match field("unit") {
            Some(u) => Some(names.unit(store, &u).await?),
            None => None,
        },
        "reroute" => match field("suggested_agency") {
            Some(a) => Some(names.agency(store, &a).await?),
            None => None,
        },
        "archive" | "delete" => field("duplicate_of").or_else(|| field("reason_text")),
        _ => None,
    })
}

/// The history of `events`, oldest first.
pub async fn items(
    c: &Ctx,
    store: &dyn Store,
    names: &mut Names,
    events: &[EventView],
) -> Result<Vec<Item>, StoreError> {
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        let reason = e.reason.clone().filter(|r| !r.is_empty()).map(|r| {
            if matches!(e.action.as_str(), "archive" | "delete") {
                c.t(&format!("review-reason-{r}"))
            } else {
                r
            }
        });
        out.push(Item {
            when: c.when(&e.at),
            label: label(c, &e.action),
            who: who(c, store, names, e).await?,
            detail: detail(store, names, e).await?,
            body: e.body.clone().filter(|b| !b.is_empty()),
            reason,
            internal: e.internal,
        });
    }
    Ok(out)
}

/// Every clock, with its deadline in the responsible party's time zone.
pub async fn clocks(
    c: &Ctx,
    store: &dyn Store,
    names: &mut Names,
    readings: &[ClockReading],
) -> Result<Vec<ClockRow>, StoreError> {
    let mut out = Vec::with_capacity(readings.len());
    for k in readings {
        let responsible = match k.responsible.as_str() {
            aduan_domain::sla::NATIONAL_ADMIN => c.t("review-actor-national"),
            aduan_domain::sla::REPORTER => c.t("review-actor-reporter"),
            aduan_domain::sla::SYSTEM => c.t("review-actor-system"),
            agency => names.agency(store, agency).await?,
        };
        let left = k.working_days_left.filter(|_| k.open).map(|d| {
            if k.breached {
                c.n("review-clock-late", "days", -d)
            } else {
                c.n("review-clock-left", "days", d)
            }
        });
        let state = if k.paused {
            "review-clock-paused"
        } else if k.open {
            "review-clock-running"
        } else {
            "review-clock-stopped"
        };
        out.push(ClockRow {
            label: c.t(&format!("review-phase-{}", k.phase.as_str())),
            responsible,
            due: k.due_at.map(|d| c.when_local(&d)),
            left,
            breached: k.breached,
            state: c.t(state),
        });
    }
    Ok(out)
}
