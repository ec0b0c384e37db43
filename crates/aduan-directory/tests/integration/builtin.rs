//! Spot checks of the built-in agencies and units.

use aduan_directory::builtin;
use aduan_domain::directory::{Agency, AgencyKind, agency_slug};
use aduan_domain::workdays::Zone;
use std::collections::{HashMap, HashSet};

fn agencies() -> HashMap<String, Agency> {
    builtin()
        .unwrap()
        .agencies
        .into_iter()
        .map(|a| (a.id.to_string(), a))
        .collect()
}

#[test]
fn the_directory_has_552_regional_governments_of_which_38_are_provinces() {
    let all = builtin().unwrap().agencies;
    let count = |k: AgencyKind| all.iter().filter(|a| a.kind == k).count();
    assert_eq!(all.iter().filter(|a| a.kind.is_regional()).count(), 552);
    assert_eq!(count(AgencyKind::Provinsi), 38);
    assert_eq!(count(AgencyKind::Kabupaten) + count(AgencyKind::Kota), 514);
    let ids: HashSet<&str> = all.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids.len(), all.len(), "ids are unique across the directory");
}

#[test]
fn regions_have_their_province_zone_and_kemendagri_code() {
    let all = agencies();
    let cases = [
        ("kota-surabaya", "provinsi-jawa-timur", Zone::Wib, "35.78"),
        ("kabupaten-tangerang", "provinsi-banten", Zone::Wib, "36.03"),
        (
            "kota-administrasi-jakarta-selatan",
            "provinsi-dki-jakarta",
            Zone::Wib,
            "31.74",
        ),
        ("kota-banda-aceh", "provinsi-aceh", Zone::Wib, "11.71"),
        (
            "kota-pontianak",
            "provinsi-kalimantan-barat",
            Zone::Wib,
            "61.71",
        ),
        (
            "kota-makassar",
            "provinsi-sulawesi-selatan",
            Zone::Wita,
            "73.71",
        ),
        ("kota-denpasar", "provinsi-bali", Zone::Wita, "51.71"),
        ("kabupaten-badung", "provinsi-bali", Zone::Wita, "51.03"),
        (
            "kota-mataram",
            "provinsi-nusa-tenggara-barat",
            Zone::Wita,
            "52.71",
        ),
        (
            "kota-balikpapan",
            "provinsi-kalimantan-timur",
            Zone::Wita,
            "64.71",
        ),
        ("kota-jayapura", "provinsi-papua", Zone::Wit, "91.71"),
        (
            "kabupaten-merauke",
            "provinsi-papua-selatan",
            Zone::Wit,
            "93.01",
        ),
        (
            "kabupaten-mimika",
            "provinsi-papua-tengah",
            Zone::Wit,
            "94.04",
        ),
        (
            "kota-sorong",
            "provinsi-papua-barat-daya",
            Zone::Wit,
            "96.71",
        ),
        ("kota-ambon", "provinsi-maluku", Zone::Wit, "81.71"),
    ];
    for (id, province, zone, code) in cases {
        let a = &all[id];
        assert_eq!(
            a.parent.as_ref().map(|p| p.as_str()),
            Some(province),
            "{id}"
        );
        assert_eq!(a.zone, zone, "{id}");
        assert_eq!(a.region_code.as_deref(), Some(code), "{id}");
        let p = &all[province];
        assert_eq!(
            (p.kind, p.zone, p.parent.as_ref()),
            (AgencyKind::Provinsi, zone, None)
        );
    }
    assert_eq!(all["provinsi-dki-jakarta"].name, "Provinsi DKI Jakarta");
    assert_eq!(
        all["provinsi-jawa-timur"].region_code.as_deref(),
        Some("35")
    );
    assert_eq!(all["kota-surabaya"].kind, AgencyKind::Kota);
    assert_eq!(all["kabupaten-tangerang"].kind, AgencyKind::Kabupaten);
}

#[test]
fn the_cabinets_ministries_are_listed_by_name_with_their_source() {
    let all = agencies();
    let ministries: Vec<&Agency> = all
        .values()
        .filter(|a| a.kind == AgencyKind::Kementerian)
        .collect();
    assert_eq!(
        ministries.len(),
        48,
        "48 formed in 2024, BUMN became a badan, Haji added"
    );
    let names: HashSet<&str> = ministries.iter().map(|a| a.name.as_str()).collect();
    for name in [
        "Kementerian Koordinator Bidang Politik dan Keamanan",
        "Kementerian Koordinator Bidang Pangan",
        "Kementerian Dalam Negeri",
        "Kementerian Keuangan",
        "Kementerian Kesehatan",
        "Kementerian Pendidikan Dasar dan Menengah",
        "Kementerian Pendidikan Tinggi, Sains, dan Teknologi",
        "Kementerian Agama",
        "Kementerian Sosial",
        "Kementerian Hukum",
        "Kementerian Imigrasi dan Pemasyarakatan",
        "Kementerian Perhubungan",
        "Kementerian Komunikasi dan Digital",
        "Kementerian Agraria dan Tata Ruang/Badan Pertanahan Nasional",
        "Kementerian Haji dan Umrah",
    ] {
        assert!(names.contains(name), "{name}");
    }
    assert!(!names.contains("Kementerian Badan Usaha Milik Negara"));
    assert_eq!(
        all["badan-pengaturan-badan-usaha-milik-negara"].kind,
        AgencyKind::Lembaga
    );
    assert!(
        all["kementerian-haji-dan-umrah"]
            .source
            .as_deref()
            .unwrap()
            .contains("Perpres 92/2025")
    );
    assert_eq!(
        all["kementerian-kesehatan"].abbreviation.as_deref(),
        Some("Kemenkes")
    );
}

#[test]
fn the_agencies_citizens_complain_to_most_are_listed() {
    let all = agencies();
    for id in [
        "bpjs-kesehatan",
        "bpjs-ketenagakerjaan",
        "kepolisian-negara-republik-indonesia",
        "kejaksaan-agung-republik-indonesia",
        "badan-pengawas-obat-dan-makanan",
        "badan-meteorologi-klimatologi-dan-geofisika",
        "badan-narkotika-nasional",
        "badan-kepegawaian-negara",
        "otoritas-jasa-keuangan",
        "badan-gizi-nasional",
        "badan-pusat-statistik",
        "badan-nasional-pencarian-dan-pertolongan",
        "badan-nasional-penanggulangan-bencana",
    ] {
        assert_eq!(all[id].kind, AgencyKind::Lembaga, "{id}");
    }
    assert!(
        !all.values().any(|a| a.name.contains("Ombudsman")),
        "a supervisor, not an agency"
    );
    assert_eq!(all["pt-pln-persero"].kind, AgencyKind::Other);
}

#[test]
fn national_agencies_run_on_wib_and_name_their_source() {
    for a in agencies().values().filter(|a| !a.kind.is_regional()) {
        assert_eq!(a.zone, Zone::Wib, "{}", a.id);
        assert!(a.source.as_deref().is_some_and(|s| s.len() > 5), "{}", a.id);
        assert_eq!(a.parent, None, "{}", a.id);
    }
}

#[test]
fn slugs_are_stable_and_follow_the_slug_rule() {
    let all = agencies();
    for id in [
        "kabupaten-tangerang",
        "kota-surabaya",
        "kementerian-kesehatan",
        "provinsi-dki-jakarta",
        "provinsi-daerah-istimewa-yogyakarta",
        "kementerian-agraria-dan-tata-ruang",
        "bpjs-kesehatan",
    ] {
        assert!(all.contains_key(id), "{id}");
    }
    for a in all.values() {
        assert_eq!(a.id.as_str(), agency_slug(a.kind, &a.name), "{}", a.name);
    }
}

#[test]
fn units_form_trees_inside_their_agencies_with_inspectorates_for_the_demo_regions() {
    let d = builtin().unwrap();
    let agencies: HashSet<&str> = d.agencies.iter().map(|a| a.id.as_str()).collect();
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for u in &d.units {
        assert!(agencies.contains(u.agency.as_str()), "{}", u.id);
        if let Some(p) = &u.parent {
            assert_eq!(
                seen.get(p.as_str()),
                Some(&u.agency.as_str()),
                "{} after its parent",
                u.id
            );
        }
        seen.insert(u.id.as_str(), u.agency.as_str());
    }
    for region in [
        "kota-surabaya",
        "kabupaten-tangerang",
        "provinsi-dki-jakarta",
        "kota-makassar",
        "kota-jayapura",
    ] {
        let units: Vec<_> = d
            .units
            .iter()
            .filter(|u| u.agency.as_str() == region)
            .collect();
        assert_eq!(
            units.iter().filter(|u| u.inspectorate).count(),
            1,
            "{region}"
        );
        for name in [
            "Dinas Pendidikan",
            "Dinas Kesehatan",
            "Dinas Perhubungan",
            "Satuan Polisi Pamong Praja",
        ] {
            assert!(units.iter().any(|u| u.name == name), "{region}: {name}");
        }
        assert!(
            units.iter().any(|u| u.name.starts_with("Bidang ")),
            "{region} has bidang"
        );
    }
    let kelurahan = d
        .units
        .iter()
        .find(|u| u.id.as_str() == "kota-surabaya/kecamatan-tegalsari/kelurahan-kedungdoro")
        .unwrap();
    assert_eq!(
        kelurahan.parent.as_ref().unwrap().as_str(),
        "kota-surabaya/kecamatan-tegalsari"
    );
    assert!(
        d.units.iter().any(
            |u| u.id.as_str() == "kementerian-kesehatan/inspektorat-jenderal" && u.inspectorate
        )
    );
}
