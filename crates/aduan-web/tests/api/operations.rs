//! The figures an operator watches (`aduan_app::operations`, behind `/metrics`): a filed
//! report's notice waits in the outbox with its delivery job, the wait of the oldest due job
//! grows with the clock, and a verification left past its deadline is counted.

use crate::common::TestApp;
use crate::on_both_backends;
use aduan_app::operations::operations;
use chrono::Duration;
use serde_json::json;

async fn operations_count_waiting_notices_the_queue_lag_and_limits_past_due(app: TestApp) {
    let empty = operations(&app.state).await.unwrap();
    assert_eq!(empty.outbox.pending, 0);
    assert_eq!(empty.job_lag_seconds, 0.0);
    assert_eq!(empty.limits_past_due, 0);
    assert!(empty.pool.max >= 1);

    app.submit(json!({})).await;
    let filed = operations(&app.state).await.unwrap();
    assert_eq!(filed.outbox.pending, 1, "the receipt waits: {filed:?}");
    assert!(filed.jobs.queued >= 1, "with its delivery job: {filed:?}");
    assert_eq!(filed.limits_past_due, 0, "verification has just begun");
    assert!(filed.pool.open >= 1);

    app.clock.advance(Duration::minutes(10));
    let later = operations(&app.state).await.unwrap();
    assert!(
        later.job_lag_seconds >= 600.0,
        "no worker ran: the oldest due job has waited ten minutes: {later:?}"
    );

    app.clock.advance(Duration::days(30));
    let breached = operations(&app.state).await.unwrap();
    assert_eq!(breached.limits_past_due, 1, "{breached:?}");
}

on_both_backends!(operations_count_waiting_notices_the_queue_lag_and_limits_past_due);
