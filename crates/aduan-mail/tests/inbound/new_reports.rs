//! Messages that answer nothing become reports: channel e-mail, the sender as reporter, the
//! subject as title, the text decoded whatever its encoding, the files attached, and the
//! receipt on its way to the sender.

use crate::support::{corpus, filed, report_count, take};
use aduan_domain::TimeSource;
use aduan_domain::report::Channel;
use aduan_mail::inbound::Outcome;
use aduan_store::NotifyChannel;
use aduan_testkit::{TestApp, on_both_backends};

async fn a_message_with_a_photo_is_filed_with_the_photo_and_a_receipt(app: TestApp) {
    let outcome = take(&app, &corpus("laporan-multipart-jpeg.eml")).await;
    assert!(
        matches!(outcome, Outcome::Filed { attachments: 1, .. }),
        "{outcome:?}"
    );
    let id = filed(&outcome);
    let report = app.store.get_report(&id).await.unwrap().unwrap();
    assert_eq!(report.channel, Channel::Email);
    assert_eq!(
        report.state.title.as_deref(),
        Some("Jalan berlubang di Jl. Ahmad Yani depan pasar")
    );
    assert!(
        report
            .body
            .starts_with("Selamat pagi,\n\nSaya ingin melaporkan"),
        "{}",
        report.body
    );
    assert!(report.body.contains("Pasar Wonokromo, Surabaya"));
    assert!(
        !report.body.contains("<p>"),
        "the text part, not the HTML: {}",
        report.body
    );
    let who = app
        .store
        .get_identity(&report.reporter)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(who.name.as_deref(), Some("Budi Santoso"));
    assert_eq!(who.email.as_deref(), Some("budi.santoso@example.co.id"));

    let files = app.store.list_attachments(&id).await.unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].mime, "image/jpeg");
    assert_eq!(files[0].file_name, "jalan-berlubang.jpg");
    assert_eq!(
        files[0].uploader.id,
        report.reporter.to_string(),
        "uploaded as the reporter"
    );

    let outbox = app.store.list_outbox(None, 100).await.unwrap();
    let receipt = outbox
        .iter()
        .find(|m| m.dedup_key == format!("{id}:received"))
        .expect("a receipt");
    assert_eq!(receipt.recipient, "budi.santoso@example.co.id");
    assert_eq!(receipt.channel, NotifyChannel::Email);
    assert!(receipt.secret.is_some(), "the access code travels sealed");
}

async fn quoted_printable_latin_1_and_windows_1252_are_decoded(app: TestApp) {
    let qp = filed(&take(&app, &corpus("laporan-quoted-printable.eml")).await);
    let report = app.store.get_report(&qp).await.unwrap().unwrap();
    assert_eq!(
        report.state.title.as_deref(),
        Some("Pungutan liar – pembuatan KTP di kelurahan")
    );
    assert!(
        report.body.contains("Makassar, saya diminta membayar Rp\u{a0}150.000 oleh petugas loket supaya “cepat jadi”."),
        "soft line breaks joined, UTF-8 decoded: {}",
        report.body
    );

    let latin = filed(&take(&app, &corpus("laporan-iso-8859-1.eml")).await);
    let report = app.store.get_report(&latin).await.unwrap().unwrap();
    assert_eq!(
        report.state.title.as_deref(),
        Some("Air PDAM keruh, anak demam 38°C")
    );
    assert!(
        report.body.contains("Perumahan Café Residence"),
        "{}",
        report.body
    );
    assert!(report.body.contains("naik ½ dari biasanya"));
    let who = app
        .store
        .get_identity(&report.reporter)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(who.name.as_deref(), Some("André Wijaya"));

    let html = filed(&take(&app, &corpus("laporan-windows-1252-html.eml")).await);
    let report = app.store.get_report(&html).await.unwrap().unwrap();
    assert!(
        report.body.contains("Petugas bilang “nomor antrean habis” padahal baru pukul 07.00 – pasien diminta datang lagi besok…"),
        "{}",
        report.body
    );
    assert!(
        !report.body.contains('<') && !report.body.contains("margin"),
        "{}",
        report.body
    );
}

async fn a_retry_by_the_mta_files_nothing_twice(app: TestApp) {
    let raw = corpus("laporan-multipart-jpeg.eml");
    let before = report_count(&app).await;
    let first = filed(&take(&app, &raw).await);
    let again = take(&app, &raw).await;
    assert_eq!(
        again,
        Outcome::Repeated {
            outcome: "filed".into(),
            tracking_id: Some(first),
        }
    );
    assert_eq!(report_count(&app).await, before + 1);
    assert_eq!(app.store.list_attachments(&first).await.unwrap().len(), 1);
}

async fn a_message_taken_again_after_its_process_died_files_nothing_twice(app: TestApp) {
    let raw = corpus("laporan-multipart-jpeg.eml");
    let before = report_count(&app).await;
    let first = filed(&take(&app, &raw).await);
    // The process was killed after filing, before recording the message as taken: no
    // record says so (as when its claim goes stale), and the MTA delivers it again.
    let later = app.clock.now() + chrono::Duration::days(1);
    app.store.forget_mail_in(later).await.unwrap();
    let again = take(&app, &raw).await;
    assert_eq!(
        again,
        Outcome::Filed {
            tracking_id: first,
            attachments: 0,
        },
        "the same report, its photo not stored twice"
    );
    assert_eq!(report_count(&app).await, before + 1);
    assert_eq!(app.store.list_attachments(&first).await.unwrap().len(), 1);
}

/// The text-only message of the corpus, and a message with a photo carrying its Message-ID and
/// sender: the same message when its first process died before storing the photo.
fn one_message_in_two_tries() -> (Vec<u8>, Vec<u8>) {
    let text = corpus("laporan-quoted-printable.eml");
    let photo = String::from_utf8_lossy(&corpus("laporan-multipart-jpeg.eml"))
        .replace(
            "<CAH7pQ2x9f1kR3tWm8Jd@mail.example.co.id>",
            "<20260302004002.7f3a9c@example.net>",
        )
        .replace(
            "Budi Santoso <budi.santoso@example.co.id>",
            "Dewi Lestari <dewi.lestari@example.net>",
        )
        .into_bytes();
    (text, photo)
}

async fn a_message_whose_process_died_before_its_files_gets_them_when_taken_again(app: TestApp) {
    let (text, photo) = one_message_in_two_tries();
    let first = filed(&take(&app, &text).await);
    let later = app.clock.now() + chrono::Duration::days(1);
    app.store.forget_mail_in(later).await.unwrap();
    app.clock.advance(chrono::Duration::hours(1));
    let again = take(&app, &photo).await;
    assert_eq!(
        again,
        Outcome::Filed {
            tracking_id: first,
            attachments: 1,
        }
    );
    assert_eq!(app.store.list_attachments(&first).await.unwrap().len(), 1);
}

async fn a_message_id_reused_a_month_later_adds_nothing_to_the_old_report(app: TestApp) {
    let (text, photo) = one_message_in_two_tries();
    let first = filed(&take(&app, &text).await);
    app.clock.advance(chrono::Duration::days(31));
    let later = app.clock.now() + chrono::Duration::days(1);
    app.store.forget_mail_in(later).await.unwrap();
    let again = take(&app, &photo).await;
    assert_eq!(
        again,
        Outcome::Filed {
            tracking_id: first,
            attachments: 0,
        }
    );
    assert!(app.store.list_attachments(&first).await.unwrap().is_empty());
}

async fn a_message_to_another_address_of_the_domain_is_not_filed(app: TestApp) {
    let raw = String::from_utf8_lossy(&corpus("laporan-quoted-printable.eml"))
        .replace("lapor@aduan.contoh.id", "humas@aduan.contoh.id")
        .into_bytes();
    let before = report_count(&app).await;
    let outcome = take(&app, &raw).await;
    assert_eq!(outcome.code(), "ignored:not_for_us");
    assert_eq!(report_count(&app).await, before);
}

on_both_backends!(
    a_message_with_a_photo_is_filed_with_the_photo_and_a_receipt,
    quoted_printable_latin_1_and_windows_1252_are_decoded,
    a_retry_by_the_mta_files_nothing_twice,
    a_message_taken_again_after_its_process_died_files_nothing_twice,
    a_message_whose_process_died_before_its_files_gets_them_when_taken_again,
    a_message_id_reused_a_month_later_adds_nothing_to_the_old_report,
    a_message_to_another_address_of_the_domain_is_not_filed,
);
