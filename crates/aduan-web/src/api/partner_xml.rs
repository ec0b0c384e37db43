//! `POST /partner/xml`: the legacy LAPOR!-style XML intake, for partners that already speak
//! it. The document is read by `aduan-lapor-xml` (no DTD, no entities, bounded), its token is
//! a partner key, its `ref` the idempotency key, and the report is filed through the same use
//! case as the JSON partner API; the answer is the documented XML, with `transaksiid` naming
//! this delivery.

use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::partners::access;
use aduan_app::partners::filing::{self, PartnerReportRequest};
use aduan_app::reports::intake::{LocationInput, ReporterInput};
use aduan_lapor_xml::{LaporDocument, XmlError, answer};
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rand::RngCore;

/// The largest document accepted, in bytes.
pub const MAX_XML_BYTES: usize = aduan_lapor_xml::MAX_DOCUMENT_BYTES;

fn xml(status: StatusCode, body: String) -> Response {
    let mut res = (status, body).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/xml; charset=utf-8"),
    );
    res
}

fn refusal(status: StatusCode, code: &str, message: &str, transaksi: &str) -> Response {
    xml(status, answer::refused(code, message, transaksi, &[]))
}

fn xml_refusal(e: &XmlError, transaksi: &str) -> Response {
    let status = match e {
        XmlError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::BAD_REQUEST,
    };
    refusal(status, e.code(), &e.to_string(), transaksi)
}

fn app_refusal(e: &AppError, transaksi: &str) -> Response {
    let (status, code) = e.status_and_code();
    if let AppError::Internal(cause) = e {
        tracing::error!(error = %cause, transaksi, "XML intake failed");
    }
    let fields: Vec<(String, String)> = match e {
        AppError::Validation(f) => f.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        _ => Vec::new(),
    };
    xml(
        status,
        answer::refused(code, &e.to_string(), transaksi, &fields),
    )
}

fn text(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|t| !t.is_empty())
}

/// The JSON partner API's request for a legacy document.
fn request(doc: LaporDocument) -> PartnerReportRequest {
    let p = doc.pelapor;
    let l = doc.laporan;
    let name = format!("{} {}", p.namadepan.trim(), p.namabelakang.trim());
    let reporter = ReporterInput {
        name: text(&name),
        email: text(&p.email),
        phone: text(&p.telpon),
        ..ReporterInput::default()
    };
    let given = reporter.name.is_some() || reporter.email.is_some() || reporter.phone.is_some();
    let location =
        (text(&l.lokasi).is_some() || text(&l.wilayah).is_some()).then(|| LocationInput {
            text: text(&l.lokasi).unwrap_or_default(),
            region_code: text(&l.wilayah),
            lat: None,
            lon: None,
        });
    let kind = match l.jenis.trim() {
        "aspirasi" => "aspiration",
        "permintaan_informasi" | "informasi" => "information_request",
        _ => "complaint",
    };
    PartnerReportRequest {
        reference: l.reference,
        kind: kind.into(),
        title: text(&l.judul),
        body: l.isi,
        incident_date: None,
        location,
        requested_agency: text(&l.instansi),
        category: text(&l.kategori),
        anonymous: l.anonim,
        confidential: l.rahasia.then_some(true),
        show_name: false,
        reporter: given.then_some(reporter),
    }
}

/// A delivery, the request's example in the document (the token is the partner's API key).
const EXAMPLE_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<lapor token="apk_…">
  <pelapor><telpon>081234567890</telpon><namadepan>Siti</namadepan></pelapor>
  <laporan ref="JTM-0001">
    <judul>Lampu jalan mati</judul>
    <isi>Tiga lampu penerangan jalan mati sejak Senin malam.</isi>
    <lokasi>Jl. Diponegoro, Surabaya</lokasi>
    <wilayah>35.78</wilayah>
  </laporan>
</lapor>
"#;

/// A whole XML document, sent as it is: its elements are those of the example, not the
/// wrapping of a string in an element of its own that a plain `string` schema would mean.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct XmlDocument(pub String);

/// File a report sent in the legacy LAPOR! XML format (`<lapor token="…">`): answered with
/// `trackingid` and `transaksiid`, or an error document with its `kode`.
#[utoipa::path(post, path = "/partner/xml", extensions(("x-access" = json!(crate::api::access::LAPOR_XML))), tag = "partner",
    request_body(content = XmlDocument, content_type = "application/xml", description = "a <lapor token=\"…\"> document",
        example = json!(EXAMPLE_XML)),
    responses(
        (status = 201, content_type = "application/xml", body = String, description = "taken: trackingid and transaksiid"),
        (status = 200, content_type = "application/xml", body = String, description = "a repeat of an earlier delivery (ulang 1)"),
        (status = 400, content_type = "application/xml", body = String, description = "not a readable document (kode xml_…)"),
        (status = 401, content_type = "application/xml", body = String),
        (status = 409, content_type = "application/xml", body = String),
        (status = 413, content_type = "application/xml", body = String),
        (status = 422, content_type = "application/xml", body = String)))]
pub async fn partner_xml(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let mut id = [0u8; 8];
    rand::rng().fill_bytes(&mut id);
    let transaksi = hex::encode(id);
    let bytes = match body {
        Ok(b) => b,
        Err(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return xml_refusal(&XmlError::TooLarge, &transaksi);
        }
        Err(r) => {
            return refusal(
                StatusCode::BAD_REQUEST,
                "xml_malformed",
                &r.body_text(),
                &transaksi,
            );
        }
    };
    let doc = match aduan_lapor_xml::read(&bytes) {
        Ok(d) => d,
        Err(e) => {
            tracing::info!(transaksi, code = e.code(), "XML delivery refused");
            return xml_refusal(&e, &transaksi);
        }
    };
    let caller = match access::authenticate(&state, Some(&doc.token)).await {
        Ok(c) => c,
        Err(e) => return app_refusal(&e, &transaksi),
    };
    let req = request(doc);
    match filing::file(&state, &caller, None, req).await {
        Ok(filed) => {
            tracing::info!(transaksi, partner = caller.slug(), tracking_id = %filed.tracking_id, replayed = filed.replayed, "XML delivery taken");
            let status = if filed.replayed {
                StatusCode::OK
            } else {
                StatusCode::CREATED
            };
            let body = answer::accepted(
                &filed.tracking_id,
                &transaksi,
                &filed.reference,
                filed.replayed,
            );
            xml(status, body)
        }
        Err(e) => app_refusal(&e, &transaksi),
    }
}
