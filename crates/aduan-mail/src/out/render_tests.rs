#![allow(clippy::unwrap_used)]

use super::*;
use aduan_jobs::Outgoing;
use aduan_store::{NotifyChannel, OutboxId};
use serde_json::json;
use zeroize::Zeroizing;

fn message(template: &str, language: Language, payload: Value, secret: Option<&str>) -> Outgoing {
    Outgoing {
        id: OutboxId(1),
        dedup_key: "K".into(),
        recipient_kind: RecipientKind::Address,
        recipient: "x".into(),
        address: None,
        channel: NotifyChannel::Email,
        template: template.into(),
        language,
        payload,
        secret: secret.map(|s| Zeroizing::new(s.to_owned())),
    }
}

fn full_payload() -> Value {
    json!({
        "tracking_id": "7K3M9QX2PH", "status": "in_progress", "agency": "kota-surabaya",
        "agency_name": "Pemerintah Kota Surabaya", "escalation": "agency_admin",
        "phase": "first_follow_up", "due_at": "2026-03-09T09:00:00Z", "zone": "WITA",
        "path": "/akun/sandi-baru", "expires_at": "2026-03-02T03:00:00Z",
    })
}

#[test]
fn every_template_is_worded_in_both_languages_without_a_missing_key() {
    for template in TEMPLATES {
        for language in Language::ALL {
            let m = message(template, *language, full_payload(), Some("SECRET-1"));
            let words = render(&m, "https://aduan.example", true);
            let all = format!("{}\n{}\n{}", words.subject, words.text, words.html);
            assert!(
                !all.contains('['),
                "{template}/{language}: a key is missing:\n{all}"
            );
            assert!(!words.subject.is_empty() && !words.subject.contains('\n'));
        }
    }
}

#[test]
fn the_two_languages_differ() {
    let id = render(
        &message("report_received", Language::Id, full_payload(), None),
        "https://a",
        false,
    );
    let en = render(
        &message("report_received", Language::En, full_payload(), None),
        "https://a",
        false,
    );
    assert_eq!(id.subject, "Laporan 7K3M9QX2PH telah diterima");
    assert_eq!(en.subject, "Report 7K3M9QX2PH has been received");
    assert!(id.html.contains("<html lang=\"id\">") && en.html.contains("<html lang=\"en\">"));
}

#[test]
fn values_are_escaped_in_the_html() {
    let mut payload = full_payload();
    payload["agency_name"] = json!("<script>alert(1)</script> & Co");
    let words = render(
        &message("report_dispatched", Language::Id, payload, None),
        "https://a",
        true,
    );
    assert!(!words.html.contains("<script>"), "{}", words.html);
    assert!(
        words
            .html
            .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co")
    );
    assert!(
        words.text.contains("<script>alert(1)</script> & Co"),
        "plain text is plain"
    );
}

#[test]
fn the_access_code_is_printed_or_its_loss_explained_with_the_way_to_a_new_one() {
    let with = render(
        &message(
            "access_code",
            Language::En,
            full_payload(),
            Some("ABCD-EFGH"),
        ),
        "https://a",
        true,
    );
    assert!(with.text.contains("Your access code: ABCD-EFGH"));
    let without = render(
        &message("access_code", Language::En, full_payload(), None),
        "https://a",
        true,
    );
    assert!(!without.text.contains("Your access code"));
    assert!(
        without.text.contains("https://a/pulihkan"),
        "{}",
        without.text
    );
}

#[test]
fn a_reset_link_is_built_from_the_public_address_the_path_and_the_token() {
    let words = render(
        &message(
            "password_reset",
            Language::Id,
            full_payload(),
            Some("abc123"),
        ),
        "https://aduan.example/",
        true,
    );
    assert!(
        words
            .text
            .contains("https://aduan.example/akun/sandi-baru?token=abc123"),
        "{}",
        words.text
    );
    assert!(
        words
            .html
            .contains("href=\"https://aduan.example/akun/sandi-baru?token=abc123\"")
    );
    assert!(
        !words.text.contains("membalas surel ini"),
        "no reply hint on an account message"
    );
}

#[test]
fn staff_mail_links_to_the_office_and_invites_no_reply() {
    for template in STAFF_TEMPLATES {
        let words = render(
            &message(template, Language::Id, full_payload(), None),
            "https://a",
            true,
        );
        // A request to reveal an identity is decided on the requests' page.
        let office = match *template {
            "reveal_requested" => "https://a/kantor/pengungkapan",
            _ => "https://a/kantor/laporan/7K3M9QX2PH",
        };
        assert!(words.text.contains(office), "{template}");
        assert!(
            words.text.contains("Jangan membalas surel ini"),
            "{template}"
        );
    }
    let reminder = render(
        &message("deadline_reminder", Language::Id, full_payload(), None),
        "https://a",
        true,
    );
    assert!(
        reminder.text.contains("9 Maret 2026 pukul 17.00 WITA"),
        "{}",
        reminder.text
    );
}
