//! The public service requests: what the public feed shows, searched by id, service, status
//! and dates, never a confidential report and never anything of a reporter.

use crate::common::{assert_error_both_formats, assert_schema, get, texts_at};
use aduan_testkit::{REPORTER_IDENTITY, TestApp, on_both_backends};
use axum::http::StatusCode;
use serde_json::{Value, json};

fn ids(requests: &Value) -> Vec<String> {
    let mut ids: Vec<String> = requests
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["service_request_id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

async fn requests_show_public_reports_but_no_confidential_one_and_no_personal_data(app: TestApp) {
    // A reporter who shows their name on the public page, one who does not, one anonymous;
    // and a confidential report, dispatched like the others.
    let (named, _) = app.public_report(json!({"show_name": true})).await;
    let (plain, _) = app.public_report(json!({})).await;
    let (anonymous, _) = app.public_report(json!({"anonymous": true})).await;
    let (secret, _) = app.public_report(json!({"confidential": true})).await;
    let (waiting, _) = app.submit(json!({})).await;

    let json = get(&app, "/open311/v2/requests.json").await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.text);
    let requests = json.json();
    assert_schema("requests.json", &requests);
    assert_eq!(
        ids(&requests),
        sorted(vec![named.clone(), plain.clone(), anonymous.clone()])
    );
    let xml = get(&app, "/open311/v2/requests.xml").await;
    assert_eq!(xml.status, StatusCode::OK, "{}", xml.text);
    let elements = xml.xml();
    assert_eq!(
        sorted(texts_at(
            &elements,
            "service_requests/request/service_request_id"
        )),
        ids(&requests)
    );
    for answer in [&json.text, &xml.text] {
        for private in REPORTER_IDENTITY {
            assert!(!answer.contains(private), "{private} shown: {answer}");
        }
        assert!(!answer.contains(&secret) && !answer.contains(&waiting));
        assert!(!answer.contains("Pelapor") && !answer.contains("Anonim"));
    }
    let one = requests
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["service_request_id"] == plain.as_str())
        .unwrap();
    assert_eq!(one["status"], "open");
    assert_eq!(one["status_notes"], "Ditindaklanjuti (in_progress)");
    assert_eq!(one["service_code"], "infrastruktur.jalan");
    assert_eq!(one["service_name"], "JALAN");
    assert_eq!(one["agency_responsible"], "Kota Surabaya");
    assert_eq!(one["address"], "Jl. Ahmad Yani, Surabaya");
    assert_eq!(one["address_id"], "35.78");
    assert_eq!(
        (one["lat"].as_f64(), one["long"].as_f64()),
        (Some(-7.31), Some(112.73))
    );
    assert_eq!(one["requested_datetime"], "2026-03-02T02:00:00Z");
    assert!(one["expected_datetime"].as_str().is_some(), "{one}");
    let allowed = [
        "service_request_id",
        "status",
        "status_notes",
        "service_name",
        "service_code",
        "description",
        "agency_responsible",
        "service_notice",
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
        "address",
        "address_id",
        "zipcode",
        "lat",
        "long",
        "media_url",
    ];
    for key in one.as_object().unwrap().keys() {
        assert!(allowed.contains(&key.as_str()), "unexpected field {key}");
    }
}

async fn one_request_reads_back_and_an_unknown_or_confidential_one_is_not_found(app: TestApp) {
    let (id, _) = app.public_report(json!({})).await;
    let (secret, _) = app.public_report(json!({"confidential": true})).await;
    let (waiting, _) = app.submit(json!({})).await;
    let json = get(&app, &format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.text);
    let body = json.json();
    assert_schema("requests.json", &body);
    assert_eq!(ids(&body), std::slice::from_ref(&id));
    let xml = get(&app, &format!("/open311/v2/requests/{id}.xml"))
        .await
        .xml();
    assert_eq!(
        texts_at(&xml, "service_requests/request/service_request_id"),
        std::slice::from_ref(&id)
    );
    assert_eq!(texts_at(&xml, "service_requests/request/status"), ["open"]);
    for hidden in ["ZZZZZZZZZZ", "tidak-ada", secret.as_str(), waiting.as_str()] {
        assert_error_both_formats(
            &app,
            &format!("/open311/v2/requests/{hidden}"),
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    // By a list of ids, the hidden ones are left out.
    let list = get(
        &app,
        &format!("/open311/v2/requests.json?service_request_id={id},{secret},{waiting}"),
    )
    .await;
    assert_eq!(ids(&list.json()), [id]);
}

async fn requests_are_searched_by_service_status_and_a_window_of_at_most_90_days(app: TestApp) {
    let (id, _) = app.public_report(json!({})).await;
    let search = |query: &'static str| {
        let app = &app;
        async move {
            let res = get(app, &format!("/open311/v2/requests.json?{query}")).await;
            assert_eq!(res.status, StatusCode::OK, "{query}: {}", res.text);
            let body = res.json();
            assert_schema("requests.json", &body);
            ids(&body)
        }
    };
    let found = vec![id.clone()];
    assert_eq!(search("service_code=infrastruktur.jalan").await, found);
    assert_eq!(search("service_code=infrastruktur").await, found);
    assert!(search("service_code=kekerasan-seksual").await.is_empty());
    assert_eq!(search("status=open").await, found);
    assert!(search("status=closed").await.is_empty());
    assert_eq!(
        search("status=open,closed&jurisdiction_id=aduan").await,
        found
    );
    assert_eq!(
        search("start_date=2026-03-01T00:00:00Z&end_date=2026-03-02T02:00:00Z").await,
        found
    );
    assert!(
        search("start_date=2026-03-02T10:00:00%2B07:00")
            .await
            .is_empty()
    );
    assert!(search("end_date=2026-02-28T00:00:00Z").await.is_empty());
    // The default window is the most recent 90 days.
    app.clock.advance(chrono::Duration::days(91));
    assert!(search("").await.is_empty());
    assert_eq!(search("start_date=2026-03-01T00:00:00Z").await, found);
    for bad in [
        "start_date=2026-01-01T00:00:00Z&end_date=2026-04-02T00:00:00Z",
        "start_date=2026-03-02T00:00:00Z&end_date=2026-03-01T00:00:00Z",
        "start_date=kemarin",
        "status=pending",
        "service_code=a%2Fb",
    ] {
        let res = get(&app, &format!("/open311/v2/requests.xml?{bad}")).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{bad}: {}", res.text);
        assert_eq!(texts_at(&res.xml(), "errors/error/code"), ["400"], "{bad}");
    }
}

on_both_backends!(
    requests_show_public_reports_but_no_confidential_one_and_no_personal_data,
    one_request_reads_back_and_an_unknown_or_confidential_one_is_not_found,
    requests_are_searched_by_service_status_and_a_window_of_at_most_90_days,
);
