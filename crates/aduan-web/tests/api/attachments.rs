//! Attachments: checked by content, stripped of identifying metadata for everyone but the
//! uploader, public only once staff publish them.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

#[path = "../../../aduan-attachments/tests/attachments/fixtures.rs"]
#[allow(dead_code)]
pub mod files;

pub async fn upload(
    app: &TestApp,
    id: &str,
    who: As<'_>,
    name: &str,
    bytes: &[u8],
) -> (StatusCode, Value) {
    let boundary = "aduanboundary7d3";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut req = Request::post(format!("/api/v1/reports/{id}/attachments")).header(
        "content-type",
        format!("multipart/form-data; boundary={boundary}"),
    );
    req = match who {
        As::Token(t) => req.header("authorization", format!("Bearer {t}")),
        As::Code(c) => req.header("x-access-code", c),
        As::Anon => req,
    };
    let res = app
        .router
        .clone()
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

async fn download(app: &TestApp, path: &str, who: As<'_>) -> (StatusCode, Vec<u8>) {
    let mut req = Request::get(path);
    req = match who {
        As::Token(t) => req.header("authorization", format!("Bearer {t}")),
        As::Code(c) => req.header("x-access-code", c),
        As::Anon => req,
    };
    let res = app
        .router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    (
        status,
        res.into_body().collect().await.unwrap().to_bytes().to_vec(),
    )
}

fn has_gps(jpeg: &[u8]) -> bool {
    exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(jpeg))
        .map(|e| {
            e.fields()
                .any(|f| f.ifd_num == exif::In::PRIMARY && f.tag.context() == exif::Context::Gps)
        })
        .unwrap_or(false)
}

async fn a_gps_tagged_jpeg_comes_back_without_its_gps_tags(app: TestApp) {
    let (id, code) = app.submit(json!({"anonymous": true})).await;
    let photo = files::phone_photo(1);
    assert!(has_gps(&photo), "the test photo carries GPS");
    let (status, body) = upload(
        &app,
        &id,
        As::Code(&code),
        "foto_Siti_Rahmawati.jpg",
        &photo,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["mime"], "image/jpeg");
    let att = body["id"].as_i64().unwrap();
    let path = format!("/api/v1/reports/{id}/attachments/{att}");

    let national = app.login("national").await;
    app.act_ok(&id, As::Token(&national), json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    let surabaya = app.login("surabaya").await;
    let (status, copy) = download(&app, &path, As::Token(&surabaya)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!has_gps(&copy), "the agency's copy has no GPS");
    for secret in [files::SERIAL, files::NAME] {
        assert!(
            !files::contains(&copy, secret),
            "{secret} left in the agency's copy"
        );
    }
    assert_eq!(
        files::decode(&copy).dimensions(),
        files::decode(&photo).dimensions(),
        "the picture survives"
    );
    let listed = app
        .get(
            &format!("/api/v1/reports/{id}/attachments"),
            As::Token(&surabaya),
        )
        .await;
    assert!(
        !listed.text.contains("Siti"),
        "the uploader's file name stays with the uploader: {}",
        listed.text
    );
    let (status, _) = download(&app, &format!("{path}?original=true"), As::Token(&surabaya)).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the original is the uploader's"
    );
    let (status, original) =
        download(&app, &format!("{path}?original=true"), As::Code(&code)).await;
    assert_eq!(
        (status, original == photo),
        (StatusCode::OK, true),
        "the reporter keeps the evidence"
    );

    let (status, _) = download(&app, &path, As::Anon).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "not public until staff publish it"
    );
    let publish = app
        .post(
            &format!("{path}/publish"),
            As::Token(&surabaya),
            json!({"public": true}),
        )
        .await;
    assert_eq!(publish.status, StatusCode::OK, "{}", publish.text);
    let (status, public) = download(&app, &path, As::Anon).await;
    assert_eq!((status, has_gps(&public)), (StatusCode::OK, false));
    let (audit, _, _) = app.store.list_audit().await.unwrap();
    assert!(audit.iter().any(|e| e.action == "attachment.publish"));
}

async fn a_file_is_judged_by_its_content_not_its_name(app: TestApp) {
    let (id, code) = app.submit(json!({})).await;
    let (status, body) = upload(
        &app,
        &id,
        As::Code(&code),
        "surat.jpg",
        b"MZ\x90\x00\x03\x00\x00\x00 not a picture",
    )
    .await;
    assert_eq!(
        (status, body["fields"]["file"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("attachment_type_not_allowed")
        )
    );
    let (status, body) = upload(&app, &id, As::Code(&code), "kosong.jpg", b"").await;
    assert_eq!(
        (status, body["fields"]["file"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("attachment_empty"))
    );
    let (status, _) = upload(&app, &id, As::Anon, "foto.jpg", &files::jpeg()).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the public cannot reach a report awaiting verification"
    );
    let ksp = app.login("ksp").await;
    let national = app.login("national").await;
    app.act_ok(&id, As::Token(&national), json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    let (status, _) = upload(&app, &id, As::Token(&ksp), "foto.jpg", &files::jpeg()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "supervisors only read");
}

/// The files left in the spool directory.
fn spooled_files(app: &TestApp) -> Vec<std::path::PathBuf> {
    match std::fs::read_dir(app.state.attachments.intake.dir()) {
        Ok(dir) => dir.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

async fn an_upload_is_received_on_disk_refused_by_its_kinds_limit_and_leaves_no_file_behind(
    app: TestApp,
) {
    let (id, code) = app.submit(json!({})).await;
    let (status, body) = upload(&app, &id, As::Code(&code), "foto.jpg", &files::jpeg()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // An image past the image limit (10 MiB), though videos may be larger, is refused.
    let mut big = files::jpeg();
    big.resize(11 * 1024 * 1024, 0);
    let (status, body) = upload(&app, &id, As::Code(&code), "besar.jpg", &big).await;
    assert_eq!(
        (status, body["fields"]["file"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("attachment_too_large")
        )
    );
    assert_eq!(
        spooled_files(&app),
        Vec::<std::path::PathBuf>::new(),
        "no spool file is left"
    );
}

/// A valid one-page PDF, its cross-reference table at the right offsets.
fn one_page_pdf() -> String {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf += &format!("{} 0 obj\n{o}\nendobj\n", i + 1);
    }
    let xref = pdf.len();
    pdf += &format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for o in offsets {
        pdf += &format!("{o:010} 00000 n \n");
    }
    pdf += &format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    pdf
}

/// A browser asks for gzip; the service compresses a PDF on the way out, reading the sealed
/// blob's stream to its end (and once more: the compressor polls again after the end, which a
/// stream that is not fused answers with a panic and a dropped connection).
async fn a_pdf_downloaded_by_a_browser_that_accepts_gzip_arrives_whole(app: TestApp) {
    let (id, code) = app.submit(json!({"anonymous": true})).await;
    let pdf = one_page_pdf();
    let (status, body) = upload(&app, &id, As::Code(&code), "surat.pdf", pdf.as_bytes()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let path = format!("/api/v1/reports/{id}/attachments/{}", body["id"]);
    let (_, plain) = download(&app, &path, As::Code(&code)).await;
    let req = Request::get(&path)
        .header("x-access-code", &code)
        .header("accept-encoding", "gzip")
        .body(Body::empty())
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-encoding"], "gzip");
    let gzipped = res.into_body().collect().await.unwrap().to_bytes();
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&gzipped[..]),
        &mut unzipped,
    )
    .unwrap();
    assert!(plain.starts_with(b"%PDF-"), "the copy is a PDF");
    assert_eq!(unzipped, plain, "the gzipped download is the same file");
}

on_both_backends!(
    a_pdf_downloaded_by_a_browser_that_accepts_gzip_arrives_whole,
    an_upload_is_received_on_disk_refused_by_its_kinds_limit_and_leaves_no_file_behind,
    a_gps_tagged_jpeg_comes_back_without_its_gps_tags,
    a_file_is_judged_by_its_content_not_its_name
);
