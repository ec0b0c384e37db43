//! Contract cases for the portal's identity side: access recovery by contact, replacing a lost
//! access code, and erasing a person's identity on their request (UU 27/2022).

use super::{Harness, apply, citizen, message_to, rng, sample_identity, sample_new_report, t0};
use crate::{
    AUDIT_ACCESS_CODE_REPLACE, AUDIT_IDENTITY_ERASE_REQUEST, ContactMatch, EventActor, NewUser,
    Preferences, RecipientKind, Store, StoreError, SubmitExtras, verify_history,
};
use aduan_domain::lifecycle::{Action, decide_submit};
use aduan_domain::report::{ArchiveReason, Report};
use aduan_domain::status::ArchiveReasonCode;
use aduan_domain::{Actor, ReporterId, Role, TrackingId, UserId};
use chrono::{DateTime, Duration, Utc};

const EMAIL: &str = "siti.rahmawati@example.id";
const PHONE: &str = "+6281234567890";

/// Submits a report by the sample reporter (a new reporter id) at `at`, with `extras`.
async fn report_at(store: &dyn Store, at: DateTime<Utc>, extras: &SubmitExtras) -> Report {
    let mut rng = rng();
    let new = sample_new_report(false);
    let d = decide_submit(&Actor::Public, &new, false).unwrap();
    let reporter = ReporterId::generate(&mut rng);
    let report = Report::submitted(TrackingId::generate(&mut rng), reporter, new, d.state, at);
    let actor = EventActor {
        id: report.reporter.to_string(),
        role: Role::Reporter,
    };
    store
        .commit(crate::Commit::Submit {
            report: &report,
            identity: Some(&sample_identity()),
            event: d.event,
            actor: &actor,
            extras,
        })
        .await
        .unwrap();
    report
}

fn found(report: &Report) -> ContactMatch {
    ContactMatch {
        report: report.tracking_id,
        reporter: report.reporter.clone(),
    }
}

/// Reports are found by e-mail and by phone, newest first, but not after erasure or deletion.
pub async fn reports_are_found_by_contact_but_not_after_erasure_or_deletion(h: &dyn Harness) {
    let s = h.store();
    let siti = citizen(s.as_ref(), "Siti Rahmawati", "siti@example.id").await;
    let linked = SubmitExtras {
        user: Some(siti.id),
        ..Default::default()
    };
    let old = report_at(s.as_ref(), t0(), &SubmitExtras::default()).await;
    let new = report_at(
        s.as_ref(),
        t0() + Duration::days(1),
        &SubmitExtras::default(),
    )
    .await;
    let deleted = report_at(
        s.as_ref(),
        t0() + Duration::days(2),
        &SubmitExtras::default(),
    )
    .await;
    let erased = report_at(s.as_ref(), t0() + Duration::days(3), &linked).await;

    let expected = vec![found(&erased), found(&deleted), found(&new), found(&old)];
    assert_eq!(
        s.reports_by_contact(Some(EMAIL), None, 10).await.unwrap(),
        expected
    );
    assert_eq!(
        s.reports_by_contact(None, Some(PHONE), 10).await.unwrap(),
        expected
    );
    assert_eq!(
        s.reports_by_contact(Some("lain@example.id"), None, 10)
            .await
            .unwrap(),
        vec![]
    );
    assert_eq!(s.reports_by_contact(None, None, 10).await.unwrap(), vec![]);

    let delete = Action::Delete {
        reason: Some(ArchiveReason {
            code: ArchiveReasonCode::Spam,
            duplicate_of: None,
            text: None,
        }),
    };
    apply(s.as_ref(), &deleted, &delete, t0() + Duration::days(4))
        .await
        .unwrap();
    s.erase_user_identity(siti.id, t0() + Duration::days(5))
        .await
        .unwrap();
    let left = vec![found(&new), found(&old)];
    assert_eq!(
        s.reports_by_contact(Some(EMAIL), Some(PHONE), 10)
            .await
            .unwrap(),
        left
    );
    assert_eq!(
        s.reports_by_contact(Some(EMAIL), None, 1).await.unwrap(),
        vec![found(&new)],
        "at most the limit, newest first"
    );
}

/// A code offered by recovery works beside the old one, which keeps working until the new one
/// is used; an unused offer is replaced by a later one; each offer writes its message and audit.
pub async fn an_offered_access_code_works_beside_the_old_one_until_it_is_used(h: &dyn Harness) {
    let s = h.store();
    let (old, new, newer) = ("a".repeat(64), "b".repeat(64), "c".repeat(64));
    let extras = SubmitExtras {
        access_code_hash: Some(old.clone()),
        ..Default::default()
    };
    let report = report_at(s.as_ref(), t0(), &extras).await;
    let id = report.tracking_id;
    let m = message_to(RecipientKind::Address, EMAIL, "access_code");
    let mine = Some((id, report.reporter.clone()));

    let stranger = ReporterId::generate(&mut rng());
    let refused = s.offer_access_code(&id, &stranger, &new, &m, t0()).await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");

    let day = t0() + Duration::days(1);
    s.offer_access_code(&id, &report.reporter, &new, &m, day)
        .await
        .unwrap();
    assert_eq!(
        s.find_access_code(&old).await.unwrap(),
        mine,
        "the old code still works"
    );
    assert_eq!(
        s.find_access_code(&new).await.unwrap(),
        mine,
        "and so does the new one"
    );
    assert!(
        !s.promote_access_code(&old, day).await.unwrap(),
        "the old code is no offer"
    );
    assert_eq!(s.find_access_code(&new).await.unwrap(), mine);

    let m2 = message_to(RecipientKind::Address, EMAIL, "access_code_2");
    s.offer_access_code(&id, &report.reporter, &newer, &m2, day)
        .await
        .unwrap();
    assert_eq!(
        s.find_access_code(&new).await.unwrap(),
        None,
        "a later offer replaces an unused one"
    );
    assert!(s.promote_access_code(&newer, day).await.unwrap());
    assert_eq!(
        s.find_access_code(&old).await.unwrap(),
        None,
        "using the new code ends the old"
    );
    assert_eq!(s.find_access_code(&newer).await.unwrap(), mine);
    assert!(
        !h.reopen()
            .await
            .promote_access_code(&newer, day)
            .await
            .unwrap(),
        "once"
    );

    let outbox = s.list_outbox(None, 10).await.unwrap();
    assert_eq!(outbox.len(), 2, "one message per offer");
    assert_eq!(
        (outbox[0].template.as_str(), outbox[0].recipient.as_str()),
        ("access_code", EMAIL)
    );
    assert!(outbox[0].job.is_some(), "with its delivery job");
    let (audit, count, _) = s.list_audit().await.unwrap();
    assert_eq!(count, 2);
    assert_eq!(audit[0].action, AUDIT_ACCESS_CODE_REPLACE);
    assert_eq!(audit[0].subject, id.as_str());
}

/// Erasing a person's identity blanks it, disables the account and ends its sessions, while the
/// reports, their events and both hash chains stay intact.
pub async fn erasing_a_persons_identity_keeps_their_reports_and_an_intact_history(h: &dyn Harness) {
    let s = h.store();
    let person = NewUser {
        name: "Siti Rahmawati".into(),
        email: Some("siti@example.id".into()),
        phone: Some("+6281311112222".into()),
        nik: Some("3578014507900001".into()),
        password_hash: Some("$argon2id$lama".into()),
        role: Role::Citizen,
        agency: None,
        unit: None,
        body: None,
    };
    let siti = s.create_user(&person, "self", t0()).await.unwrap();
    let linked = SubmitExtras {
        user: Some(siti.id),
        ..Default::default()
    };
    let mine = report_at(s.as_ref(), t0(), &linked).await;
    let theirs = report_at(s.as_ref(), t0(), &SubmitExtras::default()).await;
    s.add_comment(&mine.tracking_id, siti.id, "Mohon segera.", t0())
        .await
        .unwrap();
    let session = "9".repeat(64);
    s.create_session(siti.id, &session, t0(), t0() + Duration::days(30))
        .await
        .unwrap();
    let prefs = Preferences {
        sms: true,
        ..Preferences::default()
    };
    s.set_preferences(siti.id, &prefs).await.unwrap();
    let at = t0() + Duration::days(2);

    s.erase_user_identity(siti.id, at).await.unwrap();

    assert_eq!(s.get_identity(&mine.reporter).await.unwrap(), None);
    assert_eq!(
        s.get_identity(&theirs.reporter).await.unwrap(),
        Some(sample_identity()),
        "someone else's identity stays"
    );
    let account = s.get_user(siti.id).await.unwrap().unwrap();
    assert!(account.disabled);
    assert_eq!(
        (account.phone, account.nik, account.password_hash),
        (None, None, None)
    );
    assert!(!account.name.contains("Siti"));
    assert_ne!(account.email, person.email);
    assert_eq!(s.find_user_by_login("siti@example.id").await.unwrap(), None);
    assert_eq!(s.find_user_by_login("+6281311112222").await.unwrap(), None);
    let revoked = s.find_session(&session).await.unwrap().unwrap().revoked_at;
    assert_eq!(revoked, Some(at));
    assert_eq!(
        s.get_preferences(siti.id).await.unwrap(),
        Preferences::default()
    );
    let comments = s.list_comments(&mine.tracking_id, true).await.unwrap();
    assert_eq!(
        comments[0].author, "Warga",
        "the comment stays, its author unnamed"
    );

    let kept = s.get_report(&mine.tracking_id).await.unwrap().unwrap();
    assert_eq!(kept.body, mine.body, "the report stays");
    assert_eq!(s.list_events(&mine.tracking_id).await.unwrap().len(), 1);
    let (audit, _, _) = s.list_audit().await.unwrap();
    let entry = audit.last().unwrap();
    assert_eq!(entry.action, AUDIT_IDENTITY_ERASE_REQUEST);
    let written = format!("{} {} {}", entry.actor, entry.subject, entry.payload);
    for personal in [
        "Siti",
        "siti@example.id",
        "+6281311112222",
        "3578014507900001",
        EMAIL,
    ] {
        assert!(
            !written.contains(personal),
            "the entry names no one: {written}"
        );
    }
    let history = verify_history(s.as_ref(), |_| {}).await.unwrap();
    assert!(history.is_intact(), "{:?}", history.problems);

    let missing = s.erase_user_identity(UserId(siti.id.0 + 100), at).await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
}
