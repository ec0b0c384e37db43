//! Reports filed by staff on behalf of reporters, `/kantor/lapor`, without a browser: the
//! walk-in report with its scanned letter and the access code handed over once, the phone
//! report of an anonymous reporter, validation, and who may file.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

#[path = "../../aduan-portal/tests/support/mod.rs"]
mod support;

use aduan_domain::TrackingId;
use aduan_domain::report::Channel;
use aduan_testkit::{As, TestApp, on_both_backends};
use axum::http::{Method, StatusCode, header};
use support::multipart::{Multipart, photo};
use support::{Page, Visitor};

const NAME: &str = "Budi Santoso";
const EMAIL: &str = "budi.santoso@contoh.id";
const PHONE: &str = "081298765432";
const NIK: &str = "3578012301850003";

async fn staff<'a>(app: &'a TestApp, key: &str) -> Visitor<'a> {
    let mut v = Visitor::new(app);
    let res = v.login(key).await;
    assert!(res.status.is_redirection(), "{key} logs in: {}", res.html);
    v
}

/// The intake form's fields as a counter clerk fills them in for Budi, with `changes` applied
/// (a value of "" leaves the field out).
fn fields<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![
        ("channel", "walk_in"),
        ("kind", "complaint"),
        ("title", "Lampu jalan mati di Jl. Darmo"),
        (
            "body",
            "Sejak dua minggu lampu jalan di depan nomor 40 mati, jalan gelap dan rawan.",
        ),
        ("incident_date", "2026-02-20"),
        ("location_text", "Jl. Raya Darmo 40, Surabaya"),
        ("region", "35.78"),
        ("agency", "kota-surabaya"),
        ("category", "infrastruktur/jalan"),
        ("name", NAME),
        ("email", EMAIL),
        ("phone", PHONE),
        ("nik", NIK),
        ("idem", "loket-1-0001"),
    ];
    for (k, v) in changes {
        all.retain(|(name, _)| name != k);
        if !v.is_empty() {
            all.push((k, v));
        }
    }
    all
}

/// Posts the intake form (multipart, with the CSRF token) with `files`.
async fn file(v: &mut Visitor<'_>, fields: &[(&str, &str)], files: &[(&str, Vec<u8>)]) -> Page {
    let token = v.csrf().await;
    let mut form = Multipart::new().text("csrf", &token);
    for (k, value) in fields {
        form = form.text(k, value);
    }
    for (name, bytes) in files {
        form = form.file("files", name, "image/jpeg", bytes);
    }
    let (ct, body) = form.finish();
    v.request(Method::POST, "/kantor/lapor", Some(&ct), body)
        .await
}

/// The text of the element with `id` (up to its closing tag).
fn text_of(html: &str, id: &str) -> Option<String> {
    let start = html.find(&format!("id=\"{id}\""))?;
    let rest = &html[start..];
    let open = rest.find('>')? + 1;
    let close = rest[open..].find('<')?;
    Some(rest[open..open + close].trim().to_owned())
}

async fn a_walk_in_report_hands_over_a_code_that_opens_it_in_the_portal(app: TestApp) {
    let mut clerk = staff(&app, "surabaya").await;
    let form = clerk.get("/kantor/lapor").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.html);
    assert!(form.html.contains("Datang langsung") && form.html.contains(">Surat<"));
    assert!(
        form.html
            .contains("<option value=\"kota-surabaya\" selected>"),
        "the clerk's own agency is chosen"
    );
    assert!(
        form.html.contains(
            "Nama dan kontak Anda tidak pernah diberikan kepada instansi mana pun; hanya Anda yang bisa melihatnya."
        ),
        "the consent choices carry the submit form's explanations"
    );

    let letter = photo();
    let done = file(&mut clerk, &fields(&[]), &[("surat-pindai.jpg", letter)]).await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.html);
    assert_eq!(done.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
    assert!(done.html.contains("Tanda terima laporan"));
    assert!(
        !done.html.contains("id=\"read-aloud\""),
        "not a phone report"
    );
    let id = text_of(&done.html, "tracking-id").unwrap();
    let code = text_of(&done.html, "access-code").unwrap();
    assert_eq!(code.len(), 19, "{code}");

    let tid = TrackingId::parse(&id).unwrap();
    let report = app.store.get_report(&tid).await.unwrap().unwrap();
    assert_eq!(report.channel, Channel::WalkIn);
    assert!(!report.anonymous);
    let identity = app
        .store
        .get_identity(&report.reporter)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(identity.name.as_deref(), Some(NAME));
    assert_eq!(identity.email.as_deref(), Some(EMAIL));
    assert_eq!(identity.nik.as_deref(), Some(NIK));
    assert_eq!(app.store.list_attachments(&tid).await.unwrap().len(), 1);

    let again = file(&mut clerk, &fields(&[]), &[]).await;
    assert_eq!(
        again.status,
        StatusCode::OK,
        "a double submit files nothing new"
    );
    assert_eq!(text_of(&again.html, "tracking-id").unwrap(), id);
    assert!(
        !again.html.contains("id=\"access-code\"") && !again.html.contains(&code),
        "the code is shown once"
    );
    let screen = clerk.get(&format!("/kantor/laporan/{id}")).await;
    assert!(!screen.html.contains(&code), "nor on the report's page");

    let mut reporter = Visitor::new(&app);
    let opened = reporter
        .post_form("/lacak", &[("id", id.as_str()), ("code", code.as_str())])
        .await;
    assert_eq!(
        opened.location(),
        Some(format!("/laporan/{id}").as_str()),
        "{}",
        opened.html
    );
    let page = reporter.get(&format!("/laporan/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("Lampu jalan mati di Jl. Darmo"));
    assert!(
        page.html.contains("id=\"actions\""),
        "the reporter's own view"
    );
    assert!(page.html.contains("Datang langsung"), "with its channel");
}

async fn an_anonymous_report_with_a_scanned_letter_is_refused_and_files_nothing(app: TestApp) {
    let mut clerk = staff(&app, "surabaya").await;
    let changes = [
        ("channel", "paper"),
        ("anonymous", "on"),
        ("idem", "surat-anonim-1"),
    ];
    let page = file(&mut clerk, &fields(&changes), &[("surat.jpg", photo())]).await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.html
    );
    assert!(page.html.contains("berkas dapat membuka identitas pelapor"));
    let all = app
        .store
        .list_reports(&aduan_store::ListScope::All, &Default::default(), None, 10)
        .await
        .unwrap();
    assert!(all.is_empty(), "nothing was filed");
}

async fn a_phone_report_with_anonymous_consent_shows_anonim_to_the_agency(app: TestApp) {
    let mut clerk = staff(&app, "surabaya").await;
    let changes = [
        ("channel", "phone"),
        ("anonymous", "on"),
        ("email", ""),
        ("idem", "telepon-0001"),
    ];
    let done = file(&mut clerk, &fields(&changes), &[]).await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.html);
    assert!(done.html.contains("id=\"read-aloud\""), "{}", done.html);
    assert!(done.html.contains("bacakan nomor pelacakan dan kode akses"));
    let id = text_of(&done.html, "tracking-id").unwrap();
    for secret in [NAME, PHONE, NIK] {
        assert!(!done.html.contains(secret), "{secret} on the receipt page");
    }

    let tid = TrackingId::parse(&id).unwrap();
    let report = app.store.get_report(&tid).await.unwrap().unwrap();
    assert_eq!(report.channel, Channel::Phone);
    assert!(report.anonymous);

    let screen = clerk.get(&format!("/kantor/laporan/{id}")).await;
    assert_eq!(screen.status, StatusCode::OK, "{}", screen.html);
    let portal = clerk.get(&format!("/laporan/{id}")).await;
    for page in [&screen.html, &portal.html] {
        assert!(page.contains("Anonim"), "{page}");
        for secret in [NAME, PHONE, NIK] {
            assert!(!page.contains(secret), "{secret} shown to the agency");
        }
    }
    let token = app.login("surabaya").await;
    let api = app
        .get(&format!("/api/v1/reports/{id}"), As::Token(&token))
        .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.text);
    assert!(!api.text.contains(NAME) && !api.text.contains(PHONE));
}

async fn a_unit_officer_files_a_paper_report_without_title_or_place(app: TestApp) {
    let mut officer = staff(&app, "dinas-pu").await;
    let changes = [
        ("channel", "paper"),
        ("title", ""),
        ("location_text", ""),
        ("region", ""),
        ("idem", "surat-0001"),
    ];
    let done = file(&mut officer, &fields(&changes), &[]).await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.html);
    let id = text_of(&done.html, "tracking-id").unwrap();
    let report = app
        .store
        .get_report(&TrackingId::parse(&id).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.channel, Channel::Paper);
    assert_eq!(
        report.state.title.as_deref(),
        Some("Sejak dua minggu lampu jalan di depan nomor 40 mati, jalan gelap dan rawan."),
        "the title comes from the first words"
    );
}

async fn a_form_with_mistakes_comes_back_with_what_was_typed(app: TestApp) {
    let mut clerk = staff(&app, "national").await;
    let changes = [("body", ""), ("email", "bukan-surel"), ("channel", "phone")];
    let back = file(&mut clerk, &fields(&changes), &[]).await;
    assert_eq!(
        back.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        back.html
    );
    assert!(back.html.contains("Wajib diisi."));
    assert!(back.html.contains("Alamat surel tidak valid."));
    assert!(
        back.html
            .contains("value=\"Lampu jalan mati di Jl. Darmo\"")
    );
    assert!(back.html.contains(&format!("value=\"{NAME}\"")));
    assert!(back.html.contains("value=\"phone\" checked"));
    let token = app.login("national").await;
    let filed = app.get("/api/v1/reports", As::Token(&token)).await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.text);
    assert!(
        !filed.text.contains("Lampu jalan mati"),
        "nothing was filed"
    );

    let nameless = [("name", ""), ("idem", "tanpa-nama")];
    let back = file(&mut clerk, &fields(&nameless), &[]).await;
    assert_eq!(back.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        back.html.contains("Wajib diisi."),
        "a name is needed unless anonymous"
    );
}

async fn supervisors_may_not_file_reports_for_others(app: TestApp) {
    let mut ombudsman = staff(&app, "ombudsman").await;
    assert_eq!(
        ombudsman.get("/kantor/lapor").await.status,
        StatusCode::FORBIDDEN
    );
    let posted = file(&mut ombudsman, &fields(&[]), &[]).await;
    assert_eq!(posted.status, StatusCode::FORBIDDEN);
    let queue = ombudsman.get("/kantor").await;
    assert!(
        !queue.html.contains("href=\"/kantor/lapor\""),
        "no link either"
    );

    let mut citizen = staff(&app, "citizen").await;
    assert_eq!(
        citizen.get("/kantor/lapor").await.status,
        StatusCode::FORBIDDEN
    );
    let mut nobody = Visitor::new(&app);
    let to_login = nobody.get("/kantor/lapor").await;
    assert!(to_login.status.is_redirection());
}

on_both_backends!(
    a_walk_in_report_hands_over_a_code_that_opens_it_in_the_portal,
    a_phone_report_with_anonymous_consent_shows_anonim_to_the_agency,
    an_anonymous_report_with_a_scanned_letter_is_refused_and_files_nothing,
    a_unit_officer_files_a_paper_report_without_title_or_place,
    a_form_with_mistakes_comes_back_with_what_was_typed,
    supervisors_may_not_file_reports_for_others,
);
