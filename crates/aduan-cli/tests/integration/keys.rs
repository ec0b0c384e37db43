//! `aduan keys` through the real binary on SQLite: identities written by `aduan generate` are
//! not in the database's files; a new key and then a rotation seal them and the attachment
//! files (one stored before files were sealed, one sealed with the old key) all again and leave
//! no old text; a key file inside the data directory or the wrong key is refused.

use crate::aduan_bin;
use aduan_attachments::{BlobKey, BlobStore, FsBlobStore};
use aduan_domain::ReporterId;
use aduan_store::{Keyring, ReportStore};
use aduan_store_sqlite::SqliteStore;
use std::path::Path;
use std::process::Output;
use std::sync::Arc;

/// `aduan ARGS` on `url` (a SQLite file in its data directory) with the key material in the
/// file `keys` only.
pub(crate) fn run(url: &str, keys: &Path, args: &[&str]) -> Output {
    let data = Path::new(url.trim_start_matches("sqlite://"))
        .parent()
        .unwrap();
    aduan_bin()
        .env_remove("ADUAN_SECRET_KEY")
        .env("ADUAN_DATA_DIR", data)
        .env("ADUAN_DATABASE_URL", url)
        .env("ADUAN_KEY_FILE", keys)
        .args(args)
        .output()
        .unwrap()
}

pub(crate) fn ok(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Some reporters' identity texts, read with the key material in `keys`.
async fn identity_texts(url: &str, keys: &Path) -> Vec<String> {
    let ring = Keyring::from_text(&std::fs::read_to_string(keys).unwrap()).unwrap();
    let store = SqliteStore::open(url, Arc::new(ring)).await.unwrap();
    let ids: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM reporters WHERE sealed IS NOT NULL ORDER BY id LIMIT 20")
            .fetch_all(store.pool())
            .await
            .unwrap();
    let mut texts = Vec::new();
    for (id,) in ids {
        let who = store
            .get_identity(&ReporterId::from_stored(id))
            .await
            .unwrap()
            .unwrap();
        // Full names, e-mail addresses, phone numbers and NIKs: texts no report would hold.
        let name = who.name.filter(|n| n.contains(' '));
        texts.extend([name, who.email, who.phone, who.nik].into_iter().flatten());
    }
    store.close().await;
    texts
}

/// Asserts that the database file and its WAL hold the reports' text but none of `texts`.
fn assert_unreadable(db: &Path, texts: &[String]) {
    let mut raw = std::fs::read(db).unwrap();
    raw.extend(std::fs::read(db.with_extension("db-wal")).unwrap_or_default());
    let found = |needle: &str| raw.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(found("Kota Surabaya"), "the files hold text at all");
    for text in texts {
        assert!(!found(text), "`{text}` is readable in the database's files");
    }
}

#[tokio::test]
async fn a_new_key_then_a_rotation_seals_every_identity_and_attachment_file_again_and_leaves_no_old_text()
 {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let db = data.join("aduan.db");
    let url = format!("sqlite://{}", db.display());
    let keys = dir.path().join("keys");
    ok(&run(
        &url,
        &keys,
        &[
            "generate",
            "--reports",
            "300",
            "--seed",
            "3",
            "--until",
            "2026-06-30",
        ],
    ));
    let texts = identity_texts(&url, &keys).await;
    assert!(texts.len() >= 20, "the generated reporters have identities");
    assert_unreadable(&db, &texts);
    let old = Keyring::from_text(&std::fs::read_to_string(&keys).unwrap()).unwrap();
    let status = ok(&run(&url, &keys, &["keys", "status"]));
    assert!(
        status.starts_with(&format!("{}\tcurrent\t", old.current_id())),
        "{status}"
    );

    // An attachment file stored before files were sealed, and one sealed with the old key.
    let raw: Arc<dyn BlobStore> = Arc::new(FsBlobStore::in_data_dir(&data));
    let files = [
        BlobKey::parse("aa/plain").unwrap(),
        BlobKey::parse("bb/sealed").unwrap(),
    ];
    let photo = b"EXIF GPS -6.2000 106.8166 camera serial 4471".repeat(2000);
    raw.put(&files[0], photo.clone().into()).await.unwrap();
    let sealed_old = aduan_app::Attachments::sealed(raw.clone(), &old).unwrap();
    sealed_old
        .put(&files[1], photo.clone().into())
        .await
        .unwrap();

    // A new key first (the instances are restarted on it), then the rotation.
    let added = ok(&run(&url, &keys, &["keys", "rotate", "--new-key"]));
    let ring = Keyring::from_text(&std::fs::read_to_string(&keys).unwrap()).unwrap();
    assert!(
        added.contains(&format!("new current key {}", ring.current_id())),
        "{added}"
    );
    assert_eq!(ring.ids().len(), 2);
    assert_eq!(ring.ids()[1], old.current_id(), "the old key stays, last");
    let refused = run(&url, &keys, &["keys", "rotate", "--new-key"]);
    assert!(!refused.status.success(), "a third key before the rotation");
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("still sealed with"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let rotated = ok(&run(&url, &keys, &["keys", "rotate", "--batch", "7"]));
    let total: u64 = status
        .split('\t')
        .nth(2)
        .and_then(|n| n.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(
        rotated.contains(&format!("sealed {total} of {total} identities again")),
        "{rotated}"
    );
    assert!(
        rotated.contains(&format!(
            "{}\tcurrent\t{total} identities",
            ring.current_id()
        )),
        "{rotated}"
    );
    assert!(
        rotated.contains(&format!("{}\tolder\t0 identities", old.current_id())),
        "{rotated}"
    );
    assert_unreadable(&db, &texts);
    assert!(
        rotated.contains("sealed 2 of 2 attachment files again"),
        "{rotated}"
    );

    // The new key alone opens every identity and every file, which no longer holds the text.
    let only_new = dir.path().join("only-new");
    let first = std::fs::read_to_string(&keys).unwrap();
    std::fs::write(&only_new, first.lines().next().unwrap()).unwrap();
    let again = identity_texts(&url, &only_new).await;
    assert_eq!(again, texts);
    let new_only = Keyring::from_text(first.lines().next().unwrap()).unwrap();
    let sealed_new = aduan_app::Attachments::sealed(raw.clone(), &new_only).unwrap();
    for file in &files {
        let on_disk = raw.get(file).await.unwrap().unwrap().into_bytes().await;
        let on_disk = on_disk.unwrap();
        assert!(
            !on_disk.windows(20).any(|w| w == &photo[..20]),
            "{file} readable"
        );
        let read = sealed_new.get(file).await.unwrap().unwrap().into_bytes();
        assert_eq!(read.await.unwrap(), photo, "{file}");
    }
}

#[test]
fn a_key_file_inside_the_data_dir_or_a_wrong_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let url = format!("sqlite://{}", data.join("aduan.db").display());
    let keys = dir.path().join("keys");
    ok(&run(
        &url,
        &keys,
        &[
            "generate",
            "--reports",
            "20",
            "--seed",
            "3",
            "--until",
            "2026-06-30",
        ],
    ));

    let inside = aduan_bin()
        .env_remove("ADUAN_SECRET_KEY")
        .env("ADUAN_DATA_DIR", &data)
        .env("ADUAN_KEY_FILE", data.join("keys"))
        .args(["keys", "status"])
        .output()
        .unwrap();
    assert!(!inside.status.success());
    assert!(
        String::from_utf8_lossy(&inside.stderr).contains("inside data_dir"),
        "{}",
        String::from_utf8_lossy(&inside.stderr)
    );

    let wrong = run(&url, &dir.path().join("another-key"), &["keys", "status"]);
    assert!(!wrong.status.success());
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("sealed with key"),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );
}
