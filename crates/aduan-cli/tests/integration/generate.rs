//! `aduan generate` through the real binary: a bounded run on SQLite.

use crate::aduan_bin;
use aduan_store_sqlite::SqliteStore;

fn generate(url: &str, seed: &str) -> String {
    let out = aduan_bin()
        .env("ADUAN_DATABASE_URL", url)
        .args([
            "generate",
            "--reports",
            "2000",
            "--seed",
            seed,
            "--until",
            "2026-06-30",
        ])
        .args(["--batch", "700"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

async fn heads(url: &str) -> Vec<(String, String)> {
    let store = SqliteStore::open(url, aduan_store::Keyring::for_tests())
        .await
        .unwrap();
    sqlx::query_as("SELECT tracking_id, head_hash FROM reports ORDER BY tracking_id")
        .fetch_all(store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn generate_writes_two_thousand_reports_whose_history_verifies_and_repeats_for_the_same_seed()
{
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("gen.db").display());
    let out = generate(&url, "5");
    assert!(out.contains("wrote 2000 reports and "), "{out}");
    for label in [
        "completed/reporter_confirmed",
        "archived",
        "in_progress",
        "by channel:",
    ] {
        assert!(out.contains(label), "{label} missing from {out}");
    }

    let verify = aduan_bin()
        .env("ADUAN_DATABASE_URL", &url)
        .args(["audit", "verify"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&verify.stdout);
    assert!(verify.status.success(), "{text}");
    assert!(text.contains("checked 2000 reports"), "{text}");
    assert!(text.contains("history intact"), "{text}");

    let again = format!("sqlite://{}", dir.path().join("again.db").display());
    generate(&again, "5");
    let first = heads(&url).await;
    assert_eq!(first.len(), 2000);
    assert_eq!(
        first,
        heads(&again).await,
        "the same seed wrote different histories"
    );
}
