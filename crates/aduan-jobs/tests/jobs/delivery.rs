//! Outbox delivery: the access code reaches the reporter, and no outbox row keeps it.

use crate::support::Env;
use aduan_jobs::{
    DeliverOutbox, JobContext, JobHandler, Notifier, OutboxDelivery, Registry, Standard,
    run_pending_jobs, standard_registry,
};
use aduan_store::contract::{access_code_message, sample_identity, submit, t0};
use aduan_store::{
    DeploymentKey, JobState, Language, NewOutboxMessage, NotifyChannel, OutboxMessage, OutboxState,
    RecipientKind,
};
use chrono::Duration;
use serde_json::json;
use std::sync::{Arc, Mutex};

const CODE: &str = "K7QM-2XPD-9HRT";

fn registry(notifier: Notifier, key: &DeploymentKey) -> Registry {
    standard_registry(Standard {
        notifier,
        key: key.clone(),
        retention_days: 1825,
    })
}

/// Nothing in the row, read as an attacker with the database would, shows the code.
fn assert_no_code(rows: &[OutboxMessage]) {
    for m in rows {
        let text = format!(
            "{:?} {} {}",
            m.secret.as_ref().map(|s| &s.0),
            m.payload,
            m.recipient
        );
        assert!(
            !text.contains(CODE),
            "outbox row {} shows the access code",
            m.id
        );
        assert!(m.secret.is_none(), "outbox row {} keeps its secret", m.id);
    }
}

async fn an_access_code_reaches_the_reporter_and_no_outbox_row_keeps_it(env: Env) {
    let key = DeploymentKey::generate();
    let (notifier, sent) = Notifier::memory();
    let m = access_code_message(&key, "access_code:LAP-1");
    env.store.insert_outbox(&[m], t0()).await.unwrap();
    let summary = run_pending_jobs(&env.store, &registry(notifier, &key), &env.clock())
        .await
        .unwrap();
    assert_eq!(summary.done, 1);
    let got = sent.sent();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].secret.as_deref(), Some(CODE));
    assert_eq!(got[0].address.as_deref(), Some("+6281234567890"));
    assert_eq!(got[0].dedup_key, "access_code:LAP-1");
    assert_eq!(got[0].template, "access_code");
    let rows = env.store.list_outbox(None, 10).await.unwrap();
    assert_eq!(rows[0].state, OutboxState::Sent);
    assert_eq!(rows[0].attempts, 1);
    assert_no_code(&rows);
    assert_eq!(env.store.count_jobs().await.unwrap().done, 1);
}

async fn a_message_to_a_reporter_goes_to_the_address_they_gave(env: Env) {
    let key = DeploymentKey::generate();
    let (notifier, sent) = Notifier::memory();
    let (report, _) = submit(env.store.as_ref(), false).await;
    let m = NewOutboxMessage {
        recipient_kind: RecipientKind::Reporter,
        recipient: report.reporter.to_string(),
        channel: NotifyChannel::Email,
        template: "report_received".into(),
        language: Language::En,
        payload: json!({ "tracking_id": report.tracking_id.to_string() }),
        secret: None,
        dedup_key: format!("report_received:{}", report.tracking_id),
    };
    env.store.insert_outbox(&[m], t0()).await.unwrap();
    run_pending_jobs(&env.store, &registry(notifier, &key), &env.clock())
        .await
        .unwrap();
    let got = sent.sent();
    assert_eq!(got[0].address, sample_identity().email);
    assert_eq!(got[0].language, Language::En);
    assert_eq!(got[0].secret, None);
}

async fn an_unreachable_gateway_is_retried_after_backoff_until_it_takes_the_message(env: Env) {
    let key = DeploymentKey::generate();
    let (notifier, sent) = Notifier::memory();
    let r = registry(notifier, &key);
    sent.fail_next(2);
    env.store
        .insert_outbox(&[access_code_message(&key, "m")], t0())
        .await
        .unwrap();
    let clock = env.clock();
    let run = || run_pending_jobs(&env.store, &r, &clock);
    assert_eq!(run().await.unwrap().retried, 1);
    assert_eq!(
        run().await.unwrap().retried,
        0,
        "not again before the backoff"
    );
    env.clock.advance(Duration::seconds(30));
    assert_eq!(run().await.unwrap().retried, 1);
    let pending = env.store.list_outbox(None, 1).await.unwrap();
    assert_eq!(pending[0].state, OutboxState::Pending);
    assert_eq!(
        pending[0].last_error.as_deref(),
        Some("the memory gateway refused the message")
    );
    env.clock.advance(Duration::seconds(60));
    assert_eq!(run().await.unwrap().done, 1);
    assert_eq!(sent.sent().len(), 1, "delivered once");
    let rows = env.store.list_outbox(None, 1).await.unwrap();
    assert_eq!((rows[0].state, rows[0].attempts), (OutboxState::Sent, 3));
    assert_no_code(&rows);
}

async fn a_message_that_never_goes_out_is_dead_and_its_code_wiped(env: Env) {
    let key = DeploymentKey::generate();
    let (notifier, sent) = Notifier::memory();
    let r = registry(notifier, &key);
    sent.fail_next(u32::MAX);
    env.store
        .insert_outbox(&[access_code_message(&key, "m")], t0())
        .await
        .unwrap();
    let mut dead = 0;
    for _ in 0..20 {
        dead += run_pending_jobs(&env.store, &r, &env.clock())
            .await
            .unwrap()
            .dead;
        env.clock.advance(Duration::hours(6));
    }
    assert_eq!(dead, 1);
    let rows = env.store.list_outbox(None, 1).await.unwrap();
    assert_eq!(rows[0].state, OutboxState::Dead);
    assert_eq!(rows[0].attempts, aduan_store::DELIVER_OUTBOX_ATTEMPTS);
    assert_no_code(&rows);
    assert_eq!(env.store.count_jobs().await.unwrap().dead, 1);
    assert!(sent.sent().is_empty());
}

async fn a_code_sealed_with_another_key_is_never_sent(env: Env) {
    let (notifier, sent) = Notifier::memory();
    let r = registry(notifier, &DeploymentKey::generate());
    env.store
        .insert_outbox(
            &[access_code_message(&DeploymentKey::generate(), "m")],
            t0(),
        )
        .await
        .unwrap();
    assert_eq!(
        run_pending_jobs(&env.store, &r, &env.clock())
            .await
            .unwrap()
            .retried,
        1
    );
    assert!(sent.sent().is_empty());
    let rows = env.store.list_outbox(None, 1).await.unwrap();
    assert!(
        rows[0]
            .last_error
            .as_deref()
            .unwrap()
            .contains("secret_key")
    );
}

async fn a_delivery_run_again_after_a_crash_sends_nothing_twice(env: Env) {
    let key = DeploymentKey::generate();
    let (notifier, sent) = Notifier::memory();
    let q = env
        .store
        .insert_outbox(&[access_code_message(&key, "m")], t0())
        .await
        .unwrap();
    let handler = OutboxDelivery::new(notifier, key);
    let job = env.store.list_jobs(None, 1).await.unwrap().remove(0);
    let ctx = JobContext {
        store: env.store.clone(),
        clock: env.clock(),
        job,
        worker: "w".into(),
    };
    let deliver = DeliverOutbox { message: q[0].id.0 };
    handler.run(&ctx, deliver).await.unwrap();
    handler.run(&ctx, deliver).await.unwrap();
    assert_eq!(sent.sent().len(), 1);
    let rows = env.store.list_outbox(None, 1).await.unwrap();
    assert_eq!(rows[0].attempts, 1);
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn the_log_notifier_writes_a_line_without_the_code_or_the_address(env: Env) {
    let key = DeploymentKey::generate();
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    env.store
        .insert_outbox(&[access_code_message(&key, "access_code:LAP-1")], t0())
        .await
        .unwrap();
    let r = registry(Notifier::production("log").unwrap(), &key);
    run_pending_jobs(&env.store, &r, &env.clock())
        .await
        .unwrap();
    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("notification delivered"))
        .expect("a line per message");
    assert!(line.contains("access_code:LAP-1"), "{line}");
    assert!(line.contains("template=access_code"), "{line}");
    assert!(!text.contains(CODE), "{text}");
    assert!(!text.contains("6281234567890"), "{text}");
    assert_eq!(
        env.store.count_outbox().await.unwrap().sent,
        1,
        "the log counts as delivery"
    );
    assert_eq!(
        env.store
            .list_jobs(Some(JobState::Done), 5)
            .await
            .unwrap()
            .len(),
        1
    );
}

on_both!(
    an_access_code_reaches_the_reporter_and_no_outbox_row_keeps_it,
    a_message_to_a_reporter_goes_to_the_address_they_gave,
    an_unreachable_gateway_is_retried_after_backoff_until_it_takes_the_message,
    a_message_that_never_goes_out_is_dead_and_its_code_wiped,
    a_code_sealed_with_another_key_is_never_sent,
    a_delivery_run_again_after_a_crash_sends_nothing_twice,
    the_log_notifier_writes_a_line_without_the_code_or_the_address,
);
