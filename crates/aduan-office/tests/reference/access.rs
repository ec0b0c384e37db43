//! Nobody but the national admin reads or changes reference data.

use super::staff;
use aduan_testkit::TestApp;
use axum::http::StatusCode;

pub async fn only_the_national_admin_opens_reference_pages(app: TestApp) {
    let pages = [
        "/kantor/referensi",
        "/kantor/referensi/kategori",
        "/kantor/referensi/kategori/ubah?id=infrastruktur",
        "/kantor/referensi/tag",
        "/kantor/referensi/kalender",
        "/kantor/referensi/unit?instansi=kota-surabaya",
        "/kantor/referensi/unit/ubah?id=kota-surabaya/dinas-pu",
        "/kantor/referensi/mitra",
        "/kantor/referensi/saran",
    ];
    let forms: [(&str, &[(&str, &str)]); 12] = [
        ("/kantor/referensi/saran/aktifkan", &[("version", "1")]),
        ("/kantor/referensi/saran/latih", &[("target", "agency")]),
        (
            "/kantor/referensi/mitra",
            &[("slug", "x"), ("name", "X"), ("regions", "35")],
        ),
        ("/kantor/referensi/mitra/kunci", &[("slug", "x")]),
        (
            "/kantor/referensi/mitra/cabut",
            &[("slug", "x"), ("id", "1")],
        ),
        (
            "/kantor/referensi/kategori/ubah",
            &[("id", "infrastruktur"), ("name", "X"), ("sensitive", "on")],
        ),
        ("/kantor/referensi/tag", &[("label", "Banjir")]),
        (
            "/kantor/referensi/tag/ubah",
            &[("slug", "banjir"), ("active", "0")],
        ),
        (
            "/kantor/referensi/kalender",
            &[("date", "2026-03-04"), ("name", "X"), ("kind", "other")],
        ),
        (
            "/kantor/referensi/kalender/hapus",
            &[("date", "2026-03-04")],
        ),
        (
            "/kantor/referensi/unit",
            &[("agency", "kota-surabaya"), ("name", "Unit Baru")],
        ),
        (
            "/kantor/referensi/unit/ubah",
            &[("id", "kota-surabaya/dinas-pu"), ("name", "X")],
        ),
    ];
    let audit_before = app.store.list_audit().await.unwrap().1;
    for key in ["surabaya", "dinas-pu", "ombudsman"] {
        let mut v = staff(&app, key).await;
        let office = v.get("/kantor").await;
        assert!(
            !office.html.contains("href=\"/kantor/referensi\""),
            "{key} sees no link"
        );
        for path in pages {
            assert_eq!(
                v.get(path).await.status,
                StatusCode::FORBIDDEN,
                "{key} {path}"
            );
        }
        for (path, fields) in forms {
            let res = v.post_form(path, fields).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{key} POST {path}");
        }
    }
    assert_eq!(
        app.store.list_audit().await.unwrap().1,
        audit_before,
        "nothing changed"
    );
    let mut national = staff(&app, "national").await;
    let office = national.get("/kantor").await;
    assert!(office.html.contains("href=\"/kantor/referensi\""));
    for path in pages {
        assert_eq!(national.get(path).await.status, StatusCode::OK, "{path}");
    }
}
