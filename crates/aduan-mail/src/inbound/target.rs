//! Which report a message answers. Only the signed reply token in the address it was sent to
//! (`local+TOKEN@domain`) names one: it reaches nobody but the reporter, in the Reply-To of
//! their own notices. Our Message-IDs (`<TRACKINGID:...@domain>`) carry the tracking id and can
//! be guessed, so an In-Reply-To or References naming one proves nothing: such a message is a
//! reply attempt without a token, and it is left alone rather than filed.

use super::parse::Incoming;
use crate::token::{parse_reply_address, report_of_message_id};
use aduan_domain::TrackingId;

/// What a message is, as far as its addresses and threading tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// An answer to the report its valid reply token names.
    Reply(TrackingId),
    /// An answer that carries no valid token: sent to a `+tag` address in our domain whose tag
    /// is no valid token, or answering one of our Message-IDs without a token.
    Unsigned,
    /// A message that answers nothing: a new report.
    New,
}

/// What `m` is: `recipients` are the envelope's and the headers' addresses; only addresses and
/// Message-IDs in our `domain` count.
pub fn target(m: &Incoming, recipients: &[String], domain: &str, secret: &[u8]) -> Target {
    let domain = domain.trim();
    if domain.is_empty() {
        return Target::New;
    }
    let tag_in_domain = |address: &str| {
        let address = address.trim().trim_start_matches('<').trim_end_matches('>');
        address
            .rsplit_once('@')
            .filter(|(_, host)| host.eq_ignore_ascii_case(domain))
            .is_some_and(|(local, _)| local.contains('+'))
    };
    let tagged: Vec<&String> = recipients.iter().filter(|r| tag_in_domain(r)).collect();
    if let Some(id) = tagged.iter().find_map(|r| parse_reply_address(secret, r)) {
        return Target::Reply(id);
    }
    let threaded = m
        .references
        .iter()
        .any(|id| report_of_message_id(id, domain).is_some());
    if !tagged.is_empty() || threaded {
        return Target::Unsigned;
    }
    Target::New
}
