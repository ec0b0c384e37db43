//! The slang table and the stopword list, compiled in from `data/` and parsed once.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

const SLANG_CSV: &str = include_str!("../data/slang.csv");
const STOPWORDS_TXT: &str = include_str!("../data/stopwords.txt");

/// A slang row: the word as written, the standard word(s) it stands for, and a note.
type SlangRow = (&'static str, Vec<&'static str>, &'static str);

static SLANG: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    slang_rows(SLANG_CSV)
        .filter_map(Result::ok)
        .map(|(from, to, _)| (from, to))
        .collect()
});

static STOPWORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| data_lines(STOPWORDS_TXT).collect());

/// The standard word(s) a slang word or abbreviation stands for, if it is one.
pub(crate) fn slang(word: &str) -> Option<&'static [&'static str]> {
    SLANG.get(word).map(Vec::as_slice)
}

/// Whether `word` (lowercase, after slang folding) is a stopword.
pub(crate) fn is_stopword(word: &str) -> bool {
    STOPWORDS.contains(word)
}

/// The non-empty lines of a data file that are not `#` comments, trimmed.
fn data_lines(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// The rows of the slang file after its header, each parsed or the reason it is malformed.
fn slang_rows(src: &'static str) -> impl Iterator<Item = Result<SlangRow, String>> {
    data_lines(src).skip(1).map(|line| {
        let mut cols = line.splitn(3, ',');
        let from = cols.next().unwrap_or("").trim();
        let to: Vec<&str> = cols.next().unwrap_or("").split_whitespace().collect();
        let note = cols.next().unwrap_or("").trim();
        if from.is_empty() || to.is_empty() || note.is_empty() {
            Err(format!("slang row without from, to or note: {line:?}"))
        } else {
            Ok((from, to, note))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_word(w: &str) -> bool {
        !w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    }

    #[test]
    fn the_slang_file_has_the_expected_header_and_every_row_parses() {
        assert_eq!(data_lines(SLANG_CSV).next(), Some("from,to,note"));
        let rows: Vec<SlangRow> = slang_rows(SLANG_CSV).map(|r| r.unwrap()).collect();
        assert!(rows.len() >= 80, "{} rows", rows.len());
        assert_eq!(rows.len(), SLANG.len(), "a `from` is listed twice");
        for (from, to, _) in &rows {
            assert!(is_word(from), "from {from:?}");
            for word in to {
                assert!(is_word(word), "to {word:?} of {from:?}");
                assert!(slang(word).is_none(), "{from:?} folds to slang {word:?}");
            }
        }
    }

    #[test]
    fn the_stopword_file_parses_without_duplicates_or_slang() {
        let words: Vec<&str> = data_lines(STOPWORDS_TXT).collect();
        assert!(words.len() >= 100, "{} stopwords", words.len());
        assert_eq!(words.len(), STOPWORDS.len(), "a stopword is listed twice");
        for word in words {
            assert!(is_word(word), "stopword {word:?}");
            assert!(slang(word).is_none(), "stopword {word:?} is also slang");
        }
    }

    #[test]
    fn content_words_are_not_stopwords() {
        for word in [
            "jalan", "air", "rumah", "sakit", "lampu", "bapak", "ibu", "sampah",
        ] {
            assert!(!is_stopword(word), "{word}");
        }
    }

    #[test]
    fn rt_rw_and_kota_are_not_folded() {
        for word in ["rt", "rw", "kota", "bisa", "ibu", "puskesmas"] {
            assert!(slang(word).is_none(), "{word}");
        }
    }
}
