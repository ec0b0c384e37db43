//! Recurring problems through the API: similar reports are offered to staff who see the report,
//! a group holds one agency's reports, its answer reaches every member as a follow-up through
//! the lifecycle (refusals listed), every change is audited, and the public sees only the
//! public members and the answer.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

const POTHOLE: &str = "Jalan berlubang besar di depan pasar Wonokromo, sudah tiga bulan tidak \
                       diperbaiki dan dua pengendara motor jatuh";
const POTHOLE_AGAIN: &str = "Sudah tiga bulan jalan di depan pasar Wonokromo berlubang besar, \
                             pengendara motor jatuh dan belum diperbaiki";

/// Files `body` and has the national admin dispatch it to `agency`; its tracking id.
async fn dispatched(
    app: &TestApp,
    national: &str,
    body: &str,
    agency: &str,
    extra: Value,
) -> String {
    let mut fields = json!({"title": "Jalan berlubang di pasar", "body": body});
    if let (Some(f), Some(e)) = (fields.as_object_mut(), extra.as_object()) {
        f.extend(e.clone());
    }
    let (id, _) = app.submit(fields).await;
    let dispatch =
        json!({"action": "verify_dispatch", "agency": agency, "handling_class": "ordinary"});
    app.act_ok(&id, As::Token(national), dispatch).await;
    id
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    list[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["tracking_id"].as_str().unwrap().to_owned())
        .collect()
}

async fn similar_reports_are_offered_to_staff_who_see_the_report_and_to_no_one_else(app: TestApp) {
    let national = app.login("national").await;
    let a = dispatched(&app, &national, POTHOLE, "kota-surabaya", json!({})).await;
    let b = dispatched(&app, &national, POTHOLE_AGAIN, "kota-surabaya", json!({})).await;
    let far = dispatched(
        &app,
        &national,
        POTHOLE,
        "kota-makassar",
        json!({"location": {"text": "Makassar", "region_code": "73.71"}}),
    )
    .await;
    let surabaya = app.login("surabaya").await;
    let path = format!("/api/v1/reports/{a}/similar");
    let r = app.get(&path, As::Token(&surabaya)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(ids(&r.body, "items"), [b.as_str()]);
    assert!(r.body["items"][0]["similarity"].as_f64().unwrap() >= 0.4);
    assert!(!ids(&r.body, "items").contains(&far));
    assert_eq!(
        app.get(&path, As::Anon).await.status,
        StatusCode::UNAUTHORIZED
    );
    let citizen = app.login("citizen").await;
    assert_eq!(
        app.get(&path, As::Token(&citizen)).await.status,
        StatusCode::FORBIDDEN
    );
    let makassar = app.login("makassar").await;
    let theirs = app
        .get(
            &format!("/api/v1/reports/{far}/similar"),
            As::Token(&makassar),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(ids(&theirs.body, "items").is_empty(), "{}", theirs.text);
}

async fn a_group_holds_one_agencys_reports_and_every_change_is_audited(app: TestApp) {
    let national = app.login("national").await;
    let a = dispatched(&app, &national, POTHOLE, "kota-surabaya", json!({})).await;
    let b = dispatched(&app, &national, POTHOLE_AGAIN, "kota-surabaya", json!({})).await;
    let foreign = dispatched(&app, &national, POTHOLE, "kota-makassar", json!({})).await;
    let waiting = app.submit(json!({"body": POTHOLE})).await.0;
    let surabaya = app.login("surabaya").await;
    let mixed = app
        .post(
            "/api/v1/groups",
            As::Token(&surabaya),
            json!({"title": "Jalan pasar", "members": [a, foreign]}),
        )
        .await;
    assert_eq!(
        mixed.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        mixed.text
    );
    assert_eq!(
        mixed.body["fields"]["members"], "not_found",
        "{}",
        mixed.text
    );
    // Supervisors group nothing, and are told nothing about what they send.
    let ombudsman = app.login("ombudsman").await;
    for body in [
        json!({}),
        json!({"title": "", "members": []}),
        json!({"title": "Jalan", "members": [a]}),
    ] {
        let refused = app
            .post("/api/v1/groups", As::Token(&ombudsman), body.clone())
            .await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{body}: {}",
            refused.text
        );
    }
    let makassar = app.login("makassar").await;
    let not_theirs = app
        .post(
            "/api/v1/groups",
            As::Token(&makassar),
            json!({"title": "Jalan", "members": [foreign.clone()]}),
        )
        .await;
    assert_eq!(
        not_theirs.status,
        StatusCode::CREATED,
        "{}",
        not_theirs.text
    );
    let made = app
        .post(
            "/api/v1/groups",
            As::Token(&surabaya),
            json!({"title": "Jalan pasar", "members": [a.clone()]}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let group = made.body["id"].as_str().unwrap().to_owned();
    assert!(group.starts_with("KLP-"));
    let members = format!("/api/v1/groups/{group}/members");
    let put = |id: &str| format!("{members}/{id}");
    let linked = app
        .send(Method::PUT, &put(&b), As::Token(&surabaya), None, &[])
        .await;
    assert_eq!(linked.status, StatusCode::OK, "{}", linked.text);
    assert_eq!(ids(&linked.body, "members").len(), 2);
    let twice = app
        .send(Method::PUT, &put(&b), As::Token(&surabaya), None, &[])
        .await;
    assert_eq!(
        twice.body["fields"]["tracking_id"], "already_grouped",
        "{}",
        twice.text
    );
    let national_sees = app
        .send(Method::PUT, &put(&foreign), As::Token(&national), None, &[])
        .await;
    assert_eq!(
        national_sees.body["fields"]["tracking_id"],
        "already_grouped"
    );
    let unheld = app
        .send(Method::PUT, &put(&waiting), As::Token(&national), None, &[])
        .await;
    assert_eq!(
        unheld.body["fields"]["tracking_id"], "not_held",
        "{}",
        unheld.text
    );
    let other = app
        .send(Method::PUT, &put(&b), As::Token(&makassar), None, &[])
        .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    let out = app
        .send(Method::DELETE, &put(&b), As::Token(&surabaya), None, &[])
        .await;
    assert_eq!(out.status, StatusCode::OK, "{}", out.text);
    assert_eq!(ids(&out.body, "members"), [a.as_str()]);
    let audit = app.state.store.list_audit().await.unwrap().0;
    let actions: Vec<&str> = audit
        .iter()
        .filter(|e| e.subject == format!("group:{group}"))
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(
        actions,
        ["group.create", "group.link", "group.link", "group.unlink"]
    );
}

async fn the_groups_answer_follows_up_every_member_and_lists_those_that_refuse(app: TestApp) {
    let national = app.login("national").await;
    let a = dispatched(&app, &national, POTHOLE, "kota-surabaya", json!({})).await;
    let b = dispatched(&app, &national, POTHOLE_AGAIN, "kota-surabaya", json!({})).await;
    let c = dispatched(&app, &national, POTHOLE, "kota-surabaya", json!({})).await;
    let surabaya = app.login("surabaya").await;
    let made = app
        .post(
            "/api/v1/groups",
            As::Token(&surabaya),
            json!({"title": "Jalan pasar", "members": [a, b, c]}),
        )
        .await;
    let group = made.body["id"].as_str().unwrap().to_owned();
    // One member is completed first: a follow-up is no longer allowed on it.
    app.act_ok(
        &c,
        As::Token(&surabaya),
        json!({"action": "follow_up", "body": "Sedang dikerjakan."}),
    )
    .await;
    let done = app
        .act(
            &c,
            As::Token(&surabaya),
            json!({"action": "complete", "body": "Sudah ditambal."}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    let empty = app
        .post(
            &format!("/api/v1/groups/{group}/answer"),
            As::Token(&surabaya),
            json!({"body": "  "}),
        )
        .await;
    assert_eq!(empty.body["fields"]["body"], "required");
    let answer = "Perbaikan jalan di depan pasar dijadwalkan pekan depan.";
    let r = app
        .post(
            &format!("/api/v1/groups/{group}/answer"),
            As::Token(&surabaya),
            json!({"body": answer}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let mut answered: Vec<String> = r.body["answered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    answered.sort();
    let mut expected = vec![a.clone(), b.clone()];
    expected.sort();
    assert_eq!(answered, expected);
    assert_eq!(r.body["refused"][0]["tracking_id"], c.as_str());
    assert_eq!(
        r.body["refused"][0]["code"], "illegal_transition",
        "{}",
        r.text
    );
    for id in [&a, &b] {
        let events = app
            .get(&format!("/api/v1/reports/{id}/events"), As::Anon)
            .await;
        let follow_ups: Vec<&Value> = events.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "follow_up")
            .collect();
        assert_eq!(follow_ups.len(), 1, "{}", events.text);
        assert_eq!(follow_ups[0]["body"], answer);
        let status = app
            .get(&format!("/api/v1/reports/{id}/status"), As::Anon)
            .await;
        assert_eq!(status.body["status"], "in_progress");
    }
    // The same answer again (a reload, a retry) reaches no reporter twice.
    let again = app
        .post(
            &format!("/api/v1/groups/{group}/answer"),
            As::Token(&surabaya),
            json!({"body": answer}),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert_eq!(again.body["answered"], json!([]));
    assert_eq!(
        again.body["already"].as_array().unwrap().len(),
        2,
        "{}",
        again.text
    );
    let events = app
        .get(&format!("/api/v1/reports/{a}/events"), As::Anon)
        .await;
    let follow_ups = events.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "follow_up")
        .count();
    assert_eq!(follow_ups, 1);
    let public = app.get(&format!("/api/v1/groups/{group}"), As::Anon).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.text);
    assert_eq!(public.body["answer"], answer);
    assert_eq!(public.body["manage"], false);
}

async fn a_unit_officer_answers_the_members_they_see_and_learns_nothing_of_the_others(
    app: TestApp,
) {
    let national = app.login("national").await;
    let a = dispatched(&app, &national, POTHOLE, "kota-surabaya", json!({})).await;
    let b = dispatched(&app, &national, POTHOLE_AGAIN, "kota-surabaya", json!({})).await;
    let surabaya = app.login("surabaya").await;
    let to_unit = |unit: &str| json!({"action": "dispatch_unit", "unit": unit});
    app.act_ok(&a, As::Token(&surabaya), to_unit("kota-surabaya/dinas-pu"))
        .await;
    app.act_ok(
        &b,
        As::Token(&surabaya),
        to_unit("kota-surabaya/dinas-kesehatan"),
    )
    .await;
    let made = app
        .post(
            "/api/v1/groups",
            As::Token(&surabaya),
            json!({"title": "Jalan pasar", "members": [a, b]}),
        )
        .await;
    let group = made.body["id"].as_str().unwrap().to_owned();
    let officer = app.login("dinas-pu").await;
    let seen = app
        .get(&format!("/api/v1/groups/{group}"), As::Token(&officer))
        .await;
    assert_eq!(ids(&seen.body, "members"), [a.as_str()]);
    let r = app
        .post(
            &format!("/api/v1/groups/{group}/answer"),
            As::Token(&officer),
            json!({"body": "Ditambal besok."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["answered"], json!([a]));
    assert_eq!(r.body["refused"], json!([]));
    assert_eq!(r.body["unseen"], 1);
    assert!(
        !r.text.contains(&b),
        "the hidden member's id is not told: {}",
        r.text
    );
    let hidden = app
        .send(
            Method::DELETE,
            &format!("/api/v1/groups/{group}/members/{b}"),
            As::Token(&officer),
            None,
            &[],
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND, "{}", hidden.text);
}

async fn the_public_sees_only_a_groups_public_members(app: TestApp) {
    let national = app.login("national").await;
    let open = dispatched(&app, &national, POTHOLE, "kota-surabaya", json!({})).await;
    let secret = dispatched(
        &app,
        &national,
        POTHOLE_AGAIN,
        "kota-surabaya",
        json!({"confidential": true}),
    )
    .await;
    let surabaya = app.login("surabaya").await;
    let made = app
        .post(
            "/api/v1/groups",
            As::Token(&surabaya),
            json!({"title": "Jalan pasar", "members": [open, secret]}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let group = made.body["id"].as_str().unwrap().to_owned();
    let public = app.get(&format!("/api/v1/groups/{group}"), As::Anon).await;
    assert_eq!(ids(&public.body, "members"), [open.as_str()]);
    let staff = app
        .get(&format!("/api/v1/groups/{group}"), As::Token(&surabaya))
        .await;
    assert_eq!(ids(&staff.body, "members").len(), 2);
    let out = app
        .send(
            Method::DELETE,
            &format!("/api/v1/groups/{group}/members/{open}"),
            As::Token(&surabaya),
            None,
            &[],
        )
        .await;
    assert_eq!(out.status, StatusCode::OK);
    let hidden = app.get(&format!("/api/v1/groups/{group}"), As::Anon).await;
    assert_eq!(
        hidden.status,
        StatusCode::NOT_FOUND,
        "a group of confidential reports only is not public"
    );
    let page = app.get(&format!("/kelompok/{group}"), As::Anon).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}

on_both_backends!(
    similar_reports_are_offered_to_staff_who_see_the_report_and_to_no_one_else,
    a_group_holds_one_agencys_reports_and_every_change_is_audited,
    the_groups_answer_follows_up_every_member_and_lists_those_that_refuse,
    a_unit_officer_answers_the_members_they_see_and_learns_nothing_of_the_others,
    the_public_sees_only_a_groups_public_members,
);
