//! Contract cases for accounts.

use super::{Harness, t0};
use crate::{NewUser, StoreError};
use aduan_domain::{AgencyId, Role};

fn agency_admin(email: &str) -> NewUser {
    NewUser {
        name: "Budi Santoso".into(),
        email: Some(email.into()),
        phone: Some("+6281298765432".into()),
        nik: None,
        password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into()),
        role: Role::AgencyAdmin,
        agency: Some(AgencyId::new("kota-surabaya")),
        unit: None,
        body: None,
    }
}

/// An account is stored with its scope, found by e-mail or phone, and its creation audited.
pub async fn accounts_are_created_found_by_login_and_audited(h: &dyn Harness) {
    let store = h.store();
    let user = store
        .create_user(&agency_admin("budi@surabaya.go.id"), "1", t0())
        .await
        .unwrap();
    assert_eq!(user.role, Role::AgencyAdmin);
    assert_eq!(user.agency, Some(AgencyId::new("kota-surabaya")));
    assert!(!user.disabled);
    assert_eq!(user.created_at, t0());
    let by_email = store
        .find_user_by_login("BUDI@surabaya.go.id")
        .await
        .unwrap();
    assert_eq!(by_email.as_ref(), Some(&user), "e-mail login ignores case");
    let by_phone = store.find_user_by_login("+6281298765432").await.unwrap();
    assert_eq!(by_phone.as_ref(), Some(&user));
    assert_eq!(
        store.find_user_by_login("orang@lain.id").await.unwrap(),
        None
    );
    assert_eq!(store.get_user(user.id).await.unwrap(), Some(user.clone()));
    assert_eq!(store.list_users().await.unwrap(), vec![user.clone()]);
    let (audit, count, _) = store.list_audit().await.unwrap();
    assert_eq!(count, 1);
    assert_eq!(audit[0].action, "user.create");
    assert_eq!(audit[0].subject, format!("user:{}", user.id));
    assert_eq!(audit[0].actor, "1");
}

/// E-mail addresses are unique; the refused account leaves no audit entry behind.
pub async fn a_second_account_with_the_same_email_is_a_conflict(h: &dyn Harness) {
    let store = h.store();
    store
        .create_user(&agency_admin("budi@surabaya.go.id"), "1", t0())
        .await
        .unwrap();
    let mut again = agency_admin("budi@surabaya.go.id");
    again.phone = None;
    let r = store.create_user(&again, "1", t0()).await;
    assert!(matches!(r, Err(StoreError::Conflict { .. })), "{r:?}");
    assert_eq!(store.list_audit().await.unwrap().1, 1);
    assert_eq!(store.list_users().await.unwrap().len(), 1);
}

/// Disabling is stored and audited; enabling again likewise.
pub async fn disabling_an_account_is_stored_and_audited(h: &dyn Harness) {
    let store = h.store();
    let user = store
        .create_user(&agency_admin("budi@surabaya.go.id"), "1", t0())
        .await
        .unwrap();
    let off = store
        .set_user_disabled(user.id, true, "1", t0())
        .await
        .unwrap();
    assert!(off.disabled);
    assert!(store.get_user(user.id).await.unwrap().unwrap().disabled);
    let on = store
        .set_user_disabled(user.id, false, "1", t0())
        .await
        .unwrap();
    assert!(!on.disabled);
    let (audit, _, _) = store.list_audit().await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["user.create", "user.disable", "user.enable"]);
    let missing = store
        .set_user_disabled(aduan_domain::UserId(9999), true, "1", t0())
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
}
