use super::{REDACTED, redact};
use aduan_domain::report::ReporterIdentity;

fn siti() -> ReporterIdentity {
    ReporterIdentity {
        name: Some("Siti Rahmawati".into()),
        email: Some("siti.rahmawati@contoh.id".into()),
        phone: Some("+6281234567890".into()),
        nik: Some("3578014507900001".into()),
        chat: Some("telegram:987654321".into()),
    }
}

fn bare(text: &str) -> String {
    redact(text, None)
}

#[test]
fn a_nik_goes_whether_written_together_or_in_groups() {
    for nik in [
        "3578014507900001",
        "3578 0145 0790 0001",
        "3578.0145.0790.0001",
        "357801-450790-0001",
    ] {
        assert_eq!(
            bare(&format!("NIK saya {nik}, mohon dibantu.")),
            format!("NIK saya {REDACTED}, mohon dibantu."),
            "{nik}"
        );
    }
}

#[test]
fn indonesian_phone_numbers_go_in_every_usual_writing() {
    for phone in [
        "081234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "0812.3456.7890",
        "+62 812 3456 7890",
        "+6281234567890",
        "6281234567890",
        "62 812-3456-7890",
        "(031) 531 2144",
        "031-5312144",
    ] {
        assert_eq!(
            bare(&format!("Hubungi {phone} setelah jam 5.")),
            format!("Hubungi {REDACTED} setelah jam 5."),
            "{phone}"
        );
    }
}

#[test]
fn e_mail_addresses_go() {
    assert_eq!(
        bare("Balasan ke Budi.Santoso+aduan@mail.contoh.co.id. Terima kasih."),
        format!("Balasan ke {REDACTED}. Terima kasih.")
    );
}

#[test]
fn dates_amounts_coordinates_and_short_numbers_stay() {
    let text = "Pada 27-02-2026 pukul 08.30 di RT 05/RW 03 Jl. Ahmad Yani No. 12, \
                pungutan Rp 1.500.000 (titik -7.31, 112.73), tahun 2025.";
    assert_eq!(bare(text), text);
}

#[test]
fn the_reporters_own_name_phone_e_mail_and_nik_go_even_when_they_wrote_them_oddly() {
    let text = "Saya SITI rahmawati, hubungi 81234567890 atau SITI.RAHMAWATI@CONTOH.ID, \
                NIK 3578014507900001. Bu Rahmawati sudah lapor ke kelurahan.";
    let out = redact(text, Some(&siti()));
    for kept in [
        "Saya",
        "hubungi",
        "atau",
        "NIK",
        "Bu",
        "sudah lapor ke kelurahan.",
    ] {
        assert!(out.contains(kept), "{out}");
    }
    for gone in [
        "siti",
        "rahmawati",
        "81234567890",
        "3578014507900001",
        "contoh",
    ] {
        assert!(!out.to_lowercase().contains(gone), "{gone} in {out}");
    }
    assert_eq!(
        out,
        format!(
            "Saya {REDACTED}, hubungi {REDACTED} atau {REDACTED}, NIK {REDACTED}. \
             Bu {REDACTED} sudah lapor ke kelurahan."
        )
    );
}

#[test]
fn a_name_goes_word_by_word_but_only_as_whole_words() {
    let out = redact("Pak Siti? Bukan, Sitinjak yang menelepon.", Some(&siti()));
    assert_eq!(
        out,
        format!("Pak {REDACTED}? Bukan, Sitinjak yang menelepon.")
    );
}

#[test]
fn the_reporters_chat_handle_goes() {
    let out = redact("Kirim ke akun 987654321 saja.", Some(&siti()));
    assert_eq!(out, format!("Kirim ke akun {REDACTED} saja."));
}

#[test]
fn text_without_personal_data_comes_back_unchanged() {
    let text = "Sudah tiga bulan jalan berlubang, dua pengendara motor jatuh minggu lalu.";
    assert_eq!(redact(text, Some(&siti())), text);
    assert_eq!(redact("", Some(&siti())), "");
}

#[test]
fn non_ascii_names_and_the_text_around_what_goes_are_kept_intact() {
    let identity = ReporterIdentity {
        name: Some("Ñoño Pérez".into()),
        ..ReporterIdentity::default()
    };
    let out = redact("Saya ÑOÑO PÉREZ — café 0812-3456-7890 ✓", Some(&identity));
    assert_eq!(out, format!("Saya {REDACTED} — café {REDACTED} ✓"));
}
