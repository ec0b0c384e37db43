//! DATA and HAPUS by SMS, through the get-url as smsbox calls it, on SQLite and PostgreSQL:
//! from the number on the report the reporter reads what is held about them and erases their
//! identity (the report stays); from another number neither.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use aduan_domain::TrackingId;
use aduan_testkit::{TestApp, on_both_backends};
use support::*;

async fn data_and_hapus_from_the_reporters_number_read_and_erase_their_identity(mut app: TestApp) {
    with_sms(&mut app, settings());
    let id = file_by_sms(&app, SITI, "Pungutan liar di loket samsat", "m-1").await;
    let other = sms(&app, BUDI, &format!("DATA {id}"), "m-2").await;
    assert!(other.text.contains("tidak tercatat"), "{}", other.text);
    let other = sms(&app, BUDI, &format!("HAPUS {id}"), "m-3").await;
    assert!(other.text.contains("tidak tercatat"), "{}", other.text);

    let data = sms(&app, SITI, &format!("DATA {id}"), "m-4").await;
    assert!(
        data.text
            .starts_with(&format!("Data Anda pada laporan {id}:")),
        "{}",
        data.text
    );
    let digits: String = SITI.chars().filter(char::is_ascii_digit).collect();
    let shown: String = data.text.chars().filter(char::is_ascii_digit).collect();
    assert!(shown.contains(&digits[digits.len() - 9..]), "{}", data.text);

    let asked = sms(&app, SITI, &format!("HAPUS {id}"), "m-5").await;
    assert!(
        asked.text.contains(&format!("HAPUS {id} YA")),
        "{}",
        asked.text
    );
    let held = sms(&app, SITI, &format!("DATA {id}"), "m-51").await;
    assert!(
        held.text.starts_with("Data Anda"),
        "nothing erased yet: {}",
        held.text
    );
    let erased = sms(&app, SITI, &format!("HAPUS {id} YA"), "m-52").await;
    assert!(erased.text.contains("sudah dihapus"), "{}", erased.text);
    let tracking = TrackingId::parse(&id).unwrap();
    let report = app.store.get_report(&tracking).await.unwrap().unwrap();
    let left = app.store.get_identity(&report.reporter).await.unwrap();
    assert!(
        left.is_none_or(|who| who.phone.is_none()),
        "the number is no longer held"
    );
    let again = sms(&app, SITI, &format!("DATA {id}"), "m-6").await;
    assert!(again.text.contains("tidak tercatat"), "{}", again.text);
    let english = sms(&app, SITI, &format!("MYDATA {id}"), "m-7").await;
    assert!(
        english.text.contains("is not the one on report"),
        "{}",
        english.text
    );
}

/// Words after DATA or HAPUS that are no report number are a report.
async fn a_report_starting_with_data_or_hapus_is_filed(mut app: TestApp) {
    with_sms(&mut app, settings());
    for (n, text) in ["Data bansos salah", "Hapus pungutan liar di pasar"]
        .iter()
        .enumerate()
    {
        let answer = sms(&app, SITI, text, &format!("f-{n}")).await;
        assert!(
            answer.text.starts_with("Laporan Anda kami terima"),
            "{text}: {}",
            answer.text
        );
    }
}

on_both_backends!(
    data_and_hapus_from_the_reporters_number_read_and_erase_their_identity,
    a_report_starting_with_data_or_hapus_is_filed
);
