//! `aduan worker` with `[smtp]` set sends e-mail through that server (here Debian's aiosmtpd
//! on loopback): the message carries its dedup key as Message-ID and its access code, and the
//! log names neither the address nor the code.

use super::aduan_bin;
use super::workers::until;
use aduan_store::{Language, NewOutboxMessage, NotifyChannel, OutboxStore, RecipientKind};
use chrono::Utc;
use std::time::Duration;

#[path = "../../../aduan-mail/tests/smtp/sink.rs"]
mod sink;

/// The worker, killed when the test ends (or fails).
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
#[ignore = "needs python3-aiosmtpd (Debian); run with --include-ignored"]
async fn a_worker_with_smtp_settings_sends_e_mail_through_that_server() {
    if !sink::available("a_worker_with_smtp_settings_sends_e_mail") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("aduan.db").display());
    let store = aduan_store_sqlite::SqliteStore::connect(&url, aduan_store::Keyring::for_tests())
        .await
        .unwrap();
    let key = aduan_store::Keyring::for_tests().deployment_key();
    let m = NewOutboxMessage {
        recipient_kind: RecipientKind::Address,
        recipient: "warga@example.id".into(),
        channel: NotifyChannel::Email,
        template: "report_received".into(),
        language: Language::Id,
        payload: serde_json::json!({"tracking_id": "7K3M9QX2PH", "status": "submitted"}),
        secret: Some(key.seal("K7QM-2XPD", "7K3M9QX2PH:received")),
        dedup_key: "7K3M9QX2PH:received".into(),
    };
    store.insert_outbox(&[m], Utc::now()).await.unwrap();
    let mail_dir = dir.path().join("mail");
    let port = sink::free_port();
    let server = sink::Sink::start(&mail_dir, port);
    let config = dir.path().join("aduan.toml");
    std::fs::write(
        &config,
        format!(
            "[smtp]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"\n\
             from = \"Aduan <noreply@aduan.uji.go.id>\"\nreply_domain = \"balas.aduan.uji.go.id\"\n\
             base_url = \"https://aduan.uji.go.id\"\n",
            port
        ),
    )
    .unwrap();
    let log = dir.path().join("worker.log");
    let _worker = KillOnDrop(
        aduan_bin()
            .args(["worker", "--poll-ms", "50"])
            .arg("--config")
            .arg(&config)
            .env("ADUAN_DATABASE_URL", &url)
            .env("ADUAN_DATA_DIR", dir.path())
            .env("ADUAN_SECRET_KEY", key.to_base64().as_str())
            .env("ADUAN_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap(),
    );
    until(Duration::from_secs(30), "the delivery", || async {
        store.count_outbox().await.unwrap().sent == 1
    })
    .await;
    let eml = std::fs::read_to_string(server.dir.join("0001.eml")).unwrap();
    assert!(
        eml.contains("Message-ID: <7K3M9QX2PH:received@balas.aduan.uji.go.id>"),
        "{eml}"
    );
    assert!(eml.contains("To: warga@example.id"), "{eml}");
    assert!(eml.contains("Reply-To: balas+7K3M9QX2PH."), "{eml}");
    assert!(eml.contains("K7QM-2XPD"), "the code reaches the reporter");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        !text.contains("warga@example.id") && !text.contains("K7QM"),
        "{text}"
    );
}
