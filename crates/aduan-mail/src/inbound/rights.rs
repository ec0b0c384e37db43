//! A reply that asks for the reporter's data rights instead of answering in words: its first
//! non-empty line (after the quote and signature are cut) is, alone, `DATA` (or `DATA SAYA`;
//! `MY DATA`) for their data, `HAPUS` (`ERASE`) to be asked to confirm the erasure of their
//! identity, `HAPUS YA` (`ERASE YES`) to erase it. The answer comes in the language of the
//! words. Prose that starts with such a word ("Data yang saya kirim salah...") is a reply.

use aduan_app::reports::rights_mail::MailAsk;
use aduan_store::Language;

/// The words, upper case, single-spaced.
const WORDS: &[(&str, MailAsk, Language)] = &[
    ("DATA", MailAsk::MyData, Language::Id),
    ("DATA SAYA", MailAsk::MyData, Language::Id),
    ("MY DATA", MailAsk::MyData, Language::En),
    ("MYDATA", MailAsk::MyData, Language::En),
    ("HAPUS", MailAsk::AskErase, Language::Id),
    ("HAPUS DATA", MailAsk::AskErase, Language::Id),
    ("ERASE", MailAsk::AskErase, Language::En),
    ("HAPUS YA", MailAsk::Erase, Language::Id),
    ("ERASE YES", MailAsk::Erase, Language::En),
];

/// What the reply's new text `text` asks for, if its first line is one of the words alone.
pub fn of(text: &str) -> Option<(MailAsk, Language)> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let words: Vec<&str> = line
        .trim_end_matches(['.', '!'])
        .split_whitespace()
        .collect();
    let said = words.join(" ").to_uppercase();
    WORDS
        .iter()
        .find(|(w, _, _)| *w == said)
        .map(|(_, ask, lang)| (*ask, *lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_alone_on_the_first_line_ask_in_their_language() {
        assert_eq!(
            of("data\n\nSalam,\nSiti"),
            Some((MailAsk::MyData, Language::Id))
        );
        assert_eq!(of("  My data.  "), Some((MailAsk::MyData, Language::En)));
        assert_eq!(of("HAPUS"), Some((MailAsk::AskErase, Language::Id)));
        assert_eq!(of("Hapus  ya"), Some((MailAsk::Erase, Language::Id)));
        assert_eq!(of("ERASE YES!"), Some((MailAsk::Erase, Language::En)));
    }

    #[test]
    fn prose_that_starts_with_a_word_is_a_reply() {
        assert_eq!(
            of("Data yang saya kirim kemarin salah, mohon diperbaiki."),
            None
        );
        assert_eq!(of("Hapus saja lampiran kedua."), None);
        assert_eq!(of(""), None);
    }
}
