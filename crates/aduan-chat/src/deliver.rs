//! The outbox's chat messages, sent through the network of the handle they go to: the
//! conversation's answers (`chat_private`, sealed until sent, as they may name the sender;
//! `chat_text` of earlier versions, plain; the receipt `chat_filed` with its access code opened
//! from the outbox; a public reply `chat_public_reply`) and the notices of a report's
//! progress, worded from `chat-out-*` (a follow-up carries the agency's words as its
//! reporter sees them). The address is the handle `<network>:<id>`, looked up at delivery, so
//! an erased identity gets nothing. A network that needs a pre-approved template to reach
//! someone who has not written lately (WhatsApp) is told the notice and when the person last
//! wrote.

use crate::Networks;
use crate::texts::{arg, status, text};
use aduan_app::AppState;
use aduan_app::reports::viewer::Viewed;
use aduan_chat_core::{Media, Network, NetworkError, Outgoing, TemplateNotice};
use aduan_domain::TrackingId;
use aduan_jobs::{Outgoing as OutboxMessage, Transport};
use aduan_store::AttachmentId;
use async_trait::async_trait;
use std::sync::Arc;

/// The notices that have a chat text of their own; any other gets the generic one.
pub const NOTICES: &[&str] = &[
    "report_dispatched",
    "report_postponed",
    "report_archived",
    "report_deleted",
    "follow_up_posted",
    "report_completed",
    "report_auto_closed",
    "ombudsman_update",
    "identity_revealed",
];

/// The chat gateway of the outbox.
#[derive(Clone)]
pub struct ChatTransport {
    app: AppState,
    networks: Arc<Networks>,
}

impl std::fmt::Debug for ChatTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatTransport")
            .field("networks", &self.networks.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl ChatTransport {
    /// Sends through `networks`, reading reports and conversations from `app`.
    pub fn new(app: AppState, networks: Arc<Networks>) -> Self {
        ChatTransport { app, networks }
    }

    /// The agency's latest follow-up on `id`, as the reporter behind `handle` sees it.
    async fn follow_up(&self, id: &str, handle: &str) -> Option<String> {
        let id = TrackingId::parse(id).ok()?;
        let report = self.app.store.get_report(&id).await.ok()??;
        let seen = Viewed::by_chat(&self.app, report, handle).await.ok()?;
        if !seen.is_reporter() {
            return None;
        }
        let history = aduan_app::reports::read::history_of(&self.app, &seen)
            .await
            .ok()?;
        history
            .into_iter()
            .rev()
            .find(|e| e.action == "follow_up" && !e.internal)
            .and_then(|e| e.body)
    }

    /// The copy staff see of attachment `id` of report `report` (metadata removed), when it
    /// is a photo small enough to send back.
    async fn cleaned_photo(&self, report: &str, id: i64) -> Option<Media> {
        const MAX: i64 = 5 * 1024 * 1024;
        let a = self
            .app
            .store
            .get_attachment(AttachmentId(id))
            .await
            .ok()??;
        if a.report.as_str() != report || !a.mime.starts_with("image/") || a.sanitized_size > MAX {
            return None;
        }
        let key = aduan_attachments::BlobKey::parse(&a.sanitized_key).ok()?;
        let read = self.app.attachments.blobs.get(&key).await.ok()??;
        let bytes = read.into_bytes().await.ok()?;
        let ext = aduan_attachments::Format::from_mime(&a.mime).map_or("jpg", |f| f.extension());
        Some(Media {
            bytes: bytes.into(),
            mime: Some(a.mime),
            file_name: Some(format!("{report}.{ext}")),
        })
    }

    /// The message `m` asks for, as the network gets it.
    async fn compose(&self, m: &OutboxMessage, handle: &str) -> Outgoing {
        let lang = m.language;
        let field = |name: &str| {
            m.payload
                .get(name)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let id = field("tracking_id");
        match m.template.as_str() {
            "chat_text" => Outgoing::text(field("text")),
            // Sealed until now; once sent, nothing of it is kept. A dead answer sent again from
            // the back office has lost its text: the sender is asked to write again.
            "chat_private" => Outgoing::text(match m.secret.as_ref() {
                Some(s) => s.as_str().to_owned(),
                None => text(lang, "chat-answer-gone", &[]),
            }),
            "chat_public_reply" => Outgoing {
                reply_to_post: Some(field("reply_to_post")),
                ..Outgoing::text(field("text"))
            },
            "chat_filed" => {
                let anonymous = m.payload.get("anonymous").and_then(|v| v.as_bool()) == Some(true);
                // A filing found again (its delivery handled twice) has no code to show.
                let key = match (m.secret.is_some(), anonymous) {
                    (false, _) => "chat-filed-again",
                    (true, true) => "chat-filed-anonymous",
                    (true, false) => "chat-filed",
                };
                let code = m
                    .secret
                    .as_ref()
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default();
                let mut body = text(lang, key, &[("id", arg(id.clone())), ("code", arg(code))]);
                let photo = match m.payload.get("photo").and_then(|v| v.as_i64()) {
                    Some(a) => self.cleaned_photo(&id, a).await,
                    None => None,
                };
                if photo.is_some() {
                    body.push('\n');
                    body.push_str(&text(lang, "chat-filed-photo", &[]));
                }
                Outgoing {
                    photo,
                    ..Outgoing::text(body)
                }
            }
            notice => {
                let status_name = match field("status") {
                    s if s.is_empty() => String::new(),
                    s => status(lang, &s),
                };
                let agency = match field("agency_name") {
                    a if a.is_empty() => text(lang, "chat-out-agency-unknown", &[]),
                    a => a,
                };
                let words = match notice {
                    "follow_up_posted" => self.follow_up(&id, handle).await.unwrap_or_default(),
                    "identity_revealed" => field("reason"),
                    _ => String::new(),
                };
                let key = if NOTICES.contains(&notice) {
                    format!("chat-out-{notice}")
                } else {
                    "chat-out-generic".to_owned()
                };
                let body = text(
                    lang,
                    &key,
                    &[
                        ("id", arg(id.clone())),
                        ("status", arg(status_name.clone())),
                        ("agency", arg(agency)),
                        ("text", arg(words)),
                    ],
                );
                Outgoing {
                    template: Some(TemplateNotice {
                        notice: notice.to_owned(),
                        language: lang.as_str().to_owned(),
                        params: vec![id, status_name],
                    }),
                    ..Outgoing::text(body)
                }
            }
        }
    }
}

/// Splits a handle `<network>:<id>`.
fn split(handle: &str) -> Option<(Network, &str)> {
    let (network, id) = handle.split_once(':')?;
    Some((Network::parse(network)?, id))
}

#[async_trait]
impl Transport for ChatTransport {
    async fn send(&self, m: &OutboxMessage) -> Result<(), String> {
        let handle = m
            .address
            .as_deref()
            .ok_or("the reporter has no chat handle (erased?)")?;
        let (network, to) = split(handle).ok_or("not a chat handle")?;
        if to.is_empty() {
            return Err("a chat handle without an id".into());
        }
        let client = self
            .networks
            .get(&network)
            .ok_or_else(|| format!("{network} is not switched on"))?;
        let mut out = self.compose(m, handle).await;
        out.last_inbound = self
            .app
            .store
            .get_chat_conversation(network.as_str(), to)
            .await
            .map_err(|e| format!("cannot read the conversation: {e}"))?
            .map(|c| c.last_inbound_at);
        match client.send(to, &out).await {
            Ok(_) => Ok(()),
            Err(NetworkError::Temporary(e)) => Err(format!("{network}: {e}")),
            Err(NetworkError::Permanent(e)) => Err(format!("{network} refused it: {e}")),
        }
    }
}
