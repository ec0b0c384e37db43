//! Snapshots of every SMS text: the answers the channel gives to a conversation in each
//! language (a new report, an anonymous one, the status card, replies, withdrawal, help and
//! every refusal), through the get-url as smsbox calls it, on SQLite and PostgreSQL against
//! the same snapshot; and each notice the outbox sends by SMS, in both languages. Tracking ids
//! and access codes are random and replaced by numbered placeholders; every date comes from
//! the testkit's fixed clock.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use aduan_jobs::Outgoing;
use aduan_sms::SmsSettings;
use aduan_sms::texts::{OUTGOING_TEMPLATES, outgoing};
use aduan_store::{Language, NotifyChannel, OutboxId, RecipientKind};
use aduan_testkit::{TestApp, on_both_backends};
use axum::http::StatusCode;
use serde_json::json;
use support::*;

/// A third number, which floods the channel.
const FLOODER: &str = "+6281377778888";
/// Messages per number per window in these tests: enough for the reporter's conversation.
const RATE_LIMIT: u32 = 16;

/// The words a conversation is written in.
struct Words {
    /// The channel's language for free text (`id` or `en`).
    language: &'static str,
    check: &'static str,
    reply: &'static str,
    cancel: &'static str,
    anonymous: &'static str,
    report: &'static str,
    anonymous_report: &'static str,
    answer: &'static str,
}

const INDONESIAN: Words = Words {
    language: "id",
    check: "CEK",
    reply: "BALAS",
    cancel: "BATAL",
    anonymous: "ANONIM",
    report: "Jalan berlubang di depan SDN 5 Wonokromo, sudah tiga bulan",
    anonymous_report: "Kepala desa memotong dana bansos warga",
    answer: "Belum ada petugas yang datang",
};

const ENGLISH: Words = Words {
    language: "en",
    check: "CHECK",
    reply: "REPLY",
    cancel: "CANCEL",
    anonymous: "ANONYMOUS",
    report: "Potholes in front of SDN 5 Wonokromo for three months now",
    anonymous_report: "The village head cuts the welfare money",
    answer: "Nobody has come yet",
};

/// A conversation with the channel, written down as it happened, with the random values
/// it learned replaced by placeholders.
struct Transcript<'a> {
    app: &'a TestApp,
    lines: Vec<String>,
    secrets: Vec<(String, String)>,
    sent: usize,
}

impl<'a> Transcript<'a> {
    fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            lines: Vec::new(),
            secrets: Vec::new(),
            sent: 0,
        }
    }

    fn who(from: &str) -> &'static str {
        match from {
            SITI => "reporter",
            BUDI => "another",
            _ => "flooder",
        }
    }

    /// Sends `text` from `from` and notes it and the answer; returns the answer.
    async fn say(&mut self, from: &str, text: &str) -> String {
        self.say_as(from, text, text).await
    }

    /// [`Self::say`], noting the message as `shown`.
    async fn say_as(&mut self, from: &str, text: &str, shown: &str) -> String {
        self.sent += 1;
        let a = sms(self.app, from, text, &format!("m-{}", self.sent)).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        assert!(!a.ucs2, "every answer fits GSM-7: {}", a.text);
        let who = Self::who(from);
        let shown = if shown.is_empty() {
            "(an empty SMS)"
        } else {
            shown
        };
        let answer = if a.text.is_empty() {
            "(no answer)"
        } else {
            &a.text
        };
        self.lines.push(format!("{who} > {shown}"));
        self.lines.push(format!("{who} < {answer}"));
        a.text
    }

    /// Replaces `value` with `[name]` in the record.
    fn learn(&mut self, value: String, name: String) {
        self.secrets.push((value, format!("[{name}]")));
    }

    /// The report filed by `answer`: learns its tracking id and access code as the `n`th.
    fn filed(&mut self, answer: &str, n: usize) -> String {
        let id = tracking_id_in(answer);
        let code = access_code_in(answer);
        self.learn(id.clone(), format!("tracking_id {n}"));
        self.learn(code, format!("access_code {n}"));
        id
    }

    fn finish(self) -> String {
        let mut record = self.lines.join("\n");
        for (value, placeholder) in &self.secrets {
            record = record.replace(value.as_str(), placeholder);
        }
        record
    }
}

/// The access code (`XXXX-XXXX-XXXX-XXXX`) in an answer.
fn access_code_in(text: &str) -> String {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .find(|w| {
            w.len() == 19
                && w.char_indices()
                    .all(|(i, c)| (c == '-') == matches!(i, 4 | 9 | 14))
        })
        .unwrap_or_else(|| panic!("no access code in {text:?}"))
        .to_owned()
}

/// The whole conversation in `words`' language: every answer the channel gives.
async fn conversation(mut app: TestApp, words: &Words) -> String {
    with_sms(
        &mut app,
        SmsSettings {
            language: words.language.into(),
            rate_limit: RATE_LIMIT,
            ..settings()
        },
    );
    let app = &app;
    let mut t = Transcript::new(app);
    let (check, reply, cancel) = (words.check, words.reply, words.cancel);

    let answer = t.say(SITI, words.report).await;
    let id = t.filed(&answer, 1);
    t.say(SITI, &format!("{check} {id}")).await;
    t.say(BUDI, &format!("{check} {id}")).await;
    t.say(BUDI, &format!("{check} 0000000000")).await;
    t.say(SITI, check).await;
    t.say(SITI, "").await;
    t.say(BUDI, &format!("{reply} {id} {}", words.answer)).await;
    t.say(SITI, &format!("{reply} {id}")).await;
    t.say(SITI, &format!("{reply} {id} {}", words.answer)).await;

    let answer = t
        .say(
            SITI,
            &format!("{} {}", words.anonymous, words.anonymous_report),
        )
        .await;
    let anonymous = t.filed(&answer, 2);
    t.say(BUDI, &format!("{cancel} {anonymous}")).await;
    t.say(SITI, &format!("{cancel} {anonymous}")).await;

    followed_up(app, &id).await;
    t.lines
        .push("(Kota Surabaya verifies the first report and follows it up)".into());
    t.say(SITI, &format!("{check} {id}")).await;
    t.say(SITI, &format!("{reply} {id} {}", words.answer)).await;
    t.say(SITI, &format!("{cancel} {id}")).await;
    // The service takes reports of up to 10,000 characters.
    let long = "x".repeat(10_001);
    t.say_as(BUDI, &long, "(a report longer than the service takes)")
        .await;

    let mut last = String::new();
    for _ in 0..RATE_LIMIT {
        let a = sms(
            app,
            FLOODER,
            &format!("{check} 0000000000"),
            &format!("f-{}", t.sent),
        )
        .await;
        t.sent += 1;
        last = a.text;
    }
    assert!(last.contains("0000000000"), "{last}");
    t.lines.push(format!(
        "(the flooder sends {RATE_LIMIT} messages within the hour)"
    ));
    t.say(FLOODER, &format!("{check} 0000000000")).await;
    let ignored = t.say(FLOODER, &format!("{check} 0000000000")).await;
    assert_eq!(ignored, "", "told once, then ignored");
    t.finish()
}

async fn the_answers_to_sms_in_bahasa_indonesia_match_their_snapshot(app: TestApp) {
    let record = conversation(app, &INDONESIAN).await;
    insta::assert_snapshot!("sms_conversation_id", record);
}

async fn the_answers_to_sms_in_english_match_their_snapshot(app: TestApp) {
    let record = conversation(app, &ENGLISH).await;
    insta::assert_snapshot!("sms_conversation_en", record);
}

on_both_backends!(
    the_answers_to_sms_in_bahasa_indonesia_match_their_snapshot,
    the_answers_to_sms_in_english_match_their_snapshot,
);

#[test]
fn every_notice_the_outbox_sends_by_sms_in_both_languages_matches_its_snapshot() {
    let mut record = String::new();
    // A template without an SMS text of its own gets the generic notice.
    for template in OUTGOING_TEMPLATES
        .iter()
        .copied()
        .chain(["a_template_from_later"])
    {
        for (language, code) in [(Language::Id, "id"), (Language::En, "en")] {
            let reset = template == "password_reset";
            let m = Outgoing {
                id: OutboxId(7),
                dedup_key: format!("7K3QM9XD2T:v2:{template}"),
                recipient_kind: RecipientKind::Address,
                recipient: SITI.into(),
                address: Some(SITI.into()),
                channel: NotifyChannel::Sms,
                template: template.into(),
                language,
                payload: if reset {
                    json!({"path": "/akun/sandi-baru", "expires_at": "2026-03-02T03:00:00Z"})
                } else {
                    json!({
                        "tracking_id": "7K3QM9XD2T", "status": "in_progress",
                        "due_at": "2026-03-09T09:00:00Z",
                    })
                },
                secret: Some(zeroize::Zeroizing::new(if reset {
                    "ab".repeat(32)
                } else {
                    "7K3Q-M9XD-2TFA-8HRW".into()
                })),
            };
            let text = outgoing(&m, "https://lapor.example.go.id");
            record.push_str(&format!("{template} ({code}): {text}\n"));
        }
    }
    insta::assert_snapshot!("sms_notices", record);
}
