//! Payloads in each network's format, from the adapters' recorded fixtures with only the
//! message id, text and media changed; and the reports as the national admin sees them.

use aduan_testkit::{As, TestApp};
use serde_json::{Value, json};

#[path = "../../../aduan-attachments/tests/attachments/fixtures.rs"]
#[allow(dead_code)]
pub mod files;

fn fixture(crate_name: &str, name: &str) -> Value {
    let path = format!(
        "{}/../{crate_name}/tests/fixtures/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// A Telegram text message from Budi's private chat.
pub fn tg_text(message_id: i64, text: &str) -> Value {
    let mut u = fixture("aduan-telegram", "text_private");
    u["update_id"] = json!(10_000 + message_id);
    u["message"]["message_id"] = json!(message_id);
    u["message"]["text"] = json!(text);
    u
}

/// A Telegram photo from Budi's private chat; the largest size's file id.
pub fn tg_photo(message_id: i64, caption: Option<&str>) -> (Value, String) {
    let mut u = fixture("aduan-telegram", "photo_caption");
    u["update_id"] = json!(10_000 + message_id);
    u["message"]["message_id"] = json!(message_id);
    match caption {
        Some(c) => u["message"]["caption"] = json!(c),
        None => {
            u["message"].as_object_mut().unwrap().remove("caption");
        }
    }
    let largest = u["message"]["photo"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|p| p["width"].as_i64().unwrap() * p["height"].as_i64().unwrap())
        .unwrap()["file_id"]
        .as_str()
        .unwrap()
        .to_owned();
    (u, largest)
}

/// A Telegram location from Budi's private chat.
pub fn tg_location(message_id: i64) -> Value {
    let mut u = fixture("aduan-telegram", "location");
    u["update_id"] = json!(10_000 + message_id);
    u["message"]["message_id"] = json!(message_id);
    u
}

/// Budi's Telegram chat id, as the fixtures have it.
pub fn tg_chat_id() -> String {
    fixture("aduan-telegram", "text_private")["message"]["chat"]["id"].to_string()
}

/// A WhatsApp delivery holding one text message from Siti.
pub fn wa_text(id: &str, text: &str) -> Value {
    let mut d = fixture("aduan-whatsapp", "text");
    let m = &mut d["entry"][0]["changes"][0]["value"]["messages"][0];
    m["id"] = json!(id);
    m["text"]["body"] = json!(text);
    d
}

/// A WhatsApp delivery holding one photo from Siti with `caption`; the media id.
pub fn wa_image(id: &str, caption: &str) -> (Value, String) {
    let mut d = fixture("aduan-whatsapp", "image_with_caption");
    let m = &mut d["entry"][0]["changes"][0]["value"]["messages"][0];
    m["id"] = json!(id);
    m["image"]["caption"] = json!(caption);
    let media = m["image"]["id"].as_str().unwrap().to_owned();
    (d, media)
}

/// Siti's WhatsApp number, as the fixtures have it.
pub fn wa_number() -> String {
    let d = fixture("aduan-whatsapp", "text");
    d["entry"][0]["changes"][0]["value"]["messages"][0]["from"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// An X delivery holding one post mentioning the account.
pub fn x_mention() -> Value {
    fixture("aduan-x", "mention")
}

/// An X delivery holding one direct message with `text` and event id `id`.
pub fn x_dm(id: &str, text: &str) -> Value {
    let mut d = fixture("aduan-x", "dm_text");
    let e = &mut d["direct_message_events"][0];
    e["id"] = json!(id);
    e["message_create"]["message_data"]["text"] = json!(text);
    d
}

/// The tracking id after "Nomor laporan: " (or "Report number: ") in an answer.
pub fn tracking_id_in(answer: &str) -> String {
    let at = answer
        .find("laporan: ")
        .map(|i| i + "laporan: ".len())
        .or_else(|| answer.find("number: ").map(|i| i + "number: ".len()))
        .unwrap_or_else(|| panic!("no report number in {answer:?}"));
    answer[at..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect()
}

/// How many reports the national admin sees.
pub async fn report_count(app: &TestApp) -> usize {
    let token = app.login("national").await;
    let res = app
        .get("/api/v1/reports?limit=100", As::Token(&token))
        .await;
    res.body["items"].as_array().unwrap().len()
}

/// A report as the national admin sees it.
pub async fn report(app: &TestApp, id: &str) -> Value {
    let token = app.login("national").await;
    let res = app
        .get(&format!("/api/v1/reports/{id}"), As::Token(&token))
        .await;
    assert_eq!(res.status, axum::http::StatusCode::OK, "{}", res.text);
    res.body
}
