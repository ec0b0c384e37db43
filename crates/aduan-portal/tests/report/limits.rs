//! Access recovery that cannot lock a reporter out or tell who reported, sending a code only
//! to the report's own contact, and the limits on guessing codes and on logging in, as a
//! visitor of the pages meets them.

use super::{report_form, submit_one};
use crate::support::Visitor;
use aduan_testkit::TestApp;
use axum::http::StatusCode;

/// The access code sent to `to` by recovery, opened with the deployment key.
async fn recovery_code(app: &TestApp, to: &str) -> Option<String> {
    let outbox = app.store.list_outbox(None, 100).await.unwrap();
    let m = outbox
        .iter()
        .rev()
        .find(|m| m.template == "access_recovery" && m.recipient == to)?;
    let sealed = m.secret.as_ref()?;
    let code = app.state.deployment_key.open(sealed, &m.dedup_key).unwrap();
    Some(code.to_string())
}

pub async fn recovery_keeps_the_old_code_until_the_new_one_is_used_and_answers_strangers_alike(
    app: TestApp,
) {
    let mut v = Visitor::new(&app);
    let (id, old) = submit_one(&app, &mut v, report_form()).await;
    let mut asker = Visitor::new(&app);
    let known = asker
        .post_form("/pulihkan", &[("contact", "Budi.Santoso@contoh.id")])
        .await;
    let unknown = asker
        .post_form("/pulihkan", &[("contact", "tidak.ada@contoh.id")])
        .await;
    assert_eq!(known.status, StatusCode::OK);
    assert!(known.html.contains("kode akses baru sudah dikirim"));
    assert_eq!(
        (unknown.status, &unknown.html),
        (known.status, &known.html),
        "a contact that never reported gets the very same answer"
    );
    let mut reporter = Visitor::new(&app);
    let page = reporter
        .post_form("/lacak", &[("id", &id), ("code", &old)])
        .await;
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "a request alone changes nothing"
    );

    app.run_scheduler().await;
    let new = recovery_code(&app, "budi.santoso@contoh.id").await.unwrap();
    assert!(recovery_code(&app, "tidak.ada@contoh.id").await.is_none());
    let page = reporter
        .post_form("/lacak", &[("id", &id), ("code", &old)])
        .await;
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "the old code works until the new one is used"
    );
    let page = reporter
        .post_form("/lacak", &[("id", &id), ("code", &new)])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "the new code works");
    let page = Visitor::new(&app)
        .post_form("/lacak", &[("id", &id), ("code", &old)])
        .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "and then the old one stops"
    );
}

pub async fn a_code_is_sent_only_to_the_reports_own_contact_and_once_an_hour(app: TestApp) {
    let mut v = Visitor::new(&app);
    let (id, code) = submit_one(&app, &mut v, report_form()).await;
    let stranger = v
        .post_form(
            "/lapor/kirim-kode",
            &[
                ("tracking_id", &id),
                ("access_code", &code),
                ("to", "orang.lain@contoh.id"),
            ],
        )
        .await;
    assert_eq!(stranger.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        stranger
            .html
            .contains("yang Anda berikan bersama laporan ini"),
        "{}",
        stranger.html
    );
    let outbox = app.store.list_outbox(None, 100).await.unwrap();
    assert!(!outbox.iter().any(|m| m.recipient == "orang.lain@contoh.id"));
    let own = v
        .post_form(
            "/lapor/kirim-kode",
            &[
                ("tracking_id", &id),
                ("access_code", &code),
                ("to", "budi.santoso@contoh.id"),
            ],
        )
        .await;
    assert_eq!(own.status, StatusCode::SEE_OTHER, "{}", own.html);
    let again = v
        .post_form(
            "/lapor/kirim-kode",
            &[
                ("tracking_id", &id),
                ("access_code", &code),
                ("to", "budi.santoso@contoh.id"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(again.headers["retry-after"], "3600");
    assert!(
        again.html.contains("Terlalu banyak percobaan"),
        "{}",
        again.html
    );
}

pub async fn guessing_access_codes_is_stopped_per_report(app: TestApp) {
    let mut v = Visitor::new(&app);
    let (id, code) = submit_one(&app, &mut v, report_form()).await;
    let mut guesser = Visitor::new(&app);
    for i in 0..10 {
        let wrong = format!("AAAA-BBBB-CCCC-{i:04}");
        let page = guesser
            .post_form("/lacak", &[("id", &id), ("code", &wrong)])
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let page = guesser
        .post_form("/lacak", &[("id", &id), ("code", &code)])
        .await;
    assert_eq!(
        page.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right code waits at the address that guessed"
    );
    assert!(page.headers.contains_key("retry-after"));
    app.clock.advance(chrono::Duration::minutes(15));
    let page = guesser
        .post_form("/lacak", &[("id", &id), ("code", &code)])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
}

pub async fn thirty_wrong_passwords_stop_the_right_one_until_the_delay_has_passed(app: TestApp) {
    let mut v = Visitor::new(&app);
    let mut refused = 0;
    for _ in 0..30 {
        let page = v
            .post_form(
                "/akun/masuk",
                &[("login", "citizen@uji.go.id"), ("password", "salah-sekali")],
            )
            .await;
        if page.status == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
        } else {
            assert_eq!(page.status, StatusCode::UNAUTHORIZED);
        }
    }
    assert_eq!(refused, 25, "five attempts, then a delay");
    let page = v
        .post_form(
            "/akun/masuk",
            &[
                ("login", "citizen@uji.go.id"),
                ("password", "rahasia-citizen"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.html.contains("Terlalu banyak percobaan"));
    app.clock.advance(chrono::Duration::seconds(2));
    let page = v
        .post_form(
            "/akun/masuk",
            &[
                ("login", "citizen@uji.go.id"),
                ("password", "rahasia-citizen"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.html);
}
