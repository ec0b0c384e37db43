//! What could identify a reporter, taken out of a text before it becomes features.

use std::collections::HashSet;

/// Digits in a run (spaces, dots, dashes, brackets and a leading `+` allowed between them) from
/// which the run is taken for a phone number, a NIK or an account number.
const MIN_DIGITS: usize = 8;

/// `text` with e-mail addresses, web addresses and runs of [`MIN_DIGITS`] digits or more
/// replaced by spaces.
///
/// ```
/// let text = "Hubungi 0812 3456 7890 atau siti@example.com, NIK 3578014501900001, RT 05";
/// assert_eq!(aduan_triage::masked(text).split_whitespace().collect::<Vec<_>>(),
///     ["Hubungi", "atau", "NIK", "RT", "05"]);
/// ```
pub fn masked(text: &str) -> String {
    let chunks: Vec<&str> = text.split_whitespace().collect();
    let mut keep = vec![true; chunks.len()];
    for (i, chunk) in chunks.iter().enumerate() {
        if is_address(chunk) {
            keep[i] = false;
        }
    }
    // Runs of chunks made only of digits and separators, counted together: `0812 3456 7890`.
    let mut i = 0;
    while i < chunks.len() {
        let mut j = i;
        let mut digits = 0;
        while j < chunks.len() && is_numeric_chunk(chunks[j]) {
            digits += chunks[j].chars().filter(char::is_ascii_digit).count();
            j += 1;
        }
        if digits >= MIN_DIGITS {
            keep[i..j].iter_mut().for_each(|k| *k = false);
        }
        i = j.max(i + 1);
    }
    chunks
        .iter()
        .zip(keep)
        .map(|(chunk, keep)| if keep { *chunk } else { "" })
        .collect::<Vec<_>>()
        .join(" ")
}

/// An e-mail or web address.
fn is_address(chunk: &str) -> bool {
    let lower = chunk.to_ascii_lowercase();
    let email = lower
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
    email
        || lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.")
}

/// Only digits and the separators written inside numbers, with at least one digit.
fn is_numeric_chunk(chunk: &str) -> bool {
    let trimmed = chunk.trim_end_matches([',', ';', ':']);
    trimmed.chars().any(|c| c.is_ascii_digit())
        && trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | '(' | ')' | '/'))
}

/// The lexemes of the reporter's own values (name, e-mail, phone, NIK): none of them may
/// become a feature.
pub fn identity_lexemes(values: &[&str]) -> HashSet<String> {
    values.iter().flat_map(|v| aduan_text::lexemes(v)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers_stay_and_long_ones_go() {
        assert_eq!(masked("RT 05 RW 12 sejak 2024"), "RT 05 RW 12 sejak 2024");
        assert_eq!(masked("telp +62-812-3456-7890."), "telp ");
        assert_eq!(masked("rekening 1234567890 bank"), "rekening  bank");
    }

    #[test]
    fn addresses_go_whatever_their_case() {
        assert_eq!(
            masked("lihat HTTPS://x.id/a dan Budi@Mail.COM"),
            "lihat  dan "
        );
    }

    #[test]
    fn the_reporters_own_words_are_known() {
        let own = identity_lexemes(&["Siti Aminah", "siti.aminah@example.com"]);
        assert!(own.contains("siti") && own.contains("aminah"));
    }
}
