//! The OpenAPI document is built from the same list as the router: every documented
//! operation answers, the document describes every JSON route, and every parameter is declared
//! where a client must send it.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use axum::http::{Method, StatusCode};
use serde_json::Value;
use std::collections::BTreeSet;

/// A documented path made a URL to call: under its own server (the probes and the document
/// live at the root) or the API's, its parameters filled with values no report or partner has.
pub fn concrete_url(path: &str, item: &Value) -> String {
    let base = item["servers"][0]["url"].as_str().unwrap_or("/api/v1");
    format!(
        "{}{}",
        base.trim_end_matches('/'),
        path.replace("{tracking_id}", "ZZZZZZZZZZ")
            .replace("{id}", "x")
            .replace("{slug}", "x")
            .replace("{date}", "2026-03-10")
    )
}

/// The keys of a path item that are operations (the others are `servers`, `parameters`, ...).
const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

async fn every_documented_operation_is_routed_and_every_route_is_documented(app: TestApp) {
    let doc = app.get("/api/openapi.json", As::Anon).await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(
        doc.body["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc.body["openapi"]
    );
    let paths = doc.body["paths"].as_object().unwrap();
    let mut documented = Vec::new();
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            if !HTTP_METHODS.contains(&method.as_str()) {
                continue;
            }
            let m = method.to_uppercase().parse::<Method>().unwrap();
            documented.push(format!("{m} {path}"));
            let url = concrete_url(path, item);
            let res = app
                .send(m.clone(), &url, As::Anon, Some(serde_json::json!({})), &[])
                .await;
            // An unrouted path answers 404/405 with an empty body; ours always carry a body,
            // or answer 200 (an export with nothing to export yet).
            assert!(
                (!res.text.is_empty() || res.status == StatusCode::OK)
                    && res.status != StatusCode::METHOD_NOT_ALLOWED,
                "{m} {url} is documented but not routed ({})",
                res.status
            );
        }
    }
    documented.sort();
    let expected = [
        "GET /agencies",
        "GET /api/openapi.json",
        "GET /calendar",
        "GET /categories",
        "GET /healthz",
        "GET /me",
        "GET /open/agencies.csv",
        "GET /open/reports.csv",
        "GET /open/reports.jsonl",
        "GET /open/volumes.csv",
        "GET /reports/export.csv",
        "GET /reports",
        "GET /readyz",
        "GET /reports/{tracking_id}",
        "GET /reports/{tracking_id}/attachments",
        "GET /reports/{tracking_id}/events",
        "GET /reports/{tracking_id}/status",
        "POST /auth/login",
        "POST /auth/logout",
        "POST /auth/register",
        "POST /auth/confirm",
        "POST /reports",
        "POST /reports/{tracking_id}/actions",
        "PUT /categories/{id}",
    ];
    for e in expected {
        assert!(
            documented.iter().any(|d| d == e),
            "{e} missing from the document: {documented:?}"
        );
    }
}

/// The `{placeholder}` names of a path template.
fn placeholders(template: &str) -> BTreeSet<String> {
    template
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

async fn every_path_parameter_is_in_its_template_every_query_parameter_optional_and_every_response_described(
    app: TestApp,
) {
    let doc = app.get("/api/openapi.json", As::Anon).await.body;
    let mut problems = Vec::new();
    let mut query_parameters = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let wanted = placeholders(path);
        for (method, op) in item.as_object().unwrap() {
            if !HTTP_METHODS.contains(&method.as_str()) {
                continue;
            }
            for (code, response) in op["responses"].as_object().unwrap() {
                if response["description"].as_str().is_none_or(str::is_empty) {
                    problems.push(format!(
                        "{method} {path}: response {code} has no description"
                    ));
                }
            }
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let declared: BTreeSet<String> = params
                .iter()
                .filter(|p| p["in"] == "path")
                .map(|p| p["name"].as_str().unwrap().to_owned())
                .collect();
            for name in declared.difference(&wanted) {
                problems.push(format!(
                    "{method} {path}: path parameter `{name}` is not in the template"
                ));
            }
            for name in wanted.difference(&declared) {
                problems.push(format!("{method} {path}: `{{{name}}}` is not declared"));
            }
            for p in &params {
                let (name, place) = (p["name"].as_str().unwrap(), p["in"].as_str().unwrap());
                if place == "path" && p["required"] != Value::Bool(true) {
                    problems.push(format!(
                        "{method} {path}: path parameter `{name}` is not required"
                    ));
                }
                if place == "query" {
                    query_parameters += 1;
                    if p["required"] == Value::Bool(true) {
                        problems.push(format!(
                            "{method} {path}: query parameter `{name}` is required"
                        ));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The filters of the lists and figures are all in the query string.
    assert!(
        query_parameters >= 26,
        "only {query_parameters} query parameters"
    );
    let agencies = doc["paths"]["/agencies"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let mut in_query: Vec<&str> = agencies
        .iter()
        .filter(|p| p["in"] == "query")
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    in_query.sort_unstable();
    assert_eq!(in_query, ["cursor", "kind", "limit", "parent", "q"]);
}

async fn a_client_reading_the_document_can_filter_the_agency_list(app: TestApp) {
    // What a generated client does: put each parameter where the document says.
    let doc = app.get("/api/openapi.json", As::Anon).await.body;
    let op = &doc["paths"]["/agencies"]["get"];
    let mut query = Vec::new();
    let mut path = "/agencies".to_owned();
    for p in op["parameters"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        let value = match name {
            "kind" => "kota",
            "q" => "sura",
            _ => continue,
        };
        match p["in"].as_str().unwrap() {
            "query" => query.push(format!("{name}={value}")),
            "path" => path = path.replace(&format!("{{{name}}}"), value),
            other => panic!("{name} in {other}"),
        }
    }
    let res = app
        .get(&format!("/api/v1{path}?{}", query.join("&")), As::Anon)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let ids: Vec<&str> = res.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["kota-surabaya"]);
}

/// The fields of which the document says "at least one", in a component's `anyOf`.
fn any_of_required(doc: &Value, component: &str) -> BTreeSet<String> {
    let parts = doc["components"]["schemas"][component]["allOf"]
        .as_array()
        .unwrap_or_else(|| panic!("{component} states no rule across its fields"));
    parts
        .iter()
        .filter_map(|p| p["anyOf"].as_array())
        .flatten()
        .flat_map(|way| way["required"].as_array().cloned().unwrap_or_default())
        .map(|f| f.as_str().unwrap().to_owned())
        .collect()
}

async fn the_document_states_the_rules_across_a_registrations_and_a_partners_fields(app: TestApp) {
    let doc = app.get("/api/openapi.json", As::Anon).await.body;
    assert_eq!(
        any_of_required(&doc, "RegisterRequest"),
        BTreeSet::from(["email".to_owned(), "phone".to_owned()])
    );
    assert_eq!(
        any_of_required(&doc, "PartnerInput"),
        BTreeSet::from(["agencies".to_owned(), "regions".to_owned()])
    );
    // And the server asks what the document says: neither is refused, either one will do.
    let register = |extra: Value| {
        let mut body = serde_json::json!({"name": "Siti", "password": "kata-sandi-panjang"});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    let neither = app
        .post(
            "/api/v1/auth/register",
            As::Anon,
            register(serde_json::json!({})),
        )
        .await;
    assert_eq!(
        neither.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        neither.text
    );
    assert_eq!(neither.body["fields"]["email"], "email_or_phone_required");
    let phone = app
        .post(
            "/api/v1/auth/register",
            As::Anon,
            register(serde_json::json!({"phone": "081234567890"})),
        )
        .await;
    assert_eq!(phone.status, StatusCode::ACCEPTED, "{}", phone.text);
}

async fn a_reporters_contact_is_documented_in_the_formats_a_registration_is(app: TestApp) {
    let doc = app.get("/api/openapi.json", As::Anon).await.body;
    let schemas = &doc["components"]["schemas"];
    let reporter = &schemas["ReporterInput"]["properties"];
    let register = &schemas["RegisterRequest"]["allOf"][0]["properties"];
    for field in ["email", "phone", "nik", "language"] {
        assert!(
            reporter[field]["pattern"].is_string(),
            "{field} has no pattern"
        );
        assert_eq!(
            reporter[field]["pattern"], register[field]["pattern"],
            "{field} is documented differently for a reporter and a registration"
        );
    }
    assert_eq!(reporter["notify"]["pattern"], "^(email|sms|both)$");
    // And the server takes what the patterns allow and refuses what they do not.
    let report = |reporter: Value| {
        serde_json::json!({"kind": "complaint", "title": "Lampu mati", "body": "Lampu jalan mati.",
            "location": {"text": "Jl. Diponegoro"}, "reporter": reporter})
    };
    let taken = app
        .post(
            "/api/v1/reports",
            As::Anon,
            report(
                serde_json::json!({"name": "Siti", "phone": "+6281234567890", "notify": "both",
                "language": "en", "nik": "3578014501900001", "email": "siti@example.com"}),
            ),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CREATED, "{}", taken.text);
    let refused = app
        .post(
            "/api/v1/reports",
            As::Anon,
            report(serde_json::json!({"name": "Siti", "phone": "12", "notify": "fax"})),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text
    );
}

/// The actions named by the branches of `component`'s rule, each with the fields it requires.
fn action_branches(doc: &Value, component: &str) -> Vec<(Vec<String>, Vec<String>)> {
    let rule = &doc["components"]["schemas"][component]["allOf"][1]["anyOf"];
    rule.as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let names = b["properties"]["action"]["enum"].as_array().unwrap();
            let required = b["required"].as_array().unwrap();
            let strings =
                |v: &Vec<Value>| v.iter().map(|n| n.as_str().unwrap().to_owned()).collect();
            (strings(names), strings(required))
        })
        .collect()
}

async fn the_document_states_what_each_action_needs_and_the_server_asks_no_less(app: TestApp) {
    let doc = app.get("/api/openapi.json", As::Anon).await.body;
    let branches = action_branches(&doc, "ActionRequest");
    let named: BTreeSet<String> = branches.iter().flat_map(|(n, _)| n.clone()).collect();
    let listed: BTreeSet<String> =
        doc["components"]["schemas"]["ActionRequest"]["allOf"][0]["properties"]["action"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap().to_owned())
            .collect();
    assert_eq!(
        named, listed,
        "every action a person may take has its branch"
    );
    let needs_text = |name: &str| {
        branches
            .iter()
            .any(|(n, req)| n.iter().any(|x| x == name) && req.iter().any(|r| r == "body"))
    };
    assert!(needs_text("note") && needs_text("add_info"));
    // A partner is offered only the reporter's actions.
    let partner = action_branches(&doc, "PartnerActionRequest");
    let offered: BTreeSet<String> = partner.iter().flat_map(|(n, _)| n.clone()).collect();
    let reporters: BTreeSet<String> = aduan_app::partners::filing::REPORTER_ACTIONS
        .iter()
        .map(|a| (*a).to_owned())
        .collect();
    assert_eq!(offered, reporters);
    // The server asks what the document says: a note without its text is refused, with it taken.
    let (id, _) = app.public_report(serde_json::json!({})).await;
    let national = app.login("national").await;
    let bare = app
        .act(
            &id,
            As::Token(&national),
            serde_json::json!({"action": "note"}),
        )
        .await;
    assert_eq!(
        bare.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        bare.text
    );
    let with_text = serde_json::json!({"action": "note", "body": "Dicek ke lapangan."});
    app.act_ok(&id, As::Token(&national), with_text).await;
    // And a rating comes with whether it was resolved, as the document's branch for `rate`.
    let rate = branches
        .iter()
        .find(|(n, _)| n == &["rate".to_owned()])
        .unwrap();
    assert_eq!(rate.1, ["action", "rating", "resolved"]);
}

on_both_backends!(
    the_document_states_what_each_action_needs_and_the_server_asks_no_less,
    the_document_states_the_rules_across_a_registrations_and_a_partners_fields,
    a_reporters_contact_is_documented_in_the_formats_a_registration_is,
    every_documented_operation_is_routed_and_every_route_is_documented,
    every_path_parameter_is_in_its_template_every_query_parameter_optional_and_every_response_described,
    a_client_reading_the_document_can_filter_the_agency_list,
);
