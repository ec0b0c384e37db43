//! Each step of a report reaches the reporter by e-mail in their language, with the dedup key
//! as Message-ID and a signed reply address; staff hear of a reply in their own language, with
//! no reply address and nothing of an anonymous reporter's.

use super::{BASE_URL, REPLY_DOMAIN, Rig};
use aduan_mail::token::{parse_reply_address, reply_secret};
use aduan_testkit::{As, TestApp, report_body};
use http::StatusCode;
use serde_json::json;

const EMAIL: &str = "siti.rahmawati@contoh.id";

#[tokio::test]
#[ignore = "needs python3-aiosmtpd (Debian); run with --include-ignored"]
async fn each_step_reaches_the_reporter_in_their_language_and_staff_without_the_reporters_address()
{
    if !super::sink::available("each_step_reaches_the_reporter") {
        return;
    }
    let rig = Rig::running(TestApp::sqlite().await).await;
    let app = &rig.app;
    // An anonymous reporter without an account, reading English, e-mail only.
    let body = report_body(json!({
        "anonymous": true,
        "reporter": {"name": "Siti Rahmawati", "email": EMAIL, "phone": "081234567890", "notify": "email", "language": "en"},
    }));
    let res = app.post("/api/v1/reports", As::Anon, body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let id = res.body["tracking_id"].as_str().unwrap().to_owned();
    let code = res.body["access_code"].as_str().unwrap().to_owned();
    let surabaya = app.login("surabaya").await;
    let s = As::Token(&surabaya);
    app.act_ok(&id, s, json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    app.act_ok(
        &id,
        s,
        json!({"action": "follow_up", "body": "Dijadwalkan minggu ini."}),
    )
    .await;
    app.act_ok(
        &id,
        As::Code(&code),
        json!({"action": "reply", "body": "Terima kasih, saya tunggu."}),
    )
    .await;
    app.act_ok(
        &id,
        s,
        json!({"action": "complete", "body": "Lubang sudah ditambal."}),
    )
    .await;
    rig.deliver().await;

    let mails = rig.mails();
    let to_reporter: Vec<_> = mails.iter().filter(|m| m.to == EMAIL).collect();
    let subjects: Vec<&str> = to_reporter.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(
        subjects,
        [
            format!("Report {id} has been received"),
            format!("Report {id} forwarded to an agency"),
            format!("New follow-up on report {id}"),
            format!("Report {id} completed"),
        ]
    );
    let secret = reply_secret(&app.state.deployment_key);
    for m in &to_reporter {
        assert_eq!(m.rcpt_to, [EMAIL]);
        assert_eq!(m.language.as_deref(), Some("en"));
        assert_eq!(m.auto_submitted.as_deref(), Some("auto-generated"));
        assert!(
            m.message_id.starts_with(&format!("{id}:")) && m.message_id.ends_with(REPLY_DOMAIN),
            "{}",
            m.message_id
        );
        let reply_to = m.reply_to.as_deref().expect("a reply address");
        assert_eq!(
            parse_reply_address(&secret, reply_to).map(|t| t.to_string()),
            Some(id.clone()),
            "{reply_to}"
        );
        assert!(
            m.text.contains(&format!("{BASE_URL}/laporan/{id}")),
            "{}",
            m.text
        );
        assert!(
            m.html
                .contains(&format!("href=\"{BASE_URL}/laporan/{id}\""))
        );
        assert!(!m.html.contains("<img") && !m.html.contains("<script"));
    }
    let receipt = to_reporter[0];
    assert_eq!(receipt.message_id, format!("{id}:received@{REPLY_DOMAIN}"));
    assert!(
        receipt.text.contains(&code),
        "the receipt carries the access code"
    );
    assert!(receipt.html.contains(&code));
    assert!(
        to_reporter[1].text.contains("Pemerintah Kota Surabaya")
            || to_reporter[1].text.contains("Surabaya")
    );

    let to_staff: Vec<_> = mails.iter().filter(|m| m.to != EMAIL).collect();
    let mut subjects: Vec<&str> = to_staff.iter().map(|m| m.subject.as_str()).collect();
    subjects.sort_unstable();
    subjects.dedup();
    assert_eq!(
        subjects,
        [
            format!("Balasan pelapor pada laporan {id}"),
            format!("Laporan {id} kini ditangani Kota Surabaya"),
        ],
        "the holder hears of the dispatch and of the reply"
    );
    for m in &to_staff {
        assert_eq!(m.language.as_deref(), Some("id"));
        assert!(m.to.ends_with("@uji.go.id"), "{}", m.to);
        assert_eq!(
            m.reply_to, None,
            "staff do not answer into the report by e-mail"
        );
        assert!(m.text.contains(&format!("{BASE_URL}/kantor/laporan/{id}")));
        let all = m.everything();
        for secret_of_the_reporter in [
            EMAIL,
            "siti.rahmawati",
            "Siti",
            "Rahmawati",
            "0812",
            "3578014507900001",
            &code,
        ] {
            assert!(
                !all.contains(secret_of_the_reporter),
                "a staff mail shows {secret_of_the_reporter:?}:\n{all}"
            );
        }
    }
}

#[tokio::test]
#[ignore = "needs python3-aiosmtpd (Debian); run with --include-ignored"]
async fn access_recovery_and_password_reset_mails_carry_the_new_code_and_a_working_link() {
    if !super::sink::available("access_recovery_and_password_reset") {
        return;
    }
    let rig = Rig::running(TestApp::sqlite().await).await;
    let app = &rig.app;
    let (id, _old_code) = app.submit(json!({})).await;
    let mut visitor = super::support::Visitor::new(app);
    let page = visitor.post_form("/pulihkan", &[("contact", EMAIL)]).await;
    assert_eq!(page.status, StatusCode::OK);
    let mut citizen = super::support::Visitor::new(app);
    citizen.accept_language = Some("en".into());
    let page = citizen
        .post_form("/akun/lupa-sandi", &[("login", "citizen@uji.go.id")])
        .await;
    assert!(page.status.is_redirection(), "{}", page.status);
    // Recovery looks the contact up in a job, so every request answers alike.
    app.run_scheduler().await;
    rig.deliver().await;

    let mails = rig.mails();
    let recovery = mails
        .iter()
        .find(|m| m.subject == format!("Kode akses baru untuk laporan {id}"))
        .expect("the recovery mail");
    assert_eq!(recovery.to, EMAIL);
    let code = recovery
        .text
        .lines()
        .find_map(|l| l.strip_prefix("Kode akses Anda: "))
        .expect("the new code")
        .trim()
        .to_owned();
    let status = app
        .get(&format!("/api/v1/reports/{id}"), As::Code(&code))
        .await;
    assert_eq!(
        status.status,
        StatusCode::OK,
        "the new code opens the report"
    );

    let reset = mails
        .iter()
        .find(|m| m.subject == "Reset your Aduan password")
        .expect("the reset mail");
    assert_eq!(reset.to, "citizen@uji.go.id");
    assert_eq!(reset.reply_to, None);
    let link = reset
        .text
        .lines()
        .find(|l| l.starts_with(&format!("{BASE_URL}/akun/sandi-baru?token=")))
        .expect("the reset link")
        .to_owned();
    let token = link.split("?token=").nth(1).unwrap().to_owned();
    let page = citizen
        .post_form(
            "/akun/sandi-baru",
            &[
                ("token", &token),
                ("password", "sandi-baru-yang-panjang"),
                ("password2", "sandi-baru-yang-panjang"),
            ],
        )
        .await;
    assert!(
        page.status.is_redirection() || page.status == StatusCode::OK,
        "{}",
        page.status
    );
    let login = app
        .post(
            "/api/v1/auth/login",
            As::Anon,
            json!({"login": "citizen@uji.go.id", "password": "sandi-baru-yang-panjang"}),
        )
        .await;
    assert_eq!(
        login.status,
        StatusCode::OK,
        "the link set the new password: {}",
        login.text
    );
}
