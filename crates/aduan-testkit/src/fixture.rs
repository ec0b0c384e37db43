//! The directory and accounts every API test starts with.

use aduan_domain::actor::{Role, SupervisorBody};
use aduan_domain::directory::{Agency, AgencyKind, Category, Unit};
use aduan_domain::workdays::Zone;
use aduan_domain::{AgencyId, CategoryId, UnitId};
use aduan_store::{DirectoryBatch, NewUser, Store};
use chrono::{DateTime, NaiveDate, Utc};

fn agency(id: &str, name: &str, kind: AgencyKind, region: Option<&str>, zone: Zone) -> Agency {
    Agency {
        id: AgencyId::new(id),
        name: name.into(),
        abbreviation: None,
        kind,
        region_code: region.map(str::to_owned),
        parent: None,
        zone,
        connected: true,
        integrated: false,
        source: Some("test fixture".into()),
    }
}

fn unit(id: &str, agency: &str, parent: Option<&str>, name: &str, inspectorate: bool) -> Unit {
    Unit {
        id: UnitId::new(id),
        agency: AgencyId::new(agency),
        parent: parent.map(UnitId::new),
        name: name.into(),
        inspectorate,
    }
}

fn category(
    id: &str,
    name: &str,
    parent: Option<&str>,
    sensitive: bool,
    until: Option<NaiveDate>,
) -> Category {
    Category {
        id: CategoryId::new(id),
        name: name.into(),
        parent: parent.map(CategoryId::new),
        sensitive,
        active_from: None,
        active_until: until,
    }
}

/// Two cities (one with a unit tree and an inspectorate), a ministry, and categories.
pub fn directory() -> DirectoryBatch {
    DirectoryBatch {
        agencies: vec![
            agency(
                "kota-surabaya",
                "Kota Surabaya",
                AgencyKind::Kota,
                Some("35.78"),
                Zone::Wib,
            ),
            agency(
                "kota-makassar",
                "Kota Makassar",
                AgencyKind::Kota,
                Some("73.71"),
                Zone::Wita,
            ),
            agency(
                "kementerian-kesehatan",
                "Kementerian Kesehatan",
                AgencyKind::Kementerian,
                None,
                Zone::Wib,
            ),
        ],
        units: vec![
            unit(
                "kota-surabaya/inspektorat",
                "kota-surabaya",
                None,
                "Inspektorat",
                true,
            ),
            unit(
                "kota-surabaya/dinas-pu",
                "kota-surabaya",
                None,
                "Dinas Pekerjaan Umum",
                false,
            ),
            unit(
                "kota-surabaya/dinas-pu/bidang-jalan",
                "kota-surabaya",
                Some("kota-surabaya/dinas-pu"),
                "Bidang Jalan",
                false,
            ),
            unit(
                "kota-surabaya/dinas-kesehatan",
                "kota-surabaya",
                None,
                "Dinas Kesehatan",
                false,
            ),
            unit(
                "kota-makassar/dinas-pu",
                "kota-makassar",
                None,
                "Dinas Pekerjaan Umum",
                false,
            ),
        ],
        categories: vec![
            category("infrastruktur", "INFRASTRUKTUR", None, false, None),
            category(
                "infrastruktur/jalan",
                "JALAN",
                Some("infrastruktur"),
                false,
                None,
            ),
            category("kekerasan-seksual", "KEKERASAN SEKSUAL", None, true, None),
            category(
                "corona-virus",
                "CORONA VIRUS",
                None,
                false,
                NaiveDate::from_ymd_opt(2023, 6, 21),
            ),
        ],
    }
}

/// A test account: key, role, agency, unit, body.
type Account = (
    &'static str,
    Role,
    Option<&'static str>,
    Option<&'static str>,
    Option<SupervisorBody>,
);

/// Test accounts. Every password is `rahasia-<key>`.
pub const ACCOUNTS: &[Account] = &[
    ("national", Role::NationalAdmin, None, None, None),
    (
        "surabaya",
        Role::AgencyAdmin,
        Some("kota-surabaya"),
        None,
        None,
    ),
    (
        "makassar",
        Role::AgencyAdmin,
        Some("kota-makassar"),
        None,
        None,
    ),
    (
        "dinas-pu",
        Role::UnitOfficer,
        Some("kota-surabaya"),
        Some("kota-surabaya/dinas-pu"),
        None,
    ),
    (
        "bidang-jalan",
        Role::UnitOfficer,
        Some("kota-surabaya"),
        Some("kota-surabaya/dinas-pu/bidang-jalan"),
        None,
    ),
    (
        "dinkes",
        Role::UnitOfficer,
        Some("kota-surabaya"),
        Some("kota-surabaya/dinas-kesehatan"),
        None,
    ),
    (
        "ombudsman",
        Role::Supervisor,
        None,
        None,
        Some(SupervisorBody::Ombudsman),
    ),
    (
        "ksp",
        Role::Supervisor,
        None,
        None,
        Some(SupervisorBody::Ksp),
    ),
    ("citizen", Role::Citizen, None, None, None),
];

/// Loads the directory and creates the accounts.
pub async fn seed(store: &dyn Store, at: DateTime<Utc>) {
    store
        .import_directory(&directory(), "test", "test", at)
        .await
        .unwrap();
    let mut rng = rand::rng();
    for (key, role, agency, unit, body) in ACCOUNTS {
        let hash =
            aduan_domain::password::hash_password(&format!("rahasia-{key}"), &mut rng).unwrap();
        let user = NewUser {
            name: format!("Akun {key}"),
            email: Some(format!("{key}@uji.go.id")),
            phone: None,
            nik: None,
            password_hash: Some(hash),
            role: *role,
            agency: agency.map(AgencyId::new),
            unit: unit.map(UnitId::new),
            body: *body,
        };
        store.create_user(&user, "test", at).await.unwrap();
    }
}
