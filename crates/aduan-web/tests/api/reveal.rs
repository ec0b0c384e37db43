//! The two-person reveal and staff's second factor through the API: a reveal is never one
//! action; a national admin with a second-factor session asks with a reason, and a second one
//! (never the requester) approves; only then is the identity shown, to the requester alone,
//! each showing logged; the reporter is told why, unless the approver records a legal reason
//! to defer it, which a national admin may lift later; every step is in the audit log.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use aduan_domain::Role;
use axum::http::StatusCode;
use serde_json::json;

async fn audit_actions(app: &TestApp, subject: &str) -> Vec<String> {
    let (audit, _, _) = app.store.list_audit().await.unwrap();
    audit
        .into_iter()
        .filter(|e| e.subject == subject)
        .map(|e| e.action)
        .collect()
}

async fn notices(app: &TestApp, id: &str) -> Vec<(String, String)> {
    app.store
        .list_outbox(None, 500)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.template == "identity_revealed" && m.payload["tracking_id"] == id)
        .map(|m| {
            (
                m.recipient,
                m.payload["reason"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

async fn a_staff_login_with_a_second_factor_needs_a_fresh_code_or_a_recovery_code(app: TestApp) {
    let (_, secret) = app.login_with_second_factor("national").await;
    let login = |code: Option<String>| {
        let mut body = json!({"login": "national@uji.go.id", "password": "rahasia-national"});
        if let Some(code) = code {
            body["code"] = json!(code);
        }
        body
    };
    let without = app.post("/api/v1/auth/login", As::Anon, login(None)).await;
    assert_eq!(without.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        without.body["code"], "second_factor_required",
        "{}",
        without.text
    );
    let wrong = app
        .post("/api/v1/auth/login", As::Anon, login(Some("000000".into())))
        .await;
    assert_eq!(wrong.body["code"], "invalid_credentials", "{}", wrong.text);
    // The code the helper logged in with is used: a replay of it fails.
    let now = app.state.clock.now().timestamp() as u64;
    let used = app
        .post(
            "/api/v1/auth/login",
            As::Anon,
            login(Some(secret.code_at(now))),
        )
        .await;
    assert_eq!(
        used.body["code"], "invalid_credentials",
        "a code is good once"
    );
    app.clock.advance(chrono::Duration::seconds(30));
    let now = app.state.clock.now().timestamp() as u64;
    let fresh = app
        .post(
            "/api/v1/auth/login",
            As::Anon,
            login(Some(secret.code_at(now))),
        )
        .await;
    assert_eq!(fresh.status, StatusCode::OK, "{}", fresh.text);
    assert_eq!(fresh.body["second_factor"], true);

    // Recovery codes: each works once in place of a code.
    let token = fresh.body["token"].as_str().unwrap().to_owned();
    app.clock.advance(chrono::Duration::seconds(30));
    let now = app.state.clock.now().timestamp() as u64;
    let renewed = app
        .post(
            "/api/v1/me/second-factor/recovery-codes",
            As::Token(&token),
            json!({"code": secret.code_at(now)}),
        )
        .await;
    assert_eq!(renewed.status, StatusCode::OK, "{}", renewed.text);
    let codes = renewed.body["recovery_codes"].as_array().unwrap().clone();
    assert_eq!(codes.len(), 10);
    let recovery = codes[0].as_str().unwrap().to_lowercase();
    let first = app
        .post(
            "/api/v1/auth/login",
            As::Anon,
            login(Some(recovery.clone())),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let again = app
        .post("/api/v1/auth/login", As::Anon, login(Some(recovery)))
        .await;
    assert_eq!(
        again.status,
        StatusCode::UNAUTHORIZED,
        "a recovery code is good once"
    );
    let status = app.get("/api/v1/me/second-factor", As::Token(&token)).await;
    assert_eq!(status.body["enabled"], true);
    assert_eq!(status.body["recovery_codes_left"], 9);
    let subject = format!("user:{}", status_user(&app, &token).await);
    let actions = audit_actions(&app, &subject).await;
    assert!(
        actions.contains(&"second_factor.enable".to_owned()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"second_factor.recovery_codes".to_owned()),
        "{actions:?}"
    );

    // A citizen has no second factor to set up.
    let citizen = app.login("citizen").await;
    let res = app
        .post("/api/v1/me/second-factor", As::Token(&citizen), json!({}))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

async fn a_second_factor_counts_from_the_next_login_and_no_longer_once_removed(app: TestApp) {
    let (id, _) = app.submit(json!({"anonymous": true})).await;
    let path = format!("/api/v1/reports/{id}/reveal-requests");
    let reason = json!({"reason": "Perintah pengadilan."});
    let token = app.login("national").await;
    let begun = app
        .post("/api/v1/me/second-factor", As::Token(&token), json!({}))
        .await;
    let secret = aduan_domain::second_factor::TotpSecret::from_base32(
        begun.body["secret"].as_str().unwrap(),
    )
    .unwrap();
    let now = app.state.clock.now().timestamp() as u64;
    let confirmed = app
        .post(
            "/api/v1/me/second-factor/confirm",
            As::Token(&token),
            json!({"code": secret.code_at(now)}),
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);
    // The session that set it up began with a password alone.
    let res = app.post(&path, As::Token(&token), reason.clone()).await;
    assert_eq!(res.body["code"], "second_factor_session", "{}", res.text);
    let status = app.get("/api/v1/me/second-factor", As::Token(&token)).await;
    assert_eq!(status.body["enabled"], true);
    assert_eq!(status.body["this_session"], false);

    app.clock.advance(chrono::Duration::seconds(30));
    let now = app.state.clock.now().timestamp() as u64;
    let login = json!({"login": "national@uji.go.id", "password": "rahasia-national", "code": secret.code_at(now)});
    let fresh = app.post("/api/v1/auth/login", As::Anon, login).await;
    let passed = fresh.body["token"].as_str().unwrap().to_owned();
    let status = app
        .get("/api/v1/me/second-factor", As::Token(&passed))
        .await;
    assert_eq!(status.body["this_session"], true);

    // Turned off, no session counts as having passed it.
    app.clock.advance(chrono::Duration::seconds(30));
    let now = app.state.clock.now().timestamp() as u64;
    let off = app
        .post(
            "/api/v1/me/second-factor/remove",
            As::Token(&passed),
            json!({"code": secret.code_at(now)}),
        )
        .await;
    assert_eq!(off.status, StatusCode::NO_CONTENT, "{}", off.text);
    let res = app.post(&path, As::Token(&passed), reason).await;
    assert_eq!(res.body["code"], "second_factor_session", "{}", res.text);
    let plain = app
        .post(
            "/api/v1/auth/login",
            As::Anon,
            json!({"login": "national@uji.go.id", "password": "rahasia-national"}),
        )
        .await;
    assert_eq!(plain.status, StatusCode::OK, "a password alone again");
}

async fn status_user(app: &TestApp, token: &str) -> i64 {
    app.get("/api/v1/me", As::Token(token)).await.body["id"]
        .as_i64()
        .unwrap()
}

async fn an_identity_is_revealed_only_when_a_second_person_approves_and_the_reporter_is_told(
    app: TestApp,
) {
    let (id, code) = app.submit(json!({"anonymous": true})).await;
    let subject = format!("report:{id}");

    // Never one action, not even for the national admin.
    let plain = app.login("national").await;
    let direct = app
        .act(
            &id,
            As::Token(&plain),
            json!({"action": "reveal_identity", "reason": "Penyidikan."}),
        )
        .await;
    assert_eq!(direct.status, StatusCode::FORBIDDEN);
    assert_eq!(direct.body["code"], "two_person_reveal", "{}", direct.text);
    // A session without the second factor may not ask.
    let path = format!("/api/v1/reports/{id}/reveal-requests");
    let reason = json!({"reason": "Permintaan penyidik Polri, surat No. 12/2026."});
    let res = app.post(&path, As::Token(&plain), reason.clone()).await;
    assert_eq!(res.body["code"], "second_factor_session", "{}", res.text);
    // Other staff may not ask at all.
    let surabaya = app.login("surabaya").await;
    let res = app.post(&path, As::Token(&surabaya), reason.clone()).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    let national2 = app.add_staff("national2", Role::NationalAdmin).await;
    let (asker, _) = app.login_with_second_factor("national").await;
    let empty = app
        .post(&path, As::Token(&asker), json!({"reason": "  "}))
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let made = app.post(&path, As::Token(&asker), reason.clone()).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    assert_eq!(made.body["status"], "pending");
    assert!(
        !made.text.contains("Siti"),
        "asking reveals nothing: {}",
        made.text
    );
    let n = made.body["id"].as_i64().unwrap();
    let twice = app.post(&path, As::Token(&asker), reason.clone()).await;
    assert_eq!(
        twice.status,
        StatusCode::CONFLICT,
        "one request waits at a time"
    );

    // The requester cannot approve their own request; agency staff cannot list requests.
    let decision = format!("/api/v1/reveal-requests/{n}/decision");
    let own = app
        .post(&decision, As::Token(&asker), json!({"approve": true}))
        .await;
    assert_eq!(own.body["code"], "same_person", "{}", own.text);
    let listed = app
        .get("/api/v1/reveal-requests", As::Token(&surabaya))
        .await;
    assert_eq!(listed.status, StatusCode::FORBIDDEN);
    let shown = app
        .get(&format!("/api/v1/reveal-requests/{n}"), As::Token(&asker))
        .await;
    assert!(
        shown.body.get("identity").is_none(),
        "nothing before approval"
    );
    assert!(notices(&app, &id).await.is_empty());

    // An admin the requester made (or re-scoped, or whose password they set) is no second
    // person.
    let asker_id = app.get("/api/v1/me", As::Token(&asker)).await.body["id"].clone();
    let made_by_asker = aduan_store::NewUser {
        name: "Akun national3".into(),
        email: Some("national3@uji.go.id".into()),
        phone: None,
        nik: None,
        password_hash: Some(
            aduan_domain::password::hash_password("rahasia-national3", &mut rand::rng()).unwrap(),
        ),
        role: Role::NationalAdmin,
        agency: None,
        unit: None,
        body: None,
    };
    app.store
        .create_user(&made_by_asker, &asker_id.to_string(), app.state.clock.now())
        .await
        .unwrap();
    let (puppet, _) = app.login_with_second_factor("national3").await;
    let res = app
        .post(&decision, As::Token(&puppet), json!({"approve": true}))
        .await;
    assert_eq!(res.body["code"], "same_person", "{}", res.text);
    // Nor may the requester approve a request of an account they made.
    let (other, _) = app.submit(json!({"anonymous": true})).await;
    let theirs = app
        .post(
            &format!("/api/v1/reports/{other}/reveal-requests"),
            As::Token(&puppet),
            reason.clone(),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{}", theirs.text);
    let n2 = theirs.body["id"].as_i64().unwrap();
    let res = app
        .post(
            &format!("/api/v1/reveal-requests/{n2}/decision"),
            As::Token(&asker),
            json!({"approve": true}),
        )
        .await;
    assert_eq!(res.body["code"], "same_person", "{}", res.text);

    // The second national admin, told of the request, approves; refusing would need a note.
    let (approver, _) = app.login_with_second_factor("national2").await;
    let listed = app
        .get("/api/v1/reveal-requests", As::Token(&approver))
        .await;
    let waiting = listed.body.as_array().unwrap();
    assert!(waiting.iter().any(|r| r["id"] == n), "{}", listed.text);
    let asked_to = app.store.list_outbox(None, 500).await.unwrap();
    assert!(
        asked_to
            .iter()
            .any(|m| m.template == "reveal_requested" && m.recipient == national2.id.to_string()),
        "the approvers hear of the request"
    );
    let no_note = app
        .post(&decision, As::Token(&approver), json!({"approve": false}))
        .await;
    assert_eq!(no_note.status, StatusCode::UNPROCESSABLE_ENTITY);
    let approved = app
        .post(&decision, As::Token(&approver), json!({"approve": true}))
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.text);
    assert_eq!(approved.body["status"], "approved");
    assert!(approved.body["notified_at"].is_string());
    assert!(
        !approved.text.contains("Siti"),
        "the approver is not shown the identity"
    );
    let again = app
        .post(&decision, As::Token(&approver), json!({"approve": true}))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    // The requester now sees the identity, and the showing is a look.
    let shown = app
        .get(&format!("/api/v1/reveal-requests/{n}"), As::Token(&asker))
        .await;
    assert_eq!(
        shown.body["identity"]["name"], "Siti Rahmawati",
        "{}",
        shown.text
    );
    let theirs = app
        .get(
            &format!("/api/v1/reveal-requests/{n}"),
            As::Token(&approver),
        )
        .await;
    assert!(theirs.body.get("identity").is_none());
    let looks = app
        .get(
            &format!("/api/v1/identity-looks?report={id}"),
            As::Token(&asker),
        )
        .await;
    assert!(looks.text.contains("\"reveal\""), "{}", looks.text);

    // The reporter is told, with the reason, and the report's history holds the reveal for
    // the national admin only.
    let told = notices(&app, &id).await;
    assert!(!told.is_empty(), "the reporter hears of it");
    assert!(
        told.iter().all(|(_, r)| r.contains("surat No. 12/2026")),
        "{told:?}"
    );
    let mine = app
        .get(&format!("/api/v1/reports/{id}/events"), As::Code(&code))
        .await;
    assert!(
        !mine.text.contains("reveal_identity"),
        "internal: {}",
        mine.text
    );
    let all = app
        .get(&format!("/api/v1/reports/{id}/events"), As::Token(&asker))
        .await;
    assert!(all.text.contains("reveal_identity"), "{}", all.text);
    let actions = audit_actions(&app, &subject).await;
    for action in ["identity.reveal_request", "identity.reveal_approve"] {
        assert!(
            actions.contains(&action.to_owned()),
            "{action}: {actions:?}"
        );
    }
}

async fn an_approver_may_defer_the_notice_for_a_legal_reason_and_it_is_sent_later(app: TestApp) {
    let (id, _) = app.submit(json!({"anonymous": true})).await;
    let (asker, _) = app.login_with_second_factor("national").await;
    let made = app
        .post(
            &format!("/api/v1/reports/{id}/reveal-requests"),
            As::Token(&asker),
            json!({"reason": "Perintah pengadilan."}),
        )
        .await;
    let n = made.body["id"].as_i64().unwrap();
    app.add_staff("national2", Role::NationalAdmin).await;
    let (approver, _) = app.login_with_second_factor("national2").await;
    let approved = app
        .post(
            &format!("/api/v1/reveal-requests/{n}/decision"),
            As::Token(&approver),
            json!({"approve": true, "defer_reason": "Penyidikan masih berjalan (KUHAP)."}),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.text);
    assert!(approved.body["notified_at"].is_null());
    assert!(notices(&app, &id).await.is_empty(), "deferred");
    let actions = audit_actions(&app, &format!("report:{id}")).await;
    assert!(
        actions.contains(&"identity.reveal_defer".to_owned()),
        "{actions:?}"
    );

    let notify = format!("/api/v1/reveal-requests/{n}/notify");
    let sent = app.post(&notify, As::Token(&asker), json!({})).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    assert!(sent.body["notified_at"].is_string());
    assert!(!notices(&app, &id).await.is_empty(), "told at last");
    let twice = app.post(&notify, As::Token(&asker), json!({})).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let actions = audit_actions(&app, &format!("report:{id}")).await;
    assert!(
        actions.contains(&"identity.reveal_notify".to_owned()),
        "{actions:?}"
    );
}

async fn where_the_deployment_says_so_the_ombudsman_approves_and_a_refusal_reveals_nothing(
    app: TestApp,
) {
    let app =
        app.with_config(|c| c.reveal_approver = aduan_app::reports::reveal::Approver::Ombudsman);
    let (id, _) = app.submit(json!({"anonymous": true})).await;
    let (asker, _) = app.login_with_second_factor("national").await;
    let made = app
        .post(
            &format!("/api/v1/reports/{id}/reveal-requests"),
            As::Token(&asker),
            json!({"reason": "Dugaan laporan palsu."}),
        )
        .await;
    let n = made.body["id"].as_i64().unwrap();
    let decision = format!("/api/v1/reveal-requests/{n}/decision");
    app.add_staff("national2", Role::NationalAdmin).await;
    let (other_admin, _) = app.login_with_second_factor("national2").await;
    let res = app
        .post(&decision, As::Token(&other_admin), json!({"approve": true}))
        .await;
    assert_eq!(
        res.status,
        StatusCode::FORBIDDEN,
        "only the Ombudsman approves here"
    );
    let (ombudsman, _) = app.login_with_second_factor("ombudsman").await;
    let refused = app
        .post(
            &decision,
            As::Token(&ombudsman),
            json!({"approve": false, "note": "Alasan tidak cukup."}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::OK, "{}", refused.text);
    assert_eq!(refused.body["status"], "refused");
    let shown = app
        .get(&format!("/api/v1/reveal-requests/{n}"), As::Token(&asker))
        .await;
    assert!(shown.body.get("identity").is_none());
    assert!(notices(&app, &id).await.is_empty());
    let actions = audit_actions(&app, &format!("report:{id}")).await;
    assert!(
        actions.contains(&"identity.reveal_refuse".to_owned()),
        "{actions:?}"
    );
    // A new request may follow a refusal.
    let again = app
        .post(
            &format!("/api/v1/reports/{id}/reveal-requests"),
            As::Token(&asker),
            json!({"reason": "Bukti baru."}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text);
}

on_both_backends!(
    a_staff_login_with_a_second_factor_needs_a_fresh_code_or_a_recovery_code,
    a_second_factor_counts_from_the_next_login_and_no_longer_once_removed,
    an_identity_is_revealed_only_when_a_second_person_approves_and_the_reporter_is_told,
    an_approver_may_defer_the_notice_for_a_legal_reason_and_it_is_sent_later,
    where_the_deployment_says_so_the_ombudsman_approves_and_a_refusal_reveals_nothing
);
