//! A reporter's data rights from the chat they filed from: `DATA <id>` answers with what is
//! held (sealed in the outbox until sent, nothing of it kept after), `HAPUS <id>` asks for a
//! `YA`, `HAPUS <id> YA` erases the identity (audited with the channel; the report stays) and
//! clears the conversation's answers already sent; nobody else's chat may ask, and after the
//! erasure the chat is no longer the reporter's.

use crate::lifecycle::{filed, say};
use crate::support::{report, tg_chat_id, tg_text};
use aduan_store::OutboxState;
use aduan_testkit::TestApp;
use axum::http::StatusCode;
use serde_json::json;

async fn a_chat_reporter_sees_their_data_and_erases_their_identity_from_the_chat(app: TestApp) {
    let rig = app.chat_rig().await;
    let id = filed(&app, &rig).await;
    let handle = format!("telegram:{}", tg_chat_id());

    // Another chat may not ask.
    let mut stranger = tg_text(80, &format!("DATA {id}"));
    stranger["message"]["chat"]["id"] = json!(2222222);
    stranger["message"]["from"]["id"] = json!(2222222);
    let before = rig.telegram_texts().len();
    assert_eq!(rig.telegram_update(&stranger).await, StatusCode::OK);
    rig.deliver(&app).await;
    let refused = rig.telegram_texts()[before..].to_vec();
    assert!(
        refused[0].contains("tidak dikirim dari akun ini"),
        "{refused:?}"
    );
    assert!(!refused[0].contains("Budi"), "{refused:?}");

    let data = say(&app, &rig, 81, &format!("DATA {id}")).await;
    assert!(
        data[0].contains("Budi Santoso") && data[0].contains(&format!("HAPUS {id} YA")),
        "{data:?}"
    );
    // Every answer (the summary before sending named Budi too) went through the outbox
    // sealed, and keeps nothing once sent, erasure or not.
    let outbox = app.store.list_outbox(None, 500).await.unwrap();
    let answers: Vec<_> = outbox
        .iter()
        .filter(|m| m.template == "chat_private")
        .collect();
    assert!(answers.len() > 5, "{outbox:?}");
    for sent in answers {
        assert_eq!(sent.state, OutboxState::Sent);
        assert!(
            sent.secret.is_none() && sent.payload == json!({}) && sent.recipient == "sent",
            "nothing of it is kept once sent: {sent:?}"
        );
    }

    let asked = say(&app, &rig, 82, &format!("hapus {id}")).await;
    assert!(asked[0].contains(&format!("HAPUS {id} YA")), "{asked:?}");
    assert_eq!(report(&app, &id).await["reporter"]["name"], "Budi Santoso");

    let done = say(&app, &rig, 83, &format!("HAPUS {id} YA")).await;
    assert!(done[0].contains("sudah dihapus"), "{done:?}");
    let seen = report(&app, &id).await;
    assert!(seen["reporter"]["name"].is_null(), "{}", seen["reporter"]);
    assert!(seen["reporter"]["chat"].is_null(), "{}", seen["reporter"]);
    assert_eq!(seen["title"], "Drainase tersumbat", "the report stays");
    let (audit, _, _) = app.store.list_audit().await.unwrap();
    let entry = audit
        .iter()
        .find(|e| e.action == "identity.erase_own")
        .expect("audited");
    assert_eq!(entry.payload["channel"], "chat");
    assert!(
        entry.payload["chat_answers"].as_u64().unwrap() > 5,
        "{}",
        entry.payload
    );
    // The conversation's answers sent before the erasure keep no text.
    let prefix = aduan_app::auth::chat_answers_prefix(&app.state.deployment_key, &handle);
    let outbox = app.store.list_outbox(None, 500).await.unwrap();
    let before_erasure: Vec<_> = outbox
        .iter()
        .filter(|m| m.dedup_key.starts_with(&prefix) && m.recipient == "erased")
        .collect();
    assert!(before_erasure.len() > 5, "{before_erasure:?}");
    assert!(before_erasure.iter().all(|m| m.payload == json!({})));
    let text =
        serde_json::to_string(&outbox.iter().map(|m| &m.payload).collect::<Vec<_>>()).unwrap();
    assert!(
        !text.contains("Budi"),
        "no answer names the reporter: {text}"
    );

    // The chat is no longer the reporter's.
    let after = say(&app, &rig, 84, &format!("DATA {id}")).await;
    assert!(
        after[0].contains("tidak dikirim dari akun ini"),
        "{after:?}"
    );
}

aduan_testkit::on_both_backends!(
    a_chat_reporter_sees_their_data_and_erases_their_identity_from_the_chat,
);
