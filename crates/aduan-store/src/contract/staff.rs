//! Contract cases for staff administration: listing staff, changing scope and password,
//! disabling; the helpers the own-sessions cases share.

use super::{Harness, t0};
use crate::{AUDIT_USER_PASSWORD, AUDIT_USER_SCOPE, NewUser, StaffScope, Store, StoreError, User};
use aduan_domain::{AgencyId, Role, SupervisorBody, UnitId, UserId};
use chrono::{DateTime, Duration, Utc};

/// An account with this role and scope.
pub(super) async fn account(
    store: &dyn Store,
    name: &str,
    role: Role,
    agency: Option<&str>,
    unit: Option<&str>,
    body: Option<SupervisorBody>,
) -> User {
    let user = NewUser {
        name: name.into(),
        email: Some(format!(
            "{}@uji.go.id",
            name.to_lowercase().replace(' ', ".")
        )),
        phone: None,
        nik: None,
        password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$bGFtYQ".into()),
        role,
        agency: agency.map(AgencyId::new),
        unit: unit.map(UnitId::new),
        body,
    };
    store.create_user(&user, "1", t0()).await.unwrap()
}

/// A session of `user` whose token hash starts with `digit` repeated, created at `at`.
pub(super) async fn session(
    store: &dyn Store,
    user: &User,
    digit: char,
    at: DateTime<Utc>,
) -> String {
    let hash = digit.to_string().repeat(64);
    store
        .create_session(user.id, &hash, at, at + Duration::hours(12))
        .await
        .unwrap();
    hash
}

pub(super) async fn is_revoked(store: &dyn Store, hash: &str) -> bool {
    store
        .find_session(hash)
        .await
        .unwrap()
        .unwrap()
        .revoked_at
        .is_some()
}

/// Staff are listed national admins first, then by role and name; citizens never; one
/// agency's list holds only its own staff.
pub async fn staff_are_listed_by_role_and_agency_without_citizens(h: &dyn Harness) {
    let store = h.store();
    let s = store.as_ref();
    let wati = account(
        s,
        "Wati",
        Role::UnitOfficer,
        Some("kota-surabaya"),
        Some("kota-surabaya/dinas-pu"),
        None,
    )
    .await;
    let budi = account(
        s,
        "Budi",
        Role::AgencyAdmin,
        Some("kota-surabaya"),
        None,
        None,
    )
    .await;
    let andi = account(
        s,
        "Andi",
        Role::AgencyAdmin,
        Some("kota-makassar"),
        None,
        None,
    )
    .await;
    let nina = account(s, "Nina", Role::NationalAdmin, None, None, None).await;
    let olga = account(
        s,
        "Olga",
        Role::Supervisor,
        None,
        None,
        Some(SupervisorBody::Ombudsman),
    )
    .await;
    account(s, "Cici", Role::Citizen, None, None, None).await;
    let ids = |users: Vec<User>| users.into_iter().map(|u| u.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store.list_staff(None).await.unwrap()),
        [nina.id, andi.id, budi.id, wati.id, olga.id]
    );
    let surabaya = AgencyId::new("kota-surabaya");
    assert_eq!(
        ids(store.list_staff(Some(&surabaya)).await.unwrap()),
        [budi.id, wati.id]
    );
}

/// A scope change is stored and audited with the actor, the account and the scope before and
/// after; an unknown account is not found and leaves no entry.
pub async fn a_scope_change_is_stored_and_audited_with_before_and_after(h: &dyn Harness) {
    let store = h.store();
    let s = store.as_ref();
    let wati = account(
        s,
        "Wati",
        Role::UnitOfficer,
        Some("kota-surabaya"),
        Some("kota-surabaya/dinas-pu"),
        None,
    )
    .await;
    let to = StaffScope {
        role: Role::UnitOfficer,
        agency: Some(AgencyId::new("kota-surabaya")),
        unit: Some(UnitId::new("kota-surabaya/dinas-kesehatan")),
        body: None,
    };
    let later = t0() + Duration::minutes(5);
    let moved = store
        .update_user_scope(wati.id, &to, "7", later)
        .await
        .unwrap();
    assert_eq!(moved.unit, to.unit);
    assert_eq!(
        StaffScope::of(&store.get_user(wati.id).await.unwrap().unwrap()),
        to
    );
    let (audit, count, _) = store.list_audit().await.unwrap();
    let last = audit.last().unwrap();
    assert_eq!(
        (
            last.action.as_str(),
            last.actor.as_str(),
            last.subject.clone(),
            last.at
        ),
        (AUDIT_USER_SCOPE, "7", format!("user:{}", wati.id), later)
    );
    assert_eq!(last.payload["from"]["unit"], "kota-surabaya/dinas-pu");
    assert_eq!(last.payload["to"]["unit"], "kota-surabaya/dinas-kesehatan");
    let missing = store.update_user_scope(UserId(9999), &to, "7", later).await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
    assert_eq!(store.list_audit().await.unwrap().1, count);
}

/// A new password set by staff replaces the old one, ends every session of the account, and is
/// audited; an unknown account is not found.
pub async fn a_new_password_revokes_every_session_and_is_audited(h: &dyn Harness) {
    let store = h.store();
    let s = store.as_ref();
    let wati = account(
        s,
        "Wati",
        Role::UnitOfficer,
        Some("kota-surabaya"),
        Some("kota-surabaya/dinas-pu"),
        None,
    )
    .await;
    let budi = account(
        s,
        "Budi",
        Role::AgencyAdmin,
        Some("kota-surabaya"),
        None,
        None,
    )
    .await;
    let (one, two) = (
        session(s, &wati, '1', t0()).await,
        session(s, &wati, '2', t0()).await,
    );
    let other = session(s, &budi, '3', t0()).await;
    let hash = "$argon2id$v=19$m=19456,t=2,p=1$YmFydQ$YmFydQ";
    let user = store
        .set_user_password(wati.id, hash, "7", t0())
        .await
        .unwrap();
    assert_eq!(user.password_hash.as_deref(), Some(hash));
    assert!(is_revoked(s, &one).await && is_revoked(s, &two).await);
    assert!(
        !is_revoked(s, &other).await,
        "another account keeps its sessions"
    );
    let (audit, _, _) = store.list_audit().await.unwrap();
    let last = audit.last().unwrap();
    assert_eq!(
        (
            last.action.as_str(),
            last.actor.as_str(),
            last.subject.clone()
        ),
        (AUDIT_USER_PASSWORD, "7", format!("user:{}", wati.id))
    );
    assert_eq!(last.payload["sessions_revoked"], 2);
    let missing = store.set_user_password(UserId(9999), hash, "7", t0()).await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
}

/// Disabling an account ends its sessions, so that enabling it again brings none back.
pub async fn disabling_an_account_revokes_its_sessions(h: &dyn Harness) {
    let store = h.store();
    let s = store.as_ref();
    let wati = account(
        s,
        "Wati",
        Role::UnitOfficer,
        Some("kota-surabaya"),
        Some("kota-surabaya/dinas-pu"),
        None,
    )
    .await;
    let one = session(s, &wati, '1', t0()).await;
    store
        .set_user_disabled(wati.id, true, "7", t0())
        .await
        .unwrap();
    assert!(is_revoked(s, &one).await);
    store
        .set_user_disabled(wati.id, false, "7", t0())
        .await
        .unwrap();
    assert!(is_revoked(s, &one).await);
    let (audit, _, _) = store.list_audit().await.unwrap();
    let disable = audit.iter().find(|e| e.action == "user.disable").unwrap();
    assert_eq!(disable.payload["sessions_revoked"], 1);
}
