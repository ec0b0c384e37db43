//! `aduan import` as a use case (`aduan_app::import`): every line of a legacy export checked
//! against the lifecycle table, rejects reported with their line numbers and reasons, clocks
//! recomputed on the calendar, chains sealed, identities kept from agencies for anonymous
//! reporters, files taken in, lookups by legacy id, and an interrupted import resumed without
//! importing anything twice.

use crate::attachments::files;
use crate::common::{As, TestApp};
use crate::on_both_backends;
use aduan_app::import::{ImportOptions, ImportSummary, Progress, Rejected, import};
use aduan_domain::sla::Phase;
use aduan_domain::workdays::{Zone, deadline};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::path::Path;
use std::sync::Mutex;

/// Collects the rejects as a progress display would show them.
#[derive(Default)]
struct Seen(Mutex<Vec<Rejected>>);

impl Progress for Seen {
    fn start(&self, _total: u64, _from: u64) {}
    fn advance(&self, _byte: u64, _imported: u64, _rejected: u64) {}
    fn rejected(&self, r: &Rejected) {
        self.0.lock().unwrap().push(r.clone());
    }
}

fn national() -> Value {
    json!({"role": "national_admin", "staff": "budi"})
}

fn surabaya() -> Value {
    json!({"role": "agency_admin", "agency": "kota-surabaya", "staff": "sri"})
}

/// A complaint submitted through the web on Monday 9 February 2026, 09:00 WIB.
fn line(legacy_id: &str, events: Value) -> Value {
    json!({
        "legacy_id": legacy_id,
        "submitted_at": "2026-02-09T09:00:00+07:00",
        "channel": "web",
        "kind": "complaint",
        "title": "Jalan berlubang di depan pasar",
        "body": "Lubang besar di Jl. Pahlawan membahayakan pengendara motor.",
        "location": {"text": "Jl. Pahlawan, Surabaya", "region_code": "35.78"},
        "reporter": {"name": "Siti Rahmawati", "email": "siti@example.com"},
        "events": events
    })
}

fn dispatch(at: &str) -> Value {
    json!({"at": at, "by": national(), "action": "verify_dispatch", "agency": "kota-surabaya",
           "handling_class": "ordinary", "status": "dispatched"})
}

fn write_file(dir: &Path, lines: &[String]) -> std::path::PathBuf {
    let path = dir.join("lapor-lama.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

async fn run(
    app: &TestApp,
    path: &Path,
    batch: usize,
    max: Option<u64>,
) -> (ImportSummary, Vec<Rejected>) {
    let seen = Seen::default();
    let opts = ImportOptions {
        input: path.to_owned(),
        source: "lapor-lama.jsonl".into(),
        batch,
        max_lines: max,
    };
    let summary = import(&app.state, &opts, &seen).await.unwrap();
    (summary, seen.0.into_inner().unwrap())
}

async fn an_import_checks_every_line_against_the_lifecycle_and_rejects_with_line_and_reason(
    app: TestApp,
) {
    let dir = tempfile::tempdir().unwrap();
    let done = json!([
        dispatch("2026-02-10T10:00:00+07:00"),
        {"at": "2026-02-11T10:00:00+07:00", "by": surabaya(), "action": "follow_up",
         "body": "Tim kami sudah meninjau lokasi.", "status": "in_progress"},
        {"at": "2026-02-13T10:00:00+07:00", "by": surabaya(), "action": "complete",
         "body": "Lubang sudah ditambal.", "status": "completed"},
        {"at": "2026-02-14T08:00:00+07:00", "by": {"role": "reporter"}, "action": "confirm",
         "rating": 5, "resolved": true}
    ]);
    let mut anonymous = line("LAPOR-0009", json!([dispatch("2026-02-20T10:00:00+07:00")]));
    anonymous["anonymous"] = json!(true);
    anonymous["confidential"] = json!(true);
    let lines = vec![
        line("LAPOR-0001", done).to_string(),
        line(
            "LAPOR-0002",
            json!([{"at": "2026-02-10T10:00:00+07:00", "by": surabaya(),
            "action": "complete", "body": "Selesai."}]),
        )
        .to_string(),
        line(
            "LAPOR-0003",
            json!([{"at": "2026-02-10T10:00:00+07:00", "by": national(),
            "action": "verify_dispatch", "agency": "kota-atlantis"}]),
        )
        .to_string(),
        "{\"legacy_id\": \"LAPOR-0004\", \"body\": ".into(),
        line("LAPOR-0005", json!([dispatch("2026-02-08T10:00:00+07:00")])).to_string(),
        line(
            "LAPOR-0006",
            json!([dispatch("2026-02-10T10:00:00+07:00"),
            {"at": "2026-02-10T11:00:00+07:00", "by": {"role": "system"}, "action": "escalate"}]),
        )
        .to_string(),
        line(
            "LAPOR-0007",
            json!([{"at": "2026-02-10T10:00:00+07:00", "by": national(),
            "action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary",
            "status": "completed"}]),
        )
        .to_string(),
        String::new(),
        line("LAPOR-0001", json!([])).to_string(),
        anonymous.to_string(),
        line(
            "LAPOR-0011",
            json!([{"at": "2026-02-10T10:00:00+07:00", "by": national(),
            "action": "verify_dispatch", "agency": "kota-surabaya", "handling_clas": "ordinary"}]),
        )
        .to_string(),
    ];
    let path = write_file(dir.path(), &lines);
    let (summary, rejects) = run(&app, &path, 100, None).await;
    assert_eq!(
        (summary.lines, summary.imported, summary.rejected),
        (11, 2, 8),
        "{rejects:#?}"
    );
    let reasons: Vec<(u64, &str)> = rejects
        .iter()
        .map(|r| (r.line, r.reason.as_str()))
        .collect();
    let expect = [
        (
            2,
            "event 1 (complete): complete is not possible from submitted",
        ),
        (3, "event 1 (verify_dispatch): agency: unknown_agency"),
        (4, "not a valid line:"),
        (
            5,
            "event 1 (verify_dispatch): earlier than the event before it",
        ),
        (6, "event 2 (escalate): escalate is not due"),
        (
            7,
            "the lifecycle table gives status dispatched, the line says completed",
        ),
        (9, "legacy_id: appears on an earlier line of this batch"),
        (
            11,
            "event 1 (verify_dispatch): unknown field `handling_clas`",
        ),
    ];
    assert_eq!(reasons.len(), expect.len(), "{reasons:#?}");
    for ((line, reason), (want_line, want)) in reasons.iter().zip(expect) {
        assert_eq!(*line, want_line);
        assert!(reason.contains(want), "line {line}: {reason} lacks {want}");
    }

    // Found by the legacy id, as the legacy system's users know it; its chain is sealed.
    let done = app.get("/api/v1/reports/LAPOR-0001", As::Anon).await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert_eq!(done.body["status"], "completed");
    let id = done.body["tracking_id"].as_str().unwrap().to_owned();
    let events = app.store.list_events(&id.parse().unwrap()).await.unwrap();
    assert_eq!(events.len(), 5);
    let verified = aduan_store::verify_history(app.store.as_ref(), |_| {})
        .await
        .unwrap();
    assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    assert_eq!(app.get("/lacak?id=LAPOR-0001", As::Anon).await.status, 303);

    // Legacy ids can be guessed: by one, the public finds only a report it may see.
    assert_eq!(
        app.get("/api/v1/reports/LAPOR-0009", As::Anon).await.status,
        404
    );
    assert_eq!(app.get("/lacak?id=LAPOR-0009", As::Anon).await.status, 422);

    // The clocks run on the calendar: the first follow-up is due five working days after the
    // dispatch in the agency's zone (WIB).
    let token = app.login("surabaya").await;
    let open = app
        .get("/api/v1/reports/LAPOR-0009", As::Token(&token))
        .await;
    assert_eq!(open.status, 200, "{}", open.text);
    assert!(
        !open.text.contains("Siti"),
        "an agency never sees an anonymous reporter: {}",
        open.text
    );
    let open_id = open.body["tracking_id"].as_str().unwrap().parse().unwrap();
    let chose = app.store.confidential_choice(&open_id).await.unwrap();
    assert_eq!(
        chose,
        Some(true),
        "the reporter's explicit choice is kept for later changes"
    );
    let clocks = app.store.list_clocks(&open_id).await.unwrap();
    let first = clocks
        .iter()
        .find(|c| c.phase == Phase::FirstFollowUp)
        .unwrap();
    let dispatched: DateTime<Utc> = "2026-02-20T03:00:00Z".parse().unwrap();
    let cal = app.state.calendar();
    assert_eq!(first.due_at, Some(deadline(&cal, Zone::Wib, dispatched, 5)));
}

async fn an_interrupted_import_resumes_after_its_last_committed_batch_and_imports_nothing_twice(
    app: TestApp,
) {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = (1..=7)
        .map(|i| {
            line(
                &format!("LAPOR-{i:04}"),
                json!([dispatch("2026-02-10T10:00:00+07:00")]),
            )
            .to_string()
        })
        .collect();
    let path = write_file(dir.path(), &lines);
    let (first, _) = run(&app, &path, 2, Some(3)).await;
    assert_eq!(
        (first.resumed_after_line, first.lines, first.imported),
        (0, 3, 3)
    );

    let (rest, rejects) = run(&app, &path, 2, None).await;
    assert_eq!(
        (rest.resumed_after_line, rest.lines, rest.imported),
        (3, 4, 4),
        "{rejects:?}"
    );
    let mark = rest.mark.unwrap();
    assert_eq!((mark.line, mark.imported, mark.rejected), (7, 7, 0));
    let (again, _) = run(&app, &path, 2, None).await;
    assert_eq!(
        (again.lines, again.imported),
        (0, 0),
        "a finished import reads nothing more"
    );

    // The same file under another name (or a crash after a commit) finds every report there.
    let seen = Seen::default();
    let opts = ImportOptions {
        input: path.clone(),
        source: "copy.jsonl".into(),
        batch: 2,
        max_lines: None,
    };
    let copy = import(&app.state, &opts, &seen).await.unwrap();
    assert_eq!((copy.imported, copy.rejected), (0, 7));
    let rejects = seen.0.into_inner().unwrap();
    assert!(
        rejects
            .iter()
            .all(|r| r.reason.starts_with("legacy_id: already imported as "))
    );
    let list = app.get("/api/v1/reports?limit=50", As::Anon).await;
    assert_eq!(
        list.body["items"].as_array().map(Vec::len),
        Some(7),
        "{}",
        list.text
    );
}

async fn an_imported_reports_files_are_kept_cleaned_and_a_missing_one_rejects_its_line(
    app: TestApp,
) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("lampiran")).unwrap();
    std::fs::write(
        dir.path().join("lampiran/foto-1.jpg"),
        files::phone_photo(1),
    )
    .unwrap();
    let mut with_file = line("LAPOR-0001", json!([dispatch("2026-02-10T10:00:00+07:00")]));
    with_file["attachments"] = json!([{"file": "lampiran/foto-1.jpg", "name": "lubang.jpg"}]);
    let mut missing = line("LAPOR-0002", json!([]));
    missing["attachments"] = json!([{"file": "lampiran/tidak-ada.jpg"}]);
    let path = write_file(dir.path(), &[with_file.to_string(), missing.to_string()]);
    let (summary, rejects) = run(&app, &path, 10, None).await;
    assert_eq!((summary.imported, summary.rejected), (1, 1));
    assert_eq!(rejects[0].line, 2);
    assert!(
        rejects[0].reason.starts_with("attachment 1: no file at "),
        "{}",
        rejects[0].reason
    );

    let token = app.login("surabaya").await;
    let report = app
        .get("/api/v1/reports/LAPOR-0001", As::Token(&token))
        .await;
    let id = report.body["tracking_id"].as_str().unwrap();
    let listed = app
        .get(
            &format!("/api/v1/reports/{id}/attachments"),
            As::Token(&token),
        )
        .await;
    let items = listed.body["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 1, "{}", listed.text);
    assert_eq!(items[0]["mime"], "image/jpeg");
    let stored = app
        .store
        .list_attachments(&id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(stored[0].file_name, "lubang.jpg");
    assert!(
        stored[0].sanitized_size < stored[0].size,
        "the copy lost its metadata"
    );
}

on_both_backends!(
    an_import_checks_every_line_against_the_lifecycle_and_rejects_with_line_and_reason,
    an_interrupted_import_resumes_after_its_last_committed_batch_and_imports_nothing_twice,
    an_imported_reports_files_are_kept_cleaned_and_a_missing_one_rejects_its_line,
);
