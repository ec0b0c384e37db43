//! Snapshots of every e-mail notice, as `aduan_mail::out::render::render` words it for the
//! SMTP transport: for each kind of notice its subject and plain-text body in Bahasa Indonesia
//! and in English (`tests/snapshots/texts__mail_<kind>.snap`), and the HTML part of two
//! notices, one to a reporter and one to staff. Each notice's values are shaped as the outbox
//! writes them; a reporter's notice carries a reply address, as it does when the service
//! has one.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

use aduan_jobs::Outgoing;
use aduan_mail::out::render::{Audience, TEMPLATES, render};
use aduan_store::{Language, NotifyChannel, OutboxId, RecipientKind};
use serde_json::{Value, json};
use zeroize::Zeroizing;

const BASE_URL: &str = "https://lapor.example.go.id";
const TRACKING_ID: &str = "7K3QM9XD2T";
const ACCESS_CODE: &str = "7K3Q-M9XD-2TFA-8HRW";
const RESET_TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// What a transition's notice carries (see `aduan_app::notify::for_transition`).
fn transition(status: &str, escalation: &str, action: &str) -> Value {
    json!({
        "tracking_id": TRACKING_ID, "status": status, "agency": "kota-surabaya",
        "agency_name": "Pemerintah Kota Surabaya", "escalation": escalation, "action": action,
    })
}

/// What a reminder carries.
fn reminder(phase: &str) -> Value {
    json!({
        "tracking_id": TRACKING_ID, "phase": phase, "due_at": "2026-03-09T09:00:00Z",
        "zone": "WITA",
    })
}

/// The payload and opened secret of a notice of `template`, as the outbox writes them.
fn values(template: &str) -> (Value, Option<&'static str>) {
    match template {
        "report_received" => (
            json!({"tracking_id": TRACKING_ID, "status": "submitted"}),
            Some(ACCESS_CODE),
        ),
        "access_code" | "access_recovery" => {
            (json!({"tracking_id": TRACKING_ID}), Some(ACCESS_CODE))
        }
        "password_reset" => (
            json!({"path": "/akun/sandi-baru", "expires_at": "2026-03-02T03:00:00Z"}),
            Some(RESET_TOKEN),
        ),
        "account_confirm" => (
            json!({"path": "/akun/konfirmasi", "expires_at": "2026-03-03T02:00:00Z"}),
            Some(RESET_TOKEN),
        ),
        "account_exists" => (json!({"path": "/akun/lupa-sandi"}), None),
        "report_dispatched" => (transition("dispatched", "none", "verify_dispatch"), None),
        "report_postponed" => (transition("postponed", "none", "postpone"), None),
        "report_archived" => (transition("archived", "none", "archive"), None),
        "report_deleted" => (transition("deleted", "none", "delete"), None),
        "follow_up_posted" => (transition("in_progress", "none", "follow_up"), None),
        "report_completed" => (transition("completed", "none", "complete"), None),
        "report_auto_closed" => (transition("completed", "none", "auto_close"), None),
        "ombudsman_update" => (
            transition("in_progress", "ombudsman", "ombudsman_acknowledge"),
            None,
        ),
        "reply_received" => (transition("in_progress", "none", "reply"), None),
        "report_escalated" => (transition("in_progress", "agency_admin", "escalate"), None),
        "report_assigned" => (transition("dispatched", "none", "verify_dispatch"), None),
        "information_requested" => (
            transition("in_progress", "ombudsman", "request_information"),
            None,
        ),
        "identity_revealed" => (
            json!({"tracking_id": TRACKING_ID, "reason": "Perintah pengadilan No. 12/2026."}),
            None,
        ),
        "my_data" => (
            json!({"tracking_id": TRACKING_ID}),
            Some("{\n  \"identity\": {\n    \"name\": \"Siti Rahmawati\"\n  }\n}"),
        ),
        "erase_confirm" => (json!({"tracking_id": TRACKING_ID}), Some("K7Q2-M9XD")),
        "identity_erased" | "erase_account" | "reveal_requested" => {
            (json!({"tracking_id": TRACKING_ID}), None)
        }
        "auto_close_warning" => (reminder("auto_close"), None),
        "deadline_reminder" => (reminder("first_follow_up"), None),
        other => panic!("no values for the notice {other}: add them to this test"),
    }
}

/// A notice of `template` in `language`, to an address (a reporter without an account) or to
/// a user (staff, an account holder).
fn notice(template: &str, language: Language) -> Outgoing {
    let (payload, secret) = values(template);
    let kind = match Audience::of(template) {
        Audience::Reporter => RecipientKind::Address,
        _ => RecipientKind::User,
    };
    Outgoing {
        id: OutboxId(1),
        dedup_key: format!("{TRACKING_ID}:v2:{template}"),
        recipient_kind: kind,
        recipient: "siti.rahmawati@contoh.id".into(),
        address: Some("siti.rahmawati@contoh.id".into()),
        channel: NotifyChannel::Email,
        template: template.into(),
        language,
        payload,
        secret: secret.map(|s| Zeroizing::new(s.to_owned())),
    }
}

/// A notice rendered as the SMTP transport does: with a reply address for a reporter.
fn rendered(template: &str, language: Language) -> aduan_mail::out::render::Rendered {
    let replies = Audience::of(template) == Audience::Reporter;
    render(&notice(template, language), BASE_URL, replies)
}

#[test]
fn the_subject_and_text_of_every_e_mail_notice_in_both_languages_match_their_snapshots() {
    for template in TEMPLATES {
        let mut record = String::new();
        for (language, name) in [
            (Language::Id, "Bahasa Indonesia"),
            (Language::En, "English"),
        ] {
            let words = rendered(template, language);
            record.push_str(&format!(
                "=== {name}\nSubject: {}\n\n{}\n",
                words.subject,
                words.text.trim_end()
            ));
        }
        insta::assert_snapshot!(format!("mail_{template}"), record);
    }
}

#[test]
fn the_html_of_a_reporters_and_of_a_staff_notice_matches_its_snapshot() {
    for template in ["report_received", "report_assigned"] {
        for (language, code) in [(Language::Id, "id"), (Language::En, "en")] {
            let words = rendered(template, language);
            insta::assert_snapshot!(format!("mail_{template}_{code}_html"), words.html);
        }
    }
}
