//! Where delivered messages go: through the channels' gateways (SMTP for e-mail, the SMS
//! gateway), each a [`Transport`], routed by the message's channel; or only to the log (a
//! deployment without gateways); or, in tests, into memory.

use aduan_store::{Language, NotifyChannel, OutboxId, RecipientKind};
use async_trait::async_trait;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use zeroize::Zeroizing;

/// One message on its way out, with its secret opened and its address looked up.
pub struct Outgoing {
    /// The outbox row.
    pub id: OutboxId,
    /// Sent with the message so that a receiver can drop a repeat (later the SMTP Message-ID).
    pub dedup_key: String,
    /// How `recipient` is read.
    pub recipient_kind: RecipientKind,
    /// Reporter id, user id or address, as stored.
    pub recipient: String,
    /// The e-mail address or phone number for `channel`, when one is known.
    pub address: Option<String>,
    /// How it travels.
    pub channel: NotifyChannel,
    /// Template name.
    pub template: String,
    /// Language.
    pub language: Language,
    /// The template's values.
    pub payload: serde_json::Value,
    /// The opened secret (an access code), if the message has one.
    pub secret: Option<Zeroizing<String>>,
}

impl std::fmt::Debug for Outgoing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outgoing")
            .field("id", &self.id)
            .field("dedup_key", &self.dedup_key)
            .field("recipient_kind", &self.recipient_kind)
            .field("channel", &self.channel)
            .field("template", &self.template)
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

/// A channel's gateway: takes one message or says why it could not. An error is recorded on
/// the message (and shown to staff, so it must not quote an address unmasked: see
/// [`crate::mask`]) and the delivery is retried with backoff until the message dies.
#[async_trait]
pub trait Transport: Send + Sync + std::fmt::Debug {
    /// Hands `m` to the gateway.
    async fn send(&self, m: &Outgoing) -> Result<(), String>;
}

/// A message the memory notifier kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivered {
    /// The outbox row.
    pub id: OutboxId,
    /// Dedup key.
    pub dedup_key: String,
    /// Address, if known.
    pub address: Option<String>,
    /// Channel.
    pub channel: NotifyChannel,
    /// Template.
    pub template: String,
    /// Language.
    pub language: Language,
    /// Values.
    pub payload: serde_json::Value,
    /// The secret in clear, as the recipient would read it.
    pub secret: Option<String>,
}

/// Keeps messages in the process, for tests; can be told to fail.
#[derive(Debug, Clone, Default)]
pub struct MemoryNotifier {
    sent: Arc<Mutex<Vec<Delivered>>>,
    failures: Arc<AtomicU32>,
}

impl MemoryNotifier {
    /// The messages delivered so far, in order.
    pub fn sent(&self) -> Vec<Delivered> {
        self.sent.lock().map(|v| v.clone()).unwrap_or_default()
    }

    /// Makes the next `n` sends fail, as an unreachable gateway would.
    pub fn fail_next(&self, n: u32) {
        self.failures.store(n, Ordering::SeqCst);
    }
}

/// Why a notifier cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotifierError {
    /// The memory notifier was asked for in production.
    #[error(
        "the memory notifier keeps messages inside the process and loses them; it is for tests only"
    )]
    MemoryInProduction,
    /// No notifier has that name.
    #[error("unknown notifier `{0}` (known: log)")]
    Unknown(String),
}

/// One log line for `m`, without its secret or anything that identifies anyone.
fn log(m: &Outgoing) -> Result<(), String> {
    tracing::info!(
        target: "aduan_jobs::notify",
        message_id = %m.dedup_key,
        outbox = %m.id,
        channel = %m.channel,
        template = %m.template,
        language = %m.language,
        recipient_kind = %m.recipient_kind,
        with_secret = m.secret.is_some(),
        "notification delivered to the log"
    );
    Ok(())
}

/// A gateway that only writes the log line of [`Notifier::Log`].
#[derive(Debug)]
struct LogTransport;

#[async_trait]
impl Transport for LogTransport {
    async fn send(&self, m: &Outgoing) -> Result<(), String> {
        log(m)
    }
}

/// The delivery backend.
#[derive(Debug, Clone)]
pub enum Notifier {
    /// One log line per message, without the secret or anything that identifies anyone.
    Log,
    /// Kept in memory (tests only).
    Memory(MemoryNotifier),
    /// Through the channels' gateways, by the message's channel: e-mail through `email`, SMS
    /// through `sms`, partners' webhooks through `webhook`. A channel without a gateway fails
    /// (so the message is retried, then dies and shows on the staff page); `log` messages go
    /// to the log.
    Gateways {
        /// The e-mail gateway (SMTP).
        email: Option<Arc<dyn Transport>>,
        /// The SMS gateway.
        sms: Option<Arc<dyn Transport>>,
        /// Partners' webhooks.
        webhook: Option<Arc<dyn Transport>>,
        /// Chat and social networks (Telegram, WhatsApp, X).
        chat: Option<Arc<dyn Transport>>,
    },
}

impl Notifier {
    /// The notifier a deployment names in its settings; the memory notifier is refused.
    pub fn production(name: &str) -> Result<Self, NotifierError> {
        match name.trim() {
            "log" => Ok(Self::Log),
            "memory" => Err(NotifierError::MemoryInProduction),
            other => Err(NotifierError::Unknown(other.to_owned())),
        }
    }

    /// This notifier with partners' webhooks posted through `webhook`: a webhook is a
    /// partner system's copy of a change and must really go out, even on a deployment whose
    /// e-mail and SMS notices only go to the log. The memory notifier keeps webhooks too.
    pub fn with_webhooks(self, webhook: Arc<dyn Transport>) -> Self {
        match self {
            Self::Gateways {
                email, sms, chat, ..
            } => Self::Gateways {
                email,
                sms,
                webhook: Some(webhook),
                chat,
            },
            Self::Log => Self::Gateways {
                email: Some(Arc::new(LogTransport)),
                sms: Some(Arc::new(LogTransport)),
                webhook: Some(webhook),
                chat: None,
            },
            memory @ Self::Memory(_) => memory,
        }
    }

    /// This notifier with chat messages sent through `chat`: a chat's answers are the
    /// conversation itself and must really go out, even on a deployment whose e-mail and SMS
    /// notices only go to the log. The memory notifier keeps chat messages too.
    pub fn with_chat(self, chat: Arc<dyn Transport>) -> Self {
        match self {
            Self::Gateways {
                email,
                sms,
                webhook,
                ..
            } => Self::Gateways {
                email,
                sms,
                webhook,
                chat: Some(chat),
            },
            Self::Log => Self::Gateways {
                email: Some(Arc::new(LogTransport)),
                sms: Some(Arc::new(LogTransport)),
                webhook: None,
                chat: Some(chat),
            },
            memory @ Self::Memory(_) => memory,
        }
    }

    /// A memory notifier and a handle to read what it kept.
    pub fn memory() -> (Self, MemoryNotifier) {
        let m = MemoryNotifier::default();
        (Self::Memory(m.clone()), m)
    }

    /// Sends one message; the error says why it could not go.
    pub async fn send(&self, m: &Outgoing) -> Result<(), String> {
        match self {
            Self::Gateways {
                email,
                sms,
                webhook,
                chat,
            } => {
                let gateway = match m.channel {
                    NotifyChannel::Email => email,
                    NotifyChannel::Sms => sms,
                    NotifyChannel::Webhook => webhook,
                    NotifyChannel::Chat => chat,
                    NotifyChannel::Log => return log(m),
                };
                match gateway {
                    Some(g) => g.send(m).await,
                    None => Err(format!(
                        "no {} gateway is configured on this worker",
                        m.channel
                    )),
                }
            }
            Self::Log => log(m),
            Self::Memory(mem) => {
                let fail = mem
                    .failures
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok();
                if fail {
                    return Err("the memory gateway refused the message".into());
                }
                if let Ok(mut sent) = mem.sent.lock() {
                    sent.push(Delivered {
                        id: m.id,
                        dedup_key: m.dedup_key.clone(),
                        address: m.address.clone(),
                        channel: m.channel,
                        template: m.template.clone(),
                        language: m.language,
                        payload: m.payload.clone(),
                        secret: m.secret.as_ref().map(|s| s.as_str().to_owned()),
                    });
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn production_refuses_the_memory_notifier_and_unknown_names() {
        assert!(matches!(Notifier::production("log"), Ok(Notifier::Log)));
        assert_eq!(
            Notifier::production("memory").unwrap_err(),
            NotifierError::MemoryInProduction
        );
        assert!(matches!(
            Notifier::production("smtp"),
            Err(NotifierError::Unknown(_))
        ));
    }

    #[derive(Debug, Default)]
    struct Kept(Mutex<Vec<String>>);

    #[async_trait]
    impl Transport for Kept {
        async fn send(&self, m: &Outgoing) -> Result<(), String> {
            self.0.lock().unwrap().push(m.dedup_key.clone());
            Ok(())
        }
    }

    fn message(channel: NotifyChannel, key: &str) -> Outgoing {
        Outgoing {
            id: OutboxId(1),
            dedup_key: key.into(),
            recipient_kind: RecipientKind::Address,
            recipient: "x".into(),
            address: Some("x".into()),
            channel,
            template: "report_received".into(),
            language: Language::Id,
            payload: serde_json::json!({}),
            secret: None,
        }
    }

    #[tokio::test]
    async fn gateways_route_by_channel_and_a_channel_without_one_fails() {
        let email = Arc::new(Kept::default());
        let notifier = Notifier::Gateways {
            email: Some(email.clone()),
            sms: None,
            webhook: None,
            chat: None,
        };
        notifier
            .send(&message(NotifyChannel::Email, "a"))
            .await
            .unwrap();
        notifier
            .send(&message(NotifyChannel::Log, "b"))
            .await
            .unwrap();
        let err = notifier
            .send(&message(NotifyChannel::Sms, "c"))
            .await
            .unwrap_err();
        assert!(err.contains("no sms gateway"), "{err}");
        assert_eq!(*email.0.lock().unwrap(), ["a"]);
    }
}
