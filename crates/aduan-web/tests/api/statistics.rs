//! `/api/v1/stats/volumes` and `/api/v1/stats/agencies` against a small data set whose figures
//! are written here by hand: breakdowns of what was reported where, small counts withheld from
//! the public, and the league table's ranks and grades by the configured thresholds.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use aduan_app::stats::StatsConfig;
use aduan_app::stats::league::{LeagueParams, league};
use chrono::Duration;
use serde_json::{Value, json};

fn pairs(v: &Value) -> Vec<(String, Value)> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["value"].as_str().unwrap().to_owned(), i["count"].clone()))
        .collect()
}

async fn volumes(app: &TestApp, query: &str, who: As<'_>) -> Value {
    let r = app
        .get(&format!("/api/v1/stats/volumes?{query}"), who)
        .await;
    assert_eq!(r.status, 200, "{query}: {}", r.text);
    r.body
}

async fn breakdowns_count_what_was_reported_where_and_withhold_small_counts(app: TestApp) {
    // Five road complaints in Kota Surabaya (35.78); one aspiration in Kota Makassar (73.71)
    // for the Ministry of Health in a sensitive category (so confidential: counted only here,
    // as a number); one road complaint deleted as spam.
    for _ in 0..5 {
        app.submit(json!({})).await;
    }
    app.submit(json!({
        "kind": "aspiration",
        "category": "kekerasan-seksual",
        "requested_agency": "kementerian-kesehatan",
        "location": {"text": "Puskesmas Batua, Makassar", "region_code": "73.71"}
    }))
    .await;
    let (spam, _) = app.submit(json!({})).await;
    let national = app.login("national").await;
    app.act_ok(
        &spam,
        As::Token(&national),
        json!({"action": "delete", "reason": "spam"}),
    )
    .await;

    let topic = volumes(&app, "by=topic", As::Anon).await;
    assert_eq!(
        pairs(&topic),
        [
            ("infrastruktur".into(), json!(5)),
            ("kekerasan-seksual".into(), Value::Null)
        ]
    );
    assert_eq!(topic["items"][1]["suppressed"], true);
    assert_eq!(
        topic["total"],
        Value::Null,
        "a total would tell the withheld count"
    );
    assert_eq!(topic["min_count"], 5);
    let staff = volumes(&app, "by=topic", As::Token(&national)).await;
    assert_eq!(
        pairs(&staff),
        [
            ("infrastruktur".into(), json!(5)),
            ("kekerasan-seksual".into(), json!(1))
        ]
    );
    assert_eq!(staff["total"], 6);
    assert_eq!(
        pairs(&volumes(&app, "by=province", As::Anon).await),
        [("35".into(), json!(5)), ("73".into(), Value::Null)]
    );
    assert_eq!(
        pairs(&volumes(&app, "by=region", As::Token(&national)).await),
        [("35.78".into(), json!(5)), ("73.71".into(), json!(1))]
    );
    assert_eq!(
        pairs(&volumes(&app, "by=kind", As::Token(&national)).await),
        [
            ("complaint".into(), json!(5)),
            ("aspiration".into(), json!(1))
        ]
    );
    assert_eq!(
        pairs(&volumes(&app, "by=channel", As::Anon).await),
        [("web".into(), json!(6))]
    );
    let month = app.state.clock.now().format("%Y-%m").to_string();
    let trend = volumes(&app, "by=month", As::Anon).await;
    assert_eq!(pairs(&trend), [(month.clone(), json!(6))]);
    let later = volumes(&app, "by=month&from=2099-01", As::Anon).await;
    assert!(pairs(&later).is_empty());
    for bad in ["by=mood", "by=topic&from=2026-13", "by=topic&until=kemarin"] {
        let r = app
            .get(&format!("/api/v1/stats/volumes?{bad}"), As::Anon)
            .await;
        assert_eq!(r.status, 422, "{bad}: {}", r.text);
    }
}

/// Dispatches a report to `agency` and has its administrator complete it after `days`.
async fn completed(app: &TestApp, agency: &str, admin: &str, days: i64) {
    let national = app.login("national").await;
    let (id, code) = app.submit(json!({"requested_agency": agency})).await;
    let dispatch =
        json!({"action": "verify_dispatch", "agency": agency, "handling_class": "ordinary"});
    app.act_ok(&id, As::Token(&national), dispatch).await;
    app.clock.advance(Duration::days(days));
    let token = app.login(admin).await;
    app.act_ok(
        &id,
        As::Token(&token),
        json!({"action": "follow_up", "body": "Kami tangani."}),
    )
    .await;
    app.act_ok(
        &id,
        As::Token(&token),
        json!({"action": "complete", "body": "Selesai."}),
    )
    .await;
    app.act_ok(
        &id,
        As::Code(&code),
        json!({"action": "confirm", "rating": 4, "resolved": true}),
    )
    .await;
    app.clock.advance(Duration::hours(1));
}

fn with(app: &TestApp, stats: StatsConfig) -> aduan_app::AppState {
    aduan_app::AppState {
        config: std::sync::Arc::new(aduan_app::AppConfig {
            stats,
            ..(*app.state.config).clone()
        }),
        ..app.state.clone()
    }
}

async fn ranks(
    state: &aduan_app::AppState,
    p: &LeagueParams,
) -> Vec<(u32, String, Option<String>)> {
    league(state, p)
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| (r.rank, r.agency, r.grade))
        .collect()
}

async fn the_league_table_ranks_and_grades_agencies_by_the_configured_thresholds(app: TestApp) {
    // Surabaya: two completions in time (100%). Makassar: one in time, one 120 days late (50%).
    completed(&app, "kota-surabaya", "surabaya", 1).await;
    completed(&app, "kota-surabaya", "surabaya", 2).await;
    completed(&app, "kota-makassar", "makassar", 1).await;
    completed(&app, "kota-makassar", "makassar", 120).await;
    let two = with(
        &app,
        StatsConfig {
            grade_min_decided: 2,
            ..StatsConfig::default()
        },
    );
    let all = LeagueParams::default();
    let owned = |v: &[(u32, &str, Option<&str>)]| -> Vec<(u32, String, Option<String>)> {
        v.iter()
            .map(|(r, a, g)| (*r, (*a).to_owned(), g.map(str::to_owned)))
            .collect()
    };
    assert_eq!(
        ranks(&two, &all).await,
        owned(&[
            (1, "kota-surabaya", Some("baik")),
            (2, "kota-makassar", Some("kurang"))
        ])
    );
    let lenient = with(
        &app,
        StatsConfig {
            grade_min_decided: 2,
            grade_good: 50,
            grade_fair: 40,
            ..StatsConfig::default()
        },
    );
    assert_eq!(
        ranks(&lenient, &all).await,
        owned(&[
            (1, "kota-surabaya", Some("baik")),
            (2, "kota-makassar", Some("baik"))
        ]),
        "50% is baik from 50%"
    );
    let strict = with(
        &app,
        StatsConfig {
            grade_min_decided: 3,
            ..StatsConfig::default()
        },
    );
    assert_eq!(
        ranks(&strict, &all).await,
        owned(&[(1, "kota-surabaya", None), (2, "kota-makassar", None)]),
        "too few completions to grade: ranked, not graded"
    );
    let table = league(&two, &all).await.unwrap();
    let surabaya = &table.rows[0];
    assert_eq!(surabaya.completion.share, Some(1.0));
    assert_eq!(table.rows[1].completion.share, Some(0.5));
    assert_eq!(
        (surabaya.dispatched, surabaya.rerouted, surabaya.ratings),
        (2, 0, 2)
    );
    assert_eq!(surabaya.rating_average, Some(4.0));
    assert_eq!((surabaya.confirmed, surabaya.completion.decided), (2, 2));
    assert_eq!((table.thresholds.good, table.thresholds.fair), (80, 60));
    let sulsel = LeagueParams {
        province: Some("73".into()),
        ..LeagueParams::default()
    };
    assert_eq!(
        ranks(&two, &sulsel).await,
        owned(&[(1, "kota-makassar", Some("kurang"))])
    );
    let ministries = LeagueParams {
        kind: Some("kementerian".into()),
        ..LeagueParams::default()
    };
    assert!(ranks(&two, &ministries).await.is_empty());
    // The API, with the default minimum of 20 decided completions.
    let api = app.get("/api/v1/stats/agencies?kind=kota", As::Anon).await;
    assert_eq!(api.status, 200, "{}", api.text);
    let rows = api.body["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r["grade"].is_null()), "{}", api.text);
    assert_eq!(api.body["thresholds"]["min_decided"], 20);
    let bad = app.get("/api/v1/stats/agencies?kind=desa", As::Anon).await;
    assert_eq!(bad.status, 422, "{}", bad.text);
}

on_both_backends!(
    breakdowns_count_what_was_reported_where_and_withhold_small_counts,
    the_league_table_ranks_and_grades_agencies_by_the_configured_thresholds,
);
