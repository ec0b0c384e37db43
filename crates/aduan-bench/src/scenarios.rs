//! The scenarios, one row each in [`ALL`]: what request a client sends next, which status it
//! expects, and which baseline its throughput is compared with. A new scenario is a new row.

use crate::http::{Call, HttpClient, send};
use crate::load::{self, Outcome};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

/// What the scenarios need: the server, ids picked from the data set, a staff session.
#[derive(Debug)]
pub struct Ctx {
    /// `127.0.0.1:PORT` of the server.
    pub addr: String,
    /// The keep-alive client.
    pub client: HttpClient,
    /// Concurrent clients.
    pub clients: usize,
    /// Public reports (dispatched or later, not confidential), in random order.
    pub public_ids: Vec<String>,
    /// Open reports (dispatched or in progress), in random order.
    pub open_ids: Vec<String>,
    /// The staff account's session token.
    pub token: String,
    /// Distinguishes this run's submissions and idempotency keys from earlier runs'.
    pub run: String,
    /// A category, requested agency and region of the data set, for submissions.
    pub where_what: (Option<String>, Option<String>, Option<String>),
}

/// Which bare database loop a scenario is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Baseline {
    /// One transaction inserting what a submission inserts.
    Write,
    /// A SELECT of one report by id.
    Read,
}

/// One scenario.
#[derive(Debug)]
pub struct Scenario {
    /// Its name on the command line and in the table.
    pub name: &'static str,
    /// What it does, for the documentation and `--help`.
    pub does: &'static str,
    /// The baseline it is compared with.
    pub baseline: Baseline,
    /// The status every answer must have.
    pub expect: u16,
    call: fn(&Ctx, usize, u64) -> Call,
}

/// A report id for client `c`'s `n`th request, spread over `ids`.
fn spread(ids: &[String], c: usize, n: u64, clients: usize) -> &str {
    let i = (n as usize).wrapping_mul(clients).wrapping_add(c);
    ids.get(i.wrapping_mul(2_654_435_761) % ids.len().max(1))
        .map_or("none", String::as_str)
}

/// Client `c`'s own report: clients never write to the same report at once (when there are at
/// least as many ids as clients).
fn own(ids: &[String], c: usize, n: u64, clients: usize) -> &str {
    let per = (ids.len() / clients.max(1)).max(1);
    let i = c + clients * (n as usize % per);
    ids.get(i % ids.len().max(1)).map_or("none", String::as_str)
}

fn submit(ctx: &Ctx, c: usize, n: u64) -> Call {
    let run = &ctx.run;
    let (category, agency, region) = &ctx.where_what;
    let body = json!({
        "kind": "complaint",
        "title": format!("Jalan berlubang, laporan uji beban {run}-{c}-{n}"),
        "body": format!("Sudah tiga bulan jalan berlubang, dua pengendara motor jatuh minggu lalu. \
                         (uji beban aduan bench {run}, klien {c}, nomor {n})"),
        "incident_date": "2026-06-01",
        "location": {"text": "Jl. Ahmad Yani", "region_code": region},
        "requested_agency": agency,
        "category": category,
        "anonymous": false,
        "show_name": false,
        "reporter": {"name": "Warga Uji Beban", "email": format!("bench.{run}.{c}.{n}@example.com")}
    });
    Call::post_json("/api/v1/reports", &body)
        .header("idempotency-key", format!("bench-{run}-{c}-{n}"))
        .header("x-forwarded-for", citizen_address(run, c, n))
}

/// The address client `c`'s `n`th submission of run `run` comes from, in 10.0.0.0/8: a new
/// one every 20 submissions, under the default limit of 30 an hour per address, and runs an
/// hour apart start at addresses of their own.
fn citizen_address(run: &str, c: usize, n: u64) -> String {
    let start = run.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    // Wrapping: the template submission is numbered u64::MAX.
    let k = (start as usize)
        .wrapping_add(((n / 20) as usize).wrapping_mul(256))
        .wrapping_add(c);
    format!("10.{}.{}.{}", (k >> 16) & 0xff, (k >> 8) & 0xff, k & 0xff)
}

fn note(ctx: &Ctx, c: usize, n: u64) -> Call {
    let id = own(&ctx.open_ids, c, n, ctx.clients);
    let body = json!({"action": "note", "body": format!("Catatan internal uji beban {} {c}-{n}.", ctx.run)});
    Call::post_json(format!("/api/v1/reports/{id}/actions"), &body)
        .header("authorization", format!("Bearer {}", ctx.token))
}

/// Everyday searches, URL-encoded, taken in turn by each client.
const QUERIES: [&str; 5] = [
    "jalan+rusak",
    "sampah+menumpuk",
    "pungli",
    "lampu+jalan+mati",
    "air+pdam",
];

fn query(c: usize, n: u64) -> &'static str {
    QUERIES[(c + n as usize) % QUERIES.len()]
}

/// Every scenario, in the order they run (the slow statistics last).
pub const ALL: &[Scenario] = &[
    Scenario {
        name: "submit",
        does: "POST /api/v1/reports: a new report (distinct text, reporter e-mail, Idempotency-Key), anonymous client",
        baseline: Baseline::Write,
        expect: 201,
        call: submit,
    },
    Scenario {
        name: "status",
        does: "GET /api/v1/reports/{id}/status: a public report's status card",
        baseline: Baseline::Read,
        expect: 200,
        call: |ctx, c, n| {
            Call::get(format!(
                "/api/v1/reports/{}/status",
                spread(&ctx.public_ids, c, n, ctx.clients)
            ))
        },
    },
    Scenario {
        name: "report-json",
        does: "GET /api/v1/reports/{id}: a public report as JSON",
        baseline: Baseline::Read,
        expect: 200,
        call: |ctx, c, n| {
            Call::get(format!(
                "/api/v1/reports/{}",
                spread(&ctx.public_ids, c, n, ctx.clients)
            ))
        },
    },
    Scenario {
        name: "report-page",
        does: "GET /laporan/{id}: a public report's page",
        baseline: Baseline::Read,
        expect: 200,
        call: |ctx, c, n| {
            Call::get(format!(
                "/laporan/{}",
                spread(&ctx.public_ids, c, n, ctx.clients)
            ))
        },
    },
    Scenario {
        name: "feed",
        does: "GET /laporan: the public feed, first page",
        baseline: Baseline::Read,
        expect: 200,
        call: |_, _, _| Call::get("/laporan"),
    },
    Scenario {
        name: "queue",
        does: "GET /kantor: the national admin's work queue (default tab), logged in",
        baseline: Baseline::Read,
        expect: 200,
        call: |ctx, _, _| {
            Call::get("/kantor").header("cookie", format!("aduan_session={}", ctx.token))
        },
    },
    Scenario {
        name: "note",
        does: "POST /api/v1/reports/{id}/actions {action: note}: a staff internal note on an open report (each client its own reports)",
        baseline: Baseline::Write,
        expect: 200,
        call: note,
    },
    Scenario {
        name: "search",
        does: "GET /api/v1/reports?q=...: a public full-text search, best match first, with facets (five everyday queries in turn)",
        baseline: Baseline::Read,
        expect: 200,
        call: |_, c, n| Call::get(format!("/api/v1/reports?q={}", query(c, n))),
    },
    Scenario {
        name: "search-staff",
        does: "GET /api/v1/reports?q=...: the national admin's search of every report and its internal notes",
        baseline: Baseline::Read,
        expect: 200,
        call: |ctx, c, n| {
            Call::get(format!("/api/v1/reports?q={}", query(c, n)))
                .header("authorization", format!("Bearer {}", ctx.token))
        },
    },
    Scenario {
        name: "search-page",
        does: "GET /laporan?q=...: the public feed searched",
        baseline: Baseline::Read,
        expect: 200,
        call: |_, c, n| Call::get(format!("/laporan?q={}", query(c, n))),
    },
    Scenario {
        name: "similar",
        does: "GET /api/v1/reports/{id}/similar: the national admin's lookup of reports like an open report, from the similarity index",
        baseline: Baseline::Read,
        expect: 200,
        call: |ctx, c, n| {
            let id = spread(&ctx.open_ids, c, n, ctx.clients);
            Call::get(format!("/api/v1/reports/{id}/similar"))
                .header("authorization", format!("Bearer {}", ctx.token))
        },
    },
    Scenario {
        name: "stats-volumes",
        does: "GET /api/v1/stats/volumes?by=topic: reports by topic, from the running counts",
        baseline: Baseline::Read,
        expect: 200,
        call: |_, _, _| Call::get("/api/v1/stats/volumes?by=topic"),
    },
    Scenario {
        name: "stats-agencies",
        does: "GET /api/v1/stats/agencies: the league table with grades, reroutes, ratings and backlog",
        baseline: Baseline::Read,
        expect: 200,
        call: |_, _, _| Call::get("/api/v1/stats/agencies"),
    },
    Scenario {
        name: "stats-page",
        does: "GET /statistik: the public statistics page",
        baseline: Baseline::Read,
        expect: 200,
        call: |_, _, _| Call::get("/statistik"),
    },
    Scenario {
        name: "stats-sla",
        does: "GET /api/v1/stats/sla: every party's figures against the time limits",
        baseline: Baseline::Read,
        expect: 200,
        call: |_, _, _| Call::get("/api/v1/stats/sla"),
    },
];

/// The scenarios named in `names` (all when empty), in the order of [`ALL`].
pub fn select(names: &[String]) -> anyhow::Result<Vec<&'static Scenario>> {
    for name in names {
        if !ALL.iter().any(|s| s.name == name) {
            let known: Vec<&str> = ALL.iter().map(|s| s.name).collect();
            anyhow::bail!("unknown scenario `{name}` (known: {})", known.join(", "));
        }
    }
    Ok(ALL
        .iter()
        .filter(|s| names.is_empty() || names.iter().any(|n| n == s.name))
        .collect())
}

impl Scenario {
    /// Client `c`'s `n`th request.
    pub fn call(&self, ctx: &Ctx, c: usize, n: u64) -> Call {
        (self.call)(ctx, c, n)
    }

    /// Runs it for `duration` from `ctx.clients` clients.
    pub async fn run(&'static self, ctx: Arc<Ctx>, duration: Duration) -> anyhow::Result<Outcome> {
        let clients = ctx.clients;
        load::drive(self.name, clients, duration, move |c, n| {
            let ctx = ctx.clone();
            async move {
                let call = (self.call)(&ctx, c, n);
                match send(&ctx.client, &ctx.addr, &call).await {
                    Ok((status, _)) if status.as_u16() == self.expect => Ok(()),
                    Ok((status, body)) => {
                        let text = String::from_utf8_lossy(&body);
                        let text: String = text.chars().take(400).collect();
                        Err(format!(
                            "{} {} answered {status}: {text}",
                            call.method, call.path
                        ))
                    }
                    Err(e) => Err(format!("{} {}: {e:#}", call.method, call.path)),
                }
            }
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrent_clients_write_to_different_reports() {
        let ids: Vec<String> = (0..100).map(|i| i.to_string()).collect();
        for n in 0..10 {
            let mut seen: Vec<&str> = (0..32).map(|c| own(&ids, c, n, 32)).collect();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), 32);
        }
    }

    #[test]
    fn scenarios_are_chosen_by_name_and_an_unknown_one_is_refused() {
        assert_eq!(select(&[]).unwrap().len(), ALL.len());
        let two = select(&["feed".into(), "submit".into()]).unwrap();
        assert_eq!(
            two.iter().map(|s| s.name).collect::<Vec<_>>(),
            ["submit", "feed"]
        );
        assert!(select(&["nope".into()]).is_err());
    }
}
