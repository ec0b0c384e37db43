//! The reporter's other actions through a real Kannel: a completion confirmed with a rating
//! and rated again as unresolved, a completion reopened and an archive appealed, each from the
//! reporter's phone, and a rating from another phone refused.

use crate::support::*;
use crate::{WAIT, stack};
use aduan_testkit::kannel::kannel_available;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs kannel (bearerbox, smsbox, fakesmsc): run with --include-ignored"]
async fn a_reporter_confirms_and_rates_a_completion_through_kannel() {
    if !kannel_available("a_reporter_confirms_and_rates_a_completion_through_kannel") {
        return;
    }
    let (app, kannel, _) = stack().await;
    let id = file_by_sms(&app, SITI, "Lampu jalan di Jl. Kenanga mati", "pre-1").await;
    completed(&app, &id).await;

    let other = kannel
        .send(BUDI, &format!("PUAS {id} 5"))
        .answer(WAIT)
        .await;
    assert_eq!(other.to, BUDI);
    assert!(other.text.contains("tidak tercatat"), "{}", other.text);
    assert!(events_of(&app, &id, "confirm").await.is_empty());

    let confirmed = kannel
        .send(SITI, &format!("PUAS {id} 4"))
        .answer(WAIT)
        .await;
    assert_eq!(confirmed.to, SITI);
    assert!(
        confirmed.text.contains("Nilai 4/5") && confirmed.text.contains("masalah selesai"),
        "{}\n{}",
        confirmed.text,
        kannel.logs()
    );
    let state = state_of(&app, &id).await;
    assert_eq!(
        state.completion_kind.unwrap().as_str(),
        "reporter_confirmed"
    );
    assert_eq!(
        events_of(&app, &id, "confirm").await[0].payload["rating"],
        json!({"stars": 4, "resolved": true})
    );

    let rated = kannel
        .send(SITI, &format!("UNRESOLVED {id} 2"))
        .answer(WAIT)
        .await;
    assert!(rated.text.contains("not resolved"), "{}", rated.text);
    assert_eq!(
        events_of(&app, &id, "rate").await[0].payload["rating"],
        json!({"stars": 2, "resolved": false})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs kannel (bearerbox, smsbox, fakesmsc): run with --include-ignored"]
async fn a_reporter_reopens_a_completion_and_appeals_an_archive_through_kannel() {
    if !kannel_available("a_reporter_reopens_a_completion_and_appeals_an_archive_through_kannel") {
        return;
    }
    let (app, kannel, _) = stack().await;
    let done = file_by_sms(&app, SITI, "Jalan berlubang di depan SDN 5", "pre-1").await;
    let archive = file_by_sms(&app, SITI, "Pungli di loket samsat", "pre-2").await;
    completed(&app, &done).await;
    archived(&app, &archive).await;

    let reason = "Lubangnya muncul lagi setelah hujan";
    let reopened = kannel
        .send(SITI, &format!("BUKA {done} {reason}"))
        .answer(WAIT)
        .await;
    assert!(
        reopened.text.contains("dibuka kembali"),
        "{}\n{}",
        reopened.text,
        kannel.logs()
    );
    assert_eq!(state_of(&app, &done).await.status.as_str(), "in_progress");
    assert_eq!(
        events_of(&app, &done, "reopen").await[0].reason.as_deref(),
        Some(reason)
    );

    let appealed = kannel
        .send(
            SITI,
            &format!("BANDING {archive} Loket 3 Samsat Surabaya Timur"),
        )
        .answer(WAIT)
        .await;
    assert!(appealed.text.contains("Banding Anda"), "{}", appealed.text);
    assert_eq!(state_of(&app, &archive).await.status.as_str(), "submitted");
    assert_eq!(
        events_of(&app, &archive, "appeal").await[0]
            .reason
            .as_deref(),
        Some("Loket 3 Samsat Surabaya Timur")
    );
}
