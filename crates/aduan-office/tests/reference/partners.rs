//! The register of partner systems in the back office: the national admin adds a partner,
//! issues a key that is shown once and works on the partner API, revokes it, and each step is
//! audited.

use super::{change, last_audit, staff};
use aduan_testkit::{As, TestApp};
use axum::http::{Method, StatusCode};

pub async fn a_partner_added_in_the_back_office_gets_a_key_shown_once_and_revoked(app: TestApp) {
    let mut national = staff(&app, "national").await;
    let refused = national
        .post_form(
            "/kantor/referensi/mitra",
            &[
                ("slug", "Lapor Jatim"),
                ("name", "Aplikasi Jatim"),
                ("regions", "35"),
            ],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.html
    );
    assert!(refused.html.contains("tidak valid"), "{}", refused.html);
    let page = change(
        &mut national,
        "/kantor/referensi/mitra",
        &[
            ("slug", "lapor-jatim"),
            ("name", "Aplikasi Pengaduan Jawa Timur"),
            ("agencies", "kota-surabaya"),
            ("regions", "35, 35.78"),
        ],
    )
    .await;
    assert!(page.contains("Sistem mitra ditambahkan"), "{page}");
    assert!(page.contains("api:lapor-jatim"), "{page}");
    assert_eq!(last_audit(&app).await.0, "partner.add");

    let issued = national
        .post_form("/kantor/referensi/mitra/kunci", &[("slug", "lapor-jatim")])
        .await;
    assert_eq!(issued.status, StatusCode::OK, "{}", issued.html);
    let key = issued
        .html
        .split("id=\"partner-key\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap()
        .to_owned();
    assert!(key.starts_with("apk_"), "{}", issued.html);
    let headers = [("x-api-key", key.as_str())];
    let works = app
        .send(
            Method::GET,
            "/api/v1/partner/webhook",
            As::Anon,
            None,
            &headers,
        )
        .await;
    assert_eq!(works.status, StatusCode::OK, "{}", works.text);

    let list = national.get("/kantor/referensi/mitra").await;
    assert!(!list.html.contains(&key), "the key is never shown again");
    let id = app.store.list_partner_keys("lapor-jatim").await.unwrap()[0].id;
    let page = change(
        &mut national,
        "/kantor/referensi/mitra/cabut",
        &[("slug", "lapor-jatim"), ("id", &id.to_string())],
    )
    .await;
    assert!(page.contains("Kunci dicabut"), "{page}");
    assert_eq!(last_audit(&app).await.0, "partner.key.revoke");
    let refused = app
        .send(
            Method::GET,
            "/api/v1/partner/webhook",
            As::Anon,
            None,
            &headers,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
}
