//! A real Open311 client: the Python package `georeport` (from PyPI, pinned in
//! `scripts/test`, in `target/georeport-venv`) lists the services and reads the requests of
//! the service on a loopback port, in JSON and in XML. `ADUAN_TEST_GEOREPORT_PYTHON` names the
//! venv's python; without it the test says loudly that it is skipped, unless `ADUAN_REQUIRE`
//! names `georeport`.

use aduan_testkit::{TestApp, on_both_backends};
use serde_json::{Value, json};
use std::process::Command;

/// The python with `georeport` installed, or `None` (after saying so) to skip.
fn python(test_name: &str) -> Option<String> {
    let python = std::env::var("ADUAN_TEST_GEOREPORT_PYTHON").unwrap_or_default();
    let problem = if python.trim().is_empty() {
        Some(
            "ADUAN_TEST_GEOREPORT_PYTHON is not set (scripts/test installs georeport and sets it)"
                .to_owned(),
        )
    } else {
        let ok = Command::new(python.trim())
            .args(["-c", "import georeport"])
            .status()
            .is_ok_and(|s| s.success());
        (!ok).then(|| format!("{python} cannot import georeport"))
    };
    aduan_testkit::s3::available("georeport", "georeport missing", test_name, problem)
        .then(|| python.trim().to_owned())
}

async fn the_georeport_client_lists_services_and_reads_requests_in_json_and_xml(app: TestApp) {
    let Some(python) = python("the_georeport_client_lists_services_and_reads_requests") else {
        return;
    };
    let (id, _) = app.public_report(json!({})).await;
    let base = app.serve().await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/georeport_client.py");
    // The server answers on this test's runtime while the client runs on a blocking thread.
    let args = [script.to_owned(), base, id.clone()];
    let out = tokio::task::spawn_blocking(move || Command::new(python).args(args).output())
        .await
        .unwrap()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: Value = serde_json::from_str(&stdout).unwrap();
    for format in ["json", "xml"] {
        let seen = &seen[format];
        assert_eq!(
            seen["service_codes"],
            json!(["infrastruktur", "infrastruktur.jalan", "kekerasan-seksual"]),
            "{format}"
        );
        assert_eq!(seen["request_ids"], json!([id]), "{format}");
        assert_eq!(seen["by_id"], json!([id]), "{format}");
        assert_eq!(
            seen["one"],
            json!({"service_request_id": id, "status": "open", "service_code": "infrastruktur.jalan"}),
            "{format}"
        );
    }
}

on_both_backends!(the_georeport_client_lists_services_and_reads_requests_in_json_and_xml);
