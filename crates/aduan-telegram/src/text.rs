//! Telegram's length limits, counted as Telegram counts them (UTF-16 code units, which is
//! never fewer than characters), and splitting a long answer into messages that fit.

/// The most a message's text may hold.
pub const TEXT_LIMIT: usize = 4096;

/// The most a photo's caption may hold.
pub const CAPTION_LIMIT: usize = 1024;

/// The length Telegram measures.
pub fn telegram_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Splits `text` into pieces of at most `limit` (as [`telegram_len`] counts), at line breaks
/// where possible, else at a space, else anywhere between two characters. Blank pieces are
/// dropped: Telegram refuses an empty message.
pub fn split(text: &str, limit: usize) -> Vec<String> {
    let limit = limit.max(2);
    let mut pieces = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        if telegram_len(rest) <= limit {
            push(&mut pieces, rest);
            break;
        }
        let fits = fitting_prefix(rest, limit);
        let window = &rest[..fits];
        let (piece, next) = if let Some(nl) = window.rfind('\n').filter(|&i| i > 0) {
            (&rest[..nl], &rest[nl + 1..])
        } else if let Some((i, c)) = window
            .char_indices()
            .rev()
            .find(|&(i, c)| i > 0 && c.is_whitespace())
        {
            (&rest[..i], &rest[i + c.len_utf8()..])
        } else {
            (window, &rest[fits..])
        };
        push(&mut pieces, piece);
        rest = next.trim_start_matches(['\n', '\r']);
    }
    pieces
}

fn push(pieces: &mut Vec<String>, piece: &str) {
    let piece = piece.trim_end();
    if !piece.trim().is_empty() {
        pieces.push(piece.to_owned());
    }
}

/// The byte length of the longest prefix of `s` (on a character boundary) that fits `limit`;
/// at least one character, so that splitting always moves on.
fn fitting_prefix(s: &str, limit: usize) -> usize {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        used += c.len_utf16();
        if used > limit {
            return if i == 0 { c.len_utf8() } else { i };
        }
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_text_stays_one_message() {
        assert_eq!(
            split("Laporan diterima.", TEXT_LIMIT),
            vec!["Laporan diterima."]
        );
    }

    #[test]
    fn a_long_text_is_split_at_line_breaks_within_the_limit() {
        let line = "x".repeat(30);
        let text = [line.as_str(); 10].join("\n");
        let pieces = split(&text, 100);
        assert_eq!(pieces.len(), 4);
        assert!(pieces.iter().all(|p| telegram_len(p) <= 100));
        assert_eq!(pieces[0], [line.as_str(); 3].join("\n"));
        assert_eq!(pieces.join("\n"), text);
    }

    #[test]
    fn a_long_line_is_split_at_spaces_and_then_anywhere() {
        let text = format!("{} {}", "a".repeat(8), "b".repeat(25));
        let pieces = split(&text, 10);
        assert_eq!(
            pieces,
            vec!["aaaaaaaa", "bbbbbbbbbb", "bbbbbbbbbb", "bbbbb"]
        );
    }

    #[test]
    fn characters_outside_the_basic_plane_count_twice_and_are_never_cut() {
        let text = "🙂".repeat(5);
        let pieces = split(&text, 4);
        assert_eq!(pieces, vec!["🙂🙂", "🙂🙂", "🙂"]);
        assert_eq!(telegram_len("🙂"), 2);
    }

    #[test]
    fn blank_text_makes_no_message() {
        assert!(split("  \n\n ", TEXT_LIMIT).is_empty());
        assert!(split("", TEXT_LIMIT).is_empty());
    }
}
