//! Bounces and automatic answers are recognised and not filed, and not refused either (the
//! MTA must not answer them with another bounce).

use crate::support::{answering, corpus, report_count, take};
use aduan_mail::inbound::{Ignored, Machine, Outcome};
use aduan_testkit::{TestApp, on_both_backends};
use serde_json::json;

async fn bounces_and_automatic_answers_are_not_filed(app: TestApp) {
    let (id, _) = app
        .submit(json!({"reporter": {"name": "Hendra Gunawan", "email": "hendra.gunawan@example.go.id"}}))
        .await;
    let before = report_count(&app).await;
    let events = app
        .store
        .list_events(&id.parse().unwrap())
        .await
        .unwrap()
        .len();
    let cases = [
        (
            answering(&app, "balasan-otomatis-cuti.eml", &id),
            Machine::AutoReply,
        ),
        (
            corpus("balasan-otomatis-out-of-office.eml"),
            Machine::AutoReply,
        ),
        (corpus("bounce-dsn.eml"), Machine::Bounce),
    ];
    for (raw, kind) in cases {
        assert_eq!(
            take(&app, &raw).await,
            Outcome::Ignored(Ignored::Machine(kind))
        );
    }
    assert_eq!(report_count(&app).await, before, "no report filed");
    assert_eq!(
        app.store
            .list_events(&id.parse().unwrap())
            .await
            .unwrap()
            .len(),
        events,
        "the out-of-office answer to a notice is no reply"
    );
}

async fn a_bounce_repeated_by_the_mta_is_still_not_filed(app: TestApp) {
    let raw = corpus("bounce-dsn.eml");
    let before = report_count(&app).await;
    take(&app, &raw).await;
    assert_eq!(
        take(&app, &raw).await,
        Outcome::Repeated {
            outcome: "ignored:bounce".into(),
            tracking_id: None,
        }
    );
    assert_eq!(report_count(&app).await, before);
}

on_both_backends!(
    bounces_and_automatic_answers_are_not_filed,
    a_bounce_repeated_by_the_mta_is_still_not_filed,
);
