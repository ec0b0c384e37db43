//! Field errors of the account forms, as catalogue keys shown next to their fields.

use std::collections::BTreeMap;

/// The errors of one form: field name → message key.
#[derive(Debug, Default, Clone)]
pub struct FieldErrors(BTreeMap<String, &'static str>);

impl FieldErrors {
    /// The errors of the API's validation (field → error code).
    pub fn from_codes(codes: &aduan_app::error::FieldErrors) -> Self {
        let mut out = Self::default();
        for (field, code) in codes {
            out.add(field, key_of(field, code));
        }
        out
    }

    /// Adds (or replaces) the error of `field`.
    pub fn add(&mut self, field: &str, key: &'static str) {
        self.0.insert(field.to_owned(), key);
    }

    /// Whether the form had no error.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message key of `field`'s error.
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.get(field).copied()
    }
}

/// The message of an API error code on a field.
fn key_of(field: &str, code: &str) -> &'static str {
    match (field, code) {
        ("name", _) => "account-error-name",
        (_, "invalid_email") => "account-error-email",
        (_, "invalid_phone") => "account-error-phone",
        (_, "invalid_nik") => "account-error-nik",
        (_, "email_or_phone_required") => "account-error-contact-required",
        (_, "password_too_short") => "account-error-password-short",
        (_, "already_registered") => "account-error-already-registered",
        _ => "error-validation",
    }
}
