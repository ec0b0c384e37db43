//! What an incoming SMS asks for: `CEK <tracking id>` (the status card), `BALAS <tracking id>
//! <text>` (the reporter's reply), `BATAL <tracking id>` (withdraw), `ANONIM <text>` (a new
//! report whose reporter no agency sees), or free text (a new report, or a reply when exactly
//! one of the sender's reports awaits one), optionally led by a region keyword that routes it
//! (`ANONIM TANGKAB <text>` and `TANGKAB ANONIM <text>` both work). The command words are
//! Indonesian; their English forms (`CHECK`, `REPLY`, `CANCEL`, `ANONYMOUS`) work too and are
//! answered in English.

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
        _ => {
            if let Some(lang) = anonymity_keyword(&upper) {
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
                body: "Jalan rusak di Cikupa".into(),
                anonymous: false,
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
                body: "Lampu jalan mati".into(),
                anonymous: false,
            }
        );
        assert_eq!(
            parse("TANGKAB", &keywords()).command,
            Command::Text {
                agency: None,
                body: "TANGKAB".into(),
                anonymous: false,
            }
        );
    }

    #[test]
    fn anonim_asks_for_an_anonymous_report_with_or_around_a_region_keyword() {
        let text = |agency: Option<&str>, body: &str| Command::Text {
            agency: agency.map(str::to_owned),
            body: body.to_owned(),
            anonymous: true,
        };
        let p = parse("ANONIM Pungli di kelurahan", &keywords());
        assert_eq!(p.command, text(None, "Pungli di kelurahan"));
        assert_eq!(p.lang, Some(Lang::Id));
        let tangkab = Some("kabupaten-tangerang");
        assert_eq!(
            parse("anonim tangkab: Pungli di Cikupa", &keywords()).command,
            text(tangkab, "Pungli di Cikupa")
        );
        assert_eq!(
            parse("TANGKAB ANONIM Pungli di Cikupa", &keywords()).command,
            text(tangkab, "Pungli di Cikupa")
        );
        let english = parse("Anonymous: bribes at the office", &keywords());
        assert_eq!(english.command, text(None, "bribes at the office"));
        assert_eq!(english.lang, Some(Lang::En));
        assert_eq!(parse("ANONIM", &keywords()).command, text(None, ""));
        assert!(matches!(
            parse("Anonimnya pelapor", &keywords()).command,
            Command::Text {
                anonymous: false,
                ..
            }
        ));
    }

    #[test]
    fn a_word_that_only_starts_like_a_command_is_free_text() {
        assert!(matches!(
            parse("Cekungan air di jalan", &keywords()).command,
            Command::Text { .. }
        ));
    }
}
