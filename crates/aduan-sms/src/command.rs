//! What an incoming SMS asks for: `CEK <tracking id>` (the status card), `BALAS <tracking id>
//! <text>` (the reporter's reply), `BATAL <tracking id>` (withdraw), the reporter's other
//! actions by the words of [`aduan_app::reports::reporter_commands`] (`PUAS <id> <1-5>`,
//! `TIDAKPUAS <id> <1-5>`, `NILAI <id> <1-5>`, `BUKA <id> <reason>`, `BANDING <id> <reason>`,
//! `OMBUDSMAN <id>`), `ANONIM <text>` (a new report whose reporter no agency sees), or free
//! text (a new report, or a reply when exactly one of the sender's reports awaits one),
//! optionally led by a region keyword that routes it (`ANONIM TANGKAB <text>` and `TANGKAB
//! ANONIM <text>` both work). The command words are Indonesian; their English forms (`CHECK`,
//! `REPLY`, `CANCEL` or `WITHDRAW`, `CONFIRM`, `UNRESOLVED`, `RATE`, `REOPEN`, `APPEAL`,
//! `ANONYMOUS`) work too and are answered in English.
//!
//! An action word counts only when a report number follows it (or nothing, or only a
//! rating: then the sender is told to add the number), so that a report that happens to
//! start with "Nilai ..." or "Buka ..." stays a report.

use aduan_app::reports::reporter_commands::{self, Verb, Wording};
use aduan_domain::TrackingId;
use aduan_i18n::Lang;
use std::collections::BTreeMap;

/// An incoming SMS, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `CEK <id>`: the status card. `id` is what followed, possibly malformed or empty.
    Check {
        /// The tracking id as typed.
        id: String,
    },
    /// `BALAS <id> <text>`: the reporter's reply.
    Reply {
        /// The tracking id as typed.
        id: String,
        /// The reply (may be empty: then the sender is told how to write one).
        body: String,
    },
    /// `BATAL <id>`: withdraw while awaiting verification.
    Withdraw {
        /// The tracking id as typed.
        id: String,
    },
    /// `DATA <id>` (`MYDATA`): what Aduan holds about the reporter on that report.
    MyData {
        /// The tracking id as typed.
        id: String,
    },
    /// `HAPUS <id>` (`ERASE`): asks to erase the reporter's identity; `HAPUS <id> YA` erases
    /// it. The report stays.
    Erase {
        /// The tracking id as typed.
        id: String,
        /// Ended by `YA` (`YES`): the erasure is confirmed.
        confirmed: bool,
    },
    /// A reporter's action by keyword: `PUAS <id> <1-5>`, `BUKA <id> <reason>` and the others.
    Act {
        /// What the word asks for.
        verb: Verb,
        /// The command word, as the answers write it (`TIDAK PUAS`).
        word: String,
        /// The tracking id as typed.
        id: String,
        /// The rating (rating words only): the digits that followed the id.
        stars: Option<u8>,
        /// What followed: the reason (reopen, appeal); after a rating it is not kept.
        text: String,
    },
    /// An action word without a report number (`PUAS 5`): the sender is told how to write it.
    NoId {
        /// What the word asks for.
        verb: Verb,
        /// The command word.
        word: String,
    },
    /// Anything else: a report (or a bare reply when not anonymous).
    Text {
        /// The agency a leading region keyword names.
        agency: Option<String>,
        /// The text, without the keywords.
        body: String,
        /// Led by `ANONIM`: the reporter asks that no agency sees who they are.
        anonymous: bool,
    },
}

/// A command and the language its words were written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// What is asked.
    pub command: Command,
    /// The language of the command word; `None` for free text.
    pub lang: Option<Lang>,
}

/// Separators allowed right after a command word or keyword (`CEK#ID`, `TANGKAB: ...`).
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '#' | ':' | ',' | '.')
}

/// Splits off the first word (up to a separator) and returns it with the rest, trimmed.
fn first_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    match text.find(is_separator) {
        Some(i) => {
            let rest = text[i..].trim_start_matches(is_separator);
            (&text[..i], rest)
        }
        None => (text, ""),
    }
}

/// Whether `word` can be a tracking id as a person types it: a valid one, or one mistyped
/// (letters and digits, at least one digit, about the right length) that deserves a "not
/// found" rather than being taken for the first word of a report.
fn looks_like_id(word: &str) -> bool {
    if TrackingId::parse(word).is_ok() {
        return true;
    }
    // Both a letter and a digit: a phone number ("081234567890") or a date ("2024-05-12")
    // after a word is the start of a report, not a report number.
    let symbols: Vec<char> = word.chars().filter(|c| *c != '-').collect();
    (8..=12).contains(&symbols.len())
        && symbols.iter().all(char::is_ascii_alphanumeric)
        && symbols.iter().any(char::is_ascii_digit)
        && symbols.iter().any(char::is_ascii_alphabetic)
}

/// Whether what follows a withdrawal word is a report number (typed whole or in groups,
/// "ABCD EFGH JK", possibly mistyped) or nothing: otherwise the word starts ordinary text
/// ("Batal berangkat karena jalan putus ...").
fn id_or_nothing(rest: &str) -> bool {
    let joined: String = rest.split_whitespace().collect();
    joined.is_empty()
        || TrackingId::parse(&joined).is_ok()
        || ((8..=12).contains(&joined.chars().count())
            && joined
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// What follows `DATA` or `HAPUS` when it is a report number (typed whole or in groups), with
/// whether a confirming `YA`/`YES` ends it; `None` when it is words of a report ("Data bansos
/// salah", "Hapus pungutan liar"): a valid number, or one word that looks like a mistyped one.
fn rights_id(rest: &str) -> Option<(String, bool)> {
    let mut words: Vec<&str> = rest.split_whitespace().collect();
    let confirmed = words
        .last()
        .is_some_and(|w| matches!(w.to_uppercase().as_str(), "YA" | "YES"));
    if confirmed {
        words.pop();
    }
    let id: String = words.concat();
    // A mistyped number counts only as one word: words with a digit among them are a report.
    (TrackingId::parse(&id).is_ok() || (words.len() == 1 && looks_like_id(&id)))
        .then_some((id, confirmed))
}

/// The language a command word's answer is written in; `None`: the channel's.
fn lang_of(wording: Wording) -> Option<Lang> {
    match wording {
        Wording::Indonesian => Some(Lang::Id),
        Wording::English => Some(Lang::En),
        Wording::Both => None,
    }
}

/// A reporter's action word at the start of `text`, with its report number, or without one
/// when nothing or only a rating follows; `None` when the word leads ordinary text.
fn action(text: &str) -> Option<Parsed> {
    let (keyword, rest) = reporter_commands::leading(text)?;
    let word = keyword.words.to_owned();
    let verb = keyword.verb;
    let lang = lang_of(keyword.wording);
    let (id, after) = first_word(rest);
    if looks_like_id(id) {
        let (stars, text) = match verb {
            Verb::Rate { .. } => {
                let (first, then) = first_word(after);
                match reporter_commands::stars(first) {
                    Some(stars) => (Some(stars), then),
                    None => (None, after),
                }
            }
            _ => (None, after),
        };
        let command = Command::Act {
            verb,
            word,
            id: id.to_owned(),
            stars,
            text: text.trim().to_owned(),
        };
        return Some(Parsed { command, lang });
    }
    let bare = rest.is_empty() || (!after.contains(char::is_alphabetic) && id.len() <= 3);
    bare.then_some(Parsed {
        command: Command::NoId { verb, word },
        lang,
    })
}

/// The language of the anonymity keyword `word` (upper case), if it is one.
fn anonymity_keyword(word: &str) -> Option<Lang> {
    match word {
        "ANONIM" => Some(Lang::Id),
        "ANONYMOUS" => Some(Lang::En),
        _ => None,
    }
}

/// A report's text after an optional region keyword: the agency it names and the rest. A
/// keyword alone is just text.
fn routed(text: &str, keywords: &BTreeMap<String, String>) -> (Option<String>, String) {
    let (word, rest) = first_word(text);
    match keywords.get(&word.to_uppercase()) {
        Some(agency) if !rest.is_empty() => (Some(agency.clone()), rest.to_owned()),
        _ => (None, text.trim().to_owned()),
    }
}

/// Understands `text`; `keywords` maps upper-case region keywords to agency slugs.
pub fn parse(text: &str, keywords: &BTreeMap<String, String>) -> Parsed {
    let text = text.trim();
    let (word, rest) = first_word(text);
    let upper = word.to_uppercase();
    let command = |lang: Lang, command: Command| Parsed {
        command,
        lang: Some(lang),
    };
    match upper.as_str() {
        "BATAL" | "CANCEL" | "WITHDRAW" if !id_or_nothing(rest) => {
            free_text(text, &upper, rest, keywords)
        }
        "DATA" | "MYDATA" | "HAPUS" | "ERASE" => match rights_id(rest) {
            None => free_text(text, &upper, rest, keywords),
            Some((id, confirmed)) => {
                let lang = if matches!(upper.as_str(), "DATA" | "HAPUS") {
                    Lang::Id
                } else {
                    Lang::En
                };
                if matches!(upper.as_str(), "DATA" | "MYDATA") {
                    command(lang, Command::MyData { id })
                } else {
                    command(lang, Command::Erase { id, confirmed })
                }
            }
        },
        "CEK" | "CHECK" => {
            let lang = if upper == "CEK" { Lang::Id } else { Lang::En };
            // A tracking id may be typed in groups: "ABCD EFGH JK".
            let id: String = rest.split_whitespace().collect();
            command(lang, Command::Check { id })
        }
        "BALAS" | "REPLY" => {
            let lang = if upper == "BALAS" { Lang::Id } else { Lang::En };
            let (id, body) = first_word(rest);
            command(
                lang,
                Command::Reply {
                    id: id.to_owned(),
                    body: body.trim().to_owned(),
                },
            )
        }
        "BATAL" | "CANCEL" | "WITHDRAW" => {
            let lang = if upper == "BATAL" { Lang::Id } else { Lang::En };
            let id: String = rest.split_whitespace().collect();
            command(lang, Command::Withdraw { id })
        }
        _ => free_text(text, &upper, rest, keywords),
    }
}

/// `text` that is no status, reply or withdrawal command: a reporter's action word with its
/// report number, or a report (anonymous when it says so, routed by a region keyword).
fn free_text(text: &str, upper: &str, rest: &str, keywords: &BTreeMap<String, String>) -> Parsed {
    let command = |lang: Lang, command: Command| Parsed {
        command,
        lang: Some(lang),
    };
    if let Some(parsed) = action(text) {
        return parsed;
    }
    if let Some(lang) = anonymity_keyword(upper) {
        let (agency, body) = routed(rest, keywords);
        return command(
            lang,
            Command::Text {
                agency,
                body,
                anonymous: true,
            },
        );
    }
    let (agency, body) = routed(text, keywords);
    let (next, after) = first_word(&body);
    match anonymity_keyword(&next.to_uppercase()) {
        Some(lang) if agency.is_some() => command(
            lang,
            Command::Text {
                agency,
                body: after.to_owned(),
                anonymous: true,
            },
        ),
        _ => Parsed {
            command: Command::Text {
                agency,
                body,
                anonymous: false,
            },
            lang: None,
        },
    }
}

#[cfg(test)]
#[path = "command_tests.rs"]
mod tests;
