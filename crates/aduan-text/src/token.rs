//! Splitting text into tokens and normalising a token to a lowercase ASCII word.

use std::ops::Range;

/// The byte ranges of the tokens of `text`: maximal runs of alphanumeric characters
/// (Unicode `char::is_alphanumeric`); every other character separates tokens.
pub(crate) fn spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(s..i);
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// A token lowercased, with common Latin diacritics folded to their base letter and every
/// other non-ASCII character dropped. Empty when nothing ASCII is left.
pub(crate) fn normalise(token: &str) -> String {
    token
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| {
            if c.is_ascii_alphanumeric() {
                Some(c.to_ascii_lowercase())
            } else {
                fold(c)
            }
        })
        .collect()
}

/// The ASCII base letter of a lowercase Latin letter with a diacritic, if it has an obvious one.
fn fold(c: char) -> Option<char> {
    Some(match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'ē' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'ç' => 'c',
        'ñ' => 'n',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_split_on_punctuation_and_keep_byte_ranges() {
        let text = "Jl. ké—rumah";
        let words: Vec<&str> = spans(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(words, ["Jl", "ké", "rumah"]);
    }

    #[test]
    fn normalise_lowercases_folds_diacritics_and_drops_other_letters() {
        assert_eq!(normalise("CAFÉ"), "cafe");
        assert_eq!(normalise("Ñandú"), "nandu");
        assert_eq!(normalise("日本"), "");
        assert_eq!(normalise("Rt05"), "rt05");
    }
}
