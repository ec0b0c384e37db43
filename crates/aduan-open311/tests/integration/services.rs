//! Discovery and services: the active categories, each under a code a URL can carry and that
//! names its category again; no definitions, since no category asks for attributes.

use crate::common::{assert_error_both_formats, assert_schema, get, texts_at};
use aduan_testkit::{TestApp, on_both_backends};
use axum::http::StatusCode;

async fn services_list_every_active_category_under_a_url_safe_code_in_json_and_xml(app: TestApp) {
    let json = get(&app, "/open311/v2/services.json").await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.text);
    let services = json.json();
    assert_schema("services.json", &services);
    let codes: Vec<&str> = services
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["service_code"].as_str().unwrap())
        .collect();
    // corona-virus ended in 2023: it cannot be chosen, so it is no service.
    assert_eq!(
        codes,
        ["infrastruktur", "infrastruktur.jalan", "kekerasan-seksual"]
    );
    let jalan = &services[1];
    assert_eq!(jalan["service_name"], "JALAN");
    assert_eq!(jalan["group"], "INFRASTRUKTUR");
    assert_eq!(jalan["description"], "INFRASTRUKTUR › JALAN");
    assert_eq!(jalan["keywords"], "INFRASTRUKTUR, JALAN");
    assert_eq!(jalan["metadata"], false);
    assert_eq!(jalan["type"], "realtime");

    let xml = get(&app, "/open311/v2/services.xml").await;
    assert_eq!(xml.status, StatusCode::OK, "{}", xml.text);
    let elements = xml.xml();
    assert_eq!(texts_at(&elements, "services/service/service_code"), codes);
    assert_eq!(
        texts_at(&elements, "services/service/group"),
        ["INFRASTRUKTUR", "INFRASTRUKTUR", "KEKERASAN SEKSUAL"]
    );
    assert_eq!(
        texts_at(&elements, "services/service/metadata"),
        ["false", "false", "false"]
    );
}

async fn a_service_has_no_definition_and_an_unknown_one_is_not_found_in_both_formats(app: TestApp) {
    for path in [
        "/open311/v2/services/infrastruktur.jalan",
        "/open311/v2/services/tidak-ada",
        "/open311/v2/services/corona-virus",
        "/open311/v2/services/infrastruktur~2Fjalan",
    ] {
        assert_error_both_formats(&app, path, StatusCode::NOT_FOUND).await;
    }
    let known = get(&app, "/open311/v2/services/infrastruktur.jalan.json").await;
    assert!(known.text.contains("no attributes"), "{}", known.text);
    let unknown_format = get(&app, "/open311/v2/services.html").await;
    assert_eq!(unknown_format.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown_format.json()[0]["code"], 404);
    let unknown_path = get(&app, "/open311/v2/tidak/ada.xml").await;
    assert_eq!(unknown_path.status, StatusCode::NOT_FOUND);
    assert_eq!(texts_at(&unknown_path.xml(), "errors/error/code"), ["404"]);
}

async fn discovery_names_the_georeport_v2_endpoint_of_this_host_in_both_formats(app: TestApp) {
    let json = get(&app, "/open311/v2/discovery.json").await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.text);
    let doc = json.json();
    let endpoint = &doc["endpoints"][0];
    assert_eq!(
        endpoint["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    assert_eq!(endpoint["url"], "http://localhost/open311/v2");
    assert_eq!(
        endpoint["formats"],
        serde_json::json!(["application/json", "text/xml"])
    );
    assert!(doc["changeset"].as_str().is_some());
    assert!(doc["key_service"].as_str().unwrap().contains("apk_"));

    let xml = get(&app, "/open311/v2/discovery.xml").await.xml();
    assert_eq!(
        texts_at(&xml, "discovery/endpoints/endpoint/specification"),
        ["http://wiki.open311.org/GeoReport_v2"]
    );
    assert_eq!(
        texts_at(&xml, "discovery/endpoints/endpoint/formats/format"),
        ["application/json", "text/xml"]
    );
    assert_eq!(texts_at(&xml, "discovery/contact").len(), 1);
}

on_both_backends!(
    services_list_every_active_category_under_a_url_safe_code_in_json_and_xml,
    a_service_has_no_definition_and_an_unknown_one_is_not_found_in_both_formats,
    discovery_names_the_georeport_v2_endpoint_of_this_host_in_both_formats,
);
