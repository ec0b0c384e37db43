//! New reports by e-mail: the signature and the sender's name, phone and addresses never reach
//! the text the public reads, and a message to the anonymous intake address files a report no
//! agency can name, whose reporter still gets the notices and may still answer them.

use crate::support::{DOMAIN, corpus, filed, mail_in, take, take_with};
use aduan_mail::inbound::{MailIn, MailInSettings, Outcome};
use aduan_testkit::{As, TestApp, on_both_backends};
use serde_json::json;

const ADDRESS: &str = "kartika.sembunyi@contoh.id";
/// What identifies the sender of `laporan-tanda-tangan.eml`, in every form it takes there.
const SECRETS: [&str; 7] = [
    "Kartika",
    "Sembunyi",
    "kartika.sembunyi",
    "kartika.s@",
    "5554",
    "4433",
    "Hormat saya",
];

fn assert_no_secret(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(
            !text.to_lowercase().contains(&secret.to_lowercase()),
            "`{secret}` is in {what}: {text}"
        );
    }
}

/// Intake with the anonymous address `anonim@`.
fn with_anonymous_address(app: &TestApp) -> MailIn {
    MailIn {
        settings: MailInSettings {
            anonymous_addresses: vec![format!("anonim@{DOMAIN}")],
            ..mail_in(app).settings
        },
        ..mail_in(app)
    }
}

/// Verifies the report to Surabaya and hands it to its public works unit.
async fn dispatch(app: &TestApp, id: &str) -> String {
    let national = app.login("national").await;
    app.act_ok(id, As::Token(&national), json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    let surabaya = app.login("surabaya").await;
    app.act_ok(
        id,
        As::Token(&surabaya),
        json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-pu"}),
    )
    .await;
    surabaya
}

async fn a_new_reports_signature_and_senders_identity_are_not_in_the_words_the_public_reads(
    app: TestApp,
) {
    let id = filed(&take(&app, &corpus("laporan-tanda-tangan.eml")).await).to_string();
    let surabaya = dispatch(&app, &id).await;
    let public = app.get(&format!("/api/v1/reports/{id}"), As::Anon).await;
    assert_eq!(public.status, 200, "{}", public.text);
    let body = public.body["body"].as_str().unwrap();
    assert_eq!(
        body,
        "Selamat siang,\n\nDi Puskesmas Tambaksari petugas meminta Rp 50.000 untuk surat keterangan\nsehat, padahal seharusnya gratis. Saya [identitas dihapus], bisa dihubungi di\n[identitas dihapus] atau [identitas dihapus] bila perlu keterangan."
    );
    assert_eq!(
        public.body["title"],
        "Pungli surat keterangan sehat - [identitas dihapus]"
    );
    assert_no_secret("the public page", &public.text);
    let agency = app
        .get(&format!("/api/v1/reports/{id}"), As::Token(&surabaya))
        .await;
    assert_eq!(
        agency.body["reporter"]["email"], ADDRESS,
        "a named reporter is still known to the agency"
    );
    assert_eq!(
        agency.body["reporter"]["name"], "Kartika Sembunyi",
        "the signature names a sender whose From has no name"
    );
}

async fn a_message_to_the_anonymous_address_files_a_report_no_agency_can_name(app: TestApp) {
    let anonymous = with_anonymous_address(&app);
    let raw = String::from_utf8_lossy(&corpus("laporan-tanda-tangan.eml"))
        .replace("lapor@aduan.contoh.id", "anonim@aduan.contoh.id")
        .into_bytes();
    let id = filed(&take_with(&app, &anonymous, &raw).await).to_string();
    let report = app
        .store
        .get_report(&id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(report.anonymous);
    let receipt = app.store.list_outbox(None, 100).await.unwrap();
    assert!(
        receipt
            .iter()
            .any(|m| m.dedup_key == format!("{id}:received") && m.recipient == ADDRESS),
        "the receipt still reaches the sender: {receipt:?}"
    );
    let surabaya = dispatch(&app, &id).await;
    let officer = app.login("dinas-pu").await;
    app.act_ok(
        &id,
        As::Token(&officer),
        json!({"action": "follow_up", "body": "Kami periksa petugas loket."}),
    )
    .await;
    let notices = app.store.list_outbox(None, 100).await.unwrap();
    assert!(
        notices.iter().any(|m| m.template == "follow_up_posted"
            && m.recipient == report.reporter.to_string()
            && m.channel == aduan_store::NotifyChannel::Email),
        "the follow-up notice goes to the anonymous reporter by e-mail"
    );
    let address = app
        .store
        .get_identity(&report.reporter)
        .await
        .unwrap()
        .unwrap()
        .email;
    assert_eq!(address.as_deref(), Some(ADDRESS), "kept to deliver it");
    // The reporter answers the notice from the signed reply address of their mail.
    let token = aduan_mail::token::reply_token(&anonymous.reply_secret, &id);
    let answer = format!(
        "From: Kartika Sembunyi <{ADDRESS}>\nTo: <lapor+{token}@{DOMAIN}>\nSubject: Re: Tindak lanjut\nMessage-ID: <jawab-1@contoh.id>\n\nPetugasnya masih meminta uang hari ini.\n\nSalam,\nKartika Sembunyi\n0813 5554 4433\n"
    );
    let outcome = take_with(&app, &anonymous, answer.as_bytes()).await;
    assert!(
        matches!(
            outcome,
            Outcome::Answered {
                action: "reply",
                ..
            }
        ),
        "{outcome:?}"
    );
    for token in [&surabaya, &officer] {
        let who = As::Token(token);
        let view = app.get(&format!("/api/v1/reports/{id}"), who).await;
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
            let res = app.get(&path, who).await;
            assert_eq!(res.status, 200, "{path}: {}", res.text);
            assert_no_secret(&path, &res.text);
        }
        let events = app.get(&format!("/api/v1/reports/{id}/events"), who).await;
        assert!(
            events
                .text
                .contains("Petugasnya masih meminta uang hari ini."),
            "the answer reached the agency: {}",
            events.text
        );
    }
}

on_both_backends!(
    a_new_reports_signature_and_senders_identity_are_not_in_the_words_the_public_reads,
    a_message_to_the_anonymous_address_files_a_report_no_agency_can_name,
);
