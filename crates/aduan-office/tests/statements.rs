//! The lists read a page with a fixed number of SQL statements, however many reports it
//! shows: the public feed (`/laporan`), the JSON list (`/api/v1/reports`) and the work queue
//! (`/kantor`). Each statement sqlx runs is one event under the target `sqlx::query`; a
//! counting layer installed for the whole test binary counts them around one request. The
//! tests hold one lock for their whole run, so that another test's statements never land in
//! the count, from before their app is made until after it is gone, and open every connection
//! of the pool before they count: sqlx hands a used connection back from a task of its own,
//! so a request that comes before that task has run would otherwise open a new connection,
//! whose set-up statements would land in the count (and such set-up statements, SQLite's
//! `PRAGMA`s, are not counted either way).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

#[path = "../../aduan-portal/tests/support/mod.rs"]
mod support;

use aduan_testkit::{As, TestApp};
use axum::http::StatusCode;
use serde_json::json;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use support::Visitor;
use tracing::subscriber::Interest;
use tracing::{Event, Metadata};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// Statements run since the binary started.
static STATEMENTS: AtomicUsize = AtomicUsize::new(0);
/// One counting test at a time.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const SQLX: &str = "sqlx::query";

/// Counts sqlx's statement events and listens to nothing else.
struct CountStatements;

impl<S: tracing::Subscriber> Layer<S> for CountStatements {
    fn register_callsite(&self, meta: &'static Metadata<'static>) -> Interest {
        if meta.target() == SQLX {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, meta: &Metadata<'_>, _: Context<'_, S>) -> bool {
        meta.target() == SQLX
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() != SQLX {
            return;
        }
        let mut summary = Summary(String::new());
        event.record(&mut summary);
        // A new connection's set-up (SQLite's PRAGMAs) is the pool's, not the request's.
        if !summary
            .0
            .trim_start()
            .to_ascii_uppercase()
            .starts_with("PRAGMA")
        {
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// The `summary` field of sqlx's statement event: the statement's first words.
struct Summary(String);

impl tracing::field::Visit for Summary {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "summary" {
            self.0 = value.to_owned();
        }
    }

    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "summary" {
            self.0 = format!("{value:?}").trim_matches('"').to_owned();
        }
    }
}

fn install() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let subscriber = tracing_subscriber::registry().with(CountStatements);
        tracing::subscriber::set_global_default(subscriber).expect("one global subscriber");
    });
}

/// Opens every connection the pool may hold, so that no counted request opens one.
async fn open_every_connection(app: &TestApp) {
    let max = app.store.pool_use().max;
    for _ in 0..100 {
        if app.store.pool_use().open >= max {
            return;
        }
        let mut pings = tokio::task::JoinSet::new();
        for _ in 0..max {
            let store = app.store.clone();
            pings.spawn(async move { store.ping().await });
        }
        while let Some(ping) = pings.join_next().await {
            ping.unwrap().unwrap();
        }
    }
    panic!(
        "the pool never opened its {max} connections: {:?}",
        app.store.pool_use()
    );
}

/// The statements `request` runs.
async fn counted<F: std::future::Future<Output = ()>>(request: F) -> usize {
    let before = STATEMENTS.load(Ordering::SeqCst);
    request.await;
    STATEMENTS.load(Ordering::SeqCst) - before
}

/// The statements each list runs, in order: the feed, the JSON list as the public and as the
/// national admin, the national admin's queue, the agency admin's queue in deadline order.
/// Each is asked once before it is counted, so that reference data is in memory.
async fn statements_per_list<'a>(
    app: &TestApp,
    national: &mut Visitor<'a>,
    surabaya: &mut Visitor<'a>,
    token: &str,
    expect: usize,
) -> Vec<usize> {
    let mut out = Vec::new();
    for _ in 0..2 {
        out.clear();
        out.push(
            counted(async {
                let res = app.get("/laporan", As::Anon).await;
                assert_eq!(res.status, StatusCode::OK);
                assert_eq!(res.text.matches("href=\"/laporan/").count(), expect, "feed");
            })
            .await,
        );
        for who in [As::Anon, As::Token(token)] {
            out.push(
                counted(async {
                    let res = app.get("/api/v1/reports", who).await;
                    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
                    assert_eq!(res.body["items"].as_array().unwrap().len(), expect, "list");
                })
                .await,
            );
        }
        for (who, tab) in [(&mut *national, "semua"), (&mut *surabaya, "dipegang")] {
            out.push(
                counted(async {
                    let page = who.get(&format!("/kantor?tab={tab}")).await;
                    assert_eq!(page.status, StatusCode::OK, "{tab}");
                })
                .await,
            );
        }
    }
    out
}

async fn a_page_of_twenty_reports_runs_as_many_statements_as_a_page_of_one(app: TestApp) {
    // One whose reporter shows their name, so that every read a page can make is made.
    app.public_report(json!({"show_name": true})).await;
    let token = app.login("national").await;
    let mut national = Visitor::new(&app);
    assert!(national.login("national").await.status.is_redirection());
    let mut surabaya = Visitor::new(&app);
    assert!(surabaya.login("surabaya").await.status.is_redirection());
    open_every_connection(&app).await;
    let one = statements_per_list(&app, &mut national, &mut surabaya, &token, 1).await;

    // Named, anonymous and hidden reporters alike.
    for i in 0..19 {
        let who = match i % 3 {
            0 => json!({"show_name": true}),
            1 => json!({"anonymous": true, "reporter": null}),
            _ => json!({}),
        };
        app.public_report(who).await;
    }
    open_every_connection(&app).await;
    let twenty = statements_per_list(&app, &mut national, &mut surabaya, &token, 20).await;
    eprintln!("statements per list for 1 report: {one:?}, for 20: {twenty:?}");
    assert_eq!(
        one, twenty,
        "statements per list (feed, JSON public, JSON national, queue, queue by deadline) \
         for 1 report, then for 20"
    );
}

// The lock is taken before the app is made: making one (a database, its migrations, the
// fixture) runs statements too, which must not land in the other backend's count.

#[tokio::test]
async fn on_sqlite_a_page_of_twenty_reports_runs_as_many_statements_as_a_page_of_one() {
    install();
    let _alone = ONE_AT_A_TIME.lock().await;
    let app = TestApp::sqlite().await;
    a_page_of_twenty_reports_runs_as_many_statements_as_a_page_of_one(app).await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL: run with --include-ignored and ADUAN_TEST_PG_URL"]
async fn on_postgres_a_page_of_twenty_reports_runs_as_many_statements_as_a_page_of_one() {
    install();
    let _alone = ONE_AT_A_TIME.lock().await;
    let app = TestApp::postgres().await;
    a_page_of_twenty_reports_runs_as_many_statements_as_a_page_of_one(app).await;
}
