//! `/kantor/pengiriman`, the failed deliveries: a message that ran out of attempts is listed
//! for the national admin with its recipient masked (an anonymous reporter's address never in
//! full), sent again by the Retry button, and gone from the list once delivered; other staff
//! may neither see nor retry.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

#[path = "../../aduan-portal/tests/support/mod.rs"]
mod support;

use aduan_jobs::{MemoryNotifier, Notifier, Registry, Standard, run_pending_jobs};
use aduan_store::OutboxState;
use aduan_testkit::{As, TestApp, on_both_backends};
use axum::http::StatusCode;
use serde_json::json;
use std::sync::Arc;
use support::Visitor;

const EMAIL: &str = "siti.rahmawati@contoh.id";

fn delivery(app: &TestApp) -> (Registry, MemoryNotifier) {
    let (notifier, kept) = Notifier::memory();
    let registry = aduan_jobs::standard_registry(Standard {
        notifier,
        key: (*app.state.deployment_key).clone(),
        retention_days: 1825,
    });
    (registry, kept)
}

async fn run(app: &TestApp, registry: &Registry) -> aduan_jobs::RunSummary {
    let clock: Arc<dyn aduan_domain::TimeSource> = app.clock.clone();
    run_pending_jobs(&app.store, registry, &clock)
        .await
        .unwrap()
}

/// An anonymous report whose receipt and dispatch notice to the reporter, and the dispatch
/// notice to the agency's admin, all die at a dead gateway.
async fn three_dead_messages(app: &TestApp, registry: &Registry, kept: &MemoryNotifier) -> String {
    let (id, _) = app.submit(json!({"anonymous": true})).await;
    let surabaya = app.login("surabaya").await;
    app.act_ok(&id, As::Token(&surabaya), json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    kept.fail_next(u32::MAX);
    for _ in 0..20 {
        run(app, registry).await;
        if app.store.count_outbox().await.unwrap().dead == 3 {
            break;
        }
        app.clock.advance(chrono::Duration::hours(7));
    }
    assert_eq!(app.store.count_outbox().await.unwrap().dead, 3);
    id
}

async fn the_national_admin_sees_dead_messages_masked_and_sends_one_again(app: TestApp) {
    let (registry, kept) = delivery(&app);
    three_dead_messages(&app, &registry, &kept).await;
    let dead = app
        .store
        .list_outbox(Some(OutboxState::Dead), 10)
        .await
        .unwrap();
    let dispatched = dead
        .iter()
        .find(|m| m.template == "report_dispatched")
        .unwrap();

    let mut admin = Visitor::new(&app);
    admin.login("national").await;
    let page = admin.get("/kantor/pengiriman").await;
    assert_eq!(page.status, StatusCode::OK);
    for m in &dead {
        assert!(page.html.contains(&format!("id=\"delivery-{}\"", m.id)));
    }
    assert!(page.html.contains("Laporan diterima") && page.html.contains("Laporan diteruskan"));
    assert!(page.html.contains("the memory gateway refused the message"));
    assert_eq!(
        page.html.matches("s***@c***.id").count(),
        2,
        "both addresses, masked"
    );
    for secret in [EMAIL, "siti.rahmawati", "contoh.id", "Siti", "0812"] {
        assert!(!page.html.contains(secret), "the page shows {secret:?}");
    }

    kept.fail_next(0);
    let res = admin
        .post_form(&format!("/kantor/pengiriman/{}/ulang", dispatched.id), &[])
        .await;
    assert_eq!(res.location(), Some("/kantor/pengiriman?ulang=1"));
    run(&app, &registry).await;
    let sent = kept.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].template, "report_dispatched");
    assert_eq!(sent[0].address.as_deref(), Some(EMAIL));

    let page = admin.get("/kantor/pengiriman").await;
    assert!(
        !page
            .html
            .contains(&format!("id=\"delivery-{}\"", dispatched.id))
    );
    let again = admin
        .post_form(&format!("/kantor/pengiriman/{}/ulang", dispatched.id), &[])
        .await;
    assert_eq!(
        again.location(),
        Some("/kantor/pengiriman?ulang=0"),
        "sent already"
    );
    let audit = app.store.list_audit().await.unwrap().0;
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == aduan_store::AUDIT_OUTBOX_REQUEUE)
            .count(),
        1
    );
}

async fn only_the_national_admin_sees_or_retries_failed_deliveries(app: TestApp) {
    let (registry, kept) = delivery(&app);
    three_dead_messages(&app, &registry, &kept).await;
    let dead = app
        .store
        .list_outbox(Some(OutboxState::Dead), 10)
        .await
        .unwrap();
    for key in ["surabaya", "dinas-pu", "ombudsman"] {
        let mut staff = Visitor::new(&app);
        staff.login(key).await;
        assert_eq!(
            staff.get("/kantor/pengiriman").await.status,
            StatusCode::FORBIDDEN
        );
        let res = staff
            .post_form(&format!("/kantor/pengiriman/{}/ulang", dead[0].id), &[])
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{key}");
        let nav = staff.get("/kantor").await;
        assert!(!nav.html.contains("href=\"/kantor/pengiriman\""), "{key}");
    }
    let mut nobody = Visitor::new(&app);
    let res = nobody.get("/kantor/pengiriman").await;
    assert!(res.status.is_redirection(), "to the login page");
    assert_eq!(
        app.store.count_outbox().await.unwrap().dead,
        3,
        "nothing sent again"
    );
}

on_both_backends!(
    the_national_admin_sees_dead_messages_masked_and_sends_one_again,
    only_the_national_admin_sees_or_retries_failed_deliveries,
);
