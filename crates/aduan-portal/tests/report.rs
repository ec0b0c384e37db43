//! The citizen's path through the portal without a browser: submit with a photo, follow with
//! the access code, reply, confirm and rate; the status card; recovery; votes and comments.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

#[path = "report/limits.rs"]
mod limits;
#[path = "report/rights.rs"]
mod rights;
mod support;

use aduan_testkit::{As, TestApp, on_both_backends};
use axum::http::StatusCode;
use limits::*;
use rights::*;
use serde_json::json;
use support::Visitor;
use support::multipart::{Multipart, photo};

fn report_form() -> Multipart {
    Multipart::new()
        .text("idem", "k-1")
        .text("kind", "complaint")
        .text("title", "Lampu jalan mati di Jl. Darmo")
        .text(
            "body",
            "Sudah dua minggu lampu jalan mati, rawan kejahatan malam hari.",
        )
        .text("incident_date", "2026-02-28")
        .text("location_text", "Jl. Raya Darmo, Surabaya")
        .text("agency", "kota-surabaya")
        .text("category", "infrastruktur")
        .text("name", "Budi Santoso")
        .text("email", "budi.santoso@contoh.id")
}

/// The text between `<p class="secret" id="{id}">` and `</p>`.
fn secret(html: &str, id: &str) -> String {
    let start = html.find(&format!("id=\"{id}\">")).unwrap() + id.len() + 6;
    html[start..].split('<').next().unwrap().trim().to_owned()
}

async fn submit_one(app: &TestApp, v: &mut Visitor<'_>, form: Multipart) -> (String, String) {
    let page = v.submit_form(form).await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.html);
    let id = secret(&page.html, "tracking-id");
    let code = secret(&page.html, "access-code");
    assert!(
        app.store
            .get_report(&id.parse().unwrap())
            .await
            .unwrap()
            .is_some()
    );
    (id, code)
}

async fn a_citizen_without_an_account_submits_with_a_photo_follows_replies_confirms_and_rates(
    app: TestApp,
) {
    let mut v = Visitor::new(&app);
    let form = report_form().file("files", "jalan.jpg", "image/jpeg", &photo());
    let (id, _code) = submit_one(&app, &mut v, form).await;
    let files = app
        .store
        .list_attachments(&id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(files.len(), 1, "the photo is stored with the report");

    // The confirmation remembered the code for this report: the private view opens.
    let page = v.get(&format!("/laporan/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("Lampu jalan mati"), "{}", page.html);
    assert!(page.html.contains("name=\"action\" value=\"withdraw\""));
    assert!(
        page.html
            .contains("Admin harus memverifikasi laporan ini paling lambat")
    );

    let national = app.login("national").await;
    let surabaya = app.login("surabaya").await;
    app.act_ok(&id, As::Token(&national), json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    app.act_ok(&id, As::Token(&surabaya), json!({"action": "follow_up", "body": "Petugas akan memeriksa lokasi. Di tiang nomor berapa?"})).await;

    let page = v.get(&format!("/laporan/{id}")).await;
    assert!(page.html.contains("Di tiang nomor berapa?"));
    assert!(
        page.html.contains("Kota Surabaya"),
        "dispatched to the agency by name"
    );
    let page = v
        .post_form(
            &format!("/laporan/{id}/aksi"),
            &[
                ("action", "reply"),
                ("body", "Tiang nomor 14, depan sekolah."),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.html);
    let page = v.get(page.location().unwrap()).await;
    assert!(page.html.contains("Balasan Anda sudah terkirim."));
    assert!(page.html.contains("Tiang nomor 14, depan sekolah."));

    app.act_ok(
        &id,
        As::Token(&surabaya),
        json!({"action": "complete", "body": "Lampu sudah diganti."}),
    )
    .await;
    let page = v
        .post_form(
            &format!("/laporan/{id}/aksi"),
            &[("action", "confirm"), ("rating", "5"), ("resolved", "yes")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.html);
    let report = app
        .store
        .get_report(&id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.state.status.as_str(), "completed");
    assert_eq!(
        report.state.completion_kind.unwrap().as_str(),
        "reporter_confirmed"
    );
    let events = app.store.list_events(&id.parse().unwrap()).await.unwrap();
    assert!(events.iter().any(|e| e.action.as_str() == "confirm"));
}

async fn a_form_with_a_missing_body_comes_back_with_the_typed_values_and_files_nothing(
    app: TestApp,
) {
    let mut v = Visitor::new(&app);
    let form = Multipart::new()
        .text("kind", "complaint")
        .text("title", "Judul yang saya ketik")
        .text("body", "")
        .text("location_text", "Surabaya");
    let page = v.submit_form(form).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.html.contains("Judul yang saya ketik"));
    assert!(page.html.contains("Wajib diisi."));
    let all = app
        .store
        .list_reports(&aduan_store::ListScope::All, &Default::default(), None, 10)
        .await
        .unwrap();
    assert!(all.is_empty());
}

async fn a_file_of_a_refused_type_files_no_report(app: TestApp) {
    let mut v = Visitor::new(&app);
    let form = report_form().file(
        "files",
        "virus.exe",
        "application/octet-stream",
        b"MZ\x90\x00not an image",
    );
    let page = v.submit_form(form).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.html.contains("Jenis berkas tidak didukung"));
    let all = app
        .store
        .list_reports(&aduan_store::ListScope::All, &Default::default(), None, 10)
        .await
        .unwrap();
    assert!(all.is_empty());
}

async fn a_submission_without_the_csrf_token_is_refused(app: TestApp) {
    let mut v = Visitor::new(&app);
    v.get("/").await;
    let (ct, body) = report_form().finish();
    let page = v
        .request(axum::http::Method::POST, "/lapor", Some(&ct), body)
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.html.contains("Formulir kedaluwarsa"));
}

async fn sending_the_same_form_twice_files_one_report(app: TestApp) {
    let mut v = Visitor::new(&app);
    let (id, _) = submit_one(&app, &mut v, report_form()).await;
    let again = v.submit_form(report_form()).await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.html.contains(&id));
    assert!(again.html.contains("tidak ada laporan ganda"));
    assert!(!again.html.contains("id=\"access-code\""));
}

async fn a_stranger_with_the_tracking_id_sees_only_the_status_card(app: TestApp) {
    let mut owner = Visitor::new(&app);
    let (id, code) = submit_one(&app, &mut owner, report_form()).await;
    let mut stranger = Visitor::new(&app);
    let page = stranger.get(&format!("/laporan/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("Menunggu verifikasi"));
    assert!(page.html.contains("paling lambat"));
    assert!(
        !page.html.contains("Lampu jalan mati"),
        "the body is private before dispatch"
    );
    assert!(!page.html.contains("Budi"));

    let wrong = stranger
        .post_form("/lacak", &[("id", &id), ("code", "AAAA-BBBB-CCCC-DDDD")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.html.contains("kode akses salah"));
    let right = stranger
        .post_form("/lacak", &[("id", &id), ("code", &code.to_lowercase())])
        .await;
    assert_eq!(right.status, StatusCode::SEE_OTHER);
    let page = stranger.get(&format!("/laporan/{id}")).await;
    assert!(page.html.contains("Lampu jalan mati"));
    assert!(!page.html.contains(&code), "the code is never printed back");
}

async fn the_reporter_withdraws_while_awaiting_verification(app: TestApp) {
    let mut v = Visitor::new(&app);
    let (id, _) = submit_one(&app, &mut v, report_form()).await;
    let page = v
        .post_form(&format!("/laporan/{id}/aksi"), &[("action", "withdraw")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let report = app
        .store
        .get_report(&id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.state.status.as_str(), "archived");
}

async fn a_sensitive_topic_makes_the_report_confidential_and_the_page_says_why(app: TestApp) {
    let mut v = Visitor::new(&app);
    let form = report_form().text("category", "kekerasan-seksual");
    let page = v.submit_form(form).await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.html);
    assert!(page.html.contains("Topik laporan ini sensitif"));
    let id = secret(&page.html, "tracking-id");
    let report = app
        .store
        .get_report(&id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(report.state.confidential);
}

async fn an_anonymous_reporter_appears_as_anonim_on_the_public_page(app: TestApp) {
    let mut v = Visitor::new(&app);
    let form = report_form().text("anonymous", "on");
    let (id, _) = submit_one(&app, &mut v, form).await;
    let national = app.login("national").await;
    app.act_ok(&id, As::Token(&national), json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    let mut public = Visitor::new(&app);
    let page = public.get(&format!("/laporan/{id}")).await;
    assert!(page.html.contains("Anonim"));
    assert!(!page.html.contains("Budi"));
    assert!(!page.html.contains("budi.santoso"));
    let mut agency = Visitor::new(&app);
    agency.login("surabaya").await;
    let page = agency.get(&format!("/laporan/{id}")).await;
    assert!(page.html.contains("Anonim"));
    assert!(!page.html.contains("Budi") && !page.html.contains("budi.santoso"));
}

async fn one_person_supports_a_report_once_and_staff_can_hide_a_comment(app: TestApp) {
    let mut v = Visitor::new(&app);
    let (id, _) = submit_one(&app, &mut v, report_form()).await;
    let national = app.login("national").await;
    app.act_ok(&id, As::Token(&national), json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    let mut citizen = Visitor::new(&app);
    citizen.login("citizen").await;
    for _ in 0..2 {
        let page = citizen
            .post_form(&format!("/laporan/{id}/dukung"), &[])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.html);
    }
    let page = citizen.get(&format!("/laporan/{id}")).await;
    assert!(
        page.html.contains("1 orang mendukung laporan ini"),
        "{}",
        page.html
    );
    citizen
        .post_form(
            &format!("/laporan/{id}/komentar"),
            &[("body", "Saya juga mengalami ini setiap malam.")],
        )
        .await;
    let mut public = Visitor::new(&app);
    assert!(
        public
            .get(&format!("/laporan/{id}"))
            .await
            .html
            .contains("setiap malam")
    );
    let comment = app
        .store
        .list_comments(&id.parse().unwrap(), true)
        .await
        .unwrap()[0]
        .id;
    let mut staff = Visitor::new(&app);
    staff.login("surabaya").await;
    let page = staff
        .post_form(
            &format!("/laporan/{id}/komentar/moderasi"),
            &[
                ("comment", &comment.to_string()),
                ("hide", "yes"),
                ("reason", "spam"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.html);
    assert!(
        !public
            .get(&format!("/laporan/{id}"))
            .await
            .html
            .contains("setiap malam")
    );
    // A citizen cannot moderate.
    let page = citizen
        .post_form(
            &format!("/laporan/{id}/komentar/moderasi"),
            &[("comment", &comment.to_string()), ("hide", "no")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

async fn pages_carry_a_strict_content_security_policy_and_english_on_request(app: TestApp) {
    let mut v = Visitor::new(&app);
    v.accept_language = Some("en-GB,en;q=0.9".into());
    let page = v.get("/lapor").await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert!(page.html.contains("<html lang=\"en\">"));
    assert!(page.html.contains("Make a report"));
    let cookie = page
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
}

on_both_backends!(
    a_citizen_without_an_account_submits_with_a_photo_follows_replies_confirms_and_rates,
    a_form_with_a_missing_body_comes_back_with_the_typed_values_and_files_nothing,
    a_file_of_a_refused_type_files_no_report,
    a_submission_without_the_csrf_token_is_refused,
    sending_the_same_form_twice_files_one_report,
    a_stranger_with_the_tracking_id_sees_only_the_status_card,
    the_reporter_withdraws_while_awaiting_verification,
    a_sensitive_topic_makes_the_report_confidential_and_the_page_says_why,
    an_anonymous_reporter_appears_as_anonim_on_the_public_page,
    recovery_keeps_the_old_code_until_the_new_one_is_used_and_answers_strangers_alike,
    a_code_is_sent_only_to_the_reports_own_contact_and_once_an_hour,
    guessing_access_codes_is_stopped_per_report,
    thirty_wrong_passwords_stop_the_right_one_until_the_delay_has_passed,
    one_person_supports_a_report_once_and_staff_can_hide_a_comment,
    pages_carry_a_strict_content_security_policy_and_english_on_request,
    a_reporter_downloads_their_data_and_erases_their_identity_from_the_report_page,
);
