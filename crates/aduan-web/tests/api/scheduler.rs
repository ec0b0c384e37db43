//! Breaches escalate by themselves and silence closes a report, marked as such; each exactly
//! once however often the scheduler runs.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use chrono::Duration;
use serde_json::json;

async fn events(app: &TestApp, id: &str) -> Vec<(String, String)> {
    let all = app.store.list_events(&id.parse().unwrap()).await.unwrap();
    all.iter()
        .map(|e| {
            (
                e.action.as_str().to_owned(),
                e.payload["to_level"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

async fn a_missed_follow_up_escalates_to_the_agency_then_the_national_admin_and_no_further(
    app: TestApp,
) {
    let (id, code) = app.submit(json!({})).await;
    let national = app.login("national").await;
    app.act_ok(&id, As::Token(&national), json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    app.run_scheduler().await;
    assert_eq!(
        app.get(&format!("/api/v1/reports/{id}/status"), As::Anon)
            .await
            .body["escalation_level"],
        "none"
    );

    app.clock.advance(Duration::days(8)); // Tue 10 March: first follow-up (due Mon 9) breached
    app.run_scheduler().await;
    app.run_scheduler().await;
    let card = app
        .get(&format!("/api/v1/reports/{id}/status"), As::Anon)
        .await;
    assert_eq!(
        card.body["escalation_level"], "agency_admin",
        "{}",
        card.text
    );

    app.clock.advance(Duration::days(2)); // Thu 12 March: two working days late
    app.run_scheduler().await;
    app.clock.advance(Duration::days(30));
    app.run_scheduler().await;
    let escalations: Vec<String> = events(&app, &id)
        .await
        .into_iter()
        .filter(|(a, _)| a == "escalate")
        .map(|(_, l)| l)
        .collect();
    assert_eq!(
        escalations,
        ["agency_admin", "national_admin"],
        "once each, never past the national admin"
    );
    let taken = app
        .act(&id, As::Code(&code), json!({"action": "escalate"}))
        .await;
    assert_eq!(
        taken.body["escalation_level"], "ombudsman",
        "the reporter takes the missed case to the Ombudsman: {}",
        taken.text
    );
}

async fn silence_after_a_follow_up_auto_closes_once_and_the_reporter_may_reopen(app: TestApp) {
    let (id, code) = app.submit(json!({})).await;
    let surabaya = app.login("surabaya").await;
    let s = As::Token(&surabaya);
    app.act_ok(&id, s, json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    app.act_ok(
        &id,
        s,
        json!({"action": "follow_up", "body": "Sudah kami jadwalkan."}),
    )
    .await;
    app.clock.advance(Duration::days(9));
    app.act_ok(
        &id,
        As::Code(&code),
        json!({"action": "reply", "body": "Kapan?"}),
    )
    .await;
    app.clock.advance(Duration::days(20));
    app.run_scheduler().await;
    let card = app
        .get(&format!("/api/v1/reports/{id}/status"), As::Anon)
        .await;
    assert_eq!(
        card.body["status"], "in_progress",
        "a reply stops the silence timer: {}",
        card.text
    );

    let surabaya = app.login("surabaya").await;
    app.act_ok(
        &id,
        As::Token(&surabaya),
        json!({"action": "follow_up", "body": "Besok dikerjakan."}),
    )
    .await;
    app.clock.advance(Duration::days(15));
    app.run_scheduler().await;
    app.run_scheduler().await;
    let card = app
        .get(&format!("/api/v1/reports/{id}/status"), As::Anon)
        .await;
    assert_eq!(
        (
            card.body["status"].as_str(),
            card.body["completion_kind"].as_str()
        ),
        (Some("completed"), Some("auto_closed"))
    );
    let closes = events(&app, &id)
        .await
        .into_iter()
        .filter(|(a, _)| a == "auto_close")
        .count();
    assert_eq!(closes, 1);
    let reopened = app
        .act(
            &id,
            As::Code(&code),
            json!({"action": "reopen", "reason": "Belum dikerjakan sama sekali."}),
        )
        .await;
    assert_eq!(reopened.body["status"], "in_progress", "{}", reopened.text);
}

async fn the_holder_is_reminded_once_a_working_day_before_the_deadline(app: TestApp) {
    let (id, _) = app.submit(json!({})).await;
    let surabaya = app.login("surabaya").await;
    app.act_ok(&id, As::Token(&surabaya), json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    let reminders = |app: &TestApp| {
        let store = app.store.clone();
        async move {
            store
                .list_outbox(None, 100)
                .await
                .unwrap()
                .into_iter()
                .filter(|m| m.template == "deadline_reminder")
                .collect::<Vec<_>>()
        }
    };
    app.clock.advance(Duration::days(2)); // Wednesday 4 March: three working days left
    app.run_scheduler().await;
    assert!(reminders(&app).await.is_empty());
    app.clock.advance(Duration::days(2)); // Friday 6 March: due Monday, one working day left
    app.run_scheduler().await;
    app.run_scheduler().await;
    let sent = reminders(&app).await;
    assert_eq!(sent.len(), 1, "once, to Surabaya's one admin: {sent:?}");
    assert_eq!(sent[0].payload["phase"], "first_follow_up");
    assert!(
        !format!("{:?}", sent[0]).contains("Siti"),
        "no identity in a staff reminder"
    );
}

on_both_backends!(
    the_holder_is_reminded_once_a_working_day_before_the_deadline,
    a_missed_follow_up_escalates_to_the_agency_then_the_national_admin_and_no_further,
    silence_after_a_follow_up_auto_closes_once_and_the_reporter_may_reopen,
);
