//! Highlighted snippets.

use aduan_text::{Segment, has_hit, highlight, query_terms};

fn joined(segments: &[Segment]) -> String {
    segments.iter().map(|s| s.text.as_str()).collect()
}

fn hits(segments: &[Segment]) -> Vec<&str> {
    segments
        .iter()
        .filter(|s| s.hit)
        .map(|s| s.text.as_str())
        .collect()
}

fn assert_well_formed(segments: &[Segment]) {
    for pair in segments.windows(2) {
        assert!(
            pair[0].hit || pair[1].hit,
            "adjacent plain segments: {segments:?}"
        );
    }
    assert!(
        segments.iter().all(|s| !s.text.is_empty()),
        "empty segment: {segments:?}"
    );
}

const LONG: &str = "Sudah tiga bulan warga di lingkungan kami mengeluhkan banyak hal kepada pengurus \
    setempat namun belum ada tanggapan. Kerusakan jalan di depan sekolah dasar semakin parah \
    sehingga anak-anak sering terjatuh saat hujan dan genangan air menutupi lubang yang dalam. \
    Kami mohon dinas terkait segera memperbaiki jalan tersebut sebelum ada korban.";

#[test]
fn kerusakan_is_a_hit_in_its_original_case_for_terms_of_rusak() {
    let snippet = highlight("Kerusakan jalan parah", &query_terms("rusak"), 200);
    assert_eq!(
        snippet,
        [
            Segment {
                text: "Kerusakan".into(),
                hit: true
            },
            Segment {
                text: " jalan parah".into(),
                hit: false
            },
        ]
    );
    assert!(has_hit(&snippet));
}

#[test]
fn a_short_text_is_kept_whole_with_every_hit_marked() {
    let text = "Jalan rusak, jalanan berlubang; JALAN ditutup.";
    let snippet = highlight(text, &query_terms("jalan"), 200);
    assert_eq!(joined(&snippet), text);
    assert_eq!(hits(&snippet), ["Jalan", "jalanan", "JALAN"]);
    assert_well_formed(&snippet);
}

#[test]
fn a_long_text_is_cut_around_the_first_hit_with_ellipses() {
    let snippet = highlight(LONG, &query_terms("kerusakan"), 80);
    let text = joined(&snippet);
    assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
    assert_eq!(hits(&snippet), ["Kerusakan"]);
    assert!(text.contains("tanggapan. Kerusakan jalan"), "{text}");
    assert!(text.chars().count() <= 80 + 2, "{text}");
    assert_well_formed(&snippet);
}

#[test]
fn snippets_are_cut_at_whitespace() {
    let snippet = highlight(LONG, &query_terms("genangan"), 60);
    let text = joined(&snippet);
    let inner = text.trim_start_matches('…').trim_end_matches('…');
    for word in inner.split_whitespace() {
        assert!(
            LONG.split_whitespace().any(|w| w == word),
            "cut word {word:?} in {text}"
        );
    }
}

#[test]
fn without_a_hit_the_snippet_is_the_start_of_the_text() {
    let snippet = highlight(LONG, &query_terms("banjir"), 50);
    assert_eq!(snippet.len(), 1);
    assert!(!has_hit(&snippet));
    assert!(snippet[0].text.starts_with("Sudah tiga bulan"));
    assert!(snippet[0].text.ends_with('…'));
    assert!(snippet[0].text.chars().count() <= 50 + 1);
}

#[test]
fn a_hit_near_the_end_still_fills_the_snippet() {
    let snippet = highlight(LONG, &query_terms("korban"), 80);
    let text = joined(&snippet);
    assert!(text.starts_with('…') && !text.ends_with('…'), "{text}");
    assert!(text.chars().count() > 60, "{text}");
    assert_eq!(hits(&snippet), ["korban"]);
}

#[test]
fn max_chars_is_respected_for_every_size() {
    for max in 0..LONG.chars().count() + 5 {
        for query in ["rusak", "korban", "sudah tiga", "banjir"] {
            let snippet = highlight(LONG, &query_terms(query), max);
            assert!(joined(&snippet).chars().count() <= max + 2, "{max} {query}");
            assert_well_formed(&snippet);
        }
    }
}

#[test]
fn multi_byte_text_never_panics_on_char_boundaries() {
    let text = "Jalan ké rumah — rusak «parah» 🙏🏽 sekali, ÉÉÉ ñandú — jalan rusak lagi";
    let terms = query_terms("rusak jalan");
    for max in 0..text.chars().count() + 3 {
        let snippet = highlight(text, &terms, max);
        assert!(joined(&snippet).chars().count() <= max + 2);
        assert_well_formed(&snippet);
    }
    assert_eq!(
        hits(&highlight(text, &terms, 200)),
        ["Jalan", "rusak", "jalan", "rusak"]
    );
}

#[test]
fn a_single_word_longer_than_the_snippet_is_cut_hard() {
    let text = "a".repeat(50) + " rusak";
    let snippet = highlight(&text, &[], 10);
    assert_eq!(joined(&snippet), format!("{}…", "a".repeat(10)));
}

#[test]
fn empty_or_blank_text_gives_no_segments() {
    assert!(highlight("", &query_terms("rusak"), 100).is_empty());
    assert!(highlight("   \n ", &query_terms("rusak"), 100).is_empty());
    assert!(!has_hit(&[]));
}
