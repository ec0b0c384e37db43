//! Personal data out of free text: what an export shows of a title or a chronology.
//!
//! [`redact`] replaces with [`REDACTED`]:
//! - e-mail addresses;
//! - NIK: 16 digits, written together or in groups separated by spaces, dots or dashes;
//! - Indonesian phone numbers: `+62…`, `62…` or `0…` followed by 8 to 12 more digits (9 to 13
//!   in all with the leading 0), together or in groups separated by spaces, dots, dashes or
//!   brackets (`0812-3456-7890`, `+62 812 3456 7890`, `(031) 531 2144`), and any other number
//!   written with a `+` and 8 to 15 digits;
//! - the reporter's own identity as they gave it: their phone and NIK however the digits are
//!   grouped, their e-mail address and chat handle (case-insensitively), their whole name and each
//!   word of it of three letters or more, as whole words, case-insensitively.
//!
//! It cannot know a name it was not given (a neighbour's, an official's), nor an address, a
//! plate number or a number spelt out in words; it errs toward removing: a run of 16 digits in
//! groups (`2020 2021 2022 2023`) goes as a NIK would.

use aduan_domain::report::ReporterIdentity;
use regex::Regex;
use std::sync::LazyLock;

/// What removed personal data is replaced by.
pub const REDACTED: &str = "[dihapus]";

static EMAIL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+").ok());

/// `text` without the personal data it holds: the patterns above and whatever of `identity`
/// (the reporter's, read only for this) it repeats. The identity never leaves this function.
pub fn redact(text: &str, identity: Option<&ReporterIdentity>) -> String {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    if let Some(email) = EMAIL.as_ref() {
        spans.extend(email.find_iter(text).map(|m| (m.start(), m.end())));
    }
    let known = Known::of(identity);
    numbers(text, &known, &mut spans);
    for literal in &known.literals {
        literal_spans(text, literal, &mut spans);
    }
    name_words(text, &known.words, &mut spans);
    replace(text, spans)
}

/// The reporter's identity as the redactor looks for it.
#[derive(Default)]
struct Known {
    /// Digits of the phone after `+62`/`62`/`0`, and of the NIK.
    digits: Vec<String>,
    /// Matched case-insensitively anywhere: e-mail, chat handle, the whole name.
    literals: Vec<String>,
    /// The name's words of three letters or more, lowercased, matched as whole words.
    words: Vec<String>,
}

impl Known {
    fn of(identity: Option<&ReporterIdentity>) -> Known {
        let Some(i) = identity else {
            return Known::default();
        };
        let mut known = Known::default();
        for number in [&i.phone, &i.nik].into_iter().flatten() {
            let digits: String = number.chars().filter(char::is_ascii_digit).collect();
            let national = national(&digits).unwrap_or(&digits);
            if national.len() >= 6 {
                known.digits.push(national.to_owned());
            }
        }
        let handle = i.chat.as_deref().map(|c| c.rsplit(':').next().unwrap_or(c));
        for s in [i.email.as_deref(), handle, i.name.as_deref()]
            .into_iter()
            .flatten()
        {
            let s = s.trim();
            if s.chars().count() >= 3 {
                known.literals.push(s.to_lowercase());
            }
        }
        if let Some(name) = &i.name {
            known.words = name
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| w.chars().count() >= 3)
                .map(str::to_lowercase)
                .collect();
        }
        known
    }
}

/// The number after an Indonesian prefix (`62` or `0`), if it has one.
fn national(digits: &str) -> Option<&str> {
    digits
        .strip_prefix("62")
        .or_else(|| digits.strip_prefix('0'))
}

/// Whether digits (`plus`: written after a `+`) are a phone number or a NIK, or the reporter's.
fn personal(digits: &str, plus: bool, single: bool, first_group: usize, known: &Known) -> bool {
    let theirs = known
        .digits
        .iter()
        .any(|k| digits == k || national(digits) == Some(k.as_str()));
    let grouped_like_a_number = single || first_group <= 5;
    let phone = national(digits).is_some_and(|rest| {
        (8..=12).contains(&rest.len()) && !rest.starts_with('0') && grouped_like_a_number
    });
    theirs || digits.len() == 16 || phone || (plus && (8..=15).contains(&digits.len()))
}

/// A group of digits with the dots, dashes and brackets inside it: its byte range, its digits,
/// and whether a `+` opens it.
struct Group {
    start: usize,
    end: usize,
    digits: String,
    plus: bool,
}

/// The groups of digits in `text`, each with whether a single space joins it to the next.
fn groups(text: &str) -> Vec<(Group, bool)> {
    let bytes = text.as_bytes();
    let inside = |b: u8| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'(' | b')' | b'+');
    let mut out: Vec<(Group, bool)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !inside(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && inside(bytes[i]) {
            i += 1;
        }
        let run = &text[start..i];
        let digits: String = run.chars().filter(char::is_ascii_digit).collect();
        if digits.is_empty() {
            continue;
        }
        // The group runs from its first `+`, `(` or digit to its last digit or `)`.
        let lead = run.find(|c: char| c.is_ascii_digit() || c == '+' || c == '(');
        let tail = run.rfind(|c: char| c.is_ascii_digit() || c == ')');
        let (Some(lead), Some(tail)) = (lead, tail) else {
            continue;
        };
        let plus = run[lead..].starts_with('+');
        let joined = bytes.get(i) == Some(&b' ') && bytes.get(i + 1).is_some_and(|b| inside(*b));
        let group = Group {
            start: start + lead,
            end: start + tail + 1,
            digits,
            plus,
        };
        out.push((group, joined));
    }
    out
}

/// The spans of phone numbers and NIKs: from each group, the longest run of groups joined by
/// single spaces (at most six) whose digits together are personal.
fn numbers(text: &str, known: &Known, spans: &mut Vec<(usize, usize)>) {
    let groups = groups(text);
    let mut i = 0;
    while i < groups.len() {
        let mut digits = String::new();
        let mut found = None;
        for j in i..groups.len().min(i + 6) {
            digits.push_str(&groups[j].0.digits);
            let first = groups[i].0.digits.len();
            if personal(&digits, groups[i].0.plus, i == j, first, known) {
                found = Some(j);
            }
            if !groups[j].1 || digits.len() > 16 {
                break;
            }
        }
        match found {
            Some(j) => {
                spans.push((groups[i].0.start, groups[j].0.end));
                i = j + 1;
            }
            None => i += 1,
        }
    }
}

/// Every case-insensitive occurrence of `literal` (lowercase) in `text`.
fn literal_spans(text: &str, literal: &str, spans: &mut Vec<(usize, usize)>) {
    // The text lowercased, with the byte of `text` each of its bytes came from.
    let mut lower = String::with_capacity(text.len());
    let mut from = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        for l in c.to_lowercase() {
            lower.push(l);
            from.extend(std::iter::repeat_n(i, l.len_utf8()));
        }
    }
    for (at, found) in lower.match_indices(literal) {
        let last = from[at + found.len() - 1];
        let end = last + text[last..].chars().next().map_or(1, char::len_utf8);
        spans.push((from[at], end));
    }
}

/// Every whole word of `text` that is one of `words` (lowercase).
fn name_words(text: &str, words: &[String], spans: &mut Vec<(usize, usize)>) {
    if words.is_empty() {
        return;
    }
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if words.contains(&text[s..i].to_lowercase()) {
                    spans.push((s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
}

/// `text` with each of `spans` (merged where they overlap) replaced by [`REDACTED`].
fn replace(text: &str, mut spans: Vec<(usize, usize)>) -> String {
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in spans {
        if end <= at {
            continue;
        }
        if start >= at {
            out.push_str(&text[at..start]);
            out.push_str(REDACTED);
        }
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
#[path = "redact_tests.rs"]
mod tests;
