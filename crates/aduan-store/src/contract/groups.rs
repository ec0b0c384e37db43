//! Contract cases for recurring problems: reports of similar words in the same kabupaten/kota
//! find each other through the similarity index (and nothing else does), which is written with
//! the report and rewritten when a verification corrects the title; a group holds reports of
//! one agency only, a report is in one group at most, every change is audited, and a report
//! another agency comes to hold leaves its group.

use super::{Harness, apply, dispatch_action, facts, sample_new_report, submit_new, t0};
use crate::{EventActor, GroupActor, Store, StoreError};
use aduan_domain::actor::{Actor, Role, Staff, StaffRole};
use aduan_domain::lifecycle::{Action, decide};
use aduan_domain::report::Report;
use aduan_domain::{AgencyId, TrackingId, UserId};
use chrono::Duration;

/// Submits a report of `title` and `body` in region `region`.
async fn filed(s: &dyn Store, title: &str, body: &str, region: &str) -> Report {
    let mut new = sample_new_report(false);
    new.title = Some(title.into());
    new.body = body.into();
    if let Some(l) = new.location.as_mut() {
        l.region_code = Some(region.into());
    }
    submit_new(s, new, &crate::SubmitExtras::default()).await.0
}

const POTHOLE: &str = "Jalan berlubang besar di depan pasar, sudah tiga bulan tidak diperbaiki dan \
                       dua pengendara motor jatuh";
const POTHOLE_AGAIN: &str = "Sudah tiga bulan jalan berlubang besar di depan pasar tidak \
                             diperbaiki, pengendara motor jatuh";
const NOISE: &str = "Petugas puskesmas meminta biaya tambahan untuk surat keterangan sehat";

async fn similar_to(s: &dyn Store, r: &Report) -> Vec<TrackingId> {
    s.similar_reports(&r.tracking_id, 0.4, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|h| h.tracking_id)
        .collect()
}

/// Two reports of the same pothole in one kabupaten/kota find each other; the same words in
/// another place and other words in the same place find nothing.
pub async fn reports_of_similar_words_in_the_same_place_find_each_other(h: &dyn Harness) {
    let s = h.store();
    let s = s.as_ref();
    let a = filed(s, "Jalan berlubang", POTHOLE, "35.78").await;
    let b = filed(s, "Jalan rusak di pasar", POTHOLE_AGAIN, "35.78.01").await;
    let elsewhere = filed(s, "Jalan berlubang", POTHOLE, "31.71").await;
    let other = filed(s, "Pungli di puskesmas", NOISE, "35.78").await;
    assert_eq!(similar_to(s, &a).await, vec![b.tracking_id]);
    assert_eq!(similar_to(s, &b).await, vec![a.tracking_id]);
    assert!(similar_to(s, &elsewhere).await.is_empty());
    assert!(similar_to(s, &other).await.is_empty());
    let hits = s.similar_reports(&a.tracking_id, 0.4, 10).await.unwrap();
    assert!(hits[0].similarity >= 0.4 && hits[0].similarity <= 1.0);
}

/// A report whose verification gives it the words of another is found like it afterwards.
pub async fn a_verification_that_corrects_the_title_refiles_the_report(h: &dyn Harness) {
    let s = h.store();
    let s = s.as_ref();
    let a = filed(s, "Jalan berlubang", POTHOLE, "35.78").await;
    let b = filed(s, "Keluhan", "tolong ditindak", "35.78").await;
    assert!(similar_to(s, &a).await.is_empty());
    let mut verify = dispatch_action("kota-surabaya");
    if let Action::VerifyDispatch { title, .. } = &mut verify {
        *title = Some(POTHOLE_AGAIN.into());
    }
    apply(s, &b, &verify, t0() + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(similar_to(s, &a).await, vec![b.tracking_id]);
}

async fn dispatched(s: &dyn Store, body: &str, agency: &str) -> Report {
    let r = filed(s, "Jalan berlubang", body, "35.78").await;
    apply(s, &r, &dispatch_action(agency), t0() + Duration::hours(1))
        .await
        .unwrap();
    s.get_report(&r.tracking_id).await.unwrap().unwrap()
}

fn by() -> GroupActor<'static> {
    GroupActor {
        by: "2",
        at: t0() + Duration::hours(2),
    }
}

async fn group_actions(s: &dyn Store, group: &str) -> Vec<String> {
    let (entries, _, _) = s.list_audit().await.unwrap();
    entries
        .into_iter()
        .filter(|e| e.subject == format!("group:{group}"))
        .map(|e| e.action)
        .collect()
}

/// A group refuses another agency's report (writing nothing), a report joins one group at
/// most, leaves it, and every change and the answer are audited in order.
pub async fn a_group_holds_reports_of_one_agency_each_in_one_group_and_is_audited(h: &dyn Harness) {
    let s = h.store();
    let s = s.as_ref();
    let surabaya = AgencyId::new("kota-surabaya");
    let a = dispatched(s, POTHOLE, "kota-surabaya").await;
    let b = dispatched(s, POTHOLE_AGAIN, "kota-surabaya").await;
    let other_agency = dispatched(s, POTHOLE, "kementerian-kesehatan").await;
    let refused = s
        .create_group(
            "KLP-A",
            &surabaya,
            "Jalan pasar",
            &[a.tracking_id, other_agency.tracking_id],
            by(),
        )
        .await;
    assert!(matches!(refused, Err(StoreError::Conflict { .. })));
    assert!(
        s.get_group("KLP-A").await.unwrap().is_none(),
        "nothing half-written"
    );
    s.create_group("KLP-A", &surabaya, "Jalan pasar", &[a.tracking_id], by())
        .await
        .unwrap();
    s.link_report("KLP-A", &b.tracking_id, by()).await.unwrap();
    let again = s.link_report("KLP-A", &b.tracking_id, by()).await;
    assert!(matches!(again, Err(StoreError::Conflict { .. })));
    let foreign = s
        .link_report("KLP-A", &other_agency.tracking_id, by())
        .await;
    assert!(matches!(foreign, Err(StoreError::Conflict { .. })));
    let group = s.get_group("KLP-A").await.unwrap().unwrap();
    let mut members = vec![a.tracking_id, b.tracking_id];
    members.sort();
    assert_eq!(group.members, members);
    assert_eq!(group.agency, surabaya);
    assert_eq!(
        s.group_of(&b.tracking_id).await.unwrap().as_deref(),
        Some("KLP-A")
    );
    s.unlink_report("KLP-A", &b.tracking_id, by())
        .await
        .unwrap();
    assert!(s.group_of(&b.tracking_id).await.unwrap().is_none());
    let gone = s.unlink_report("KLP-A", &b.tracking_id, by()).await;
    assert!(matches!(gone, Err(StoreError::NotFound)));
    s.set_group_answer(
        "KLP-A",
        "Diperbaiki pekan depan",
        serde_json::json!({}),
        by(),
    )
    .await
    .unwrap();
    let group = s.get_group("KLP-A").await.unwrap().unwrap();
    assert_eq!(group.answer.as_deref(), Some("Diperbaiki pekan depan"));
    assert_eq!(
        group_actions(s, "KLP-A").await,
        [
            "group.create",
            "group.link",
            "group.link",
            "group.unlink",
            "group.answer"
        ]
    );
    let listed = s.list_groups(Some(&surabaya), 10).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(
        s.list_groups(Some(&AgencyId::new("kementerian-kesehatan")), 10)
            .await
            .unwrap()
            .is_empty()
    );
}

/// A reroute takes the report out of its group in the same transaction.
pub async fn a_report_another_agency_comes_to_hold_leaves_its_group(h: &dyn Harness) {
    let s = h.store();
    let s = s.as_ref();
    let surabaya = AgencyId::new("kota-surabaya");
    let a = dispatched(s, POTHOLE, "kota-surabaya").await;
    s.create_group("KLP-B", &surabaya, "Jalan pasar", &[a.tracking_id], by())
        .await
        .unwrap();
    let reroute = Action::Reroute {
        reason: "bukan wewenang".into(),
        suggested_agency: None,
    };
    let admin = Actor::Staff(Staff {
        user: UserId(2),
        role: StaffRole::AgencyAdmin { agency: surabaya },
    });
    let d = decide(&facts(&a), &admin, &reroute).unwrap();
    s.commit(crate::Commit::Transition {
        id: &a.tracking_id,
        expected_version: a.version,
        state: &d.state,
        event: d.event,
        actor: &EventActor {
            id: "2".into(),
            role: Role::AgencyAdmin,
        },
        at: t0() + Duration::hours(3),
        effects: None,
    })
    .await
    .unwrap();
    assert!(s.group_of(&a.tracking_id).await.unwrap().is_none());
    assert!(
        s.get_group("KLP-B")
            .await
            .unwrap()
            .unwrap()
            .members
            .is_empty()
    );
}
