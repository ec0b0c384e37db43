//! `aduan calendar …`, run as an operator would, and a running service picking up an edit
//! made elsewhere.

use super::aduan;
use aduan_store::{AuditStore, CalendarStore, HolidayKind, NewHoliday};
use aduan_store_sqlite::SqliteStore;
use chrono::{Datelike, NaiveDate};
use std::io::{Read, Write};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

fn run(db: &str, args: &[&str]) -> (Output, String, String) {
    let out = aduan(db).args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

#[tokio::test]
async fn calendar_commands_list_the_shipped_dates_and_add_and_remove_them_audited_by_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("aduan.db").display());

    let (out, list, err) = run(&db, &["calendar", "list", "--year", "2026"]);
    assert!(out.status.success(), "{list}{err}");
    assert!(
        list.contains("2026-03-23  Mon  cuti_bersama   Idulfitri 1447 H"),
        "the shipped calendar is there on first use: {list}"
    );
    assert!(list.contains("25 non-working dates in 2026"), "{list}");

    let (out, added, err) = run(
        &db,
        &[
            "calendar",
            "add",
            "2026-03-25",
            "Cuti bersama tambahan Idulfitri",
            "--kind",
            "cuti_bersama",
        ],
    );
    assert!(out.status.success(), "{added}{err}");
    assert!(
        added.contains("added 2026-03-25  Wed  cuti_bersama   Cuti bersama tambahan Idulfitri"),
        "{added}"
    );
    assert!(
        added.contains("open deadlines moved on 0 reports"),
        "{added}"
    );
    let (_, list, _) = run(&db, &["calendar", "list", "--year", "2026"]);
    assert!(list.contains("26 non-working dates in 2026"), "{list}");

    let (out, _, err) = run(&db, &["calendar", "add", "2026-03-25", "Lagi"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("2026-03-25 is already in the calendar"),
        "{err}"
    );
    let (out, _, err) = run(&db, &["calendar", "add", "2026-13-01", "Bulan ke-13"]);
    assert!(!out.status.success());
    assert!(err.contains("2026-13-01"), "{err}");

    let (out, removed, err) = run(&db, &["calendar", "remove", "2026-03-25"]);
    assert!(out.status.success(), "{removed}{err}");
    assert!(removed.contains("removed 2026-03-25"), "{removed}");
    let (out, _, err) = run(&db, &["calendar", "remove", "2026-03-25"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("not in the calendar"), "{err}");

    let (_, empty, _) = run(&db, &["calendar", "list", "--year", "2031"]);
    assert!(
        empty.contains("no holidays listed for 2031: deadlines count weekends only"),
        "{empty}"
    );

    let store = SqliteStore::connect(&db, aduan_store::Keyring::for_tests())
        .await
        .unwrap();
    let (audit, _, _) = store.list_audit().await.unwrap();
    let calendar: Vec<(&str, &str)> = audit
        .iter()
        .filter(|e| e.action.starts_with("calendar."))
        .map(|e| (e.action.as_str(), e.actor.as_str()))
        .collect();
    assert_eq!(
        calendar,
        [
            ("calendar.seed", "system"),
            ("calendar.add", "cli"),
            ("calendar.remove", "cli")
        ]
    );
    let (out, verify, _) = run(&db, &["audit", "verify"]);
    assert!(out.status.success(), "{verify}");
}

fn readyz(addr: &str) -> String {
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    write!(
        conn,
        "GET /readyz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    conn.read_to_string(&mut response).unwrap();
    response
}

#[tokio::test]
async fn a_running_service_picks_up_a_calendar_edit_made_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("aduan.db").display());
    let mut child = aduan(&db)
        .arg("serve")
        .env("ADUAN_LISTEN", "127.0.0.1:0")
        .env("ADUAN_CALENDAR_RELOAD_SECONDS", "1")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let addr = super::serving_address(&mut child);

    // Next year's data is shipped or not, depending on when this runs: the edit toggles it.
    let next = chrono::Utc::now().year() + 1;
    let warning = format!("no holidays listed for {next}");
    let warned_before = readyz(&addr).contains(&warning);
    let store = SqliteStore::connect(&db, aduan_store::Keyring::for_tests())
        .await
        .unwrap();
    let at = chrono::Utc::now();
    if warned_before {
        let day = NaiveDate::from_ymd_opt(next, 1, 1).unwrap();
        let entry = NewHoliday {
            date: day,
            name: "Tahun Baru Masehi".into(),
            kind: HolidayKind::LiburNasional,
            source: None,
        };
        store.add_holiday(&entry, "7", at).await.unwrap();
    } else {
        for h in store.list_holidays_in_year(next).await.unwrap() {
            store.remove_holiday(h.date, "7", at).await.unwrap();
        }
    }

    let deadline = Instant::now() + Duration::from_secs(15);
    let mut last = String::new();
    while Instant::now() < deadline {
        last = readyz(&addr);
        if last.contains(&warning) != warned_before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(last.starts_with("HTTP/1.1 200"), "{last}");
    assert_ne!(
        last.contains(&warning),
        warned_before,
        "the service reloaded the calendar within its reload interval: {last}"
    );
}
