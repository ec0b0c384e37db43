//! Removing the reporter's own name, e-mail address, phone number and NIK from the text of a
//! reply before an agency reads it: whatever survives the cutting of quotes and signatures is
//! searched for each of them, in the forms people write them, and each is replaced by a
//! neutral marker.

use super::numbers::replace_numbers;
use aduan_domain::contact::PhoneNumber;

/// What identifies the reporter, as stored and as the message gave it.
#[derive(Debug, Clone, Default)]
pub struct Identifiers {
    /// Names (the stored one, the sender's display name).
    pub names: Vec<String>,
    /// E-mail addresses.
    pub emails: Vec<String>,
    /// Phone numbers in any form people write them.
    pub phones: Vec<String>,
    /// NIK, 16 digits.
    pub nik: Option<String>,
}

/// Parts of a name shorter than this are left alone (initials, "Hj", "S").
const MIN_NAME_PART: usize = 3;

/// `text` with every identifier replaced by `marker`; neighbouring markers fold into one.
pub fn redact(text: &str, who: &Identifiers, marker: &str) -> String {
    let emails: Vec<String> = who.emails.iter().map(|e| e.trim().to_lowercase()).collect();
    let phones: Vec<String> = who
        .phones
        .iter()
        .filter_map(|p| PhoneNumber::parse(p).ok())
        .map(|p| p.as_str().to_owned())
        .collect();
    let mut out = replace_emails(text, &emails, marker);
    out = replace_numbers(&out, &phones, who.nik.as_deref(), marker);
    let mut names: Vec<Vec<String>> = who.names.iter().map(|n| words(n)).collect();
    names.retain(|n| !n.is_empty());
    // Whole names first, then each part alone ("Bu Siti").
    for name in &names {
        out = replace_words(&out, name, marker);
    }
    for part in names.iter().flatten() {
        if part.chars().count() >= MIN_NAME_PART {
            out = replace_words(&out, std::slice::from_ref(part), marker);
        }
    }
    fold_markers(&out, marker)
}

/// The e-mail addresses written in `text` (a signature), lower-cased.
pub fn emails_in(text: &str) -> Vec<String> {
    text.split(|c: char| !is_email_char(c) && c != '@')
        .map(|w| w.trim_matches('.'))
        .filter(|w| w.split('@').count() == 2 && w.split('@').all(|p| !p.is_empty()))
        .map(str::to_lowercase)
        .collect()
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn is_email_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\'')
}

fn replace_emails(text: &str, emails: &[String], marker: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < chars.len() {
        if chars[i] == '@' {
            let mut start = i;
            while start > copied && is_email_char(chars[start - 1]) {
                start -= 1;
            }
            let mut end = i + 1;
            while end < chars.len() && is_email_char(chars[end]) {
                end += 1;
            }
            // A sentence's full stop is not part of the domain.
            while end > i + 1 && chars[end - 1] == '.' {
                end -= 1;
            }
            let found: String = chars[start..end].iter().collect();
            if emails.contains(&found.to_lowercase()) {
                out.extend(&chars[copied..start]);
                out.push_str(marker);
                copied = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out.extend(&chars[copied..]);
    out
}

fn word_at(chars: &[char], start: usize) -> Option<(String, usize)> {
    let mut end = start;
    while end < chars.len() && chars[end].is_alphanumeric() {
        end += 1;
    }
    (end > start).then(|| {
        (
            chars[start..end].iter().collect::<String>().to_lowercase(),
            end,
        )
    })
}

/// Replaces each whole-word occurrence of the word sequence `name` (case-insensitive; any
/// spaces or punctuation other than a line break between its words).
fn replace_words(text: &str, name: &[String], marker: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let at_word_start =
            chars[i].is_alphanumeric() && (i == 0 || !chars[i - 1].is_alphanumeric());
        if at_word_start && let Some(end) = match_name(&chars, i, name) {
            out.push_str(marker);
            i = end;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn match_name(chars: &[char], start: usize, name: &[String]) -> Option<usize> {
    let mut pos = start;
    for (n, part) in name.iter().enumerate() {
        if n > 0 {
            let gap_start = pos;
            while pos < chars.len() && !chars[pos].is_alphanumeric() && chars[pos] != '\n' {
                pos += 1;
            }
            if pos == gap_start || pos - gap_start > 3 {
                return None;
            }
        }
        let (word, end) = word_at(chars, pos)?;
        if &word != part {
            return None;
        }
        pos = end;
    }
    Some(pos)
}

/// "[x] [x]" and "[x], [x]" become "[x]".
fn fold_markers(text: &str, marker: &str) -> String {
    let mut out = text.to_owned();
    for sep in [" ", ", ", " ,", "  "] {
        let double = format!("{marker}{sep}{marker}");
        while out.contains(&double) {
            out = out.replace(&double, marker);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: &str = "[identitas dihapus]";

    fn siti() -> Identifiers {
        Identifiers {
            names: vec!["Siti Rahmawati".into()],
            emails: vec!["siti.rahmawati@example.co.id".into()],
            phones: vec!["+6281234567890".into()],
            nik: Some("3578011203900004".into()),
        }
    }

    #[test]
    fn the_name_in_any_case_is_replaced() {
        let out = redact("Hubungi saya, SITI RAHMAWATI, atau Bu Siti.", &siti(), M);
        assert_eq!(out, format!("Hubungi saya, {M}, atau Bu {M}."));
    }

    #[test]
    fn the_address_is_replaced_but_not_the_full_stop_after_it() {
        let out = redact("Kirim ke Siti.Rahmawati@Example.co.id.", &siti(), M);
        assert_eq!(out, format!("Kirim ke {M}."));
    }

    #[test]
    fn the_phone_is_replaced_in_every_way_people_write_it() {
        for written in [
            "0812 3456 7890",
            "+62 812-3456-7890",
            "081234567890",
            "62.812.3456.7890",
            "(0812) 3456-7890",
        ] {
            let out = redact(&format!("Telepon {written} ya"), &siti(), M);
            assert_eq!(out, format!("Telepon {M} ya"), "{written}");
        }
    }

    #[test]
    fn other_numbers_stay() {
        let text = "Tiang nomor 14, Rp 150.000, kantor 031-5551234, tanggal 2 Maret 2026.";
        assert_eq!(redact(text, &siti(), M), text);
    }

    #[test]
    fn the_nik_is_replaced() {
        assert_eq!(
            redact("NIK 3578011203900004.", &siti(), M),
            format!("NIK {M}.")
        );
    }

    #[test]
    fn words_that_merely_contain_a_name_stay() {
        let text = "Sitinjak dan Rahmawatiningsih bukan nama pelapor.";
        assert_eq!(redact(text, &siti(), M), text);
    }

    #[test]
    fn a_signature_tells_its_addresses() {
        let sig = "Siti Rahmawati\nsiti@kantor.example.id | HP 0812 3456 7890.";
        assert_eq!(emails_in(sig), ["siti@kantor.example.id"]);
    }

    #[test]
    fn neighbouring_markers_fold_into_one() {
        let out = redact(
            "Siti Rahmawati siti.rahmawati@example.co.id 081234567890",
            &siti(),
            M,
        );
        assert_eq!(out, M);
    }
}
