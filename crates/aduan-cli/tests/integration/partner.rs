//! `aduan partner …`, run as an operator would: a partner added for its regions, a key printed
//! once and kept only as a hash, a rotation that keeps the old key until the overlap ends, a
//! revocation; each change audited as by `cli`.

use super::aduan;
use aduan_store::{AuditStore, PartnerStore};
use aduan_store_sqlite::SqliteStore;
use std::process::Output;

fn run(db: &str, args: &[&str]) -> (Output, String, String) {
    let out = aduan(db).args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

#[tokio::test]
async fn partner_commands_add_a_partner_and_issue_rotate_and_revoke_its_keys() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("aduan.db").display());
    let add = [
        "partner",
        "add",
        "lapor-jatim",
        "--name",
        "Aplikasi Jatim",
        "--region",
        "35",
    ];
    let (out, added, err) = run(&db, &add);
    assert!(out.status.success(), "{added}{err}");
    assert!(added.contains("api:lapor-jatim"), "{added}");
    let (out, _, err) = run(&db, &add);
    assert!(!out.status.success() && err.contains("exists"), "{err}");
    let (out, _, err) = run(
        &db,
        &["partner", "add", "x", "--name", "X", "--agency", "nope"],
    );
    assert!(
        !out.status.success() && err.contains("unknown_agency"),
        "{err}"
    );

    let (out, first, err) = run(&db, &["partner", "key", "lapor-jatim"]);
    assert!(out.status.success(), "{err}");
    let first = first.trim().to_owned();
    assert!(
        first.starts_with("apk_") && err.contains("shown only now"),
        "{first}{err}"
    );
    let (out, _, err) = run(&db, &["partner", "key", "lapor-jatim", "--rotate"]);
    assert!(
        out.status.success() && err.contains("earlier keys stop"),
        "{err}"
    );

    // Only the key's hash is kept: the database files hold no copy of it.
    for file in ["aduan.db", "aduan.db-wal"] {
        let bytes = std::fs::read(dir.path().join(file)).unwrap_or_default();
        let found = bytes.windows(first.len()).any(|w| w == first.as_bytes());
        assert!(!found, "the key is stored in {file}");
    }
    let (out, list, err) = run(&db, &["partner", "list"]);
    assert!(out.status.success(), "{err}");
    assert!(!list.contains(&first), "keys are never listed: {list}");
    assert!(
        list.contains(&first[..12]) && list.contains("valid until"),
        "{list}"
    );

    let store = SqliteStore::connect(&db, aduan_store::Keyring::for_tests())
        .await
        .unwrap();
    let keys = store.list_partner_keys("lapor-jatim").await.unwrap();
    let oldest = keys.last().unwrap().id.to_string();
    let (out, revoked, err) = run(&db, &["partner", "revoke", "lapor-jatim", &oldest]);
    assert!(out.status.success() && revoked.contains("revoked"), "{err}");
    let (entries, _, _) = store.list_audit().await.unwrap();
    let ours: Vec<_> = entries
        .iter()
        .filter(|e| e.subject == "partner:lapor-jatim")
        .map(|e| (e.actor.as_str(), e.action.as_str()))
        .collect();
    assert_eq!(
        ours,
        [
            ("cli", "partner.add"),
            ("cli", "partner.key.add"),
            ("cli", "partner.key.add"),
            ("cli", "partner.key.revoke"),
        ]
    );
}
