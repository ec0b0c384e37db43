//! Slugs, agency kinds and categories of the directory.

#![allow(clippy::unwrap_used)] // a failed step must stop the test

use aduan_domain::directory::{
    AgencyKind, Category, CategoryChanges, DirectoryError, agency_slug, category_id, is_slug,
    is_unit_slug, province_short_name, slugify, unit_slug,
};
use aduan_domain::{AgencyId, CategoryId, UnitId};
use chrono::NaiveDate;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn regional_governments_get_readable_slugs() {
    assert_eq!(
        agency_slug(AgencyKind::Kabupaten, "Kabupaten Tangerang"),
        "kabupaten-tangerang"
    );
    assert_eq!(
        agency_slug(AgencyKind::Kota, "Kota Surabaya"),
        "kota-surabaya"
    );
    assert_eq!(
        agency_slug(
            AgencyKind::Kabupaten,
            "Kabupaten Kep. Siau Tagulandang Biaro"
        ),
        "kabupaten-kep-siau-tagulandang-biaro"
    );
    assert_eq!(
        agency_slug(AgencyKind::Kabupaten, "Kabupaten Toli-Toli"),
        "kabupaten-toli-toli"
    );
}

#[test]
fn provinces_are_prefixed_and_jakarta_is_dki() {
    assert_eq!(
        agency_slug(AgencyKind::Provinsi, "DKI Jakarta"),
        "provinsi-dki-jakarta"
    );
    assert_eq!(
        agency_slug(AgencyKind::Provinsi, "Daerah Khusus Ibukota Jakarta"),
        "provinsi-dki-jakarta"
    );
    assert_eq!(
        agency_slug(AgencyKind::Provinsi, "Provinsi Jawa Timur"),
        "provinsi-jawa-timur"
    );
    assert_eq!(
        agency_slug(AgencyKind::Provinsi, "Daerah Istimewa Yogyakarta"),
        "provinsi-daerah-istimewa-yogyakarta"
    );
    assert_eq!(
        province_short_name("Daerah Khusus Ibukota Jakarta"),
        "DKI Jakarta"
    );
}

#[test]
fn a_ministry_with_a_double_name_keeps_the_slug_of_its_first_part() {
    assert_eq!(
        agency_slug(
            AgencyKind::Kementerian,
            "Kementerian Agraria dan Tata Ruang/Badan Pertanahan Nasional"
        ),
        "kementerian-agraria-dan-tata-ruang"
    );
    assert_eq!(
        agency_slug(AgencyKind::Kementerian, "Kementerian Kesehatan"),
        "kementerian-kesehatan"
    );
}

#[test]
fn published_topic_names_become_lowercase_hyphenated_slugs() {
    assert_eq!(
        slugify("PENDIDIKAN DAN KEBUDAYAAN"),
        "pendidikan-dan-kebudayaan"
    );
    assert_eq!(
        slugify("KETENTERAMAN, KETERTIBAN UMUM, DAN PELINDUNGAN MASYARAKAT"),
        "ketenteraman-ketertiban-umum-dan-pelindungan-masyarakat"
    );
    assert_eq!(slugify("REDD+"), "redd");
    assert_eq!(slugify("Kafé  Séni"), "kafe-seni");
    assert_eq!(
        category_id("PERHUBUNGAN", Some("JADWAL KEBERANGKATAN")),
        CategoryId::new("perhubungan/jadwal-keberangkatan")
    );
    assert_eq!(
        category_id("TOPIK LAINNYA", None),
        CategoryId::new("topik-lainnya")
    );
}

#[test]
fn unit_ids_extend_their_agency_or_parent_unit() {
    let agency = AgencyId::new("kota-surabaya");
    let dinas = unit_slug(&agency, None, "Dinas Sumber Daya Air dan Bina Marga");
    assert_eq!(
        dinas,
        UnitId::new("kota-surabaya/dinas-sumber-daya-air-dan-bina-marga")
    );
    let bidang = unit_slug(&agency, Some(&dinas), "Bidang Jalan dan Jembatan");
    assert_eq!(
        bidang.as_str(),
        "kota-surabaya/dinas-sumber-daya-air-dan-bina-marga/bidang-jalan-dan-jembatan"
    );
    assert!(is_unit_slug(bidang.as_str()));
    assert!(!is_unit_slug("kota-surabaya"));
    assert!(!is_unit_slug("kota-surabaya/Dinas"));
}

#[test]
fn only_lowercase_hyphenated_ascii_is_a_slug() {
    assert!(is_slug("kota-surabaya"));
    assert!(is_slug("pt-pln-persero"));
    for bad in [
        "",
        "Kota-Surabaya",
        "kota--surabaya",
        "-kota",
        "kota-",
        "kota surabaya",
        "kota/x",
    ] {
        assert!(!is_slug(bad), "{bad:?}");
    }
}

#[test]
fn only_regional_governments_are_regional() {
    let regional: Vec<&str> = AgencyKind::ALL
        .iter()
        .filter(|k| k.is_regional())
        .map(|k| k.as_str())
        .collect();
    assert_eq!(regional, ["provinsi", "kabupaten", "kota"]);
    assert_eq!(
        AgencyKind::parse("kementerian"),
        Some(AgencyKind::Kementerian)
    );
    assert_eq!(AgencyKind::parse("dinas"), None);
}

fn corona() -> Category {
    Category {
        id: CategoryId::new("corona-virus"),
        name: "CORONA VIRUS".into(),
        parent: None,
        sensitive: false,
        active_from: Some(date(2020, 3, 2)),
        active_until: Some(date(2023, 6, 21)),
    }
}

#[test]
fn a_campaign_category_is_active_only_within_its_dates_inclusive() {
    let c = corona();
    assert!(!c.is_active(date(2020, 3, 1)));
    assert!(c.is_active(date(2020, 3, 2)));
    assert!(c.is_active(date(2023, 6, 21)));
    assert!(!c.is_active(date(2023, 6, 22)));
    let open = Category {
        active_from: None,
        active_until: None,
        ..c
    };
    assert!(open.is_active(date(1990, 1, 1)) && open.is_active(date(2100, 1, 1)));
}

#[test]
fn an_edit_changes_only_what_it_names_and_refuses_a_backwards_period() {
    let c = corona();
    let reopened = CategoryChanges {
        active_until: Some(None),
        sensitive: Some(true),
        ..Default::default()
    }
    .apply(&c)
    .unwrap();
    assert_eq!(reopened.active_until, None);
    assert_eq!(reopened.active_from, c.active_from);
    assert!(reopened.sensitive);
    assert_eq!(reopened.name, "CORONA VIRUS");

    let backwards = CategoryChanges {
        active_until: Some(Some(date(2019, 12, 31))),
        ..Default::default()
    }
    .apply(&c);
    assert_eq!(
        backwards,
        Err(DirectoryError::ActivePeriod {
            from: date(2020, 3, 2),
            until: date(2019, 12, 31)
        })
    );
    let blank = CategoryChanges {
        name: Some("  ".into()),
        ..Default::default()
    }
    .apply(&c);
    assert_eq!(blank, Err(DirectoryError::BlankName));
    assert!(CategoryChanges::default().is_empty());
}
