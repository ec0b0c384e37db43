//! The lexemes of a text and the terms of a query.

use aduan_text::{MAX_QUERY_TERMS, lexemes, query_terms};

fn contains_all(haystack: &[String], needles: &[String]) -> bool {
    needles.iter().all(|n| haystack.contains(n))
}

#[test]
fn the_stemmer_reduces_kerusakan_and_jalanan_to_their_roots() {
    use tantivy_stemmers::algorithms::indonesian_tala;
    assert_eq!(indonesian_tala("kerusakan"), "rusak");
    assert_eq!(indonesian_tala("jalanan"), "jalan");
}

#[test]
fn kerusakan_and_jalanan_share_lexemes_with_jalan_rusak() {
    let terms = query_terms("jalan rusak");
    assert_eq!(terms, ["jalan", "rusak"]);
    assert!(contains_all(
        &lexemes("Kerusakan jalan di depan sekolah"),
        &terms
    ));
    assert!(contains_all(&lexemes("jalanan rusak parah"), &terms));
}

#[test]
fn tdk_folds_like_tidak() {
    assert_eq!(lexemes("air tdk mengalir"), lexemes("air tidak mengalir"));
    assert_eq!(lexemes("tdk"), lexemes("tidak"));
    for slang in ["gak", "ga", "nggak", "enggak", "ngga", "gk"] {
        assert_eq!(
            lexemes(&format!("lampu {slang} nyala")),
            lexemes("lampu tidak nyala")
        );
    }
}

#[test]
fn street_and_area_abbreviations_fold_to_the_full_word() {
    assert_eq!(lexemes("jln. Merdeka"), lexemes("Jalan Merdeka"));
    assert_eq!(
        lexemes("Jl Merdeka No. 5"),
        lexemes("jalan merdeka nomor 5")
    );
    let kelurahan = lexemes("kelurahan");
    assert_eq!(kelurahan.len(), 1);
    assert!(contains_all(&lexemes("kel. Sukamaju"), &kelurahan));
    assert_eq!(
        lexemes("Kec. Tegalsari, Kab. Bogor"),
        lexemes("kecamatan tegalsari kabupaten bogor")
    );
}

#[test]
fn one_slang_word_may_fold_to_several() {
    assert_eq!(lexemes("pemkot"), lexemes("pemerintah kota"));
    assert_eq!(lexemes("RS"), lexemes("rumah sakit"));
    assert!(lexemes("sampah dll").iter().all(|l| l != "dll"));
}

#[test]
fn rt_and_rw_are_kept_as_written() {
    assert_eq!(lexemes("RT 03 / RW 07"), ["rt", "03", "rw", "07"]);
}

#[test]
fn stopwords_never_appear_among_lexemes() {
    let found = lexemes("Sampah yang menumpuk di pasar dan di jalan, itu sudah lama");
    for stopword in ["yang", "di", "dan", "itu", "sudah"] {
        assert!(
            !found.iter().any(|l| l == stopword),
            "{stopword} in {found:?}"
        );
    }
    assert!(found.iter().any(|l| l == "sampah"));
}

#[test]
fn a_query_of_only_stopwords_gives_no_terms() {
    assert!(query_terms("yang di dan ke dari").is_empty());
    assert!(query_terms("yg dgn utk").is_empty());
    assert!(query_terms("").is_empty());
}

#[test]
fn lexemes_consist_only_of_ascii_lowercase_letters_and_digits() {
    let text = "Çağrı: «Jalan» ké-rumah №5, 日本語 text; ŞEHİR über 100% … (RT.05) 🙏🏽🚧 x_y don't";
    let found = lexemes(text);
    assert!(!found.is_empty());
    for lexeme in &found {
        assert!(lexeme.len() >= 2, "{lexeme:?}");
        assert!(
            lexeme
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
            "{lexeme:?}"
        );
    }
}

#[test]
fn punctuation_and_emoji_never_produce_lexemes() {
    assert!(lexemes("!!! ??? ... --- 🙏🏽🚧😡 «» “” — … #@&*").is_empty());
    assert!(query_terms("?!🙏").is_empty());
}

#[test]
fn diacritics_fold_to_their_base_letter() {
    assert_eq!(lexemes("Café"), ["cafe"]);
    assert_eq!(lexemes("CAFÉ"), lexemes("cafe"));
}

#[test]
fn single_characters_are_dropped_and_numbers_kept_unstemmed() {
    assert_eq!(lexemes("a b 5 RT 12 2024"), ["rt", "12", "2024"]);
}

#[test]
fn lexemes_keep_duplicates_in_text_order() {
    assert_eq!(lexemes("rusak jalan rusak"), ["rusak", "jalan", "rusak"]);
}

#[test]
fn query_terms_drop_duplicates_keeping_the_first() {
    assert_eq!(
        query_terms("rusak jalan kerusakan Jalanan"),
        ["rusak", "jalan"]
    );
}

#[test]
fn query_terms_are_at_most_max_query_terms() {
    let query = (0..30)
        .map(|i| format!("kata{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    let terms = query_terms(&query);
    assert_eq!(terms.len(), MAX_QUERY_TERMS);
    assert_eq!(terms[0], "kata0");
    assert_eq!(
        terms[MAX_QUERY_TERMS - 1],
        format!("kata{}", MAX_QUERY_TERMS - 1)
    );
}
