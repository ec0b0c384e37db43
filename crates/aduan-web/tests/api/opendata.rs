//! Open data: `/api/v1/open/reports.csv` and `.jsonl` hold every public report and nothing
//! else, without personal data; a staff export holds its caller's scope, audited; the
//! statistics' CSVs withhold small counts.

use crate::common::{As, Res, TestApp};
use crate::on_both_backends;
use aduan_app::opendata::COLUMNS;
use aduan_app::opendata::stats::{LEAGUE_COLUMNS, VOLUME_COLUMNS};
use aduan_testkit::REPORTER_IDENTITY;
use axum::http::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The documented header (docs/open-data.md).
const HEADER: [&str; 18] = [
    "tracking_id",
    "submitted_at",
    "month",
    "kind",
    "status",
    "completion_kind",
    "category",
    "topic",
    "agency",
    "agency_name",
    "region_code",
    "province",
    "channel",
    "title",
    "body",
    "lat",
    "lon",
    "follow_ups",
];

const OWN_WORDS: &str = "Saya Siti Rahmawati, hubungi 0812-3456-7890 atau \
                         siti.rahmawati@contoh.id, NIK 3578014507900001";

fn dispatch(agency: &str) -> Value {
    json!({"action": "verify_dispatch", "agency": agency, "handling_class": "ordinary"})
}

/// A report with `overrides`, dispatched by the national admin to `agency`.
async fn dispatched(app: &TestApp, national: &str, agency: &str, overrides: Value) -> String {
    let (id, _) = app.submit(overrides).await;
    app.act_ok(&id, As::Token(national), dispatch(agency)).await;
    id
}

/// The rows of a CSV answer, its header checked against the documented one.
fn csv_rows(res: &Res, header: &[&str]) -> Vec<csv::StringRecord> {
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let ct = res.headers["content-type"].to_str().unwrap();
    assert_eq!(ct, "text/csv; charset=utf-8");
    let mut reader = csv::Reader::from_reader(res.text.as_bytes());
    let found: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(found, header);
    reader.records().map(Result::unwrap).collect()
}

/// Nothing of the fixture reporter, and no NIK, phone number or e-mail address, in `text`.
fn assert_no_personal_data(text: &str) {
    let lower = text.to_lowercase();
    for part in REPORTER_IDENTITY
        .iter()
        .chain(&["siti", "rahmawati", "0812"])
    {
        assert!(!lower.contains(&part.to_lowercase()), "{part} in {text}");
    }
    assert!(!text.contains('@'), "{text}");
    // No run of nine digits or more, however they are grouped.
    let mut run = 0;
    for c in text.chars() {
        match c {
            '0'..='9' => run += 1,
            ' ' | '.' | '-' | '(' | ')' | '+' => {}
            _ => run = 0,
        }
        assert!(run < 9, "a long number in {text}");
    }
}

fn at_most_two_decimals(v: &str) -> bool {
    v.split_once('.').is_none_or(|(_, d)| d.len() <= 2)
}

async fn the_public_exports_hold_every_public_report_and_no_personal_data(app: TestApp) {
    let national = app.login("national").await;
    let (plain, _) = app.public_report(json!({})).await;
    let own = dispatched(
        &app,
        &national,
        "kota-surabaya",
        json!({"title": "Siti Rahmawati melapor jalan rusak", "body": OWN_WORDS,
               "location": {"text": "Jl. Ahmad Yani", "region_code": "35.78", "lat": -7.312_345, "lon": 112.736_789}}),
    )
    .await;
    let anonymous = dispatched(&app, &national, "kota-surabaya", json!({"anonymous": true})).await;
    let confidential = dispatched(
        &app,
        &national,
        "kota-surabaya",
        json!({"confidential": true}),
    )
    .await;
    let (unverified, _) = app.submit(json!({})).await;

    let res = app.get("/api/v1/open/reports.csv", As::Anon).await;
    let disposition = res.headers["content-disposition"].to_str().unwrap();
    assert_eq!(disposition, "attachment; filename=\"aduan-laporan.csv\"");
    let link = res.headers["link"].to_str().unwrap();
    assert!(link.contains("creativecommons.org/licenses/by/4.0") && link.contains("license"));
    assert_eq!(COLUMNS, HEADER);
    let rows = csv_rows(&res, &HEADER);
    let ids: BTreeSet<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(
        ids,
        BTreeSet::from([plain.as_str(), own.as_str(), anonymous.as_str()])
    );
    assert!(!res.text.contains(&confidential) && !res.text.contains(&unverified));
    assert_no_personal_data(&res.text);
    for r in &rows {
        assert_no_personal_data(&r[13]);
        assert_no_personal_data(&r[14]);
        assert!(
            at_most_two_decimals(&r[15]) && at_most_two_decimals(&r[16]),
            "{r:?}"
        );
    }
    let mine = rows.iter().find(|r| &r[0] == own.as_str()).unwrap();
    assert_eq!(
        &mine[14],
        "Saya [dihapus], hubungi [dihapus] atau [dihapus], NIK [dihapus]"
    );
    assert_eq!(&mine[13], "[dihapus] melapor jalan rusak");
    assert_eq!((&mine[15], &mine[16]), ("-7.31", "112.74"));
    assert_eq!((&mine[10], &mine[11]), ("35.78", "35"));
    assert_eq!(
        (&mine[6], &mine[7]),
        ("infrastruktur/jalan", "infrastruktur")
    );
    assert_eq!(
        (&mine[8], &mine[4], &mine[12]),
        ("kota-surabaya", "dispatched", "web")
    );
    let first = rows.iter().find(|r| &r[0] == plain.as_str()).unwrap();
    assert_eq!((&first[4], &first[17]), ("in_progress", "1"));

    let lines = app.get("/api/v1/open/reports.jsonl", As::Anon).await;
    assert_eq!(lines.status, StatusCode::OK);
    assert_eq!(lines.headers["content-type"], "application/x-ndjson");
    let objects: Vec<Value> = lines
        .text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 3);
    for o in &objects {
        let keys: Vec<&str> = o.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), HEADER.len(), "{o}");
        for coordinate in ["lat", "lon"] {
            assert!(at_most_two_decimals(&o[coordinate].to_string()), "{o}");
        }
    }
    let mine = objects
        .iter()
        .find(|o| o["tracking_id"] == own.as_str())
        .unwrap();
    assert_eq!(mine["lat"], json!(-7.31));
    assert_eq!(mine["completion_kind"], Value::Null);
    assert_no_personal_data(&lines.text);

    let none = app
        .get("/api/v1/open/reports.csv?agency=kota-makassar", As::Anon)
        .await;
    assert!(csv_rows(&none, &HEADER).is_empty());
    let bad = app
        .get("/api/v1/open/reports.csv?kind=keluhan", As::Anon)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
}

async fn a_staff_export_holds_its_scope_only_and_is_audited(app: TestApp) {
    let national = app.login("national").await;
    let ours = dispatched(&app, &national, "kota-surabaya", json!({"body": OWN_WORDS})).await;
    let secret = dispatched(
        &app,
        &national,
        "kota-surabaya",
        json!({"confidential": true, "anonymous": true, "body": OWN_WORDS}),
    )
    .await;
    let theirs = dispatched(
        &app,
        &national,
        "kota-makassar",
        json!({"requested_agency": "kota-makassar",
               "location": {"text": "Jl. Perintis, Makassar", "region_code": "73.71"}}),
    )
    .await;
    let path = "/api/v1/reports/export.csv";
    assert_eq!(
        app.get(path, As::Anon).await.status,
        StatusCode::UNAUTHORIZED
    );
    let citizen = app.login("citizen").await;
    assert_eq!(
        app.get(path, As::Token(&citizen)).await.status,
        StatusCode::FORBIDDEN
    );
    let (before, _, _) = app.store.list_audit().await.unwrap();

    let surabaya = app.login("surabaya").await;
    let res = app.get(path, As::Token(&surabaya)).await;
    assert_eq!(res.headers["cache-control"], "no-store");
    let rows = csv_rows(&res, &HEADER);
    let ids: BTreeSet<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(ids, BTreeSet::from([ours.as_str(), secret.as_str()]));
    assert!(!res.text.contains(&theirs));
    for r in &rows {
        assert_no_personal_data(&r[14]);
    }

    let (after, _, _) = app.store.list_audit().await.unwrap();
    let exports: Vec<_> = after[before.len()..]
        .iter()
        .filter(|e| e.action == "report.export")
        .collect();
    assert_eq!(
        exports.len(),
        1,
        "one entry per export, none for the refused ones"
    );
    assert_eq!(exports[0].subject, "reports:agency:kota-surabaya");
    assert_eq!(exports[0].payload["format"], "csv");

    // A unit officer's scope is what its units hold: nothing yet.
    let unit = app.login("dinas-pu").await;
    assert!(csv_rows(&app.get(path, As::Token(&unit)).await, &HEADER).is_empty());
    let (all, _, _) = app.store.list_audit().await.unwrap();
    assert_eq!(
        all.last().unwrap().subject,
        "reports:unit:kota-surabaya/dinas-pu"
    );

    let makassar = app.login("makassar").await;
    let filtered = app
        .get(&format!("{path}?region=73"), As::Token(&makassar))
        .await;
    let ids: Vec<String> = csv_rows(&filtered, &HEADER)
        .iter()
        .map(|r| r[0].to_owned())
        .collect();
    assert_eq!(ids, [theirs]);
}

async fn the_statistics_csvs_withhold_small_counts(app: TestApp) {
    let national = app.login("national").await;
    for _ in 0..5 {
        app.submit(json!({})).await;
    }
    app.submit(json!({"requested_agency": "kota-makassar",
                      "location": {"text": "Jl. Perintis, Makassar", "region_code": "73.71"}}))
        .await;
    for who in [As::Anon, As::Token(&national)] {
        let res = app.get("/api/v1/open/volumes.csv?by=province", who).await;
        let rows: Vec<Vec<String>> = csv_rows(&res, &VOLUME_COLUMNS)
            .iter()
            .map(|r| r.iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(rows, [["35", "5", "false"], ["73", "", "true"]]);
    }
    let bad = app
        .get("/api/v1/open/volumes.csv?by=reporter", As::Anon)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    let (id, _) = app.public_report(json!({})).await;
    let surabaya = app.login("surabaya").await;
    let done = json!({"action": "complete", "body": "Jalan sudah ditambal."});
    app.act_ok(&id, As::Token(&surabaya), done).await;
    let res = app.get("/api/v1/open/agencies.csv", As::Anon).await;
    assert!(res.headers["link"].to_str().unwrap().contains("by/4.0"));
    let rows = csv_rows(&res, &LEAGUE_COLUMNS);
    let ours = rows.iter().find(|r| &r[1] == "kota-surabaya").unwrap();
    assert_eq!((&ours[0], &ours[10], &ours[11]), ("1", "1", "1"));
}

on_both_backends!(
    the_public_exports_hold_every_public_report_and_no_personal_data,
    a_staff_export_holds_its_scope_only_and_is_audited,
    the_statistics_csvs_withhold_small_counts,
);
