//! `aduan ingest-email` as an MTA's pipe transport runs it: one message on standard input, the
//! envelope in arguments, the outcome in the exit status (0 taken care of, 75 retry later).

use crate::aduan_bin;
use aduan_domain::TrackingId;
use aduan_domain::report::Channel;
use aduan_store::{DeploymentKey, Store};
use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};
use std::sync::Arc;

const SETTINGS: &str =
    "[mail_in]\ndomain = \"aduan.contoh.id\"\naddresses = [\"lapor@aduan.contoh.id\"]\n";

fn corpus(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../aduan-mail/tests/corpus")
        .join(name);
    String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned()
}

/// Pipes `message` into `aduan ingest-email` on `db`, as Postfix's pipe would.
fn pipe(db: &str, dir: &Path, key: &DeploymentKey, message: &str) -> Output {
    let config = dir.join("aduan.toml");
    std::fs::write(&config, SETTINGS).unwrap();
    let mut child = aduan_bin()
        .env("ADUAN_DATABASE_URL", db)
        .env("ADUAN_DATA_DIR", dir.join("data"))
        .env("ADUAN_SECRET_KEY", key.to_base64().as_str())
        .env("ADUAN_LOG", "info")
        .arg("--config")
        .arg(&config)
        .args(["ingest-email", "--recipient", "lapor@aduan.contoh.id"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(message.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn log(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

async fn reports(store: &dyn Store) -> Vec<TrackingId> {
    let heads = store.list_report_heads(None, 1000).await.unwrap();
    heads.into_iter().map(|h| h.tracking_id).collect()
}

/// A report by e-mail with a photo, the MTA's retry of it, a bounce, and the reporter's answer
/// to the signed reply address, each piped through the binary.
async fn mail_through_the_binary(db: &str, store: Arc<dyn Store>) {
    let dir = tempfile::tempdir().unwrap();
    let key = aduan_store::Keyring::for_tests().deployment_key();

    let photo = corpus("laporan-multipart-jpeg.eml");
    let out = pipe(db, dir.path(), &key, &photo);
    assert_eq!(out.status.code(), Some(0), "{}", log(&out));
    assert!(
        log(&out).contains("e-mail filed as a new report"),
        "{}",
        log(&out)
    );
    let filed = reports(store.as_ref()).await;
    assert_eq!(filed.len(), 1);
    let report = store.get_report(&filed[0]).await.unwrap().unwrap();
    assert_eq!(report.channel, Channel::Email);
    assert_eq!(store.list_attachments(&filed[0]).await.unwrap().len(), 1);

    let again = pipe(db, dir.path(), &key, &photo);
    assert_eq!(again.status.code(), Some(0), "{}", log(&again));
    assert!(log(&again).contains("already taken in"), "{}", log(&again));
    let bounce = pipe(db, dir.path(), &key, &corpus("bounce-dsn.eml"));
    assert_eq!(bounce.status.code(), Some(0), "{}", log(&bounce));
    assert!(log(&bounce).contains("bounce"), "{}", log(&bounce));
    assert_eq!(
        reports(store.as_ref()).await.len(),
        1,
        "nothing filed twice, no bounce filed"
    );

    let siti = corpus("laporan-quoted-printable.eml").replace(
        "From: =?UTF-8?Q?Dewi_Lestari?= <dewi.lestari@example.net>",
        "From: Siti Rahmawati <siti.rahmawati@example.co.id>",
    );
    assert_eq!(pipe(db, dir.path(), &key, &siti).status.code(), Some(0));
    let id = *reports(store.as_ref())
        .await
        .iter()
        .find(|id| **id != filed[0])
        .unwrap();
    let token = aduan_mail::token::reply_token(&aduan_mail::token::reply_secret(&key), id.as_str());
    let reply = corpus("balasan-notifikasi-gmail.eml")
        .replace("%TRACKING_ID%", id.as_str())
        .replace("%TOKEN%", &token);
    let out = pipe(db, dir.path(), &key, &reply);
    assert_eq!(out.status.code(), Some(0), "{}", log(&out));
    assert!(log(&out).contains("add_info"), "{}", log(&out));
    let events = store.list_events(&id).await.unwrap();
    let added = events.last().unwrap();
    assert_eq!(added.action.as_str(), "add_info");
    let text = added.body.as_deref().unwrap();
    assert!(
        text.contains("lampu jalan di depan rumah nomor 12 masih mati"),
        "{text}"
    );
    for leak in [
        "Rahmawati",
        "0812",
        "812-3456",
        "siti.rahmawati@",
        "menulis:",
    ] {
        assert!(!text.contains(leak), "`{leak}` kept: {text}");
    }
}

#[tokio::test]
async fn ingest_email_files_once_ignores_a_bounce_and_takes_a_reply_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("aduan.db").display());
    let store = aduan_store_sqlite::SqliteStore::connect(&url, aduan_store::Keyring::for_tests())
        .await
        .unwrap();
    mail_through_the_binary(&url, Arc::new(store)).await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL: run with --include-ignored and ADUAN_TEST_PG_URL"]
async fn ingest_email_files_once_ignores_a_bounce_and_takes_a_reply_on_postgres() {
    let db = aduan_store_pg::testing::TestDatabase::create().await;
    let store = db.store().await;
    mail_through_the_binary(&db.url, Arc::new(store)).await;
}

#[test]
fn ingest_email_asks_the_mta_to_retry_when_the_database_is_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    let out = pipe(
        "postgres://postgres@127.0.0.1:1/aduan",
        dir.path(),
        &aduan_store::Keyring::for_tests().deployment_key(),
        &corpus("laporan-quoted-printable.eml"),
    );
    assert_eq!(out.status.code(), Some(75), "EX_TEMPFAIL: {}", log(&out));
    assert!(log(&out).contains("the MTA will retry"), "{}", log(&out));
}
