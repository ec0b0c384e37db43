//! The account pages: registering, logging in by e-mail or phone, logging out, resetting a
//! forgotten password through the outbox, notification preferences, downloading one's data and
//! erasing one's identity; every form guarded by its CSRF token.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "account/insiders.rs"]
mod insiders;
#[path = "account/privacy.rs"]
mod privacy;
#[path = "account/sessions.rs"]
mod sessions;
mod support;

use aduan_app::auth::SESSION_COOKIE;
use aduan_store::OutboxMessage;
use aduan_testkit::{As, TestApp, report_body};
use axum::http::StatusCode;
use insiders::*;
use privacy::*;
use serde_json::json;
use sessions::*;
use support::Visitor;

/// The password every account registered here uses.
const PASSWORD: &str = "sandi-rahasia-123";

/// Registers Dewi through the portal with `email` and `phone`, opens the link sent to her
/// address and logs in; returns the visitor, logged in.
async fn register<'a>(app: &'a TestApp, email: &str, phone: &str) -> Visitor<'a> {
    let mut v = Visitor::new(app);
    let page = v
        .post_form(
            "/akun/daftar",
            &[
                ("name", "Dewi Lestari"),
                ("email", email),
                ("phone", phone),
                ("nik", ""),
                ("password", PASSWORD),
                ("password2", PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert!(
        page.html.contains("Kami telah mengirim tautan"),
        "{}",
        page.html
    );
    let login = if email.is_empty() { phone } else { email };
    let to = aduan_domain::contact::PhoneNumber::parse(login)
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|_| login.to_owned());
    let token = app.link_token("account_confirm", &to).await;
    let form = v.get(&format!("/akun/konfirmasi?token={token}")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.html.contains("Aktifkan akun"));
    let done = v
        .post_form(
            "/akun/konfirmasi",
            &[("token", token.as_str()), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(
        done.location(),
        Some("/akun/masuk?akun=baru"),
        "{}",
        done.html
    );
    let ready = v.get("/akun/masuk?akun=baru").await;
    assert!(ready.html.contains("Akun Anda sudah aktif"));
    let logged_in = v
        .post_form("/akun/masuk", &[("login", login), ("password", PASSWORD)])
        .await;
    assert_eq!(logged_in.location(), Some("/akun"), "{}", logged_in.html);
    v
}

/// Submits a report through the API as the visitor's account; returns its tracking id.
async fn submit_as(app: &TestApp, v: &Visitor<'_>, title: &str) -> String {
    let token = v.cookie(SESSION_COOKIE).expect("logged in").to_owned();
    let body = report_body(json!({
        "title": title,
        "reporter": {"name": "Dewi Lestari", "email": "dewi@contoh.id"}
    }));
    let res = app.post("/api/v1/reports", As::Token(&token), body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.body["tracking_id"].as_str().unwrap().to_owned()
}

/// Submits an anonymous report through the API as the visitor's account; returns its
/// tracking id.
async fn submit_as_anonymous(app: &TestApp, v: &Visitor<'_>, title: &str) -> String {
    let token = v.cookie(SESSION_COOKIE).expect("logged in").to_owned();
    let body = report_body(json!({"title": title, "anonymous": true, "reporter": null}));
    let res = app.post("/api/v1/reports", As::Token(&token), body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.body["tracking_id"].as_str().unwrap().to_owned()
}

/// The outbox messages written with `template`.
async fn outbox(app: &TestApp, template: &str) -> Vec<OutboxMessage> {
    let all = app.store.list_outbox(None, 500).await.unwrap();
    all.into_iter().filter(|m| m.template == template).collect()
}
aduan_testkit::on_both_backends!(
    registering_logs_in_and_the_account_page_shows_the_name_and_my_reports,
    a_registration_with_mistakes_shows_each_error_by_its_field_and_keeps_what_was_typed,
    a_citizen_can_log_in_by_phone_number,
    a_wrong_password_shows_one_generic_message_and_no_session_cookie,
    a_form_without_its_csrf_token_is_refused_and_changes_nothing,
    logging_out_ends_the_session,
    login_goes_on_to_a_local_next_page_but_never_to_another_site,
    a_reset_link_goes_through_the_outbox_works_once_and_ends_old_sessions,
    notification_preferences_are_saved_and_shown_again,
    my_data_download_holds_my_reports_and_not_another_persons,
    erasing_my_identity_keeps_the_report_anonymised_and_closes_the_account,
    staff_see_their_role_and_that_the_back_office_is_separate,
    the_account_pages_speak_english_with_the_language_cookie,
    a_report_filed_at_lapor_under_a_staff_session_is_a_citizens_and_names_no_staff,
    comments_show_the_reporter_as_the_policy_does_and_staff_as_their_agency_or_unit,
    private_answers_are_not_stored_and_https_brings_secure_cookies_and_hsts,
);
