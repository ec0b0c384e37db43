//! The get-url as smsbox calls it, without a gateway in between: filing and routing by SMS,
//! who may call, repeats of one message, UCS-2 text, the flood limit (on one instance and on
//! two sharing a database) and delivery reports, on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use aduan_domain::{TimeSource, TrackingId};
use aduan_store::{Language, NewOutboxMessage, NotifyChannel, RecipientKind, SmsDeliveryStatus};
use aduan_testkit::{As, TestApp, on_both_backends};
use axum::http::StatusCode;
use serde_json::json;
use support::*;

async fn report(app: &TestApp, id: &str) -> aduan_domain::Report {
    let id = TrackingId::parse(id).unwrap();
    app.store.get_report(&id).await.unwrap().unwrap()
}

async fn an_sms_becomes_a_report_from_that_number_confirmed_with_id_and_access_code(
    mut app: TestApp,
) {
    with_sms(&mut app, settings());
    let text = "Lampu jalan di Jl. Kenanga 12 mati sejak seminggu, gang jadi gelap gulita";
    let a = sms(&app, "081234567890", text, "m-1").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(!a.ucs2, "{}", a.text);
    assert!(a.text.starts_with("Laporan Anda kami terima"), "{}", a.text);
    let id = tracking_id_in(&a.text);
    let code = a.text.split_once("Kode akses: ").unwrap().1[..19].to_owned();

    let r = report(&app, &id).await;
    assert_eq!(r.channel.to_string(), "sms");
    assert_eq!(r.body, text);
    assert_eq!(r.state.status.as_str(), "submitted");
    assert_eq!(
        r.state.title.as_deref(),
        Some("Lampu jalan di Jl. Kenanga 12 mati sejak seminggu, gang jadi gelap gulita")
    );
    assert!(r.location.is_none() && r.state.requested_agency.is_none());
    let who = app.store.get_identity(&r.reporter).await.unwrap().unwrap();
    assert_eq!(who.phone.as_deref(), Some(SITI), "the number, normalised");
    assert_eq!((who.name, who.email), (None, None));

    let mine = app
        .get(&format!("/api/v1/reports/{id}"), As::Code(&code))
        .await;
    assert_eq!(
        mine.status,
        StatusCode::OK,
        "the access code in the SMS opens the report"
    );
    let outbox = app.store.list_outbox(None, 10).await.unwrap();
    assert!(
        outbox.is_empty(),
        "the confirmation is the answer itself, not a second SMS: {outbox:?}"
    );
}

async fn a_region_keyword_routes_the_report_to_its_agency(mut app: TestApp) {
    with_sms(&mut app, settings());
    let id = file_by_sms(&app, SITI, "sby Saluran air di Jl. Darmo mampet", "m-1").await;
    let r = report(&app, &id).await;
    assert_eq!(r.state.requested_agency.unwrap().as_str(), "kota-surabaya");
    assert_eq!(
        r.body, "Saluran air di Jl. Darmo mampet",
        "the keyword is not part of it"
    );
    let plain = file_by_sms(&app, SITI, "Sby itu kota pahlawan", "m-2").await;
    assert_eq!(
        report(&app, &plain)
            .await
            .state
            .requested_agency
            .unwrap()
            .as_str(),
        "kota-surabaya",
        "a keyword in any case routes"
    );
}

async fn only_smsbox_with_the_secret_may_call(mut app: TestApp) {
    with_sms(&mut app, settings());
    let url = get_url(SITI, "Jalan rusak", "m-1");
    let wrong = url.replace(SECRET, "tebakan-rahasia-salah");
    assert_eq!(
        get_from(&app, Some("127.0.0.1"), &wrong).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get_from(&app, Some("192.0.2.9"), &url).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get_from(&app, None, &url).await.status,
        StatusCode::FORBIDDEN
    );
    let missing_id = url.replace("&id=m-1", "");
    assert_eq!(
        get_from(&app, Some("127.0.0.1"), &missing_id).await.status,
        StatusCode::BAD_REQUEST
    );
    assert!(
        app.store
            .list_report_heads(None, 10)
            .await
            .unwrap()
            .is_empty()
    );

    let mut behind_proxy = TestApp::sqlite().await;
    with_sms(
        &mut behind_proxy,
        aduan_sms::SmsSettings {
            allow_unknown_peer: true,
            ..settings()
        },
    );
    let a = get_from(&behind_proxy, None, &url).await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "unknown peers, when the settings allow them"
    );
}

async fn a_repeated_message_id_gets_the_same_answer_and_files_nothing_new(mut app: TestApp) {
    with_sms(&mut app, settings());
    let first = sms(&app, SITI, "Trotoar di depan pasar rusak", "m-7").await;
    let again = sms(&app, SITI, "Trotoar di depan pasar rusak", "m-7").await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(
        again.text, first.text,
        "the same answer, access code included"
    );
    assert_eq!(
        app.store.list_report_heads(None, 10).await.unwrap().len(),
        1
    );
}

async fn a_message_another_instance_is_still_handling_is_asked_for_again_later(mut app: TestApp) {
    with_sms(&mut app, settings());
    let now = app.clock.now();
    let day = chrono::Duration::days(1);
    let claim = app
        .store
        .claim_sms("m-busy", now, now - day, now - day)
        .await;
    assert_eq!(claim.unwrap(), aduan_store::SmsClaim::Fresh);
    let a = sms(&app, SITI, "Jalan rusak", "m-busy").await;
    assert_eq!(
        a.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "smsbox retries it later"
    );
    assert!(
        app.store
            .list_report_heads(None, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn a_message_the_server_died_handling_is_handled_by_smsbox_s_next_retry(mut app: TestApp) {
    with_sms(&mut app, settings());
    let now = app.clock.now();
    let day = chrono::Duration::days(1);
    // Claimed eleven seconds ago by a server that died before it answered: smsbox's retries
    // (5 s apart) must not all be told to come back later.
    let died = now - chrono::Duration::seconds(11);
    let claim = app
        .store
        .claim_sms("m-died", died, died - day, died - day)
        .await;
    assert_eq!(claim.unwrap(), aduan_store::SmsClaim::Fresh);
    let a = sms(&app, SITI, "Jalan rusak", "m-died").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.text.starts_with("Laporan Anda kami terima"), "{}", a.text);
    assert_eq!(
        app.store.list_report_heads(None, 10).await.unwrap().len(),
        1
    );
}

async fn ucs2_text_is_stored_as_written(mut app: TestApp) {
    with_sms(&mut app, settings());
    let text = "Jalan rusak di Cianjur — warga kesulitan lewat 🙏";
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    // As smsbox writes %b for a UCS-2 SMS: the bytes, with each 0x20 byte as '+'.
    let data: String = utf16
        .iter()
        .map(|b| match b {
            b' ' => "+".to_owned(),
            b if b.is_ascii_alphanumeric() => char::from(*b).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect();
    let url = format!(
        "/channels/sms/kannel?secret={SECRET}&from=%2B6281234567890&to=1708&text={data}&coding=2&charset=UTF-16BE&id=m-1"
    );
    let a = get_from(&app, Some("127.0.0.1"), &url).await;
    let id = tracking_id_in(&a.text);
    assert_eq!(report(&app, &id).await.body, text);
}

async fn a_flood_from_one_number_is_told_once_then_ignored(mut app: TestApp) {
    with_sms(
        &mut app,
        aduan_sms::SmsSettings {
            rate_limit: 3,
            ..settings()
        },
    );
    for i in 0..3 {
        let a = sms(&app, BUDI, &format!("Laporan iseng {i}"), &format!("f-{i}")).await;
        assert!(a.text.starts_with("Laporan Anda kami terima"), "{}", a.text);
    }
    let told = sms(&app, BUDI, "Laporan iseng 3", "f-3").await;
    assert!(told.text.contains("Terlalu banyak SMS"), "{}", told.text);
    let ignored = sms(&app, BUDI, "Laporan iseng 4", "f-4").await;
    assert_eq!(
        (ignored.status, ignored.text.as_str()),
        (StatusCode::OK, "")
    );
    let others = sms(&app, SITI, "Laporan sungguhan", "f-5").await;
    assert!(
        others.text.starts_with("Laporan Anda kami terima"),
        "another number is not limited"
    );
    assert_eq!(
        app.store.list_report_heads(None, 10).await.unwrap().len(),
        4
    );
}

async fn delivery_reports_are_recorded_per_outgoing_message(mut app: TestApp) {
    with_sms(&mut app, settings());
    let message = NewOutboxMessage {
        recipient_kind: RecipientKind::Address,
        recipient: SITI.into(),
        channel: NotifyChannel::Sms,
        template: "report_dispatched".into(),
        language: Language::Id,
        payload: json!({ "tracking_id": "7K3QM9XD2T" }),
        secret: None,
        dedup_key: "7K3QM9XD2T:v2:report_dispatched".into(),
    };
    let now = app.clock.now();
    let outbox = app.store.insert_outbox(&[message], now).await.unwrap()[0].id;
    let dlr = |status: u32, part: u32| {
        format!(
            "/channels/sms/kannel/dlr?secret={SECRET}&outbox={outbox}&part={part}&status={status}&answer=ACK%2F"
        )
    };
    for (status, part) in [(8, 1), (1, 1), (1, 1)] {
        let a = get_from(&app, Some("127.0.0.1"), &dlr(status, part)).await;
        assert_eq!(a.status, StatusCode::OK);
    }
    let kept = app.store.list_sms_deliveries(outbox).await.unwrap();
    let statuses: Vec<_> = kept.iter().map(|d| d.status).collect();
    assert_eq!(
        statuses,
        [SmsDeliveryStatus::Accepted, SmsDeliveryStatus::Delivered]
    );
    assert_eq!(kept[0].detail, "ACK/");
    let unknown = dlr(1, 1).replace(&format!("outbox={outbox}"), "outbox=999999");
    assert_eq!(
        get_from(&app, Some("127.0.0.1"), &unknown).await.status,
        StatusCode::NOT_FOUND
    );
    let forged = dlr(1, 1).replace(SECRET, "bukan-rahasianya-sama-sekali");
    assert_eq!(
        get_from(&app, Some("127.0.0.1"), &forged).await.status,
        StatusCode::FORBIDDEN
    );
}

on_both_backends!(
    an_sms_becomes_a_report_from_that_number_confirmed_with_id_and_access_code,
    a_region_keyword_routes_the_report_to_its_agency,
    only_smsbox_with_the_secret_may_call,
    a_repeated_message_id_gets_the_same_answer_and_files_nothing_new,
    a_message_another_instance_is_still_handling_is_asked_for_again_later,
    a_message_the_server_died_handling_is_handled_by_smsbox_s_next_retry,
    ucs2_text_is_stored_as_written,
    a_flood_from_one_number_is_told_once_then_ignored,
    delivery_reports_are_recorded_per_outgoing_message,
);

/// Two `aduan` instances on one PostgreSQL database count one number's messages together.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: run with --include-ignored and ADUAN_TEST_PG_URL"]
async fn the_per_number_limit_holds_across_two_instances_sharing_one_database() {
    let mut a = TestApp::postgres().await;
    let mut b = a.another_instance().await;
    let limited = aduan_sms::SmsSettings {
        rate_limit: 4,
        ..settings()
    };
    with_sms(&mut a, limited.clone());
    with_sms(&mut b, limited);
    let mut tasks = Vec::new();
    for i in 0..10 {
        let router = if i % 2 == 0 { &a } else { &b }.router.clone();
        let url = get_url(
            BUDI,
            &format!("Banjir kiriman nomor {i}"),
            &format!("flood-{i}"),
        );
        tasks.push(tokio::spawn(async move {
            get_via(router, Some("127.0.0.1"), &url).await.text
        }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    let filed = answers
        .iter()
        .filter(|t| t.starts_with("Laporan Anda kami terima"))
        .count();
    let told = answers
        .iter()
        .filter(|t| t.contains("Terlalu banyak SMS"))
        .count();
    let silent = answers.iter().filter(|t| t.is_empty()).count();
    assert_eq!((filed, told, silent), (4, 1, 5), "{answers:?}");
    assert_eq!(a.store.list_report_heads(None, 20).await.unwrap().len(), 4);
    assert_eq!(b.store.list_report_heads(None, 20).await.unwrap().len(), 4);
}
