//! Reads the portal's source for the message keys it names: literal first arguments of the
//! translating calls, and key-shaped string literals (and `format!` patterns) in Rust code.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The files under `dir` (recursively) whose names end with `ext`, with their text.
pub fn sources(dir: &str, ext: &str) -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, ext: &str, out: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, ext, out);
            } else if path.to_string_lossy().ends_with(ext) {
                out.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    // The back office's pages and the page kit share the portal's catalogue and rules.
    for root in [".", "../aduan-office", "../aduan-pagekit"] {
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join(root).join(dir),
            ext,
            &mut out,
        );
    }
    out.sort();
    assert!(!out.is_empty(), "no {ext} files in {dir}");
    out
}

/// The line number of byte `at`.
pub fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// The string literal starting at `text[at]` (a `"`), without escapes.
pub fn literal_at(text: &str, at: usize) -> Option<&str> {
    let rest = text.get(at..)?.strip_prefix('"')?;
    rest.find('"').map(|end| &rest[..end])
}

/// A key the code names: where, and either the key or (for `format!`) its pattern.
pub struct Use {
    /// `file:line`.
    pub place: String,
    /// The key, or a `format!` pattern such as `event-{}`.
    pub key: String,
}

/// The first arguments of `.t(`, `.t1(`, `.n(`, `.t2(`, `.status(`, `.kind(`, `.channel(`
/// calls that are string literals, as keys, in the order they appear (Rust line comments
/// skipped).
pub fn keys_in_calls(file: &Path, text: &str) -> Vec<Use> {
    let calls = [
        (".t(", ""),
        (".t1(", ""),
        (".n(", ""),
        (".t2(", ""),
        (".status(", "status-"),
        (".kind(", "kind-"),
        (".channel(", "channel-"),
    ];
    let rust = file.extension().is_some_and(|e| e == "rs");
    let mut out = Vec::new();
    for (call, prefix) in calls {
        for (at, _) in text.match_indices(call) {
            let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
            if rust && text[line_start..at].contains("//") {
                continue;
            }
            let arg = at + call.len();
            let skipped = text[arg..].len() - text[arg..].trim_start().len();
            if let Some(key) = literal_at(text, arg + skipped) {
                out.push((
                    at,
                    Use {
                        place: format!("{}:{}", file.display(), line_of(text, at)),
                        key: format!("{prefix}{key}"),
                    },
                ));
            }
        }
    }
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().map(|(_, u)| u).collect()
}

/// The string literals of Rust source, with their offsets (comments, char literals and
/// lifetimes skipped; escapes kept as written).
pub fn rust_literals(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 3,
            b'\'' if bytes.get(i + 1) == Some(&b'\\') => {
                i = text[i + 3..].find('\'').map_or(bytes.len(), |n| i + n + 4);
            }
            b'r' if bytes.get(i + 1) == Some(&b'#') || bytes.get(i + 1) == Some(&b'"') => {
                let hashes = text[i + 1..].len() - text[i + 1..].trim_start_matches('#').len();
                let open = i + 1 + hashes;
                if bytes.get(open) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let end = text[open + 1..]
                    .find(&close)
                    .map_or(bytes.len(), |n| open + 1 + n);
                out.push((open, &text[open + 1..end.min(bytes.len())]));
                i = end + close.len();
            }
            b'"' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                out.push((i, &text[i + 1..j.min(bytes.len())]));
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// Every string literal in Rust source that looks like a message key of a family the
/// catalogue has (`error-not-found`, `time-zone-wita`), and every `format!` pattern that
/// builds one (`event-{}`).
pub fn key_literals(file: &Path, text: &str, families: &BTreeSet<String>) -> Vec<Use> {
    let mut out = Vec::new();
    for (at, lit) in rust_literals(text) {
        let shaped = lit.contains('-')
            && lit.starts_with(|c: char| c.is_ascii_lowercase())
            && lit
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_{}".contains(c));
        let family = lit.split('-').next().unwrap_or_default();
        if shaped && families.contains(family) {
            out.push(Use {
                place: format!("{}:{}", file.display(), line_of(text, at)),
                key: lit.to_owned(),
            });
        }
    }
    out
}
