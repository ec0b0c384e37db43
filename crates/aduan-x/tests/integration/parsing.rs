//! Every fixture into the messages Aduan takes from it.

use crate::support::{fixture, settings};
use aduan_chat_core::{Content, Incoming, MediaRef, Network, Sender, Via};
use aduan_x::{XSettings, parse_delivery};
use chrono::{TimeZone, Utc};

fn parse(name: &str) -> Vec<Incoming> {
    parse_delivery(&fixture(name), &settings()).unwrap()
}

fn citizen() -> Sender {
    Sender {
        id: "1205290247124217856".into(),
        display: Some("@wargabandung".into()),
        language: None,
    }
}

#[test]
fn a_post_mentioning_the_account_becomes_a_public_report() {
    assert_eq!(
        parse("mention"),
        vec![Incoming {
            network: Network::X,
            message_id: "1205348660982083584".into(),
            sender: citizen(),
            at: Utc.with_ymd_and_hms(2019, 12, 13, 4, 48, 9).unwrap(),
            via: Via::PublicMention {
                post_id: "1205348660982083584".into()
            },
            content: Content::Text(
                "@Lapor1708 Lampu jalan di Jl. Merdeka mati sejak seminggu.".into()
            ),
        }]
    );
}

#[test]
fn a_long_post_carrying_the_hashtag_gives_its_full_text() {
    let got = parse("hashtag");
    assert_eq!(got.len(), 1);
    let post = &got[0];
    assert_eq!(post.message_id, "1209097192914313216");
    assert_eq!(post.sender.id, "1205290247124217999");
    assert_eq!(post.sender.display.as_deref(), Some("@ibusari"));
    assert_eq!(post.sender.language, None);
    assert_eq!(
        post.at,
        Utc.with_ymd_and_hms(2019, 12, 23, 13, 3, 29).unwrap()
    );
    assert_eq!(
        post.via,
        Via::PublicMention {
            post_id: "1209097192914313216".into()
        }
    );
    assert_eq!(
        post.content,
        Content::Text("Sudah tiga bulan saluran air di depan SD Negeri 5 Sukajadi tersumbat, setiap hujan air masuk ke kelas dan murid dipulangkan. Mohon segera ditangani. #Lapor".into())
    );
}

#[test]
fn without_a_hashtag_set_a_post_carrying_one_is_not_a_report() {
    let s = XSettings {
        hashtag: None,
        ..settings()
    };
    assert_eq!(parse_delivery(&fixture("hashtag"), &s).unwrap(), vec![]);
}

#[test]
fn the_accounts_own_post_is_skipped_even_with_the_hashtag() {
    assert_eq!(parse("own_post"), vec![]);
}

#[test]
fn a_retweet_is_skipped_even_when_it_mentions_the_account() {
    assert_eq!(parse("retweet"), vec![]);
}

#[test]
fn an_answer_in_the_thread_of_the_accounts_reply_is_no_new_report() {
    // The citizen answers Aduan's public reply: X adds the account's mention by itself.
    let mut delivery: serde_json::Value = serde_json::from_slice(&fixture("mention")).unwrap();
    let account = delivery["for_user_id"].clone();
    let post = &mut delivery["tweet_create_events"][0];
    post["in_reply_to_status_id_str"] = serde_json::json!("1205348999999999999");
    post["in_reply_to_user_id_str"] = account;
    let body = serde_json::to_vec(&delivery).unwrap();
    assert_eq!(parse_delivery(&body, &settings()).unwrap(), vec![]);
    // A post that only starts with the account's handle (no thread) is a report.
    assert_eq!(parse("mention").len(), 1);
}

#[test]
fn a_post_neither_mentioning_the_account_nor_carrying_the_hashtag_is_skipped() {
    assert_eq!(parse("unrelated"), vec![]);
}

#[test]
fn a_direct_message_becomes_a_private_text() {
    assert_eq!(
        parse("dm_text"),
        vec![Incoming {
            network: Network::X,
            message_id: "1206724334791753732".into(),
            sender: citizen(),
            at: Utc.timestamp_millis_opt(1_576_540_475_925).unwrap(),
            via: Via::Direct,
            content: Content::Text(
                "Halo, saya mau melapor jalan rusak di Kecamatan Coblong.".into()
            ),
        }]
    );
}

#[test]
fn a_direct_message_with_a_photo_gives_its_url_and_the_text_without_the_link() {
    assert_eq!(
        parse("dm_photo"),
        vec![Incoming {
            network: Network::X,
            message_id: "1209117907864571908".into(),
            sender: citizen(),
            at: Utc.timestamp_millis_opt(1_577_111_148_216).unwrap(),
            via: Via::Direct,
            content: Content::Photo {
                media: MediaRef {
                    id: "https://ton.twitter.com/1.1/ton/data/dm/1209117907864571908/1209117874389843969/oP5p359h.jpg".into(),
                    mime: None,
                    file_name: None,
                },
                caption: Some("Ini fotonya, lubang di depan pasar".into()),
            },
        }]
    );
}

#[test]
fn a_direct_message_with_a_gif_is_unsupported() {
    let body = String::from_utf8(fixture("dm_photo"))
        .unwrap()
        .replace("\"type\": \"photo\"", "\"type\": \"animated_gif\"");
    let got = parse_delivery(body.as_bytes(), &settings()).unwrap();
    assert_eq!(got[0].content, Content::Unsupported("animated_gif".into()));
}

#[test]
fn the_accounts_own_direct_message_is_skipped() {
    assert_eq!(parse("dm_own"), vec![]);
}

#[test]
fn a_like_is_ignored() {
    assert_eq!(parse("favorite"), vec![]);
}

#[test]
fn the_account_is_matched_whatever_its_case_or_a_leading_at() {
    let s = XSettings {
        account: "@LAPOR1708".into(),
        hashtag: None,
        ..settings()
    };
    assert_eq!(parse_delivery(&fixture("mention"), &s).unwrap().len(), 1);
    assert_eq!(parse_delivery(&fixture("own_post"), &s).unwrap(), vec![]);
}

#[test]
fn an_event_that_cannot_be_read_is_skipped_and_the_others_kept() {
    let mut body: serde_json::Value = serde_json::from_slice(&fixture("mention")).unwrap();
    let events = body["tweet_create_events"].as_array_mut().unwrap();
    events.insert(0, serde_json::json!({"id_str": 5}));
    let got = parse_delivery(&serde_json::to_vec(&body).unwrap(), &settings()).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].message_id, "1205348660982083584");
}

#[test]
fn a_body_that_is_not_a_delivery_is_an_error_that_quotes_nothing_of_it() {
    let err = parse_delivery(br#"{"tweet_create_events": "rahasia"}"#, &settings()).unwrap_err();
    assert!(!err.to_string().contains("rahasia"), "{err}");
    assert!(parse_delivery(b"<xml/>", &settings()).is_err());
}
