//! The catalogue's promises: both languages hold the same keys, every message formats, and a
//! browser's Accept-Language picks the right one.

use aduan_i18n::{Lang, Tr, catalogue};

#[test]
fn both_languages_define_exactly_the_same_keys() {
    let id = catalogue().keys(Lang::Id);
    let en = catalogue().keys(Lang::En);
    let only_id: Vec<_> = id.difference(en).collect();
    let only_en: Vec<_> = en.difference(id).collect();
    assert!(only_id.is_empty(), "keys missing in English: {only_id:?}");
    assert!(
        only_en.is_empty(),
        "keys missing in Indonesian: {only_en:?}"
    );
    assert!(id.len() > 20, "the catalogue is nearly empty");
}

#[test]
fn every_message_formats_without_falling_back_to_its_key() {
    for lang in Lang::ALL {
        for key in catalogue().keys(lang) {
            let text = catalogue().text(lang, key, &[]);
            assert!(!text.starts_with('['), "{lang}/{key} did not format");
        }
    }
}

#[test]
fn the_two_languages_differ_where_text_is_translated() {
    let tr_id = Tr::new(Lang::Id);
    let tr_en = Tr::new(Lang::En);
    assert_ne!(tr_id.t("nav-submit"), tr_en.t("nav-submit"));
}

#[test]
fn accept_language_picks_english_only_when_it_is_preferred() {
    assert_eq!(Lang::negotiate("en-US,en;q=0.9"), Lang::En);
    assert_eq!(Lang::negotiate("id-ID,id;q=0.9,en;q=0.8"), Lang::Id);
    assert_eq!(Lang::negotiate("fr-FR,en;q=0.5"), Lang::En);
    assert_eq!(Lang::negotiate("fr-FR"), Lang::Id);
    assert_eq!(Lang::negotiate(""), Lang::Id);
    assert_eq!(Lang::negotiate("en;q=0.4,id;q=0.8"), Lang::Id);
    assert_eq!(Lang::negotiate("en;q=0"), Lang::Id);
}

#[test]
fn arguments_are_inserted_without_isolation_marks() {
    let text = Tr::new(Lang::Id).t1("common-tracking-id-is", "id", "ABCD");
    assert!(text.contains("ABCD"));
    assert!(!text.contains('\u{2068}'));
}
