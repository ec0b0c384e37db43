//! What a message says, read the same way on every network: the commands of the SMS channel
//! (Indonesian first, English too; a Telegram `/command` form as well) and plain text.
//! Command words that stand alone (`LAPOR`, `KIRIM`, `BATAL`) count only when they are the
//! whole message; words that name a report (`CEK`, `BALAS`, the reporter's actions) only
//! when a tracking id follows, so that a report's own words are never taken for a command.

use aduan_app::reports::reporter_commands::{self, Keyword, Verb};
use aduan_domain::TrackingId;
use aduan_store::Language;

/// What a message says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Said<'a> {
    /// The menu (`MENU`, `BANTUAN`, `HELP`, `/start`).
    Menu,
    /// Start a new report (`LAPOR`, `REPORT`).
    NewReport,
    /// A report's status, or the sender's reports without an id.
    Check(Option<TrackingId>),
    /// A reply to the agency.
    Reply(TrackingId, &'a str),
    /// A reporter's action by keyword, on a report.
    Act {
        /// The keyword.
        keyword: Keyword,
        /// The report.
        id: TrackingId,
        /// The rating, for rating words.
        stars: Option<u8>,
        /// The reason, for reopen and appeal.
        words: &'a str,
    },
    /// What Aduan holds about the sender on a report (`DATA <id>`, `MY DATA <id>`).
    MyData(TrackingId),
    /// Erase the sender's identity from a report (`HAPUS <id>`), confirmed with `YA`
    /// (`HAPUS <id> YA`, `ERASE <id> YES`).
    Erase(TrackingId, bool),
    /// Switch the conversation's language.
    Language(Language),
    /// Stop the report being written (`BATAL` alone).
    Cancel,
    /// Send the report (`KIRIM`).
    Send,
    /// No answer to this question (`LEWATI`).
    Skip,
    /// No more attachments (`SELESAI`).
    Done,
    /// Anything else.
    Text(&'a str),
}

const MENU: &[&str] = &[
    "MENU", "BANTUAN", "HELP", "START", "HALO", "HAI", "HI", "HELLO",
];
const NEW_REPORT: &[&str] = &["LAPOR", "REPORT", "LAPORAN BARU", "NEW REPORT", "ADUAN"];
const CHECK: &[&str] = &["CEK", "STATUS", "CHECK"];
const REPLY: &[&str] = &["BALAS", "REPLY"];
const MY_DATA: &[&str] = &["DATA SAYA", "MY DATA", "MYDATA", "DATA"];
const ERASE: &[&str] = &["HAPUS", "ERASE"];
const CONFIRM: &[&str] = &["YA", "YES"];
const ENGLISH: &[&str] = &["ENGLISH", "INGGRIS"];
const INDONESIAN: &[&str] = &["BAHASA", "INDONESIA", "BAHASA INDONESIA", "INDONESIAN"];
const CANCEL: &[&str] = &["BATAL", "CANCEL", "STOP"];
const SEND: &[&str] = &["KIRIM", "SEND", "YA", "YES"];
const SKIP: &[&str] = &["LEWATI", "SKIP", "TIDAK ADA", "NONE"];
const DONE: &[&str] = &["SELESAI", "DONE", "SUDAH", "FINISHED"];

/// The message without a Telegram command's slash and bot name (`/start@AduanBot`).
fn unslashed(text: &str) -> &str {
    let t = text.trim();
    match t.strip_prefix('/') {
        Some(rest) => {
            let end = rest.find([' ', '\n']).unwrap_or(rest.len());
            let (command, tail) = rest.split_at(end);
            match command.split_once('@') {
                // The tail keeps its own words; the bot's name goes.
                Some((word, _bot)) => &t[1..1 + word.len()],
                None if tail.is_empty() => command,
                None => rest,
            }
        }
        None => t,
    }
}

fn is(text: &str, words: &[&str]) -> bool {
    let normal: String = text
        .trim_end_matches(['.', '!', '?'])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    words.iter().any(|w| normal.eq_ignore_ascii_case(w))
}

/// `text` after one of `words` and a separator, if it starts with one of them.
fn after<'a>(text: &'a str, words: &[&str]) -> Option<&'a str> {
    words.iter().find_map(|w| {
        let head = text.get(..w.len())?;
        if !head.eq_ignore_ascii_case(w) {
            return None;
        }
        let rest = &text[w.len()..];
        match rest.chars().next() {
            None => Some(rest),
            Some(c) if reporter_commands::is_separator(c) => {
                Some(rest.trim_start_matches(reporter_commands::is_separator))
            }
            Some(_) => None,
        }
    })
}

/// The tracking id `text` starts with, and what follows it.
fn leading_id(text: &str) -> Option<(TrackingId, &str)> {
    let end = text
        .find(|c: char| reporter_commands::is_separator(c) && c != '-')
        .unwrap_or(text.len());
    // A ten-letter word passes the check symbol once in 32: the turn asks the store whether
    // an id without digits names a report (see [`names_a_report`]).
    let id = TrackingId::parse(&text[..end]).ok()?;
    Some((
        id,
        text[end..].trim_start_matches(reporter_commands::is_separator),
    ))
}

/// The tracking id a message's command names, if any.
pub(crate) fn named_id(said: &Said<'_>) -> Option<TrackingId> {
    match said {
        Said::Check(Some(id))
        | Said::Reply(id, _)
        | Said::Act { id, .. }
        | Said::MyData(id)
        | Said::Erase(id, _) => Some(*id),
        _ => None,
    }
}

/// Whether `id`, as typed in a command, is taken as a report's number: any id with a digit
/// (nearly every issued one), and one of letters alone only when it names a report.
pub(crate) fn names_a_report(id: &TrackingId, exists: bool) -> bool {
    exists || id.as_str().chars().any(|c| c.is_ascii_digit())
}

/// `DATA <id>` or `HAPUS <id> [YA]`: a data right, when the whole message is one (so that
/// "Hapus pungutan liar di pasar" stays a report's words).
fn rights(t: &str) -> Option<Said<'_>> {
    if let Some((id, rest)) = after(t, MY_DATA).and_then(leading_id) {
        return rest.trim().is_empty().then_some(Said::MyData(id));
    }
    let (id, rest) = after(t, ERASE).and_then(leading_id)?;
    if rest.trim().is_empty() {
        Some(Said::Erase(id, false))
    } else {
        is(rest, CONFIRM).then_some(Said::Erase(id, true))
    }
}

/// Reads a message's text.
pub(crate) fn read(text: &str) -> Said<'_> {
    let t = unslashed(text);
    if is(t, MENU) {
        return Said::Menu;
    }
    if is(t, NEW_REPORT) {
        return Said::NewReport;
    }
    if is(t, ENGLISH) {
        return Said::Language(Language::En);
    }
    if is(t, INDONESIAN) {
        return Said::Language(Language::Id);
    }
    if is(t, CANCEL) {
        return Said::Cancel;
    }
    if is(t, SEND) {
        return Said::Send;
    }
    if is(t, SKIP) {
        return Said::Skip;
    }
    if is(t, DONE) {
        return Said::Done;
    }
    if let Some(rest) = after(t, CHECK) {
        if rest.trim().is_empty() {
            return Said::Check(None);
        }
        if let Some((id, _)) = leading_id(rest) {
            return Said::Check(Some(id));
        }
    }
    if let Some(said) = rights(t) {
        return said;
    }
    if let Some((id, body)) = after(t, REPLY).and_then(leading_id) {
        return Said::Reply(id, body.trim());
    }
    if let Some((keyword, rest)) = reporter_commands::leading(t)
        && let Some((id, words)) = leading_id(rest)
    {
        let (stars, words) = match keyword.verb {
            Verb::Rate { .. } => {
                let first = words.split_whitespace().next().unwrap_or_default();
                (reporter_commands::stars(first), "")
            }
            _ => (None, words.trim()),
        };
        return Said::Act {
            keyword,
            id,
            stars,
            words,
        };
    }
    Said::Text(text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tracking id with a digit in it, as every issued id has in practice.
    fn id() -> TrackingId {
        loop {
            let id = TrackingId::generate(&mut rand::rng());
            if id.as_str().chars().any(|c| c.is_ascii_digit()) {
                return id;
            }
        }
    }

    #[test]
    fn words_that_stand_alone_count_only_as_the_whole_message() {
        assert_eq!(read("lapor"), Said::NewReport);
        assert_eq!(read("/start"), Said::Menu);
        assert_eq!(read("/start@AduanBot"), Said::Menu);
        assert_eq!(read("Kirim."), Said::Send);
        assert_eq!(
            read("Lapor jalan rusak di depan pasar"),
            Said::Text("Lapor jalan rusak di depan pasar")
        );
        assert_eq!(read("batal"), Said::Cancel);
        assert_eq!(read("English"), Said::Language(Language::En));
    }

    #[test]
    fn words_about_a_report_need_its_tracking_id() {
        assert_eq!(read("cek"), Said::Check(None));
        assert_eq!(
            read("puas sekali pelayanannya"),
            Said::Text("puas sekali pelayanannya")
        );
        assert_eq!(read("balas terima kasih"), Said::Text("balas terima kasih"));
        let id = id();
        assert_eq!(read(&format!("cek {id}")), Said::Check(Some(id)));
        let typed = format!(
            "BALAS {} sudah saya kirim fotonya",
            id.as_str().to_lowercase()
        );
        assert_eq!(read(&typed), Said::Reply(id, "sudah saya kirim fotonya"));
        let Said::Act { keyword, stars, .. } = read(&format!("puas {id} 4")) else {
            panic!("a rating with its id is an action");
        };
        assert_eq!(
            (keyword.verb, stars),
            (Verb::Rate { resolved: true }, Some(4))
        );
        let typed = format!("/buka {id} jalannya rusak lagi");
        let Said::Act { words, .. } = read(&typed) else {
            panic!("a Telegram command with its id is an action");
        };
        assert_eq!(words, "jalannya rusak lagi");
    }

    #[test]
    fn data_and_erasure_need_the_reports_id_and_nothing_else() {
        let id = id();
        assert_eq!(read(&format!("DATA {id}")), Said::MyData(id));
        assert_eq!(read(&format!("my data {id}")), Said::MyData(id));
        assert_eq!(read(&format!("/data {id}")), Said::MyData(id));
        assert_eq!(read(&format!("hapus {id}")), Said::Erase(id, false));
        assert_eq!(read(&format!("HAPUS {id} ya")), Said::Erase(id, true));
        assert_eq!(read(&format!("erase {id} YES.")), Said::Erase(id, true));
        let words = "Hapus pungutan liar di pasar";
        assert_eq!(read(words), Said::Text(words));
        let words = format!("Data {id} saya salah, mohon diperbaiki");
        assert_eq!(read(&words), Said::Text(words.as_str()));
        let words = format!("hapus {id} sekarang juga");
        assert_eq!(read(&words), Said::Text(words.as_str()));
    }

    #[test]
    fn an_id_of_letters_alone_counts_only_when_it_names_a_report() {
        let letters = loop {
            let id = TrackingId::generate(&mut rand::rng());
            if !id.as_str().chars().any(|c| c.is_ascii_digit()) {
                break id;
            }
        };
        let typed = format!("cek {letters}");
        let said = read(&typed);
        assert_eq!(named_id(&said), Some(letters));
        assert!(
            names_a_report(&letters, true),
            "an issued id of letters alone"
        );
        assert!(
            !names_a_report(&letters, false),
            "a word that passes the check"
        );
        assert!(names_a_report(&id(), false), "an id with digits is an id");
    }
}
