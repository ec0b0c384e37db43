//! A reply is taken only with the report's signed reply token, from the reporter's address,
//! vouched for by our own mail server when `authserv_id` is set. Our Message-IDs carry the
//! tracking id, so a message that merely answers one of them proves nothing; and whether a
//! forged answer guessed the reporter's address or not, nothing anyone can see changes.

use crate::replies::{SITI, followed_up, replies_seen_by};
use crate::support::{DOMAIN, answering, mail_in, report_count, take, take_with};
use aduan_mail::inbound::{Ignored, MailInSettings, Outcome};
use aduan_testkit::{As, TestApp, on_both_backends};

/// Everything the report shows to the national admin (who sees most), the outbox, and how
/// many reports there are: what a forged answer must leave as it is.
async fn what_anyone_can_see(app: &TestApp, id: &str) -> String {
    let national = app.login("national").await;
    let n = As::Token(&national);
    let report = app.get(&format!("/api/v1/reports/{id}"), n).await.text;
    let events = app
        .get(&format!("/api/v1/reports/{id}/events"), n)
        .await
        .text;
    let outbox: Vec<String> = app
        .store
        .list_outbox(None, 1000)
        .await
        .unwrap()
        .iter()
        .map(|m| format!("{} {}", m.dedup_key, m.recipient))
        .collect();
    format!(
        "{report}\n{events}\n{outbox:?}\n{} reports",
        report_count(app).await
    )
}

/// The Outlook answer of the corpus: no token, only `In-Reply-To` naming our notice, from
/// `from`.
fn threaded_only(app: &TestApp, id: &str, from: &str) -> Vec<u8> {
    String::from_utf8_lossy(&answering(app, "balasan-notifikasi-outlook.eml", id))
        .replace(
            "From: \"Rahmawati, Siti\" <Siti.Rahmawati@example.co.id>",
            &format!("From: Siti <{from}>"),
        )
        .into_bytes()
}

async fn an_answer_found_only_by_in_reply_to_is_left_alone_even_from_the_reporters_address(
    app: TestApp,
) {
    let (id, agency) = followed_up(&app).await;
    let before = what_anyone_can_see(&app, &id).await;
    let outcome = take(&app, &threaded_only(&app, &id, SITI)).await;
    assert_eq!(outcome, Outcome::Ignored(Ignored::UnsignedReply));
    assert!(replies_seen_by(&app, &id, &agency).await.is_empty());
    assert_eq!(what_anyone_can_see(&app, &id).await, before);
}

async fn a_guessed_address_cannot_be_confirmed_by_a_forged_answer(app: TestApp) {
    let (id, agency) = followed_up(&app).await;
    let before = what_anyone_can_see(&app, &id).await;
    // An agency suspects Siti: it forges her answer, then another person's, each threaded to
    // the notice (its Message-ID is guessable) and each to a made-up reply token.
    let forged_token = format!("lapor+{id}.0123456789ab@{DOMAIN}");
    let mut outcomes = Vec::new();
    for (n, suspect) in [SITI, "orang.lain@example.net"].into_iter().enumerate() {
        let threaded = String::from_utf8_lossy(&threaded_only(&app, &id, suspect))
            .replace("Message-ID: <SG2PR", &format!("Message-ID: <{n}SG2PR"));
        outcomes.push(take(&app, threaded.as_bytes()).await.code());
        let tokened = threaded
            .replace("Message-ID: <", "Message-ID: <tok")
            .replace(
                "To: \"lapor@aduan.contoh.id\" <lapor@aduan.contoh.id>",
                &format!("To: <{forged_token}>"),
            );
        outcomes.push(take(&app, tokened.as_bytes()).await.code());
    }
    assert_eq!(
        outcomes, ["ignored:unsigned_reply"; 4],
        "the same outcome whoever the sender is"
    );
    assert!(replies_seen_by(&app, &id, &agency).await.is_empty());
    assert_eq!(
        what_anyone_can_see(&app, &id).await,
        before,
        "no reply, no notice, no new report"
    );
}

/// The Gmail answer of the corpus to the signed address, with `auth` as the first header.
fn signed_with(app: &TestApp, id: &str, auth: &str) -> Vec<u8> {
    let raw =
        String::from_utf8_lossy(&answering(app, "balasan-notifikasi-gmail.eml", id)).into_owned();
    format!("{auth}{raw}").into_bytes()
}

async fn with_an_authserv_id_only_our_mail_servers_results_vouch_for_the_reporter(app: TestApp) {
    let (id, agency) = followed_up(&app).await;
    let strict = aduan_mail::inbound::MailIn {
        settings: MailInSettings {
            authserv_id: "mx.aduan.contoh.id".into(),
            ..mail_in(&app).settings
        },
        ..mail_in(&app)
    };
    let before = what_anyone_can_see(&app, &id).await;
    let cases = [
        ("", "no results at all"),
        (
            "Authentication-Results: mx.penipu.example; dkim=pass header.d=example.co.id; dmarc=pass header.from=example.co.id\n",
            "results written under another authserv-id",
        ),
        (
            "Authentication-Results: mx.aduan.contoh.id; dkim=fail header.d=example.co.id; spf=fail smtp.mailfrom=example.co.id; dmarc=fail header.from=example.co.id\n",
            "our server's failure",
        ),
    ];
    for (n, (auth, what)) in cases.iter().enumerate() {
        let raw = String::from_utf8_lossy(&signed_with(&app, &id, auth))
            .replace("Message-ID: <CAJ4", &format!("Message-ID: <{n}CAJ4"))
            .into_bytes();
        assert_eq!(
            take_with(&app, &strict, &raw).await,
            Outcome::Ignored(Ignored::Unauthenticated),
            "{what}"
        );
    }
    assert_eq!(what_anyone_can_see(&app, &id).await, before);
    let vouched = signed_with(
        &app,
        &id,
        "Authentication-Results: mx.aduan.contoh.id;\n dkim=pass (2048-bit key) header.d=example.co.id header.s=sel1;\n dmarc=pass (p=none) header.from=example.co.id\n",
    );
    let outcome = take_with(&app, &strict, &vouched).await;
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
    assert_eq!(replies_seen_by(&app, &id, &agency).await.len(), 1);
}

on_both_backends!(
    an_answer_found_only_by_in_reply_to_is_left_alone_even_from_the_reporters_address,
    a_guessed_address_cannot_be_confirmed_by_a_forged_answer,
    with_an_authserv_id_only_our_mail_servers_results_vouch_for_the_reporter,
);
