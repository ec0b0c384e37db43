//! A reply that asks for one of the reporter's actions instead of answering in words: its
//! first non-empty line (after the quote and signature are cut) starts with a command word of
//! [`aduan_app::reports::reporter_commands`] — `PUAS 4`, `TIDAK PUAS 2`, `NILAI 5`, `BUKA`,
//! `BANDING`, `OMBUDSMAN`, `BATAL`, or their English forms. The reply already names its report
//! (by its signed reply address), so no tracking id is written.
//!
//! A reply in prose may start with the same words ("Tidak puas dengan jawabannya, ...", or in
//! capitals, "PUAS APANYA, JALAN MASIH RUSAK"), and it must still reach the agency as a reply;
//! so a word counts as a command only when it stands alone on its line (the reason below it),
//! is followed by a colon (`BUKA: jalannya masih rusak`), or, for a rating word, is followed by
//! the stars (`Puas 5`).

use aduan_app::reports::reporter_commands::{self, Verb};

/// The action a reply asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// What the word asks for.
    pub verb: Verb,
    /// The rating, for rating words.
    pub stars: Option<u8>,
    /// The rest of the text: the reason for reopen and appeal.
    pub text: String,
}

/// The command the reply's new text `text` starts with, if it starts with one.
pub fn of(text: &str) -> Option<Command> {
    let trimmed = text.trim_start();
    let (line, below) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
    let line = line.trim();
    let (keyword, rest) = reporter_commands::leading(line)?;
    let head = &line[..line.len() - rest.len()];
    let colon = head.contains(':');
    let (stars, rest) = match keyword.verb {
        Verb::Rate { .. } => {
            let (first, then) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            match reporter_commands::stars(first) {
                Some(stars) => (Some(stars), then.trim_start()),
                None => (None, rest),
            }
        }
        _ => (None, rest),
    };
    if !(colon || stars.is_some() || rest.trim().is_empty()) {
        return None;
    }
    // The lines below keep their breaks: a reason may run over paragraphs.
    let (rest, below) = (rest.trim(), below.trim_end());
    let text = if below.trim().is_empty() {
        rest.to_owned()
    } else if rest.is_empty() {
        below.trim_start().to_owned()
    } else {
        format!("{rest}\n{below}")
    };
    Some(Command {
        verb: keyword.verb,
        stars,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESOLVED: Verb = Verb::Rate { resolved: true };
    const NOT_RESOLVED: Verb = Verb::Rate { resolved: false };

    fn command(verb: Verb, stars: Option<u8>, text: &str) -> Option<Command> {
        Some(Command {
            verb,
            stars,
            text: text.into(),
        })
    }

    #[test]
    fn a_rating_word_with_its_stars_is_a_command_in_any_case() {
        assert_eq!(of("PUAS 4"), command(RESOLVED, Some(4), ""));
        assert_eq!(
            of("\n\nPuas 5, terima kasih"),
            command(RESOLVED, Some(5), "terima kasih")
        );
        assert_eq!(
            of("tidak puas 2\nLampunya mati lagi."),
            command(NOT_RESOLVED, Some(2), "Lampunya mati lagi.")
        );
        assert_eq!(of("NOT RESOLVED 1"), command(NOT_RESOLVED, Some(1), ""));
        assert_eq!(of("Rate 5"), command(RESOLVED, Some(5), ""));
        assert_eq!(of("NILAI 5"), command(RESOLVED, Some(5), ""));
        assert_eq!(of("CONFIRM"), command(RESOLVED, None, ""));
    }

    #[test]
    fn reopen_and_appeal_keep_the_rest_of_the_text_as_the_reason() {
        assert_eq!(
            of("BUKA: jalannya masih berlubang\n\nFoto terlampir."),
            command(
                Verb::Reopen,
                None,
                "jalannya masih berlubang\n\nFoto terlampir."
            )
        );
        assert_eq!(
            of("Banding\nLokasinya sudah saya jelaskan: depan SDN 5."),
            command(
                Verb::Appeal,
                None,
                "Lokasinya sudah saya jelaskan: depan SDN 5."
            )
        );
        assert_eq!(
            of("REOPEN: still broken"),
            command(Verb::Reopen, None, "still broken")
        );
        assert_eq!(of("OMBUDSMAN"), command(Verb::Ombudsman, None, ""));
        assert_eq!(of("Withdraw"), command(Verb::Withdraw, None, ""));
        assert_eq!(of("BATAL"), command(Verb::Withdraw, None, ""));
    }

    #[test]
    fn prose_that_starts_with_a_command_word_is_an_ordinary_reply() {
        for text in [
            "Tidak puas dengan jawabannya, lampunya masih mati.",
            "Buka saja laporannya, petugas belum datang.",
            "Ombudsman perlu tahu hal ini.",
            "Puas sekali, terima kasih.",
            "Terima kasih.\nPUAS 5",
            "Bukannya sudah diperbaiki?",
            "PUAS APANYA, JALAN MASIH RUSAK",
            "TIDAK PUAS DENGAN JAWABAN INI",
            "OMBUDSMAN HARUS TAHU INI",
            "BATAL BERANGKAT KARENA HUJAN",
        ] {
            assert_eq!(of(text), None, "{text}");
        }
    }
}
