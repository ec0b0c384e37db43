//! The job machinery end to end on a real store: outbox delivery, the worker, periodic jobs
//! and retention. Each case runs on SQLite and (ignored unless `--include-ignored` with
//! `ADUAN_TEST_PG_URL`) on PostgreSQL. Time comes from a fake clock; nothing sleeps.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

/// Expands each case `fn case(env: Env)` into `mod case { on_sqlite, on_postgres }`.
macro_rules! on_both {
    ($($case:ident),+ $(,)?) => {
        $(
            mod $case {
                #[tokio::test]
                async fn on_sqlite() {
                    super::$case(crate::support::Env::sqlite().await).await;
                }

                #[tokio::test]
                #[ignore = "needs PostgreSQL: run with --include-ignored and ADUAN_TEST_PG_URL"]
                async fn on_postgres() {
                    super::$case(crate::support::Env::postgres().await).await;
                }
            }
        )+
    };
}

mod delivery;
mod retention;
mod support;
mod worker;
