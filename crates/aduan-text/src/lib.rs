//! Indonesian text analysis for Aduan: the lexemes full-text search indexes, the terms of a
//! search query, highlighted snippets of a result, and MinHash signatures that find reports
//! of similar words ([`similar`]).
//!
//! PostgreSQL and SQLite index the *same* lexemes, computed here in Rust (not by either
//! database's own text-search configuration), so a search gives the same reports on both. A
//! triage classifier is meant to use the same analysis later.
//!
//! The pipeline, token by token:
//!
//! 1. split on every character that is not alphanumeric; lowercase; fold common Latin
//!    diacritics to ASCII (`é` → `e`) and drop any other non-ASCII character;
//! 2. fold slang and abbreviations (`tdk` → `tidak`, `jln` → `jalan`, `dll` → `dan lain
//!    lain`) from `data/slang.csv`; a token may become several words;
//! 3. drop stopwords (`data/stopwords.txt`), matched on the lowercase word;
//! 4. stem with the Snowball Indonesian stemmer (Tala's algorithm, 2003) from the
//!    `tantivy-stemmers` crate (BSD-3-Clause); numbers are kept as written;
//! 5. drop single characters.
//!
//! Both word lists were written for Aduan and are under the project's licence. The `sastrawi`
//! crates are deliberately not used: the Kateglo dictionary they bundle is CC-BY-NC-SA 3.0
//! (non-commercial), which the project's licence policy does not allow.
//!
//! Tala's algorithm is purely rule-based and sometimes conflates words (`sekolah` loses its
//! `-lah` as if it were the particle); since the index and the query go through the same
//! pipeline, that costs precision, never a match.

mod highlight;
pub mod similar;
mod tables;
mod token;

pub use highlight::{Segment, has_hit, highlight};

use tantivy_stemmers::algorithms::indonesian_tala;

/// Bumped whenever the output of [`lexemes`] changes, so stored indexes know they are stale.
pub const ANALYSER_VERSION: u32 = 1;

/// At most this many terms are kept from a query.
pub const MAX_QUERY_TERMS: usize = 12;

/// Words longer than this (in bytes, after folding) are noise such as encoded data, and would
/// strain PostgreSQL's limit on a lexeme's length: they are dropped.
const MAX_LEXEME_LEN: usize = 64;

/// The lexemes of `text` for an index, in text order (duplicates kept, for positions): each
/// token lowercased, slang and abbreviations folded (one token may become several words, e.g.
/// `dll` → `dan lain lain`, and each of them goes on through the pipeline), stopwords dropped,
/// stemmed.
///
/// Lexemes consist only of ASCII lowercase letters and digits (`[a-z0-9]+`, at least two
/// characters): non-ASCII letters are folded to ASCII where there is an obvious base letter
/// (`é` → `e`) and dropped otherwise, and every other character splits tokens. So they can be
/// embedded in a PostgreSQL `tsquery` or an SQLite FTS5 query without quoting problems.
///
/// ```
/// use aduan_text::lexemes;
///
/// assert_eq!(lexemes("Kerusakan jalan di depan RT 05"), ["rusak", "jalan", "depan", "rt", "05"]);
/// assert_eq!(lexemes("jln. Merdeka"), lexemes("Jalan Merdeka"));
/// assert!(lexemes("yang dan di 🙏!!").is_empty());
/// ```
pub fn lexemes(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for span in token::spans(text) {
        analyse_token(&text[span], &mut out);
    }
    out
}

/// The terms of a search query: the same pipeline as [`lexemes`], duplicates removed (the first
/// occurrence kept), at most [`MAX_QUERY_TERMS`]. Empty when the query holds only stopwords or
/// punctuation.
///
/// ```
/// assert_eq!(aduan_text::query_terms("jalan rusak, JALAN!"), ["jalan", "rusak"]);
/// assert!(aduan_text::query_terms("yang di ?").is_empty());
/// ```
pub fn query_terms(query: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for lexeme in lexemes(query) {
        if terms.len() == MAX_QUERY_TERMS {
            break;
        }
        if !terms.contains(&lexeme) {
            terms.push(lexeme);
        }
    }
    terms
}

/// Appends the lexemes of one token, as written in the text, to `out`.
pub(crate) fn analyse_token(raw: &str, out: &mut Vec<String>) {
    let word = token::normalise(raw);
    if word.is_empty() {
        return;
    }
    match tables::slang(&word) {
        Some(words) => words.iter().for_each(|w| analyse_word(w, out)),
        None => analyse_word(&word, out),
    }
}

/// Appends the lexeme of one lowercase ASCII word, after slang folding, unless it is dropped.
fn analyse_word(word: &str, out: &mut Vec<String>) {
    if word.len() > MAX_LEXEME_LEN || tables::is_stopword(word) {
        return;
    }
    let lexeme = if word.bytes().all(|b| b.is_ascii_digit()) {
        word.to_owned()
    } else {
        indonesian_tala(word).into_owned()
    };
    let clean = lexeme
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if lexeme.len() >= 2 && clean {
        out.push(lexeme);
    }
}
