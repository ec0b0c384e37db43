//! Triage assistance through the API: the likeliest agencies and categories of a report for
//! staff, which suggestion each verification took per model version, switching versions, and
//! a retrain on the verified history asked for by the national admin.

use crate::common::triage::{DRAIN, HEALTH, KINDS, ROAD, active_model};
use crate::common::{As, TestApp};
use crate::on_both_backends;
use aduan_store::{LimitPolicy, TriageTarget};
use axum::http::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect()
}

async fn suggest(app: &TestApp, token: &str, body: Value) -> Value {
    let res = app
        .post("/api/v1/triage/suggest", As::Token(token), body)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.body
}

async fn staff_are_shown_the_likeliest_agencies_and_categories_and_no_one_else_is(app: TestApp) {
    let national = app.login("national").await;
    let road =
        json!({"title": "Jalan rusak", "body": ROAD, "region_code": "35.78", "channel": "web"});
    let none = suggest(&app, &national, road.clone()).await;
    assert_eq!(
        none,
        json!({"agencies": [], "categories": [], "agency_model": null, "category_model": null}),
        "no suggestion before a model is trained"
    );

    let agency = active_model(&app, TriageTarget::Agency).await;
    let category = active_model(&app, TriageTarget::Category).await;
    let shown = suggest(&app, &national, road).await;
    assert_eq!(shown["agency_model"], agency.version);
    assert_eq!(shown["category_model"], category.version);
    assert_eq!(shown["agencies"][0]["id"], "kota-surabaya");
    assert_eq!(shown["agencies"][0]["name"], "Kota Surabaya");
    assert_eq!(shown["categories"][0]["id"], "infrastruktur/jalan");
    let p: Vec<f64> = shown["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["probability"].as_f64().unwrap())
        .collect();
    assert!(p.len() <= 3 && p.windows(2).all(|w| w[0] >= w[1]), "{p:?}");
    assert!(p[0] > 0.5 && p.iter().sum::<f64>() <= 1.0 + 1e-6, "{p:?}");

    let surabaya = app.login("surabaya").await;
    let drain = suggest(
        &app,
        &surabaya,
        json!({"body": DRAIN, "region_code": "73.71"}),
    )
    .await;
    assert_eq!(drain["agencies"][0]["id"], "kota-makassar", "{drain}");
    let health = suggest(&app, &surabaya, json!({"body": HEALTH})).await;
    assert_eq!(health["agencies"][0]["id"], "kementerian-kesehatan");
    assert!(
        !ids(&health["categories"]).contains(&"corona-virus"),
        "a category no longer in use is never suggested: {health}"
    );

    let anonymous = app
        .post("/api/v1/triage/suggest", As::Anon, json!({"body": ROAD}))
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let empty = app
        .post(
            "/api/v1/triage/suggest",
            As::Token(&national),
            json!({"body": "  "}),
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.body["fields"]["body"], "required", "{}", empty.text);
    let region = app
        .post(
            "/api/v1/triage/suggest",
            As::Token(&national),
            json!({"body": ROAD, "region_code": "Surabaya"}),
        )
        .await;
    assert_eq!(
        region.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        region.text
    );
}

async fn a_verification_records_which_suggestion_the_admin_took_per_model_version(app: TestApp) {
    let model = active_model(&app, TriageTarget::Agency).await;
    let national = app.login("national").await;
    let verify = |agency: &str| json!({"action": "verify_dispatch", "agency": agency, "handling_class": "ordinary"});
    // A road in Surabaya verified to Kota Surabaya: the first suggestion.
    let (road, _) = app.submit(json!({})).await;
    app.act_ok(&road, As::Token(&national), verify("kota-surabaya"))
        .await;
    // Medicines verified to Kota Surabaya: the second or third of three.
    let (health, _) = app
        .submit(json!({"title": "Obat habis", "body": HEALTH, "location": {"text": "Puskesmas Kecamatan"}, "requested_agency": null}))
        .await;
    app.act_ok(&health, As::Token(&national), verify("kota-surabaya"))
        .await;
    // A road verified to Kota Makassar: the second or third.
    let (other, _) = app.submit(json!({})).await;
    app.act_ok(&other, As::Token(&national), verify("kota-makassar"))
        .await;

    // An agency admin verifying a report asked of their agency chooses no agency: not counted.
    let surabaya = app.login("surabaya").await;
    let (own, _) = app.submit(json!({})).await;
    app.act_ok(&own, As::Token(&surabaya), verify("kota-surabaya"))
        .await;

    let listed = app
        .get("/api/v1/admin/triage/models", As::Token(&national))
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    let version = &listed.body["items"][0];
    assert_eq!(version["version"], model.version);
    assert_eq!(version["target"], "agency");
    assert_eq!(version["active"], true);
    assert_eq!(version["verifications"], 3, "{version}");
    assert_eq!(version["first"], 1);
    assert_eq!(version["second_or_third"], 2);
    assert_eq!(version["none"], 0);
    assert!(version["top1"].as_f64().unwrap() > 0.9, "{version}");

    let refused = app
        .get("/api/v1/admin/triage/models", As::Token(&surabaya))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

async fn the_national_admin_switches_back_to_an_earlier_version_and_suggestions_follow(
    app: TestApp,
) {
    let national = app.login("national").await;
    let first = active_model(&app, TriageTarget::Agency).await;
    let second = active_model(&app, TriageTarget::Agency).await;
    let road = json!({"body": ROAD, "region_code": "35.78"});
    assert_eq!(
        suggest(&app, &national, road.clone()).await["agency_model"],
        second.version
    );
    let back = app
        .post(
            &format!("/api/v1/admin/triage/models/{}/activate", first.version),
            As::Token(&national),
            json!({}),
        )
        .await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.text);
    assert_eq!(back.body["active"], true);
    assert_eq!(
        suggest(&app, &national, road).await["agency_model"],
        first.version
    );
    let listed = app
        .get("/api/v1/admin/triage/models", As::Token(&national))
        .await;
    let active: Vec<&Value> = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["active"] == true)
        .collect();
    assert_eq!(active.len(), 1);
    assert_eq!(active[0]["version"], first.version);
    let unknown = app
        .post(
            "/api/v1/admin/triage/models/999999/activate",
            As::Token(&national),
            json!({}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let audit = app.store.list_audit().await.unwrap().0;
    assert!(
        audit
            .iter()
            .any(|e| e.action == aduan_store::AUDIT_TRIAGE_MODEL_ACTIVATE
                && e.subject == format!("triage:{}", first.version)
                && e.payload["previous"] == second.version),
        "the switch is audited"
    );
}

async fn run_jobs(app: &TestApp) -> u64 {
    let mut registry = aduan_jobs::Registry::new();
    aduan_app::triage::train::register(&mut registry, &app.state);
    let clock: Arc<dyn aduan_domain::TimeSource> = app.clock.clone();
    aduan_jobs::run_pending_jobs(&app.store, &registry, &clock)
        .await
        .unwrap()
        .done
}

async fn a_retrain_asked_for_by_the_national_admin_learns_the_verified_history(app: TestApp) {
    let app = app.with_config(|c| c.limits.submit_address = LimitPolicy::fixed(1_000, 3_600));
    let national = app.login("national").await;
    let retrain = |body: Value| {
        let (app, national) = (&app, &national);
        async move {
            let res = app
                .post("/api/v1/admin/triage/retrain", As::Token(national), body)
                .await;
            assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.text);
            res.body
        }
    };
    let queued = retrain(json!({"target": "agency"})).await;
    assert_eq!(queued["targets"], json!(["agency"]));
    assert_eq!(run_jobs(&app).await, 1);
    assert!(
        app.store
            .list_triage_models(TriageTarget::Agency)
            .await
            .unwrap()
            .is_empty(),
        "too little history trains nothing, and the job is not failed for it"
    );

    for i in 0..20 {
        for (text, region, agency, category) in KINDS {
            // The health reports' category is no longer in use: filed under the broad one.
            let category = if category == "corona-virus" {
                "infrastruktur"
            } else {
                category
            };
            let location = json!({"text": format!("Jl. Nomor {i}"), "region_code": region});
            let (id, _) = app
                .submit(json!({"title": format!("Laporan {i}"), "body": text, "location": location, "requested_agency": null, "category": category}))
                .await;
            let verify = json!({"action": "verify_dispatch", "agency": agency, "handling_class": "ordinary"});
            app.act_ok(&id, As::Token(&national), verify).await;
        }
    }
    retrain(json!({})).await;
    assert_eq!(run_jobs(&app).await, 1);
    let models = app
        .store
        .list_triage_models(TriageTarget::Agency)
        .await
        .unwrap();
    assert_eq!(models.len(), 1);
    let model = &models[0];
    assert!(model.active, "the first model is active");
    assert_eq!(model.source, "history");
    assert_eq!(model.created_by, "job");
    assert_eq!(model.examples, 48, "four fifths of 60 verified reports");
    assert_eq!(model.metrics["held_out"], 12);
    assert!(
        app.store
            .list_triage_models(TriageTarget::Category)
            .await
            .unwrap()
            .len()
            == 1,
        "both targets are retrained when none is named"
    );
    let shown = suggest(
        &app,
        &national,
        json!({"body": ROAD, "region_code": "35.78"}),
    )
    .await;
    assert_eq!(shown["agencies"][0]["id"], "kota-surabaya", "{shown}");
    let bad = app
        .post(
            "/api/v1/admin/triage/retrain",
            As::Token(&national),
            json!({"target": "unit"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

on_both_backends!(
    staff_are_shown_the_likeliest_agencies_and_categories_and_no_one_else_is,
    a_verification_records_which_suggestion_the_admin_took_per_model_version,
    the_national_admin_switches_back_to_an_earlier_version_and_suggestions_follow,
    a_retrain_asked_for_by_the_national_admin_learns_the_verified_history,
);
