//! Registering, logging in by e-mail or phone, logging out, the CSRF guard, and the pages in
//! English.

use super::support::Visitor;
use super::{PASSWORD, register, submit_as};
use aduan_app::auth::SESSION_COOKIE;
use aduan_testkit::{As, TestApp};
use axum::http::{StatusCode, header};
use serde_json::json;

pub async fn registering_logs_in_and_the_account_page_shows_the_name_and_my_reports(app: TestApp) {
    let mut v = register(&app, "dewi@contoh.id", "").await;
    assert!(v.cookie(SESSION_COOKIE).is_some(), "registering logs in");
    let id = submit_as(&app, &v, "Trotoar rusak di depan sekolah").await;
    app.submit(json!({"title": "Laporan orang lain"})).await;

    let page = v.get("/akun").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("Dewi Lestari"));
    assert!(page.html.contains("dewi@contoh.id"));
    assert!(page.html.contains("Laporan saya"));
    assert!(page.html.contains(&format!("href=\"/laporan/{id}\"")));
    assert!(page.html.contains("Trotoar rusak di depan sekolah"));
    assert!(
        page.html.contains("Menunggu verifikasi"),
        "the status label"
    );
    assert!(!page.html.contains("Laporan orang lain"));
    assert!(page.html.contains("href=\"/akun/preferensi\""));
    assert!(page.html.contains("href=\"/akun/data\""));
    assert!(page.html.contains("href=\"/akun/hapus\""));
}

pub async fn a_registration_with_mistakes_shows_each_error_by_its_field_and_keeps_what_was_typed(
    app: TestApp,
) {
    let mut v = Visitor::new(&app);
    let page = v
        .post_form(
            "/akun/daftar",
            &[
                ("name", "Dewi Lestari"),
                ("email", "bukan-surel"),
                ("phone", ""),
                ("nik", "123"),
                ("password", PASSWORD),
                ("password2", "sandi-lain-456"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.html.contains("Alamat surel ini tidak valid."));
    assert!(page.html.contains("NIK harus 16 angka."));
    assert!(page.html.contains("Kedua kata sandi tidak sama."));
    assert!(
        page.html.contains("value=\"Dewi Lestari\""),
        "the name is kept"
    );
    assert!(
        page.html.contains("value=\"bukan-surel\""),
        "the e-mail is kept"
    );
    assert!(
        !page.html.contains(PASSWORD),
        "passwords are never sent back"
    );
    assert!(v.cookie(SESSION_COOKIE).is_none());
    assert!(
        app.store
            .find_user_by_login("bukan-surel")
            .await
            .unwrap()
            .is_none()
    );

    let taken = v
        .post_form(
            "/akun/daftar",
            &[
                ("name", "Penyamar"),
                ("email", "citizen@uji.go.id"),
                ("password", PASSWORD),
                ("password2", PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        taken.status,
        StatusCode::OK,
        "the same answer as for a new address"
    );
    assert!(
        taken
            .html
            .contains("Kami telah mengirim tautan ke surel Anda")
    );
    assert!(!taken.html.contains("sudah terdaftar"));

    // A link used twice, or made up, creates nothing and says so.
    let made_up = v
        .post_form(
            "/akun/konfirmasi",
            &[("token", "bukan-tautan"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(made_up.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(made_up.html.contains("tidak dikenal, sudah dipakai"));
}

pub async fn a_citizen_can_log_in_by_phone_number(app: TestApp) {
    let mut first = register(&app, "", "081311112222").await;
    first.post_form("/akun/keluar", &[]).await;

    let mut v = Visitor::new(&app);
    let page = v
        .post_form(
            "/akun/masuk",
            &[("login", "0813 1111 2222"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.html);
    assert_eq!(page.location(), Some("/akun"));
    let cookie = page
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .find(|c| c.starts_with(SESSION_COOKIE))
        .expect("a session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    assert!(v.get("/akun").await.html.contains("Dewi Lestari"));
}

pub async fn a_wrong_password_shows_one_generic_message_and_no_session_cookie(app: TestApp) {
    let mut v = Visitor::new(&app);
    let wrong = v
        .post_form(
            "/akun/masuk",
            &[("login", "citizen@uji.go.id"), ("password", "salah-sekali")],
        )
        .await;
    let unknown = v
        .post_form(
            "/akun/masuk",
            &[
                ("login", "tidak-ada@uji.go.id"),
                ("password", "salah-sekali"),
            ],
        )
        .await;
    for page in [&wrong, &unknown] {
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
        assert!(
            page.html
                .contains("Surel, nomor ponsel, atau kata sandi salah.")
        );
        assert!(
            !page.html.contains("salah-sekali"),
            "the password is not echoed"
        );
    }
    let message = |html: &str| {
        html.split("id=\"login-error\">")
            .nth(1)
            .map(|s| s.split('<').next().unwrap().to_owned())
    };
    assert_eq!(
        message(&wrong.html),
        message(&unknown.html),
        "no hint which part"
    );
    assert!(v.cookie(SESSION_COOKIE).is_none());
    assert_eq!(v.get("/akun").await.status, StatusCode::SEE_OTHER);
}

pub async fn a_form_without_its_csrf_token_is_refused_and_changes_nothing(app: TestApp) {
    let mut v = Visitor::new(&app);
    v.csrf().await;
    let page = v
        .post_raw_form(
            "/akun/daftar",
            &[
                ("name", "Dewi Lestari"),
                ("email", "dewi@contoh.id"),
                ("password", PASSWORD),
                ("password2", PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(
        app.store
            .find_user_by_login("dewi@contoh.id")
            .await
            .unwrap()
            .is_none()
    );

    v.login("citizen").await;
    let forged = v
        .post_raw_form(
            "/akun/preferensi",
            &[("csrf", "0".repeat(48).as_str()), ("sms", "1")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let citizen = app
        .store
        .find_user_by_login("citizen@uji.go.id")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        app.store.get_preferences(citizen.id).await.unwrap(),
        aduan_store::Preferences::default()
    );
    let logout = v.post_raw_form("/akun/keluar", &[]).await;
    assert_eq!(logout.status, StatusCode::FORBIDDEN);
    assert_eq!(
        v.get("/akun").await.status,
        StatusCode::OK,
        "still logged in"
    );
}

pub async fn logging_out_ends_the_session(app: TestApp) {
    let mut v = Visitor::new(&app);
    let page = v.login("citizen").await;
    assert_eq!(page.location(), Some("/akun"));
    let token = v.cookie(SESSION_COOKIE).unwrap().to_owned();
    assert_eq!(
        app.get("/api/v1/me", As::Token(&token)).await.status,
        StatusCode::OK
    );

    let out = v.post_form("/akun/keluar", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(v.cookie(SESSION_COOKIE).is_none(), "the cookie is removed");
    assert_eq!(
        app.get("/api/v1/me", As::Token(&token)).await.status,
        StatusCode::UNAUTHORIZED,
        "the session itself is revoked"
    );
    let home = v.get("/akun").await;
    assert_eq!(home.status, StatusCode::SEE_OTHER);
    assert!(home.location().unwrap().starts_with("/akun/masuk"));
}

pub async fn login_goes_on_to_a_local_next_page_but_never_to_another_site(app: TestApp) {
    let mut v = Visitor::new(&app);
    let asked = v.get("/akun/preferensi").await;
    assert_eq!(
        asked.location(),
        Some("/akun/masuk?next=%2Fakun%2Fpreferensi")
    );
    let form = v.get(asked.location().unwrap()).await;
    assert!(
        form.html
            .contains("name=\"next\" value=\"/akun/preferensi\"")
    );
    let fields = |next: &'static str| {
        [
            ("login", "citizen@uji.go.id"),
            ("password", "rahasia-citizen"),
            ("next", next),
        ]
    };
    let local = v
        .post_form("/akun/masuk", &fields("/akun/preferensi"))
        .await;
    assert_eq!(local.location(), Some("/akun/preferensi"));
    let mut w = Visitor::new(&app);
    let away = w
        .post_form("/akun/masuk", &fields("//jahat.example/"))
        .await;
    assert_eq!(away.location(), Some("/akun"));
}

pub async fn the_account_pages_speak_english_with_the_language_cookie(app: TestApp) {
    let mut v = Visitor::new(&app);
    v.post_form("/bahasa", &[("lang", "en"), ("next", "/akun/masuk")])
        .await;
    assert_eq!(v.cookie(aduan_pagekit::LANG_COOKIE), Some("en"));
    let login = v.get("/akun/masuk").await;
    assert!(login.html.contains("<html lang=\"en\">"));
    assert!(login.html.contains("Forgot your password?"));
    assert!(login.html.contains("E-mail or mobile number"));
    let failed = v
        .post_form(
            "/akun/masuk",
            &[("login", "x@uji.go.id"), ("password", "salah")],
        )
        .await;
    assert!(
        failed
            .html
            .contains("Wrong e-mail, mobile number or password.")
    );
    let mistakes = v
        .post_form(
            "/akun/daftar",
            &[
                ("name", ""),
                ("password", "pendek"),
                ("password2", "pendek"),
            ],
        )
        .await;
    assert!(mistakes.html.contains("Write your name"));
    assert!(
        mistakes
            .html
            .contains("Give an e-mail address or a mobile number.")
    );
    assert!(mistakes.html.contains("at least 8 characters"));
    assert!(
        v.get("/akun/lupa-sandi")
            .await
            .html
            .contains("Reset your password")
    );
    v.login("citizen").await;
    let home = v.get("/akun").await;
    assert!(home.html.contains("My reports"));
    assert!(home.html.contains("Download my data"));
    assert!(
        v.get("/akun/hapus")
            .await
            .html
            .contains("This cannot be undone.")
    );
    assert!(
        v.get("/akun/preferensi")
            .await
            .html
            .contains("Notification preferences")
    );
}
