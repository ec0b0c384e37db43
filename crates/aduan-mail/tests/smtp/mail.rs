//! The messages the SMTP sink kept, read back with a MIME parser as a mail client would.

use mail_parser::MessageParser;
use std::path::Path;

/// One received message.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The envelope's recipients.
    pub rcpt_to: Vec<String>,
    /// The envelope's sender.
    pub mail_from: String,
    /// `To` header address.
    pub to: String,
    /// `Subject`, decoded.
    pub subject: String,
    /// `Message-ID` without the angle brackets.
    pub message_id: String,
    /// `Reply-To` address, if any.
    pub reply_to: Option<String>,
    /// `Auto-Submitted`.
    pub auto_submitted: Option<String>,
    /// `Content-Language`.
    pub language: Option<String>,
    /// The plain-text part, decoded.
    pub text: String,
    /// The HTML part, decoded.
    pub html: String,
    /// The message exactly as received (headers and encoded body).
    pub raw: String,
}

impl Mail {
    /// Everything a reader could see: the raw message and the decoded parts.
    pub fn everything(&self) -> String {
        format!(
            "{}\n{}\n{}\n{}",
            self.raw, self.subject, self.text, self.html
        )
    }
}

/// Every message in `dir`, in arrival order (a message counts once its envelope is written).
pub fn read_all(dir: &Path) -> Vec<Mail> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".json"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
        .iter()
        .map(|name| {
            let stem = name.trim_end_matches(".json");
            let envelope: serde_json::Value =
                serde_json::from_slice(&std::fs::read(dir.join(name)).unwrap()).unwrap();
            let raw = std::fs::read(dir.join(format!("{stem}.eml"))).unwrap();
            parse(&raw, &envelope)
        })
        .collect()
}

fn parse(raw: &[u8], envelope: &serde_json::Value) -> Mail {
    let m = MessageParser::default().parse(raw).expect("a MIME message");
    let first = |a: Option<&mail_parser::Address<'_>>| {
        a.and_then(|a| a.first())
            .and_then(|a| a.address())
            .map(str::to_owned)
    };
    Mail {
        rcpt_to: envelope["rcpt_tos"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect(),
        mail_from: envelope["mail_from"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        to: first(m.to()).unwrap_or_default(),
        subject: m.subject().unwrap_or_default().to_owned(),
        message_id: m.message_id().unwrap_or_default().to_owned(),
        reply_to: first(m.reply_to()),
        auto_submitted: m.header_raw("Auto-Submitted").map(|v| v.trim().to_owned()),
        language: m
            .header_raw("Content-Language")
            .map(|v| v.trim().to_owned()),
        text: m.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
        html: m.body_html(0).map(|t| t.into_owned()).unwrap_or_default(),
        raw: String::from_utf8_lossy(raw).into_owned(),
    }
}
