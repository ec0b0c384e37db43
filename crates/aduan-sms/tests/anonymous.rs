//! `ANONIM <text>`: a report by SMS whose number no agency sees, while its reporter still gets
//! the notices and may still CEK, BALAS and BATAL from that number; the keyword is announced
//! in the answer to every report and in the help. On SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use aduan_domain::TrackingId;
use aduan_store::{NotifyChannel, RecipientKind};
use aduan_testkit::{As, TestApp, on_both_backends};
use serde_json::json;
use support::*;

/// SITI's number as the digits anyone would search for.
const DIGITS: &str = "81234567890";

async fn report(app: &TestApp, id: &str) -> aduan_domain::Report {
    let id = TrackingId::parse(id).unwrap();
    app.store.get_report(&id).await.unwrap().unwrap()
}

async fn an_anonim_sms_files_a_report_whose_number_no_agency_sees(mut app: TestApp) {
    with_sms(&mut app, settings());
    let a = sms(
        &app,
        SITI,
        "ANONIM Kepala desa memotong dana bansos warga",
        "a-1",
    )
    .await;
    assert!(
        a.text.starts_with("Laporan anonim Anda kami terima")
            && a.text.contains("Nomor Anda tidak ditampilkan ke instansi."),
        "{}",
        a.text
    );
    let id = tracking_id_in(&a.text);
    let code = a.text.split_once("Kode akses: ").unwrap().1[..19].to_owned();
    let r = report(&app, &id).await;
    assert!(r.anonymous);
    assert_eq!(r.body, "Kepala desa memotong dana bansos warga");
    let who = app.store.get_identity(&r.reporter).await.unwrap().unwrap();
    assert_eq!(
        who.phone.as_deref(),
        Some(SITI),
        "kept to answer the reporter"
    );

    followed_up(&app, &id).await;
    let surabaya = app.login("surabaya").await;
    let s = As::Token(&surabaya);
    let view = app.get(&format!("/api/v1/reports/{id}"), s).await;
    assert_eq!(
        view.body["reporter"],
        json!({"display": "Anonim"}),
        "{}",
        view.text
    );
    for path in [
        format!("/api/v1/reports/{id}"),
        format!("/api/v1/reports/{id}/events"),
        format!("/api/v1/reports/{id}/status"),
        "/api/v1/reports?limit=100".into(),
    ] {
        let res = app.get(&path, s).await;
        assert_eq!(res.status, 200, "{path}");
        let digits: String = res.text.chars().filter(char::is_ascii_digit).collect();
        assert!(
            !digits.contains(DIGITS),
            "the number reached the agency on {path}"
        );
    }
    let mine = app
        .get(&format!("/api/v1/reports/{id}"), As::Code(&code))
        .await;
    assert_eq!(mine.body["reporter"]["phone"], SITI, "{}", mine.text);
}

async fn an_anonymous_sms_reporter_gets_the_notices_and_may_cek_balas_and_batal(mut app: TestApp) {
    with_sms(&mut app, settings());
    let a = sms(
        &app,
        SITI,
        "anonim sby Petugas parkir liar di Tunjungan",
        "a-1",
    )
    .await;
    let id = tracking_id_in(&a.text);
    let r = report(&app, &id).await;
    assert_eq!(r.state.requested_agency.unwrap().as_str(), "kota-surabaya");
    followed_up(&app, &id).await;
    let outbox = app.store.list_outbox(None, 100).await.unwrap();
    for template in ["report_dispatched", "follow_up_posted"] {
        assert!(
            outbox.iter().any(|m| m.template == template
                && m.channel == NotifyChannel::Sms
                && m.recipient_kind == RecipientKind::Reporter
                && m.recipient == r.reporter.to_string()),
            "{template} goes to the reporter by SMS: {outbox:?}"
        );
    }
    let card = sms(&app, SITI, &format!("CEK {id}"), "a-2").await;
    assert!(
        card.text.starts_with(&format!("Laporan {id}: ")),
        "{}",
        card.text
    );
    let answer = sms(
        &app,
        SITI,
        &format!("BALAS {id} Masih ada sampai sore ini"),
        "a-3",
    )
    .await;
    assert!(
        answer.text.contains("sudah kami teruskan"),
        "{}",
        answer.text
    );
    let events = app.store.list_events(&r.tracking_id).await.unwrap();
    assert!(
        events.iter().any(|e| e.action.as_str() == "reply"
            && e.body.as_deref() == Some("Masih ada sampai sore ini")),
        "the reply is on the report"
    );

    let other = sms(&app, SITI, "ANONIM Salah kirim", "a-4").await;
    let other = tracking_id_in(&other.text);
    let done = sms(&app, SITI, &format!("BATAL {other}"), "a-5").await;
    assert!(done.text.contains("sudah Anda batalkan"), "{}", done.text);
    assert_eq!(report(&app, &other).await.state.status.as_str(), "archived");
}

async fn every_report_answer_and_the_help_announce_the_anonim_keyword(mut app: TestApp) {
    with_sms(&mut app, settings());
    let plain = sms(&app, BUDI, "Lampu jalan mati di Jl. Mawar", "p-1").await;
    assert!(
        plain.text.starts_with("Laporan Anda kami terima")
            && plain.text.contains("Lapor tanpa identitas: ANONIM <isi>"),
        "{}",
        plain.text
    );
    assert!(!report(&app, &tracking_id_in(&plain.text)).await.anonymous);
    let help = sms(&app, BUDI, "ANONIM", "p-2").await;
    assert!(help.text.contains("ANONIM <isi>"), "{}", help.text);
    let english = sms(&app, BUDI, "ANONYMOUS Broken street light", "p-3").await;
    assert!(
        english
            .text
            .starts_with("We received your anonymous report"),
        "{}",
        english.text
    );
}

on_both_backends!(
    an_anonim_sms_files_a_report_whose_number_no_agency_sees,
    an_anonymous_sms_reporter_gets_the_notices_and_may_cek_balas_and_batal,
    every_report_answer_and_the_help_announce_the_anonim_keyword,
);
