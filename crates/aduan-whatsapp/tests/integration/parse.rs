//! Every fixture becomes the expected `Incoming` values.

use crate::support::{PHONE_NUMBER_ID, fixture};
use aduan_chat_core::{Content, Incoming, MediaRef, Network, Sender, Via};
use aduan_whatsapp::parse_delivery;
use chrono::DateTime;

fn parsed(name: &str) -> Vec<Incoming> {
    parse_delivery(&fixture(name), PHONE_NUMBER_ID).unwrap()
}

fn incoming(id: &str, from: &str, name: &str, at: i64, content: Content) -> Incoming {
    Incoming {
        network: Network::WhatsApp,
        message_id: id.into(),
        sender: Sender {
            id: from.into(),
            display: Some(name.into()),
            language: None,
        },
        at: DateTime::from_timestamp(at, 0).unwrap(),
        via: Via::Direct,
        content,
    }
}

#[test]
fn a_text_message_becomes_text_from_its_sender() {
    assert_eq!(
        parsed("text.json"),
        vec![incoming(
            "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFDNBNEE2NTk5QUVFMDM4MTAxNDRGAA==",
            "6281234567890",
            "Siti Rahayu",
            1765000000,
            Content::Text("Lampu jalan di Jl. Merdeka No. 10 mati sejak seminggu.".into()),
        )]
    );
}

#[test]
fn an_image_with_a_caption_becomes_a_photo_with_its_media_id() {
    assert_eq!(
        parsed("image_with_caption.json"),
        vec![incoming(
            "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBDNzY5RDU0QjYxMUYxNzQ4QTUA",
            "6281234567890",
            "Siti Rahayu",
            1765000060,
            Content::Photo {
                media: MediaRef {
                    id: "2754859441498128".into(),
                    mime: Some("image/jpeg".into()),
                    file_name: None,
                },
                caption: Some("Jalan berlubang di depan pasar".into()),
            },
        )]
    );
}

#[test]
fn a_document_keeps_its_file_name_type_and_caption() {
    assert_eq!(
        parsed("document.json"),
        vec![incoming(
            "wamid.HBgNNjI4NTcxMjM0NTY3OBUCABIYFjNFQjA0RjVBMkQ3NjFCMzQ4RDk5RjgA",
            "6285712345678",
            "Budi Santoso",
            1765000120,
            Content::Document {
                media: MediaRef {
                    id: "1013859600285441".into(),
                    mime: Some("application/pdf".into()),
                    file_name: Some("surat-rt-05.pdf".into()),
                },
                caption: Some("Surat keterangan dari RT".into()),
            },
        )]
    );
}

#[test]
fn a_location_joins_its_name_and_address_as_the_label() {
    assert_eq!(
        parsed("location.json"),
        vec![incoming(
            "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjA5QkIzMUQ0RTBCNzE3MUIyRkYA",
            "6281234567890",
            "Siti Rahayu",
            1765000180,
            Content::Location {
                lat: -6.1753924,
                lon: 106.8271528,
                label: Some(
                    "Monumen Nasional, Jl. Medan Merdeka Barat No. 12, Jakarta Pusat".into()
                ),
            },
        )]
    );
}

#[test]
fn a_sticker_and_an_unsupported_message_are_unsupported_by_their_type() {
    let sticker = parsed("sticker.json");
    assert_eq!(sticker.len(), 1);
    assert_eq!(sticker[0].content, Content::Unsupported("sticker".into()));
    let unknown = parsed("unsupported.json");
    assert_eq!(unknown.len(), 1);
    assert_eq!(
        unknown[0].content,
        Content::Unsupported("unsupported".into())
    );
    assert_eq!(unknown[0].sender.id, "6285712345678");
}

#[test]
fn a_status_update_gives_no_message() {
    assert!(parsed("status_only.json").is_empty());
}

#[test]
fn two_messages_come_in_order_with_each_senders_name_and_other_numbers_are_left_out() {
    let got = parsed("two_messages.json");
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].sender.display.as_deref(), Some("Siti Rahayu"));
    assert_eq!(
        got[0].content,
        Content::Text("Sampah menumpuk di TPS Kelurahan Menteng.".into())
    );
    assert_eq!(got[1].sender.id, "6285712345678");
    assert_eq!(got[1].sender.display.as_deref(), Some("Budi Santoso"));
    assert_eq!(got[1].content, Content::Unsupported("audio".into()));
    assert_eq!(got[1].at.timestamp(), 1765000501);
}

#[test]
fn a_delivery_for_another_phone_number_gives_nothing() {
    assert!(
        parse_delivery(&fixture("text.json"), "999")
            .unwrap()
            .is_empty()
    );
}

#[test]
fn every_fixture_names_its_source() {
    for name in [
        "text.json",
        "image_with_caption.json",
        "document.json",
        "location.json",
        "sticker.json",
        "unsupported.json",
        "status_only.json",
        "two_messages.json",
    ] {
        let v: serde_json::Value = serde_json::from_slice(&fixture(name)).unwrap();
        assert!(
            v["_fixture"]["source"]
                .as_str()
                .unwrap()
                .starts_with("https://"),
            "{name}"
        );
        assert_eq!(v["object"], "whatsapp_business_account", "{name}");
    }
}
