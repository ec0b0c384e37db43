//! With the SMTP server down, a message is retried with backoff, dead-lettered, shown on the
//! staff page of failed deliveries (its address masked), and delivered after a manual retry
//! once the server is back.

use super::Rig;
use super::support::Visitor;
use aduan_store::OutboxState;
use aduan_testkit::{TestApp, report_body};
use chrono::Duration;
use serde_json::json;

const EMAIL: &str = "siti.rahmawati@contoh.id";

#[tokio::test]
#[ignore = "needs python3-aiosmtpd (Debian); run with --include-ignored"]
async fn with_the_server_down_a_message_dies_shows_on_the_staff_page_and_goes_after_a_retry() {
    if !super::sink::available("with_the_server_down_a_message_dies") {
        return;
    }
    let rig = Rig::stopped(TestApp::sqlite().await, super::sink::free_port());
    let app = &rig.app;
    let res = app
        .post(
            "/api/v1/reports",
            aduan_testkit::As::Anon,
            report_body(json!({"anonymous": true})),
        )
        .await;
    assert_eq!(res.status.as_u16(), 201, "{}", res.text);
    let id = res.body["tracking_id"].as_str().unwrap().to_owned();

    let mut retries = 0;
    for _ in 0..20 {
        let run = rig.deliver().await;
        retries += run.retried;
        if run.dead > 0 {
            break;
        }
        app.clock.advance(Duration::hours(7)); // past the longest backoff
    }
    let dead = app
        .store
        .list_outbox(Some(OutboxState::Dead), 10)
        .await
        .unwrap();
    assert_eq!(dead.len(), 1, "the receipt died");
    assert!(retries >= 7, "it was retried first ({retries} retries)");
    let error = dead[0].last_error.clone().unwrap();
    assert!(error.contains("SMTP 127.0.0.1"), "{error}");
    assert!(
        dead[0].secret.is_none(),
        "the access code is wiped with the dead message"
    );

    let mut admin = Visitor::new(app);
    admin.login("national").await;
    let page = admin.get("/kantor/pengiriman").await;
    assert_eq!(page.status.as_u16(), 200);
    let row = format!("id=\"delivery-{}\"", dead[0].id);
    assert!(page.html.contains(&row), "{}", page.html);
    assert!(page.html.contains("s***@c***.id"), "the address, masked");
    assert!(!page.html.contains(EMAIL) && !page.html.contains("siti.rahmawati"));

    rig.start_sink();
    let page = admin
        .post_form(&format!("/kantor/pengiriman/{}/ulang", dead[0].id), &[])
        .await;
    assert_eq!(page.location(), Some("/kantor/pengiriman?ulang=1"));
    rig.deliver().await;
    let mails = rig.mails();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, EMAIL);
    assert_eq!(
        mails[0].message_id,
        format!("{id}:received@{}", super::REPLY_DOMAIN)
    );
    assert!(
        mails[0].text.contains("/pulihkan"),
        "the wiped code is replaced by the way to a new one: {}",
        mails[0].text
    );
    let sent = app.store.get_outbox(dead[0].id).await.unwrap().unwrap();
    assert_eq!(sent.state, OutboxState::Sent);
    let page = admin.get("/kantor/pengiriman").await;
    assert!(
        page.html.contains("id=\"deliveries-none\""),
        "{}",
        page.html
    );
    let audit = app.store.list_audit().await.unwrap().0;
    assert!(audit.iter().any(|e| e.action == "outbox.requeue"));
}
