//! The identity reveal, the Ombudsman, a stale form, staff outside the report's scope, and the
//! shortcuts.

use super::steps::{
    IDENTITY, act, assert_no_identity, dispatched, open, reporter, screen, staff, submitted,
    version,
};
use crate::support;
use aduan_testkit::{As, TestApp, on_both_backends};
use axum::http::{StatusCode, header};
use chrono::Duration;
use serde_json::json;

async fn audit_actions(app: &TestApp, id: &str) -> Vec<String> {
    let (audit, _, _) = app.store.list_audit().await.unwrap();
    audit
        .into_iter()
        .filter(|e| e.subject == format!("report:{id}"))
        .map(|e| e.action)
        .collect()
}

/// The text of the element with `id` (up to its next tag).
fn text_of<'h>(html: &'h str, id: &str) -> &'h str {
    let at = html.find(&format!("id=\"{id}\"")).expect(id);
    let start = at + html[at..].find('>').unwrap() + 1;
    &html[start..start + html[start..].find('<').unwrap()]
}

fn now_seconds(app: &TestApp) -> u64 {
    app.state.clock.now().timestamp() as u64
}

async fn a_reveal_in_the_back_office_takes_a_request_with_two_step_verification_and_a_second_admin(
    app: TestApp,
) {
    let (id, _) = submitted(&app, json!({"anonymous": true})).await;
    let reveal = format!("{}/identitas", screen(&id));
    let reason = "Ancaman kekerasan terhadap petugas; diminta kepolisian.";

    let mut surabaya = staff(&app, "surabaya").await;
    let v = version(&open(&mut surabaya, &id).await);
    let refused = surabaya
        .post_form(&reveal, &[("version", &v), ("reason", "Ingin tahu.")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_no_identity(&refused.html, "the agency admin's refused reveal");

    // Without two-step verification the national admin is told to turn it on.
    let mut national = staff(&app, "national").await;
    let html = open(&mut national, &id).await;
    assert!(html.contains("id=\"reveal-form\""));
    assert!(
        html.contains("id=\"reveal-reason\""),
        "the request asks for a reason"
    );
    let v = version(&html);
    let no_second = national
        .post_form(&reveal, &[("version", &v), ("reason", reason)])
        .await;
    assert_eq!(
        no_second.status,
        StatusCode::FORBIDDEN,
        "{}",
        no_second.html
    );
    assert!(
        no_second.html.contains("verifikasi dua langkah"),
        "{}",
        no_second.html
    );

    // Two-step verification, set up in the back office: the secret as QR code and text, the
    // first code confirms, the recovery codes are shown once and never cached.
    national.post_form("/kantor/dua-langkah/mulai", &[]).await;
    let setup = national.get("/kantor/dua-langkah").await;
    assert!(setup.html.contains("<svg"), "the QR code is drawn inline");
    let secret = aduan_domain::second_factor::TotpSecret::from_base32(text_of(
        &setup.html,
        "second-factor-secret",
    ))
    .unwrap();
    let wrong = national
        .post_form("/kantor/dua-langkah/konfirmasi", &[("code", "000000")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.html.contains("id=\"second-factor-wrong\""));
    let code = secret.code_at(now_seconds(&app));
    let on = national
        .post_form("/kantor/dua-langkah/konfirmasi", &[("code", &code)])
        .await;
    assert_eq!(on.status, StatusCode::OK, "{}", on.html);
    assert!(on.html.contains("id=\"recovery-codes\""));
    assert!(
        on.html.contains("id=\"second-factor-relogin\""),
        "the session that set it up began with a password alone"
    );
    app.clock.advance(Duration::seconds(30));
    let code = secret.code_at(now_seconds(&app));
    let again = national
        .post_form(
            "/akun/masuk",
            &[
                ("login", "national@uji.go.id"),
                ("password", "rahasia-national"),
                ("code", &code),
            ],
        )
        .await;
    assert!(again.status.is_redirection(), "{}", again.html);
    assert!(
        on.headers
            .get(header::CACHE_CONTROL)
            .unwrap()
            .to_str()
            .unwrap()
            .contains("no-store")
    );

    // The request: nothing is revealed yet, and its requester cannot approve it.
    let asked = national
        .post_form(&reveal, &[("version", &v), ("reason", reason)])
        .await;
    let page = asked.location().expect("to the request's page").to_owned();
    assert!(page.starts_with("/kantor/pengungkapan/"), "{page}");
    let mine = national.get(&page).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.html.contains(reason));
    assert!(
        !mine.html.contains("id=\"approve-form\""),
        "not by its requester"
    );
    assert_no_identity(&mine.html, "a waiting request");

    // A second national admin logs in with a code and approves.
    app.add_staff("national2", aduan_domain::Role::NationalAdmin)
        .await;
    let (_, second) = app.login_with_second_factor("national2").await;
    app.clock.advance(Duration::seconds(30));
    let mut approver = support::Visitor::new(&app);
    let asks = approver
        .post_form(
            "/akun/masuk",
            &[
                ("login", "national2@uji.go.id"),
                ("password", "rahasia-national2"),
            ],
        )
        .await;
    assert_eq!(asks.status, StatusCode::UNAUTHORIZED);
    assert!(
        asks.html.contains("id=\"login-code\""),
        "the login asks for the code"
    );
    let code = second.code_at(now_seconds(&app));
    let logged = approver
        .post_form(
            "/akun/masuk",
            &[
                ("login", "national2@uji.go.id"),
                ("password", "rahasia-national2"),
                ("code", &code),
            ],
        )
        .await;
    assert!(logged.status.is_redirection(), "{}", logged.html);
    let list = approver.get("/kantor/pengungkapan").await;
    assert!(list.html.contains(&page), "the waiting request is listed");
    let theirs = approver.get(&page).await;
    assert!(theirs.html.contains("id=\"approve-form\""));
    let decided = approver
        .post_form(&format!("{page}/keputusan"), &[("keputusan", "setuju")])
        .await;
    assert!(decided.status.is_redirection(), "{}", decided.html);
    let after = approver.get(&page).await;
    assert_no_identity(&after.html, "the approver's page");

    // The requester now sees the identity, never cached; the reporter is told.
    let shown = national.get(&page).await;
    for part in IDENTITY {
        assert!(shown.html.contains(part), "the reveal shows {part}");
    }
    assert!(
        shown
            .headers
            .get(header::CACHE_CONTROL)
            .unwrap()
            .to_str()
            .unwrap()
            .contains("no-store")
    );
    let told = text_of(&shown.html, "reveal-notified");
    assert!(told.contains("2026"), "told, with the date: {told}");
    let screen_after = open(&mut national, &id).await;
    assert!(
        screen_after.contains("id=\"report-reporter\">Anonim"),
        "the report screen still hides it"
    );
    let actions = audit_actions(&app, &id).await;
    for action in ["identity.reveal_request", "identity.reveal_approve"] {
        assert!(
            actions.contains(&action.to_owned()),
            "{action}: {actions:?}"
        );
    }
}

async fn the_ombudsman_acknowledges_an_escalated_report_and_records_a_finding(app: TestApp) {
    let (id, code) = dispatched(&app, json!({"kind": "aspiration"})).await;
    app.clock.advance(Duration::days(10));
    let escalated = app
        .act(&id, As::Code(&code), json!({"action": "escalate"}))
        .await;
    assert_eq!(
        escalated.body["escalation_level"], "ombudsman",
        "{}",
        escalated.text
    );

    let mut ombudsman = staff(&app, "ombudsman").await;
    let html = open(&mut ombudsman, &id).await;
    assert!(html.contains("Dieskalasi ke Ombudsman"));
    for form in [
        "ombudsman_acknowledge-form",
        "request_information-form",
        "record_finding-form",
    ] {
        assert!(
            html.contains(&format!("id=\"{form}\"")),
            "{form} is offered"
        );
    }
    assert!(
        !html.contains("id=\"note-form\""),
        "supervisors only read otherwise"
    );
    assert!(!html.contains("id=\"follow_up-form\""));

    let ack = "Pengaduan diterima dan diperiksa Ombudsman.";
    let to = act(
        &mut ombudsman,
        &id,
        &[("action", "ombudsman_acknowledge"), ("body", ack)],
    )
    .await;
    assert!(
        ombudsman
            .get(&to)
            .await
            .html
            .contains("Pengaduan diterima Ombudsman.")
    );
    let finding = "Terjadi penundaan berlarut oleh instansi.";
    let to = act(
        &mut ombudsman,
        &id,
        &[("action", "record_finding"), ("body", finding)],
    )
    .await;
    let html = ombudsman.get(&to).await.html;
    assert!(html.contains("Temuan tercatat."));
    assert!(html.contains(ack) && html.contains(finding));

    let mut me = reporter(&app, &id, &code).await;
    let mine = me.get(&format!("/laporan/{id}")).await.html;
    assert!(mine.contains(finding), "the reporter sees the finding");
}

async fn a_stale_form_gives_the_conflict_message_and_a_reload_link(app: TestApp) {
    let (id, _) = submitted(&app, json!({})).await;
    let mut national = staff(&app, "national").await;
    let stale = version(&open(&mut national, &id).await);
    let token = app.login("national").await;
    let postpone = json!({"action": "postpone", "reason": "Lokasi kurang jelas."});
    app.act_ok(&id, As::Token(&token), postpone).await;

    let res = national
        .post_form(
            &format!("{}/aksi", screen(&id)),
            &[
                ("action", "note"),
                ("version", &stale),
                ("body", "Sudah dicek."),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(
        res.html
            .contains("Laporan ini baru saja diubah orang lain.")
    );
    assert!(res.html.contains("id=\"reload\""));
    assert!(
        res.html.contains(">Sudah dicek.</textarea>"),
        "what was typed is kept"
    );
    assert_ne!(version(&res.html), stale, "the forms carry the new version");
}

async fn staff_outside_the_reports_scope_get_not_found(app: TestApp) {
    let (id, _) = submitted(&app, json!({})).await;
    let mut makassar = staff(&app, "makassar").await;
    assert_eq!(
        makassar.get(&screen(&id)).await.status,
        StatusCode::NOT_FOUND
    );
    let post = makassar
        .post_form(
            &format!("{}/aksi", screen(&id)),
            &[("action", "note"), ("version", "1"), ("body", "Coba.")],
        )
        .await;
    assert_eq!(post.status, StatusCode::NOT_FOUND);

    let national = app.login("national").await;
    let to_surabaya = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    app.act_ok(&id, As::Token(&national), to_surabaya).await;
    assert_eq!(
        makassar.get(&screen(&id)).await.status,
        StatusCode::NOT_FOUND
    );
    let mut dinkes = staff(&app, "dinkes").await;
    assert_eq!(
        dinkes.get(&screen(&id)).await.status,
        StatusCode::NOT_FOUND,
        "a unit that does not hold it"
    );
}

async fn the_shortcuts_are_documented_and_follow_the_queue(app: TestApp) {
    let (first, _) = submitted(&app, json!({})).await;
    let (second, _) = submitted(&app, json!({})).await;
    let mut national = staff(&app, "national").await;
    let a = open(&mut national, &first).await;
    let b = open(&mut national, &second).await;
    assert!(a.contains("Pintasan papan ketik"));
    assert!(a.contains("data-shortcut=\"v\"") && a.contains("data-shortcut=\"t\""));
    assert!(a.contains("src=\"/kantor/static/office.js\""));
    let link = |to: &str, rel: &str| {
        format!("href=\"/kantor/laporan/{to}?status=submitted\" rel=\"{rel}\"")
    };
    let a_first = a.contains(&link(&second, "next"));
    let b_first = b.contains(&link(&first, "next"));
    assert!(
        a_first ^ b_first,
        "one report leads to the other in queue order"
    );
    if a_first {
        assert!(b.contains(&link(&first, "prev")), "and back");
    } else {
        assert!(a.contains(&link(&second, "prev")), "and back");
    }

    let js = national.get("/kantor/static/office.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(
        js.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
}

on_both_backends!(
    a_reveal_in_the_back_office_takes_a_request_with_two_step_verification_and_a_second_admin,
    the_ombudsman_acknowledges_an_escalated_report_and_records_a_finding,
    a_stale_form_gives_the_conflict_message_and_a_reload_link,
    staff_outside_the_reports_scope_get_not_found,
    the_shortcuts_are_documented_and_follow_the_queue,
);
