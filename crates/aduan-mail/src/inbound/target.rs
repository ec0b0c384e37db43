//! Which report a message answers: the reply token in the address it was sent to
//! (`local+TOKEN@domain`, signed, so it cannot be guessed), or else one of our Message-IDs
//! (`<TRACKINGID:...@domain>`) in its In-Reply-To or References.

use super::parse::Incoming;
use crate::token::{parse_reply_address, report_of_message_id};
use aduan_domain::TrackingId;

/// How the report was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matched {
    /// By the signed token in the reply address.
    Token,
    /// By the Message-ID of one of our notifications.
    Thread,
}

/// The report a message answers, if any: `recipients` are the envelope's and the headers'
/// addresses; only addresses and Message-IDs in our `domain` count.
pub fn answered_report(
    m: &Incoming,
    recipients: &[String],
    domain: &str,
    secret: &[u8],
) -> Option<(TrackingId, Matched)> {
    let domain = domain.trim();
    if domain.is_empty() {
        return None;
    }
    let in_domain = |address: &str| {
        address
            .trim()
            .trim_end_matches('>')
            .rsplit_once('@')
            .is_some_and(|(_, host)| host.eq_ignore_ascii_case(domain))
    };
    let by_token = recipients
        .iter()
        .filter(|r| in_domain(r))
        .find_map(|r| parse_reply_address(secret, r));
    if let Some(id) = by_token {
        return Some((id, Matched::Token));
    }
    m.references
        .iter()
        .find_map(|id| report_of_message_id(id, domain))
        .map(|id| (id, Matched::Thread))
}
