//! What each answer holds, as [`Node`]s in the spec's field order.

use crate::render::Node;
use aduan_app::open311::{Posted, Service, ServiceRequest};
use aduan_i18n::{Lang, catalogue};
use chrono::SecondsFormat;

/// The specification every endpoint follows.
pub const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";
/// When this implementation's endpoints last changed.
pub const CHANGESET: &str = "2026-03-02T00:00:00Z";

/// The discovery document for the endpoint at `url`.
pub fn discovery(url: &str) -> Node {
    let formats = Node::List(
        "format",
        vec![
            Node::Text("application/json".into()),
            Node::Text("text/xml".into()),
        ],
    );
    Node::Record(vec![
        ("changeset", Node::Text(CHANGESET.into())),
        (
            "contact",
            Node::Text(
                "Admin Nasional SP4N-LAPOR! (KemenPANRB), melalui pengelola layanan ini".into(),
            ),
        ),
        (
            "key_service",
            Node::Text(
                "api_key adalah kunci mitra (apk_…) yang diterbitkan Admin Nasional: \
                 aduan partner key <slug>; hanya POST requests yang memerlukannya"
                    .into(),
            ),
        ),
        (
            "endpoints",
            Node::List(
                "endpoint",
                vec![Node::Record(vec![
                    ("specification", Node::Text(SPECIFICATION.into())),
                    ("url", Node::Text(url.into())),
                    ("changeset", Node::Text(CHANGESET.into())),
                    ("type", Node::Text("production".into())),
                    ("formats", formats),
                ])],
            ),
        ),
    ])
}

/// One service.
pub fn service(s: &Service) -> Node {
    Node::Record(vec![
        ("service_code", Node::Text(s.service_code.clone())),
        ("service_name", Node::Text(s.service_name.clone())),
        ("description", Node::Text(s.description.clone())),
        ("metadata", Node::Bool(s.metadata)),
        ("type", Node::Text("realtime".into())),
        ("keywords", Node::Text(s.keywords.clone())),
        ("group", Node::Text(s.group.clone())),
    ])
}

/// The services.
pub fn services(all: &[Service]) -> Node {
    Node::List("service", all.iter().map(service).collect())
}

/// Aduan's status in Bahasa Indonesia with its code: `Ditindaklanjuti (in_progress)`.
fn status_notes(status: &str) -> String {
    let name = catalogue().text(Lang::Id, &format!("status-{status}"), &[]);
    format!("{name} ({status})")
}

/// One service request.
pub fn request(r: &ServiceRequest) -> Node {
    let time = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    Node::Record(vec![
        (
            "service_request_id",
            Node::Text(r.service_request_id.clone()),
        ),
        ("status", Node::Text(r.status.into())),
        ("status_notes", Node::Text(status_notes(&r.aduan_status))),
        ("service_name", Node::opt(r.service_name.clone())),
        ("service_code", Node::Text(r.service_code.clone())),
        ("description", Node::Text(r.description.clone())),
        (
            "agency_responsible",
            Node::opt(r.agency_responsible.clone()),
        ),
        ("service_notice", Node::Null),
        ("requested_datetime", Node::Text(time(r.requested_datetime))),
        ("updated_datetime", Node::Text(time(r.updated_datetime))),
        (
            "expected_datetime",
            Node::opt(
                r.expected_datetime
                    .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
            ),
        ),
        ("address", Node::opt(r.address.clone())),
        ("address_id", Node::opt(r.address_id.clone())),
        ("zipcode", Node::Null),
        ("lat", Node::num(r.lat)),
        ("long", Node::num(r.long)),
        ("media_url", Node::opt(r.media_url.clone())),
    ])
}

/// Service requests.
pub fn requests(all: &[ServiceRequest]) -> Node {
    Node::List("request", all.iter().map(request).collect())
}

/// The answer to a new request.
pub fn posted(p: &Posted) -> Node {
    Node::List(
        "request",
        vec![Node::Record(vec![
            (
                "service_request_id",
                Node::Text(p.service_request_id.clone()),
            ),
            ("token", Node::Text(p.token.clone())),
            ("service_notice", Node::Text(p.service_notice.clone())),
            ("account_id", Node::Null),
        ])],
    )
}

/// The answer to a token.
pub fn token(id: &str, token: &str) -> Node {
    Node::List(
        "request",
        vec![Node::Record(vec![
            ("service_request_id", Node::Text(id.into())),
            ("token", Node::Text(token.into())),
        ])],
    )
}
