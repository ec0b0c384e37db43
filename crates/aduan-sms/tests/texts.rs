//! Snapshots of every SMS text: the answers the channel gives to a conversation in each
//! language (a new report, an anonymous one, the status card, replies, withdrawal, help and
//! every refusal), through the get-url as smsbox calls it, on SQLite and PostgreSQL against
//! the same snapshot; the answers to the reporter's other actions (rating, reopen, appeal,
//! the Ombudsman), done and refused; and each notice the outbox sends by SMS, in both
//! languages. Tracking ids and access codes are random and replaced by numbered placeholders;
//! every date comes from the testkit's fixed clock.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use aduan_jobs::Outgoing;
use aduan_sms::SmsSettings;
use aduan_sms::texts::{OUTGOING_TEMPLATES, outgoing};
use aduan_store::{Language, NotifyChannel, OutboxId, RecipientKind};
use aduan_testkit::{TestApp, on_both_backends};
use serde_json::json;
use support::transcript::Transcript;
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

/// The words of the reporter's other actions, in one language.
struct ActionWords {
    language: &'static str,
    satisfied: &'static str,
    unresolved: &'static str,
    reopen: &'static str,
    appeal: &'static str,
    reason: &'static str,
}

const INDONESIAN_ACTIONS: ActionWords = ActionWords {
    language: "id",
    satisfied: "PUAS",
    unresolved: "TIDAKPUAS",
    reopen: "BUKA",
    appeal: "BANDING",
    reason: "Lubangnya muncul lagi setelah hujan",
};

const ENGLISH_ACTIONS: ActionWords = ActionWords {
    language: "en",
    satisfied: "CONFIRM",
    unresolved: "UNRESOLVED",
    reopen: "REOPEN",
    appeal: "APPEAL",
    reason: "The hole came back after the rain",
};

/// Every answer to the reporter's other actions (rating, reopen, appeal, the Ombudsman), done
/// and refused, in `words`' language.
async fn actions_conversation(mut app: TestApp, words: &ActionWords) -> String {
    with_sms(
        &mut app,
        SmsSettings {
            language: words.language.into(),
            rate_limit: 50,
            ..settings()
        },
    );
    let app = &app;
    let mut t = Transcript::new(app);
    let (ok, not, reopen, appeal, why) = (
        words.satisfied,
        words.unresolved,
        words.reopen,
        words.appeal,
        words.reason,
    );
    // Filed before any awaits an answer, when a bare SMS would answer it.
    let mut ids = Vec::new();
    for (n, text) in [
        "Jalan berlubang",
        "Pungli di loket",
        "Izin usaha",
        "Trotoar rusak",
    ]
    .into_iter()
    .enumerate()
    {
        let answer = sms(app, SITI, text, &format!("r-{n}")).await;
        ids.push(t.filed(&answer.text, n + 1));
    }
    let [first, second, third, fourth] = [&ids[0], &ids[1], &ids[2], &ids[3]];
    completed(app, first).await;
    completed(app, fourth).await;
    t.lines
        .push("(Kota Surabaya completes reports 1 and 4)".into());
    t.say(BUDI, &format!("{ok} {first} 5")).await;
    t.say(SITI, &format!("{ok} 5")).await;
    t.say(SITI, &format!("{ok} {first} 7")).await;
    t.say(SITI, &format!("{reopen} {first}")).await;
    t.say(SITI, &format!("{reopen} {first} {why}")).await;
    t.say(SITI, &format!("{ok} {first} 4")).await;
    let surabaya = app.login("surabaya").await;
    let again = json!({"action": "complete", "body": "Sudah ditambal ulang."});
    app.act_ok(first, aduan_testkit::As::Token(&surabaya), again)
        .await;
    t.lines
        .push("(Kota Surabaya completes report 1 again)".into());
    t.say(SITI, &format!("{reopen} {first} {why}")).await;
    t.say(SITI, &format!("{ok} {first}")).await;
    t.say(SITI, &format!("{ok} {first} 4")).await;
    t.say(SITI, &format!("{not} {first} 2")).await;

    archived(app, second).await;
    t.lines
        .push("(the national admin archives report 2)".into());
    t.say(SITI, &format!("{appeal} {second}")).await;
    t.say(SITI, &format!("{appeal} {second} {why}")).await;
    archived(app, second).await;
    t.lines
        .push("(the national admin archives report 2 again)".into());
    t.say(SITI, &format!("{appeal} {second} {why}")).await;

    followed_up(app, third).await;
    t.lines.push("(Kota Surabaya follows report 3 up)".into());
    t.say(SITI, &format!("OMBUDSMAN {third}")).await;
    app.clock.advance(chrono::Duration::days(40));
    t.lines.push("(40 days later)".into());
    t.say(SITI, &format!("OMBUDSMAN {third}")).await;
    t.say(SITI, &format!("OMBUDSMAN {third}")).await;
    t.say(SITI, &format!("{reopen} {fourth} {why}")).await;
    t.finish()
}

async fn the_answers_to_actions_by_sms_in_bahasa_indonesia_match_their_snapshot(app: TestApp) {
    let record = actions_conversation(app, &INDONESIAN_ACTIONS).await;
    insta::assert_snapshot!("sms_actions_id", record);
}

async fn the_answers_to_actions_by_sms_in_english_match_their_snapshot(app: TestApp) {
    let record = actions_conversation(app, &ENGLISH_ACTIONS).await;
    insta::assert_snapshot!("sms_actions_en", record);
}

on_both_backends!(
    the_answers_to_sms_in_bahasa_indonesia_match_their_snapshot,
    the_answers_to_sms_in_english_match_their_snapshot,
    the_answers_to_actions_by_sms_in_bahasa_indonesia_match_their_snapshot,
    the_answers_to_actions_by_sms_in_english_match_their_snapshot,
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
            let link = match template {
                "password_reset" => Some("/akun/sandi-baru"),
                "account_confirm" => Some("/akun/konfirmasi"),
                _ => None,
            };
            let m = Outgoing {
                id: OutboxId(7),
                dedup_key: format!("7K3QM9XD2T:v2:{template}"),
                recipient_kind: RecipientKind::Address,
                recipient: SITI.into(),
                address: Some(SITI.into()),
                channel: NotifyChannel::Sms,
                template: template.into(),
                language,
                payload: match (link, template) {
                    (Some(path), _) => json!({"path": path, "expires_at": "2026-03-02T03:00:00Z"}),
                    (None, "account_exists") => json!({"path": "/akun/lupa-sandi"}),
                    (None, _) => json!({
                        "tracking_id": "7K3QM9XD2T", "status": "in_progress",
                        "due_at": "2026-03-09T09:00:00Z",
                        "reason": "Perintah pengadilan No. 12/2026.",
                    }),
                },
                secret: match (link, template) {
                    (Some(_), _) => Some(zeroize::Zeroizing::new("ab".repeat(32))),
                    (None, "account_exists") => None,
                    (None, _) => Some(zeroize::Zeroizing::new("7K3Q-M9XD-2TFA-8HRW".into())),
                },
            };
            let text = outgoing(&m, "https://lapor.example.go.id");
            record.push_str(&format!("{template} ({code}): {text}\n"));
        }
    }
    insta::assert_snapshot!("sms_notices", record);
}
