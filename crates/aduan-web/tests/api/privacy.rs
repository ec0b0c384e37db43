//! An anonymous reporter's identity never reaches an agency: not in any response an agency
//! receives, and not in the logs.

use crate::common::{As, TestApp};
use crate::on_both_backends;
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

async fn an_anonymous_reporters_identity_reaches_no_agency_response_and_no_log(app: TestApp) {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

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

on_both_backends!(an_anonymous_reporters_identity_reaches_no_agency_response_and_no_log);
