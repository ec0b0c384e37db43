//! The reporter's other actions by SMS — PUAS, TIDAKPUAS and NILAI (a rating), BUKA (reopen),
//! BANDING (appeal), OMBUDSMAN (escalate) and their English forms — through the get-url as
//! smsbox calls it, on SQLite and PostgreSQL: each moves the report's lifecycle from the
//! reporter's number, is refused from another, and answers every refusal in words.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use aduan_sms::SmsSettings;
use aduan_testkit::{TestApp, on_both_backends};
use chrono::Duration;
use serde_json::json;
use support::*;

/// The channel with room for a whole conversation from one number.
fn roomy(app: &mut TestApp) {
    with_sms(
        app,
        SmsSettings {
            rate_limit: 50,
            ..settings()
        },
    );
}

async fn puas_confirms_the_completion_with_a_rating_from_the_reporters_number_only(
    mut app: TestApp,
) {
    roomy(&mut app);
    let id = file_by_sms(&app, SITI, "Lampu jalan di Jl. Melati mati", "m-1").await;
    completed(&app, &id).await;
    let other = sms(&app, BUDI, &format!("PUAS {id} 5"), "m-2").await;
    assert!(other.text.contains("tidak tercatat"), "{}", other.text);
    assert_eq!(
        state_of(&app, &id).await.completion_kind.unwrap().as_str(),
        "agency_closed"
    );
    let bad = sms(&app, SITI, &format!("PUAS {id} 9"), "m-3").await;
    assert!(bad.text.contains("angka 1 sampai 5"), "{}", bad.text);
    let done = sms(&app, SITI, &format!("puas {id} 4 terima kasih"), "m-4").await;
    assert!(
        done.text.contains("Nilai 4/5") && done.text.contains("masalah selesai"),
        "{}",
        done.text
    );
    let state = state_of(&app, &id).await;
    assert_eq!(state.status.as_str(), "completed");
    assert_eq!(
        state.completion_kind.unwrap().as_str(),
        "reporter_confirmed"
    );
    let confirms = events_of(&app, &id, "confirm").await;
    assert_eq!(confirms.len(), 1);
    assert_eq!(
        confirms[0].payload["rating"],
        json!({"stars": 4, "resolved": true})
    );
    assert_eq!(confirms[0].role.as_str(), "reporter");
}

async fn tidakpuas_after_closing_rates_it_unresolved_and_a_rating_needs_its_stars(
    mut app: TestApp,
) {
    roomy(&mut app);
    let id = file_by_sms(&app, SITI, "Got di Jl. Kenanga mampet", "m-1").await;
    completed(&app, &id).await;
    let confirmed = sms(&app, SITI, &format!("CONFIRM {id}"), "m-2").await;
    assert!(
        confirmed.text.contains("you have confirmed"),
        "{}",
        confirmed.text
    );
    let no_stars = sms(&app, SITI, &format!("RATE {id}"), "m-3").await;
    assert!(
        no_stars.text.contains("a number from 1 to 5"),
        "{}",
        no_stars.text
    );
    let rated = sms(&app, SITI, &format!("TIDAKPUAS {id} 2"), "m-4").await;
    assert!(
        rated.text.contains("Nilai 2/5") && rated.text.contains("belum selesai"),
        "{}",
        rated.text
    );
    assert!(rated.text.contains(&format!("BUKA {id}")), "{}", rated.text);
    let rates = events_of(&app, &id, "rate").await;
    assert_eq!(rates.len(), 1, "after a confirmation, a rating is a rate");
    assert_eq!(
        rates[0].payload["rating"],
        json!({"stars": 2, "resolved": false})
    );
    let in_progress = file_by_sms(&app, SITI, "Sampah di TPS belum diangkut", "m-5").await;
    followed_up(&app, &in_progress).await;
    let early = sms(&app, SITI, &format!("NILAI {in_progress} 5"), "m-6").await;
    assert!(
        early.text.contains("berstatus Ditindaklanjuti"),
        "{}",
        early.text
    );
    assert!(events_of(&app, &in_progress, "confirm").await.is_empty());
}

async fn buka_reopens_a_completion_once_with_its_reason_and_not_after_the_window(mut app: TestApp) {
    roomy(&mut app);
    let id = file_by_sms(&app, SITI, "Jalan berlubang di depan SDN 5", "m-1").await;
    // Filed first: once a report awaits an answer, a bare SMS answers it.
    let late = file_by_sms(&app, SITI, "Trotoar Jl. Anggrek rusak", "m-1b").await;
    completed(&app, &id).await;
    let other = sms(&app, BUDI, &format!("BUKA {id} Belum ditambal"), "m-2").await;
    assert!(other.text.contains("tidak tercatat"), "{}", other.text);
    let no_reason = sms(&app, SITI, &format!("BUKA {id}"), "m-3").await;
    assert!(
        no_reason.text.contains(&format!("BUKA {id} <alasan>")),
        "{}",
        no_reason.text
    );
    let reopened = sms(
        &app,
        SITI,
        &format!("BUKA {id} Lubangnya muncul lagi"),
        "m-4",
    )
    .await;
    assert!(
        reopened.text.contains("dibuka kembali"),
        "{}",
        reopened.text
    );
    assert_eq!(state_of(&app, &id).await.status.as_str(), "in_progress");
    let reopens = events_of(&app, &id, "reopen").await;
    assert_eq!(reopens.len(), 1);
    assert_eq!(reopens[0].reason.as_deref(), Some("Lubangnya muncul lagi"));

    let surabaya = app.login("surabaya").await;
    let again = json!({"action": "complete", "body": "Sudah ditambal ulang."});
    app.act_ok(&id, aduan_testkit::As::Token(&surabaya), again)
        .await;
    let twice = sms(&app, SITI, &format!("REOPEN {id} Still there"), "m-5").await;
    assert!(twice.text.contains("only once"), "{}", twice.text);

    completed(&app, &late).await;
    app.clock.advance(Duration::days(16));
    let closed = sms(&app, SITI, &format!("BUKA {late} Belum diperbaiki"), "m-7").await;
    assert!(closed.text.contains("sudah berakhir"), "{}", closed.text);
    assert_eq!(state_of(&app, &late).await.status.as_str(), "completed");
}

async fn banding_appeals_an_archive_once_and_never_a_withdrawal(mut app: TestApp) {
    roomy(&mut app);
    let id = file_by_sms(&app, SITI, "Pungutan di loket samsat", "m-1").await;
    archived(&app, &id).await;
    let other = sms(&app, BUDI, &format!("BANDING {id} Jelas kok"), "m-2").await;
    assert!(other.text.contains("tidak tercatat"), "{}", other.text);
    let appealed = sms(
        &app,
        SITI,
        &format!("BANDING {id} Loket 3 Samsat Surabaya Timur, tiap Senin"),
        "m-3",
    )
    .await;
    assert!(appealed.text.contains("Banding Anda"), "{}", appealed.text);
    assert_eq!(state_of(&app, &id).await.status.as_str(), "submitted");
    let appeals = events_of(&app, &id, "appeal").await;
    assert_eq!(
        appeals[0].reason.as_deref(),
        Some("Loket 3 Samsat Surabaya Timur, tiap Senin")
    );
    archived(&app, &id).await;
    let twice = sms(&app, SITI, &format!("APPEAL {id} Please"), "m-4").await;
    assert!(twice.text.contains("only once"), "{}", twice.text);

    let withdrawn = file_by_sms(&app, SITI, "Salah kirim", "m-5").await;
    sms(&app, SITI, &format!("BATAL {withdrawn}"), "m-6").await;
    let refused = sms(&app, SITI, &format!("BANDING {withdrawn} Jadi"), "m-7").await;
    assert!(
        refused.text.contains("tidak dapat diproses"),
        "{}",
        refused.text
    );
}

async fn ombudsman_takes_a_report_past_its_completion_limit_and_not_before(mut app: TestApp) {
    roomy(&mut app);
    let id = file_by_sms(&app, SITI, "Izin usaha tidak kunjung terbit", "m-1").await;
    followed_up(&app, &id).await;
    let early = sms(&app, SITI, &format!("OMBUDSMAN {id}"), "m-2").await;
    assert!(
        early.text.contains("belum melewati batas waktu"),
        "{}",
        early.text
    );
    app.clock.advance(Duration::days(40));
    let other = sms(&app, BUDI, &format!("OMBUDSMAN {id}"), "m-3").await;
    assert!(other.text.contains("tidak tercatat"), "{}", other.text);
    assert_ne!(
        state_of(&app, &id).await.escalation_level.as_str(),
        "ombudsman"
    );
    let taken = sms(&app, SITI, &format!("ombudsman {id} sudah lewat"), "m-4").await;
    assert!(taken.text.contains("Ombudsman RI"), "{}", taken.text);
    assert_eq!(
        state_of(&app, &id).await.escalation_level.as_str(),
        "ombudsman"
    );
    let escalations = events_of(&app, &id, "escalate").await;
    assert_eq!(escalations.last().unwrap().role.as_str(), "reporter");
    let again = sms(&app, SITI, &format!("OMBUDSMAN {id}"), "m-5").await;
    assert!(
        again.text.contains("sudah diteruskan ke Ombudsman"),
        "{}",
        again.text
    );
}

async fn an_action_word_without_a_number_asks_for_it_and_a_report_starting_with_one_is_filed(
    mut app: TestApp,
) {
    roomy(&mut app);
    let asked = sms(&app, SITI, "PUAS 5", "m-1").await;
    assert!(asked.text.contains("PUAS <nomor> <1-5>"), "{}", asked.text);
    let reason = sms(&app, SITI, "appeal", "m-2").await;
    assert!(
        reason.text.contains("APPEAL <number> <reason>"),
        "{}",
        reason.text
    );
    assert_eq!(
        app.store.list_report_heads(None, 10).await.unwrap().len(),
        0
    );
    let report = sms(
        &app,
        SITI,
        "Nilai rapor anak saya dipotong wali kelas",
        "m-3",
    )
    .await;
    assert!(
        report.text.starts_with("Laporan Anda kami terima"),
        "{}",
        report.text
    );
    let unknown = sms(&app, SITI, "BUKA 7K3QM9XD2X masih rusak", "m-4").await;
    assert!(unknown.text.contains("tidak ditemukan"), "{}", unknown.text);
}

on_both_backends!(
    puas_confirms_the_completion_with_a_rating_from_the_reporters_number_only,
    tidakpuas_after_closing_rates_it_unresolved_and_a_rating_needs_its_stars,
    buka_reopens_a_completion_once_with_its_reason_and_not_after_the_window,
    banding_appeals_an_archive_once_and_never_a_withdrawal,
    ombudsman_takes_a_report_past_its_completion_limit_and_not_before,
    an_action_word_without_a_number_asks_for_it_and_a_report_starting_with_one_is_filed,
);
