//! Reading one RFC 5322 message with `mail-parser`: MIME structure, quoted-printable and
//! base64, encoded words and the charsets mail really uses (UTF-8, ISO-8859-*, windows-125*),
//! into the few things intake needs.

use mail_parser::{Message, MessageParser, MimeHeaders};

/// A mailbox: an address and the display name given with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// The display name, if any.
    pub name: Option<String>,
    /// The address, lower-cased.
    pub address: String,
}

/// A file carried by the message.
#[derive(Debug, Clone)]
pub struct Part {
    /// The file name given by the sender (`lampiran` when none).
    pub name: String,
    /// The decoded bytes.
    pub bytes: Vec<u8>,
    /// Shown inside the text (a pasted picture, a signature logo) rather than attached.
    pub inline: bool,
}

/// What intake reads from a message.
#[derive(Debug, Clone, Default)]
pub struct Incoming {
    /// The Message-ID without angle brackets.
    pub message_id: Option<String>,
    /// The first author.
    pub from: Option<Mailbox>,
    /// The subject, decoded and trimmed (empty when none).
    pub subject: String,
    /// The text: every text part in order (HTML ones converted to text).
    pub text: String,
    /// Recipient addresses, lower-cased: To, Cc, Delivered-To, X-Original-To, Envelope-To.
    pub recipients: Vec<String>,
    /// Message ids this message answers: In-Reply-To, then References.
    pub references: Vec<String>,
    /// Files, in order.
    pub attachments: Vec<Part>,
    /// Every header, name lower-cased, value unfolded and trimmed.
    pub headers: Vec<(String, String)>,
    /// Media types of every MIME part, the top one first (`multipart/report`).
    pub part_types: Vec<String>,
    /// The top part's `report-type` parameter (`delivery-status` in a DSN).
    pub report_type: Option<String>,
}

impl Incoming {
    /// The values of header `name` (any case), in order.
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads a message; `None` when the bytes are not a message at all.
pub fn parse(raw: &[u8]) -> Option<Incoming> {
    let m = MessageParser::default().parse(raw)?;
    if m.headers().is_empty() {
        return None;
    }
    let headers: Vec<(String, String)> = m
        .headers_raw()
        .map(|(n, v)| (n.to_ascii_lowercase(), unfold(v)))
        .collect();
    let from = m
        .from()
        .and_then(|a| a.first())
        .and_then(|a| {
            let address = a.address()?.trim().to_lowercase();
            Some(Mailbox {
                name: a
                    .name()
                    .map(|n| n.trim().to_owned())
                    .filter(|n| !n.is_empty()),
                address,
            })
        })
        .filter(|mb| mb.address.contains('@'));
    let mut recipients: Vec<String> = [m.to(), m.cc()]
        .into_iter()
        .flatten()
        .flat_map(|list| list.iter())
        .filter_map(|a| a.address().map(|s| s.trim().to_lowercase()))
        .collect();
    for (name, value) in &headers {
        if matches!(
            name.as_str(),
            "delivered-to" | "x-original-to" | "envelope-to"
        ) {
            recipients.push(bare_address(value));
        }
    }
    let mut seen = std::collections::HashSet::new();
    recipients.retain(|r| r.contains('@') && seen.insert(r.clone()));
    let mut references: Vec<String> = Vec::new();
    for value in [m.in_reply_to(), m.references()] {
        if let Some(ids) = value.as_text_list() {
            references.extend(ids.iter().map(|s| s.to_string()));
        } else if let Some(id) = value.as_text() {
            references.push(id.to_owned());
        }
    }
    let top = m.root_part();
    Some(Incoming {
        message_id: m.message_id().map(str::to_owned).filter(|s| !s.is_empty()),
        from,
        subject: m.subject().map(|s| s.trim().to_owned()).unwrap_or_default(),
        text: text_of(&m),
        recipients,
        references,
        attachments: files_of(&m),
        part_types: m
            .parts
            .iter()
            .filter_map(|p| p.content_type())
            .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or("")).to_lowercase())
            .collect(),
        report_type: top
            .content_type()
            .and_then(|c| c.attribute("report-type"))
            .map(str::to_lowercase),
        headers,
    })
}

/// A header value on one line, folding whitespace collapsed.
fn unfold(v: &str) -> String {
    v.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `Name <a@b>` or `<a@b>` or `a@b`, as the bare lower-cased address.
fn bare_address(v: &str) -> String {
    let v = v.trim();
    let inner = match (v.rfind('<'), v.rfind('>')) {
        (Some(s), Some(e)) if s < e => &v[s + 1..e],
        _ => v,
    };
    inner.trim().to_lowercase()
}

fn text_of(m: &Message<'_>) -> String {
    let parts: Vec<String> = (0..m.text_body_count())
        .filter_map(|i| m.body_text(i))
        .map(|t| t.replace("\r\n", "\n").trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    parts.join("\n\n")
}

fn files_of(m: &Message<'_>) -> Vec<Part> {
    m.attachments()
        .filter(|p| {
            p.content_type().is_none_or(|c| {
                !c.ctype().eq_ignore_ascii_case("message")
                    && !c.ctype().eq_ignore_ascii_case("text")
            })
        })
        .map(|p| {
            let attached = p.content_disposition().is_some_and(|d| d.is_attachment());
            Part {
                name: p
                    .attachment_name()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .unwrap_or("lampiran")
                    .to_owned(),
                bytes: p.contents().to_vec(),
                inline: !attached,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{bare_address, parse};

    #[test]
    fn delivered_to_headers_count_as_recipients() {
        let raw = b"Delivered-To: Lapor+ABC@Aduan.Example\nFrom: a@b.example\nTo: x@y.example\nSubject: s\n\nhalo\n";
        let m = parse(raw).unwrap();
        assert_eq!(m.recipients, ["x@y.example", "lapor+abc@aduan.example"]);
        assert_eq!(bare_address("Siti <S@X.id>"), "s@x.id");
    }

    #[test]
    fn bytes_that_are_no_message_give_nothing() {
        assert!(parse(b"").is_none());
    }
}
