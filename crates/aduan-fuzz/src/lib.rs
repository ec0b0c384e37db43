//! The fuzz targets of every parser of outside input, as plain functions of bytes: the SMS
//! text and its commands, tracking ids, access codes, e-mail intake, the LAPOR! XML intake,
//! Open311's form, the chat networks' payloads (Telegram, WhatsApp, X), the directory's CSV
//! and the categories' JSON, every attachment format (type by content, then the cleaner), and
//! an upload's multipart body as the API reads it.
//! Each must answer any input with a value or an error, never a panic, and keep its own
//! promises (a tracking id that parses prints back to itself). `fuzz/` runs them under
//! libFuzzer (`scripts/fuzz`); `tests/replay.rs` runs every committed corpus file through them
//! in `cargo test`.

use aduan_domain::TrackingId;
use std::collections::BTreeMap;

/// A target: its name (the corpus directory under `fuzz/corpus/`) and its function.
pub type Target = (&'static str, fn(&[u8]));

/// Every target, by name.
pub const TARGETS: &[Target] = &[
    ("sms_command", sms_command),
    ("tracking_id", tracking_id),
    ("access_code", access_code),
    ("mail_intake", mail_intake),
    ("lapor_xml", lapor_xml),
    ("open311_form", open311_form),
    ("telegram", telegram),
    ("whatsapp", whatsapp),
    ("x", x),
    ("directory_csv", directory_csv),
    ("categories_json", categories_json),
    ("attachment", attachment),
    ("multipart", multipart),
];

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// An SMS's text as the short code reads it (commands, ids typed in groups, region keywords).
pub fn sms_command(data: &[u8]) {
    let mut keywords = BTreeMap::new();
    keywords.insert("SBY".to_owned(), "kota-surabaya".to_owned());
    let _ = aduan_sms::parse(&text(data), &keywords);
}

/// A tracking id as typed anywhere: one that parses prints back as itself and parses again.
pub fn tracking_id(data: &[u8]) {
    if let Ok(id) = TrackingId::parse(&text(data)) {
        let again = TrackingId::parse(&id.to_string()).ok();
        assert_eq!(again, Some(id), "a printed id parses as the same id");
    }
}

/// An access code as typed: normalised, then hashed; normalising twice changes nothing.
pub fn access_code(data: &[u8]) {
    let once = aduan_app::auth::normalise_access_code(&text(data));
    assert_eq!(aduan_app::auth::normalise_access_code(&once), once);
    let _ = aduan_app::auth::hash_secret(&once);
}

/// A raw e-mail as the intake reads it (MIME, headers, parts).
pub fn mail_intake(data: &[u8]) {
    if let Some(mail) = aduan_mail::inbound::parse(data) {
        let _ = aduan_mail::inbound::new_text(&mail.text);
    }
}

/// A LAPOR! XML delivery.
pub fn lapor_xml(data: &[u8]) {
    let _ = aduan_lapor_xml::read(data);
}

/// An Open311 `POST /requests` form as the endpoint decodes it, and its service code.
pub fn open311_form(data: &[u8]) {
    if let Ok(fields) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(data) {
        for (key, value) in &fields {
            if key == "service_code" {
                let _ = aduan_app::open311::category_of(value);
            }
        }
    }
}

/// A Telegram update.
pub fn telegram(data: &[u8]) {
    let _ = aduan_telegram::payload::parse(data);
}

/// A WhatsApp Cloud API delivery.
pub fn whatsapp(data: &[u8]) {
    let _ = aduan_whatsapp::parse_delivery(data, "106540352242922");
}

/// An X Account Activity delivery.
pub fn x(data: &[u8]) {
    let _ = aduan_x::parse_delivery(data, &aduan_x::XSettings::default());
}

/// The directory's CSV, as `aduan directory import` reads it.
pub fn directory_csv(data: &[u8]) {
    let _ = aduan_directory::parse_directory_csv(&text(data), "fuzz.csv");
}

/// The categories' JSON.
pub fn categories_json(data: &[u8]) {
    let _ = aduan_directory::parse_categories(&text(data), "fuzz.json");
}

/// An uploaded file: its type found from its content, then cleaned of what identifies its
/// maker (JPEG, PNG, WebP, PDF, MP4, QuickTime).
pub fn attachment(data: &[u8]) {
    let limits = aduan_attachments::Limits::default();
    let _ = aduan_attachments::prepare(data, "lampiran", &limits);
}

thread_local! {
    /// The runtime the multipart reader (async) runs on, one per fuzzing thread.
    static RUNTIME: Option<tokio::runtime::Runtime> =
        tokio::runtime::Builder::new_current_thread().build().ok();
}

/// An upload's multipart body (boundary `aduan`) as the API reads it: every part through
/// axum's multipart reader, the `file` part chunk by chunk through the gate that decides its
/// type from its first bytes and refuses it past its kind's limit.
pub fn multipart(data: &[u8]) {
    use axum::extract::{FromRequest, Multipart};
    let body = axum::body::Body::from(data.to_vec());
    let Ok(req) = axum::http::Request::post("/")
        .header("content-type", "multipart/form-data; boundary=aduan")
        .body(body)
    else {
        return;
    };
    RUNTIME.with(|rt| {
        let Some(rt) = rt else { return };
        rt.block_on(async {
            let Ok(mut parts) = Multipart::from_request(req, &()).await else {
                return;
            };
            while let Ok(Some(mut field)) = parts.next_field().await {
                let mut gate = (field.name() == Some("file"))
                    .then(|| aduan_attachments::Gate::new(aduan_attachments::Limits::default()));
                while let Ok(Some(chunk)) = field.chunk().await {
                    if gate.as_mut().is_some_and(|g| g.push(&chunk).is_err()) {
                        gate = None;
                    }
                }
                if let Some(g) = gate {
                    let _ = g.finish();
                }
            }
        });
    });
}
