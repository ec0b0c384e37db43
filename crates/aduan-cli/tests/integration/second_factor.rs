//! `aduan user reset-second-factor`: an operator turns off the second factor of a staff member
//! who lost both their authenticator and their recovery codes; audited as the CLI's; a second
//! run finds none. `aduan user set-password`: the operator sets a national admin's password
//! (the back office does not, by default), audited as the CLI's.

use crate::aduan_bin;
use crate::keys::{ok, run};
use aduan_store::{AccountStore, AuditStore, Keyring, SealedSecret, SecondFactorStore};
use aduan_store_sqlite::SqliteStore;
use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;

/// Runs `aduan user <args>` with `stdin` on its standard input.
fn with_stdin(
    data: &Path,
    url: &str,
    keys: &Path,
    args: &[&str],
    stdin: &[u8],
) -> std::process::Output {
    let mut child = aduan_bin()
        .env_remove("ADUAN_SECRET_KEY")
        .env("ADUAN_DATA_DIR", data)
        .env("ADUAN_DATABASE_URL", url)
        .env("ADUAN_KEY_FILE", keys)
        .arg("user")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn an_operator_sets_a_national_admins_password_and_it_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let url = format!("sqlite://{}", data.join("aduan.db").display());
    let keys = dir.path().join("keys");
    let add = ["add", "--email", "ana@kantor.go.id", "--name", "Ana"];
    let add = [&add[..], &["--role", "national_admin", "--password-stdin"]].concat();
    ok(&with_stdin(&data, &url, &keys, &add, b"kata-sandi-lama\n"));
    let set = ["set-password", "ana@kantor.go.id", "--password-stdin"];
    let short = with_stdin(&data, &url, &keys, &set, b"pendek\n");
    assert!(!short.status.success(), "a short password is refused");
    let said = ok(&with_stdin(&data, &url, &keys, &set, b"kata-sandi-baru\n"));
    assert!(said.contains("set the password"), "{said}");

    let s = store(&url, &keys).await;
    let ana = s
        .find_user_by_login("ana@kantor.go.id")
        .await
        .unwrap()
        .unwrap();
    let hash = ana.password_hash.unwrap();
    assert!(aduan_domain::password::verify_password(
        "kata-sandi-baru",
        &hash
    ));
    assert!(!aduan_domain::password::verify_password(
        "kata-sandi-lama",
        &hash
    ));
    let (audit, _, _) = s.list_audit().await.unwrap();
    let entry = audit
        .iter()
        .find(|e| e.action == "user.password_reset")
        .expect("audited");
    assert_eq!(entry.actor, "cli");
    s.close().await;
}

async fn store(url: &str, keys: &Path) -> SqliteStore {
    let ring = Keyring::from_text(&std::fs::read_to_string(keys).unwrap()).unwrap();
    SqliteStore::open(url, Arc::new(ring)).await.unwrap()
}

#[tokio::test]
async fn an_operator_turns_off_a_lost_second_factor_and_it_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let url = format!("sqlite://{}", data.join("aduan.db").display());
    let keys = dir.path().join("keys");
    let add = ["add", "--email", "ana@kantor.go.id", "--name", "Ana"];
    let add = [&add[..], &["--role", "national_admin", "--password-stdin"]].concat();
    ok(&with_stdin(
        &data,
        &url,
        &keys,
        &add,
        b"kata-sandi-panjang\n",
    ));

    let s = store(&url, &keys).await;
    let ana = s
        .find_user_by_login("ana@kantor.go.id")
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now();
    s.begin_second_factor(ana.id, &SealedSecret("v1.lost".into()), now)
        .await
        .unwrap();
    assert!(s.confirm_second_factor(ana.id, 1, &[], now).await.unwrap());
    s.close().await;

    let who = ana.id.to_string();
    let said = ok(&run(&url, &keys, &["user", "reset-second-factor", &who]));
    assert!(said.contains("turned off the second factor"), "{said}");
    let s = store(&url, &keys).await;
    assert!(s.second_factor(ana.id).await.unwrap().is_none());
    let (audit, _, _) = s.list_audit().await.unwrap();
    let entry = audit
        .iter()
        .find(|e| e.action == "second_factor.remove")
        .expect("audited");
    assert_eq!(
        (entry.actor.as_str(), entry.subject.as_str()),
        ("cli", format!("user:{who}").as_str())
    );
    s.close().await;
    let again = ok(&run(
        &url,
        &keys,
        &["user", "reset-second-factor", "ana@kantor.go.id"],
    ));
    assert!(again.contains("has no second factor"), "{again}");
}
