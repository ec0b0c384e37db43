//! The SLA figures read running counts that every live action keeps (issue 15): after
//! dispatches in time and late, unit hand-offs, follow-ups, completions, confirmations,
//! reopens, withdrawals and the scheduler's auto-closes, the figures of `/api/v1/stats/sla`
//! equal a recount from every clock, for the nation, one agency, one unit and a period; and a
//! holiday declared for a past day moves the working days of stopped phases at once. Kept
//! answers (the figures, the league table, the volumes) are counted again once older than
//! `figures_cache_seconds`.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use aduan_app::stats::league::LeagueParams;
use aduan_app::stats::volumes::VolumeParams;
use aduan_app::stats::{SlaQuery, sla_recounted};
use chrono::{Duration, NaiveDate};
use serde_json::{Value, json};

fn day(d: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

fn queries() -> Vec<(String, SlaQuery)> {
    let q = |agency: Option<&str>, unit: Option<&str>, from: &str, until: &str| SlaQuery {
        agency: agency.map(str::to_owned),
        unit: unit.map(str::to_owned),
        from: day(from),
        until: day(until),
    };
    vec![
        ("".into(), q(None, None, "", "")),
        (
            "agency=kota-surabaya".into(),
            q(Some("kota-surabaya"), None, "", ""),
        ),
        (
            "unit=kota-surabaya/dinas-pu".into(),
            q(None, Some("kota-surabaya/dinas-pu"), "", ""),
        ),
        (
            "from=2026-03-03&until=2026-03-20".into(),
            q(None, None, "2026-03-03", "2026-03-20"),
        ),
        (
            "from=2026-03-01&until=2026-04-01".into(),
            q(None, None, "2026-03-01", "2026-04-01"),
        ),
        ("until=2026-03-05".into(), q(None, None, "", "2026-03-05")),
    ]
}

/// The API's figures for each query equal the recount from every clock.
async fn figures_equal_the_recount(app: &TestApp) -> Value {
    let mut national = Value::Null;
    for (params, query) in queries() {
        let res = app
            .get(&format!("/api/v1/stats/sla?{params}"), As::Anon)
            .await;
        assert_eq!(res.status, 200, "{}", res.text);
        let recounted = sla_recounted(&app.state, query).await.unwrap();
        assert_eq!(
            res.body["figures"],
            serde_json::to_value(&recounted.figures).unwrap(),
            "{params}"
        );
        if params.is_empty() {
            national = res.body["figures"].clone();
        }
    }
    assert!(
        national.as_array().is_some_and(|f| !f.is_empty()),
        "the figures count something: {national}"
    );
    national
}

async fn every_live_action_keeps_the_running_counts_equal_to_a_recount(app: TestApp) {
    let dispatch = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    let to_unit = json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-pu"});
    let mut reports = Vec::new();
    for i in 0..8 {
        let (id, code) = app.submit(json!({})).await;
        // Some are verified in time, some days late.
        app.clock
            .advance(Duration::hours(if i % 3 == 0 { 100 } else { 5 }));
        if i % 4 == 3 {
            // Withdrawn before verification: in time it counts nowhere, late it is a miss.
            app.act_ok(&id, As::Code(&code), json!({"action": "withdraw"}))
                .await;
        } else {
            let national = app.login("national").await;
            app.act_ok(&id, As::Token(&national), dispatch.clone())
                .await;
        }
        reports.push((id, code));
    }
    for (i, (id, code)) in reports.iter().enumerate() {
        // Sessions lapse over the days this takes: each report's work starts with a login.
        let surabaya = app.login("surabaya").await;
        let (s, me) = (As::Token(&surabaya), As::Code(code));
        match i % 4 {
            0 => {
                app.act_ok(id, s, to_unit.clone()).await;
                app.act_ok(
                    id,
                    s,
                    json!({"action": "follow_up", "body": "Dijadwalkan."}),
                )
                .await;
                app.act_ok(id, s, json!({"action": "complete", "body": "Selesai."}))
                    .await;
                app.act_ok(
                    id,
                    me,
                    json!({"action": "confirm", "rating": 4, "resolved": true}),
                )
                .await;
            }
            1 => {
                app.act_ok(id, s, json!({"action": "follow_up", "body": "Kami cek."}))
                    .await;
                app.act_ok(id, s, json!({"action": "complete", "body": "Selesai."}))
                    .await;
                app.act_ok(
                    id,
                    me,
                    json!({"action": "reopen", "reason": "Belum beres."}),
                )
                .await;
            }
            2 => {
                app.act_ok(id, s, json!({"action": "follow_up", "body": "Kami cek."}))
                    .await;
            }
            _ => {}
        }
        app.clock.advance(Duration::hours(30));
    }
    figures_equal_the_recount(&app).await;

    // Weeks of silence: the scheduler auto-closes, open limits pass their deadlines.
    app.clock.advance(Duration::days(30));
    app.run_scheduler().await;
    let before = figures_equal_the_recount(&app).await;

    // A holiday declared for a past working day shortens the stopped phases that spanned it.
    let holiday = json!({"date": "2026-03-04", "name": "Libur tambahan", "kind": "cuti_bersama"});
    let national = app.login("national").await;
    let added = app
        .post("/api/v1/calendar", As::Token(&national), holiday)
        .await;
    assert_eq!(added.status, 201, "{}", added.text);
    let after = figures_equal_the_recount(&app).await;
    assert_ne!(before, after, "the working days moved with the calendar");
}

/// With `figures_cache_seconds` set, an answer is kept with the time it was counted: a
/// dispatch made meanwhile shows once the answer is older than the setting, not before.
async fn figures_are_kept_until_they_are_older_than_the_setting_then_counted_again(app: TestApp) {
    let state = aduan_app::AppState {
        config: std::sync::Arc::new(aduan_app::AppConfig {
            figures_cache_seconds: 30,
            ..(*app.state.config).clone()
        }),
        ..app.state.clone()
    };
    let national = SlaQuery::default();
    let first = aduan_app::stats::sla(&state, national.clone())
        .await
        .unwrap();
    let (league, volumes) = (LeagueParams::default(), VolumeParams::default());
    let first_volumes = aduan_app::stats::volumes::volumes(&state, &volumes, true)
        .await
        .unwrap();
    let first_league = aduan_app::stats::league::league(&state, &league)
        .await
        .unwrap();

    let (id, _) = app.submit(json!({})).await;
    let admin = app.login("national").await;
    let dispatch = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    app.act_ok(&id, As::Token(&admin), dispatch).await;
    let now = sla_recounted(&state, national.clone()).await.unwrap();
    assert_ne!(first.figures, now.figures, "the dispatch counts");

    app.clock.advance(Duration::seconds(29));
    let kept = aduan_app::stats::sla(&state, national.clone())
        .await
        .unwrap();
    assert_eq!(kept.as_of, first.as_of);
    assert_eq!(kept.figures, first.figures);
    let kept_volumes = aduan_app::stats::volumes::volumes(&state, &volumes, true)
        .await
        .unwrap();
    assert_eq!(
        kept_volumes.total, first_volumes.total,
        "the submission waits"
    );
    let kept_league = aduan_app::stats::league::league(&state, &league)
        .await
        .unwrap();
    assert_eq!(kept_league.as_of, first_league.as_of);

    app.clock.advance(Duration::seconds(1));
    let again = aduan_app::stats::sla(&state, national.clone())
        .await
        .unwrap();
    assert_eq!(again.as_of, app.state.clock.now());
    assert_eq!(again.figures, now.figures);
    let counted_volumes = aduan_app::stats::volumes::volumes(&state, &volumes, true)
        .await
        .unwrap();
    assert_eq!(
        counted_volumes.total,
        first_volumes.total.map(|n| n + 1),
        "the submission counts"
    );
    let counted_league = aduan_app::stats::league::league(&state, &league)
        .await
        .unwrap();
    assert_eq!(counted_league.as_of, app.state.clock.now());
}

on_both_backends!(
    every_live_action_keeps_the_running_counts_equal_to_a_recount,
    figures_are_kept_until_they_are_older_than_the_setting_then_counted_again,
);
