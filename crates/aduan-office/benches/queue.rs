//! The queue benchmark: times `GET /kantor` rendered through the whole router (session,
//! list query, visibility policy per row, clocks, template) for each role's busiest tabs, on
//! the first page and a later one, and prints the median and p95 over N runs.
//!
//! ```sh
//! # 20,000 generated reports on SQLite (and PostgreSQL when ADUAN_TEST_PG_URL is set)
//! cargo bench -p aduan-office --bench queue
//! # more reports, more runs
//! cargo bench -p aduan-office --bench queue -- --reports 200000 --runs 50
//! # a database `aduan generate --reports 1000000 --seed 1 --until 2026-06-30` filled
//! ADUAN_SECRET_KEY=<its key material> ADUAN_BENCH_DATABASE_URL=sqlite:///tmp/bench/s1m.db \
//!   cargo bench -p aduan-office --bench queue
//! ```
//!
//! The service's clock is fixed at `--now` (default 2026-06-30 10:00 WIB, the generated
//! history's last day). Staff accounts `bench-*@bench.aduan.invalid` are created in the
//! database on first use. Run without `--bench` (as `cargo test` does), it is a smoke check:
//! 2,000 reports and 3 runs per page, every page answering 200.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: a failed step must stop it

#[path = "queue/setup.rs"]
mod setup;

use aduan_domain::Role;
use aduan_domain::actor::SupervisorBody;
use aduan_store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::Arc;

/// What to run.
struct Args {
    reports: u64,
    runs: usize,
    until: NaiveDate,
    now: DateTime<Utc>,
    url: Option<String>,
}

impl Args {
    fn parse() -> Self {
        let argv: Vec<String> = std::env::args().skip(1).collect();
        let bench = argv.iter().any(|a| a == "--bench");
        let value = |name: &str| {
            argv.iter()
                .position(|a| a == name)
                .and_then(|i| argv.get(i + 1))
                .cloned()
        };
        Args {
            reports: value("--reports")
                .map_or(if bench { 20_000 } else { 2_000 }, |v| v.parse().unwrap()),
            runs: value("--runs").map_or(if bench { 30 } else { 3 }, |v| v.parse().unwrap()),
            until: value("--until").map_or(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(), |v| {
                v.parse().unwrap()
            }),
            now: value("--now").map_or("2026-06-30T03:00:00Z".parse().unwrap(), |v| {
                v.parse().unwrap()
            }),
            url: std::env::var("ADUAN_BENCH_DATABASE_URL")
                .ok()
                .filter(|u| !u.is_empty()),
        }
    }
}

/// Nearest-rank percentile of sorted `xs`.
fn percentile(xs: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * xs.len() as f64).ceil().max(1.0) as usize;
    xs[rank.min(xs.len()) - 1]
}

/// One timed page: the path is fixed (a later page's cursor is found once, first).
struct Case {
    name: String,
    cookie: String,
    path: String,
}

/// The path of page `pages` (or the last page, if there are fewer) and its number.
async fn later_page(
    router: &axum::Router,
    cookie: &str,
    first: &str,
    pages: usize,
) -> (String, usize) {
    let mut path = first.to_owned();
    let mut page = 1;
    while page < pages {
        let (_, html) = setup::get(router, cookie, &path).await;
        let Some(at) = html.find("rel=\"next\"") else {
            break;
        };
        let start = html[..at].rfind("href=\"").unwrap() + 6;
        let end = start + html[start..].find('"').unwrap();
        path = html[start..end].replace("&#38;", "&").replace("&amp;", "&");
        page += 1;
    }
    (path, page)
}

async fn bench(backend: &str, store: Arc<dyn Store>, args: &Args) {
    let files = tempfile::tempdir().unwrap();
    let router = setup::service(store.clone(), args.now, files.path()).await;
    let s = store.as_ref();
    let (agency, unit) = setup::busiest_scopes(s).await;
    let now = args.now;
    let none = (None, None, None);
    let national = setup::login(&router, s, "national", Role::NationalAdmin, none, now).await;
    let admin_scope = (Some(agency.clone()), None, None);
    let admin = setup::login(
        &router,
        s,
        &format!("admin-{agency}"),
        Role::AgencyAdmin,
        admin_scope,
        now,
    )
    .await;
    let ombudsman_scope = (None, None, Some(SupervisorBody::Ombudsman));
    let ombudsman = setup::login(
        &router,
        s,
        "ombudsman",
        Role::Supervisor,
        ombudsman_scope,
        now,
    )
    .await;
    let ksp_scope = (None, None, Some(SupervisorBody::Ksp));
    let ksp = setup::login(&router, s, "ksp", Role::Supervisor, ksp_scope, now).await;

    let mut plan: Vec<(String, String, &str, usize)> = vec![
        (
            "national admin, awaiting verification".into(),
            national.clone(),
            "/kantor?tab=verifikasi",
            1,
        ),
        (
            "JSON API, the national admin's verification list".into(),
            national.clone(),
            "/api/v1/reports?status=submitted&order=deadline&limit=25",
            1,
        ),
        (
            "national admin, awaiting verification".into(),
            national.clone(),
            "/kantor?tab=verifikasi",
            5,
        ),
        (
            "national admin, postponed".into(),
            national.clone(),
            "/kantor?tab=ditunda",
            1,
        ),
        (
            "national admin, escalated".into(),
            national.clone(),
            "/kantor?tab=eskalasi",
            1,
        ),
        (
            "national admin, all (newest)".into(),
            national.clone(),
            "/kantor?tab=semua",
            1,
        ),
        (
            "national admin, all (newest)".into(),
            national.clone(),
            "/kantor?tab=semua",
            5,
        ),
        (
            format!("agency admin ({agency}), awaiting verification"),
            admin.clone(),
            "/kantor?tab=verifikasi",
            1,
        ),
        (
            format!("agency admin ({agency}), held"),
            admin.clone(),
            "/kantor?tab=dipegang",
            1,
        ),
        (
            format!("agency admin ({agency}), held"),
            admin.clone(),
            "/kantor?tab=dipegang",
            5,
        ),
        (
            format!("agency admin ({agency}), breached"),
            admin.clone(),
            "/kantor?tab=terlambat",
            1,
        ),
        (
            "Ombudsman, escalated".into(),
            ombudsman.clone(),
            "/kantor?tab=eskalasi",
            1,
        ),
        (
            "Ombudsman, escalated".into(),
            ombudsman,
            "/kantor?tab=eskalasi",
            5,
        ),
        (
            "KSP, escalated".into(),
            ksp.clone(),
            "/kantor?tab=eskalasi",
            1,
        ),
        ("KSP, all open".into(), ksp, "/kantor?tab=terbuka", 1),
    ];
    if let Some((a, u)) = unit {
        let scope = (Some(a), Some(u.clone()), None);
        let officer = setup::login(
            &router,
            s,
            &format!("unit-{}", u.as_str().replace('/', "-")),
            Role::UnitOfficer,
            scope,
            now,
        )
        .await;
        plan.push((
            format!("unit officer ({u}), held"),
            officer,
            "/kantor?tab=dipegang",
            1,
        ));
    }
    let mut cases = Vec::new();
    for (name, cookie, first, pages) in plan {
        let (path, page) = later_page(&router, &cookie, first, pages).await;
        cases.push(Case {
            name: format!("{name}, page {page}"),
            cookie,
            path,
        });
    }

    println!(
        "\n{backend}: {} runs per page, clock at {}",
        args.runs, args.now
    );
    println!("| page | rows | median ms | p95 ms | max ms |");
    println!("|---|---|---|---|---|");
    for case in &cases {
        for _ in 0..2 {
            setup::get(&router, &case.cookie, &case.path).await;
        }
        let mut times = Vec::with_capacity(args.runs);
        let mut rows = 0;
        for _ in 0..args.runs {
            let (ms, html) = setup::get(&router, &case.cookie, &case.path).await;
            rows = html.matches("href=\"/kantor/laporan/").count()
                + html.matches("\"tracking_id\":").count();
            times.push(ms);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "| {} | {rows} | {:.1} | {:.1} | {:.1} |",
            case.name,
            percentile(&times, 50.0),
            percentile(&times, 95.0),
            times.last().copied().unwrap_or_default()
        );
    }
}

async fn run(args: Args) {
    if let Some(url) = &args.url {
        // An existing data set opens with its own key material (an `aduan bench` set's is
        // BENCH_KEY in crates/aduan-bench/src/cli.rs), never with a key made up here.
        let material = std::env::var("ADUAN_SECRET_KEY")
            .expect("ADUAN_SECRET_KEY: the key material of the data set");
        let ring = Arc::new(aduan_store::Keyring::from_text(&material).unwrap());
        let store: Arc<dyn Store> = if url.starts_with("postgres") {
            Arc::new(aduan_store_pg::PgStore::connect(url, ring).await.unwrap())
        } else {
            Arc::new(
                aduan_store_sqlite::SqliteStore::connect(url, ring)
                    .await
                    .unwrap(),
            )
        };
        let backend = store.backend().to_owned();
        return bench(&backend, store, &args).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let sqlite: Arc<dyn Store> = Arc::new(
        aduan_store_sqlite::SqliteStore::connect(&url, aduan_store::Keyring::for_tests())
            .await
            .unwrap(),
    );
    setup::fill(sqlite.as_ref(), args.reports, args.until, args.now).await;
    bench("SQLite", sqlite, &args).await;
    if std::env::var("ADUAN_TEST_PG_URL").is_ok_and(|u| !u.is_empty()) {
        let db = aduan_store_pg::testing::TestDatabase::create().await;
        let pg: Arc<dyn Store> = Arc::new(db.store().await);
        setup::fill(pg.as_ref(), args.reports, args.until, args.now).await;
        bench("PostgreSQL", pg, &args).await;
    }
}

fn main() {
    let args = Args::parse();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(run(args));
}
