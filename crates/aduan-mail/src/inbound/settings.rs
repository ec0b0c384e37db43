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
            max_attachments: 10,
            stale_minutes: 15,
            remember_days: 30,
        }
    }
}

impl MailInSettings {
    /// Whether a message to `recipients` is for the service: any message when no address is
    /// configured; else one sent to a configured address or to a reply address of one.
    pub fn is_for_us(&self, recipients: &[String]) -> bool {
        if self.addresses.is_empty() {
            return true;
        }
        recipients.iter().any(|r| {
            let r = r
                .trim()
                .trim_matches(|c| c == '<' || c == '>')
                .to_lowercase();
            self.addresses.iter().any(|a| {
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

    /// Whether `address` is one of the service's own (mail from it would loop).
    pub fn is_ours(&self, address: &str) -> bool {
        let address = address.trim().to_lowercase();
        let domain = self.domain.trim().to_lowercase();
        self.addresses
            .iter()
            .any(|a| a.trim().eq_ignore_ascii_case(&address))
            || (!domain.is_empty() && address.ends_with(&format!("@{domain}")))
    }
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
    fn mail_from_our_own_domain_is_ours() {
        let s = settings();
        assert!(s.is_ours("noreply@aduan.contoh.id"));
        assert!(!s.is_ours("siti@example.co.id"));
    }
}
