//! The legacy LAPOR! XML intake: a delivery in the old format is filed once per `ref` with
//! its flags, answered with `trackingid` and `transaksiid`; hostile documents (entity
//! expansion, external entities, 50 MB, deep nesting) get an XML error at once, and the server
//! stops reading a document at its size limit.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use tower::ServiceExt;

pub(crate) struct XmlRes {
    pub(crate) status: StatusCode,
    content_type: String,
    pub(crate) text: String,
}

impl XmlRes {
    fn element(&self, name: &str) -> String {
        let open = format!("<{name}>");
        self.text
            .split(&open)
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .unwrap_or_default()
            .to_owned()
    }
}

pub(crate) async fn post_xml(app: &TestApp, body: Body) -> XmlRes {
    let req = Request::post("/api/v1/partner/xml")
        .header("content-type", "application/xml")
        .body(body)
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let content_type = res.headers()["content-type"].to_str().unwrap().to_owned();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    XmlRes {
        status,
        content_type,
        text: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub(crate) fn legacy(token: &str, reference: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<lapor token="{token}">
  <pelapor><email>siti.rahmawati@contoh.id</email><telpon>081234567890</telpon>
    <namadepan>Siti</namadepan><namabelakang>Rahmawati</namabelakang></pelapor>
  <laporan ref="{reference}" rahasia="1" anonim="1">
    <judul>Pungutan liar di kelurahan</judul>
    <isi>Petugas meminta uang Rp50.000 untuk surat pengantar &amp; tidak memberi kuitansi.</isi>
    <kategori>infrastruktur/jalan</kategori>
    <lokasi>Kelurahan Ketintang, Surabaya</lokasi>
    <wilayah>35.78</wilayah>
  </laporan>
</lapor>"#
    )
}

async fn a_legacy_delivery_is_filed_once_per_ref_with_its_flags_and_answered_in_xml(app: TestApp) {
    let key = app.partner_key("lapor-lama", json!(["35"])).await;
    let first = post_xml(&app, Body::from(legacy(&key, "LAMA-1"))).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert!(first.content_type.starts_with("application/xml"));
    assert_eq!(first.element("status"), "ok");
    let id = first.element("trackingid");
    assert_eq!(id.len(), 10, "{}", first.text);
    assert!(!first.element("transaksiid").is_empty());
    let again = post_xml(&app, Body::from(legacy(&key, "LAMA-1"))).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert_eq!(again.element("trackingid"), id);
    assert_eq!(again.element("ulang"), "1");
    assert_ne!(again.element("transaksiid"), first.element("transaksiid"));

    let national = app.login("national").await;
    let seen = app
        .get(&format!("/api/v1/reports/{id}"), As::Token(&national))
        .await;
    assert_eq!(seen.body["channel"], "api:lapor-lama", "{}", seen.text);
    assert_eq!(seen.body["anonymous"], true, "{}", seen.text);
    assert_eq!(seen.body["confidential"], true, "{}", seen.text);
    assert!(
        seen.body["body"]
            .as_str()
            .unwrap()
            .contains("surat pengantar & tidak"),
        "{}",
        seen.text
    );

    let wrong = post_xml(&app, Body::from(legacy("apk_0000", "LAMA-2"))).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{}", wrong.text);
    assert_eq!(wrong.element("kode"), "unauthorized");
    let outside = legacy(&key, "LAMA-3").replace("35.78", "36.03");
    let outside = post_xml(&app, Body::from(outside)).await;
    assert_eq!(
        outside.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        outside.text
    );
    assert!(
        outside.text.contains("outside_partner_scope"),
        "{}",
        outside.text
    );
}

/// A body of `chunks` × 64 KiB that counts how much of it the server pulled.
fn counted_body(chunks: usize, pulled: Arc<AtomicUsize>) -> Body {
    let head = futures_util::stream::once(async {
        Ok::<_, std::io::Error>(bytes::Bytes::from_static(
            b"<lapor token=\"k\"><laporan ref=\"r\"><isi>",
        ))
    });
    let filler = futures_util::StreamExt::map(futures_util::stream::iter(0..chunks), move |_| {
        pulled.fetch_add(64 * 1024, Ordering::SeqCst);
        Ok::<_, std::io::Error>(bytes::Bytes::from(vec![b'a'; 64 * 1024]))
    });
    Body::from_stream(futures_util::StreamExt::chain(head, filler))
}

async fn hostile_documents_get_an_xml_error_at_once_and_a_huge_one_is_not_read_past_the_limit(
    app: TestApp,
) {
    let laughs = format!(
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">{}]><lapor token="k"><laporan ref="r"><isi>&lol9;</isi></laporan></lapor>"#,
        (1..10)
            .map(|i| format!(
                r#"<!ENTITY lol{i} "{}">"#,
                format!(
                    "&lol{};",
                    if i == 1 {
                        String::new()
                    } else {
                        (i - 1).to_string()
                    }
                )
                .repeat(10)
            ))
            .collect::<String>()
    );
    let external = r#"<?xml version="1.0"?><!DOCTYPE lapor [<!ENTITY xxe SYSTEM "http://169.254.169.254/latest/meta-data/">]><lapor token="k"><laporan ref="r"><isi>&xxe;</isi></laporan></lapor>"#;
    let deep = format!("<lapor token=\"k\">{}", "<laporan>".repeat(10_000));
    for (what, doc, code) in [
        ("billion laughs", laughs, "xml_doctype"),
        ("external entity", external.to_owned(), "xml_doctype"),
        ("deep nesting", deep, "xml_unexpected"),
    ] {
        let started = Instant::now();
        let res = post_xml(&app, Body::from(doc)).await;
        eprintln!("{what}: {} in {:?}", res.status, started.elapsed());
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{what}: {}", res.text);
        assert_eq!(res.element("kode"), code, "{what}: {}", res.text);
    }

    // 50 MB: refused with 413, and the server stopped pulling the body near its limit.
    let pulled = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let res = post_xml(&app, counted_body(800, pulled.clone())).await;
    let read = pulled.load(Ordering::SeqCst);
    eprintln!(
        "50 MB document: {} in {:?}, {read} bytes pulled",
        res.status,
        started.elapsed()
    );
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.text);
    assert_eq!(res.element("kode"), "xml_too_large");
    assert!(
        read <= aduan_lapor_xml::MAX_DOCUMENT_BYTES + 2 * 64 * 1024,
        "the body is not read past the limit: {read} bytes"
    );
}

on_both_backends!(
    a_legacy_delivery_is_filed_once_per_ref_with_its_flags_and_answered_in_xml,
    hostile_documents_get_an_xml_error_at_once_and_a_huge_one_is_not_read_past_the_limit
);
