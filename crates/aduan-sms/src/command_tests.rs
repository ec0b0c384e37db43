//! The parser's unit tests: each command word, its English form, and the texts that only look
//! like commands.

use super::*;

fn keywords() -> BTreeMap<String, String> {
    BTreeMap::from([("TANGKAB".to_owned(), "kabupaten-tangerang".to_owned())])
}

#[test]
fn cek_asks_for_the_status_in_either_case_and_with_a_grouped_id() {
    let p = parse("cek abcd efgh jk", &keywords());
    assert_eq!(
        p.command,
        Command::Check {
            id: "abcdefghjk".into()
        }
    );
    assert_eq!(p.lang, Some(Lang::Id));
    assert_eq!(parse("CHECK#X1", &keywords()).lang, Some(Lang::En));
}

#[test]
fn balas_takes_the_id_and_keeps_the_rest_as_the_reply() {
    let p = parse(
        "BALAS 7K3QM9XD2T  Jalannya belum diperbaiki,\npak.",
        &keywords(),
    );
    assert_eq!(
        p.command,
        Command::Reply {
            id: "7K3QM9XD2T".into(),
            body: "Jalannya belum diperbaiki,\npak.".into()
        }
    );
}

#[test]
fn batal_asks_to_withdraw() {
    assert_eq!(
        parse("Batal 7K3QM9XD2T", &keywords()).command,
        Command::Withdraw {
            id: "7K3QM9XD2T".into()
        }
    );
}

#[test]
fn a_leading_region_keyword_routes_and_is_removed_from_the_text() {
    let p = parse("tangkab: Jalan rusak di Cikupa", &keywords());
    assert_eq!(
        p.command,
        Command::Text {
            agency: Some("kabupaten-tangerang".into()),
            body: "Jalan rusak di Cikupa".into(),
            anonymous: false,
        }
    );
    assert_eq!(p.lang, None);
}

#[test]
fn free_text_is_a_report_without_an_agency_and_a_bare_keyword_is_just_text() {
    assert_eq!(
        parse("Lampu jalan mati", &keywords()).command,
        Command::Text {
            agency: None,
            body: "Lampu jalan mati".into(),
            anonymous: false,
        }
    );
    assert_eq!(
        parse("TANGKAB", &keywords()).command,
        Command::Text {
            agency: None,
            body: "TANGKAB".into(),
            anonymous: false,
        }
    );
}

#[test]
fn anonim_asks_for_an_anonymous_report_with_or_around_a_region_keyword() {
    let text = |agency: Option<&str>, body: &str| Command::Text {
        agency: agency.map(str::to_owned),
        body: body.to_owned(),
        anonymous: true,
    };
    let p = parse("ANONIM Pungli di kelurahan", &keywords());
    assert_eq!(p.command, text(None, "Pungli di kelurahan"));
    assert_eq!(p.lang, Some(Lang::Id));
    let tangkab = Some("kabupaten-tangerang");
    assert_eq!(
        parse("anonim tangkab: Pungli di Cikupa", &keywords()).command,
        text(tangkab, "Pungli di Cikupa")
    );
    assert_eq!(
        parse("TANGKAB ANONIM Pungli di Cikupa", &keywords()).command,
        text(tangkab, "Pungli di Cikupa")
    );
    let english = parse("Anonymous: bribes at the office", &keywords());
    assert_eq!(english.command, text(None, "bribes at the office"));
    assert_eq!(english.lang, Some(Lang::En));
    assert_eq!(parse("ANONIM", &keywords()).command, text(None, ""));
    assert!(matches!(
        parse("Anonimnya pelapor", &keywords()).command,
        Command::Text {
            anonymous: false,
            ..
        }
    ));
}

fn act(verb: Verb, word: &str, id: &str, stars: Option<u8>, text: &str) -> Command {
    Command::Act {
        verb,
        word: word.into(),
        id: id.into(),
        stars,
        text: text.into(),
    }
}

const RESOLVED: Verb = Verb::Rate { resolved: true };
const NOT_RESOLVED: Verb = Verb::Rate { resolved: false };

#[test]
fn rating_words_take_the_id_the_stars_and_say_whether_it_was_resolved() {
    let p = parse("puas 7K3QM9XD2T 5 mantap, terima kasih", &keywords());
    assert_eq!(
        p.command,
        act(
            RESOLVED,
            "PUAS",
            "7K3QM9XD2T",
            Some(5),
            "mantap, terima kasih"
        )
    );
    assert_eq!(p.lang, Some(Lang::Id));
    assert_eq!(
        parse("NILAI 7K3QM9XD2T 4/5", &keywords()).command,
        act(RESOLVED, "NILAI", "7K3QM9XD2T", Some(4), "")
    );
    assert_eq!(
        parse("TIDAKPUAS 7K3QM9XD2T 2", &keywords()).command,
        act(NOT_RESOLVED, "TIDAKPUAS", "7K3QM9XD2T", Some(2), "")
    );
    assert_eq!(
        parse("tidak puas 7K3QM9XD2T 1", &keywords()).command,
        act(NOT_RESOLVED, "TIDAK PUAS", "7K3QM9XD2T", Some(1), "")
    );
    let english = parse("Confirm 7K3QM9XD2T 9", &keywords());
    assert_eq!(
        english.command,
        act(RESOLVED, "CONFIRM", "7K3QM9XD2T", Some(9), "")
    );
    assert_eq!(english.lang, Some(Lang::En));
    assert_eq!(
        parse("RATE 7K3QM9XD2T five", &keywords()).command,
        act(RESOLVED, "RATE", "7K3QM9XD2T", None, "five")
    );
    assert_eq!(
        parse("UNRESOLVED 7K3QM9XD2T 2", &keywords()).command,
        act(NOT_RESOLVED, "UNRESOLVED", "7K3QM9XD2T", Some(2), "")
    );
}

#[test]
fn reopen_appeal_and_ombudsman_take_the_id_and_keep_the_reason() {
    assert_eq!(
        parse("BUKA 7K3QM9XD2T Lampunya mati lagi", &keywords()).command,
        act(
            Verb::Reopen,
            "BUKA",
            "7K3QM9XD2T",
            None,
            "Lampunya mati lagi"
        )
    );
    assert_eq!(
        parse("reopen#7K3QM9XD2T: still broken", &keywords()).lang,
        Some(Lang::En)
    );
    assert_eq!(
        parse("Banding 7K3Q-M9XD-2T lokasinya jelas", &keywords()).command,
        act(
            Verb::Appeal,
            "BANDING",
            "7K3Q-M9XD-2T",
            None,
            "lokasinya jelas"
        )
    );
    assert_eq!(
        parse("APPEAL 7K3QM9XD2T", &keywords()).command,
        act(Verb::Appeal, "APPEAL", "7K3QM9XD2T", None, "")
    );
    let ombudsman = parse("OMBUDSMAN 7K3QM9XD2T sudah lewat batas", &keywords());
    assert_eq!(
        ombudsman.command,
        act(
            Verb::Ombudsman,
            "OMBUDSMAN",
            "7K3QM9XD2T",
            None,
            "sudah lewat batas"
        )
    );
    assert_eq!(ombudsman.lang, None, "the same word in both languages");
    assert_eq!(
        parse("WITHDRAW 7K3QM9XD2T", &keywords()),
        Parsed {
            command: Command::Withdraw {
                id: "7K3QM9XD2T".into()
            },
            lang: Some(Lang::En)
        }
    );
}

#[test]
fn a_mistyped_id_is_still_a_command_so_that_the_sender_hears_it_was_not_found() {
    assert_eq!(
        parse("PUAS 7K3QM9XD2X 5", &keywords()).command,
        act(RESOLVED, "PUAS", "7K3QM9XD2X", Some(5), "")
    );
}

#[test]
fn an_action_word_without_an_id_asks_for_one() {
    for text in ["PUAS 5", "puas", "BUKA", "Ombudsman", "TIDAK PUAS 2"] {
        assert!(
            matches!(parse(text, &keywords()).command, Command::NoId { .. }),
            "{text}"
        );
    }
}

#[test]
fn a_report_that_starts_with_an_action_word_stays_a_report() {
    for text in [
        "Nilai rapor anak saya dipotong wali kelas",
        "Buka 24 jam tapi loket selalu tutup",
        "Ombudsman tolong periksa kantor camat",
        "Banding ke pengadilan ditolak tanpa alasan",
        "Puas sekali dengan layanan KTP",
    ] {
        assert_eq!(
            parse(text, &keywords()).command,
            Command::Text {
                agency: None,
                body: text.into(),
                anonymous: false
            },
            "{text}"
        );
    }
}

#[test]
fn a_word_that_only_starts_like_a_command_is_free_text() {
    assert!(matches!(
        parse("Cekungan air di jalan", &keywords()).command,
        Command::Text { .. }
    ));
}

#[test]
fn a_report_that_starts_with_batal_a_phone_number_or_a_date_is_filed_as_a_report() {
    for text in [
        "Batal berangkat karena jembatan di Cikupa putus",
        "Buka 081234567890 tidak pernah diangkat petugas",
        "Nilai 2024-05-12 ujian anak saya tidak keluar",
    ] {
        assert!(
            matches!(
                parse(text, &keywords()).command,
                Command::Text {
                    anonymous: false,
                    ..
                }
            ),
            "{text}"
        );
    }
    assert!(matches!(
        parse("BATAL 7K3QM9XD2T", &keywords()).command,
        Command::Withdraw { .. }
    ));
}

#[test]
fn data_and_hapus_with_a_report_number_are_the_reporters_rights_and_otherwise_start_a_report() {
    let parsed = parse("DATA 7K3QM9XD2T", &keywords());
    assert_eq!(
        parsed.command,
        Command::MyData {
            id: "7K3QM9XD2T".into()
        }
    );
    assert_eq!(parsed.lang, Some(Lang::Id));
    let parsed = parse("erase 7K3QM9XD2T", &keywords());
    assert_eq!(
        parsed.command,
        Command::Erase {
            id: "7K3QM9XD2T".into(),
            confirmed: false
        }
    );
    assert_eq!(parsed.lang, Some(Lang::En));
    assert_eq!(
        parse("hapus 7K3QM9XD2T ya", &keywords()).command,
        Command::Erase {
            id: "7K3QM9XD2T".into(),
            confirmed: true
        }
    );
    for text in [
        "Hapus pungutan liar di pasar Wonokromo",
        "Data bansos di desa kami tidak sesuai",
        "Data bansos salah",
        "Hapus pungli liar",
        "Data KTP hilang",
        "Hapus pungutan",
        "Data 2024 salah",
    ] {
        assert!(
            matches!(parse(text, &keywords()).command, Command::Text { .. }),
            "{text}"
        );
    }
}
