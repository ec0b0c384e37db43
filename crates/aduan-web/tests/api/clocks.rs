//! The live clocks on every view: deadlines in the responsible party's time zone, counting
//! down in working days and going negative once breached.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use chrono::Duration;
use serde_json::json;

async fn every_view_carries_the_live_clock_and_it_goes_negative_once_breached(app: TestApp) {
    // Submitted on Monday 2 March 2026 at 09:00 WIB; requested Kota Surabaya (WIB).
    let (id, code) = app.submit(json!({})).await;
    let card = app
        .get(&format!("/api/v1/reports/{id}/status"), As::Anon)
        .await;
    let sla = &card.body["sla"];
    assert_eq!(sla["phase"], "verification", "{}", card.text);
    assert_eq!(sla["responsible"], "kota-surabaya");
    assert_eq!(
        sla["due_at"], "2026-03-05T23:59:59.999999+07:00",
        "end of the third working day, WIB"
    );
    assert_eq!(
        (sla["working_days_left"].as_i64(), sla["breached"].as_bool()),
        (Some(3), Some(false))
    );
    let own = app
        .get(&format!("/api/v1/reports/{id}"), As::Code(&code))
        .await;
    assert_eq!(own.body["sla"], card.body["sla"]);
    assert_eq!(own.body["clocks"].as_array().unwrap().len(), 1);

    app.clock.advance(Duration::days(7));
    let late = app
        .get(&format!("/api/v1/reports/{id}/status"), As::Anon)
        .await;
    assert_eq!(
        (
            late.body["sla"]["working_days_left"].as_i64(),
            late.body["sla"]["breached"].as_bool()
        ),
        (Some(-2), Some(true))
    );

    let national = app.login("national").await;
    let makassar = json!({"action": "verify_dispatch", "agency": "kota-makassar", "handling_class": "ordinary"});
    app.act_ok(&id, As::Token(&national), makassar).await;
    let view = app
        .get(&format!("/api/v1/reports/{id}"), As::Token(&national))
        .await;
    let phases: Vec<(&str, bool, bool)> = view.body["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["phase"].as_str().unwrap(),
                c["open"].as_bool().unwrap(),
                c["breached"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        phases,
        [
            ("verification", false, true),
            ("first_follow_up", true, false),
            ("completion", true, false)
        ]
    );
    assert!(
        view.body["sla"]["due_at"]
            .as_str()
            .unwrap()
            .ends_with("+08:00"),
        "Makassar's deadlines end in WITA"
    );
}

async fn postpone_stops_the_count_and_added_information_resumes_it(app: TestApp) {
    let (id, code) = app.submit(json!({})).await;
    app.clock.advance(Duration::days(1)); // Tuesday: one working day used
    let national = app.login("national").await;
    app.act_ok(
        &id,
        As::Token(&national),
        json!({"action": "postpone", "reason": "Mohon alamat lengkap."}),
    )
    .await;
    let paused = app
        .get(&format!("/api/v1/reports/{id}/status"), As::Anon)
        .await;
    assert_eq!(paused.body["clocks"][0]["paused"], true);
    assert!(
        paused.body.get("sla").is_none(),
        "no running clock while postponed"
    );
    app.clock.advance(Duration::days(6)); // Monday 9 March
    app.act_ok(
        &id,
        As::Code(&code),
        json!({"action": "add_info", "body": "Jl. Ahmad Yani 12."}),
    )
    .await;
    let resumed = app
        .get(&format!("/api/v1/reports/{id}/status"), As::Anon)
        .await;
    assert_eq!(
        resumed.body["sla"]["due_at"], "2026-03-11T23:59:59.999999+07:00",
        "two days left from Monday"
    );
}

async fn the_figures_charge_each_phase_to_its_party_and_count_late_verification_as_missed(
    app: TestApp,
) {
    let (late, _) = app.submit(json!({})).await;
    let (rerouted, _) = app.submit(json!({})).await;
    app.clock.advance(Duration::days(8)); // past the 3-day verification limit
    let surabaya = app.login("surabaya").await;
    let s = As::Token(&surabaya);
    let dispatch = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    app.act_ok(&late, s, dispatch.clone()).await;
    app.act_ok(&rerouted, s, dispatch).await;
    app.act_ok(
        &rerouted,
        s,
        json!({"action": "reroute", "reason": "Bukan wewenang kota."}),
    )
    .await;
    let stats = app
        .get("/api/v1/stats/sla?agency=kota-surabaya", As::Anon)
        .await;
    let row = |phase: &str| {
        stats.body["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["phase"] == phase)
            .cloned()
            .unwrap_or_default()
    };
    let v = row("verification");
    assert_eq!(
        (v["decided"].as_u64(), v["missed"].as_u64()),
        (Some(2), Some(2)),
        "{}",
        stats.text
    );
    assert_eq!(
        (v["median_days"].as_i64(), v["p90_days"].as_i64()),
        (Some(6), Some(6)),
        "Mon 2 to Tue 10 March"
    );
    let f = row("first_follow_up");
    assert_eq!(
        (f["decided"].as_u64(), f["within_limit"].as_u64()),
        (Some(1), Some(1)),
        "the reroute is charged to Surabaya"
    );
    assert!(
        row("completion")["decided"].as_u64() == Some(1),
        "{}",
        stats.text
    );
}

async fn a_breached_verification_tops_the_national_admins_queue(app: TestApp) {
    let (old, _) = app.submit(json!({})).await;
    app.clock.advance(Duration::days(6)); // its verification is now breached
    let (new, _) = app.submit(json!({})).await;
    let national = app.login("national").await;
    let ids = |page: &serde_json::Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["tracking_id"].as_str().unwrap().to_owned())
            .collect()
    };
    let queue = app
        .get(
            "/api/v1/reports?status=submitted&order=deadline",
            As::Token(&national),
        )
        .await;
    assert_eq!(
        ids(&queue.body),
        [old.clone(), new.clone()],
        "{}",
        queue.text
    );
    assert_eq!(queue.body["items"][0]["sla"]["breached"], true);
    let feed = app
        .get("/api/v1/reports?status=submitted", As::Token(&national))
        .await;
    assert_eq!(ids(&feed.body), [new, old], "newest first by default");
    let bad = app
        .get("/api/v1/reports?order=random", As::Token(&national))
        .await;
    assert_eq!(bad.body["fields"]["order"], "invalid");
}

on_both_backends!(
    a_breached_verification_tops_the_national_admins_queue,
    the_figures_charge_each_phase_to_its_party_and_count_late_verification_as_missed,
    every_view_carries_the_live_clock_and_it_goes_negative_once_breached,
    postpone_stops_the_count_and_added_information_resumes_it,
);
