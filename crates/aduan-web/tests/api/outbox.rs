//! Every step someone should hear about writes an outbox message in its own transaction;
//! access codes travel sealed and are gone once delivered; staff never get an identity.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use aduan_jobs::{Notifier, Standard, run_pending_jobs, standard_registry};
use aduan_store::{OutboxState, RecipientKind};
use serde_json::json;

async fn messages_are_written_with_their_step_and_the_access_code_is_wiped_after_delivery(
    app: TestApp,
) {
    let (id, code) = app.submit(json!({"anonymous": true})).await;
    let surabaya = app.login("surabaya").await;
    let s = As::Token(&surabaya);
    app.act_ok(&id, s, json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    app.act_ok(
        &id,
        s,
        json!({"action": "follow_up", "body": "Dijadwalkan."}),
    )
    .await;
    app.act_ok(
        &id,
        As::Code(&code),
        json!({"action": "reply", "body": "Terima kasih."}),
    )
    .await;

    let pending = app
        .store
        .list_outbox(Some(OutboxState::Pending), 100)
        .await
        .unwrap();
    let templates: Vec<(&str, RecipientKind)> = pending
        .iter()
        .map(|m| (m.template.as_str(), m.recipient_kind))
        .collect();
    assert_eq!(
        templates,
        [
            ("report_received", RecipientKind::Address),
            ("report_dispatched", RecipientKind::Reporter),
            // The holding agency's admin hears of the dispatch (issue 12 item 16).
            ("report_assigned", RecipientKind::User),
            ("follow_up_posted", RecipientKind::Reporter),
            ("reply_received", RecipientKind::User),
        ]
    );
    let bare = code.replace('-', "");
    for m in &pending {
        let row = format!("{m:?}");
        assert!(
            !row.contains(&code) && !row.contains(&bare),
            "the access code is sealed: {row}"
        );
        if m.recipient_kind == RecipientKind::User {
            assert!(
                !row.contains("Siti") && !row.contains("contoh.id") && !row.contains("0812"),
                "staff get no identity: {row}"
            );
        }
    }
    assert!(pending[0].secret.is_some());

    let (notifier, sent) = Notifier::memory();
    let registry = standard_registry(Standard {
        notifier,
        key: (*app.state.deployment_key).clone(),
        retention_days: 1825,
    });
    let clock: std::sync::Arc<dyn aduan_domain::TimeSource> = app.clock.clone();
    run_pending_jobs(&app.store, &registry, &clock)
        .await
        .unwrap();
    let delivered = sent.sent();
    assert_eq!(delivered.len(), 5);
    let receipt = delivered
        .iter()
        .find(|d| d.template == "report_received")
        .unwrap();
    assert_eq!(
        receipt.secret.as_deref().map(|c| c.replace('-', "")),
        Some(bare.clone()),
        "the reporter receives the code"
    );
    for m in app.store.list_outbox(None, 100).await.unwrap() {
        assert_eq!(
            (m.state, m.secret.is_none()),
            (OutboxState::Sent, true),
            "nothing readable after delivery"
        );
    }
}

on_both_backends!(messages_are_written_with_their_step_and_the_access_code_is_wiped_after_delivery);
