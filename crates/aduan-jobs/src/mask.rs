//! Addresses shown masked: the failed-deliveries page and the delivery errors it shows name a
//! recipient only as much as an operator needs to tell two apart, never in full (an anonymous
//! reporter's address must not reach staff).

/// An e-mail address or phone number masked: `s***@g***.id`, `+62*******678`; anything else
/// wholly starred.
pub fn mask_address(address: &str) -> String {
    let a = address.trim();
    if let Some((local, domain)) = a.rsplit_once('@') {
        let (host, tld) = domain.rsplit_once('.').unwrap_or((domain, ""));
        let tld = if tld.is_empty() {
            String::new()
        } else {
            format!(".{tld}")
        };
        return format!("{}***@{}***{tld}", first(local), first(host));
    }
    let digits = a.chars().filter(char::is_ascii_digit).count();
    if digits >= 6 {
        let keep_end = 3;
        let mut seen = 0;
        return a
            .chars()
            .map(|c| {
                if !c.is_ascii_digit() {
                    return c;
                }
                seen += 1;
                // The country code (+62) and the last three digits stay.
                if (a.starts_with('+') && seen <= 2) || seen > digits - keep_end {
                    c
                } else {
                    '*'
                }
            })
            .collect();
    }
    "***".into()
}

fn first(s: &str) -> String {
    s.chars().next().map(String::from).unwrap_or_default()
}

/// `text` with every e-mail address and every phone-number-like run of digits masked.
pub fn mask_in_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.is_empty() {
            return;
        }
        let digits = word.chars().filter(char::is_ascii_digit).count();
        let looks_like_phone = digits >= 8
            && word
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-'));
        if word.contains('@') || looks_like_phone {
            out.push_str(&mask_address(word));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || matches!(c, '@' | '.' | '_' | '+' | '-' | '%') {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_keeps_only_its_first_letters_and_top_level_domain() {
        assert_eq!(mask_address("siti.rahma@contoh.id"), "s***@c***.id");
        assert_eq!(mask_address("+6281234567890"), "+62********890");
        assert_eq!(mask_address("x"), "***");
    }

    #[test]
    fn addresses_and_phone_numbers_inside_a_server_answer_are_masked() {
        let text = "550 5.1.1 <siti.rahma@contoh.id>: Recipient address rejected; sms to +6281234567890 failed";
        let masked = mask_in_text(text);
        assert!(
            !masked.contains("siti.rahma") && !masked.contains("contoh"),
            "{masked}"
        );
        assert!(!masked.contains("81234567"), "{masked}");
        assert!(masked.starts_with("550 5.1.1 <s***@c***.id>"), "{masked}");
    }
}
