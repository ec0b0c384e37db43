//! CEK, BALAS and BATAL by SMS, and a bare SMS that answers the one report awaiting an answer,
//! through the get-url as smsbox calls it, on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use aduan_domain::TrackingId;
use aduan_testkit::{As, TestApp, on_both_backends};
use serde_json::json;
use support::*;

async fn report(app: &TestApp, id: &str) -> aduan_domain::Report {
    let id = TrackingId::parse(id).unwrap();
    app.store.get_report(&id).await.unwrap().unwrap()
}

async fn cek_answers_with_the_status_card_to_anyone(mut app: TestApp) {
    with_sms(&mut app, settings());
    let id = file_by_sms(&app, SITI, "Pungutan liar di kantor kelurahan", "m-1").await;
    let a = sms(&app, BUDI, &format!("cek {id}"), "m-2").await;
    assert!(
        a.text
            .starts_with(&format!("Laporan {id}: Menunggu verifikasi.")),
        "{}",
        a.text
    );
    assert!(a.text.contains("Diperbarui 2 Maret 2026."), "{}", a.text);
    assert!(a.text.contains("Batas waktu berikutnya"), "{}", a.text);
    let english = sms(&app, BUDI, &format!("CHECK {id}"), "m-3").await;
    assert!(
        english.text.starts_with(&format!("Report {id}: ")),
        "{}",
        english.text
    );
    let unknown = sms(&app, BUDI, "CEK 0000000000", "m-4").await;
    assert!(unknown.text.contains("tidak ditemukan"), "{}", unknown.text);
    let wide = sms(&app, BUDI, "CEK 漢字", "m-5").await;
    assert!(
        wide.ucs2,
        "an answer outside GSM asks smsbox for UCS-2: {}",
        wide.text
    );
}

async fn balas_from_the_reporters_number_replies_and_from_another_is_refused(mut app: TestApp) {
    with_sms(&mut app, settings());
    let id = file_by_sms(&app, SITI, "Jembatan kayu di Dusun Krajan lapuk", "m-1").await;
    followed_up(&app, &id).await;
    let other = sms(
        &app,
        BUDI,
        &format!("BALAS {id} Sudah diperbaiki kok"),
        "m-2",
    )
    .await;
    assert!(other.text.contains("tidak tercatat"), "{}", other.text);
    let events = |app: &TestApp| {
        let id = TrackingId::parse(&id).unwrap();
        let store = app.store.clone();
        async move { store.list_events(&id).await.unwrap() }
    };
    assert!(
        !events(&app)
            .await
            .iter()
            .any(|e| e.action.as_str() == "reply")
    );
    let mine = sms(
        &app,
        SITI,
        &format!("BALAS {id} Belum ada petugas datang"),
        "m-3",
    )
    .await;
    assert!(mine.text.contains("sudah kami teruskan"), "{}", mine.text);
    let replies: Vec<_> = events(&app)
        .await
        .into_iter()
        .filter(|e| e.action.as_str() == "reply")
        .collect();
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0].body.as_deref(), Some("Belum ada petugas datang"));
    assert_eq!(replies[0].role.as_str(), "reporter");
}

async fn a_bare_sms_is_a_reply_only_when_exactly_one_report_awaits_one(mut app: TestApp) {
    with_sms(&mut app, settings());
    let first = file_by_sms(&app, SITI, "Sampah menumpuk di TPS Pasar Baru", "m-1").await;
    followed_up(&app, &first).await;
    let reply = sms(&app, SITI, "Sampahnya masih ada sampai hari ini", "m-2").await;
    assert!(reply.text.contains(&first), "{}", reply.text);
    assert!(reply.text.contains("sudah kami teruskan"), "{}", reply.text);
    assert_eq!(
        app.store.list_report_heads(None, 10).await.unwrap().len(),
        1
    );

    let second = file_by_sms(&app, SITI, "Got di Jl. Melati meluap tiap hujan", "m-3").await;
    assert_ne!(second, first, "the first report no longer awaits an answer");
    followed_up(&app, &second).await;
    let surabaya = app.login("surabaya").await;
    let again = json!({"action": "follow_up", "body": "Truk sampah dijadwalkan besok pagi."});
    app.act_ok(&first, As::Token(&surabaya), again).await;
    let bare = sms(&app, SITI, "Terima kasih atas tindak lanjutnya", "m-4").await;
    assert!(
        bare.text.starts_with("Laporan Anda kami terima"),
        "two reports await an answer, so a bare SMS is a new report: {}",
        bare.text
    );
    assert_eq!(
        app.store.list_report_heads(None, 10).await.unwrap().len(),
        3
    );
}

async fn batal_withdraws_while_awaiting_verification_and_not_after(mut app: TestApp) {
    with_sms(&mut app, settings());
    let id = file_by_sms(&app, SITI, "Salah kirim, abaikan", "m-1").await;
    let refused = sms(&app, BUDI, &format!("BATAL {id}"), "m-2").await;
    assert!(refused.text.contains("tidak tercatat"), "{}", refused.text);
    let done = sms(&app, SITI, &format!("batal {id}"), "m-3").await;
    assert!(done.text.contains("sudah Anda batalkan"), "{}", done.text);
    let r = report(&app, &id).await;
    assert_eq!(r.state.status.as_str(), "archived");
    assert_eq!(r.state.archive_reason.unwrap().code.as_str(), "withdrawn");

    let later = file_by_sms(&app, SITI, "Pohon tumbang menutup jalan", "m-4").await;
    followed_up(&app, &later).await;
    let late = sms(&app, SITI, &format!("BATAL {later}"), "m-5").await;
    assert!(
        late.text.contains("tidak dapat dibatalkan"),
        "{}",
        late.text
    );
    assert_eq!(
        report(&app, &later).await.state.status.as_str(),
        "in_progress"
    );
}

on_both_backends!(
    cek_answers_with_the_status_card_to_anyone,
    balas_from_the_reporters_number_replies_and_from_another_is_refused,
    a_bare_sms_is_a_reply_only_when_exactly_one_report_awaits_one,
    batal_withdraws_while_awaiting_verification_and_not_after,
);
