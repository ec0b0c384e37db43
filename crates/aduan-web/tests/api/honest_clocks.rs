//! Clocks that count honestly and notices that reach whoever must act (issue 12, items 12 to
//! 17): the figures behind the league table, a breach kept through a postponement, the national
//! admin two working days after a breach, the reopen window after an auto-close, and the staff
//! notices of dispatch, reminders and the Ombudsman's requests.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use chrono::{Duration, TimeZone, Utc};
use serde_json::{Value, json};

const DISPATCH: &str = "verify_dispatch";

/// 00:00 WIB (or `h:m`) on `day` March 2026.
fn wib(day: u32, h: u32, m: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, h, m, 0).unwrap() - Duration::hours(7)
}

async fn dispatched(app: &TestApp) -> (String, String, String) {
    let (id, code) = app.submit(json!({})).await;
    let surabaya = app.login("surabaya").await;
    app.act_ok(
        &id,
        As::Token(&surabaya),
        json!({"action": DISPATCH, "agency": "kota-surabaya", "handling_class": "ordinary"}),
    )
    .await;
    (id, code, surabaya)
}

async fn figure(app: &TestApp, party: &str, phase: &str) -> Option<Value> {
    let res = app
        .get(&format!("/api/v1/stats/sla?agency={party}"), As::Anon)
        .await;
    res.body["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["phase"] == phase)
        .cloned()
}

/// The login keys of the staff a template was sent to, sorted.
async fn sent_to(app: &TestApp, template: &str) -> Vec<String> {
    let users = app.store.list_users().await.unwrap();
    let mut keys: Vec<String> = app
        .store
        .list_outbox(None, 500)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.template == template)
        .filter_map(|m| {
            let u = users.iter().find(|u| u.id.to_string() == m.recipient)?;
            Some(
                u.email
                    .as_deref()?
                    .trim_end_matches("@uji.go.id")
                    .to_owned(),
            )
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

async fn an_auto_close_before_the_deadline_is_not_counted_as_completed_within_the_limit(
    app: TestApp,
) {
    let (id, _, surabaya) = dispatched(&app).await;
    app.act_ok(
        &id,
        As::Token(&surabaya),
        json!({"action": "follow_up", "body": "Kami jadwalkan."}),
    )
    .await;
    // Ten working days of silence run out on Tuesday 17 March; the limit of an ordinary
    // complaint is Friday 20 March.
    app.clock.set(wib(18, 9, 0));
    app.run_scheduler().await;
    let card = app
        .get(&format!("/api/v1/reports/{id}/status"), As::Anon)
        .await;
    assert_eq!(card.body["completion_kind"], "auto_closed", "{}", card.text);
    let f = figure(&app, "kota-surabaya", "completion").await.unwrap();
    assert_eq!(
        (
            &f["within_limit"],
            &f["missed"],
            &f["auto_closed_before_due"],
            &f["auto_closed"]
        ),
        (&json!(0), &json!(0), &json!(1), &json!(1)),
        "{f}"
    );
    assert_eq!(
        f["compliance"],
        Value::Null,
        "no share earned without a completion"
    );
}

async fn a_postponement_after_the_verification_deadline_keeps_the_breach(app: TestApp) {
    // Verification by Kota Surabaya due Thursday 5 March; postponed on Friday 6th.
    let (id, code) = app.submit(json!({})).await;
    app.clock.set(wib(6, 10, 0));
    let surabaya = app.login("surabaya").await;
    app.act_ok(
        &id,
        As::Token(&surabaya),
        json!({"action": "postpone", "reason": "Lokasi kurang jelas."}),
    )
    .await;
    let card = app
        .get(&format!("/api/v1/reports/{id}/status"), As::Anon)
        .await;
    let clock = &card.body["clocks"][0];
    assert_eq!(
        (&clock["paused"], &clock["breached"]),
        (&json!(true), &json!(true)),
        "{}",
        card.text
    );
    app.clock.set(wib(9, 9, 0));
    app.act_ok(
        &id,
        As::Code(&code),
        json!({"action": "add_info", "body": "Jl. Darmo depan no. 5."}),
    )
    .await;
    let surabaya = app.login("surabaya").await;
    app.act_ok(
        &id,
        As::Token(&surabaya),
        json!({"action": DISPATCH, "agency": "kota-surabaya", "handling_class": "ordinary"}),
    )
    .await;
    let f = figure(&app, "kota-surabaya", "verification").await.unwrap();
    assert_eq!(
        (&f["within_limit"], &f["missed"]),
        (&json!(0), &json!(1)),
        "{f}"
    );
}

async fn a_withdraw_in_time_counts_in_no_figure(app: TestApp) {
    let (id, code) = app.submit(json!({})).await;
    app.clock.advance(Duration::days(1));
    app.act_ok(&id, As::Code(&code), json!({"action": "withdraw"}))
        .await;
    assert_eq!(figure(&app, "kota-surabaya", "verification").await, None);
    let (late, code) = app.submit(json!({})).await;
    app.clock.advance(Duration::days(7));
    app.act_ok(&late, As::Code(&code), json!({"action": "withdraw"}))
        .await;
    let f = figure(&app, "kota-surabaya", "verification").await.unwrap();
    assert_eq!(
        (&f["decided"], &f["missed"]),
        (&json!(1), &json!(1)),
        "withdrawn after a breach: {f}"
    );
}

async fn the_national_admin_hears_two_working_days_after_the_breach_not_one(app: TestApp) {
    // First follow-up due Monday 9 March: breached Tuesday 10th 00:00.
    let (id, _, _) = dispatched(&app).await;
    let path = format!("/api/v1/reports/{id}/status");
    let level =
        async |app: &TestApp| app.get(&path, As::Anon).await.body["escalation_level"].clone();
    app.clock.set(wib(10, 0, 0));
    app.run_scheduler().await;
    assert_eq!(
        level(&app).await,
        "agency_admin",
        "the agency admin at once"
    );
    app.clock.set(wib(11, 23, 59));
    app.run_scheduler().await;
    assert_eq!(level(&app).await, "agency_admin", "not yet on Wednesday");
    app.clock.set(wib(12, 0, 0));
    app.run_scheduler().await;
    assert_eq!(
        level(&app).await,
        "national_admin",
        "Thursday 12 March 00:00"
    );
}

async fn after_complete_and_silence_the_reporter_can_still_reopen(app: TestApp) {
    let (id, code, surabaya) = dispatched(&app).await;
    let s = As::Token(&surabaya);
    app.act_ok(
        &id,
        s,
        json!({"action": "follow_up", "body": "Kami perbaiki."}),
    )
    .await;
    app.act_ok(
        &id,
        s,
        json!({"action": "complete", "body": "Jalan sudah ditambal."}),
    )
    .await;
    // Ten working days of silence after Monday 2 March end on Monday 16th.
    app.clock.set(wib(17, 0, 5));
    app.run_scheduler().await;
    let card = app
        .get(&format!("/api/v1/reports/{id}/status"), As::Anon)
        .await;
    assert_eq!(card.body["completion_kind"], "auto_closed", "{}", card.text);
    app.clock.set(wib(30, 12, 0));
    let reopened = app
        .act(
            &id,
            As::Code(&code),
            json!({"action": "reopen", "reason": "Lubangnya muncul lagi."}),
        )
        .await;
    assert_eq!(reopened.body["status"], "in_progress", "{}", reopened.text);
}

async fn the_holding_units_officers_get_the_reminder_and_the_dispatch_notice(app: TestApp) {
    let (id, _, surabaya) = dispatched(&app).await;
    assert_eq!(
        sent_to(&app, "report_assigned").await,
        ["surabaya"],
        "the agency hears of the dispatch"
    );
    app.act_ok(
        &id,
        As::Token(&surabaya),
        json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-pu/bidang-jalan"}),
    )
    .await;
    assert_eq!(
        sent_to(&app, "report_assigned").await,
        ["bidang-jalan", "surabaya"],
        "the unit hears it now holds the report"
    );
    app.clock.set(wib(6, 9, 0)); // Friday: the first follow-up is due on Monday
    app.run_scheduler().await;
    assert_eq!(
        sent_to(&app, "deadline_reminder").await,
        ["bidang-jalan", "surabaya"]
    );
}

async fn the_ombudsmans_request_for_information_reaches_the_holding_agency(app: TestApp) {
    let (id, code, _) = dispatched(&app).await;
    app.clock.set(wib(23, 9, 0)); // completion (due Friday 20 March) missed
    app.act_ok(&id, As::Code(&code), json!({"action": "escalate"}))
        .await;
    let ombudsman = app.login("ombudsman").await;
    app.act_ok(
        &id,
        As::Token(&ombudsman),
        json!({"action": "request_information", "body": "Mohon kronologi penanganan."}),
    )
    .await;
    assert_eq!(sent_to(&app, "information_requested").await, ["surabaya"]);
}

on_both_backends!(
    an_auto_close_before_the_deadline_is_not_counted_as_completed_within_the_limit,
    a_postponement_after_the_verification_deadline_keeps_the_breach,
    a_withdraw_in_time_counts_in_no_figure,
    the_national_admin_hears_two_working_days_after_the_breach_not_one,
    after_complete_and_silence_the_reporter_can_still_reopen,
    the_holding_units_officers_get_the_reminder_and_the_dispatch_notice,
    the_ombudsmans_request_for_information_reaches_the_holding_agency,
);
