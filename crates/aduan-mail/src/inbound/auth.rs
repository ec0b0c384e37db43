//! `Authentication-Results` (RFC 8601): what the receiving MTA found when it checked DKIM, SPF
//! and DMARC. Anyone can write such a header into a message, so only the ones stamped with our
//! own MTA's `authserv-id` (`[mail_in] authserv_id`) count; the MTA must remove headers that
//! arrive with that id already (RFC 8601 §5), as OpenDKIM, OpenDMARC and Rspamd do.

use super::parse::Incoming;

/// One `method=result` statement with its properties (`header.d`, `smtp.mailfrom`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Statement {
    method: String,
    result: String,
    properties: Vec<(String, String)>,
}

impl Statement {
    fn property(&self, name: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The header's value without RFC 5322 comments (`(2048-bit key)`), nested or not.
fn without_comments(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let (mut depth, mut quoted, mut escaped) = (0usize, false, false);
    for c in value.chars() {
        if escaped {
            escaped = false;
            if depth == 0 {
                out.push(c);
            }
            continue;
        }
        match c {
            '\\' => {
                escaped = true;
                if depth == 0 {
                    out.push(c);
                }
            }
            '"' if depth == 0 => {
                quoted = !quoted;
                out.push(c);
            }
            '(' if !quoted => depth += 1,
            ')' if !quoted && depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The `authserv-id` of a header and its statements.
fn read(value: &str) -> (String, Vec<Statement>) {
    let value = without_comments(value);
    let mut parts = value.split(';');
    let id = parts
        .next()
        .and_then(|p| p.split_whitespace().next())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let statements = parts
        .filter_map(|part| {
            let mut words = part.split_whitespace();
            let (method, result) = words.next()?.split_once('=')?;
            let properties = words
                .filter_map(|w| w.split_once('='))
                .map(|(n, v)| (n.to_ascii_lowercase(), v.trim_matches('"').to_owned()))
                .collect();
            Some(Statement {
                method: method.to_ascii_lowercase(),
                result: result.to_ascii_lowercase(),
                properties,
            })
        })
        .collect();
    (id, statements)
}

/// The domain of an address or a domain (`@example.id`, `user@example.id`, `example.id`).
fn domain_of(value: &str) -> String {
    value
        .rsplit('@')
        .next()
        .unwrap_or_default()
        .trim()
        .trim_end_matches('.')
        .to_ascii_lowercase()
}

/// Whether a domain that passed a check speaks for the From domain: the same domain, or a
/// parent of it (DMARC's relaxed alignment; a bare top-level domain never counts).
fn aligned(authenticated: &str, from_domain: &str) -> bool {
    !authenticated.is_empty()
        && authenticated.contains('.')
        && (from_domain == authenticated || from_domain.ends_with(&format!(".{authenticated}")))
}

/// Whether our MTA (`authserv_id`) authenticated `from_address` for this message: DMARC
/// passed for its domain, or DKIM or SPF passed for an aligned domain.
pub fn authenticated(m: &Incoming, authserv_id: &str, from_address: &str) -> bool {
    let ours = authserv_id.trim().to_ascii_lowercase();
    if ours.is_empty() {
        return false;
    }
    let from_domain = domain_of(from_address);
    m.header_values("authentication-results")
        .map(read)
        .filter(|(id, _)| *id == ours)
        .flat_map(|(_, statements)| statements)
        .filter(|s| s.result == "pass")
        .any(|s| match s.method.as_str() {
            "dmarc" => s
                .property("header.from")
                .is_none_or(|d| domain_of(d) == from_domain),
            "dkim" => s
                .property("header.d")
                .or_else(|| s.property("header.i"))
                .is_some_and(|d| aligned(&domain_of(d), &from_domain)),
            "spf" => s
                .property("smtp.mailfrom")
                .is_some_and(|d| aligned(&domain_of(d), &from_domain)),
            _ => false,
        })
}

#[cfg(test)]
mod tests {
    use super::authenticated;
    use crate::inbound::parse::parse;

    const FROM: &str = "siti@example.co.id";

    fn with(headers: &str) -> crate::inbound::Incoming {
        parse(format!("{headers}\nFrom: Siti <{FROM}>\nSubject: x\n\nisi\n").as_bytes()).unwrap()
    }

    #[test]
    fn a_pass_under_our_authserv_id_counts() {
        let m = with(
            "Authentication-Results: mx.aduan.contoh.id;\n dkim=pass (2048-bit key) header.d=example.co.id header.s=s1;\n spf=pass smtp.mailfrom=siti@example.co.id",
        );
        assert!(authenticated(&m, "mx.aduan.contoh.id", FROM));
        assert!(authenticated(&m, "MX.Aduan.Contoh.ID", FROM));
        let dmarc = with(
            "Authentication-Results: mx.aduan.contoh.id 1; dmarc=pass (p=reject) header.from=example.co.id",
        );
        assert!(authenticated(&dmarc, "mx.aduan.contoh.id", FROM));
    }

    #[test]
    fn a_header_under_another_authserv_id_is_not_trusted() {
        let m = with(
            "Authentication-Results: mx.elsewhere.example; dkim=pass header.d=example.co.id; dmarc=pass header.from=example.co.id",
        );
        assert!(!authenticated(&m, "mx.aduan.contoh.id", FROM));
        assert!(
            !authenticated(&m, "", FROM),
            "no authserv-id set: none is trusted"
        );
    }

    #[test]
    fn a_failure_or_a_pass_for_another_domain_does_not_count() {
        for h in [
            "Authentication-Results: mx.aduan.contoh.id; dkim=fail header.d=example.co.id; spf=softfail smtp.mailfrom=example.co.id; dmarc=fail header.from=example.co.id",
            "Authentication-Results: mx.aduan.contoh.id; dkim=pass header.d=attacker.example; spf=pass smtp.mailfrom=x@attacker.example",
            "Authentication-Results: mx.aduan.contoh.id; dkim=pass header.d=mail.example.co.id",
            "Authentication-Results: mx.aduan.contoh.id; dkim=pass header.d=id",
            "Authentication-Results: mx.aduan.contoh.id; dmarc=pass header.from=attacker.example",
            "Authentication-Results: mx.aduan.contoh.id (dkim=pass header.d=example.co.id); none",
            "Authentication-Results: mx.aduan.contoh.id; none",
        ] {
            assert!(!authenticated(&with(h), "mx.aduan.contoh.id", FROM), "{h}");
        }
    }

    #[test]
    fn a_signature_by_a_parent_domain_is_aligned() {
        let m =
            with("Authentication-Results: mx.aduan.contoh.id; dkim=pass header.d=example.co.id");
        assert!(
            authenticated(&m, "mx.aduan.contoh.id", "siti@kantor.example.co.id"),
            "a parent domain speaks for its subdomains"
        );
    }
}
