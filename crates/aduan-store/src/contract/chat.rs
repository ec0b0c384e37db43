//! Contract cases for the chat channels' records: a network message is claimed once, a
//! conversation step is written only from the version it was read at, with its answers;
//! lapsed questions are found, old records forgotten; reports are found by the chat handle
//! that filed them.

use super::{Harness, submit, t0};
use crate::{
    ChatClaim, ChatState, ChatStep, ChatStepOutcome, Language, NewOutboxMessage, NotifyChannel,
    RecipientKind,
};
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
        state: Some(ChatState {
            from_version: from,
            language: Language::En,
            step: open.then(|| "title".to_owned()),
            draft: json!({ "title": message }),
            expires_at: open.then(|| at + Duration::minutes(30)),
            last_inbound_at: at,
        }),
        answers: vec![answer(&format!("chat:{message}:0"))],
    }
}

async fn claim(s: &dyn crate::Store, message: &str, now: DateTime<Utc>) -> ChatClaim {
    s.claim_chat_message("telegram", message, now, now - Duration::minutes(5))
        .await
        .unwrap()
}

/// A message is claimed once: a second delivery while the first is handled is busy, after it
/// is done it is done, on any instance; a claim never finished is taken over once stale.
pub async fn a_chat_message_is_claimed_once_and_a_stale_claim_taken_over(h: &dyn Harness) {
    let s = h.store();
    let again = h.reopen().await;
    assert_eq!(claim(s.as_ref(), "1111111:1", t0()).await, ChatClaim::Fresh);
    assert_eq!(
        claim(again.as_ref(), "1111111:1", t0()).await,
        ChatClaim::Busy
    );
    let first = step("1111111:1", None, t0(), true);
    assert_eq!(
        s.write_chat_step(&first).await.unwrap(),
        ChatStepOutcome::Written
    );
    assert_eq!(
        claim(again.as_ref(), "1111111:1", t0()).await,
        ChatClaim::Done
    );
    assert_eq!(
        again.write_chat_step(&first).await.unwrap(),
        ChatStepOutcome::Duplicate,
        "a step for a message done already writes nothing"
    );
    assert_eq!(claim(s.as_ref(), "1111111:9", t0()).await, ChatClaim::Fresh);
    let later = t0() + Duration::minutes(10);
    assert_eq!(
        claim(again.as_ref(), "1111111:9", later).await,
        ChatClaim::Fresh,
        "a claim left by a process that died is taken over"
    );
    assert_eq!(claim(s.as_ref(), "1111111:9", later).await, ChatClaim::Busy);
}

/// A step writes the conversation and its answer together, only from the version it read;
/// a step that leaves the state as it is writes its answers alone.
pub async fn a_chat_step_moves_the_conversation_only_from_the_version_it_read(h: &dyn Harness) {
    let s = h.store();
    assert_eq!(
        s.get_chat_conversation("telegram", "1111111")
            .await
            .unwrap(),
        None
    );
    claim(s.as_ref(), "1111111:1", t0()).await;
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
    assert_eq!(s.count_outbox().await.unwrap().pending, 1);

    let again = h.reopen().await;
    claim(again.as_ref(), "1111111:2", t0()).await;
    let stale = step("1111111:2", None, t0(), false);
    assert_eq!(
        again.write_chat_step(&stale).await.unwrap(),
        ChatStepOutcome::Moved
    );
    assert_eq!(
        claim(again.as_ref(), "1111111:2", t0()).await,
        ChatClaim::Busy,
        "a step that moved nothing leaves its message claimed, not done"
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

    claim(s.as_ref(), "1111111:3", t0()).await;
    let mut answers_only = step("1111111:3", Some(1), t0(), false);
    answers_only.state = None;
    assert_eq!(
        s.write_chat_step(&answers_only).await.unwrap(),
        ChatStepOutcome::Written
    );
    assert_eq!(s.count_outbox().await.unwrap().pending, 3);
    let c = s
        .get_chat_conversation("telegram", "1111111")
        .await
        .unwrap();
    assert_eq!(c.map(|c| c.version), Some(2), "the state is left as it is");
}

/// Open questions past their time are found, oldest first, and answered ones are not; old
/// message claims and idle conversations are forgotten.
pub async fn lapsed_chat_questions_are_found_and_old_records_forgotten(h: &dyn Harness) {
    let s = h.store();
    claim(s.as_ref(), "1111111:1", t0()).await;
    s.write_chat_step(&step("1111111:1", None, t0(), true))
        .await
        .unwrap();
    claim(s.as_ref(), "2222222:1", t0() + Duration::minutes(5)).await;
    let mut other = step("2222222:1", None, t0() + Duration::minutes(5), true);
    other.sender = "2222222".into();
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

    assert_eq!(s.forget_chat_records(at(1), at(1)).await.unwrap(), (1, 0));
    assert_eq!(
        claim(s.as_ref(), "1111111:1", at(2)).await,
        ChatClaim::Fresh
    );
    assert_eq!(claim(s.as_ref(), "2222222:1", at(2)).await, ChatClaim::Done);

    // 1111111 answers its question; nothing is asked of it any more, and it goes quiet.
    let c = s
        .get_chat_conversation("telegram", "1111111")
        .await
        .unwrap()
        .unwrap();
    let mut quiet = step("1111111:1", Some(c.version), at(2), false);
    quiet.message_id = None;
    s.write_chat_step(&quiet).await.unwrap();
    assert_eq!(s.forget_chat_records(at(0), at(3)).await.unwrap(), (0, 1));
    assert_eq!(
        s.get_chat_conversation("telegram", "1111111")
            .await
            .unwrap(),
        None
    );
    assert!(
        s.get_chat_conversation("telegram", "2222222")
            .await
            .unwrap()
            .is_some(),
        "a conversation with a question open is kept"
    );
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
