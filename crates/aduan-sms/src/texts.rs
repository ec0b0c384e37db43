//! Every SMS text, from the catalogue (`locales/{id,en}/sms.ftl`) in the reader's language:
//! the answers to incoming SMS and the notices the outbox sends.

use aduan_i18n::{FluentValue, Lang, catalogue};
use aduan_jobs::Outgoing;
use aduan_store::Language;
use chrono::{DateTime, Datelike, Utc};

/// The templates the outbox writes that have an SMS text of their own; any other gets the
/// generic notice.
pub const OUTGOING_TEMPLATES: &[&str] = &[
    "report_received",
    "access_code",
    "access_recovery",
    "password_reset",
    "account_confirm",
    "account_exists",
    "report_dispatched",
    "report_postponed",
    "report_archived",
    "report_deleted",
    "follow_up_posted",
    "report_completed",
    "report_auto_closed",
    "ombudsman_update",
    "identity_revealed",
    "reveal_requested",
    "reply_received",
    "report_escalated",
    "deadline_reminder",
    "report_assigned",
    "information_requested",
];

/// The catalogue's language for an outbox language.
pub fn lang_of(language: Language) -> Lang {
    match language {
        Language::Id => Lang::Id,
        Language::En => Lang::En,
    }
}

/// The message `key` in `lang` with `args`.
pub fn text(lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    catalogue().text(lang, key, args)
}

/// A status's name (`status-*` of the shared vocabulary).
pub fn status(lang: Lang, status: &str) -> String {
    text(lang, &format!("status-{status}"), &[])
}

/// A date as people write it, in Western Indonesian Time: `2 Maret 2026`.
pub fn date(lang: Lang, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&chrono_tz::Asia::Jakarta);
    let month = text(lang, &format!("month-{}", local.month()), &[]);
    format!("{} {month} {}", local.day(), local.year())
}

/// The text of an outgoing message: its template's `sms-out-*` text in its language, with the
/// tracking id, status, opened secret (an access code) and, for a link in the payload (`path`,
/// with the secret as its token), the link under `public_url` as arguments.
pub fn outgoing(m: &Outgoing, public_url: &str) -> String {
    let lang = lang_of(m.language);
    let field = |name: &str| {
        m.payload
            .get(name)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let status_name = match field("status") {
        s if s.is_empty() => String::new(),
        s => status(lang, &s),
    };
    let due = m
        .payload
        .get("due_at")
        .and_then(|v| serde_json::from_value::<DateTime<Utc>>(v.clone()).ok())
        .map(|d| date(lang, d))
        .unwrap_or_default();
    let template = if OUTGOING_TEMPLATES.contains(&m.template.as_str()) {
        m.template.as_str()
    } else {
        "generic"
    };
    let secret = m
        .secret
        .as_ref()
        .map(|s| s.as_str().to_owned())
        .unwrap_or_default();
    let link = match field("path") {
        p if p.is_empty() => String::new(),
        p if secret.is_empty() => format!("{}{p}", public_url.trim_end_matches('/')),
        p => format!("{}{p}?token={secret}", public_url.trim_end_matches('/')),
    };
    text(
        lang,
        &format!("sms-out-{template}"),
        &[
            ("id", FluentValue::from(field("tracking_id"))),
            ("status", FluentValue::from(status_name)),
            ("code", FluentValue::from(secret)),
            ("due", FluentValue::from(due)),
            ("link", FluentValue::from(link)),
            ("reason", FluentValue::from(field("reason"))),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gsm;
    use aduan_store::{NotifyChannel, OutboxId, RecipientKind};
    use serde_json::json;

    /// The templates that carry a one-time link rather than a report's tracking id.
    const LINKS: &[(&str, &str)] = &[
        ("password_reset", "/akun/sandi-baru"),
        ("account_confirm", "/akun/konfirmasi"),
    ];

    fn message(template: &str, language: Language) -> Outgoing {
        let link = LINKS.iter().find(|(t, _)| *t == template).map(|(_, p)| *p);
        let path = match template {
            "account_exists" => json!("/akun/lupa-sandi"),
            _ => link.map_or(json!(null), |p| json!(p)),
        };
        Outgoing {
            id: OutboxId(7),
            dedup_key: format!("7K3QM9XD2T:v2:{template}"),
            recipient_kind: RecipientKind::Address,
            recipient: "+6281234567890".into(),
            address: Some("+6281234567890".into()),
            channel: NotifyChannel::Sms,
            template: template.into(),
            language,
            payload: json!({
                "tracking_id": "7K3QM9XD2T",
                "status": "in_progress",
                "due_at": "2026-09-30T16:59:59Z",
                "path": path,
            }),
            secret: (template != "account_exists").then(|| {
                zeroize::Zeroizing::new(if link.is_some() {
                    "ab".repeat(32)
                } else {
                    "7K3Q-M9XD-2TFA-8HRW".into()
                })
            }),
        }
    }

    #[test]
    fn every_outgoing_notice_has_a_gsm_text_in_both_languages_that_fits_one_sms() {
        for language in [Language::Id, Language::En] {
            for template in OUTGOING_TEMPLATES
                .iter()
                .copied()
                .chain(["a_template_from_later"])
            {
                let text = outgoing(&message(template, language), "https://aduan.example.go.id");
                assert!(!text.contains("[sms-"), "{template}: {text}");
                let about_account = ["password_reset", "account_confirm", "account_exists"];
                if !about_account.contains(&template) {
                    assert!(text.contains("7K3QM9XD2T"), "{template}: {text}");
                }
                assert!(
                    gsm::is_gsm7(&text),
                    "{template} ({language}) leaves GSM-7: {text}"
                );
                if !LINKS.iter().any(|(t, _)| *t == template) {
                    assert!(
                        gsm::fits_one(&text),
                        "{template} ({language}) is longer than one SMS: {text}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_password_reset_or_account_activation_link_survives_the_split_whole() {
        for (template, path) in LINKS {
            let text = outgoing(
                &message(template, Language::Id),
                "https://aduan.example.go.id/",
            );
            let link = format!(
                "https://aduan.example.go.id{path}?token={}",
                "ab".repeat(32)
            );
            assert!(text.contains(&link), "{text}");
            assert!(gsm::split(&text).iter().any(|part| part.contains(&link)));
        }
    }

    #[test]
    fn the_notice_to_a_number_that_has_an_account_links_to_the_reset_page_without_a_token() {
        let text = outgoing(
            &message("account_exists", Language::En),
            "https://aduan.example.go.id",
        );
        assert!(
            text.contains("https://aduan.example.go.id/akun/lupa-sandi"),
            "{text}"
        );
        assert!(!text.contains("token="), "{text}");
        assert!(gsm::fits_one(&text), "{text}");
    }

    #[test]
    fn an_access_code_reaches_the_received_notice() {
        let text = outgoing(&message("report_received", Language::En), "");
        assert!(
            text.contains("7K3Q-M9XD-2TFA-8HRW") && text.contains("CHECK 7K3QM9XD2T"),
            "{text}"
        );
    }

    #[test]
    fn every_answer_the_channel_gives_exists_in_both_languages_and_fits_one_gsm_sms() {
        let source = concat!(
            include_str!("handle.rs"),
            include_str!("execute.rs"),
            include_str!("execute/actions.rs")
        );
        let keys: Vec<&str> = source
            .split('"')
            .filter(|s| s.starts_with("sms-") && !s.contains(' '))
            .collect();
        assert!(keys.len() >= 25, "{keys:?}");
        let longest_status = "Diteruskan ke instansi";
        // Each variant of the texts that choose by the action or the command's form.
        let variants = [
            ("reopen", "rating"),
            ("appeal", "reason"),
            ("escalate", "other"),
        ];
        for lang in Lang::ALL {
            for key in &keys {
                assert!(
                    catalogue().has(lang, key),
                    "{key} is missing in {}",
                    lang.code()
                );
                for (action, form) in variants {
                    let text = text(
                        lang,
                        key,
                        &[
                            ("id", FluentValue::from("7K3QM9XD2T")),
                            ("code", FluentValue::from("7K3Q-M9XD-2TFA-8HRW")),
                            ("status", FluentValue::from(longest_status)),
                            ("date", FluentValue::from("30 September 2026")),
                            ("minutes", FluentValue::from(60)),
                            ("stars", FluentValue::from(5)),
                            ("word", FluentValue::from("NOT RESOLVED")),
                            ("action", FluentValue::from(action)),
                            ("form", FluentValue::from(form)),
                        ],
                    );
                    assert!(gsm::is_gsm7(&text), "{key}: {text}");
                    assert!(
                        gsm::fits_one(&text),
                        "{key} ({}) is longer than one SMS: {text}",
                        lang.code()
                    );
                }
            }
        }
    }

    #[test]
    fn dates_are_written_in_western_indonesian_time() {
        let late = DateTime::parse_from_rfc3339("2026-03-01T18:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(date(Lang::Id, late), "2 Maret 2026");
        assert_eq!(date(Lang::En, late), "2 March 2026");
    }
}
