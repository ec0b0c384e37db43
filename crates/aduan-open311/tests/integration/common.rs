//! Requests as Open311 clients send them, the schemas, the XML reader, and a partner.

use aduan_testkit::TestApp;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use quick_xml::events::Event;
use serde_json::{Value, json};
use tower::ServiceExt;

/// An answer: status, content type and body.
pub struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    pub text: String,
}

impl Answer {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        assert!(
            self.content_type.starts_with("application/json"),
            "{}: {}",
            self.content_type,
            self.text
        );
        serde_json::from_str(&self.text).unwrap()
    }

    /// The body as XML: every element's path (`services/service/service_code`) and text.
    pub fn xml(&self) -> Vec<(String, String)> {
        assert!(
            self.content_type.starts_with("text/xml"),
            "{}: {}",
            self.content_type,
            self.text
        );
        xml_elements(&self.text)
    }
}

async fn send(app: &TestApp, req: Request<Body>) -> Answer {
    let res = app.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        content_type,
        text: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

/// GET `path`.
pub async fn get(app: &TestApp, path: &str) -> Answer {
    let req = Request::get(path).body(Body::empty()).unwrap();
    send(app, req).await
}

/// POST `body` form-encoded to `path`, as the spec's example does.
pub async fn post_form(app: &TestApp, path: &str, body: &str) -> Answer {
    post_form_with(app, path, body, &[]).await
}

/// [`post_form`] with `headers`.
pub async fn post_form_with(
    app: &TestApp,
    path: &str,
    body: &str,
    headers: &[(&str, &str)],
) -> Answer {
    let mut req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    send(app, req.body(Body::from(body.to_owned())).unwrap()).await
}

/// Checks `instance` against the vendored schema `file` (`requests.json`, …), formats too.
pub fn assert_schema(file: &str, instance: &Value) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas");
    let read = |f: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join(f)).unwrap()).unwrap()
    };
    let registry = jsonschema::Registry::new()
        .add("json-schema:///request.json", read("request.json"))
        .unwrap()
        .add("json-schema:///service.json", read("service.json"))
        .unwrap()
        .prepare()
        .unwrap();
    let validator = jsonschema::options()
        .with_registry(&registry)
        .should_validate_formats(true)
        .build(&read(file))
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{file}: {errors:?}\n{instance:#}");
}

/// Every element of `xml` with its path from the root and its text.
pub fn xml_elements(xml: &str) -> Vec<(String, String)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    let mut out = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => {
                path.push(String::from_utf8(e.name().as_ref().to_vec()).unwrap());
                texts.push(String::new());
            }
            Event::Empty(e) => {
                path.push(String::from_utf8(e.name().as_ref().to_vec()).unwrap());
                out.push((path.join("/"), String::new()));
                path.pop();
            }
            Event::Text(t) => {
                if let Some(last) = texts.last_mut() {
                    last.push_str(&t.decode().unwrap());
                }
            }
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap();
                let text = quick_xml::escape::resolve_predefined_entity(&name)
                    .map(str::to_owned)
                    .or_else(|| r.resolve_char_ref().unwrap().map(String::from))
                    .unwrap();
                texts.last_mut().unwrap().push_str(&text);
            }
            Event::End(_) => {
                out.push((path.join("/"), texts.pop().unwrap()));
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(path.is_empty(), "unbalanced XML: {xml}");
    out
}

/// The texts of the elements at `path`.
pub fn texts_at(elements: &[(String, String)], path: &str) -> Vec<String> {
    elements
        .iter()
        .filter(|(p, _)| p == path)
        .map(|(_, t)| t.clone())
        .collect()
}

/// Asserts an Open311 error with `status` in both formats at GET `path` (without extension).
pub async fn assert_error_both_formats(app: &TestApp, path: &str, status: StatusCode) {
    let json = get(app, &format!("{path}.json")).await;
    assert_eq!(json.status, status, "{}", json.text);
    let body = json.json();
    assert_eq!(body[0]["code"], json!(status.as_u16()), "{body}");
    assert!(
        body[0]["description"]
            .as_str()
            .is_some_and(|d| !d.is_empty())
    );
    let xml = get(app, &format!("{path}.xml")).await;
    assert_eq!(xml.status, status, "{}", xml.text);
    let elements = xml.xml();
    assert_eq!(
        texts_at(&elements, "errors/error/code"),
        [status.as_u16().to_string()]
    );
    assert_eq!(texts_at(&elements, "errors/error/description").len(), 1);
}

/// Adds partner `slug` for `regions` as the national admin and issues its key.
pub async fn partner_key(app: &TestApp, slug: &str, regions: Value) -> String {
    app.partner_key(slug, regions).await
}
