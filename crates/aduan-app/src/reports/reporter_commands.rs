//! The reporter's actions by keyword, for the channels where a person types them (SMS,
//! e-mail replies): the one table of command words, Indonesian first and English too, and
//! the action request each asks for on a report as it stands. The channels find the word and
//! the report; what the word does is decided here, the same for every channel, and taken by
//! [`crate::reports::act::act_as`].
//!
//! | words | asks for |
//! |---|---|
//! | `PUAS`, `NILAI`; `CONFIRM`, `RATE` | a rating, the problem resolved |
//! | `TIDAKPUAS`, `TIDAK PUAS`; `UNRESOLVED`, `NOT RESOLVED` | a rating, the problem not resolved |
//! | `BUKA`; `REOPEN` | `reopen`, with the reason |
//! | `BANDING`; `APPEAL` | `appeal` of an archive, with the reason |
//! | `OMBUDSMAN` (both languages) | `escalate` to the Ombudsman |
//! | `BATAL`; `CANCEL`, `WITHDRAW` | `withdraw` |
//!
//! A rating confirms the completion while the report awaits the reporter's confirmation
//! (`confirm`), and rates it once it is closed (`rate`); a rating always says whether the
//! problem was resolved, so the words do.

use aduan_domain::report::ReportState;
use aduan_domain::status::{CompletionKind, Status};
use serde_json::{Value, json};

/// What a command word asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    /// Rate the completion (confirming it while it awaits confirmation).
    Rate {
        /// Whether the reporter says the problem was resolved.
        resolved: bool,
    },
    /// Reopen a completed report.
    Reopen,
    /// Appeal an archive.
    Appeal,
    /// Take the report to the Ombudsman.
    Ombudsman,
    /// Withdraw a report awaiting verification.
    Withdraw,
}

impl Verb {
    /// Whether the command carries the reporter's reason in words.
    pub fn takes_reason(self) -> bool {
        matches!(self, Verb::Reopen | Verb::Appeal)
    }
}

/// The language a command word is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wording {
    /// Bahasa Indonesia.
    Indonesian,
    /// English.
    English,
    /// The same word in both (`OMBUDSMAN`): the channel's own language answers.
    Both,
}

/// A command word: its words (upper case, one or two), what it asks for, its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keyword {
    /// The words as written in the documentation (`TIDAK PUAS`).
    pub words: &'static str,
    /// What it asks for.
    pub verb: Verb,
    /// Its language.
    pub wording: Wording,
}

const fn kw(words: &'static str, verb: Verb, wording: Wording) -> Keyword {
    Keyword {
        words,
        verb,
        wording,
    }
}

const RESOLVED: Verb = Verb::Rate { resolved: true };
const NOT_RESOLVED: Verb = Verb::Rate { resolved: false };

/// Every command word. Two-word forms come before the one-word forms they start with.
pub const KEYWORDS: &[Keyword] = &[
    kw("TIDAK PUAS", NOT_RESOLVED, Wording::Indonesian),
    kw("TIDAKPUAS", NOT_RESOLVED, Wording::Indonesian),
    kw("PUAS", RESOLVED, Wording::Indonesian),
    kw("NILAI", RESOLVED, Wording::Indonesian),
    kw("BUKA", Verb::Reopen, Wording::Indonesian),
    kw("BANDING", Verb::Appeal, Wording::Indonesian),
    kw("BATAL", Verb::Withdraw, Wording::Indonesian),
    kw("OMBUDSMAN", Verb::Ombudsman, Wording::Both),
    kw("NOT RESOLVED", NOT_RESOLVED, Wording::English),
    kw("NOTRESOLVED", NOT_RESOLVED, Wording::English),
    kw("UNRESOLVED", NOT_RESOLVED, Wording::English),
    kw("CONFIRM", RESOLVED, Wording::English),
    kw("RATE", RESOLVED, Wording::English),
    kw("REOPEN", Verb::Reopen, Wording::English),
    kw("APPEAL", Verb::Appeal, Wording::English),
    kw("CANCEL", Verb::Withdraw, Wording::English),
    kw("WITHDRAW", Verb::Withdraw, Wording::English),
];

/// Separators allowed right after a command word (`PUAS:4`, `BUKA, jalannya ...`).
pub fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '#' | ':' | ',' | '.')
}

/// The command word `text` starts with (in any case, ended by a separator or the end) and
/// what follows it, separators trimmed.
pub fn leading(text: &str) -> Option<(Keyword, &str)> {
    let text = text.trim_start();
    KEYWORDS.iter().find_map(|k| {
        let rest = strip_words(text, k.words)?;
        Some((*k, rest.trim_start_matches(is_separator)))
    })
}

/// `text` after `words` (space-separated; any run of whitespace between them), if it starts
/// with them as whole words.
fn strip_words<'a>(text: &'a str, words: &str) -> Option<&'a str> {
    let mut rest = text;
    for (n, word) in words.split(' ').enumerate() {
        if n > 0 {
            let trimmed = rest.trim_start();
            if trimmed.len() == rest.len() {
                return None;
            }
            rest = trimmed;
        }
        let head = rest.get(..word.len())?;
        if !head.eq_ignore_ascii_case(word) {
            return None;
        }
        rest = &rest[word.len()..];
    }
    match rest.chars().next() {
        None => Some(rest),
        Some(c) if is_separator(c) => Some(rest),
        Some(_) => None,
    }
}

/// The stars a word gives: its leading digits (`4`, `4/5`, `4bintang`); `None` when it does
/// not start with a digit. Whether they are 1 to 5 is the lifecycle's rule.
pub fn stars(word: &str) -> Option<u8> {
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    Some(digits.parse::<u8>().unwrap_or(u8::MAX))
}

/// The action a command asks for and its request, as `POST /reports/{id}/actions` takes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The action's name.
    pub action: &'static str,
    /// The request body for [`crate::reports::act::act_as`].
    pub body: Value,
}

/// The request `verb` makes of a report in `state`: `stars` for a rating, `words` the
/// reporter's reason (reopen, appeal).
pub fn request(verb: Verb, state: &ReportState, stars: Option<u8>, words: &str) -> Request {
    let words = words.trim();
    let (action, body) = match verb {
        Verb::Rate { resolved } => {
            let awaits_confirmation = state.status != Status::Completed
                || state.completion_kind == Some(CompletionKind::AgencyClosed);
            let action = if awaits_confirmation {
                "confirm"
            } else {
                "rate"
            };
            let body = match stars {
                Some(stars) => {
                    json!({ "action": action, "rating": stars, "resolved": resolved })
                }
                // Unresolved needs its rating: the lifecycle's rating says both.
                None if !resolved => json!({ "action": action, "resolved": false }),
                None => json!({ "action": action }),
            };
            (action, body)
        }
        Verb::Reopen => ("reopen", json!({ "action": "reopen", "reason": words })),
        Verb::Appeal => ("appeal", json!({ "action": "appeal", "reason": words })),
        Verb::Ombudsman => ("escalate", json!({ "action": "escalate" })),
        Verb::Withdraw => ("withdraw", json!({ "action": "withdraw" })),
    };
    Request { action, body }
}

/// The one report among `reports` that awaits its reporter's answer (a follow-up, or a
/// completion whose auto-close clock runs): a bare message from the reporter answers it.
/// `None` when none or more than one does.
pub async fn awaiting_answer(
    state: &crate::AppState,
    reports: impl IntoIterator<Item = aduan_domain::TrackingId>,
) -> crate::error::AppResult<Option<aduan_domain::report::Report>> {
    use aduan_domain::sla::Phase;
    let mut found = None;
    for id in reports {
        let Some(report) = state.store.get_report(&id).await? else {
            continue;
        };
        let st = &report.state;
        let open = st.status == Status::InProgress
            || (st.status == Status::Completed
                && st.completion_kind == Some(CompletionKind::AgencyClosed));
        if !open {
            continue;
        }
        let clocks = state.store.list_clocks(&report.tracking_id).await?;
        if clocks
            .iter()
            .any(|c| c.phase == Phase::AutoClose && c.stopped_at.is_none())
        {
            if found.is_some() {
                return Ok(None);
            }
            found = Some(report);
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(status: Status, kind: Option<CompletionKind>) -> ReportState {
        let mut s: ReportState = serde_json::from_value(json!({
            "status": "submitted", "completion_kind": null, "escalation_level": "none",
            "kind": "complaint", "title": null, "category": null, "tags": [],
            "handling_class": null, "requested_agency": null, "agency": null, "unit": null,
            "rerouted": false, "archive_reason": null, "appeal_used": false,
            "reopen_used": false, "information_requested": false, "confidential": false,
        }))
        .expect("a report's state");
        s.status = status;
        s.completion_kind = kind;
        s
    }

    #[test]
    fn every_word_is_found_in_any_case_and_two_word_forms_win() {
        let (k, rest) = leading("tidak puas 2 lampunya mati lagi").unwrap();
        assert_eq!(k.verb, Verb::Rate { resolved: false });
        assert_eq!(rest, "2 lampunya mati lagi");
        let (k, rest) = leading("Puas: 5").unwrap();
        assert_eq!((k.verb, k.wording), (RESOLVED, Wording::Indonesian));
        assert_eq!(rest, "5");
        assert_eq!(leading("NOT  RESOLVED 1").unwrap().0.verb, NOT_RESOLVED);
        assert_eq!(leading("ombudsman").unwrap().0.wording, Wording::Both);
        for k in KEYWORDS {
            assert_eq!(leading(k.words).map(|(found, _)| found), Some(*k));
        }
    }

    #[test]
    fn a_word_that_only_starts_like_a_command_is_not_one() {
        assert_eq!(leading("Bukannya sudah diperbaiki?"), None);
        assert_eq!(leading("Tidak ada petugas"), None);
        assert_eq!(leading("Nilainya dipotong"), None);
        assert_eq!(leading("Tidakpuasnya"), None);
    }

    #[test]
    fn stars_are_the_leading_digits() {
        assert_eq!(stars("4"), Some(4));
        assert_eq!(stars("4/5"), Some(4));
        assert_eq!(stars("9"), Some(9));
        assert_eq!(stars("300"), Some(u8::MAX));
        assert_eq!(stars("lima"), None);
    }

    #[test]
    fn a_rating_confirms_an_agency_completion_and_rates_a_closed_report() {
        let completed = state(Status::Completed, Some(CompletionKind::AgencyClosed));
        let r = request(RESOLVED, &completed, Some(4), "");
        assert_eq!(r.action, "confirm");
        assert_eq!(
            r.body,
            json!({"action": "confirm", "rating": 4, "resolved": true})
        );
        let closed = state(Status::Completed, Some(CompletionKind::AutoClosed));
        let r = request(NOT_RESOLVED, &closed, Some(2), "");
        assert_eq!(
            r.body,
            json!({"action": "rate", "rating": 2, "resolved": false})
        );
        let open = state(Status::InProgress, None);
        assert_eq!(request(RESOLVED, &open, None, "").action, "confirm");
    }

    #[test]
    fn reasons_go_with_reopen_and_appeal_and_nothing_with_the_others() {
        let s = state(Status::Completed, Some(CompletionKind::AgencyClosed));
        assert_eq!(
            request(Verb::Reopen, &s, None, " Lampunya mati lagi ").body,
            json!({"action": "reopen", "reason": "Lampunya mati lagi"})
        );
        assert_eq!(request(Verb::Appeal, &s, None, "x").action, "appeal");
        assert_eq!(
            request(Verb::Ombudsman, &s, None, "tolong").body,
            json!({"action": "escalate"})
        );
        assert_eq!(request(Verb::Withdraw, &s, None, "").action, "withdraw");
    }
}
