//! Nobody is named by what they write: a staff member filing their own report at `/lapor` is
//! a citizen without an account, comments name the reporter as the visibility policy does and
//! staff as their agency or unit; and private pages stay out of caches.

use super::support::Visitor;
use super::support::multipart::Multipart;
use super::{register, submit_as_anonymous};
use aduan_testkit::{As, TestApp};
use axum::http::{StatusCode, header};
use serde_json::json;
use std::sync::Arc;

/// The text between `<p class="secret" id="{id}">` and `</p>`.
fn secret(html: &str, id: &str) -> String {
    let start = html.find(&format!("id=\"{id}\">")).unwrap() + id.len() + 6;
    html[start..].split('<').next().unwrap().trim().to_owned()
}

/// An anonymous report at `/lapor`, with no identity given.
fn anonymous_form() -> Multipart {
    Multipart::new()
        .text("idem", "orang-dalam-1")
        .text("kind", "complaint")
        .text("title", "Pungutan liar untuk izin usaha")
        .text(
            "body",
            "Setiap izin usaha di bidang kami dimintai uang tambahan tanpa kuitansi.",
        )
        .text("location_text", "Jl. Tunjungan, Surabaya")
        .text("agency", "kota-surabaya")
        .text("anonymous", "on")
}

/// Files the anonymous form at `/lapor` in a browser holding `staff`'s session; returns the
/// tracking id and the access code the confirmation shows.
pub async fn file_at_lapor_under_a_staff_session(app: &TestApp, staff: &str) -> (String, String) {
    let mut v = Visitor::new(app);
    v.login(staff).await;
    let page = v.submit_form(anonymous_form()).await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.html);
    (
        secret(&page.html, "tracking-id"),
        secret(&page.html, "access-code"),
    )
}

pub async fn a_report_filed_at_lapor_under_a_staff_session_is_a_citizens_and_names_no_staff(
    app: TestApp,
) {
    let (id, code) = file_at_lapor_under_a_staff_session(&app, "bidang-jalan").await;
    assert!(!code.is_empty(), "the filer gets an access code");
    let tid = id.parse().unwrap();
    let report = app.store.get_report(&tid).await.unwrap().unwrap();
    let events = app.store.list_events(&tid).await.unwrap();
    assert_eq!(events[0].role, aduan_domain::Role::Reporter);
    let jalan = app
        .store
        .find_user_by_login("bidang-jalan@uji.go.id")
        .await
        .unwrap()
        .unwrap();
    assert_ne!(
        app.store.reporter_of_user(jalan.id).await.unwrap(),
        Some(report.reporter),
        "the staff account is not linked to the report"
    );
    let national = app.login("national").await;
    app.act_ok(&id, As::Token(&national), json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;

    let mut public = Visitor::new(&app);
    let page = public.get(&format!("/laporan/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.html
            .contains("<strong>Laporan dikirim</strong> · Pelapor"),
        "{}",
        page.html
    );
    assert!(page.html.contains("Anonim"));
    assert!(!page.html.contains("Bidang Jalan"), "{}", page.html);
    let mut agency = Visitor::new(&app);
    agency.login("surabaya").await;
    let screen = agency.get(&format!("/kantor/laporan/{id}")).await;
    assert_eq!(screen.status, StatusCode::OK, "{}", screen.html);
    assert!(
        screen
            .html
            .contains("<strong>Laporan dikirim</strong> · Pelapor"),
        "{}",
        screen.html
    );
    assert!(!screen.html.contains("· Bidang Jalan"), "{}", screen.html);
    assert!(!screen.html.contains("Akun bidang-jalan"));
}

/// The author shown for each comment on the page, in order.
fn comment_authors(html: &str) -> Vec<String> {
    let start = html.find("id=\"komentar\"").unwrap();
    let list = html[start..].split("</ul>").next().unwrap();
    list.split("<li")
        .skip(1)
        .filter_map(|li| {
            let a = li.find("<strong>")? + "<strong>".len();
            Some(li[a..].split('<').next()?.to_owned())
        })
        .collect()
}

pub async fn comments_show_the_reporter_as_the_policy_does_and_staff_as_their_agency_or_unit(
    app: TestApp,
) {
    let mut dewi = register(&app, "dewi@contoh.id", "").await;
    let id = submit_as_anonymous(&app, &dewi, "Trotoar rusak di depan sekolah").await;
    let national = app.login("national").await;
    app.act_ok(&id, As::Token(&national), json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    let path = format!("/laporan/{id}/komentar");
    let said = dewi
        .post_form(&path, &[("body", "Masih rusak sampai hari ini.")])
        .await;
    assert_eq!(said.status, StatusCode::SEE_OTHER, "{}", said.html);
    for (key, text) in [
        ("dinas-pu", "Kami sudah menjadwalkan perbaikan."),
        ("surabaya", "Terima kasih atas laporannya."),
        ("national", "Sudah diteruskan."),
    ] {
        let mut staff = Visitor::new(&app);
        staff.login(key).await;
        let said = staff.post_form(&path, &[("body", text)]).await;
        assert_eq!(said.status, StatusCode::SEE_OTHER, "{key}: {}", said.html);
    }
    let expected = [
        "Anonim",
        "Dinas Pekerjaan Umum",
        "Kota Surabaya",
        "Admin nasional",
    ];
    let mut public = Visitor::new(&app);
    let page = public.get(&format!("/laporan/{id}")).await;
    assert_eq!(comment_authors(&page.html), expected, "{}", page.html);
    let mut agency = Visitor::new(&app);
    agency.login("surabaya").await;
    let page = agency.get(&format!("/laporan/{id}")).await;
    assert_eq!(comment_authors(&page.html), expected, "{}", page.html);
    assert!(!page.html.contains("Dewi"), "{}", page.html);
}

pub async fn private_answers_are_not_stored_and_https_brings_secure_cookies_and_hsts(
    mut app: TestApp,
) {
    let mut public = Visitor::new(&app);
    let home = public.get("/").await;
    assert_eq!(home.headers.get(header::CACHE_CONTROL), None);
    assert_eq!(home.headers.get(header::STRICT_TRANSPORT_SECURITY), None);
    let api = public.get("/api/v1/categories").await;
    assert_eq!(api.headers[header::CACHE_CONTROL], "no-store");
    let mut staff = Visitor::new(&app);
    let login = staff.login("surabaya").await;
    assert_eq!(login.headers[header::CACHE_CONTROL], "no-store");
    for path in ["/", "/lapor", "/akun", "/kantor"] {
        let page = staff.get(path).await;
        assert_eq!(page.headers[header::CACHE_CONTROL], "no-store", "{path}");
    }
    let filed = confirmation_cache_control(&app).await;
    assert_eq!(filed, "no-store", "the page that shows an access code");
    let css = staff.get("/static/app.css").await;
    assert!(
        css.headers[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .starts_with("public"),
        "static files stay cacheable"
    );

    let mut config = (*app.state.config).clone();
    config.public_url = "https://lapor.uji.go.id".into();
    app.state.config = Arc::new(config);
    app.router = aduan_server::router(app.state.clone());
    let mut v = Visitor::new(&app);
    let page = v.get("/").await;
    assert_eq!(
        page.headers[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000"
    );
    let login = v.login("citizen").await;
    let cookies: Vec<&str> = login
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|c| c.to_str().unwrap())
        .collect();
    assert!(!cookies.is_empty());
    assert!(
        cookies.iter().all(|c| c.contains("; Secure")),
        "{cookies:?}"
    );
}

/// The Cache-Control of the confirmation page a visitor without a session gets at `/lapor`.
async fn confirmation_cache_control(app: &TestApp) -> String {
    let mut v = Visitor::new(app);
    let page = v.submit_form(anonymous_form()).await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.html);
    page.headers[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .to_owned()
}
