//! The report a mail belongs to, carried in its addresses so that an answer finds its way back:
//! the reply token in a reporter's `Reply-To` (`<local>+<tracking id>.<sig>@<domain>`, where
//! `sig` is the first 12 hex characters of HMAC-SHA256 over the tracking id, keyed with a key
//! derived from the deployment key), and the `Message-ID` of every outgoing mail,
//! `<{dedup key}@{domain}>`, whose dedup key starts with the tracking id when the message is
//! about a report, so that an `In-Reply-To` identifies the report as well.

use aduan_domain::TrackingId;
use aduan_store::DeploymentKey;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

/// Hex characters of the HMAC kept in a token: 48 bits, enough that guessing one for another
/// report is hopeless within any rate limit.
pub const SIG_HEX_CHARS: usize = 12;

/// What the reply-token key is derived for, so that it is never the deployment key itself.
const PURPOSE: &[u8] = b"aduan reply token v1";

/// The key that signs reply tokens, derived from the deployment key (every instance sharing a
/// database has the same deployment key, so every instance accepts every token).
pub fn reply_secret(key: &DeploymentKey) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(hmac_sha256(key.bytes(), PURPOSE).to_vec())
}

fn hmac_sha256(secret: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC takes a key of any length, so this never fails.
    let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => return [0; 32],
    };
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn signature(secret: &[u8], tracking_id: &str) -> String {
    let mut sig = hex::encode(hmac_sha256(secret, tracking_id.as_bytes()));
    sig.truncate(SIG_HEX_CHARS);
    sig
}

/// The reply token for `tracking_id`: `<TRACKINGID>.<sig>` (the canonical tracking id, a dot,
/// 12 lowercase hex characters).
pub fn reply_token(secret: &[u8], tracking_id: &str) -> String {
    let id = TrackingId::parse(tracking_id)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| tracking_id.to_owned());
    format!("{id}.{}", signature(secret, &id))
}

/// The report a reply token names, when its signature holds. Case is forgiven (some mail
/// systems lower-case addresses); anything else is refused.
pub fn parse_reply_token(secret: &[u8], token: &str) -> Option<TrackingId> {
    let (id, sig) = token.trim().rsplit_once('.')?;
    let id = TrackingId::parse(id).ok()?;
    let expected = signature(secret, id.as_str());
    let given = sig.to_ascii_lowercase();
    (given.len() == expected.len() && constant_time_eq(given.as_bytes(), expected.as_bytes()))
        .then_some(id)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The reply address of a report's mails: `<local>+<token>@<domain>`.
pub fn reply_address(secret: &[u8], local: &str, domain: &str, tracking_id: &str) -> String {
    format!("{local}+{}@{domain}", reply_token(secret, tracking_id))
}

/// The report named by a reply address (`local+TOKEN@domain`, any local part and domain), when
/// its token's signature holds.
pub fn parse_reply_address(secret: &[u8], address: &str) -> Option<TrackingId> {
    let address = address.trim().trim_start_matches('<').trim_end_matches('>');
    let (local, _domain) = address.rsplit_once('@')?;
    let (_, token) = local.split_once('+')?;
    parse_reply_token(secret, token)
}

/// The Message-ID of the outgoing mail with `dedup_key`: `<{dedup_key}@{domain}>`.
pub fn message_id(dedup_key: &str, domain: &str) -> String {
    format!("<{dedup_key}@{domain}>")
}

/// The report a Message-ID (or an `In-Reply-To`/`References` entry) of one of our mails is
/// about: the tracking id its dedup key starts with, when the id part ends in `@{domain}`.
pub fn report_of_message_id(message_id: &str, domain: &str) -> Option<TrackingId> {
    let inner = message_id
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>');
    let (key, at) = inner.rsplit_once('@')?;
    if !at.eq_ignore_ascii_case(domain) {
        return None;
    }
    let first = key.split(':').next()?;
    TrackingId::parse(first).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const ID: &str = "7K3M9QX2PH";

    fn id() -> String {
        // A valid tracking id: generated from a fixed seed so the test does not hard-code one.
        use rand::SeedableRng;
        TrackingId::generate(&mut rand::rngs::StdRng::seed_from_u64(7)).to_string()
    }

    #[test]
    fn a_token_names_its_report_and_survives_lower_casing() {
        let id = id();
        let token = reply_token(b"secret", &id);
        assert_eq!(token.len(), 10 + 1 + SIG_HEX_CHARS);
        assert_eq!(parse_reply_token(b"secret", &token).unwrap().as_str(), id);
        assert_eq!(
            parse_reply_token(b"secret", &token.to_lowercase())
                .unwrap()
                .as_str(),
            id
        );
    }

    #[test]
    fn a_token_signed_with_another_key_or_altered_is_refused() {
        let id = id();
        let token = reply_token(b"secret", &id);
        assert_eq!(parse_reply_token(b"other", &token), None);
        let mut forged = token.clone();
        let last = forged.pop().unwrap();
        forged.push(if last == '0' { '1' } else { '0' });
        assert_eq!(parse_reply_token(b"secret", &forged), None);
        assert_eq!(parse_reply_token(b"secret", ID), None);
        assert_eq!(parse_reply_token(b"secret", ""), None);
    }

    #[test]
    fn a_reply_address_carries_the_token_in_its_local_part() {
        let id = id();
        let address = reply_address(b"k", "balas", "aduan.go.id", &id);
        assert!(address.starts_with("balas+") && address.ends_with("@aduan.go.id"));
        assert_eq!(
            parse_reply_address(b"k", &format!("<{}>", address.to_uppercase()))
                .unwrap()
                .as_str(),
            id
        );
        assert_eq!(parse_reply_address(b"k", "balas@aduan.go.id"), None);
    }

    #[test]
    fn a_message_id_names_the_report_of_its_dedup_key_on_our_domain_only() {
        let id = id();
        let mid = message_id(&format!("{id}:received"), "aduan.go.id");
        assert_eq!(mid, format!("<{id}:received@aduan.go.id>"));
        assert_eq!(
            report_of_message_id(&mid, "aduan.go.id").unwrap().as_str(),
            id
        );
        assert_eq!(report_of_message_id(&mid, "elsewhere.id"), None);
        assert_eq!(
            report_of_message_id("<password_reset:ab12@aduan.go.id>", "aduan.go.id"),
            None
        );
    }

    #[test]
    fn the_reply_secret_depends_on_the_deployment_key() {
        let a = DeploymentKey::generate();
        let b = DeploymentKey::generate();
        assert_ne!(*reply_secret(&a), *reply_secret(&b));
        assert_eq!(*reply_secret(&a), *reply_secret(&a.clone()));
    }
}
