//! Contract cases for a reporter's own erasure of their identity.

use super::{Harness, sample_identity, submit, t0};
use crate::{AUDIT_IDENTITY_ERASE_OWN, DeploymentKey, OutboxState, OwnErasure, SmsClaim};

/// A reporter's own erasure removes their identity (and with it every look-up by it), the
/// report's waiting message to their bare address and the SMS answer kept for a retry, leaves
/// another reporter's and the reports as they were, is audited with the channel and the report
/// and nothing that names them, and a second erasure finds nothing to do.
pub async fn a_reporter_erases_their_own_identity_and_the_report_stays(h: &dyn Harness) {
    let store = h.store();
    let s = store.as_ref();
    let (mine, _) = submit(s, false).await;
    let (theirs, _) = submit(s, false).await;
    assert!(s.get_identity(&mine.reporter).await.unwrap().is_some());
    let at = t0() + chrono::Duration::days(2);
    // A notice waiting for each report's bare address, and an SMS answer kept for each.
    let key = DeploymentKey::generate();
    let waiting = |id: &aduan_domain::TrackingId| {
        super::access_code_message(&key, &format!("{id}:v2:report_dispatched"))
    };
    let queued = s
        .insert_outbox(
            &[waiting(&mine.tracking_id), waiting(&theirs.tracking_id)],
            at,
        )
        .await
        .unwrap();
    let (mine_sms, theirs_sms) = ("gw-mine", "gw-theirs");
    let forget = at - chrono::Duration::days(7);
    for (gw, id) in [
        (mine_sms, &mine.tracking_id),
        (theirs_sms, &theirs.tracking_id),
    ] {
        s.claim_sms(gw, at, at, forget).await.unwrap();
        let answer = crate::SealedSecret(format!("answer-of-{gw}"));
        s.answer_sms(gw, &answer, Some(id), at).await.unwrap();
    }

    let erased = s
        .erase_reporter_identity(&mine.reporter, &mine.tracking_id, "sms", at, &[], None)
        .await
        .unwrap();
    assert_eq!(erased, OwnErasure::Erased);
    let left = s.get_identity(&mine.reporter).await.unwrap();
    assert!(
        left.as_ref().is_none_or(|who| *who == Default::default()),
        "nothing of the identity is left: {left:?}"
    );
    assert_eq!(
        s.get_identity(&theirs.reporter).await.unwrap(),
        Some(sample_identity()),
        "another reporter keeps theirs"
    );
    let report = s.get_report(&mine.tracking_id).await.unwrap().unwrap();
    assert_eq!(report.body, mine.body, "the report stays");
    let by_email = s
        .reports_by_contact(sample_identity().email.as_deref(), None, 10)
        .await
        .unwrap();
    assert!(
        by_email.iter().all(|m| m.report != mine.tracking_id),
        "no longer found by the erased e-mail"
    );

    let (entries, _, _) = s.list_audit().await.unwrap();
    let entry = entries
        .iter()
        .find(|e| e.action == AUDIT_IDENTITY_ERASE_OWN)
        .expect("the erasure is audited");
    assert_eq!(entry.subject, format!("report:{}", mine.tracking_id));
    assert_eq!(
        entry.payload,
        serde_json::json!({
            "channel": "sms", "messages": 1, "sms_answers": 1, "chat_answers": 0,
        })
    );
    let message = s.get_outbox(queued[0].id).await.unwrap().unwrap();
    assert_eq!(
        message.state,
        OutboxState::Dead,
        "the waiting notice is not sent"
    );
    assert_eq!(message.recipient, "erased");
    assert!(message.secret.is_none() && message.payload == serde_json::json!({}));
    let kept = s.get_outbox(queued[1].id).await.unwrap().unwrap();
    assert_eq!(
        kept.state,
        OutboxState::Pending,
        "another report's notice waits"
    );
    assert_eq!(kept.recipient, "+6281234567890");
    let answer = |claim: SmsClaim| match claim {
        SmsClaim::Answered(sealed) => sealed.0,
        other => panic!("answered before: {other:?}"),
    };
    let mine_now = answer(s.claim_sms(mine_sms, at, at, forget).await.unwrap());
    assert_ne!(
        mine_now,
        format!("answer-of-{mine_sms}"),
        "the kept answer is gone"
    );
    let theirs_now = answer(s.claim_sms(theirs_sms, at, at, forget).await.unwrap());
    assert_eq!(theirs_now, format!("answer-of-{theirs_sms}"));
    let text = serde_json::to_string(&entries).unwrap_or_default();
    assert!(!text.contains("Siti"), "the audit names nobody");

    let again = s
        .erase_reporter_identity(&mine.reporter, &mine.tracking_id, "sms", at, &[], None)
        .await
        .unwrap();
    assert_eq!(again, OwnErasure::NothingHeld, "nothing left to erase");
    let (after, _, _) = s.list_audit().await.unwrap();
    assert_eq!(after.len(), entries.len(), "and nothing more audited");
}

/// A chat reporter's erasure clears their conversation's answers that were sent or died (no
/// text, no handle, no secret), leaves the one still waiting to go out, and another
/// conversation's answers as they were; the count is audited.
pub async fn a_chat_reporters_erasure_clears_their_conversations_sent_and_dead_answers(
    h: &dyn Harness,
) {
    let store = h.store();
    let s = store.as_ref();
    let key = DeploymentKey::generate();
    let answer = |dedup: &str| {
        let mut m = super::access_code_message(&key, dedup);
        m.channel = crate::NotifyChannel::Chat;
        m.recipient = "telegram:5550001".into();
        m.template = "chat_text".into();
        m.payload = serde_json::json!({"text": "Laporan LAP-2026-ABCD: Siti Rahmawati"});
        m
    };
    // Killed first, while its delivery job is the only one due.
    let died = s
        .insert_outbox(&[answer("chat:aa11:01:0")], t0())
        .await
        .unwrap()[0]
        .id;
    super::kill(s, died).await;
    let (mine, _) = submit(s, false).await;
    let at = t0() + chrono::Duration::days(2);
    let queued = s
        .insert_outbox(
            &[
                answer("chat:aa11:02:0"),
                answer("chat:aa11:03:0"),
                answer("chat:bb22:01:0"),
            ],
            at,
        )
        .await
        .unwrap();
    let (sent, waiting, another) = (queued[0].id, queued[1].id, queued[2].id);
    s.start_delivery(sent).await.unwrap().unwrap();
    assert!(s.mark_outbox_sent(sent, at).await.unwrap());
    let plain = s.get_outbox(sent).await.unwrap().unwrap();
    assert_eq!(
        plain.payload,
        serde_json::json!({}),
        "a plain chat answer of an earlier version keeps no text once sent"
    );

    let erased = s
        .erase_reporter_identity(
            &mine.reporter,
            &mine.tracking_id,
            "chat",
            at,
            &[],
            Some("chat:aa11:"),
        )
        .await
        .unwrap();
    assert_eq!(erased, OwnErasure::Erased);
    for id in [died, sent] {
        let m = s.get_outbox(id).await.unwrap().unwrap();
        assert_eq!(m.recipient, "erased", "{m:?}");
        assert!(
            m.payload == serde_json::json!({}) && m.secret.is_none(),
            "{m:?}"
        );
    }
    let m = s.get_outbox(waiting).await.unwrap().unwrap();
    assert_eq!(m.state, OutboxState::Pending, "the waiting answer goes out");
    assert_eq!(m.recipient, "telegram:5550001");
    let m = s.get_outbox(another).await.unwrap().unwrap();
    assert_eq!(m.recipient, "telegram:5550001", "another conversation's");
    assert_eq!(m.payload["text"], "Laporan LAP-2026-ABCD: Siti Rahmawati");
    let (entries, _, _) = s.list_audit().await.unwrap();
    let entry = entries
        .iter()
        .find(|e| e.action == AUDIT_IDENTITY_ERASE_OWN)
        .expect("the erasure is audited");
    assert_eq!(entry.payload["chat_answers"], 2);
}
