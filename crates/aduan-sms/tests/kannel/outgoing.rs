//! Outgoing SMS through Kannel's sendsms: a notice from the outbox reaches the phone and its
//! delivery report comes back and is recorded, and a refusal by smsbox is a failed delivery.

use crate::support::*;
use crate::{WAIT, stack};
use aduan_domain::TimeSource;
use aduan_jobs::{Outgoing, Transport};
use aduan_sms::{KannelSettings, KannelTransport};
use aduan_store::{Language, NewOutboxMessage, NotifyChannel, RecipientKind, SmsDeliveryStatus};
use aduan_testkit::kannel::{SENDSMS_PASSWORD, kannel_available};
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs kannel (bearerbox, smsbox, fakesmsc): run with --include-ignored"]
async fn an_outgoing_sms_reaches_the_phone_and_its_delivery_report_is_recorded() {
    if !kannel_available("an_outgoing_sms_reaches_the_phone_and_its_delivery_report_is_recorded") {
        return;
    }
    let (app, kannel, base) = stack().await;
    let message = NewOutboxMessage {
        recipient_kind: RecipientKind::Address,
        recipient: SITI.into(),
        channel: NotifyChannel::Sms,
        template: "report_dispatched".into(),
        language: Language::Id,
        payload: json!({ "tracking_id": "7K3QM9XD2T", "status": "dispatched" }),
        secret: None,
        dedup_key: "7K3QM9XD2T:v2:report_dispatched".into(),
    };
    let outbox = app
        .store
        .insert_outbox(&[message], app.clock.now())
        .await
        .unwrap()[0]
        .id;
    let transport = KannelTransport::new(
        KannelSettings {
            sendsms_url: kannel.sendsms_url(),
            username: "aduan".into(),
            password: SENDSMS_PASSWORD.into(),
            dlr_url: format!("{base}{}", aduan_sms::DLR_PATH),
            ..KannelSettings::default()
        },
        SECRET,
    );
    let operator = kannel.listen();
    let outgoing = Outgoing {
        id: outbox,
        dedup_key: "7K3QM9XD2T:v2:report_dispatched".into(),
        recipient_kind: RecipientKind::Address,
        recipient: SITI.into(),
        address: Some(SITI.into()),
        channel: NotifyChannel::Sms,
        template: "report_dispatched".into(),
        language: Language::Id,
        payload: json!({ "tracking_id": "7K3QM9XD2T", "status": "dispatched" }),
        secret: None,
    };
    transport.send(&outgoing).await.unwrap();
    let sms = operator.answer(WAIT).await;
    assert_eq!(sms.to, SITI);
    assert!(
        sms.text.contains("7K3QM9XD2T") && sms.text.contains("diteruskan"),
        "{}",
        sms.text
    );
    let start = Instant::now();
    loop {
        let kept = app.store.list_sms_deliveries(outbox).await.unwrap();
        if kept
            .iter()
            .any(|d| d.status == SmsDeliveryStatus::Delivered)
        {
            assert!(
                kept.iter().all(|d| d.outbox == outbox && d.part == 1),
                "{kept:?}"
            );
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(WAIT),
            "no delivery report: {kept:?}\n{}",
            kannel.logs()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs kannel (bearerbox, smsbox, fakesmsc): run with --include-ignored"]
async fn a_wrong_sendsms_password_is_a_failed_delivery_to_retry() {
    if !kannel_available("a_wrong_sendsms_password_is_a_failed_delivery_to_retry") {
        return;
    }
    let (_app, kannel, _) = stack().await;
    let transport = KannelTransport::new(
        KannelSettings {
            sendsms_url: kannel.sendsms_url(),
            username: "aduan".into(),
            password: "bukan-sandinya".into(),
            ..KannelSettings::default()
        },
        SECRET,
    );
    let outgoing = Outgoing {
        id: aduan_store::OutboxId(1),
        dedup_key: "x".into(),
        recipient_kind: RecipientKind::Address,
        recipient: SITI.into(),
        address: Some(SITI.into()),
        channel: NotifyChannel::Sms,
        template: "report_dispatched".into(),
        language: Language::Id,
        payload: json!({ "tracking_id": "7K3QM9XD2T" }),
        secret: None,
    };
    let err = transport.send(&outgoing).await.unwrap_err();
    assert!(err.contains("refused"), "{err}");
    assert!(
        !err.contains("bukan-sandinya"),
        "the password stays out of errors: {err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs kannel (bearerbox, smsbox, fakesmsc): run with --include-ignored"]
async fn an_sms_reporter_hears_of_the_dispatch_by_sms_and_its_delivery_report_is_recorded() {
    if !kannel_available(
        "an_sms_reporter_hears_of_the_dispatch_by_sms_and_its_delivery_report_is_recorded",
    ) {
        return;
    }
    let (app, kannel, base) = stack().await;
    let id = file_by_sms(&app, SITI, "Trotoar Jl. Pemuda ambles", "pre-1").await;
    let national = app.login("national").await;
    let dispatch = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    app.act_ok(&id, aduan_testkit::As::Token(&national), dispatch)
        .await;
    let queued = app.store.list_outbox(None, 10).await.unwrap();
    let message = queued
        .iter()
        .find(|m| m.channel == NotifyChannel::Sms && m.template == "report_dispatched")
        .unwrap_or_else(|| panic!("no SMS for the dispatch: {queued:?}"));

    let transport = KannelTransport::new(
        KannelSettings {
            sendsms_url: kannel.sendsms_url(),
            username: "aduan".into(),
            password: SENDSMS_PASSWORD.into(),
            dlr_url: format!("{base}{}", aduan_sms::DLR_PATH),
            ..KannelSettings::default()
        },
        SECRET,
    );
    let registry = aduan_jobs::standard_registry(aduan_jobs::Standard {
        notifier: aduan_jobs::Notifier::Gateways {
            email: None,
            sms: Some(std::sync::Arc::new(transport)),
            webhook: None,
            chat: None,
        },
        key: (*app.state.deployment_key).clone(),
        retention_days: aduan_jobs::DEFAULT_RETENTION_DAYS,
    });
    let operator = kannel.listen();
    let clock: std::sync::Arc<dyn aduan_domain::TimeSource> = app.clock.clone();
    aduan_jobs::run_pending_jobs(&app.store, &registry, &clock)
        .await
        .unwrap();
    let sms = operator
        .expect(WAIT, |s| s.text.contains("diteruskan"))
        .await;
    assert_eq!(sms.to, SITI);
    assert!(sms.text.contains(&id), "{}", sms.text);
    let sent = app.store.get_outbox(message.id).await.unwrap().unwrap();
    assert_eq!(sent.state, aduan_store::OutboxState::Sent);
    let start = Instant::now();
    loop {
        let kept = app.store.list_sms_deliveries(message.id).await.unwrap();
        if kept
            .iter()
            .any(|d| d.status == SmsDeliveryStatus::Delivered)
        {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(WAIT),
            "no delivery report for the dispatch SMS: {kept:?}\n{}",
            kannel.logs()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
