//! The words of each e-mail: subject, plain text and HTML, all from the catalogue (`mail.ftl`,
//! with the shared status, escalation and deadline sentences) in the message's language. A
//! message is built as a few blocks (paragraphs, an access code, links) that both parts print,
//! so the text and the HTML always say the same. The HTML has no remote images, scripts or
//! styles from elsewhere; every value in it is escaped.

use super::layout::{Block, html, plain};
use aduan_i18n::{FluentValue, Lang, catalogue};
use aduan_jobs::Outgoing;
use aduan_store::{Language, RecipientKind};
use chrono::{DateTime, Datelike, Timelike, Utc};
use serde_json::Value;

/// A rendered e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The subject line.
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part.
    pub html: String,
}

/// Who reads a message, which decides its greeting, its links and whether it may be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// A reporter (with or without an account): the report's public page; replies welcome.
    Reporter,
    /// Staff: the report in the back office; never an identity, never a reply address.
    Staff,
    /// An account holder, or someone registering, about their account (password reset,
    /// confirmation of a registration).
    Account,
}

/// The templates written for staff.
pub const STAFF_TEMPLATES: &[&str] = &[
    "reply_received",
    "report_escalated",
    "deadline_reminder",
    "report_assigned",
    "information_requested",
    "reveal_requested",
];

/// The reporter's notices that invite an action the reporter may take by answering the e-mail
/// with a command word (`inbound::command`): each has a `mail-<template>-commands` sentence,
/// shown when the message carries a reply address.
pub const COMMAND_TEMPLATES: &[&str] =
    &["report_completed", "report_auto_closed", "report_archived"];

/// Every template this module words, for the catalogue test.
pub const TEMPLATES: &[&str] = &[
    "report_received",
    "report_dispatched",
    "report_postponed",
    "report_archived",
    "report_deleted",
    "follow_up_posted",
    "report_completed",
    "report_auto_closed",
    "ombudsman_update",
    "identity_revealed",
    "my_data",
    "erase_confirm",
    "identity_erased",
    "erase_account",
    "auto_close_warning",
    "access_code",
    "access_recovery",
    "password_reset",
    "account_confirm",
    "account_exists",
    "reply_received",
    "report_escalated",
    "deadline_reminder",
    "report_assigned",
    "information_requested",
    "reveal_requested",
];

impl Audience {
    /// The audience of `template`.
    pub fn of(template: &str) -> Self {
        if STAFF_TEMPLATES.contains(&template) {
            Audience::Staff
        } else if ["password_reset", "account_confirm", "account_exists"].contains(&template) {
            Audience::Account
        } else {
            Audience::Reporter
        }
    }
}

/// The catalogue language of a message.
pub fn lang(language: Language) -> Lang {
    match language {
        Language::Id => Lang::Id,
        Language::En => Lang::En,
    }
}

struct Words {
    lang: Lang,
}

impl Words {
    fn t(&self, key: &str) -> String {
        catalogue().text(self.lang, key, &[])
    }

    fn t_with(&self, key: &str, args: &[(&str, String)]) -> String {
        let args: Vec<(&str, FluentValue<'_>)> = args
            .iter()
            .map(|(k, v)| (*k, FluentValue::from(v.as_str())))
            .collect();
        catalogue().text(self.lang, key, &args)
    }

    /// "3 Maret 2026 pukul 17.00 WITA" in the zone `zone` (WIB when unknown).
    fn at(&self, at: DateTime<Utc>, zone: Option<&str>) -> String {
        let (tz, key) = match zone {
            Some("WITA") => (chrono_tz::Asia::Makassar, "time-zone-wita"),
            Some("WIT") => (chrono_tz::Asia::Jayapura, "time-zone-wit"),
            _ => (chrono_tz::Asia::Jakarta, "time-zone-wib"),
        };
        let local = at.with_timezone(&tz);
        format!(
            "{} {} {} {} {:02}.{:02} {}",
            local.day(),
            self.t(&format!("month-{}", local.month())),
            local.year(),
            self.t("mail-at"),
            local.hour(),
            local.minute(),
            self.t(key)
        )
    }
}

fn text<'a>(payload: &'a Value, key: &str) -> Option<&'a str> {
    payload
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

fn time(payload: &Value, key: &str) -> Option<DateTime<Utc>> {
    text(payload, key).and_then(|s| DateTime::parse_from_rfc3339(s).ok().map(|t| t.to_utc()))
}

fn url(base: &str, path: &str) -> String {
    format!("{}{path}", base.trim_end_matches('/'))
}

/// Words the message `m`; `base_url` is the public address of the service (links), `replies`
/// whether the message carries a reply address (then the reporter is told they may answer).
pub fn render(m: &Outgoing, base_url: &str, replies: bool) -> Rendered {
    let w = Words {
        lang: lang(m.language),
    };
    let audience = Audience::of(&m.template);
    let p = &m.payload;
    let id = text(p, "tracking_id").unwrap_or_default().to_owned();
    let known = TEMPLATES.contains(&m.template.as_str());
    let name = if known { m.template.as_str() } else { "other" };
    let agency = text(p, "agency_name")
        .or_else(|| text(p, "agency"))
        .unwrap_or_default()
        .to_owned();
    let level = text(p, "escalation")
        .map(|l| w.t(&format!("escalation-{l}")))
        .unwrap_or_default();
    let zone = text(p, "zone");
    let due = time(p, "due_at").map(|d| w.at(d, zone)).unwrap_or_default();
    let until = time(p, "expires_at")
        .map(|d| w.at(d, None))
        .unwrap_or_default();
    let args = [
        ("id", id.clone()),
        ("agency", agency),
        ("level", level),
        ("due", due.clone()),
        ("until", until),
        ("reason", text(p, "reason").unwrap_or_default().to_owned()),
    ];
    let subject = w.t_with(&format!("mail-{name}-subject"), &args);

    let mut blocks = vec![Block::Para(w.t(match audience {
        Audience::Staff => "mail-greeting-staff",
        _ => "mail-greeting",
    }))];
    blocks.push(Block::Para(w.t_with(&format!("mail-{name}-lead"), &args)));
    if !id.is_empty() {
        blocks.push(Block::Para(
            w.t_with("mail-tracking", &[("id", id.clone())]),
        ));
    }
    if let Some(status) = text(p, "status") {
        let label = w.t(&format!("status-{status}"));
        blocks.push(Block::Para(w.t_with("mail-status", &[("status", label)])));
    }
    if m.template == "deadline_reminder"
        && let Some(phase) = text(p, "phase")
    {
        blocks.push(Block::Para(
            w.t_with(&format!("clock-{phase}"), &[("due", due.clone())]),
        ));
    }
    if replies && audience == Audience::Reporter && COMMAND_TEMPLATES.contains(&name) {
        blocks.push(Block::Para(w.t(&format!("mail-{name}-commands"))));
    }
    secret_blocks(m, &w, base_url, &mut blocks);
    match audience {
        Audience::Reporter if !id.is_empty() => blocks.push(Block::Link {
            label: w.t("mail-link-report"),
            url: url(base_url, &format!("/laporan/{id}")),
        }),
        Audience::Staff if m.template == "reveal_requested" => blocks.push(Block::Link {
            label: w.t("mail-link-reveals"),
            url: url(base_url, "/kantor/pengungkapan"),
        }),
        Audience::Staff if !id.is_empty() => blocks.push(Block::Link {
            label: w.t("mail-link-staff"),
            url: url(base_url, &format!("/kantor/laporan/{id}")),
        }),
        _ => {}
    }
    let footer = match audience {
        Audience::Staff => w.t("mail-footer-staff"),
        Audience::Reporter if replies && !id.is_empty() => {
            format!("{} {}", w.t("mail-reply-hint"), w.t("mail-footer"))
        }
        _ => w.t("mail-footer"),
    };
    Rendered {
        text: plain(&blocks, &footer),
        html: html(w.lang, &subject, &blocks, &footer),
        subject,
    }
}

/// The access code or reset link a message carries, or, when its secret was wiped (a message
/// sent again after it died), how to get a new one.
fn secret_blocks(m: &Outgoing, w: &Words, base_url: &str, blocks: &mut Vec<Block>) {
    let secret = m.secret.as_ref().map(|s| s.as_str().to_owned());
    match (m.template.as_str(), secret) {
        ("password_reset", Some(token)) => {
            let path = text(&m.payload, "path").unwrap_or("/akun/sandi-baru");
            blocks.push(Block::Link {
                label: w.t("mail-link-reset"),
                url: format!("{}?token={token}", url(base_url, path)),
            });
            blocks.push(Block::Para(w.t("mail-password_reset-ignore")));
        }
        ("password_reset", None) => blocks.push(Block::Para(w.t("mail-password_reset-gone"))),
        ("account_confirm", Some(token)) => {
            let path = text(&m.payload, "path").unwrap_or("/akun/konfirmasi");
            blocks.push(Block::Link {
                label: w.t("mail-link-confirm"),
                url: format!("{}?token={token}", url(base_url, path)),
            });
            blocks.push(Block::Para(w.t("mail-account_confirm-ignore")));
        }
        ("account_confirm", None) => blocks.push(Block::Para(w.t("mail-account_confirm-gone"))),
        ("account_exists", _) => {
            blocks.push(Block::Link {
                label: w.t("mail-link-login"),
                url: url(base_url, "/akun/masuk"),
            });
            blocks.push(Block::Link {
                label: w.t("mail-link-reset-ask"),
                url: url(base_url, "/akun/lupa-sandi"),
            });
            blocks.push(Block::Para(w.t("mail-account_exists-ignore")));
        }
        ("report_received" | "access_code" | "access_recovery", Some(code)) => {
            blocks.push(Block::Code(w.t_with("mail-code", &[("code", code)])));
            blocks.push(Block::Para(w.t("mail-code-keep")));
        }
        ("access_code" | "access_recovery", None) => code_gone(w, base_url, blocks),
        ("my_data", Some(data)) => blocks.push(Block::Pre(data)),
        ("my_data", None) => blocks.push(Block::Para(w.t("mail-my_data-gone"))),
        ("erase_confirm", Some(code)) => blocks.push(Block::Code(code)),
        ("erase_confirm", None) => blocks.push(Block::Para(w.t("mail-my_data-gone"))),
        ("report_received", None) if m.recipient_kind == RecipientKind::Address => {
            code_gone(w, base_url, blocks)
        }
        _ => {}
    }
}

fn code_gone(w: &Words, base_url: &str, blocks: &mut Vec<Block>) {
    blocks.push(Block::Para(w.t("mail-code-gone")));
    blocks.push(Block::Link {
        label: w.t("mail-link-recover"),
        url: url(base_url, "/pulihkan"),
    });
}

#[cfg(test)]
#[path = "render_tests.rs"]
mod tests;
