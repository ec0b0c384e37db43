//! What an incoming SMS asks for: `CEK <tracking id>` (the status card), `BALAS <tracking id>
//! <text>` (the reporter's reply), `BATAL <tracking id>` (withdraw), or free text (a new report,
//! or a reply when exactly one of the sender's reports awaits one), optionally led by a region
//! keyword that routes it. The command words are Indonesian; their English forms (`CHECK`,
//! `REPLY`, `CANCEL`) work too and are answered in English.

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
    /// Anything else: a report (or a bare reply).
    Text {
        /// The agency a leading region keyword names.
        agency: Option<String>,
        /// The text, without the keyword.
        body: String,
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
        "BATAL" | "CANCEL" => {
            let lang = if upper == "BATAL" { Lang::Id } else { Lang::En };
            let id: String = rest.split_whitespace().collect();
            command(lang, Command::Withdraw { id })
        }
        _ => match keywords.get(&upper) {
            Some(agency) if !rest.is_empty() => Parsed {
                command: Command::Text {
                    agency: Some(agency.clone()),
                    body: rest.to_owned(),
                },
                lang: None,
            },
            _ => Parsed {
                command: Command::Text {
                    agency: None,
                    body: text.to_owned(),
                },
                lang: None,
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keywords() -> BTreeMap<String, String> {
        BTreeMap::from([("TANGKAB".to_owned(), "kabupaten-tangerang".to_owned())])
    }

    #[test]
    fn cek_asks_for_the_status_in_either_case_and_with_a_grouped_id() {
        let p = parse("cek abcd efgh jk", &keywords());
        assert_eq!(
            p.command,
            Command::Check {
                id: "abcdefghjk".into()
            }
        );
        assert_eq!(p.lang, Some(Lang::Id));
        assert_eq!(parse("CHECK#X1", &keywords()).lang, Some(Lang::En));
    }

    #[test]
    fn balas_takes_the_id_and_keeps_the_rest_as_the_reply() {
        let p = parse(
            "BALAS 7K3QM9XD2T  Jalannya belum diperbaiki,\npak.",
            &keywords(),
        );
        assert_eq!(
            p.command,
            Command::Reply {
                id: "7K3QM9XD2T".into(),
                body: "Jalannya belum diperbaiki,\npak.".into()
            }
        );
    }

    #[test]
    fn batal_asks_to_withdraw() {
        assert_eq!(
            parse("Batal 7K3QM9XD2T", &keywords()).command,
            Command::Withdraw {
                id: "7K3QM9XD2T".into()
            }
        );
    }

    #[test]
    fn a_leading_region_keyword_routes_and_is_removed_from_the_text() {
        let p = parse("tangkab: Jalan rusak di Cikupa", &keywords());
        assert_eq!(
            p.command,
            Command::Text {
                agency: Some("kabupaten-tangerang".into()),
                body: "Jalan rusak di Cikupa".into()
            }
        );
        assert_eq!(p.lang, None);
    }

    #[test]
    fn free_text_is_a_report_without_an_agency_and_a_bare_keyword_is_just_text() {
        assert_eq!(
            parse("Lampu jalan mati", &keywords()).command,
            Command::Text {
                agency: None,
                body: "Lampu jalan mati".into()
            }
        );
        assert_eq!(
            parse("TANGKAB", &keywords()).command,
            Command::Text {
                agency: None,
                body: "TANGKAB".into()
            }
        );
    }

    #[test]
    fn a_word_that_only_starts_like_a_command_is_free_text() {
        assert!(matches!(
            parse("Cekungan air di jalan", &keywords()).command,
            Command::Text { .. }
        ));
    }
}
