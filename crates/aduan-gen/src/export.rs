//! Generated histories written as an import file's lines (docs/import.md), as a legacy
//! system's export would carry them: the report as submitted, the reporter's identity, and
//! every later event as the action, its fields, who took it and the status it left. What
//! `aduan generate --jsonl` writes, for testing and measuring `aduan import`.

use crate::roster::Roster;
use aduan_domain::Role;
use aduan_domain::actor::StaffRole;
use aduan_domain::lifecycle::ActionKind;
use aduan_store::{EventActor, History, HistoryStep};
use chrono::SecondsFormat;
use serde_json::{Map, Value, json};

/// The import line of `h`, under `legacy_id`.
pub fn import_line(h: &History, legacy_id: &str, roster: &Roster) -> Value {
    let r = &h.report;
    let first = &h.steps[0];
    let initial = &first.state;
    let on_behalf = first
        .event
        .payload
        .get("on_behalf")
        .and_then(Value::as_bool)
        == Some(true);
    let mut map = Map::new();
    let fields = [
        ("legacy_id", json!(legacy_id)),
        ("submitted_at", json!(time(r.submitted_at))),
        ("channel", json!(r.channel.to_string())),
        ("kind", json!(initial.kind.as_str())),
        ("title", json!(initial.title)),
        ("body", json!(r.body)),
        ("anonymous", json!(r.anonymous)),
        ("show_name", json!(r.show_name)),
        (
            "events",
            Value::Array(h.steps.iter().skip(1).map(|s| event(s, roster)).collect()),
        ),
    ];
    for (k, v) in fields {
        map.insert(k.into(), v);
    }
    let mut put = |k: &str, v: Value| {
        if !v.is_null() {
            map.insert(k.into(), v);
        }
    };
    put("incident_date", json!(r.incident_date));
    put(
        "location",
        r.location.as_ref().map_or(
            Value::Null,
            |l| json!({"text": l.text, "region_code": l.region_code, "lat": l.lat, "lon": l.lon}),
        ),
    );
    put("requested_agency", json!(initial.requested_agency));
    put("category", json!(initial.category));
    // Only an explicit choice of privacy is the reporter's; otherwise the category decides.
    put(
        "confidential",
        if initial.confidential {
            json!(true)
        } else {
            Value::Null
        },
    );
    // Generated NIKs start with 99, a province that does not exist, so that they can never be
    // a real person's: the import refuses them, as it refuses any invalid NIK, so they stay out.
    let nik = |n: &Option<String>| {
        n.as_deref()
            .filter(|n| aduan_domain::contact::Nik::parse(n).is_ok())
            .map(str::to_owned)
    };
    put(
        "reporter",
        h.identity.as_ref().map_or(
            Value::Null,
            |i| json!({"name": i.name, "email": i.email, "phone": i.phone, "nik": nik(&i.nik)}),
        ),
    );
    if on_behalf {
        put("submitted_by", actor(&first.actor, roster));
    }
    Value::Object(map)
}

fn time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn actor(a: &EventActor, roster: &Roster) -> Value {
    let staff = |role: Option<StaffRole>| match role {
        Some(StaffRole::AgencyAdmin { agency }) => {
            json!({"role": "agency_admin", "agency": agency, "staff": a.id})
        }
        Some(StaffRole::UnitOfficer { unit, .. }) => {
            json!({"role": "unit_officer", "unit": unit, "staff": a.id})
        }
        Some(StaffRole::Supervisor { body }) => {
            json!({"role": "supervisor", "body": body.as_str(), "staff": a.id})
        }
        _ => json!({"role": "national_admin", "staff": a.id}),
    };
    match a.role {
        Role::Reporter => json!({"role": "reporter"}),
        Role::System => json!({"role": "system"}),
        _ => staff(roster.role_of(&a.id)),
    }
}

/// One event: the action's fields as `POST /reports/{id}/actions` takes them.
fn event(s: &HistoryStep, roster: &Roster) -> Value {
    use ActionKind as K;
    let e = &s.event;
    let p = &e.payload;
    let mut out = Map::new();
    out.insert("at".into(), json!(time(s.at)));
    out.insert("by".into(), actor(&s.actor, roster));
    out.insert("action".into(), json!(e.action.as_str()));
    out.insert("status".into(), json!(s.state.status.as_str()));
    let mut copy = |from: &str, to: &str| {
        if let Some(v) = p.get(from).filter(|v| !v.is_null()) {
            out.insert(to.into(), v.clone());
        }
    };
    match e.action {
        K::VerifyDispatch => {
            for k in ["agency", "handling_class", "kind", "category", "tags"] {
                copy(k, k);
            }
        }
        K::DispatchUnit => copy("unit", "unit"),
        K::Reroute => copy("suggested_agency", "suggested_agency"),
        K::Archive | K::Delete => {
            copy("duplicate_of", "duplicate_of");
            copy("reason_text", "reason_text");
        }
        K::Confirm | K::Rate => {
            if let Some(r) = p.get("rating").filter(|r| !r.is_null()) {
                out.insert("rating".into(), r["stars"].clone());
                out.insert("resolved".into(), r["resolved"].clone());
            }
        }
        _ => {}
    }
    if let Some(reason) = &e.reason {
        out.insert("reason".into(), json!(reason));
    }
    if let Some(body) = &e.body {
        out.insert("body".into(), json!(body));
    }
    Value::Object(out)
}
