//! What an incoming SMS does, once smsbox is authenticated and the message is new: the flood
//! limit, then the command. Reports are filed through the same submission code as the API
//! (channel `sms`, the reporter known by phone number), and replies, withdrawals and the
//! reporter's other actions (rating, reopen, appeal, the Ombudsman) go through the same
//! transition code, as the reporter whose number is on the report.

use crate::SmsGateway;
use crate::command::{self, Command};
use crate::execute::{
    ByWord, act_by_word, awaiting_reply, check, erase, find, my_data, needs_id, reply, withdraw,
};
use crate::inbound::Incoming;
use crate::texts::text;
use aduan_app::AppState;
use aduan_app::error::{AppError, AppResult};
use aduan_app::reports::intake::{IntakeChoices, ReporterInput};
use aduan_app::reports::submit::{FileInput, file_report};
use aduan_domain::TrackingId;
use aduan_domain::contact::PhoneNumber;
use aduan_domain::report::Channel;
use aduan_i18n::{FluentValue, Lang};
use aduan_store::{Language, NotifyVia, ReporterNotify};
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

/// What to answer, and the report it concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The SMS text; empty sends nothing.
    pub text: String,
    /// The report filed or acted on.
    pub report: Option<TrackingId>,
}

impl Reply {
    pub(crate) fn say(text: String) -> Self {
        Self { text, report: None }
    }

    pub(crate) fn about(text: String, id: TrackingId) -> Self {
        Self {
            text,
            report: Some(id),
        }
    }

    pub(crate) fn silent() -> Self {
        Self::say(String::new())
    }
}

/// The flood limit's key for a number: a hash keyed with the shared secret, never the number.
fn sender_key(secret: &str, phone: &PhoneNumber) -> String {
    let digest = Sha256::digest(format!("{secret}\n{}", phone.as_str()));
    hex::encode(&digest[..16])
}

/// The start of the window `now` falls in.
fn window_start(now: DateTime<Utc>, minutes: u32) -> DateTime<Utc> {
    let width = i64::from(minutes) * 60;
    let start = now.timestamp().div_euclid(width) * width;
    DateTime::from_timestamp(start, 0).unwrap_or(now)
}

/// Handles a new message and says what to answer.
pub async fn handle(gw: &SmsGateway, msg: &Incoming) -> AppResult<Reply> {
    let (state, cfg) = (&gw.app, &gw.config);
    let Ok(phone) = PhoneNumber::parse(&msg.from) else {
        // A sender that is not a phone number (an operator's name) cannot be answered.
        tracing::info!(gateway_id = %msg.id, "SMS from a sender that is not a phone number");
        return Ok(Reply::silent());
    };
    let now = state.clock.now();
    let window = window_start(now, cfg.rate_window_minutes);
    let forget = window - Duration::days(1);
    let count = state
        .store
        .count_sms(&sender_key(&cfg.secret, &phone), window, forget)
        .await?;
    let parsed = command::parse(&msg.text, &cfg.keywords);
    let lang = parsed.lang.unwrap_or(cfg.language);
    if count > cfg.rate_limit {
        tracing::warn!(gateway_id = %msg.id, count, "an SMS over the per-number limit");
        let minutes = FluentValue::from(cfg.rate_window_minutes);
        return Ok(if count == cfg.rate_limit + 1 {
            Reply::say(text(lang, "sms-rate-limited", &[("minutes", minutes)]))
        } else {
            Reply::silent()
        });
    }
    tracing::info!(gateway_id = %msg.id, sent_at = ?msg.sent_at, "SMS received");
    match parsed.command {
        Command::Check { id } => check(state, lang, &id, &phone).await,
        Command::Reply { id, body } => match find(state, lang, &id).await? {
            Ok(report) => reply(state, lang, &report, &phone, &body).await,
            Err(not_found) => Ok(not_found),
        },
        Command::Withdraw { id } => match find(state, lang, &id).await? {
            Ok(report) => withdraw(state, lang, &report, &phone).await,
            Err(not_found) => Ok(not_found),
        },
        Command::MyData { id } => match find(state, lang, &id).await? {
            Ok(report) => my_data(state, lang, &report, &phone).await,
            Err(not_found) => Ok(not_found),
        },
        Command::Erase { id, confirmed } => match find(state, lang, &id).await? {
            Ok(report) => erase(state, lang, &report, &phone, confirmed).await,
            Err(not_found) => Ok(not_found),
        },
        Command::Act {
            verb,
            word,
            id,
            stars,
            text: words,
        } => match find(state, lang, &id).await? {
            Ok(report) => {
                let by = ByWord {
                    verb,
                    word,
                    stars,
                    text: words,
                };
                act_by_word(state, lang, &report, &phone, &by).await
            }
            Err(not_found) => Ok(not_found),
        },
        Command::NoId { verb, word } => Ok(needs_id(lang, verb, &word)),
        Command::Text { body, .. } if body.is_empty() => {
            Ok(Reply::say(text(lang, "sms-help", &[])))
        }
        Command::Text {
            agency: None,
            body,
            anonymous: false,
        } => match awaiting_reply(state, &phone).await? {
            Some(report) => reply(state, lang, &report, &phone, &body).await,
            None => file(state, lang, Filing::new(None, body, false), &phone, &msg.id).await,
        },
        Command::Text {
            agency,
            body,
            anonymous,
        } => {
            let filing = Filing::new(agency, body, anonymous);
            file(state, lang, filing, &phone, &msg.id).await
        }
    }
}

/// A report as the SMS asks for it.
struct Filing {
    agency: Option<String>,
    body: String,
    anonymous: bool,
}

impl Filing {
    fn new(agency: Option<String>, body: String, anonymous: bool) -> Self {
        Self {
            agency,
            body,
            anonymous,
        }
    }
}

/// Free text: a new report from `phone`, answered with its tracking id and access code. An
/// anonymous one keeps the number, sealed from agencies, to send the notices and to know the
/// reporter's commands (CEK, BALAS, BATAL, PUAS...); the answer says that no agency sees it.
async fn file(
    state: &AppState,
    lang: Lang,
    filing: Filing,
    phone: &PhoneNumber,
    gateway_id: &str,
) -> AppResult<Reply> {
    let Filing {
        agency,
        body,
        anonymous,
    } = filing;
    let input = FileInput {
        kind: "complaint".into(),
        title: None,
        body,
        incident_date: None,
        location: None,
        requested_agency: agency,
        category: None,
        choices: IntakeChoices {
            anonymous,
            ..IntakeChoices::default()
        },
        reporter: Some(ReporterInput {
            name: None,
            email: None,
            phone: Some(phone.as_str().to_owned()),
            nik: None,
            ..ReporterInput::default()
        }),
        channel: Channel::Sms,
        citizen: None,
        staff: None,
        on_behalf: false,
        idempotency: Some(("sms".into(), gateway_id.to_owned())),
        fingerprint: None,
        receipt: false,
        notify: Some(ReporterNotify {
            via: NotifyVia::Sms,
            language: match lang {
                Lang::Id => Language::Id,
                Lang::En => Language::En,
            },
        }),
        // Gateway channels are limited at the gateway (Kannel, the mail server).
        limit: None,
        partner_ref: None,
        chat: None,
    };
    let filed = match file_report(state, input).await {
        Ok(f) => f,
        Err(AppError::Validation(fields)) => {
            let key = if fields.get("body").map(String::as_str) == Some("too_long") {
                "sms-too-long"
            } else {
                "sms-not-filed"
            };
            tracing::warn!(?fields, "an SMS report was refused");
            return Ok(Reply::say(text(lang, key, &[])));
        }
        Err(e) => return Err(e),
    };
    let id = FluentValue::from(filed.tracking_id.to_string());
    let received = if anonymous {
        "sms-received-anonymous"
    } else {
        "sms-received"
    };
    let answer = match &filed.access_code {
        Some(code) if !filed.replayed => text(
            lang,
            received,
            &[("id", id), ("code", FluentValue::from(code.clone()))],
        ),
        _ => text(lang, "sms-received-again", &[("id", id)]),
    };
    Ok(Reply::about(answer, filed.tracking_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_start_on_their_boundary_and_sender_keys_hide_the_number() {
        let t = DateTime::parse_from_rfc3339("2026-03-02T09:47:12Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            window_start(t, 60).to_rfc3339(),
            "2026-03-02T09:00:00+00:00"
        );
        assert_eq!(
            window_start(t, 15).to_rfc3339(),
            "2026-03-02T09:45:00+00:00"
        );
        let phone = PhoneNumber::parse("081234567890").unwrap();
        let key = sender_key("s3cret-s3cret-s3", &phone);
        assert_eq!(key.len(), 32);
        assert!(!key.contains("1234567890"));
        assert_ne!(key, sender_key("another-secret-x", &phone));
    }
}
