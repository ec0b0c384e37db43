//! Every fixture, parsed into what the conversation gets.

use crate::support::fixture;
use aduan_chat_core::{Content, Incoming, MediaRef, Network, Sender, Via};
use aduan_telegram::payload::parse;
use chrono::{TimeZone, Utc};

fn one(name: &str) -> Incoming {
    parse(&fixture(name))
        .expect("the fixture is an Update")
        .expect("the fixture is taken")
}

fn budi(language: Option<&str>) -> Sender {
    Sender {
        id: "1111111".into(),
        display: Some("@budisantoso".into()),
        language: language.map(str::to_owned),
    }
}

#[test]
fn a_private_text_message_becomes_text_from_its_chat() {
    assert_eq!(
        one("text_private.json"),
        Incoming {
            network: Network::Telegram,
            message_id: "1111111:1365".into(),
            sender: budi(Some("id")),
            at: Utc.timestamp_opt(1441645532, 0).unwrap(),
            via: Via::Direct,
            content: Content::Text("Jalan berlubang di depan pasar".into()),
        }
    );
}

#[test]
fn a_photo_becomes_its_largest_size_with_the_caption() {
    let m = one("photo_caption.json");
    assert_eq!(m.message_id, "1111111:1366");
    assert_eq!(m.sender, budi(Some("id")));
    assert_eq!(
        m.content,
        Content::Photo {
            media: MediaRef {
                id: "AgACAgUAAxkBAAIBWGXlarge".into(),
                mime: Some("image/jpeg".into()),
                file_name: None,
            },
            caption: Some("Lampu jalan mati sejak seminggu".into()),
        }
    );
}

#[test]
fn a_document_keeps_its_type_name_and_caption() {
    let m = one("document.json");
    assert_eq!(m.sender, budi(None));
    assert_eq!(
        m.content,
        Content::Document {
            media: MediaRef {
                id: "AwADBAADbXXXXXXXXXXXGBdhD2l6_XX".into(),
                mime: Some("application/pdf".into()),
                file_name: Some("Surat_keluhan.pdf".into()),
            },
            caption: Some("Surat dari RT 03".into()),
        }
    );
}

#[test]
fn a_location_becomes_a_point_without_label() {
    assert_eq!(
        one("location.json").content,
        Content::Location {
            lat: -6.200123,
            lon: 106.816666,
            label: None,
        }
    );
}

#[test]
fn a_venue_becomes_a_point_labelled_with_title_and_address() {
    assert_eq!(
        one("venue.json").content,
        Content::Location {
            lat: -6.175392,
            lon: 106.827153,
            label: Some("Monumen Nasional, Gambir, Jakarta Pusat".into()),
        }
    );
}

#[test]
fn a_sticker_or_voice_note_is_named_as_unsupported() {
    assert_eq!(
        one("sticker.json").content,
        Content::Unsupported("sticker".into())
    );
    assert_eq!(
        one("voice.json").content,
        Content::Unsupported("voice".into())
    );
}

#[test]
fn a_sender_without_username_is_shown_by_name_and_language() {
    let m = one("language_en.json");
    assert_eq!(
        m.sender,
        Sender {
            id: "2222222".into(),
            display: Some("Sarah Miller".into()),
            language: Some("en".into()),
        }
    );
    assert_eq!(m.message_id, "2222222:12");
}

#[test]
fn a_group_message_and_an_edit_are_taken_but_pass_nothing() {
    assert_eq!(parse(&fixture("group_message.json")).unwrap(), None);
    assert_eq!(parse(&fixture("edited_message.json")).unwrap(), None);
}

#[test]
fn a_message_from_a_bot_passes_nothing() {
    let body = br#"{"update_id": 1, "message": {"message_id": 5, "date": 1441645532,
        "from": {"id": 9, "is_bot": true, "first_name": "Other bot"},
        "chat": {"id": 9, "type": "private", "first_name": "Other bot"}, "text": "spam"}}"#;
    assert_eq!(parse(body).unwrap(), None);
}

#[test]
fn an_animation_is_unsupported_even_though_it_carries_a_document() {
    let body = br#"{"update_id": 1, "message": {"message_id": 5, "date": 1441645532,
        "from": {"id": 7, "is_bot": false, "first_name": "Ani"},
        "chat": {"id": 7, "type": "private", "first_name": "Ani"},
        "animation": {"file_id": "CgAD", "file_unique_id": "u", "width": 1, "height": 1, "duration": 1},
        "document": {"file_id": "CgAD", "file_unique_id": "u", "mime_type": "video/mp4"}}}"#;
    assert_eq!(
        parse(body).unwrap().unwrap().content,
        Content::Unsupported("animation".into())
    );
}

#[test]
fn a_service_message_and_a_callback_query_pass_nothing() {
    let pinned = br#"{"update_id": 1, "message": {"message_id": 5, "date": 1441645532,
        "from": {"id": 7, "is_bot": false, "first_name": "Ani"},
        "chat": {"id": 7, "type": "private"}, "pinned_message": {"message_id": 4, "date": 0,
        "chat": {"id": 7, "type": "private"}}}}"#;
    assert_eq!(parse(pinned).unwrap(), None);
    let callback = br#"{"update_id": 2, "callback_query": {"id": "1", "data": "x",
        "from": {"id": 7, "is_bot": false, "first_name": "Ani"}, "chat_instance": "c"}}"#;
    assert_eq!(parse(callback).unwrap(), None);
}

#[test]
fn a_body_that_is_not_an_update_is_an_error() {
    assert!(parse(b"not json").is_err());
    assert!(parse(br#"{"message": {"text": "no update_id"}}"#).is_err());
}
