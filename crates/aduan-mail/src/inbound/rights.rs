//! A reply that asks for the reporter's data rights instead of answering in words: its new
//! text (after the quote and signature are cut) is one line alone, with no file: `DATA` (or
//! `DATA SAYA`; `MY DATA`) for their data, `HAPUS` (`ERASE`) to be sent the erasure's code,
//! `HAPUS YA <code>` (`ERASE YES <code>`) to erase their identity. The answer comes in the
//! language of the words. Anything more (prose below the word, a file) is a reply.

use aduan_app::reports::rights_mail::MailAsk;
use aduan_store::Language;

/// The words, upper case, single-spaced.
const WORDS: &[(&str, Language)] = &[
    ("DATA", Language::Id),
    ("DATA SAYA", Language::Id),
    ("MY DATA", Language::En),
    ("MYDATA", Language::En),
    ("HAPUS", Language::Id),
    ("HAPUS DATA", Language::Id),
    ("ERASE", Language::En),
];

/// The confirmed erasure's words, which the code follows.
const ERASE: &[(&str, &str, Language)] = &[
    ("HAPUS", "YA", Language::Id),
    ("ERASE", "YES", Language::En),
];

/// What the reply's new text `text` asks for, if it is one of the words alone.
pub fn of(text: &str) -> Option<(MailAsk, Language)> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let line = lines.next()?;
    if lines.next().is_some() {
        return None;
    }
    let words: Vec<String> = line
        .trim_end_matches(['.', '!'])
        .split_whitespace()
        .map(str::to_uppercase)
        .collect();
    for (first, second, lang) in ERASE {
        if words.len() >= 2 && words[0] == *first && words[1] == *second {
            return Some((MailAsk::Erase(words[2..].concat()), *lang));
        }
    }
    let said = words.join(" ");
    let (_, lang) = WORDS.iter().find(|(w, _)| *w == said)?;
    let ask = if said.starts_with("DATA") || said.starts_with("MY") {
        MailAsk::MyData
    } else {
        MailAsk::AskErase
    };
    Some((ask, *lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_alone_asks_in_its_language() {
        assert_eq!(of("data\n\n"), Some((MailAsk::MyData, Language::Id)));
        assert_eq!(of("  My data.  "), Some((MailAsk::MyData, Language::En)));
        assert_eq!(of("HAPUS"), Some((MailAsk::AskErase, Language::Id)));
        assert_eq!(
            of("Hapus  ya k7q2-m9xd"),
            Some((MailAsk::Erase("K7Q2-M9XD".into()), Language::Id))
        );
        assert_eq!(
            of("ERASE YES!"),
            Some((MailAsk::Erase(String::new()), Language::En))
        );
    }

    #[test]
    fn prose_or_more_lines_are_a_reply() {
        assert_eq!(
            of("Data yang saya kirim kemarin salah, mohon diperbaiki."),
            None
        );
        assert_eq!(of("Hapus\n\nTolong hapus foto kedua dari laporan."), None);
        assert_eq!(of("Data\nAlamat: Jl. Melati 3"), None);
        assert_eq!(of(""), None);
    }
}
