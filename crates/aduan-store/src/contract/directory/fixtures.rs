//! The sample directory the contract cases share.

use crate::{DirectoryBatch, UpsertCounts};
use aduan_domain::directory::{Agency, AgencyKind, Category, Unit};
use aduan_domain::workdays::Zone;
use aduan_domain::{AgencyId, CategoryId, UnitId};
use chrono::NaiveDate;

pub(super) fn agency(
    id: &str,
    kind: AgencyKind,
    name: &str,
    parent: Option<&str>,
    zone: Zone,
) -> Agency {
    Agency {
        id: AgencyId::new(id),
        name: name.into(),
        abbreviation: None,
        kind,
        region_code: None,
        parent: parent.map(AgencyId::new),
        zone,
        connected: false,
        integrated: false,
        source: Some("contract fixture".into()),
    }
}

pub(super) fn unit(id: &str, parent: Option<&str>, name: &str, inspectorate: bool) -> Unit {
    Unit {
        id: UnitId::new(id),
        agency: AgencyId::new(id.split('/').next().unwrap()),
        parent: parent.map(UnitId::new),
        name: name.into(),
        inspectorate,
    }
}

pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub(super) fn category(id: &str, name: &str, sensitive: bool) -> Category {
    Category {
        id: CategoryId::new(id),
        name: name.into(),
        parent: id.rsplit_once('/').map(|(p, _)| CategoryId::new(p)),
        sensitive,
        active_from: None,
        active_until: None,
    }
}

/// Two provinces, three regional governments, a ministry; a unit tree three deep; categories.
pub(super) fn sample_batch() -> DirectoryBatch {
    let mut kemenkes = agency(
        "kementerian-kesehatan",
        AgencyKind::Kementerian,
        "Kementerian Kesehatan",
        None,
        Zone::Wib,
    );
    kemenkes.abbreviation = Some("Kemenkes".into());
    let mut surabaya = agency(
        "kota-surabaya",
        AgencyKind::Kota,
        "Kota Surabaya",
        Some("provinsi-jawa-timur"),
        Zone::Wib,
    );
    surabaya.region_code = Some("35.78".into());
    let mut corona = category("corona-virus", "CORONA VIRUS", false);
    corona.active_from = Some(date(2020, 3, 2));
    corona.active_until = Some(date(2023, 6, 21));
    DirectoryBatch {
        agencies: vec![
            // A child before its parent: the import orders them.
            surabaya,
            agency(
                "provinsi-jawa-timur",
                AgencyKind::Provinsi,
                "Provinsi Jawa Timur",
                None,
                Zone::Wib,
            ),
            agency(
                "kabupaten-tangerang",
                AgencyKind::Kabupaten,
                "Kabupaten Tangerang",
                Some("provinsi-banten"),
                Zone::Wib,
            ),
            agency(
                "provinsi-banten",
                AgencyKind::Provinsi,
                "Provinsi Banten",
                None,
                Zone::Wib,
            ),
            agency(
                "kota-makassar",
                AgencyKind::Kota,
                "Kota Makassar",
                None,
                Zone::Wita,
            ),
            kemenkes,
        ],
        units: vec![
            unit("kota-surabaya/inspektorat", None, "Inspektorat", true),
            unit(
                "kota-surabaya/dinas-sdabm/bidang-jalan/seksi-pemeliharaan",
                Some("kota-surabaya/dinas-sdabm/bidang-jalan"),
                "Seksi Pemeliharaan Jalan",
                false,
            ),
            unit(
                "kota-surabaya/dinas-sdabm",
                None,
                "Dinas Sumber Daya Air dan Bina Marga",
                false,
            ),
            unit(
                "kota-surabaya/dinas-sdabm/bidang-jalan",
                Some("kota-surabaya/dinas-sdabm"),
                "Bidang Jalan dan Jembatan",
                false,
            ),
            unit(
                "kabupaten-tangerang/dinas-pendidikan",
                None,
                "Dinas Pendidikan",
                false,
            ),
        ],
        categories: vec![
            category(
                "kesetaraan-gender-dan-sosial-inklusif/pelecehan-seksual",
                "PELECEHAN SEKSUAL",
                true,
            ),
            category(
                "kesetaraan-gender-dan-sosial-inklusif",
                "KESETARAAN GENDER DAN SOSIAL INKLUSIF",
                false,
            ),
            corona,
        ],
    }
}

pub(super) fn counts(inserted: u64, updated: u64, unchanged: u64) -> UpsertCounts {
    UpsertCounts {
        inserted,
        updated,
        unchanged,
    }
}
