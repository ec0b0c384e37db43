//! Text for the standard fonts: cleaning to what WinAnsi can show, measuring, truncating with
//! "..." and wrapping into lines.

use crate::metrics::{HELVETICA, HELVETICA_BOLD};

/// The two faces the report uses, both PDF standard fonts (never embedded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Face {
    /// Helvetica.
    Regular,
    /// Helvetica-Bold.
    Bold,
}

/// What a cut text ends with.
const ELLIPSIS: &str = "...";

/// The WinAnsi code of `c`, or `None` when the encoding has no such character (control codes
/// included).
pub(crate) fn win_ansi(c: char) -> Option<u8> {
    let cp = u32::from(c);
    if (0x20..=0x7E).contains(&cp) || (0xA0..=0xFF).contains(&cp) {
        return u8::try_from(cp).ok();
    }
    Some(match c {
        '\u{20AC}' => 0x80,
        '\u{201A}' => 0x82,
        '\u{0192}' => 0x83,
        '\u{201E}' => 0x84,
        '\u{2026}' => 0x85,
        '\u{2020}' => 0x86,
        '\u{2021}' => 0x87,
        '\u{02C6}' => 0x88,
        '\u{2030}' => 0x89,
        '\u{0160}' => 0x8A,
        '\u{2039}' => 0x8B,
        '\u{0152}' => 0x8C,
        '\u{017D}' => 0x8E,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201C}' => 0x93,
        '\u{201D}' => 0x94,
        '\u{2022}' => 0x95,
        '\u{2013}' => 0x96,
        '\u{2014}' => 0x97,
        '\u{02DC}' => 0x98,
        '\u{2122}' => 0x99,
        '\u{0161}' => 0x9A,
        '\u{203A}' => 0x9B,
        '\u{0153}' => 0x9C,
        '\u{017E}' => 0x9E,
        '\u{0178}' => 0x9F,
        _ => return None,
    })
}

/// `text` with only characters WinAnsi can show: whitespace of any kind (line breaks, tabs)
/// becomes a space, invisible format characters, soft hyphens and combining marks are dropped,
/// a few signs are spelled out (`≥` as `>=`, `≤` as `<=`, `≠` as `!=`, `→` as `->`, `−` as
/// `-`), and anything else the encoding lacks (other control codes, other scripts, emoji)
/// becomes `?`.
pub(crate) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' => {}
            '\u{0300}'..='\u{036F}' | '\u{FE00}'..='\u{FE0F}' => {}
            c if c.is_whitespace() => out.push(' '),
            '\u{2265}' => out.push_str(">="),
            '\u{2264}' => out.push_str("<="),
            '\u{2260}' => out.push_str("!="),
            '\u{2192}' => out.push_str("->"),
            '\u{2190}' => out.push_str("<-"),
            '\u{2212}' | '\u{2010}'..='\u{2012}' | '\u{2015}' => out.push('-'),
            '\u{2032}' => out.push('\''),
            '\u{2033}' => out.push('"'),
            c if win_ansi(c).is_some() => out.push(c),
            _ => out.push('?'),
        }
    }
    out
}

/// The advance width of one character of a cleaned text, in points at `size`.
fn char_width(c: char, face: Face, size: f32) -> f32 {
    let table = match face {
        Face::Regular => &HELVETICA,
        Face::Bold => &HELVETICA_BOLD,
    };
    let units = win_ansi(c)
        .and_then(|code| table.get(usize::from(code).checked_sub(0x20)?))
        .copied()
        .unwrap_or(1000);
    f32::from(units) * size / 1000.0
}

/// The width of `text` once cleaned, in points at `size`.
pub(crate) fn width(text: &str, face: Face, size: f32) -> f32 {
    clean(text).chars().map(|c| char_width(c, face, size)).sum()
}

/// `text` cleaned and, when wider than `max` points, cut to the longest start that fits with
/// "..." after it (trailing spaces before the dots are dropped). When not even the dots fit,
/// the result is empty.
pub(crate) fn fit(text: &str, face: Face, size: f32, max: f32) -> String {
    let text = clean(text);
    fit_clean(&text, face, size, max)
}

fn fit_clean(text: &str, face: Face, size: f32, max: f32) -> String {
    let total: f32 = text.chars().map(|c| char_width(c, face, size)).sum();
    if total <= max {
        return text.to_owned();
    }
    let room = max
        - ELLIPSIS
            .chars()
            .map(|c| char_width(c, face, size))
            .sum::<f32>();
    if room < 0.0 {
        return String::new();
    }
    let mut used = 0.0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        used += char_width(c, face, size);
        if used > room {
            break;
        }
        end = i + c.len_utf8();
    }
    let mut cut = text[..end].trim_end().to_owned();
    cut.push_str(ELLIPSIS);
    cut
}

/// `text` cleaned and broken into lines no wider than `max` points, at spaces where it can
/// and inside a word too long for a line. At most `max_lines` lines: the last one then ends
/// with "..." when text is left over.
pub(crate) fn wrap(text: &str, face: Face, size: f32, max: f32, max_lines: usize) -> Vec<String> {
    let text = clean(text);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_width = 0.0;
    let space = char_width(' ', face, size);
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let word_width: f32 = word.chars().map(|c| char_width(c, face, size)).sum();
        let gap = if line.is_empty() { 0.0 } else { space };
        if line_width + gap + word_width <= max {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            line_width += gap + word_width;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line_width = 0.0;
        }
        // The word starts a line; break it where it overflows.
        for c in word.chars() {
            let w = char_width(c, face, size);
            if line_width + w > max && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
                if lines.len() > max_lines {
                    break;
                }
            }
            line.push(c);
            line_width += w;
        }
        if lines.len() > max_lines {
            break;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines.saturating_sub(1)).join(" ");
        let mut last = fit_clean(&rest, face, size, max);
        if !last.ends_with(ELLIPSIS) {
            last = fit_clean(&format!("{rest}{ELLIPSIS}"), face, size, max);
            if !last.ends_with(ELLIPSIS) {
                last.push_str(ELLIPSIS);
            }
        }
        lines.push(last);
        lines.truncate(max_lines);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_outside_winansi_become_question_marks_and_signs_are_spelled_out() {
        assert_eq!(clean("a\tb\nc\u{0}d"), "a b c?d");
        assert_eq!(clean("≥ 5 – 7 … é"), ">= 5 – 7 … é");
        assert_eq!(clean("日本 😀"), "?? ?");
        assert_eq!(clean("e\u{0301}\u{200B}x"), "ex");
    }

    #[test]
    fn a_text_too_wide_is_cut_with_dots_and_fits() {
        let long = "Jalan rusak di depan pasar sejak tiga bulan";
        let cut = fit(long, Face::Regular, 10.0, 80.0);
        assert!(cut.ends_with("..."), "{cut}");
        assert!(width(&cut, Face::Regular, 10.0) <= 80.0);
        assert_eq!(fit("Pendek", Face::Bold, 10.0, 80.0), "Pendek");
        assert_eq!(fit("Apa saja", Face::Bold, 10.0, 1.0), "");
    }

    #[test]
    fn wrapping_keeps_lines_within_the_width_and_the_line_limit() {
        let text = format!("{} akhir", "kata ".repeat(60));
        let lines = wrap(&text, Face::Bold, 16.0, 200.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| width(l, Face::Bold, 16.0) <= 200.0));
        assert!(lines[2].ends_with("..."));
        let word = "x".repeat(500);
        let lines = wrap(&word, Face::Regular, 9.0, 100.0, 100);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, Face::Regular, 9.0) <= 100.0));
        assert!(wrap("", Face::Regular, 9.0, 100.0, 3).is_empty());
    }
}
