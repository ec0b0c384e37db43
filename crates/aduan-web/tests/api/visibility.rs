//! Every read path (report, history, list, search, status card) against the visibility policy of
//! docs/domain.md §4: for each viewer, reports it must see and reports it must not.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use axum::http::StatusCode;
use serde_json::json;

/// The viewers, in the column order of the table below.
const VIEWERS: [&str; 12] = [
    "anon",
    "owner",
    "other",
    "citizen",
    "national",
    "surabaya",
    "makassar",
    "dinas-pu",
    "bidang-jalan",
    "dinkes",
    "ombudsman",
    "ksp",
];

/// Hand-written from docs/domain.md §4: may this viewer see the report? (1 = yes)
const TABLE: [(&str, [u8; 12]); 6] = [
    //                 anon own oth cit nat sby mks pu  jln dks omb ksp
    ("awaiting", [0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]),
    ("public", [1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1]),
    ("confidential", [0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1]),
    ("deleted", [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]),
    ("rerouted", [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]),
    ("staff_filed", [1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1]),
];

struct Case {
    name: &'static str,
    id: String,
    code: String,
}

/// Submits a report whose reporter attaches a photo straight away.
async fn submit_with_photo(app: &TestApp, overrides: serde_json::Value) -> (String, String) {
    let (id, code) = app.submit(overrides).await;
    let (status, body) = crate::attachments::upload(
        app,
        &id,
        As::Code(&code),
        "foto.jpg",
        &crate::attachments::files::jpeg(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    (id, code)
}

async fn build_cases(app: &TestApp) -> Vec<Case> {
    let national = app.login("national").await;
    let surabaya = app.login("surabaya").await;
    let (n, s) = (As::Token(&national), As::Token(&surabaya));
    let dispatch = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    let mut cases = Vec::new();
    let (id, code) = submit_with_photo(app, json!({})).await;
    cases.push(Case {
        name: "awaiting",
        id,
        code,
    });
    let (id, code) = submit_with_photo(app, json!({})).await;
    app.act_ok(&id, s, dispatch.clone()).await;
    app.act_ok(
        &id,
        s,
        json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-pu/bidang-jalan"}),
    )
    .await;
    cases.push(Case {
        name: "public",
        id,
        code,
    });
    let (id, code) = submit_with_photo(app, json!({"confidential": true})).await;
    app.act_ok(&id, n, dispatch.clone()).await;
    cases.push(Case {
        name: "confidential",
        id,
        code,
    });
    let (id, code) = submit_with_photo(app, json!({})).await;
    app.act_ok(
        &id,
        n,
        json!({"action": "delete", "reason": "sara_or_abuse"}),
    )
    .await;
    cases.push(Case {
        name: "deleted",
        id,
        code,
    });
    let (id, code) = submit_with_photo(app, json!({})).await;
    app.act_ok(&id, s, dispatch).await;
    app.act_ok(
        &id,
        s,
        json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-pu"}),
    )
    .await;
    app.act_ok(
        &id,
        s,
        json!({"action": "reroute", "reason": "Bukan wewenang kota."}),
    )
    .await;
    cases.push(Case {
        name: "rerouted",
        id,
        code,
    });
    cases.push(staff_filed_case(app, &surabaya).await);
    cases
}

/// A report an agency admin files for themselves under their staff session (not on behalf of
/// anyone): a citizen's report with an access code, dispatched to a unit like "public".
async fn staff_filed_case(app: &TestApp, surabaya: &str) -> Case {
    let (id, code) =
        crate::privacy::file_under_a_staff_session(app, surabaya, json!({"anonymous": true})).await;
    let s = As::Token(surabaya);
    let dispatch = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    app.act_ok(&id, s, dispatch).await;
    app.act_ok(
        &id,
        s,
        json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-pu/bidang-jalan"}),
    )
    .await;
    Case {
        name: "staff_filed",
        id,
        code,
    }
}

async fn every_read_path_shows_each_viewer_exactly_what_the_policy_allows(app: TestApp) {
    let cases = build_cases(&app).await;
    let mut tokens = std::collections::BTreeMap::new();
    for v in VIEWERS
        .iter()
        .filter(|v| !matches!(**v, "anon" | "owner" | "other"))
    {
        tokens.insert(*v, app.login(v).await);
    }
    // One group of every case Kota Surabaya holds (its read path is checked like the list's),
    // and the reports like the public case (every case has the same words and place).
    let held: Vec<String> = cases
        .iter()
        .filter(|c| matches!(c.name, "public" | "confidential" | "staff_filed"))
        .map(|c| c.id.clone())
        .collect();
    let made = app
        .post(
            "/api/v1/groups",
            As::Token(&tokens["national"]),
            json!({"title": "Jalan berlubang", "members": held}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let group = format!("/api/v1/groups/{}", made.body["id"].as_str().unwrap());
    let similar = format!("/api/v1/reports/{}/similar", cases[1].id);
    let mut wrong = Vec::new();
    for (col, viewer) in VIEWERS.iter().enumerate() {
        let who = match *viewer {
            "anon" | "owner" | "other" => As::Anon,
            v => As::Token(&tokens[v]),
        };
        let members_of = |r: &crate::common::Res, key: &str| -> Vec<String> {
            r.body[key]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|m| m["tracking_id"].as_str().unwrap().to_owned())
                        .collect()
                })
                .unwrap_or_default()
        };
        let in_group = members_of(&app.get(&group, who).await, "members");
        let alike = app.get(&similar, who).await;
        let alike = if alike.status == StatusCode::OK {
            members_of(&alike, "items")
        } else {
            Vec::new()
        };
        // The exports: the open data for everyone, a staff member's own scope for staff.
        let export_path = if matches!(*viewer, "anon" | "owner" | "other" | "citizen") {
            "/api/v1/open/reports.jsonl"
        } else {
            "/api/v1/reports/export.csv"
        };
        let export = app.get(export_path, who).await;
        assert!(
            matches!(export.status, StatusCode::OK | StatusCode::FORBIDDEN),
            "{viewer} {export_path}: {}",
            export.text
        );
        for (row, case) in cases.iter().enumerate() {
            let expected = TABLE[row].1[if matches!(*viewer, "owner" | "other") {
                0
            } else {
                col
            }] == 1;
            if export.text.contains(&case.id) && !expected {
                wrong.push(format!(
                    "{viewer} {export_path} holds {} it may not see",
                    case.name
                ));
            }
            if export_path == "/api/v1/open/reports.jsonl"
                && export.text.contains(&case.id) != expected
            {
                wrong.push(format!(
                    "{viewer} open data {}: expected {expected}",
                    case.name
                ));
            }
            if held.contains(&case.id) && in_group.contains(&case.id) != expected {
                wrong.push(format!("{viewer} group {}: expected {expected}", case.name));
            }
            if alike.contains(&case.id) && !expected {
                wrong.push(format!(
                    "{viewer} similar lists {} it may not see",
                    case.name
                ));
            }
        }
        // The list, and a search for a word every case's title holds.
        let mut lists = Vec::new();
        for path in [
            "/api/v1/reports?limit=100",
            "/api/v1/reports?q=lubang&limit=100",
        ] {
            let who = match *viewer {
                "anon" | "owner" | "other" => As::Anon,
                v => As::Token(&tokens[v]),
            };
            let page = app.get(path, who).await;
            assert_eq!(page.status, StatusCode::OK, "{viewer}: {}", page.text);
            let ids: Vec<String> = page.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["tracking_id"].as_str().unwrap().to_owned())
                .collect();
            lists.push((path, ids));
        }
        for (row, case) in cases.iter().enumerate() {
            let (name, cells) = TABLE[row];
            assert_eq!(name, case.name);
            let expected = cells[col] == 1;
            let other_code = &cases[(row + 1) % cases.len()].code;
            let who = match *viewer {
                "anon" => As::Anon,
                "owner" => As::Code(&case.code),
                "other" => As::Code(other_code),
                v => As::Token(&tokens[v]),
            };
            let get = app.get(&format!("/api/v1/reports/{}", case.id), who).await;
            let events = app
                .get(&format!("/api/v1/reports/{}/events", case.id), who)
                .await;
            let card = app
                .get(&format!("/api/v1/reports/{}/status", case.id), who)
                .await;
            let files = app
                .get(&format!("/api/v1/reports/{}/attachments", case.id), who)
                .await;
            // Whoever may read a staff member's own report sees it filed by its reporter.
            if case.name == "staff_filed"
                && events.status == StatusCode::OK
                && events.body["items"][0]["actor"] != json!({"role": "reporter"})
            {
                wrong.push(format!("{viewer} sees staff as the filer: {}", events.text));
            }
            let seen = |s: StatusCode| match s {
                StatusCode::OK => Some(true),
                StatusCode::NOT_FOUND => Some(false),
                _ => None,
            };
            for (path, got) in [
                ("get", seen(get.status)),
                ("events", seen(events.status)),
                ("attachments", seen(files.status)),
            ] {
                if got != Some(expected) {
                    wrong.push(format!(
                        "{viewer} {path} {}: expected {expected}, got {got:?}",
                        case.name
                    ));
                }
            }
            // The list is read by sessions; an access code unlocks one report, not a list.
            let list_expected = if matches!(*viewer, "owner" | "other") {
                cells[0] == 1
            } else {
                expected
            };
            for (path, listed) in &lists {
                if listed.contains(&case.id) != list_expected {
                    wrong.push(format!(
                        "{viewer} {path} {}: expected {list_expected}",
                        case.name
                    ));
                }
            }
            if card.status != StatusCode::OK {
                wrong.push(format!(
                    "{viewer} status card {}: {}",
                    case.name, card.status
                ));
            }
            let details = card.body.get("submitted_at").is_some();
            let details_expected =
                case.name != "deleted" || matches!(*viewer, "owner" | "national");
            if details != details_expected {
                wrong.push(format!(
                    "{viewer} status card details {}: expected {details_expected}",
                    case.name
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} cells wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

async fn the_reporters_name_shows_as_the_policy_says_to_each_viewer(app: TestApp) {
    let cases = build_cases(&app).await;
    let public = &cases[1];
    let path = format!("/api/v1/reports/{}", public.id);
    let anon = app.get(&path, As::Anon).await;
    assert_eq!(
        anon.body["reporter"],
        json!({"display": "Pelapor"}),
        "no show_name: Pelapor"
    );
    let surabaya = app.login("surabaya").await;
    let agency = app.get(&path, As::Token(&surabaya)).await;
    assert_eq!(
        agency.body["reporter"]["email"], "siti.rahmawati@contoh.id",
        "a named reporter is known to the agency"
    );
    let ksp = app.login("ksp").await;
    let supervisor = app.get(&path, As::Token(&ksp)).await;
    assert_eq!(
        supervisor.body["reporter"],
        json!({"display": "Pelapor"}),
        "supervisors see what the public sees until escalated"
    );
    let (shown, _) = app.submit(json!({"show_name": true})).await;
    let n = app.login("national").await;
    app.act_ok(&shown, As::Token(&n), json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    let named = app.get(&format!("/api/v1/reports/{shown}"), As::Anon).await;
    assert_eq!(
        named.body["reporter"],
        json!({"display": "Siti Rahmawati"}),
        "show_name shows the name only"
    );
}

on_both_backends!(
    every_read_path_shows_each_viewer_exactly_what_the_policy_allows,
    the_reporters_name_shows_as_the_policy_says_to_each_viewer,
);
