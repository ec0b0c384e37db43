//! A report's history as one caller may see it.

use aduan_domain::Role;
use aduan_domain::event::Event;
use aduan_domain::lifecycle::ActionKind;
use aduan_domain::visibility::Visibility;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// Who acted, as this caller may know: staff as their agency or unit, never by name.
#[derive(Debug, Serialize, ToSchema)]
#[non_exhaustive]
pub struct ActorView {
    /// The role.
    pub role: String,
    /// The acting staff member's agency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// The acting staff member's unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// One event of a report's history.
#[derive(Debug, Serialize, ToSchema)]
#[non_exhaustive]
pub struct EventView {
    /// Position in the history.
    pub seq: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// The action.
    pub action: String,
    /// Status before.
    pub from: Option<String>,
    /// Status after.
    pub to: String,
    /// Who.
    pub actor: ActorView,
    /// Reason given.
    pub reason: Option<String>,
    /// Text written.
    pub body: Option<String>,
    /// An internal note (only staff see these).
    pub internal: bool,
    /// Structured details.
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
}

/// The events the caller may see: internal ones only with `internal_notes`; a deletion's
/// reason only with `deletion_reason`. Reporters appear only by role, never by id.
pub(crate) fn event_views(events: &[Event], vis: &Visibility) -> Vec<EventView> {
    events
        .iter()
        .filter(|e| !e.internal || vis.internal_notes())
        .map(|e| {
            let hide_reason = e.action == ActionKind::Delete && !vis.deletion_reason();
            let role = shown_role(e);
            let text = |k: &str| e.payload.get(k).and_then(|v| v.as_str()).map(str::to_owned);
            let staff = !matches!(
                role,
                Role::Reporter | Role::Public | Role::System | Role::Citizen
            );
            EventView {
                seq: e.seq,
                at: e.at,
                action: e.action.as_str().into(),
                from: e.from.map(|s| s.as_str().into()),
                to: e.to.as_str().into(),
                actor: ActorView {
                    role: role.as_str().into(),
                    agency: if staff { text("by_agency") } else { None },
                    unit: if staff { text("by_unit") } else { None },
                },
                reason: if hide_reason { None } else { e.reason.clone() },
                body: e.body.clone(),
                internal: e.internal,
                // An object always, as the API document says: empty when nothing may be shown.
                payload: if hide_reason || e.payload.is_null() {
                    serde_json::Value::Object(serde_json::Map::new())
                } else if role != e.role {
                    unstamped(&e.payload)
                } else {
                    e.payload.clone()
                },
            }
        })
        .collect()
}

/// Whether `e` is a submission a logged-in staff member made for themselves, not on behalf
/// of a visitor. Before issue 12 such submissions were stamped with the staff role, agency
/// and unit; they stay so in the hash chain, but a submission not on behalf is always a
/// citizen's, so every view shows them as the reporter's.
pub fn is_staff_self_submission(e: &Event) -> bool {
    let staff = !matches!(
        e.role,
        Role::Reporter | Role::Public | Role::System | Role::Citizen
    );
    let on_behalf = e
        .payload
        .get("on_behalf")
        .and_then(serde_json::Value::as_bool)
        == Some(true)
        || e.payload
            .get("channel")
            .and_then(serde_json::Value::as_str)
            .and_then(aduan_domain::report::Channel::parse)
            .is_some_and(|c| c.is_staff_intake());
    e.action == ActionKind::Submit && staff && !on_behalf
}

/// The role every view shows for `e`: the reporter for a staff member's own submission.
pub fn shown_role(e: &Event) -> Role {
    if is_staff_self_submission(e) {
        Role::Reporter
    } else {
        e.role
    }
}

/// The payload without the acting staff member's agency and unit.
fn unstamped(payload: &serde_json::Value) -> serde_json::Value {
    let mut p = payload.clone();
    if let Some(map) = p.as_object_mut() {
        map.remove("by_agency");
        map.remove("by_unit");
    }
    p
}
