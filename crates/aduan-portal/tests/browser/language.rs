//! Whether a page is wholly in one language: [`assert_all_in`] compares every text a person
//! meets on the page with the catalogue's messages of the other language.

use crate::harness::Browser;
use crate::measure::Shown;
use aduan_i18n::{Lang, catalogue};
use std::collections::BTreeSet;

/// A catalogue message as it can appear on a page: its static text, split where an argument
/// (`{ $id }`) goes.
#[derive(Debug)]
pub struct Message {
    /// The key.
    pub key: String,
    /// The static parts around the arguments (one part: no argument).
    pub parts: Vec<String>,
}

/// Splits a formatted message at its unfilled arguments (Fluent writes them as `{$name}`).
fn parts_of(text: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0;
    for ch in text.chars() {
        match ch {
            '{' => {
                depth += 1;
                if depth == 1 {
                    parts.push(String::new());
                }
            }
            '}' if depth > 0 => depth -= 1,
            _ if depth == 0 => {
                if let Some(part) = parts.last_mut() {
                    part.push(ch);
                }
            }
            _ => {}
        }
    }
    parts.iter().map(|p| normalize(p)).collect()
}

fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has_letters(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

/// The messages of `lang` that read differently in the other language (a text the two share,
/// like "SMS" or "Ombudsman", belongs to both and proves nothing).
pub fn messages_only_in(lang: Lang) -> Vec<Message> {
    let other = lang.other();
    let cat = catalogue();
    let theirs: BTreeSet<String> = cat
        .keys(other)
        .iter()
        .map(|k| normalize(&cat.text(other, k, &[])))
        .collect();
    cat.keys(lang)
        .iter()
        .filter_map(|key| {
            let text = normalize(&cat.text(lang, key, &[]));
            let parts = parts_of(&text);
            let distinct = !theirs.contains(&text) && parts.iter().any(|p| has_letters(p));
            distinct.then(|| Message {
                key: key.clone(),
                parts,
            })
        })
        .collect()
}

/// Whether `needle` occurs in `hay` as whole words.
fn contains_words(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(at, _)| {
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Whether `text` matches the pattern `parts[0] * parts[1] * … parts[n]` as a whole.
fn matches_whole(text: &str, parts: &[String]) -> bool {
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return false;
    };
    if parts.len() == 1 {
        return text == first;
    }
    let (first, last) = (first.trim_end(), last.trim_start());
    if !text.starts_with(first) || text.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &text[first.len()..];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle.trim()) {
            Some(at) => rest = &rest[at + middle.trim().len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

impl Message {
    /// Whether the page text `text` shows this message: the whole text is the message (its
    /// arguments filled with anything), or a static part of two words or more stands in it.
    pub fn shown_in(&self, text: &str) -> bool {
        matches_whole(text, &self.parts)
            || self
                .parts
                .iter()
                .any(|p| p.contains(' ') && has_letters(p) && contains_words(text, p))
    }
}

/// A message key that failed to resolve, which the catalogue renders as `[key]`.
fn unresolved_key(text: &str) -> Option<&str> {
    let start = text.find('[')?;
    let end = start + text[start..].find(']')?;
    let inner = &text[start + 1..end];
    let key_shaped = inner.contains('-')
        && inner
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
    key_shaped.then_some(inner)
}

/// Asserts that the page in `browser` is wholly in `lang`: `<html lang>` says so, some of its
/// texts are `lang`'s own messages, none is a message of the other language (texts inside an
/// element whose `lang` attribute names the other language, like the switch's label, are
/// exempt), and no message key failed to resolve.
pub async fn assert_all_in(browser: &Browser, lang: Lang) {
    let path = browser.path().await;
    let html_lang = browser.html_lang().await;
    let texts: Vec<Shown> = browser
        .shown_texts()
        .await
        .into_iter()
        .filter(|s| s.lang.is_empty() || Lang::parse(&s.lang) == Some(lang))
        .collect();
    let ours = messages_only_in(lang);
    let theirs = messages_only_in(lang.other());
    let mut problems = Vec::new();
    if html_lang != lang.code() {
        problems.push(format!(
            "<html lang=\"{html_lang}\">, not \"{}\"",
            lang.code()
        ));
    }
    for shown in &texts {
        if let Some(key) = unresolved_key(&shown.text) {
            problems.push(format!("message `{key}` is missing: {:?}", shown.text));
        }
        for m in theirs.iter().filter(|m| m.shown_in(&shown.text)) {
            problems.push(format!(
                "{:?} is the {} message `{}`",
                shown.text,
                lang.other().native_name(),
                m.key
            ));
        }
    }
    let own = texts
        .iter()
        .filter(|s| ours.iter().any(|m| matches_whole(&s.text, &m.parts)))
        .count();
    if own == 0 {
        problems.push(format!(
            "no text of the page is a {} message",
            lang.native_name()
        ));
    }
    if !problems.is_empty() {
        browser
            .screenshot(&format!("not-all-{}", lang.code()))
            .await;
        let all: Vec<&str> = texts.iter().map(|s| s.text.as_str()).collect();
        panic!(
            "{path} is not wholly in {}:\n  {}\nits texts: {all:#?}",
            lang.native_name(),
            problems.join("\n  ")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(parts: &[&str]) -> Message {
        Message {
            key: "k".into(),
            parts: parts.iter().map(|p| (*p).to_owned()).collect(),
        }
    }

    #[test]
    fn a_message_with_an_argument_is_found_whatever_the_argument() {
        assert_eq!(parts_of("Nomor pelacakan: {$id}"), ["Nomor pelacakan:", ""]);
        let m = message(&["Nomor pelacakan:", ""]);
        assert!(m.shown_in("Nomor pelacakan: ABCD-1234"));
        assert!(message(&["Halaman", ""]).shown_in("Halaman 2"));
        assert!(!message(&["Halaman", ""]).shown_in("Page 2"));
    }

    #[test]
    fn a_one_word_message_counts_only_as_a_whole_text() {
        assert!(message(&["Masuk"]).shown_in("Masuk"));
        assert!(!message(&["Status"]).shown_in("Status laporan"));
        assert!(message(&["Lacak laporan"]).shown_in("Lacak laporan ·"));
        assert!(!message(&["ke isi"]).shown_in("kepada isinya"));
    }

    #[test]
    fn a_missing_key_is_recognised() {
        assert_eq!(unresolved_key("[submit-title]"), Some("submit-title"));
        assert_eq!(unresolved_key("[1]"), None);
    }
}
