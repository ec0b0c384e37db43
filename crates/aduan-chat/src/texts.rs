//! Every chat text, from the catalogue (`locales/{id,en}/chat.ftl`) in the conversation's
//! language.

use aduan_i18n::{FluentValue, Lang, catalogue};
use aduan_store::Language;

/// The catalogue's language for a stored language.
pub(crate) fn lang_of(language: Language) -> Lang {
    match language {
        Language::Id => Lang::Id,
        Language::En => Lang::En,
    }
}

/// The message `key` in `language` with `args`.
pub(crate) fn text(language: Language, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    catalogue().text(lang_of(language), key, args)
}

/// A status's name (`status-*` of the shared vocabulary).
pub(crate) fn status(language: Language, status: &str) -> String {
    text(language, &format!("status-{status}"), &[])
}

/// A string argument.
pub(crate) fn arg(v: impl Into<String>) -> FluentValue<'static> {
    FluentValue::from(v.into())
}
