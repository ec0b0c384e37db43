//! How much of an SMS a text takes: the GSM 03.38 7-bit alphabet (160 septets in one SMS, the
//! characters of the extension table taking two), UCS-2 for everything else (70 code units),
//! and a splitter that cuts a long text at word boundaries into numbered parts, each of which
//! fits one SMS.

/// The GSM 03.38 default alphabet, one septet each.
const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// The extension table, reached through the escape septet: two septets each.
const EXTENSION: &str = "\u{c}^{}\\[~]|€";

/// Septets in one SMS of GSM 7-bit text.
pub const GSM_SINGLE: usize = 160;
/// UCS-2 code units in one SMS.
pub const UCS2_SINGLE: usize = 70;

/// How a text travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// The GSM 7-bit default alphabet (Kannel's coding 0).
    Gsm7,
    /// UCS-2 (Kannel's coding 2).
    Ucs2,
}

impl Coding {
    /// The value of Kannel's `coding` parameter.
    pub fn kannel(self) -> u8 {
        match self {
            Coding::Gsm7 => 0,
            Coding::Ucs2 => 2,
        }
    }

    /// How many units fit in one SMS.
    pub fn single(self) -> usize {
        match self {
            Coding::Gsm7 => GSM_SINGLE,
            Coding::Ucs2 => UCS2_SINGLE,
        }
    }
}

/// Septets of one character in the GSM alphabet, or `None` when it has none.
fn gsm_septets(c: char) -> Option<usize> {
    if BASIC.contains(c) {
        Some(1)
    } else if EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// Whether every character of `text` is in the GSM 7-bit alphabet (with its extension).
pub fn is_gsm7(text: &str) -> bool {
    text.chars().all(|c| gsm_septets(c).is_some())
}

/// The coding `text` needs.
pub fn coding(text: &str) -> Coding {
    if is_gsm7(text) {
        Coding::Gsm7
    } else {
        Coding::Ucs2
    }
}

/// Units `text` takes in `coding`: septets, or UTF-16 code units (a character outside the
/// Basic Multilingual Plane takes two). A character the GSM alphabet lacks counts as one.
pub fn units(text: &str, coding: Coding) -> usize {
    match coding {
        Coding::Gsm7 => text.chars().map(|c| gsm_septets(c).unwrap_or(1)).sum(),
        Coding::Ucs2 => text.chars().map(char::len_utf16).sum(),
    }
}

/// Whether `text` fits one SMS.
pub fn fits_one(text: &str) -> bool {
    let coding = coding(text);
    units(text, coding) <= coding.single()
}

/// `text` as SMS: one part when it fits one SMS, else parts cut at word boundaries (a word
/// longer than a part is cut between characters), each starting with `(i/n) ` and each
/// fitting one SMS in the coding of the whole text.
pub fn split(text: &str) -> Vec<String> {
    let text = text.trim();
    let coding = coding(text);
    let limit = coding.single();
    if units(text, coding) <= limit {
        return vec![text.to_owned()];
    }
    // The marker's width depends on the number of parts: try one digit, then more.
    let mut digits = 1;
    loop {
        let marker = units(&format!("({0}/{0}) ", "9".repeat(digits)), coding);
        let chunks = wrap(text, limit - marker, coding);
        let n = chunks.len();
        if n.to_string().len() <= digits {
            return chunks
                .into_iter()
                .enumerate()
                .map(|(i, chunk)| format!("({}/{n}) {chunk}", i + 1))
                .collect();
        }
        digits += 1;
    }
}

/// Cuts `text` into chunks of at most `width` units, at whitespace where a word fits.
fn wrap(text: &str, width: usize, coding: Coding) -> Vec<String> {
    let mut chunks = Vec::new();
    let mut current = String::new();
    let mut used = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let bare = word.trim_end();
        let gap = &word[bare.len()..];
        let need = units(bare, coding);
        if used > 0 && used + need > width {
            chunks.push(current.trim_end().to_owned());
            current.clear();
            used = 0;
        }
        if need > width {
            // A word longer than a whole chunk: cut it between characters.
            for c in bare.chars() {
                let w = units(c.encode_utf8(&mut [0; 4]), coding);
                if used + w > width {
                    chunks.push(std::mem::take(&mut current));
                    used = 0;
                }
                current.push(c);
                used += w;
            }
        } else {
            current.push_str(bare);
            used += need;
        }
        let space = units(gap, coding);
        if !gap.is_empty() && used + space <= width {
            current.push_str(gap);
            used += space;
        }
    }
    let last = current.trim_end();
    if !last.is_empty() {
        chunks.push(last.to_owned());
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(parts: &[String]) -> Vec<String> {
        parts
            .iter()
            .flat_map(|p| {
                let body = p.split_once(") ").map_or(p.as_str(), |(_, rest)| rest);
                body.split_whitespace()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn indonesian_text_and_the_gsm_accents_are_gsm_but_dashes_and_emoji_are_not() {
        assert!(is_gsm7("Laporan Anda diterima. Nomor: 7K3QM9XD2T."));
        assert!(is_gsm7("Café à Düsseldorf, ñ, Å, @ £ $ ¥ {}[]~|^€"));
        assert!(!is_gsm7("Jalan rusak — sudah lama"));
        assert!(!is_gsm7("Terima kasih 🙏"));
        assert!(!is_gsm7("Jl. Raya Cibinong ’depan’"));
        assert_eq!(coding("Halo"), Coding::Gsm7);
        assert_eq!(coding("漢字"), Coding::Ucs2);
    }

    #[test]
    fn the_default_alphabet_has_its_127_characters_and_the_extension_table_its_ten() {
        let basic: std::collections::BTreeSet<char> = BASIC.chars().collect();
        assert_eq!(
            (BASIC.chars().count(), basic.len()),
            (127, 127),
            "128 codes less the escape"
        );
        assert_eq!(EXTENSION.chars().count(), 10);
        assert!(EXTENSION.chars().all(|c| !basic.contains(&c)));
    }

    #[test]
    fn extension_characters_take_two_septets_and_astral_characters_two_ucs2_units() {
        assert_eq!(units("a€{", Coding::Gsm7), 5);
        assert_eq!(units("a🙏", Coding::Ucs2), 3);
    }

    #[test]
    fn a_text_of_exactly_one_sms_is_one_part_and_one_more_character_makes_two() {
        let full = "a".repeat(160);
        assert_eq!(split(&full), vec![full.clone()]);
        let over = format!("{} b", "a ".repeat(80).trim_end());
        assert_eq!(units(&over, Coding::Gsm7), 161);
        let parts = split(&over);
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert!(parts[0].starts_with("(1/2) ") && parts[1].starts_with("(2/2) "));
    }

    #[test]
    fn a_euro_sign_counts_twice_toward_the_limit() {
        let text = format!("{}€", "a".repeat(159));
        assert!(!fits_one(&text));
        assert!(fits_one(&format!("{}€", "a".repeat(158))));
    }

    #[test]
    fn a_long_text_is_cut_between_words_into_parts_that_each_fit_one_sms() {
        let text = "Jalan di depan SDN 3 Cibodas berlubang besar sejak bulan lalu dan \
            sudah dua pengendara motor jatuh. Mohon segera diperbaiki sebelum musim hujan \
            karena lubangnya tertutup genangan dan tidak terlihat pada malam hari. \
            Warga sudah memasang tanda seadanya dari ranting pohon.";
        let parts = split(text);
        assert!(parts.len() >= 2, "{parts:?}");
        for p in &parts {
            assert!(units(p, Coding::Gsm7) <= GSM_SINGLE, "{p}");
            assert!(!p.ends_with(' '), "{p:?}");
        }
        let original: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
        assert_eq!(words_of(&parts), original);
    }

    #[test]
    fn a_text_outside_the_gsm_alphabet_is_split_at_seventy_units() {
        let text = "Laporan diterima — terima kasih atas laporan Anda tentang jalan rusak di \
            Kabupaten Tangerang; petugas akan memeriksa";
        assert_eq!(coding(text), Coding::Ucs2);
        let parts = split(text);
        assert!(parts.len() >= 2);
        for p in &parts {
            assert!(units(p, Coding::Ucs2) <= UCS2_SINGLE, "{p}");
        }
        let original: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
        assert_eq!(words_of(&parts), original);
    }

    #[test]
    fn a_word_longer_than_a_part_is_cut_between_characters() {
        let word = "x".repeat(400);
        let parts = split(&word);
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|p| units(p, Coding::Gsm7) <= GSM_SINGLE));
        let joined: String = words_of(&parts).concat();
        assert_eq!(joined, word);
    }

    #[test]
    fn ten_or_more_parts_keep_every_part_within_one_sms() {
        let text = "kata ".repeat(400);
        let parts = split(&text);
        assert!(parts.len() >= 10, "{}", parts.len());
        assert!(parts[9].starts_with(&format!("(10/{}) ", parts.len())));
        assert!(parts.iter().all(|p| units(p, Coding::Gsm7) <= GSM_SINGLE));
    }
}
