//! `aduan import` through the real binary: generated histories, exported as a legacy system
//! would export them, come back as the same reports (states, holders, event counts, next
//! deadlines) with chains that verify, and a second run finds nothing left to do.

use crate::aduan_bin;
use aduan_store_sqlite::SqliteStore;

fn run(url: &str, args: &[&str]) -> String {
    let out = aduan_bin()
        .env("ADUAN_DATABASE_URL", url)
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{args:?}: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

type Shape = (
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    i64,
    String,
);

/// What each report became, in a stable order (tracking ids differ between the two runs).
async fn shapes(url: &str) -> Vec<Shape> {
    let store = SqliteStore::open(url, aduan_store::Keyring::for_tests())
        .await
        .unwrap();
    sqlx::query_as(
        "SELECT status, completion_kind, escalation_level, agency, unit, event_count, next_due \
         FROM reports ORDER BY 1, 2, 3, 4, 5, 6, 7",
    )
    .fetch_all(store.pool())
    .await
    .unwrap()
}

#[tokio::test]
async fn a_legacy_export_of_generated_histories_imports_as_the_same_reports_and_resumes_to_nothing()
{
    let dir = tempfile::tempdir().unwrap();
    let direct = format!("sqlite://{}", dir.path().join("direct.db").display());
    let imported = format!("sqlite://{}", dir.path().join("imported.db").display());
    let file = dir.path().join("lapor.jsonl");
    let file = file.to_str().unwrap();
    let gen_args = [
        "generate",
        "--reports",
        "1500",
        "--seed",
        "3",
        "--until",
        "2026-06-30",
    ];
    run(&direct, &gen_args);
    let mut export = gen_args.to_vec();
    export.extend(["--jsonl", file]);
    run(&imported, &export);

    let out = run(&imported, &["import", file, "--batch", "400"]);
    assert!(
        out.contains("read 1500 lines: imported 1500 reports"),
        "{out}"
    );
    assert!(out.contains("rejected 0"), "{out}");
    assert_eq!(shapes(&direct).await, shapes(&imported).await);
    let verify = run(&imported, &["audit", "verify"]);
    assert!(verify.contains("checked 1500 reports"), "{verify}");

    let again = run(&imported, &["import", file]);
    assert!(
        again.contains("resumed lapor.jsonl after line 1500"),
        "{again}"
    );
    assert!(
        again.contains("read 0 lines: imported 0 reports"),
        "{again}"
    );
}
