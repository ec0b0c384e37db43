//! Contract cases for the chat channels' records: a conversation step is written once per
//! network message and only from the version it was read at, with its answers; lapsed
//! questions are found; reports are found by the chat handle that filed them.

use super::{Harness, submit, t0};
use crate::{ChatStep, ChatStepOutcome, Language, NewOutboxMessage, NotifyChannel, RecipientKind};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

fn answer(dedup: &str) -> NewOutboxMessage {
    NewOutboxMessage {
        recipient_kind: RecipientKind::Address,
        recipient: "telegram:1111111".into(),
        channel: NotifyChannel::Chat,
        template: "chat_text".into(),
        language: Language::Id,
        payload: json!({ "text": "Tulis judul laporan Anda." }),
        secret: None,
        dedup_key: dedup.into(),
    }
}

fn step(message: &str, from: Option<i64>, at: DateTime<Utc>, open: bool) -> ChatStep {
    ChatStep {
        network: "telegram".into(),
        sender: "1111111".into(),
        message_id: Some(message.into()),
        at,
        last_inbound_at: at,
        from_version: from,
        language: Language::En,
        step: open.then(|| "title".to_owned()),
        draft: json!({ "title": message }),
        expires_at: open.then(|| at + Duration::minutes(30)),
        answers: vec![answer(&format!("chat:telegram:1111111:{message}:0"))],
    }
}

/// A step writes the conversation and its answer together; the same network message again
/// writes nothing, and a step made from a version that moved meanwhile writes nothing either.
pub async fn a_chat_step_is_written_once_per_message_and_only_from_the_version_it_read(
    h: &dyn Harness,
) {
    let s = h.store();
    assert_eq!(
        s.get_chat_conversation("telegram", "1111111")
            .await
            .unwrap(),
        None
    );
    assert!(!s.chat_message_taken("telegram", "1111111:1").await.unwrap());
    let first = step("1111111:1", None, t0(), true);
    assert_eq!(
        s.write_chat_step(&first).await.unwrap(),
        ChatStepOutcome::Written
    );
    let c = s
        .get_chat_conversation("telegram", "1111111")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (c.version, c.language, c.step.as_deref(), c.draft.clone()),
        (
            1,
            Language::En,
            Some("title"),
            json!({ "title": "1111111:1" })
        )
    );
    assert_eq!(c.expires_at, Some(t0() + Duration::minutes(30)));
    assert!(s.chat_message_taken("telegram", "1111111:1").await.unwrap());
    assert_eq!(s.count_outbox().await.unwrap().pending, 1);

    let again = h.reopen().await;
    assert_eq!(
        again.write_chat_step(&first).await.unwrap(),
        ChatStepOutcome::Duplicate,
        "a second delivery of the message, on any instance"
    );
    let stale = step("1111111:2", None, t0(), false);
    assert_eq!(
        again.write_chat_step(&stale).await.unwrap(),
        ChatStepOutcome::Moved
    );
    assert!(
        !again
            .chat_message_taken("telegram", "1111111:2")
            .await
            .unwrap(),
        "a step that moved nothing leaves its message to be taken again"
    );
    let next = step("1111111:2", Some(1), t0() + Duration::minutes(1), false);
    assert_eq!(
        again.write_chat_step(&next).await.unwrap(),
        ChatStepOutcome::Written
    );
    let c = s
        .get_chat_conversation("telegram", "1111111")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((c.version, c.step, c.expires_at), (2, None, None));
    assert_eq!(c.last_inbound_at, t0() + Duration::minutes(1));
    assert_eq!(s.count_outbox().await.unwrap().pending, 2);
    assert_eq!(
        again
            .write_chat_step(&step("1111111:3", Some(1), t0(), false))
            .await
            .unwrap(),
        ChatStepOutcome::Moved
    );
}

/// Open questions past their time are found, oldest first, and answered ones are not; the
/// record of taken messages forgets old ones.
pub async fn lapsed_chat_questions_are_found_and_old_message_ids_forgotten(h: &dyn Harness) {
    let s = h.store();
    s.write_chat_step(&step("1111111:1", None, t0(), true))
        .await
        .unwrap();
    let mut other = step("2222222:1", None, t0() + Duration::minutes(5), true);
    other.sender = "2222222".into();
    other.answers = vec![answer("chat:telegram:2222222:1:0")];
    s.write_chat_step(&other).await.unwrap();
    let at = |m| t0() + Duration::minutes(m);
    assert!(
        s.lapsed_chat_conversations(at(29), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let lapsed = s.lapsed_chat_conversations(at(40), 10).await.unwrap();
    let senders: Vec<&str> = lapsed.iter().map(|c| c.sender.as_str()).collect();
    assert_eq!(senders, ["1111111", "2222222"]);
    assert_eq!(
        s.lapsed_chat_conversations(at(40), 1).await.unwrap().len(),
        1
    );

    assert_eq!(s.forget_chat_inbox(at(1)).await.unwrap(), 1);
    assert!(!s.chat_message_taken("telegram", "1111111:1").await.unwrap());
    assert!(s.chat_message_taken("telegram", "2222222:1").await.unwrap());
}

/// A report is found by the chat handle it was filed from, and by no other.
pub async fn reports_are_found_by_the_chat_handle_that_filed_them(h: &dyn Harness) {
    let s = h.store();
    let (report, _) = submit(s.as_ref(), false).await;
    let handle = super::sample_identity().chat.unwrap();
    assert_eq!(
        s.reports_by_chat(&handle, 10).await.unwrap(),
        vec![report.tracking_id]
    );
    assert!(
        s.reports_by_chat("telegram:999", 10)
            .await
            .unwrap()
            .is_empty()
    );
    let who = s.get_identity(&report.reporter).await.unwrap().unwrap();
    assert_eq!(
        who.chat.as_deref(),
        Some(handle.as_str()),
        "kept with the identity"
    );
}
