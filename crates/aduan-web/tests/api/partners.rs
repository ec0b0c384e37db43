//! Partner systems through the partner API: one report per reference however often it is
//! sent, only within the partner's agencies and regions, read and acted on as its reporter,
//! never reached by another partner; keys issued, rotated with an overlap and revoked by the
//! national admin, every use audited.

use crate::common::{As, REPORTER_IDENTITY, TestApp, report_body};
use crate::on_both_backends;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

/// A web report body under the partner's reference `reference`.
pub fn partner_report(reference: &str, overrides: Value) -> Value {
    let mut body = report_body(overrides);
    body["ref"] = json!(reference);
    body
}

async fn a_partner_files_once_per_reference_and_acts_as_its_reporter_but_never_on_anothers(
    app: TestApp,
) {
    let key = app.partner_key("lapor-jatim", json!(["35"])).await;
    let file = |body: Value, idem: &'static str| {
        let key = key.clone();
        let app = &app;
        async move {
            let headers: Vec<(&str, &str)> = if idem.is_empty() {
                vec![]
            } else {
                vec![("idempotency-key", idem)]
            };
            app.as_partner(
                &key,
                Method::POST,
                "/api/v1/partner/reports",
                Some(body),
                &headers,
            )
            .await
        }
    };
    let first = file(partner_report("JTM-0001", json!({})), "k-1").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let id = first.body["tracking_id"].as_str().unwrap().to_owned();
    assert_eq!(first.body["ref"], "JTM-0001");
    assert!(first.body.get("access_code").is_none(), "{}", first.text);

    // The same request again, by key or by reference alone: the first report.
    for idem in ["k-1", ""] {
        let again = file(partner_report("JTM-0001", json!({})), idem).await;
        assert_eq!(again.status, StatusCode::OK, "{}", again.text);
        assert_eq!(again.body["tracking_id"], id.as_str());
        assert_eq!(again.body["replayed"], true);
    }
    // Another body under the same reference or key is refused, and nothing is filed.
    let changed = partner_report("JTM-0001", json!({"title": "Lain"}));
    assert_eq!(file(changed, "").await.body["code"], "idempotency_mismatch");
    let other_ref = partner_report("JTM-0002", json!({}));
    assert_eq!(
        file(other_ref, "k-1").await.body["code"],
        "idempotency_mismatch"
    );

    // Outside its regions: 422, whatever the agency asked for.
    let tangerang = partner_report(
        "JTM-0003",
        json!({"requested_agency": "kabupaten-tangerang",
               "location": {"text": "Cikupa", "region_code": "36.03"}}),
    );
    let refused = file(tangerang, "").await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text
    );
    assert_eq!(
        refused.body["fields"]["requested_agency"],
        "outside_partner_scope"
    );

    // The report is in the one queue with the partner's channel.
    let national = app.login("national").await;
    let seen = app
        .get(&format!("/api/v1/reports/{id}"), As::Token(&national))
        .await;
    assert_eq!(seen.body["channel"], "api:lapor-jatim", "{}", seen.text);

    // The partner reads it as its reporter, and acts as them.
    let path = "/api/v1/partner/reports/JTM-0001";
    let read = app.as_partner(&key, Method::GET, path, None, &[]).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.text);
    assert_eq!(read.body["tracking_id"], id.as_str());
    let dispatch = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    app.act_ok(&id, As::Token(&national), dispatch).await;
    let surabaya = app.login("surabaya").await;
    let s = As::Token(&surabaya);
    app.act_ok(
        &id,
        s,
        json!({"action": "follow_up", "body": "Mohon foto lokasinya."}),
    )
    .await;
    let actions = "/api/v1/partner/reports/JTM-0001/actions";
    let reply = json!({"action": "reply", "body": "Foto menyusul lewat aplikasi."});
    let replied = app
        .as_partner(&key, Method::POST, actions, Some(reply), &[])
        .await;
    assert_eq!(replied.status, StatusCode::OK, "{}", replied.text);
    app.act_ok(
        &id,
        s,
        json!({"action": "complete", "body": "Jalan sudah ditambal."}),
    )
    .await;
    let confirm = json!({"action": "confirm", "rating": 5, "resolved": true});
    let confirmed = app
        .as_partner(&key, Method::POST, actions, Some(confirm), &[])
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);
    assert_eq!(
        confirmed.body["completion_kind"], "reporter_confirmed",
        "{}",
        confirmed.text
    );
    // Only what a reporter may do.
    let note = json!({"action": "note", "body": "x"});
    let refused = app
        .as_partner(&key, Method::POST, actions, Some(note), &[])
        .await;
    assert_eq!(refused.body["code"], "unknown_action", "{}", refused.text);

    // Another partner reaches none of it.
    let other = app.partner_key("lapor-jabar", json!(["32", "35"])).await;
    let read = app.as_partner(&other, Method::GET, path, None, &[]).await;
    assert_eq!(read.status, StatusCode::NOT_FOUND, "{}", read.text);
    let reply = json!({"action": "reply", "body": "x"});
    let acted = app
        .as_partner(&other, Method::POST, actions, Some(reply), &[])
        .await;
    assert_eq!(acted.status, StatusCode::NOT_FOUND, "{}", acted.text);

    // Every use is in the audit log, under the partner's name, without the reporter.
    let (audit, _, _) = app.store.list_audit().await.unwrap();
    let uses: Vec<_> = audit
        .iter()
        .filter(|e| e.action == "partner.use" && e.actor == "partner:lapor-jatim")
        .collect();
    assert!(uses.len() >= 5, "{uses:?}");
    for e in &audit {
        let row = format!("{e:?}");
        for part in REPORTER_IDENTITY {
            assert!(!row.contains(part), "{row}");
        }
    }
}

async fn keys_are_refused_when_unknown_revoked_or_past_their_rotation_overlap(app: TestApp) {
    let old = app.partner_key("lapor-jatim", json!(["35"])).await;
    let path = "/api/v1/partner/webhook";
    let get = |key: String| {
        let app = &app;
        async move {
            app.as_partner(&key, Method::GET, path, None, &[])
                .await
                .status
        }
    };
    assert_eq!(get(old.clone()).await, StatusCode::OK);
    assert_eq!(get("apk_0000".into()).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.get(path, As::Anon).await.status,
        StatusCode::UNAUTHORIZED
    );

    let national = app.login("national").await;
    let rotate = "/api/v1/admin/partners/lapor-jatim/keys/rotate";
    let rotated = app.post(rotate, As::Token(&national), json!({})).await;
    assert_eq!(rotated.status, StatusCode::CREATED, "{}", rotated.text);
    let new = rotated.body["key"].as_str().unwrap().to_owned();
    // Both work during the overlap (24 hours by default); then only the new one.
    assert_eq!(get(old.clone()).await, StatusCode::OK);
    assert_eq!(get(new.clone()).await, StatusCode::OK);
    app.clock.advance(chrono::Duration::hours(25));
    assert_eq!(get(old).await, StatusCode::UNAUTHORIZED);
    assert_eq!(get(new.clone()).await, StatusCode::OK);

    // The list shows keys by prefix only; a revoked key stops at once.
    let national = app.login("national").await;
    let list = app
        .get("/api/v1/admin/partners", As::Token(&national))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert!(!list.text.contains(&new), "{}", list.text);
    let newest = list.body[0]["keys"][0]["id"].as_i64().unwrap();
    let revoke = format!("/api/v1/admin/partners/lapor-jatim/keys/{newest}");
    let res = app
        .send(Method::DELETE, &revoke, As::Token(&national), None, &[])
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
    assert_eq!(get(new).await, StatusCode::UNAUTHORIZED);

    // A partner that does not exist has no keys to issue or rotate.
    for path in ["keys", "keys/rotate"] {
        let res = app
            .post(
                &format!("/api/v1/admin/partners/tidak-ada/{path}"),
                As::Token(&national),
                json!({}),
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}: {}", res.text);
    }

    // Only the national admin manages partners.
    let surabaya = app.login("surabaya").await;
    let res = app
        .get("/api/v1/admin/partners", As::Token(&surabaya))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text);
}

async fn no_partner_read_path_nor_the_agency_sees_the_identity_a_partner_filed(app: TestApp) {
    let key = app.partner_key("lapor-jatim", json!(["35"])).await;
    let mut seen = Vec::new();
    for (reference, anonymous) in [("ANON-1", true), ("NAMED-1", false)] {
        let body = partner_report(reference, json!({"anonymous": anonymous}));
        let filed = app
            .as_partner(
                &key,
                Method::POST,
                "/api/v1/partner/reports",
                Some(body),
                &[],
            )
            .await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
        seen.push(filed.text);
        let path = format!("/api/v1/partner/reports/{reference}");
        let read = app.as_partner(&key, Method::GET, &path, None, &[]).await;
        assert_eq!(read.status, StatusCode::OK, "{}", read.text);
        let shown = if anonymous { "Anonim" } else { "Pelapor" };
        assert_eq!(read.body["reporter"]["display"], shown, "{}", read.text);
        seen.push(read.text);
        let add = json!({"action": "add_info", "body": "Lokasi dekat pasar."});
        let acted = app
            .as_partner(
                &key,
                Method::POST,
                &format!("{path}/actions"),
                Some(add),
                &[],
            )
            .await;
        assert_eq!(acted.status, StatusCode::OK, "{}", acted.text);
        seen.push(acted.text);
    }
    // The agency sees the named reporter (as the policy says) but never the anonymous one.
    let surabaya = app.login("surabaya").await;
    let anon_id = seen[0].split("\"tracking_id\":\"").nth(1).unwrap()[..10].to_owned();
    let agency = app
        .get(&format!("/api/v1/reports/{anon_id}"), As::Token(&surabaya))
        .await;
    assert_eq!(agency.status, StatusCode::OK, "{}", agency.text);
    let events = format!("/api/v1/reports/{anon_id}/events");
    let history = app.get(&events, As::Token(&surabaya)).await;
    for text in seen.iter().chain([&agency.text, &history.text]) {
        for part in REPORTER_IDENTITY {
            assert!(!text.contains(part), "{part} in {text}");
        }
    }
}

on_both_backends!(
    no_partner_read_path_nor_the_agency_sees_the_identity_a_partner_filed,
    a_partner_files_once_per_reference_and_acts_as_its_reporter_but_never_on_anothers,
    keys_are_refused_when_unknown_revoked_or_past_their_rotation_overlap
);
