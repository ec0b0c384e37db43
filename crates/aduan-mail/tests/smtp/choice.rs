//! The reporter chooses e-mail, SMS or both, and every later message follows the choice: one
//! message per chosen channel. An account holder hears as their preferences say.

use super::Rig;
use super::support::Visitor;
use super::support::multipart::Multipart;
use aduan_domain::Role;
use aduan_domain::password::hash_password;
use aduan_domain::time::TimeSource;
use aduan_store::{Language, NewUser, Preferences};
use aduan_testkit::{As, TestApp, report_body};
use serde_json::json;

fn reporter(email: &str, phone: &str, notify: &str) -> serde_json::Value {
    report_body(json!({
        "reporter": {"name": "Budi Santoso", "email": email, "phone": phone, "notify": notify},
    }))
}

#[tokio::test]
#[ignore = "needs python3-aiosmtpd (Debian); run with --include-ignored"]
async fn each_reporter_hears_on_the_channels_they_chose_for_every_step() {
    if !super::sink::available("each_reporter_hears_on_the_channels_they_chose") {
        return;
    }
    let rig = Rig::running(TestApp::sqlite().await).await;
    let app = &rig.app;
    let surabaya = app.login("surabaya").await;
    let mut ids = Vec::new();
    for (who, notify) in [("surel", "email"), ("sms", "sms"), ("keduanya", "both")] {
        let email = format!("{who}@contoh.id");
        let phone = match who {
            "surel" => "081200000001",
            "sms" => "081200000002",
            _ => "081200000003",
        };
        let res = app
            .post("/api/v1/reports", As::Anon, reporter(&email, phone, notify))
            .await;
        assert_eq!(res.status.as_u16(), 201, "{}", res.text);
        let id = res.body["tracking_id"].as_str().unwrap().to_owned();
        app.act_ok(&id, As::Token(&surabaya), json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
        ids.push((id, email, format!("+62{}", &phone[1..])));
    }
    rig.deliver().await;
    let mails = rig.mails();
    let sms = rig.sms.sent();
    let by_mail = |addr: &str| mails.iter().filter(|m| m.to == addr).count();
    let by_sms = |phone: &str| sms.iter().filter(|(p, _, _)| p == phone).count();
    let [
        (surel_id, surel, surel_phone),
        (_, sms_mail, sms_phone),
        (both_id, both_mail, both_phone),
    ] = &ids[..]
    else {
        unreachable!()
    };
    assert_eq!((by_mail(surel), by_sms(surel_phone)), (2, 0), "e-mail only");
    assert_eq!((by_mail(sms_mail), by_sms(sms_phone)), (0, 2), "SMS only");
    assert_eq!((by_mail(both_mail), by_sms(both_phone)), (2, 2), "both");
    let both_keys: Vec<&str> = sms
        .iter()
        .filter(|(p, _, _)| p == both_phone)
        .map(|(_, _, k)| k.as_str())
        .collect();
    assert_eq!(
        both_keys,
        [
            format!("{both_id}:received:sms"),
            format!("{both_id}:v2:report_dispatched:sms")
        ]
    );
    assert!(
        mails
            .iter()
            .any(|m| m.message_id.starts_with(&format!("{surel_id}:received@"))),
        "the e-mail keeps the step's key"
    );
}

#[tokio::test]
#[ignore = "needs python3-aiosmtpd (Debian); run with --include-ignored"]
async fn an_account_holder_hears_as_their_preferences_say() {
    if !super::sink::available("an_account_holder_hears_as_their_preferences_say") {
        return;
    }
    let rig = Rig::running(TestApp::sqlite().await).await;
    let app = &rig.app;
    let citizen = app
        .store
        .create_user(
            &NewUser {
                name: "Warga Berakun".into(),
                email: Some("warga@contoh.id".into()),
                phone: Some("+6281311112222".into()),
                nik: None,
                password_hash: Some(hash_password("rahasia-warga", &mut rand::rng()).unwrap()),
                role: Role::Citizen,
                agency: None,
                unit: None,
                body: None,
            },
            "test",
            app.clock.now(),
        )
        .await
        .unwrap();
    let login = app
        .post(
            "/api/v1/auth/login",
            As::Anon,
            json!({"login": "warga@contoh.id", "password": "rahasia-warga"}),
        )
        .await;
    let token = login.body["token"].as_str().unwrap().to_owned();
    // E-mail in English first; then SMS only.
    let prefs = Preferences {
        email: true,
        sms: false,
        language: Language::En,
    };
    app.store.set_preferences(citizen.id, &prefs).await.unwrap();
    let res = app
        .post(
            "/api/v1/reports",
            As::Token(&token),
            report_body(json!({"reporter": null})),
        )
        .await;
    assert_eq!(res.status.as_u16(), 201, "{}", res.text);
    let id = res.body["tracking_id"].as_str().unwrap().to_owned();
    rig.deliver().await;
    let mails = rig.mails();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].to, "warga@contoh.id");
    assert_eq!(mails[0].subject, format!("Report {id} has been received"));
    assert!(
        !mails[0].text.contains("access code"),
        "an account holder has no code"
    );

    let prefs = Preferences {
        email: false,
        sms: true,
        language: Language::Id,
    };
    app.store.set_preferences(citizen.id, &prefs).await.unwrap();
    let surabaya = app.login("surabaya").await;
    app.act_ok(&id, As::Token(&surabaya), json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    rig.deliver().await;
    // The agency's admin hears of the dispatch by e-mail; the reporter gets no more e-mail.
    let to_reporter = rig
        .mails()
        .iter()
        .filter(|m| m.to == "warga@contoh.id")
        .count();
    assert_eq!(to_reporter, 1, "no more e-mail");
    let sms = rig.sms.sent();
    let phone = citizen.phone.clone().unwrap();
    assert_eq!(
        sms,
        [(
            phone,
            "report_dispatched".to_owned(),
            format!("{id}:v2:report_dispatched:sms")
        )]
    );
}

#[tokio::test]
#[ignore = "needs python3-aiosmtpd (Debian); run with --include-ignored"]
async fn the_portals_form_carries_the_choice_and_the_pages_language() {
    if !super::sink::available("the_portals_form_carries_the_choice") {
        return;
    }
    let rig = Rig::running(TestApp::sqlite().await).await;
    let app = &rig.app;
    let mut visitor = Visitor::new(app);
    visitor.accept_language = Some("en-US,en".into());
    let form = visitor.get("/lapor").await;
    assert!(
        form.html.contains("name=\"notify\" value=\"both\""),
        "the choice is offered"
    );
    let page = visitor
        .submit_form(
            Multipart::new()
                .text("kind", "complaint")
                .text("title", "Lampu jalan mati")
                .text(
                    "body",
                    "Sudah dua minggu lampu jalan mati, rawan kejahatan malam hari.",
                )
                .text("location_text", "Jl. Raya Darmo, Surabaya")
                .text("agency", "kota-surabaya")
                .text("name", "Budi Santoso")
                .text("email", "budi.santoso@contoh.id")
                .text("phone", "081298765432")
                .text("notify", "both"),
        )
        .await;
    assert_eq!(page.status.as_u16(), 201, "{}", page.html);
    rig.deliver().await;
    let mails = rig.mails();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(
        mails[0].subject.ends_with("has been received"),
        "in the page's language"
    );
    let sms = rig.sms.sent();
    assert_eq!(sms.len(), 1);
    assert_eq!(sms[0].0, "+6281298765432");
}
