//! The identity reveal, the Ombudsman, a stale form, staff outside the report's scope, and the
//! shortcuts.

use super::steps::{
    IDENTITY, act, assert_no_identity, dispatched, open, reporter, screen, staff, submitted,
    version,
};
use aduan_testkit::{As, TestApp, on_both_backends};
use axum::http::{StatusCode, header};
use chrono::Duration;
use serde_json::json;

async fn reveals_recorded(app: &TestApp) -> Vec<aduan_domain::event::AuditEntry> {
    let (audit, _, _) = app.store.list_audit().await.unwrap();
    audit
        .into_iter()
        .filter(|e| e.action == "identity.reveal")
        .collect()
}

async fn the_national_admin_reveals_an_identity_only_with_a_reason_and_it_is_audited(app: TestApp) {
    let (id, _) = submitted(&app, json!({"anonymous": true})).await;
    let reveal = format!("{}/identitas", screen(&id));

    let mut surabaya = staff(&app, "surabaya").await;
    let v = version(&open(&mut surabaya, &id).await);
    let refused = surabaya
        .post_form(&reveal, &[("version", &v), ("reason", "Ingin tahu.")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_no_identity(&refused.html, "the agency admin's refused reveal");

    let mut national = staff(&app, "national").await;
    let html = open(&mut national, &id).await;
    assert!(html.contains("id=\"report-reporter\">Anonim"));
    assert!(html.contains("id=\"reveal-form\""));
    assert!(
        html.contains("id=\"reveal-reason\""),
        "the reveal asks for a reason"
    );
    assert_no_identity(&html, "the national admin's screen before a reveal");

    let v = version(&html);
    let no_reason = national
        .post_form(&reveal, &[("version", &v), ("reason", "  ")])
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.html.contains("Tulis alasannya terlebih dahulu."));
    assert_no_identity(&no_reason.html, "a reveal without a reason");
    assert!(reveals_recorded(&app).await.is_empty());

    let reason = "Ancaman kekerasan terhadap petugas; diminta kepolisian.";
    let shown = national
        .post_form(&reveal, &[("version", &v), ("reason", reason)])
        .await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.html);
    for part in IDENTITY {
        assert!(shown.html.contains(part), "the reveal shows {part}");
    }
    let cache = shown.headers.get(header::CACHE_CONTROL).unwrap();
    assert!(cache.to_str().unwrap().contains("no-store"));
    assert!(
        shown.location().is_none(),
        "shown on the result page, not through a URL"
    );

    let audit = reveals_recorded(&app).await;
    assert_eq!(audit.len(), 1, "the reveal is an audit entry");
    assert_eq!(audit[0].subject, format!("report:{id}"));
    assert_eq!(audit[0].payload["reason"], reason);

    let after = open(&mut national, &id).await;
    assert!(
        after.contains("id=\"report-reporter\">Anonim"),
        "shown once"
    );
    assert_no_identity(&after, "the national admin's screen after the reveal");
    assert!(
        after.contains(reason),
        "the reveal is in the internal history"
    );
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
    the_national_admin_reveals_an_identity_only_with_a_reason_and_it_is_audited,
    the_ombudsman_acknowledges_an_escalated_report_and_records_a_finding,
    a_stale_form_gives_the_conflict_message_and_a_reload_link,
    staff_outside_the_reports_scope_get_not_found,
    the_shortcuts_are_documented_and_follow_the_queue,
);
