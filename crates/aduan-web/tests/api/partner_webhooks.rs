//! A partner hears of each change of its report once, signed with its secret, without the
//! reporter's identity or internal notes; a webhook that keeps failing is retried with backoff
//! and ends in the partner's dead-letter list.

use crate::common::{As, REPORTER_IDENTITY, TestApp};
use crate::on_both_backends;
use crate::partners::partner_report;
use aduan_jobs::{Notifier, Standard, run_pending_jobs, standard_registry};
use axum::http::{HeaderMap, Method, StatusCode};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// A partner's webhook endpoint on loopback: keeps what it receives, or fails when told.
#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<(HeaderMap, String)>>>,
    failing: Arc<AtomicBool>,
}

impl Receiver {
    async fn start(&self) -> String {
        let me = self.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let me = me.clone();
                async move {
                    if me.failing.load(Ordering::SeqCst) {
                        return StatusCode::SERVICE_UNAVAILABLE;
                    }
                    me.got.lock().unwrap().push((headers, body));
                    StatusCode::NO_CONTENT
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        format!("http://{addr}/hook")
    }

    fn received(&self) -> Vec<(HeaderMap, String)> {
        self.got.lock().unwrap().clone()
    }
}

/// The app with loopback allowed for webhooks, as a test deployment would set it.
fn allowing_loopback(mut app: TestApp) -> TestApp {
    let mut config = (*app.state.config).clone();
    config.partners.webhook_allow = vec!["127.0.0.1".into()];
    app.state.config = Arc::new(config);
    app.router = aduan_server::router(app.state.clone());
    app
}

/// Subscribes the partner with `key` to webhooks at `url`; returns the signing secret.
async fn subscribe(app: &TestApp, key: &str, url: &str) -> String {
    let body = Some(json!({"url": url}));
    let res = app
        .as_partner(key, Method::PUT, "/api/v1/partner/webhook", body, &[])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.body["secret"].as_str().unwrap().to_owned()
}

/// Files report `reference` through the partner API; returns its tracking id.
async fn file(app: &TestApp, key: &str, reference: &str) -> String {
    let body = Some(partner_report(reference, json!({})));
    let filed = app
        .as_partner(key, Method::POST, "/api/v1/partner/reports", body, &[])
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
    filed.body["tracking_id"].as_str().unwrap().to_owned()
}

/// Runs every due job, delivering webhooks for real (e-mail and SMS have no gateway here).
async fn deliver(app: &TestApp) {
    let transport = aduan_webhooks::WebhookTransport::new(
        app.store.clone(),
        app.state.deployment_key.clone(),
        app.state.config.partners.webhook_policy(),
        std::time::Duration::from_secs(5),
    )
    .unwrap();
    let registry = standard_registry(Standard {
        notifier: Notifier::Gateways {
            email: None,
            sms: None,
            webhook: Some(Arc::new(transport)),
            chat: None,
        },
        key: (*app.state.deployment_key).clone(),
        retention_days: 1825,
    });
    let clock: Arc<dyn aduan_domain::TimeSource> = app.clock.clone();
    run_pending_jobs(&app.store, &registry, &clock)
        .await
        .unwrap();
}

async fn each_change_reaches_the_partner_once_signed_and_a_failing_webhook_ends_dead_lettered(
    app: TestApp,
) {
    let app = allowing_loopback(app);
    let key = app.partner_key("lapor-jatim", json!(["35"])).await;
    let receiver = Receiver::default();
    let url = receiver.start().await;
    let hook = "/api/v1/partner/webhook";
    for (bad, code) in [
        (
            "https://hooks.example.com/aduan",
            "webhook_host_not_allowed",
        ),
        ("ftp://127.0.0.1/hook", "webhook_not_https"),
    ] {
        let res = app
            .as_partner(&key, Method::PUT, hook, Some(json!({"url": bad})), &[])
            .await;
        assert_eq!(res.body["fields"]["url"], code, "{}", res.text);
    }
    let secret = subscribe(&app, &key, &url).await;
    let res = app.as_partner(&key, Method::GET, hook, None, &[]).await;
    assert!(res.body.get("secret").is_none(), "{}", res.text);

    let id = file(&app, &key, "JTM-7").await;
    let national = app.login("national").await;
    let dispatch = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    app.act_ok(&id, As::Token(&national), dispatch).await;
    let surabaya = app.login("surabaya").await;
    let note = json!({"action": "note", "body": "Catatan internal: pelapor kerabat pejabat."});
    app.act_ok(&id, As::Token(&surabaya), note).await;
    deliver(&app).await;
    deliver(&app).await;

    // One delivery for the dispatch, none for the internal note, none repeated.
    let got = receiver.received();
    assert_eq!(got.len(), 1, "{got:?}");
    let (headers, body) = &got[0];
    let header = |name: &str| headers.get(name).unwrap().to_str().unwrap().to_owned();
    let now = chrono::Utc::now().timestamp();
    aduan_webhooks::verify(
        secret.as_bytes(),
        &header("x-aduan-timestamp"),
        &header("x-aduan-signature"),
        body.as_bytes(),
        now,
    )
    .unwrap();
    assert!(
        aduan_webhooks::verify(
            b"whsec_other",
            &header("x-aduan-timestamp"),
            &header("x-aduan-signature"),
            body.as_bytes(),
            now
        )
        .is_err()
    );
    let payload: Value = serde_json::from_str(body).unwrap();
    assert_eq!(payload["ref"], "JTM-7");
    assert_eq!(payload["tracking_id"], id.as_str());
    assert_eq!(payload["action"], "verify_dispatch");
    assert_eq!(payload["status"], "dispatched", "{payload}");
    assert_eq!(payload["agency"], "kota-surabaya");
    assert!(header("x-aduan-delivery").contains(&id));
    for part in REPORTER_IDENTITY {
        assert!(!body.contains(part), "no identity in a webhook: {body}");
    }
    assert!(!body.contains("kerabat"), "no internal note: {body}");

    // The endpoint goes down: the follow-up is retried with backoff, then dead-lettered.
    receiver.failing.store(true, Ordering::SeqCst);
    let follow = json!({"action": "follow_up", "body": "Petugas meninjau lokasi besok."});
    app.act_ok(&id, As::Token(&surabaya), follow).await;
    for _ in 0..aduan_store::DELIVER_OUTBOX_ATTEMPTS {
        deliver(&app).await;
        app.clock.advance(chrono::Duration::hours(7));
    }
    assert_eq!(receiver.received().len(), 1);
    let dead = app
        .as_partner(&key, Method::GET, "/api/v1/partner/dead-letters", None, &[])
        .await;
    assert_eq!(dead.status, StatusCode::OK, "{}", dead.text);
    let list = dead.body.as_array().unwrap();
    assert_eq!(list.len(), 1, "{}", dead.text);
    assert_eq!(list[0]["payload"]["action"], "follow_up");
    assert_eq!(list[0]["payload"]["body"], "Petugas meninjau lokasi besok.");
    assert_eq!(list[0]["attempts"], aduan_store::DELIVER_OUTBOX_ATTEMPTS);
    assert!(
        list[0]["last_error"].as_str().unwrap().contains("503"),
        "{}",
        dead.text
    );
    // Another partner sees none of it.
    let other = app.partner_key("lapor-jabar", json!(["32"])).await;
    let theirs = app
        .as_partner(
            &other,
            Method::GET,
            "/api/v1/partner/dead-letters",
            None,
            &[],
        )
        .await;
    assert_eq!(theirs.body, json!([]));
}

/// The webhook messages written for report `id`, as (action, status), in order.
async fn webhooks_of(app: &TestApp, id: &str) -> Vec<(String, String)> {
    let all = app.store.list_outbox(None, 1000).await.unwrap();
    all.into_iter()
        .filter(|m| m.channel == aduan_store::NotifyChannel::Webhook)
        .filter(|m| m.payload["tracking_id"] == id)
        .map(|m| {
            let text = |k: &str| m.payload[k].as_str().unwrap_or_default().to_owned();
            (text("action"), text("status"))
        })
        .collect()
}

async fn the_filing_partner_hears_of_reroutes_and_of_escalations_the_scheduler_makes(app: TestApp) {
    let app = allowing_loopback(app);
    let key = app.partner_key("lapor-jatim", json!(["35"])).await;
    let url = Receiver::default().start().await;
    subscribe(&app, &key, &url).await;
    let id = file(&app, &key, "JTM-8").await;
    let national = app.login("national").await;
    let dispatch = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    app.act_ok(&id, As::Token(&national), dispatch).await;
    let surabaya = app.login("surabaya").await;
    let reroute = json!({"action": "reroute", "reason": "Bukan wewenang kota: jalan provinsi."});
    app.act_ok(&id, As::Token(&surabaya), reroute).await;
    app.act_ok(
        &id,
        As::Token(&national),
        json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"}),
    )
    .await;
    // Nobody follows it up: the first follow-up limit passes and the scheduler escalates.
    app.clock.advance(chrono::Duration::days(30));
    app.run_scheduler().await;
    let heard = webhooks_of(&app, &id).await;
    let actions: Vec<&str> = heard.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        actions[..3],
        ["verify_dispatch", "reroute", "verify_dispatch"],
        "{heard:?}"
    );
    assert!(actions[3..].contains(&"escalate"), "{heard:?}");

    // Cut off (its only key revoked), the partner hears nothing more.
    let national = app.login("national").await;
    let list = app
        .get("/api/v1/admin/partners", As::Token(&national))
        .await;
    let key_id = list.body[0]["keys"][0]["id"].as_i64().unwrap();
    let revoke = format!("/api/v1/admin/partners/lapor-jatim/keys/{key_id}");
    let res = app
        .send(Method::DELETE, &revoke, As::Token(&national), None, &[])
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
    let follow = json!({"action": "follow_up", "body": "Sudah dijadwalkan."});
    let surabaya = app.login("surabaya").await;
    app.act_ok(&id, As::Token(&surabaya), follow).await;
    assert_eq!(webhooks_of(&app, &id).await.len(), heard.len());
}

on_both_backends!(
    each_change_reaches_the_partner_once_signed_and_a_failing_webhook_ends_dead_lettered,
    the_filing_partner_hears_of_reroutes_and_of_escalations_the_scheduler_makes
);
