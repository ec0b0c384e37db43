//! What could identify a reporter, taken out of a text before it becomes features.

use std::collections::HashSet;

/// Digits in a run (spaces, dots, dashes, brackets and a leading `+` allowed between them) from
/// which the run is taken for a phone number, a NIK or an account number.
const MIN_DIGITS: usize = 8;

/// `text` with e-mail and web addresses, chat handles (`@budi_s`) and numbers of
/// [`MIN_DIGITS`] digits or more replaced by spaces. A number counts its digits across the
/// separators written inside numbers (spaces, dots, dashes, brackets, slashes, a `+`), and is
/// found wherever it stands, glued to a word or a sign (`HP:0812…`, `"0812…"`).
///
/// ```
/// let text = "Hubungi 0812 3456 7890 atau siti@example.com, NIK:3578014501900001, RT 05";
/// assert_eq!(aduan_triage::masked(text).split_whitespace().collect::<Vec<_>>(),
///     ["Hubungi", "atau", "NIK:", ",", "RT", "05"]);
/// ```
pub fn masked(text: &str) -> String {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|chunk| if is_address(chunk) { "" } else { chunk })
        .collect();
    mask_numbers(&words.join(" "))
}

/// An e-mail or web address or a chat handle, wherever it starts in the chunk.
fn is_address(chunk: &str) -> bool {
    let lower = chunk.to_ascii_lowercase();
    let email = lower
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
    let handle = lower
        .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '@')
        .strip_prefix('@')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'));
    email
        || handle
        || ["http://", "https://", "www."]
            .iter()
            .any(|p| lower.contains(p))
}

/// Whether `c` may stand between the digits of one number.
fn joins_digits(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '–' | '—' | '.' | '(' | ')' | '/' | '+')
}

/// `text` with every number of [`MIN_DIGITS`] digits or more (counted across separators)
/// replaced by a space.
fn mask_numbers(text: &str) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_ascii_digit() {
            i += 1;
            continue;
        }
        // A number from here: digits, and separators only while more digits follow.
        let (start, mut end, mut digits) = (chars[i].0, i, 0);
        let mut k = i;
        while k < chars.len() && (chars[k].1.is_ascii_digit() || joins_digits(chars[k].1)) {
            if chars[k].1.is_ascii_digit() {
                digits += 1;
                end = k;
            }
            k += 1;
        }
        if digits >= MIN_DIGITS {
            let stop = chars[end].0 + chars[end].1.len_utf8();
            out.push_str(&text[copied..start]);
            out.push(' ');
            copied = stop;
        }
        i = end + 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// The lexemes of the reporter's own values (name, e-mail, phone, NIK): none of them may
/// become a feature.
pub fn identity_lexemes<S: AsRef<str>>(values: &[S]) -> HashSet<String> {
    values
        .iter()
        .flat_map(|v| aduan_text::lexemes(v.as_ref()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        masked(text).split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn short_numbers_stay_and_long_ones_go_however_they_are_written() {
        assert_eq!(masked("RT 05 RW 12 sejak 2024"), "RT 05 RW 12 sejak 2024");
        assert_eq!(words("telp +62-812-3456-7890."), ["telp", "+", "."]);
        assert_eq!(words("rekening 1234567890 bank"), ["rekening", "bank"]);
        for glued in [
            "HP:081234567890",
            "WA.0812-3456-7890",
            "\"081234567890\"!",
            "0812–3456–7890",
            "0812 - 3456 - 7890",
            "(031) 531 2144",
            "NIK:3578014501900001",
        ] {
            let left: String = masked(glued).chars().filter(char::is_ascii_digit).collect();
            assert!(left.is_empty(), "{glued} kept {left}");
        }
    }

    #[test]
    fn addresses_and_handles_go_whatever_their_case_and_wrapping() {
        assert_eq!(
            words("lihat HTTPS://x.id/a dan Budi@Mail.COM"),
            ["lihat", "dan"]
        );
        assert!(words("(https://facebook.com/siti.aminah) @budi_s").is_empty());
    }

    #[test]
    fn the_reporters_own_words_are_known() {
        let own = identity_lexemes(&["Siti Aminah", "siti.aminah@example.com"]);
        assert!(own.contains("siti") && own.contains("aminah"));
    }
}
