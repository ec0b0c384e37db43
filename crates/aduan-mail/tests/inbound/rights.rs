//! A reporter's data rights by answering one of our e-mails: `DATA` brings their data back by
//! e-mail to their own address (JSON, sealed in the outbox until sent), `HAPUS` sends them the
//! erasure's code, `HAPUS YA <code>` erases their identity (audited, the report stays) and says
//! so, a wrong or missing code only sends the code again; the English words answer in English;
//! nothing of it reaches the agency, no one else's address may ask, and a word with more text
//! below it is a reply.

use crate::commands::{answered, reply, reply_from};
use crate::replies::{SITI, followed_up, replies_seen_by};
use crate::support::take;
use aduan_mail::inbound::{Ignored, Outcome};
use aduan_store::{Language, OutboxMessage};
use aduan_testkit::{TestApp, on_both_backends};

/// The e-mails of `template` written for report `id`.
async fn written(app: &TestApp, id: &str, template: &str) -> Vec<OutboxMessage> {
    app.store
        .list_outbox(None, 500)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.template == template && m.payload["tracking_id"] == id)
        .collect()
}

async fn a_reporter_gets_their_data_and_erases_their_identity_by_answering_an_email(app: TestApp) {
    let (id, agency) = followed_up(&app).await;

    let asked = take(&app, &reply(&app, &id, "DATA\n\nSalam,\nSiti")).await;
    assert_eq!(answered(&asked), "my_data");
    let data = written(&app, &id, "my_data").await;
    assert_eq!(data.len(), 1);
    assert_eq!(data[0].recipient, SITI, "to the address that asked");
    assert_eq!(data[0].language, Language::Id);
    let sealed = data[0].secret.as_ref().expect("the data travels sealed");
    let json = app
        .state
        .deployment_key
        .open(sealed, &data[0].dedup_key)
        .unwrap();
    assert!(
        json.contains("Siti Rahmawati") && json.contains(&id),
        "{}",
        json.as_str()
    );
    assert!(
        replies_seen_by(&app, &id, &agency).await.is_empty(),
        "nothing reaches the agency"
    );
    let english = take(&app, &reply(&app, &id, "My data")).await;
    assert_eq!(answered(&english), "my_data");
    let data = written(&app, &id, "my_data").await;
    assert!(
        data.iter().any(|m| m.language == Language::En),
        "answered in English"
    );

    // Another address may not ask.
    let other = take(
        &app,
        &reply_from(&app, "orang.lain@example.co.id", &id, "DATA"),
    )
    .await;
    assert_eq!(other, Outcome::Ignored(Ignored::NotTheReporter));

    // A word with more below it is the reporter's reply, for the agency.
    let prose = take(
        &app,
        &reply(&app, &id, "Hapus\n\nTolong hapus foto kedua dari laporan."),
    )
    .await;
    assert_eq!(answered(&prose), "reply");

    // HAPUS sends the code; nothing is erased, nor by a wrong code (which sends it again).
    let first = take(&app, &reply(&app, &id, "HAPUS")).await;
    assert_eq!(answered(&first), "erase_asked");
    let asked = written(&app, &id, "erase_confirm").await;
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].recipient, SITI);
    let sealed = asked[0].secret.as_ref().expect("the code travels sealed");
    let code = app
        .state
        .deployment_key
        .open(sealed, &asked[0].dedup_key)
        .unwrap();
    let wrong = take(&app, &reply(&app, &id, "HAPUS YA AAAA-AAAA")).await;
    assert_eq!(answered(&wrong), "erase_asked");
    let bare = take(&app, &reply(&app, &id, "Hapus ya")).await;
    assert_eq!(answered(&bare), "erase_asked");
    let report = app
        .store
        .get_report(&id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let who = app
        .store
        .get_identity(&report.reporter)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(who.email.as_deref(), Some(SITI), "still held");

    // HAPUS YA with the code erases, audited with the channel; the report stays; the reporter
    // is told.
    let done = take(
        &app,
        &reply(&app, &id, &format!("hapus ya {}", code.to_lowercase())),
    )
    .await;
    assert_eq!(answered(&done), "erase_identity");
    let who = app.store.get_identity(&report.reporter).await.unwrap();
    assert!(
        who.as_ref()
            .is_none_or(|w| w.email.is_none() && w.name.is_none()),
        "{who:?}"
    );
    let told = written(&app, &id, "identity_erased").await;
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].recipient, SITI);
    let (audit, _, _) = app.store.list_audit().await.unwrap();
    let entry = audit
        .iter()
        .find(|e| e.action == "identity.erase_own")
        .expect("audited");
    assert_eq!(entry.payload["channel"], "email");
    assert!(
        app.store
            .get_report(&report.tracking_id)
            .await
            .unwrap()
            .is_some()
    );
    // Erased, the address is no longer the reporter's.
    let after = take(&app, &reply(&app, &id, "DATA")).await;
    assert_eq!(after, Outcome::Ignored(Ignored::NotTheReporter));
}

on_both_backends!(a_reporter_gets_their_data_and_erases_their_identity_by_answering_an_email);
