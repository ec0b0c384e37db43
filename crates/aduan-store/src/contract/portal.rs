//! Contract cases for the citizens' portal: support votes, moderated comments, password resets
//! and notification preferences.

use super::{Harness, submit, t0};
use crate::{
    AUDIT_COMMENT_MODERATE, CommentId, DELIVER_OUTBOX_JOB, Language, NewOutboxMessage, NewUser,
    NotifyChannel, Preferences, RecipientKind, Store, StoreError, User,
};
use aduan_domain::Role;
use chrono::Duration;
use serde_json::json;

/// A citizen account named `name` with this e-mail address and a password.
pub async fn citizen(store: &dyn Store, name: &str, email: &str) -> User {
    let user = NewUser {
        name: name.into(),
        email: Some(email.into()),
        phone: None,
        nik: None,
        password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$bGFtYQ".into()),
        role: Role::Citizen,
        agency: None,
        unit: None,
        body: None,
    };
    store.create_user(&user, "self", t0()).await.unwrap()
}

/// The e-mail that carries a message to `user` (a reset link, a new access code).
pub fn message_to(recipient: RecipientKind, to: &str, template: &str) -> NewOutboxMessage {
    NewOutboxMessage {
        recipient_kind: recipient,
        recipient: to.into(),
        channel: NotifyChannel::Email,
        template: template.into(),
        language: Language::Id,
        payload: json!({}),
        secret: None,
        dedup_key: format!("{template}:{to}"),
    }
}

/// A second vote by the same person is not counted.
pub async fn a_second_vote_by_the_same_person_is_not_counted(h: &dyn Harness) {
    let s = h.store();
    let (report, _) = submit(s.as_ref(), false).await;
    let siti = citizen(s.as_ref(), "Siti Rahmawati", "siti@example.id").await;
    assert!(!s.has_supported(&report.tracking_id, siti.id).await.unwrap());
    assert!(
        s.add_support(&report.tracking_id, siti.id, t0())
            .await
            .unwrap()
    );
    assert!(
        !s.add_support(&report.tracking_id, siti.id, t0() + Duration::hours(1))
            .await
            .unwrap(),
        "already supported"
    );
    assert_eq!(s.support_count(&report.tracking_id).await.unwrap(), 1);
    assert!(s.has_supported(&report.tracking_id, siti.id).await.unwrap());
}

/// Votes from different people add up, per report.
pub async fn votes_from_different_people_add_up(h: &dyn Harness) {
    let s = h.store();
    let (report, _) = submit(s.as_ref(), false).await;
    let (other, _) = submit(s.as_ref(), false).await;
    let siti = citizen(s.as_ref(), "Siti Rahmawati", "siti@example.id").await;
    let budi = citizen(s.as_ref(), "Budi Santoso", "budi@example.id").await;
    for user in [siti.id, budi.id] {
        assert!(
            s.add_support(&report.tracking_id, user, t0())
                .await
                .unwrap()
        );
    }
    assert_eq!(s.support_count(&report.tracking_id).await.unwrap(), 2);
    assert_eq!(s.support_count(&other.tracking_id).await.unwrap(), 0);
    assert!(!s.has_supported(&other.tracking_id, budi.id).await.unwrap());
}

/// Comments list oldest first, and hidden ones only when asked.
pub async fn comments_list_oldest_first_and_hidden_ones_only_when_asked(h: &dyn Harness) {
    let s = h.store();
    let (report, _) = submit(s.as_ref(), false).await;
    let siti = citizen(s.as_ref(), "Siti Rahmawati", "siti@example.id").await;
    let budi = citizen(s.as_ref(), "  ", "budi@example.id").await;
    let id = &report.tracking_id;
    let later = s
        .add_comment(
            id,
            budi.id,
            "Di depan rumah saya juga.",
            t0() + Duration::hours(2),
        )
        .await
        .unwrap();
    let first = s
        .add_comment(id, siti.id, "Saya juga melihatnya.", t0())
        .await
        .unwrap();
    assert_eq!(first.author, "Siti", "the first word of the name");
    assert_eq!(later.author, "Warga", "no name to show");
    assert_eq!((first.created_at, first.hidden_at), (t0(), None));
    let listed = s.list_comments(id, false).await.unwrap();
    assert_eq!(listed, vec![first.clone(), later.clone()]);

    let hidden = s
        .moderate_comment(later.id, true, "spam", "1", t0() + Duration::hours(3))
        .await
        .unwrap();
    assert_eq!(hidden.hidden_at, Some(t0() + Duration::hours(3)));
    assert_eq!(
        s.list_comments(id, false).await.unwrap(),
        vec![first.clone()]
    );
    assert_eq!(
        s.list_comments(id, true).await.unwrap(),
        vec![first, hidden]
    );
}

/// Moderating writes an audit entry; an unknown comment is not found and audits nothing.
pub async fn moderating_a_comment_is_audited_and_an_unknown_one_is_not_found(h: &dyn Harness) {
    let s = h.store();
    let (report, _) = submit(s.as_ref(), false).await;
    let siti = citizen(s.as_ref(), "Siti Rahmawati", "siti@example.id").await;
    let c = s
        .add_comment(&report.tracking_id, siti.id, "Kata kasar", t0())
        .await
        .unwrap();
    s.moderate_comment(c.id, true, "sara_or_abuse", "7", t0())
        .await
        .unwrap();
    let shown = s
        .moderate_comment(c.id, false, "keliru", "7", t0())
        .await
        .unwrap();
    assert_eq!(shown.hidden_at, None, "shown again");
    let missing = s
        .moderate_comment(CommentId(c.id.0 + 100), true, "spam", "7", t0())
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");

    let (audit, count, _) = s.list_audit().await.unwrap();
    assert_eq!(count, 3, "the account and two moderations");
    let moves: Vec<_> = audit
        .iter()
        .filter(|e| e.action == AUDIT_COMMENT_MODERATE)
        .map(|e| {
            (
                e.actor.as_str(),
                e.subject.clone(),
                e.payload["reason"].clone(),
            )
        })
        .collect();
    let subject = format!("comment:{}", c.id);
    assert_eq!(
        moves,
        vec![
            ("7", subject.clone(), json!("sara_or_abuse")),
            ("7", subject, json!("keliru")),
        ]
    );
}

/// A reset token sets the password once, not after expiry, and ends every session.
pub async fn a_reset_token_works_once_not_after_expiry_and_revokes_sessions(h: &dyn Harness) {
    let s = h.store();
    let siti = citizen(s.as_ref(), "Siti Rahmawati", "siti@example.id").await;
    let session = "5".repeat(64);
    s.create_session(siti.id, &session, t0(), t0() + Duration::days(1))
        .await
        .unwrap();
    let (token, stale) = ("r".repeat(64), "s".repeat(64));
    let expires = t0() + Duration::hours(1);
    for (hash, key) in [(&token, "a"), (&stale, "b")] {
        let mut m = message_to(RecipientKind::User, &siti.id.to_string(), "password_reset");
        m.dedup_key = format!("password_reset:{key}");
        s.create_password_reset(siti.id, hash, expires, &m, t0())
            .await
            .unwrap();
    }

    assert_eq!(
        s.consume_password_reset(&stale, "$argon2id$late", expires)
            .await
            .unwrap(),
        None,
        "expired"
    );
    let used = s
        .consume_password_reset(&token, "$argon2id$baru", t0() + Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(used, Some(siti.id));
    let again = s
        .consume_password_reset(&token, "$argon2id$lagi", t0() + Duration::minutes(6))
        .await
        .unwrap();
    assert_eq!(again, None, "a token works once");
    assert_eq!(
        s.consume_password_reset(&"x".repeat(64), "$argon2id$x", t0())
            .await
            .unwrap(),
        None
    );

    let user = s.get_user(siti.id).await.unwrap().unwrap();
    assert_eq!(user.password_hash.as_deref(), Some("$argon2id$baru"));
    let revoked = s.find_session(&session).await.unwrap().unwrap().revoked_at;
    assert_eq!(revoked, Some(t0() + Duration::minutes(5)));
}

/// The reset message is in the outbox with its delivery job.
pub async fn the_reset_message_is_in_the_outbox_with_its_delivery_job(h: &dyn Harness) {
    let s = h.store();
    let siti = citizen(s.as_ref(), "Siti Rahmawati", "siti@example.id").await;
    let m = message_to(RecipientKind::User, &siti.id.to_string(), "password_reset");
    s.create_password_reset(
        siti.id,
        &"r".repeat(64),
        t0() + Duration::hours(1),
        &m,
        t0(),
    )
    .await
    .unwrap();
    let outbox = s.list_outbox(None, 10).await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(
        (outbox[0].template.as_str(), outbox[0].recipient.as_str()),
        ("password_reset", siti.id.to_string().as_str())
    );
    let jobs = s.list_jobs(None, 10).await.unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].name, DELIVER_OUTBOX_JOB);
    assert_eq!(outbox[0].job, Some(jobs[0].id));
}

/// Preferences start at the defaults and then read back as set.
pub async fn preferences_start_at_the_defaults_and_round_trip(h: &dyn Harness) {
    let s = h.store();
    let siti = citizen(s.as_ref(), "Siti Rahmawati", "siti@example.id").await;
    let budi = citizen(s.as_ref(), "Budi Santoso", "budi@example.id").await;
    assert_eq!(
        s.get_preferences(siti.id).await.unwrap(),
        Preferences::default()
    );
    let mine = Preferences {
        email: false,
        sms: true,
        language: Language::En,
    };
    s.set_preferences(siti.id, &mine).await.unwrap();
    assert_eq!(s.get_preferences(siti.id).await.unwrap(), mine);
    let changed = Preferences {
        email: true,
        ..mine
    };
    s.set_preferences(siti.id, &changed).await.unwrap();
    assert_eq!(s.get_preferences(siti.id).await.unwrap(), changed);
    assert_eq!(
        s.get_preferences(budi.id).await.unwrap(),
        Preferences::default(),
        "one account's choice is its own"
    );
}
