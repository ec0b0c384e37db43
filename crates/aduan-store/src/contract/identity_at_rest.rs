//! Contract cases for identities at rest (issue 20): nothing in the database, its WAL or its
//! dump reveals an identity without the key; identities are still read and looked up with it,
//! across a rotation.

use super::{Harness, dispatched_history, rng, sample_identity, submit, t0};
use crate::{ContactMatch, DeploymentKey, Keyring, Store};
use aduan_domain::ReporterId;
use aduan_domain::report::{Report, ReporterIdentity};
use aduan_domain::workdays::WorkCalendar;
use chrono::Duration;
use std::sync::Arc;

/// The texts of the sample identity an attacker would look for.
const SAMPLE_SECRETS: [&str; 5] = [
    "Rahmawati",
    "siti.rahmawati@example.id",
    "6281234567890",
    "3578014507900001",
    "telegram:123456789",
];

/// Asserts that none of `secrets` is in the database's raw bytes, and that the bytes do hold
/// the plain text of the reports (so the search could have found text).
async fn assert_unreadable(h: &dyn Harness, secrets: &[&str]) {
    let raw = h.raw_bytes().await;
    let found = |needle: &str| raw.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(
        found("Jalan berlubang di Jl. Ahmad Yani"),
        "the reports' text is in the raw bytes ({} bytes), so a search for identities can find text",
        raw.len()
    );
    for secret in secrets {
        assert!(
            !found(secret),
            "`{secret}` is readable in the database's raw bytes"
        );
    }
}

async fn bulk(store: &dyn Store, n: usize) -> Vec<Report> {
    let mut rng = rng();
    let histories: Vec<_> = (0..n)
        .map(|i| {
            let at = t0() + Duration::minutes(i as i64);
            dispatched_history(&mut rng, false, at, at + Duration::hours(1), Vec::new())
        })
        .collect();
    store
        .insert_histories(&histories, &WorkCalendar::default())
        .await
        .unwrap();
    histories.into_iter().map(|h| h.report).collect()
}

fn matched(report: &Report) -> ContactMatch {
    ContactMatch {
        report: report.tracking_id,
        reporter: report.reporter.clone(),
    }
}

/// Identities written by a submission and by the bulk loader are sealed: the database's files
/// (SQLite's file and WAL) or its dump (PostgreSQL) hold none of their text, while the store
/// reads them back and finds their reports by e-mail (whatever its case), phone and chat.
pub async fn no_identity_is_readable_from_the_database_without_the_key(h: &dyn Harness) {
    let s = h.store();
    let (report, _) = submit(s.as_ref(), false).await;
    let loaded = bulk(s.as_ref(), 3).await;
    assert_unreadable(h, &SAMPLE_SECRETS).await;

    assert_eq!(
        s.get_identity(&report.reporter).await.unwrap(),
        Some(sample_identity())
    );
    assert_eq!(
        s.get_identity(&loaded[2].reporter).await.unwrap(),
        Some(sample_identity())
    );
    let by_email = s
        .reports_by_contact(Some("Siti.Rahmawati@EXAMPLE.id"), None, 10)
        .await
        .unwrap();
    assert_eq!(by_email.len(), 4);
    assert!(by_email.contains(&matched(&report)));
    let by_phone = s
        .reports_by_contact(None, Some("+6281234567890"), 10)
        .await
        .unwrap();
    assert_eq!(by_phone, by_email);
    assert_eq!(
        s.reports_by_contact(None, Some("+6281234567891"), 10)
            .await
            .unwrap(),
        Vec::new()
    );
    assert_eq!(
        s.reports_by_chat("telegram:123456789", 10)
            .await
            .unwrap()
            .len(),
        4
    );
}

/// Identities a version before issue 20 wrote in plain text (a reporter, an account, outbox
/// addresses, a chat conversation) are sealed when the database is next opened, which then
/// compacts it: their text is in neither file nor dump, and all of them still read back.
pub async fn identities_stored_in_plain_text_are_sealed_on_opening_and_their_text_leaves_the_files(
    h: &dyn Harness,
) {
    let s = h.store();
    submit(s.as_ref(), false).await;
    h.exec_sql(
        "INSERT INTO reporters (id, name, email, phone, nik, chat, created_at) VALUES \
         ('rp_lama', 'Bambang Sulistyo', 'bambang.lama@contoh.id', '+6285600011122', \
         '3301020304050006', 'whatsapp:6285600011122', '2026-01-05T00:00:00Z')",
    )
    .await;
    h.exec_sql(
        "INSERT INTO users (name, email, phone, nik, role, created_at) VALUES \
         ('Bambang Sulistyo', 'bambang.akun@contoh.id', '+6285600099988', \
         '3301020304050007', 'citizen', '2026-01-05T00:00:00Z')",
    )
    .await;
    h.exec_sql(
        "INSERT INTO outbox (recipient_kind, recipient, channel, template, language, payload, \
         dedup_key, state, created_at, sent_at) VALUES \
         ('address', '+6285600077711', 'sms', 'access_code', 'id', '{}', 'lama:terkirim', \
         'sent', '2026-01-05T00:00:00Z', '2026-01-05T00:01:00Z'), \
         ('address', 'bambang.menunggu@contoh.id', 'email', 'access_code', 'id', '{}', \
         'lama:menunggu', 'pending', '2026-01-05T00:00:00Z', NULL)",
    )
    .await;
    h.exec_sql(
        "INSERT INTO chat_conversations (network, sender, language, step, draft, \
         last_inbound_at, expires_at, version) VALUES ('telegram', '7700112233', 'id', 'phone', \
         '{\"name\": \"Bambang Percakapan\"}', '2026-01-05T00:00:00Z', \
         '2026-01-05T00:30:00Z', 1)",
    )
    .await;
    let reopened = h.reopen().await;
    assert_unreadable(
        h,
        &[
            "Bambang",
            "bambang.lama@contoh.id",
            "6285600011122",
            "3301020304050006",
            "bambang.akun@contoh.id",
            "6285600099988",
            "3301020304050007",
            "6285600077711",
            "bambang.menunggu@contoh.id",
            "7700112233",
        ],
    )
    .await;
    let waiting = reopened.list_outbox(None, 10).await.unwrap();
    let address = |dedup: &str| {
        waiting
            .iter()
            .find(|m| m.dedup_key == dedup)
            .map(|m| m.recipient.clone())
    };
    assert_eq!(address("lama:terkirim").as_deref(), Some("sent"));
    assert_eq!(
        address("lama:menunggu").as_deref(),
        Some("bambang.menunggu@contoh.id")
    );
    let conversation = reopened
        .get_chat_conversation("telegram", "7700112233")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(conversation.draft["name"], "Bambang Percakapan");
    let account = reopened
        .find_user_by_login("bambang.akun@contoh.id")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.name, "Bambang Sulistyo");
    assert_eq!(account.nik.as_deref(), Some("3301020304050007"));
    assert_eq!(
        reopened
            .get_identity(&ReporterId::from_stored("rp_lama"))
            .await
            .unwrap(),
        Some(ReporterIdentity {
            name: Some("Bambang Sulistyo".into()),
            email: Some("bambang.lama@contoh.id".into()),
            phone: Some("+6285600011122".into()),
            nik: Some("3301020304050006".into()),
            chat: Some("whatsapp:6285600011122".into()),
        })
    );
    let keys = reopened.identity_keys().await.unwrap();
    assert!(keys.iter().all(|k| k.key_id.is_some()), "{keys:?}");
}

/// With a new current key, identities sealed with the old one still open and are still found;
/// a rotation in small batches seals each again with the new key; afterwards the old key is
/// no longer needed.
pub async fn a_rotation_seals_every_identity_with_the_new_key_and_look_ups_work_throughout(
    h: &dyn Harness,
) {
    let s = h.store();
    let (report, _) = submit(s.as_ref(), false).await;
    bulk(s.as_ref(), 4).await;
    let new_key = DeploymentKey::generate();
    assert_eq!(s.keyring_ids().len(), 1);
    let rotated = Arc::new(Keyring::for_tests().with_current(new_key.clone()).unwrap());
    let s2 = h.reopen_with(rotated.clone()).await;
    let before = s2.identity_keys().await.unwrap();
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].identities, 5);
    assert_ne!(before[0].key_id.as_deref(), Some(rotated.current_id()));
    let found = |store: Arc<dyn Store>| async move {
        store
            .reports_by_contact(Some("siti.rahmawati@example.id"), None, 10)
            .await
            .unwrap()
            .len()
    };
    assert_eq!(
        found(s2.clone()).await,
        5,
        "found by the previous key's index"
    );

    let first = s2.reseal_identities(None, 2).await.unwrap();
    assert_eq!((first.scanned, first.resealed), (2, 2));
    assert_eq!(
        found(s2.clone()).await,
        5,
        "found halfway through a rotation"
    );
    let mut after = first.last;
    let mut resealed = first.resealed;
    while let Some(last) = after {
        let step = s2.reseal_identities(Some(&last), 2).await.unwrap();
        resealed += step.resealed;
        after = step.last;
    }
    assert_eq!(resealed, 5);
    let again = s2.reseal_identities(None, 10).await.unwrap();
    assert_eq!(
        (again.scanned, again.resealed),
        (5, 0),
        "nothing left to seal"
    );
    assert_eq!(
        s2.identity_keys().await.unwrap(),
        vec![crate::KeyUse {
            key_id: Some(rotated.current_id().to_owned()),
            identities: 5
        }]
    );

    let only_new = Keyring::from_text(&format!("{}\n", new_key.to_base64().as_str())).unwrap();
    let s3 = h.reopen_with(Arc::new(only_new)).await;
    assert_eq!(
        s3.get_identity(&report.reporter).await.unwrap(),
        Some(sample_identity())
    );
    assert_eq!(found(s3).await, 5, "found by the new key's index alone");
}

/// A store given another deployment's key opens no identity and finds nobody by contact.
pub async fn a_database_sealed_with_another_key_does_not_open_its_identities(h: &dyn Harness) {
    let s = h.store();
    let (report, _) = submit(s.as_ref(), false).await;
    let stranger = h.reopen_with(Arc::new(Keyring::generate())).await;
    assert!(stranger.get_identity(&report.reporter).await.is_err());
    assert_eq!(
        stranger
            .reports_by_contact(
                Some("siti.rahmawati@example.id"),
                Some("+6281234567890"),
                10
            )
            .await
            .unwrap(),
        Vec::new()
    );
}

/// A message waiting to go to a bare address holds it sealed (the delivery still reads it);
/// once sent it keeps no address at all.
pub async fn an_address_waiting_in_the_outbox_is_sealed_and_a_sent_message_keeps_none(
    h: &dyn Harness,
) {
    let s = h.store();
    submit(s.as_ref(), false).await;
    let mut message = super::access_code_message(&DeploymentKey::generate(), "access_code:rahasia");
    message.recipient = "+6289912345678".into();
    let queued = s.insert_outbox(&[message], t0()).await.unwrap();
    assert_unreadable(h, &["6289912345678"]).await;
    let waiting = s.get_outbox(queued[0].id).await.unwrap().unwrap();
    assert_eq!(waiting.recipient, "+6289912345678");
    let started = s.start_delivery(queued[0].id).await.unwrap().unwrap();
    assert_eq!(started.recipient, "+6289912345678");
    assert!(s.mark_outbox_sent(queued[0].id, t0()).await.unwrap());
    let sent = s.get_outbox(queued[0].id).await.unwrap().unwrap();
    assert_eq!(sent.recipient, "sent");
    assert_eq!(sent.secret, None);
}

/// An account's name, e-mail, phone and NIK are sealed like a reporter's: not in the files or
/// the dump, while the account logs in by e-mail (any case) or phone, shows its name, and a
/// second account with the same e-mail is still refused.
pub async fn an_accounts_identity_is_sealed_and_it_still_logs_in_by_e_mail_or_phone(
    h: &dyn Harness,
) {
    let s = h.store();
    submit(s.as_ref(), false).await;
    let new = crate::NewUser {
        name: "Dewi Kartikasari".into(),
        email: Some("dewi.kartika@contoh.id".into()),
        phone: Some("+6281355566677".into()),
        nik: Some("3273014101900003".into()),
        password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$bGFtYQ".into()),
        role: aduan_domain::Role::Citizen,
        agency: None,
        unit: None,
        body: None,
    };
    let dewi = s.create_user(&new, "self", t0()).await.unwrap();
    assert_eq!(dewi.name, "Dewi Kartikasari");
    assert_unreadable(
        h,
        &[
            "Kartikasari",
            "dewi.kartika@contoh.id",
            "6281355566677",
            "3273014101900003",
        ],
    )
    .await;
    for login in ["DEWI.Kartika@contoh.id", "+6281355566677"] {
        let found = s.find_user_by_login(login).await.unwrap().unwrap();
        assert_eq!(found.id, dewi.id);
        assert_eq!(found.email.as_deref(), Some("dewi.kartika@contoh.id"));
        assert_eq!(found.nik.as_deref(), Some("3273014101900003"));
    }
    let again = s.create_user(&new, "self", t0()).await;
    assert!(
        matches!(again, Err(crate::StoreError::Conflict { .. })),
        "{again:?}"
    );
    let got = s.get_user(dewi.id).await.unwrap().unwrap();
    assert_eq!(got.phone.as_deref(), Some("+6281355566677"));
}

/// A chat conversation's sender and draft (the name and number a reporter typed) are sealed:
/// not in the files or the dump; the conversation is still found by its sender, moves from
/// its version, and lapses with its sender known.
pub async fn a_chat_conversations_sender_and_draft_are_sealed(h: &dyn Harness) {
    use crate::{ChatState, ChatStep, ChatStepOutcome, Language};
    let s = h.store();
    submit(s.as_ref(), false).await;
    let at = t0();
    let step = |from: Option<i64>, name: &str| ChatStep {
        network: "whatsapp".into(),
        sender: "6281977788899".into(),
        message_id: None,
        at,
        state: Some(ChatState {
            from_version: from,
            language: Language::Id,
            step: Some("phone".into()),
            draft: serde_json::json!({ "name": name, "phone": "+6281977788899" }),
            expires_at: Some(at + Duration::minutes(30)),
            last_inbound_at: at,
        }),
        answers: Vec::new(),
    };
    assert_eq!(
        s.write_chat_step(&step(None, "Rina Puspitasari"))
            .await
            .unwrap(),
        ChatStepOutcome::Written
    );
    let found = s
        .get_chat_conversation("whatsapp", "6281977788899")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.sender, "6281977788899");
    assert_eq!(found.draft["name"], "Rina Puspitasari");
    assert_eq!(
        s.write_chat_step(&step(Some(found.version), "Rina P. Sari"))
            .await
            .unwrap(),
        ChatStepOutcome::Written
    );
    assert_eq!(
        s.write_chat_step(&step(Some(found.version), "stale"))
            .await
            .unwrap(),
        ChatStepOutcome::Moved
    );
    assert_unreadable(h, &["6281977788899", "Puspitasari", "Rina P. Sari"]).await;
    let lapsed = s
        .lapsed_chat_conversations(at + Duration::hours(1), 10)
        .await
        .unwrap();
    assert_eq!(lapsed.len(), 1);
    assert_eq!(lapsed[0].sender, "6281977788899");
    assert_eq!(lapsed[0].draft["name"], "Rina P. Sari");
}
