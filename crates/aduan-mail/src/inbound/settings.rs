//! The `[mail_in]` settings.

use serde::{Deserialize, Serialize};

/// How `aduan ingest-email` takes messages in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailInSettings {
    /// The domain of the service's own addresses and Message-IDs (`aduan.example.go.id`):
    /// replies are recognised by a reply address or a Message-ID in this domain.
    pub domain: String,
    /// The addresses that take reports (`lapor@aduan.example.go.id`); a message sent to none
    /// of them nor to a reply address (`lapor+TOKEN@...`) of one is not filed. Empty: any
    /// message the MTA hands over.
    pub addresses: Vec<String>,
    /// The intake addresses whose reports are anonymous (`anonim@aduan.example.go.id`): the
    /// sender's name and address are kept, sealed from agencies, to send the answers; no
    /// agency sees who sent it. A message to one of them (or to it and an ordinary address) is
    /// filed as anonymous. Empty: no anonymous intake by e-mail.
    pub anonymous_addresses: Vec<String>,
    /// The `authserv-id` our own MTA writes in `Authentication-Results` (`mx.aduan.example.go.id`).
    /// When set, a reply is taken only when a header with this id says DMARC, or DKIM or SPF
    /// for the From domain, passed; headers with any other id are ignored, since anyone can
    /// write one. Empty: the headers are not read, and the reply token and the From address
    /// alone decide.
    pub authserv_id: String,
    /// Most files kept from one message.
    pub max_attachments: usize,
    /// Minutes after which a message still being processed is taken to belong to a process
    /// that died, and processed again.
    pub stale_minutes: u32,
    /// Days a processed message is remembered, so that an MTA's retry is not filed twice.
    pub remember_days: u32,
}

impl Default for MailInSettings {
    fn default() -> Self {
        Self {
            domain: String::new(),
            addresses: Vec::new(),
            anonymous_addresses: Vec::new(),
            authserv_id: String::new(),
            max_attachments: 10,
            stale_minutes: 15,
            remember_days: 30,
        }
    }
}

impl MailInSettings {
    /// Whether a message to `recipients` is for the service: any message when no ordinary
    /// address is configured; else one sent to a configured address (ordinary or anonymous) or
    /// to a reply address of one.
    pub fn is_for_us(&self, recipients: &[String]) -> bool {
        self.addresses.is_empty()
            || sent_to(recipients, &self.addresses)
            || sent_to(recipients, &self.anonymous_addresses)
    }

    /// Whether a message to `recipients` went to an anonymous intake address.
    pub fn is_anonymous(&self, recipients: &[String]) -> bool {
        sent_to(recipients, &self.anonymous_addresses)
    }

    /// Whether `address` is one of the service's own (mail from it would loop).
    pub fn is_ours(&self, address: &str) -> bool {
        let address = address.trim().to_lowercase();
        let domain = self.domain.trim().to_lowercase();
        self.addresses
            .iter()
            .chain(&self.anonymous_addresses)
            .any(|a| a.trim().eq_ignore_ascii_case(&address))
            || (!domain.is_empty() && address.ends_with(&format!("@{domain}")))
    }
}

/// Whether one of `recipients` is one of `addresses`, or a `+tag` address of one.
fn sent_to(recipients: &[String], addresses: &[String]) -> bool {
    recipients.iter().any(|r| {
        let r = r
            .trim()
            .trim_matches(|c| c == '<' || c == '>')
            .to_lowercase();
        addresses.iter().any(|a| {
            let a = a.trim().to_lowercase();
            if r == a {
                return true;
            }
            match (a.split_once('@'), r.split_once('@')) {
                (Some((al, ad)), Some((rl, rd))) => {
                    ad == rd && rl.split_once('+').is_some_and(|(base, _)| base == al)
                }
                _ => false,
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::MailInSettings;

    fn settings() -> MailInSettings {
        MailInSettings {
            domain: "aduan.contoh.id".into(),
            addresses: vec!["lapor@aduan.contoh.id".into()],
            ..MailInSettings::default()
        }
    }

    #[test]
    fn a_message_to_the_intake_address_or_a_reply_address_is_for_us() {
        let s = settings();
        assert!(s.is_for_us(&["Lapor@Aduan.Contoh.ID".into()]));
        assert!(s.is_for_us(&["lapor+7KQ3M9XW2D.0a1b2c3d4e5f@aduan.contoh.id".into()]));
        assert!(!s.is_for_us(&["humas@aduan.contoh.id".into()]));
        assert!(!s.is_for_us(&["laporan+x@aduan.contoh.id".into()]));
        assert!(MailInSettings::default().is_for_us(&[]));
    }

    #[test]
    fn a_message_to_the_anonymous_address_is_for_us_and_anonymous() {
        let s = MailInSettings {
            anonymous_addresses: vec!["anonim@aduan.contoh.id".into()],
            ..settings()
        };
        let to_anonymous = ["Anonim@aduan.contoh.id".to_owned()];
        assert!(s.is_for_us(&to_anonymous) && s.is_anonymous(&to_anonymous));
        let both = [
            "lapor@aduan.contoh.id".to_owned(),
            "anonim@aduan.contoh.id".to_owned(),
        ];
        assert!(
            s.is_anonymous(&both),
            "anonymous wins when both are addressed"
        );
        assert!(!s.is_anonymous(&["lapor@aduan.contoh.id".to_owned()]));
        assert!(s.is_ours("anonim@aduan.contoh.id"));
    }

    #[test]
    fn mail_from_our_own_domain_is_ours() {
        let s = settings();
        assert!(s.is_ours("noreply@aduan.contoh.id"));
        assert!(!s.is_ours("siti@example.co.id"));
    }
}
