#![allow(clippy::unwrap_used)]

use super::*;

fn identity() -> ReporterIdentity {
    ReporterIdentity {
        name: Some("Siti Rahayu".into()),
        email: Some("Siti.Rahayu@Contoh.id".into()),
        phone: Some("+6281234567890".into()),
        nik: Some("3578014506900002".into()),
        chat: None,
    }
}

#[test]
fn a_sealed_identity_opens_only_with_its_key_and_for_its_reporter() {
    let ring = Keyring::generate();
    let sealed = ring.seal("rp_1", &identity()).unwrap();
    for secret in [
        "Siti",
        "Rahayu",
        "6281234567890",
        "3578014506900002",
        "Contoh",
    ] {
        assert!(!sealed.sealed.contains(secret), "{secret} shows");
    }
    assert_eq!(
        ring.open("rp_1", &sealed.key_id, &sealed.sealed).unwrap(),
        identity()
    );
    assert_eq!(
        ring.open("rp_2", &sealed.key_id, &sealed.sealed),
        Err(KeyringError::Rejected)
    );
    assert!(matches!(
        Keyring::generate().open("rp_1", &sealed.key_id, &sealed.sealed),
        Err(KeyringError::UnknownKey(_))
    ));
    assert_eq!(sealed.chat_ix, None, "no index of a contact not given");
}

#[test]
fn an_empty_identity_is_not_sealed() {
    assert_eq!(
        Keyring::generate().seal("rp_1", &ReporterIdentity::default()),
        None
    );
}

#[test]
fn an_e_mail_address_is_found_whatever_its_case_and_a_phone_is_not_found_as_an_e_mail() {
    let ring = Keyring::generate();
    let sealed = ring.seal("rp_1", &identity()).unwrap();
    let email = ring.blind(Contact::Email, " siti.rahayu@contoh.ID ");
    assert_eq!(sealed.email_ix.as_deref(), Some(email.current.as_str()));
    let phone = ring.blind(Contact::Phone, "+6281234567890");
    assert_eq!(sealed.phone_ix.as_deref(), Some(phone.current.as_str()));
    assert_ne!(
        ring.blind(Contact::Chat, "+6281234567890").current,
        phone.current
    );
    assert_eq!(email.previous, email.current, "one key: the same twice");
}

#[test]
fn after_a_new_key_old_identities_still_open_and_are_still_found() {
    let old = Keyring::generate();
    let sealed = old.seal("rp_1", &identity()).unwrap();
    let new = old.with_current(DeploymentKey::generate()).unwrap();
    assert_ne!(new.current_id(), old.current_id());
    assert_eq!(new.ids()[1], old.current_id());
    assert_eq!(
        new.open("rp_1", &sealed.key_id, &sealed.sealed).unwrap(),
        identity()
    );
    let look = new.blind(Contact::Phone, "+6281234567890");
    assert_eq!(sealed.phone_ix.as_deref(), Some(look.previous.as_str()));
    assert_ne!(look.current, look.previous);
    let resealed = new.seal("rp_1", &identity()).unwrap();
    assert_eq!(resealed.key_id, new.current_id());
    assert_eq!(resealed.phone_ix.as_deref(), Some(look.current.as_str()));
}

#[test]
fn the_deployment_key_is_the_last_key_so_a_rotation_keeps_it() {
    let old = Keyring::generate();
    let new = old.with_current(DeploymentKey::generate()).unwrap();
    let sealed = old.deployment_key().seal("1234", "m");
    assert_eq!(
        new.deployment_key().open(&sealed, "m").unwrap().as_str(),
        "1234"
    );
}

#[test]
fn key_material_is_read_from_lines_spaces_or_commas_with_comments_and_bad_material_is_named() {
    let a = new_key_text();
    let b = new_key_text();
    let text = format!(
        "# current\n{}\n\n{} # the first key\n",
        a.as_str(),
        b.as_str()
    );
    let ring = Keyring::from_text(&text).unwrap();
    assert_eq!(ring.ids().len(), 2);
    let same = Keyring::from_text(&format!("{},{}", a.as_str(), b.as_str())).unwrap();
    assert_eq!(same.ids(), ring.ids());
    assert_eq!(
        Keyring::from_text(&ring.to_text()).unwrap().ids(),
        ring.ids()
    );
    assert_eq!(
        Keyring::from_text(" # nothing\n").unwrap_err(),
        KeyringError::Empty
    );
    assert_eq!(
        Keyring::from_text(&format!("{} c2hvcnQ=", a.as_str())).unwrap_err(),
        KeyringError::BadKey(2)
    );
    assert_eq!(
        Keyring::from_text(&format!("{} {}", a.as_str(), a.as_str())).unwrap_err(),
        KeyringError::Repeated(2)
    );
    assert!(!format!("{ring:?}").contains(a.as_str()));
}
