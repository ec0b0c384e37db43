//! Cutting what a reply repeats or signs off with: quoted text (`> ` lines, the "On ... wrote:"
//! / "Pada ... menulis:" line before a quote, Outlook's "-----Original Message-----" and
//! "From: / Sent:" blocks) and signatures (the `-- ` delimiter, a closing phrase followed by a
//! few short lines, "Sent from my phone" lines). What is left is the reporter's own new words.

/// Closing phrases that start a sign-off when they stand alone on a line.
const SIGN_OFFS: &[&str] = &[
    "hormat saya",
    "hormat kami",
    "salam",
    "salam hormat",
    "salam sejahtera",
    "wassalam",
    "wassalamualaikum",
    "terima kasih",
    "terimakasih",
    "makasih",
    "regards",
    "best regards",
    "kind regards",
    "warm regards",
    "thanks",
    "thank you",
    "many thanks",
    "sincerely",
    "cheers",
];

/// Lines a phone or webmail adds under the text.
const DEVICE_LINES: &[&str] = &[
    "sent from my",
    "dikirim dari",
    "get outlook for",
    "dapatkan outlook untuk",
];

/// Header names that open a quoted message in Outlook's style, English and Indonesian.
const HEADER_FROM: &[&str] = &["from:", "dari:"];
const HEADER_NEXT: &[&str] = &[
    "sent:", "date:", "to:", "subject:", "cc:", "dikirim:", "tanggal:", "kepada:", "perihal:",
    "subjek:",
];

/// The most lines a sign-off block may have after its closing phrase.
const SIGN_OFF_LINES: usize = 6;
/// The longest line a sign-off block may hold, in characters.
const SIGN_OFF_WIDTH: usize = 72;

/// A reply split in two: the reporter's new words, and the signature cut from under them
/// (which tells the reporter's own phone numbers and addresses, to be removed from the words).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cut {
    /// The new text: everything before the quoted message, without quoted lines and without the
    /// signature; blank lines at either end removed and runs of blank lines folded.
    pub text: String,
    /// The signature that was cut.
    pub signature: String,
}

/// The new text of a reply (see [`Cut::text`]).
pub fn new_text(body: &str) -> String {
    cut(body).text
}

/// Splits a reply into its new text and its signature.
pub fn cut(body: &str) -> Cut {
    let lines: Vec<&str> = body.lines().map(|l| l.trim_end_matches('\r')).collect();
    let end = quote_start(&lines).unwrap_or(lines.len());
    let kept: Vec<&str> = lines[..end]
        .iter()
        .copied()
        .filter(|l| !l.trim_start().starts_with('>'))
        .filter(|l| !is_device_line(l))
        .collect();
    let end = signature_start(&kept).unwrap_or(kept.len());
    Cut {
        text: tidy(&kept[..end]),
        signature: tidy(&kept[end..]),
    }
}

/// Folds runs of blank lines into one and trims blank lines at the ends.
pub(super) fn tidy(lines: &[&str]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in lines {
        let blank = line.trim().is_empty();
        if blank && out.last().is_none_or(|l| l.trim().is_empty()) {
            continue;
        }
        out.push(if blank { "" } else { line });
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

fn lower(s: &str) -> String {
    s.trim().to_lowercase()
}

pub(super) fn is_device_line(line: &str) -> bool {
    let l = lower(line);
    DEVICE_LINES.iter().any(|p| l.starts_with(p)) && l.chars().count() < 80
}

/// Where the quoted original begins, if the reply quotes one.
pub(super) fn quote_start(lines: &[&str]) -> Option<usize> {
    (0..lines.len()).find(|&i| {
        let l = lower(lines[i]);
        is_separator(&l) || is_attribution(lines, i) || is_header_block(lines, i)
    })
}

/// `-----Original Message-----`, `-----Pesan Asli-----`, `---------- Forwarded message`, or
/// Outlook's line of underscores.
fn is_separator(l: &str) -> bool {
    let inner = l.trim_matches(|c: char| c == '-' || c.is_whitespace());
    (l.starts_with("-----")
        && [
            "original message",
            "pesan asli",
            "forwarded message",
            "pesan terusan",
        ]
        .iter()
        .any(|p| inner.starts_with(p)))
        || (l.len() >= 10 && l.chars().all(|c| c == '_'))
}

/// "On <date>, <name> wrote:" or "Pada <date> <name> menulis:", on one line or wrapped onto
/// the next (mail clients wrap long attributions).
fn is_attribution(lines: &[&str], i: usize) -> bool {
    let first = lower(lines[i]);
    let opens = first.starts_with("on ") || first.starts_with("pada ");
    if !opens {
        return false;
    }
    let closes = |s: &str| s.ends_with("wrote:") || s.ends_with("menulis:");
    if closes(&first) {
        return true;
    }
    let joined = match lines.get(i + 1) {
        Some(next) => format!("{first} {}", lower(next)),
        None => return false,
    };
    closes(&joined)
}

/// Outlook's quoted headers without a separator: a `From:` line followed within four lines by
/// another header line (`Sent:`, `To:`, `Subject:`...).
fn is_header_block(lines: &[&str], i: usize) -> bool {
    let l = lower(lines[i]);
    if !HEADER_FROM.iter().any(|h| l.starts_with(h)) {
        return false;
    }
    lines
        .iter()
        .skip(i + 1)
        .take(4)
        .any(|n| HEADER_NEXT.iter().any(|h| lower(n).starts_with(h)))
}

/// Where the signature begins: the `-- ` delimiter, or a closing phrase alone on its line
/// followed by no more than a few short lines (the name, a title, a phone number).
pub(super) fn signature_start(lines: &[&str]) -> Option<usize> {
    if let Some(i) = lines.iter().position(|l| l.trim_end() == "--") {
        return Some(i);
    }
    let i = lines.iter().rposition(|l| is_sign_off(l))?;
    let rest: Vec<&&str> = lines[i + 1..]
        .iter()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let short = rest.len() <= SIGN_OFF_LINES
        && rest
            .iter()
            .all(|l| l.trim().chars().count() <= SIGN_OFF_WIDTH);
    short.then_some(i)
}

pub(super) fn is_sign_off(line: &str) -> bool {
    let l = lower(line);
    let l = l.trim_end_matches([',', '.', '!', ';', ':', '-']);
    let l = l.trim();
    SIGN_OFFS.iter().any(|s| {
        l == *s
            || l.strip_prefix(s)
                .is_some_and(|rest| rest.starts_with(' ') && rest.split_whitespace().count() <= 2)
    })
}

#[cfg(test)]
mod tests {
    use super::new_text;

    #[test]
    fn quoted_lines_and_the_attribution_before_them_are_cut() {
        let body = "Masih rusak.\n\nPada Sen, 2 Mar 2026 pukul 15.40 Layanan Aduan <lapor@aduan.id>\nmenulis:\n> Laporan telah ditindaklanjuti.\n";
        assert_eq!(new_text(body), "Masih rusak.");
    }

    #[test]
    fn an_english_attribution_is_cut_too() {
        let body = "Still broken.\n\nOn Mon, 2 Mar 2026 at 15:40, Aduan <lapor@aduan.id> wrote:\n> Your report was followed up.";
        assert_eq!(new_text(body), "Still broken.");
    }

    #[test]
    fn an_outlook_original_message_block_is_cut() {
        let body = "Belum beres.\n\n-----Original Message-----\nFrom: Aduan\nSent: Monday\n\nLaporan telah ditindaklanjuti.";
        assert_eq!(new_text(body), "Belum beres.");
    }

    #[test]
    fn outlook_headers_without_a_separator_are_cut() {
        let body = "Belum beres.\n\n________________________________\nDari: Layanan Aduan\nDikirim: Senin\nKepada: Siti\nPerihal: Tindak lanjut\n\nteks asli";
        assert_eq!(new_text(body), "Belum beres.");
        let body = "Belum beres.\nFrom: Layanan Aduan <lapor@aduan.id>\nSent: Monday\nTo: Siti\n\nteks asli";
        assert_eq!(new_text(body), "Belum beres.");
    }

    #[test]
    fn interleaved_answers_keep_the_reporters_lines_only() {
        let body = "> Apakah lampu sudah menyala?\nBelum, masih mati.\n> Kapan terakhir dicek?\nTadi malam.";
        assert_eq!(new_text(body), "Belum, masih mati.\nTadi malam.");
    }

    #[test]
    fn a_signature_after_the_delimiter_is_cut_and_kept_apart() {
        let body = "Kabelnya putus lagi.\n\n-- \nSiti Rahmawati\nHP 081234567890";
        let cut = super::cut(body);
        assert_eq!(cut.text, "Kabelnya putus lagi.");
        assert_eq!(cut.signature, "-- \nSiti Rahmawati\nHP 081234567890");
    }

    #[test]
    fn a_closing_phrase_with_the_name_and_phone_under_it_is_cut() {
        let body = "Terima kasih atas tindak lanjutnya. Namun lampu masih mati.\n\nHormat saya,\nSiti Rahmawati\n0812 3456 7890\n";
        assert_eq!(
            new_text(body),
            "Terima kasih atas tindak lanjutnya. Namun lampu masih mati."
        );
        let body = "Still dark.\n\nBest regards,\nSiti";
        assert_eq!(new_text(body), "Still dark.");
    }

    #[test]
    fn a_closing_phrase_followed_by_a_long_text_is_not_a_signature() {
        let body = "Salam,\nSaya ingin menambahkan bahwa lampu di tiang nomor 14 juga mati sejak kemarin malam dan warga sekitar khawatir.";
        assert_eq!(new_text(body), body);
    }

    #[test]
    fn a_sentence_that_starts_with_thanks_is_kept() {
        let body = "Terima kasih atas tindak lanjutnya, tetapi belum selesai.";
        assert_eq!(new_text(body), body);
    }

    #[test]
    fn phone_app_lines_are_dropped() {
        let body = "Sudah saya cek, masih bocor.\n\nDikirim dari iPhone saya";
        assert_eq!(new_text(body), "Sudah saya cek, masih bocor.");
    }

    #[test]
    fn a_reply_that_is_only_a_quote_leaves_nothing() {
        assert_eq!(new_text("\n> teks lama\n> lagi\n"), "");
    }
}
