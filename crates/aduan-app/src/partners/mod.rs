//! Partner systems: a regional complaint application, a city's Open311 client or a legacy
//! LAPOR! integration files reports into the one queue (channel `api:<slug>`), follows them
//! and acts on them as their reporter, and hears of every change by a signed webhook.
//!
//! A partner proves itself with a key ([`access::authenticate`] gives a [`PartnerCaller`], the
//! only way to hold one); it files only for the agencies and regions listed on it, reads and
//! acts only on the reports it filed (by its own reference), and every use of a key is
//! audited. The national admin adds partners and issues, rotates and revokes their keys
//! ([`admin`]), from the CLI, the API or the back office.

pub mod access;
pub mod admin;
pub mod filing;
pub mod webhooks;

pub use access::PartnerCaller;

/// Settings of partner systems (`[partners]`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PartnerConfig {
    /// The hosts partners' webhooks may go to (`hooks.example.go.id`, or `*.example.go.id`
    /// for its subdomains), over https; plain http only to a loopback address named here.
    pub webhook_allow: Vec<String>,
    /// How long a rotated key keeps working beside its successor, in hours.
    pub key_overlap_hours: i64,
    /// How long one webhook attempt may take, in seconds.
    pub webhook_timeout_seconds: u64,
}

impl Default for PartnerConfig {
    fn default() -> Self {
        Self {
            webhook_allow: Vec::new(),
            key_overlap_hours: 24,
            webhook_timeout_seconds: 10,
        }
    }
}

impl PartnerConfig {
    /// Where webhooks may go.
    pub fn webhook_policy(&self) -> aduan_webhooks::WebhookPolicy {
        aduan_webhooks::WebhookPolicy::new(&self.webhook_allow)
    }
}
