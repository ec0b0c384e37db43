//! Staff are reminded of a deadline and told of an escalation by e-mail; the reporter is
//! warned before their report closes for silence.

use super::Rig;
use aduan_testkit::{As, TestApp};
use chrono::Duration;
use serde_json::json;

const EMAIL: &str = "siti.rahmawati@contoh.id";

#[tokio::test]
#[ignore = "needs python3-aiosmtpd (Debian); run with --include-ignored"]
async fn staff_hear_of_deadlines_and_escalations_and_the_reporter_of_a_coming_auto_close() {
    if !super::sink::available("staff_hear_of_deadlines_and_escalations") {
        return;
    }
    let rig = Rig::running(TestApp::sqlite().await).await;
    let app = &rig.app;
    let (late, _) = app.submit(json!({"anonymous": true})).await;
    let (quiet, _) = app.submit(json!({})).await;
    let surabaya = app.login("surabaya").await;
    let s = As::Token(&surabaya);
    for id in [&late, &quiet] {
        app.act_ok(id, s, json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    }
    app.act_ok(
        &quiet,
        s,
        json!({"action": "follow_up", "body": "Mohon kirim foto lokasi."}),
    )
    .await;
    // Friday 6 March: the first follow-up of `late` is due Monday.
    app.clock.advance(Duration::days(4));
    app.run_scheduler().await;
    // Tuesday 10 March: `late` missed its deadline and is escalated.
    app.clock.advance(Duration::days(4));
    app.run_scheduler().await;
    app.run_scheduler().await;
    // Day by day until `quiet` has been silent for its ten working days.
    for _ in 0..14 {
        app.clock.advance(Duration::days(1));
        app.run_scheduler().await;
        app.run_scheduler().await;
    }
    rig.deliver().await;

    let mails = rig.mails();
    let subjects: Vec<(&str, &str)> = mails
        .iter()
        .map(|m| (m.to.as_str(), m.subject.as_str()))
        .collect();
    assert!(
        subjects.contains(&(
            "surabaya@uji.go.id",
            &format!("Pengingat batas waktu laporan {late}")
        )),
        "{subjects:?}"
    );
    assert!(
        subjects.contains(&(
            "surabaya@uji.go.id",
            &format!("Laporan {late} dieskalasi kepada Admin instansi")
        )),
        "{subjects:?}"
    );
    assert!(
        subjects.contains(&(EMAIL, &format!("Laporan {quiet} menunggu tanggapan Anda"))),
        "{subjects:?}"
    );
    let reminder = mails
        .iter()
        .find(|m| m.subject.starts_with("Pengingat"))
        .unwrap();
    assert!(reminder.text.contains("paling lambat"), "{}", reminder.text);
    assert!(reminder.text.contains("WIB"), "{}", reminder.text);
    let warned = subjects
        .iter()
        .position(|(_, s)| *s == format!("Laporan {quiet} menunggu tanggapan Anda"));
    let closed = subjects
        .iter()
        .position(|(_, s)| *s == format!("Laporan {quiet} ditutup otomatis"));
    assert!(
        warned < closed && closed.is_some(),
        "warned before the close: {subjects:?}"
    );
    for m in mails.iter().filter(|m| m.to.ends_with("@uji.go.id")) {
        assert!(!m.everything().contains(EMAIL) && !m.everything().contains("Siti"));
    }
}
