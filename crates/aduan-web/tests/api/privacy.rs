//! An anonymous reporter's identity never reaches an agency: not in any response an agency
//! receives, and not in the logs.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use axum::http::StatusCode;
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every log line of this test binary, at every level. One subscriber for the whole process:
/// a thread's own subscriber (`set_default`) misses lines whenever another test's thread
/// reaches a log call site first and its interest is cached without it.
fn captured_logs() -> Captured {
    static LOGS: std::sync::OnceLock<Captured> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Captured::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        logs
    })
    .clone()
}

async fn an_anonymous_reporters_identity_reaches_no_agency_response_and_no_log(app: TestApp) {
    let logs = captured_logs();

    let (id, code) = app
        .submit(json!({"anonymous": true, "category": "kekerasan-seksual"}))
        .await;
    let stored = app
        .store
        .get_report(&id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let secrets = [
        "Siti Rahmawati".to_owned(),
        "siti.rahmawati@contoh.id".to_owned(),
        "+6281234567890".to_owned(),
        "081234567890".to_owned(),
        "3578014507900001".to_owned(),
        stored.reporter.to_string(),
        code.replace('-', ""),
    ];
    let me = As::Code(&code);
    let surabaya = app.login("surabaya").await;
    let s = As::Token(&surabaya);
    let mut agency_saw = Vec::new();
    for path in [
        format!("/api/v1/reports/{id}"),
        format!("/api/v1/reports/{id}/events"),
        "/api/v1/reports".into(),
    ] {
        agency_saw.push(app.get(&path, s).await.text);
    }
    let verify = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    agency_saw.push(app.act(&id, s, verify).await.text);
    agency_saw.push(
        app.act(
            &id,
            s,
            json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-pu"}),
        )
        .await
        .text,
    );
    let pu = app.login("dinas-pu").await;
    let p = As::Token(&pu);
    agency_saw.push(
        app.act(
            &id,
            p,
            json!({"action": "follow_up", "body": "Kami tindak lanjuti."}),
        )
        .await
        .text,
    );
    agency_saw.push(
        app.act(&id, me, json!({"action": "reply", "body": "Baik."}))
            .await
            .text,
    );
    for who in [s, p] {
        for path in [
            format!("/api/v1/reports/{id}"),
            format!("/api/v1/reports/{id}/events"),
            format!("/api/v1/reports/{id}/status"),
            "/api/v1/reports?limit=100".into(),
        ] {
            agency_saw.push(app.get(&path, who).await.text);
        }
    }
    let view = app.get(&format!("/api/v1/reports/{id}"), p).await;
    assert_eq!(
        view.body["reporter"],
        json!({"display": "Anonim"}),
        "{}",
        view.text
    );
    assert_eq!(
        view.body["confidential"], true,
        "a sensitive category is confidential by default"
    );
    let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        logged.contains("report submitted"),
        "logs were captured: {logged}"
    );
    for secret in &secrets {
        for text in &agency_saw {
            assert!(
                !text.contains(secret.as_str()),
                "{secret} reached an agency: {text}"
            );
        }
        assert!(
            !logged.contains(secret.as_str()),
            "{secret} reached the logs"
        );
    }
    let own = app.get(&format!("/api/v1/reports/{id}"), me).await;
    assert_eq!(
        own.body["reporter"]["name"], "Siti Rahmawati",
        "the reporter still sees their own identity"
    );
}

/// Files a report through the API under `token`'s staff session, not on behalf of anyone.
pub async fn file_under_a_staff_session(
    app: &TestApp,
    token: &str,
    overrides: serde_json::Value,
) -> (String, String) {
    let res = app
        .post(
            "/api/v1/reports",
            As::Token(token),
            aduan_testkit::report_body(overrides),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let code = res.body["access_code"]
        .as_str()
        .expect("a citizen without an account gets an access code")
        .to_owned();
    (res.body["tracking_id"].as_str().unwrap().to_owned(), code)
}

async fn a_report_staff_file_for_themselves_is_a_citizens_and_names_no_staff_on_any_read_path(
    app: TestApp,
) {
    let jalan = app.login("bidang-jalan").await;
    let (id, code) = file_under_a_staff_session(
        &app,
        &jalan,
        json!({"anonymous": true, "reporter": null, "requested_agency": "kota-surabaya"}),
    )
    .await;
    let tid = id.parse().unwrap();
    let stored = app.store.get_report(&tid).await.unwrap().unwrap();
    let events = app.store.list_events(&tid).await.unwrap();
    assert_eq!(events[0].role, aduan_domain::Role::Reporter);
    assert_eq!(events[0].actor, stored.reporter.to_string());
    assert!(
        events[0].payload.get("by_unit").is_none(),
        "{:?}",
        events[0]
    );

    let national = app.login("national").await;
    app.act_ok(
        &id,
        As::Token(&national),
        json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"}),
    )
    .await;
    let mut tokens = vec![national];
    for who in ["surabaya", "dinas-pu", "ombudsman", "ksp", "citizen"] {
        tokens.push(app.login(who).await);
    }
    let mut viewers: Vec<As> = tokens.iter().map(|t| As::Token(t)).collect();
    viewers.extend([As::Anon, As::Code(&code), As::Token(&jalan)]);
    for who in viewers {
        for path in [
            format!("/api/v1/reports/{id}"),
            format!("/api/v1/reports/{id}/events"),
            format!("/api/v1/reports/{id}/status"),
            "/api/v1/reports?limit=100".into(),
        ] {
            let seen = app.get(&path, who).await.text;
            for staff_mark in ["bidang-jalan", "unit_officer"] {
                assert!(!seen.contains(staff_mark), "{path} names staff: {seen}");
            }
        }
        let history = app.get(&format!("/api/v1/reports/{id}/events"), who).await;
        if history.status == StatusCode::OK {
            assert_eq!(
                history.body["items"][0]["actor"],
                json!({"role": "reporter"})
            );
            assert!(
                history.body["items"][0]["payload"]
                    .get("by_agency")
                    .is_none()
            );
        }
    }
    let own = app
        .act(
            &id,
            As::Code(&code),
            json!({"action": "reply", "body": "Masih berlubang."}),
        )
        .await;
    assert_ne!(
        own.status,
        StatusCode::FORBIDDEN,
        "the access code makes its holder the reporter: {}",
        own.text
    );
}

/// Stores a submission as the service did before issue 12: stamped with the staff member who
/// filed it for themselves (role, agency and unit inside the hash chain).
async fn store_a_staff_stamped_submission(app: &TestApp) -> String {
    use aduan_domain::lifecycle::decide_submit;
    use aduan_domain::report::{Channel, Kind, NewReport, Report};
    let new = NewReport {
        kind: Kind::Complaint,
        title: Some("Pungutan liar di kantor kelurahan".into()),
        body: "Petugas meminta uang untuk surat pengantar.".into(),
        incident_date: None,
        location: None,
        requested_agency: None,
        category: None,
        anonymous: true,
        confidential: false,
        confidential_choice: None,
        show_name: false,
        channel: Channel::Web,
    };
    let decision = decide_submit(&aduan_domain::actor::Actor::Public, &new, false).unwrap();
    let mut draft = decision.event;
    draft.payload["by_agency"] = json!("kota-surabaya");
    draft.payload["by_unit"] = json!("kota-surabaya/dinas-pu/bidang-jalan");
    let id = aduan_domain::TrackingId::generate(&mut rand::rng());
    let reporter = aduan_domain::ReporterId::generate(&mut rand::rng());
    let now = aduan_domain::TimeSource::now(app.clock.as_ref());
    let report = Report::submitted(id, reporter, new, decision.state, now);
    let actor = aduan_store::EventActor {
        id: "4".into(),
        role: aduan_domain::Role::UnitOfficer,
    };
    app.store
        .commit(aduan_store::Commit::Submit {
            report: &report,
            identity: None,
            event: draft,
            actor: &actor,
            extras: &Default::default(),
        })
        .await
        .unwrap();
    id.to_string()
}

async fn a_submission_stored_with_a_staff_stamp_is_shown_as_the_reporters(app: TestApp) {
    let id = store_a_staff_stamped_submission(&app).await;
    let national = app.login("national").await;
    app.act_ok(
        &id,
        As::Token(&national),
        json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"}),
    )
    .await;
    let surabaya = app.login("surabaya").await;
    for who in [As::Anon, As::Token(&national), As::Token(&surabaya)] {
        let history = app.get(&format!("/api/v1/reports/{id}/events"), who).await;
        assert_eq!(history.status, StatusCode::OK, "{}", history.text);
        assert_eq!(
            history.body["items"][0]["actor"],
            json!({"role": "reporter"})
        );
        assert!(
            !history.text.contains("bidang-jalan"),
            "the stamp is not shown: {}",
            history.text
        );
    }
    let tid = id.parse().unwrap();
    let chain = app.store.list_events(&tid).await.unwrap();
    assert_eq!(
        chain[0].role,
        aduan_domain::Role::UnitOfficer,
        "the stored event stays as it was, in the chain"
    );
    aduan_domain::event::verify_chain(&chain, None).unwrap();
}

on_both_backends!(
    an_anonymous_reporters_identity_reaches_no_agency_response_and_no_log,
    a_report_staff_file_for_themselves_is_a_citizens_and_names_no_staff_on_any_read_path,
    a_submission_stored_with_a_staff_stamp_is_shown_as_the_reporters,
);
