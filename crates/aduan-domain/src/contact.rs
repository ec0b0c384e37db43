//! Validated contact details: e-mail addresses, Indonesian phone numbers and NIK.

use std::fmt;

/// Why a contact detail was refused; `code()` is the stable field error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ContactError {
    /// Not an e-mail address.
    #[error("not a valid e-mail address")]
    Email,
    /// Not a phone number that can receive SMS.
    #[error("not a valid phone number")]
    Phone,
    /// Not a valid 16-digit NIK.
    #[error("not a valid NIK (16 digits)")]
    Nik,
}

impl ContactError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ContactError::Email => "invalid_email",
            ContactError::Phone => "invalid_phone",
            ContactError::Nik => "invalid_nik",
        }
    }
}

/// A lower-cased e-mail address with one `@`, a local part and a dotted domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Parses and lower-cases an address.
    pub fn parse(s: &str) -> Result<Self, ContactError> {
        let s = s.trim().to_lowercase();
        let (local, domain) = s.split_once('@').ok_or(ContactError::Email)?;
        let ok = !local.is_empty()
            && local.len() <= 64
            && s.len() <= 254
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !s.chars().any(|c| c.is_whitespace() || c.is_control());
        if ok {
            Ok(Self(s))
        } else {
            Err(ContactError::Email)
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number in international form (`+62...`). Indonesian numbers written `08...` or
/// `628...` are normalised.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Parses a number, ignoring spaces, dashes, dots and brackets.
    pub fn parse(s: &str) -> Result<Self, ContactError> {
        let compact: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        let digits = if let Some(rest) = compact.strip_prefix('+') {
            rest.to_owned()
        } else if let Some(rest) = compact.strip_prefix('0') {
            format!("62{rest}")
        } else {
            compact.clone()
        };
        let ok = digits.chars().all(|c| c.is_ascii_digit()) && (9..=15).contains(&digits.len());
        if ok {
            Ok(Self(format!("+{digits}")))
        } else {
            Err(ContactError::Phone)
        }
    }

    /// The number, `+` and digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Nomor Induk Kependudukan: 16 digits whose first two name a province (11–96), with a
/// birth date (day + 40 for women) in positions 7–12.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Nik(String);

impl Nik {
    /// Parses a NIK.
    pub fn parse(s: &str) -> Result<Self, ContactError> {
        let s = s.trim();
        if s.len() != 16 || !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(ContactError::Nik);
        }
        let num = |a: usize, b: usize| s[a..b].parse::<u32>().unwrap_or(0);
        let province = num(0, 2);
        let day = num(6, 8);
        let month = num(8, 10);
        let day = if day > 40 { day - 40 } else { day };
        let ok =
            (11..=96).contains(&province) && (1..=31).contains(&day) && (1..=12).contains(&month);
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(ContactError::Nik)
        }
    }

    /// The 16 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print a NIK into logs by accident.
        f.write_str("Nik(****************)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_indonesian_mobile_number_is_normalised_to_international_form() {
        assert_eq!(
            PhoneNumber::parse("0812-3456-7890").unwrap().as_str(),
            "+6281234567890"
        );
        assert_eq!(
            PhoneNumber::parse("+62 812 3456 7890").unwrap().as_str(),
            "+6281234567890"
        );
        assert_eq!(
            PhoneNumber::parse("6281234567890").unwrap().as_str(),
            "+6281234567890"
        );
        assert!(PhoneNumber::parse("12ab").is_err());
        assert!(PhoneNumber::parse("0812").is_err());
    }

    #[test]
    fn e_mail_addresses_are_lower_cased_and_checked() {
        assert_eq!(
            Email::parse(" Siti@Example.ID ").unwrap().as_str(),
            "siti@example.id"
        );
        for bad in [
            "siti",
            "siti@",
            "@example.id",
            "siti@example",
            "si ti@example.id",
            "a@b@c.id",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_nik_needs_sixteen_digits_a_province_and_a_birth_date() {
        assert!(
            Nik::parse("3578014507900001").is_ok(),
            "a woman born 5 July 1990 in Surabaya"
        );
        assert!(Nik::parse("3578010507900001").is_ok());
        assert!(Nik::parse("357801450790000").is_err(), "15 digits");
        assert!(Nik::parse("0578014507900001").is_err(), "no province 05");
        assert!(Nik::parse("3578013213900001").is_err(), "month 13");
        assert!(Nik::parse("35780145079000a1").is_err());
        assert!(!format!("{:?}", Nik::parse("3578014507900001").unwrap()).contains("3578"));
    }
}
