//! Resetting a forgotten password through the outbox, notification preferences, downloading
//! one's data, erasing one's identity, and what staff see.

use super::support::Visitor;
use super::{PASSWORD, outbox, register, submit_as};
use aduan_app::auth::SESSION_COOKIE;
use aduan_domain::TrackingId;
use aduan_store::{Language, NotifyChannel, RecipientKind};
use aduan_testkit::TestApp;
use axum::http::{StatusCode, header};
use serde_json::{Value, json};

pub async fn a_reset_link_goes_through_the_outbox_works_once_and_ends_old_sessions(app: TestApp) {
    let mut old = Visitor::new(&app);
    old.login("citizen").await;
    let mut v = Visitor::new(&app);

    let unknown = v
        .post_form("/akun/lupa-sandi", &[("login", "tidak-ada@uji.go.id")])
        .await;
    let known = v
        .post_form("/akun/lupa-sandi", &[("login", "citizen@uji.go.id")])
        .await;
    assert_eq!(
        unknown.location(),
        known.location(),
        "the same answer either way"
    );
    let sent = v.get(known.location().unwrap()).await;
    assert!(
        sent.html
            .contains("Jika ada akun dengan surel atau nomor tersebut")
    );

    let messages = outbox(&app, "password_reset").await;
    assert_eq!(messages.len(), 1, "only the real account gets a message");
    let m = &messages[0];
    assert_eq!(m.recipient_kind, RecipientKind::Address);
    assert_eq!(m.recipient, "citizen@uji.go.id");
    assert_eq!(m.channel, NotifyChannel::Email);
    assert_eq!(m.language, Language::Id);
    let token = app
        .state
        .deployment_key
        .open(
            m.secret.as_ref().expect("the link's token is sealed"),
            &m.dedup_key,
        )
        .unwrap()
        .to_string();
    assert!(
        !m.payload.to_string().contains(&token),
        "the token is only in the secret"
    );

    let form = v.get(&format!("/akun/sandi-baru?token={token}")).await;
    assert_eq!(form.status, StatusCode::OK);
    let new_password = [
        ("token", token.as_str()),
        ("password", "sandi-baru-789"),
        ("password2", "sandi-baru-789"),
    ];
    let done = v.post_form("/akun/sandi-baru", &new_password).await;
    assert_eq!(done.location(), Some("/akun/masuk?sandi=baru"));
    assert!(
        v.get("/akun/masuk?sandi=baru")
            .await
            .html
            .contains("Kata sandi Anda sudah diganti")
    );

    let again = v.post_form("/akun/sandi-baru", &new_password).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.html.contains("Tautan ini tidak berlaku lagi"));

    assert_eq!(
        old.get("/akun").await.status,
        StatusCode::SEE_OTHER,
        "old sessions end"
    );
    assert_eq!(
        v.login("citizen").await.status,
        StatusCode::UNAUTHORIZED,
        "old password"
    );
    let fresh = v
        .post_form(
            "/akun/masuk",
            &[
                ("login", "citizen@uji.go.id"),
                ("password", "sandi-baru-789"),
            ],
        )
        .await;
    assert_eq!(fresh.location(), Some("/akun"));
}

pub async fn notification_preferences_are_saved_and_shown_again(app: TestApp) {
    let mut v = register(&app, "dewi@contoh.id", "081311112222").await;
    let page = v.get("/akun/preferensi").await;
    assert!(page.html.contains("name=\"email\" value=\"1\" checked"));
    assert!(!page.html.contains("name=\"sms\" value=\"1\" checked"));

    let none = v.post_form("/akun/preferensi", &[("language", "id")]).await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.html.contains("Pilih paling sedikit satu cara."));

    let saved = v
        .post_form(
            "/akun/preferensi",
            &[("email", "1"), ("sms", "1"), ("language", "en")],
        )
        .await;
    assert_eq!(saved.location(), Some("/akun/preferensi?tersimpan=1"));
    let page = v.get(saved.location().unwrap()).await;
    assert!(page.html.contains("Preferensi disimpan."));
    assert!(page.html.contains("name=\"email\" value=\"1\" checked"));
    assert!(page.html.contains("name=\"sms\" value=\"1\" checked"));
    assert!(page.html.contains("value=\"en\" lang=\"en\" selected"));
    let dewi = app
        .store
        .find_user_by_login("dewi@contoh.id")
        .await
        .unwrap()
        .unwrap();
    let prefs = app.store.get_preferences(dewi.id).await.unwrap();
    assert!(prefs.email && prefs.sms);
    assert_eq!(prefs.language, Language::En);
}

pub async fn my_data_download_holds_my_reports_and_not_another_persons(app: TestApp) {
    let mut v = register(&app, "dewi@contoh.id", "").await;
    let mine = submit_as(&app, &v, "Trotoar rusak di depan sekolah").await;
    let (theirs, _) = app.submit(json!({"title": "Laporan orang lain"})).await;

    let res = v.get("/akun/data").await;
    assert_eq!(res.status, StatusCode::OK);
    let disposition = res.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("attachment"));
    let data: Value = serde_json::from_str(&res.html).unwrap();
    assert_eq!(data["account"]["name"], "Dewi Lestari");
    assert_eq!(data["reporter_identity"]["email"], "dewi@contoh.id");
    let reports = data["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0]["report"]["tracking_id"], mine.as_str());
    assert!(
        !reports[0]["events"].as_array().unwrap().is_empty(),
        "with its history"
    );
    assert!(!res.html.contains(&theirs), "not another person's report");
    assert!(!res.html.contains("Siti"), "nor their identity");

    let mut stranger = Visitor::new(&app);
    let refused = stranger.get("/akun/data").await;
    assert_eq!(
        refused.status,
        StatusCode::SEE_OTHER,
        "the session is required"
    );
    assert!(!refused.html.contains(&mine));
}

pub async fn erasing_my_identity_keeps_the_report_anonymised_and_closes_the_account(app: TestApp) {
    let mut v = register(&app, "dewi@contoh.id", "").await;
    let id = submit_as(&app, &v, "Trotoar rusak di depan sekolah").await;
    let explained = v.get("/akun/hapus").await;
    assert!(explained.html.contains("Ini tidak dapat dibatalkan."));

    let wrong = v
        .post_form("/akun/hapus", &[("password", "bukan-sandi")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.html.contains("Kata sandi salah."));
    assert!(
        v.get("/akun").await.html.contains("Dewi Lestari"),
        "nothing erased yet"
    );

    let erased = v.post_form("/akun/hapus", &[("password", PASSWORD)]).await;
    assert_eq!(erased.location(), Some("/akun/terhapus"));
    assert!(v.cookie(SESSION_COOKIE).is_none());
    let done = v.get("/akun/terhapus").await;
    assert!(done.html.contains("Identitas Anda sudah dihapus"));

    let report = app
        .store
        .get_report(&TrackingId::parse(&id).unwrap())
        .await
        .unwrap()
        .expect("the report stays");
    let identity = app.store.get_identity(&report.reporter).await.unwrap();
    let identity = identity.unwrap_or_default();
    assert_eq!(identity.name, None);
    assert_eq!(identity.email, None);
    let login = v
        .post_form(
            "/akun/masuk",
            &[("login", "dewi@contoh.id"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(
        login.status,
        StatusCode::UNAUTHORIZED,
        "the login no longer works"
    );
}

pub async fn staff_see_their_role_and_that_the_back_office_is_separate(app: TestApp) {
    let mut v = Visitor::new(&app);
    v.login("dinas-pu").await;
    let page = v.get("/akun").await;
    assert!(page.html.contains("Akun dinas-pu"));
    assert!(page.html.contains("Admin unit kerja"));
    assert!(page.html.contains("back office"));
    assert!(!page.html.contains("Laporan saya"));
    assert_eq!(v.get("/akun/hapus").await.status, StatusCode::FORBIDDEN);
}
