//! End to end through a real Kannel (Debian's bearerbox and smsbox with `docs/kannel.conf`),
//! phones played by fakesmsc: filing by SMS (anonymous too), CEK, BALAS, a rating, reopen and
//! appeal, a region keyword, a lost answer retried by smsbox, UCS-2 text, and an outgoing SMS
//! whose delivery report comes back.
//!
//! Each test needs Kannel: `#[ignore]`d so that a bare `cargo test` passes without it, run by
//! `scripts/test` with `--include-ignored`; without Kannel a test fails when
//! `ADUAN_REQUIRE=kannel` demands it and is loudly skipped otherwise.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/mod.rs"]
mod support;

mod actions;
mod outgoing;
mod proxy;

use aduan_domain::TrackingId;
use aduan_testkit::TestApp;
use aduan_testkit::kannel::{Kannel, kannel_available};
use proxy::LossyProxy;
use std::time::Duration;
use support::*;

/// Seconds to wait for an answer through Kannel.
pub(crate) const WAIT: u64 = 45;

/// The service with its SMS channel on a real port (its base URL), and Kannel calling it.
pub(crate) async fn stack() -> (TestApp, Kannel, String) {
    let mut app = TestApp::sqlite().await;
    with_sms(&mut app, settings());
    let base = app.serve().await;
    let kannel = Kannel::start(&base, SECRET);
    (app, kannel, base)
}

async fn report(app: &TestApp, id: &str) -> aduan_domain::Report {
    let id = TrackingId::parse(id).unwrap();
    app.store.get_report(&id).await.unwrap().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs kannel (bearerbox, smsbox, fakesmsc): run with --include-ignored"]
async fn an_sms_report_gets_its_confirmation_with_the_tracking_id_back_at_the_phone() {
    if !kannel_available(
        "an_sms_report_gets_its_confirmation_with_the_tracking_id_back_at_the_phone",
    ) {
        return;
    }
    let (app, kannel, _) = stack().await;
    let text = "Lampu jalan di Jl. Kenanga mati sejak seminggu";
    let phone = kannel.send(SITI, text);
    let sms = phone.answer(WAIT).await;
    assert_eq!(
        (sms.from.as_str(), sms.to.as_str()),
        ("1708", SITI),
        "{}",
        kannel.logs()
    );
    assert!(
        sms.text.starts_with("Laporan Anda kami terima"),
        "{}",
        sms.text
    );
    let id = tracking_id_in(&sms.text);
    let r = report(&app, &id).await;
    assert_eq!(r.body, text);
    assert_eq!(r.channel.to_string(), "sms");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs kannel (bearerbox, smsbox, fakesmsc): run with --include-ignored"]
async fn an_anonim_sms_through_kannel_is_confirmed_as_anonymous_at_the_phone() {
    if !kannel_available("an_anonim_sms_through_kannel_is_confirmed_as_anonymous_at_the_phone") {
        return;
    }
    let (app, kannel, _) = stack().await;
    let phone = kannel.send(SITI, "ANONIM Kepala sekolah memungut biaya ujian");
    let sms = phone.answer(WAIT).await;
    assert!(
        sms.text.starts_with("Laporan anonim Anda kami terima")
            && sms.text.contains("tidak ditampilkan ke instansi"),
        "{}\n{}",
        sms.text,
        kannel.logs()
    );
    let r = report(&app, &tracking_id_in(&sms.text)).await;
    assert!(r.anonymous);
    assert_eq!(r.body, "Kepala sekolah memungut biaya ujian");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs kannel (bearerbox, smsbox, fakesmsc): run with --include-ignored"]
async fn cek_through_kannel_answers_with_the_status() {
    if !kannel_available("cek_through_kannel_answers_with_the_status") {
        return;
    }
    let (app, kannel, _) = stack().await;
    let id = file_by_sms(&app, SITI, "Pungutan liar di kantor kelurahan", "pre-1").await;
    let phone = kannel.send(BUDI, &format!("CEK {id}"));
    let sms = phone.answer(WAIT).await;
    assert_eq!(sms.to, BUDI);
    assert!(
        sms.text
            .starts_with(&format!("Laporan {id}: Menunggu verifikasi.")),
        "{}",
        sms.text
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs kannel (bearerbox, smsbox, fakesmsc): run with --include-ignored"]
async fn balas_from_another_number_is_refused_through_kannel() {
    if !kannel_available("balas_from_another_number_is_refused_through_kannel") {
        return;
    }
    let (app, kannel, _) = stack().await;
    let id = file_by_sms(&app, SITI, "Jembatan kayu di Dusun Krajan lapuk", "pre-1").await;
    followed_up(&app, &id).await;
    let phone = kannel.send(BUDI, &format!("BALAS {id} Sudah beres kok"));
    let sms = phone.answer(WAIT).await;
    assert!(sms.text.contains("tidak tercatat"), "{}", sms.text);
    let events = app
        .store
        .list_events(&TrackingId::parse(&id).unwrap())
        .await
        .unwrap();
    assert!(!events.iter().any(|e| e.action.as_str() == "reply"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs kannel (bearerbox, smsbox, fakesmsc): run with --include-ignored"]
async fn a_region_keyword_through_kannel_routes_to_the_right_agency() {
    if !kannel_available("a_region_keyword_through_kannel_routes_to_the_right_agency") {
        return;
    }
    let (app, kannel, _) = stack().await;
    let phone = kannel.send(SITI, "MKS Pantai Losari penuh sampah plastik");
    let sms = phone.answer(WAIT).await;
    let r = report(&app, &tracking_id_in(&sms.text)).await;
    assert_eq!(r.state.requested_agency.unwrap().as_str(), "kota-makassar");
    assert_eq!(r.body, "Pantai Losari penuh sampah plastik");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs kannel (bearerbox, smsbox, fakesmsc): run with --include-ignored"]
async fn a_lost_answer_is_asked_again_with_the_same_message_id_and_files_one_report() {
    if !kannel_available(
        "a_lost_answer_is_asked_again_with_the_same_message_id_and_files_one_report",
    ) {
        return;
    }
    let mut app = TestApp::sqlite().await;
    with_sms(&mut app, settings());
    let base = app.serve().await;
    let proxy = LossyProxy::start(&base).await;
    let kannel = Kannel::start(&proxy.url(), SECRET);
    let phone = kannel.send(SITI, "Air PDAM keruh sudah tiga hari");
    let sms = phone.answer(WAIT).await;
    assert!(
        sms.text.starts_with("Laporan Anda kami terima"),
        "{}",
        sms.text
    );
    let requests = proxy.requests();
    assert_eq!(
        requests.len(),
        2,
        "the first answer was lost, smsbox asked again: {requests:?}"
    );
    let id_of = |path: &str| {
        path.split('&')
            .find_map(|p| p.strip_prefix("id="))
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        id_of(&requests[0]),
        id_of(&requests[1]),
        "the same message id"
    );
    let heads = app.store.list_report_heads(None, 10).await.unwrap();
    assert_eq!(heads.len(), 1, "exactly one report");
    assert_eq!(heads[0].tracking_id.to_string(), tracking_id_in(&sms.text));
    // Longer than smsbox's retry delay: a second confirmation would have come by now.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(phone.received().len(), 1, "and one confirmation");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs kannel (bearerbox, smsbox, fakesmsc): run with --include-ignored"]
async fn ucs2_text_through_kannel_is_stored_as_written() {
    if !kannel_available("ucs2_text_through_kannel_is_stored_as_written") {
        return;
    }
    let (app, kannel, _) = stack().await;
    let text = "Jalan rusak di Cianjur — warga kesulitan lewat, ñ é 漢字";
    let phone = kannel.send_ucs2(SITI, text);
    let sms = phone.answer(WAIT).await;
    let r = report(&app, &tracking_id_in(&sms.text)).await;
    assert_eq!(r.body, text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs kannel (bearerbox, smsbox, fakesmsc): run with --include-ignored"]
async fn a_long_sms_arriving_in_two_parts_is_one_report() {
    if !kannel_available("a_long_sms_arriving_in_two_parts_is_one_report") {
        return;
    }
    let (app, kannel, _) = stack().await;
    let first = "Sudah dua minggu sampah di TPS Jl. Anggrek tidak diangkut, baunya sampai ke \
        rumah warga dan lalat di mana-mana. Anak-anak mulai sakit perut. ";
    let second = "Mohon segera dikirim truk pengangkut dan jadwalnya diumumkan.";
    let part = kannel.send_part(SITI, 42, 2, 1, first);
    part.sent(WAIT).await;
    // bearerbox holds the first part until the second arrives, on another connection.
    tokio::time::sleep(Duration::from_millis(300)).await;
    drop(part);
    let phone = kannel.send_part(SITI, 42, 2, 2, second);
    let sms = phone.answer(WAIT).await;
    let r = report(&app, &tracking_id_in(&sms.text)).await;
    assert_eq!(r.body, format!("{first}{second}").trim());
    assert_eq!(
        app.store.list_report_heads(None, 10).await.unwrap().len(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs kannel (bearerbox, smsbox, fakesmsc): run with --include-ignored"]
async fn an_answer_outside_the_gsm_alphabet_reaches_the_phone_as_ucs2() {
    if !kannel_available("an_answer_outside_the_gsm_alphabet_reaches_the_phone_as_ucs2") {
        return;
    }
    let (_app, kannel, _) = stack().await;
    let phone = kannel.send_ucs2(BUDI, "CEK 漢字");
    let sms = phone.answer(WAIT).await;
    assert!(sms.ucs2, "{sms:?}");
    assert!(
        sms.text.contains("漢字") && sms.text.contains("tidak ditemukan"),
        "{}",
        sms.text
    );
}
