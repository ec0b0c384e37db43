//! Plain rules that flag a report empty of content for the verifying admin: no word at all,
//! only a test or a greeting ("tes", "halo", "p"), a single word, or one character or word
//! typed over and over. A flag is a hint beside the report in the queue, for the admin's bulk
//! archive with a reason; nothing is ever archived by it. The rules read the words only
//! (nothing specific to a region), after the search's analysis, so `teeees` and `TEST!!!` are
//! read like `tes`.

use crate::normalise::masked;

/// Why a report looks empty of content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JunkSign {
    /// No word at all (only signs, numbers or emoji).
    NoWords,
    /// Only a test, a greeting or a filler ("tes", "halo", "p", "ok").
    TestOrGreeting,
    /// A single word.
    OneWord,
    /// One character or one word repeated over and over.
    Repeated,
}

impl JunkSign {
    /// A stable name (`no_words`, `test_or_greeting`, `one_word`, `repeated`).
    pub fn as_str(self) -> &'static str {
        match self {
            JunkSign::NoWords => "no_words",
            JunkSign::TestOrGreeting => "test_or_greeting",
            JunkSign::OneWord => "one_word",
            JunkSign::Repeated => "repeated",
        }
    }
}

/// Words that on their own say nothing: tests, greetings and fillers, after the analysis
/// (lowercased, stemmed).
const EMPTY_WORDS: &[&str] = &[
    "tes",
    "test",
    "testing",
    "tst",
    "coba",
    "cobacoba",
    "percobaan",
    "halo",
    "hallo",
    "helo",
    "hello",
    "hai",
    "hi",
    "hey",
    "pagi",
    "siang",
    "sore",
    "malam",
    "selamat",
    "salam",
    "assalamualaikum",
    "ping",
    "ok",
    "oke",
    "okay",
    "sip",
    "asdf",
    "qwerty",
    "abc",
    "xyz",
    "admin",
    "min",
    "ya",
    "tidak",
    "lapor",
    "laporan",
    "aduan",
    "adu",
    "mohon",
    "tolong",
    "bantu",
];

/// Collapses every run of one letter to the letter (`teeees` → `tes`, `haaalooo` → `halo`),
/// so that stretched words are read as the word (the empty words are compared so too).
fn squeezed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = None;
    let mut run = 0;
    for ch in text.chars() {
        if Some(ch) == last {
            run += 1;
        } else {
            run = 1;
            last = Some(ch);
        }
        if run <= 1 || !ch.is_alphabetic() {
            out.push(ch);
        }
    }
    out
}

/// Whether the text is mostly one character typed over and over (`aaaaaaaa`, `!!!!!!!!!!`,
/// `wkwkwkwkwk`).
fn one_pattern(text: &str) -> bool {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() < 6 {
        return false;
    }
    // A period of 1 to 3 characters covering the whole text.
    (1..=3).any(|p| chars.iter().enumerate().all(|(i, c)| *c == chars[i % p]))
}

/// The sign that `title` and `body` together are empty of content, if one is.
pub fn sign(title: &str, body: &str) -> Option<JunkSign> {
    let text = format!("{title}\n{body}");
    let words = aduan_text::lexemes(&squeezed(&masked(text.trim())));
    let letters: Vec<&String> = words
        .iter()
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .collect();
    let empty: Vec<String> = EMPTY_WORDS.iter().map(|w| squeezed(w)).collect();
    if !letters.is_empty() && letters.iter().all(|w| empty.contains(w)) {
        return Some(JunkSign::TestOrGreeting);
    }
    if one_pattern(body.trim()) {
        return Some(JunkSign::Repeated);
    }
    if letters.is_empty() {
        return Some(JunkSign::NoWords);
    }
    let mut distinct: Vec<&str> = letters.iter().map(|w| w.as_str()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() == 1 {
        return Some(if letters.len() > 2 {
            JunkSign::Repeated
        } else {
            JunkSign::OneWord
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tests_greetings_and_fillers_are_flagged_however_they_are_typed() {
        for body in [
            "tes",
            "TEST!!!",
            "teeeesss",
            "halo min",
            "Haloooo",
            "ok",
            "coba coba",
        ] {
            assert_eq!(sign("", body), Some(JunkSign::TestOrGreeting), "{body}");
        }
    }

    #[test]
    fn text_without_words_or_repeating_one_pattern_is_flagged() {
        assert_eq!(sign("", "!!!!!!!!!!"), Some(JunkSign::Repeated));
        assert_eq!(sign("", "aaaaaaaaaaaa"), Some(JunkSign::Repeated));
        assert_eq!(sign("", "wkwkwkwkwkwk"), Some(JunkSign::Repeated));
        assert_eq!(sign("", "123 456 🙏"), Some(JunkSign::NoWords));
        assert_eq!(
            sign("", "p"),
            Some(JunkSign::NoWords),
            "a letter alone is no word"
        );
        assert_eq!(
            sign("", "banjir banjir banjir banjir"),
            Some(JunkSign::Repeated)
        );
        assert_eq!(sign("", "Banjir"), Some(JunkSign::OneWord));
    }

    #[test]
    fn a_short_real_complaint_is_not_flagged() {
        for (title, body) in [
            ("", "Jalan berlubang di depan pasar"),
            ("Banjir", "Air masuk rumah warga sejak pagi"),
            ("", "Lampu jalan mati"),
            ("", "Pungli di kantor kelurahan"),
            ("Tolong", "Sampah menumpuk di pinggir sungai"),
        ] {
            assert_eq!(sign(title, body), None, "{title} {body}");
        }
    }

    #[test]
    fn a_number_alone_is_no_word_even_when_it_is_a_phone_number() {
        assert_eq!(sign("", "081234567890"), Some(JunkSign::NoWords));
    }
}
