//! `aduan stats` on generated data: the SLA figures' running counts, which the statistics pages
//! read instead of every clock, equal a recount from every clock — for the nation, one agency,
//! one unit and periods that start and end mid-month — on both backends; a tampered count is
//! caught and a rebuild mends it.

use crate::aduan_bin;
use aduan_store_pg::testing::TestDatabase;

fn aduan(url: &str, args: &[&str]) -> (bool, String) {
    let out = aduan_bin()
        .env("ADUAN_DATABASE_URL", url)
        .args(args)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// What the checks need from the database, read by raw SQL: the busiest party, a unit that
/// held stopped clocks, and a statement that inflates one stored count.
struct Probe {
    agency: String,
    unit: String,
}

async fn figures_equal_a_recount(
    url: &str,
    probe: impl AsyncFnOnce() -> Probe,
    tamper: impl AsyncFnOnce(),
) {
    let (ok, out) = aduan(
        url,
        &[
            "generate",
            "--reports",
            "3000",
            "--seed",
            "15",
            "--until",
            "2026-06-30",
            "--batch",
            "700",
        ],
    );
    assert!(ok, "{out}");
    let Probe { agency, unit } = probe().await;
    let checks: Vec<Vec<&str>> = vec![
        vec![],
        vec!["--from", "2026-01-01", "--until", "2026-04-01"],
        vec!["--from", "2025-11-17", "--until", "2026-02-11"],
        vec!["--from", "2026-03-09"],
        vec!["--until", "2026-02-20"],
        vec!["--from", "2026-05-04", "--until", "2026-05-20"],
        vec!["--agency", &agency],
        vec![
            "--agency",
            &agency,
            "--from",
            "2026-02-15",
            "--until",
            "2026-06-02",
        ],
        vec!["--unit", &unit],
    ];
    for check in &checks {
        let mut args = vec!["stats", "verify"];
        args.extend(check.iter().copied());
        let (ok, out) = aduan(url, &args);
        assert!(ok && out.contains("equal the recount"), "{check:?}: {out}");
    }

    tamper().await;
    let (ok, out) = aduan(url, &["stats", "verify"]);
    assert!(
        !ok && out.contains("differ"),
        "a tampered count is caught: {out}"
    );
    let (ok, out) = aduan(url, &["stats", "rebuild"]);
    assert!(ok && out.contains("recounted"), "{out}");
    let (ok, out) = aduan(url, &["stats", "verify"]);
    assert!(ok, "a rebuild mends the counts: {out}");
}

const BUSIEST: &str = "SELECT responsible FROM clocks WHERE stopped_at IS NOT NULL \
    GROUP BY responsible ORDER BY COUNT(*) DESC, responsible LIMIT 1";
const A_UNIT: &str = "SELECT unit FROM clocks WHERE unit IS NOT NULL AND stopped_at IS NOT NULL \
    GROUP BY unit ORDER BY COUNT(*) DESC, unit LIMIT 1";
const TAMPER: &str = "UPDATE sla_tally SET n = n + 1 WHERE grain = 'all' AND unit = ''";

#[tokio::test]
async fn the_running_counts_equal_a_recount_of_three_thousand_generated_reports_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("gen.db").display());
    let pool = || async { sqlx::SqlitePool::connect(&url).await.unwrap() };
    figures_equal_a_recount(
        &url,
        async || {
            let pool = pool().await;
            let (agency,): (String,) = sqlx::query_as(BUSIEST).fetch_one(&pool).await.unwrap();
            let (unit,): (String,) = sqlx::query_as(A_UNIT).fetch_one(&pool).await.unwrap();
            Probe { agency, unit }
        },
        async || {
            let pool = pool().await;
            sqlx::query(TAMPER).execute(&pool).await.unwrap();
        },
    )
    .await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL: run with --include-ignored and ADUAN_TEST_PG_URL"]
async fn the_running_counts_equal_a_recount_of_three_thousand_generated_reports_on_postgresql() {
    let db = TestDatabase::create().await;
    let store = db.store().await;
    figures_equal_a_recount(
        &db.url,
        async || {
            let (agency,): (String,) = sqlx::query_as(BUSIEST)
                .fetch_one(store.pool())
                .await
                .unwrap();
            let (unit,): (String,) = sqlx::query_as(A_UNIT)
                .fetch_one(store.pool())
                .await
                .unwrap();
            Probe { agency, unit }
        },
        async || {
            sqlx::query(TAMPER).execute(store.pool()).await.unwrap();
        },
    )
    .await;
}
