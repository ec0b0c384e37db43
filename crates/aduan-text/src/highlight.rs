//! Snippets of a text around the first hit of a search, with the hits marked.

use std::collections::HashSet;
use std::ops::Range;

use serde::Serialize;

use crate::{analyse_token, token};

/// The mark added where a snippet was cut.
const ELLIPSIS: &str = "…";

/// A piece of a snippet: text as written in the source, and whether it is a hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// The text, as written in the source (or `…` where the snippet was cut).
    pub text: String,
    /// Whether the text is a token whose lexemes meet the search terms.
    pub hit: bool,
}

/// A snippet of `text` of at most about `max_chars` characters (chars, not bytes) around the
/// first token whose lexemes meet `terms` (or the start of the text when none does), cut at
/// whitespace, with `…` added as plain (non-hit) text where it was cut at the start or end.
///
/// Tokens whose analysed lexemes (see [`crate::lexemes`]) intersect `terms` are hit segments,
/// in the token's original spelling (`Kerusakan` is a hit for the term `rusak`); adjacent
/// non-hit text is merged into one segment; no segment is empty. The snippet holds at most
/// `max_chars` characters of the text, plus the two ellipses. Empty text (or blank text, or a
/// `max_chars` of 0) gives an empty `Vec`.
///
/// ```
/// use aduan_text::{highlight, query_terms, Segment};
///
/// let snippet = highlight("Kerusakan jalan parah", &query_terms("rusak"), 80);
/// assert_eq!(snippet[0], Segment { text: "Kerusakan".into(), hit: true });
/// assert_eq!(snippet[1], Segment { text: " jalan parah".into(), hit: false });
/// ```
pub fn highlight(text: &str, terms: &[String], max_chars: usize) -> Vec<Segment> {
    let wanted: HashSet<&str> = terms.iter().map(String::as_str).collect();
    let hits: Vec<Range<usize>> = if wanted.is_empty() {
        Vec::new()
    } else {
        token::spans(text)
            .into_iter()
            .filter(|span| {
                let mut lexemes = Vec::new();
                analyse_token(&text[span.clone()], &mut lexemes);
                lexemes.iter().any(|l| wanted.contains(l.as_str()))
            })
            .collect()
    };
    let window = window(text, hits.first().cloned(), max_chars);
    if window.is_empty() {
        return Vec::new();
    }

    let mut out = Vec::new();
    if !text[..window.start].trim().is_empty() {
        push_plain(&mut out, ELLIPSIS);
    }
    let mut pos = window.start;
    for hit in &hits {
        if hit.end <= window.start || hit.start >= window.end {
            continue;
        }
        let (start, end) = (hit.start.max(window.start), hit.end.min(window.end));
        push_plain(&mut out, &text[pos..start]);
        out.push(Segment {
            text: text[start..end].to_owned(),
            hit: true,
        });
        pos = end;
    }
    push_plain(&mut out, &text[pos..window.end]);
    if !text[window.end..].trim().is_empty() {
        push_plain(&mut out, ELLIPSIS);
    }
    out
}

/// Whether a snippet holds any hit.
pub fn has_hit(segments: &[Segment]) -> bool {
    segments.iter().any(|s| s.hit)
}

/// Appends non-hit text to a snippet, merged into the last segment when that is non-hit too.
fn push_plain(out: &mut Vec<Segment>, text: &str) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if !last.hit => last.text.push_str(text),
        _ => out.push(Segment {
            text: text.to_owned(),
            hit: false,
        }),
    }
}

/// The byte range of the snippet: at most `max_chars` characters, starting a little before the
/// first hit (given as a byte range), cut at whitespace where possible, trimmed.
fn window(text: &str, first_hit: Option<Range<usize>>, max_chars: usize) -> Range<usize> {
    let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let byte = |c: usize| offsets.get(c).copied().unwrap_or(text.len());
    let char_at = |b: usize| offsets.partition_point(|&i| i < b);
    let (mut start, mut end) = (0, n);

    if max_chars == 0 {
        return 0..0;
    }
    if n > max_chars {
        let (hit_start, hit_end) = first_hit.map_or((0, 0), |h| (char_at(h.start), char_at(h.end)));
        // A third of the room before the hit, unless the text ends too soon for that.
        end = (hit_start.saturating_sub(max_chars / 3) + max_chars).min(n);
        start = end.saturating_sub(max_chars);
        let is_ws = |c: usize| chars[c].is_whitespace();
        if start > 0 && !is_ws(start - 1) && !is_ws(start) {
            // Mid-word: on to the next whitespace, but never past the hit.
            start = (start..hit_start.max(start))
                .find(|&c| is_ws(c))
                .unwrap_or(hit_start.max(start));
            end = (start + max_chars).min(n);
        }
        if end < n && !is_ws(end - 1) && !is_ws(end) {
            // Mid-word: back to the last whitespace after the hit, or a hard cut if none.
            if let Some(c) = (hit_end.max(start + 1)..end).rev().find(|&c| is_ws(c)) {
                end = c;
            }
        }
    }

    let (start, end) = (byte(start), byte(end.max(start)));
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead == slice.len() {
        return start..start;
    }
    start + lead..end - trail
}
