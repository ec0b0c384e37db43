//! The demo a newcomer runs: `aduan demo` loads, `aduan serve --demo` loads and serves.
//! On an empty data dir it loads the directory, a few hundred generated reports and the demo
//! accounts listed in README.md; on a data dir that has them already it changes nothing.

use aduan_directory::ensure_loaded;
use aduan_domain::actor::{Role, SupervisorBody};
use aduan_domain::password::hash_password;
use aduan_domain::{AgencyId, UnitId};
use aduan_gen::{GenConfig, Generator, World};
use aduan_store::{ListScope, NewUser, ReportFilter, Store};
use anyhow::Context;
use chrono::{DateTime, Utc};

/// A demo account: login, password, name, role, agency, unit, body.
pub struct DemoAccount {
    /// E-mail login.
    pub email: &'static str,
    /// Password (a demo: printed and documented).
    pub password: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Role.
    pub role: Role,
    /// Agency scope.
    pub agency: Option<&'static str>,
    /// Unit scope.
    pub unit: Option<&'static str>,
    /// Oversight body.
    pub body: Option<SupervisorBody>,
}

const fn account(
    email: &'static str,
    password: &'static str,
    name: &'static str,
    role: Role,
    agency: Option<&'static str>,
    unit: Option<&'static str>,
    body: Option<SupervisorBody>,
) -> DemoAccount {
    DemoAccount {
        email,
        password,
        name,
        role,
        agency,
        unit,
        body,
    }
}

/// The demo accounts; README.md lists the same.
pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    account(
        "admin@demo.aduan.id",
        "demo-nasional",
        "Admin Nasional",
        Role::NationalAdmin,
        None,
        None,
        None,
    ),
    account(
        "surabaya@demo.aduan.id",
        "demo-surabaya",
        "Admin Kota Surabaya",
        Role::AgencyAdmin,
        Some("kota-surabaya"),
        None,
        None,
    ),
    account(
        "tangerang@demo.aduan.id",
        "demo-tangerang",
        "Admin Kabupaten Tangerang",
        Role::AgencyAdmin,
        Some("kabupaten-tangerang"),
        None,
        None,
    ),
    account(
        "kemenkes@demo.aduan.id",
        "demo-kemenkes",
        "Admin Kementerian Kesehatan",
        Role::AgencyAdmin,
        Some("kementerian-kesehatan"),
        None,
        None,
    ),
    account(
        "binamarga@demo.aduan.id",
        "demo-binamarga",
        "Petugas Dinas SDA dan Bina Marga Surabaya",
        Role::UnitOfficer,
        Some("kota-surabaya"),
        Some("kota-surabaya/dinas-sumber-daya-air-dan-bina-marga"),
        None,
    ),
    account(
        "ombudsman@demo.aduan.id",
        "demo-ombudsman",
        "Asisten Ombudsman RI",
        Role::Supervisor,
        None,
        None,
        Some(SupervisorBody::Ombudsman),
    ),
    account(
        "warga@demo.aduan.id",
        "demo-warga",
        "Warga Demo",
        Role::Citizen,
        None,
        None,
        None,
    ),
];

/// How many generated reports the demo holds.
pub const DEMO_REPORTS: u64 = 400;

/// What loading did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DemoLoad {
    /// Accounts created now.
    pub accounts: usize,
    /// Reports generated now.
    pub reports: u64,
}

/// Loads whatever of the demo is missing.
pub async fn load(store: &dyn Store, now: DateTime<Utc>) -> anyhow::Result<DemoLoad> {
    ensure_loaded(store, now)
        .await
        .context("loading the directory")?;
    let mut done = DemoLoad::default();
    let mut rng = rand::rng();
    for a in DEMO_ACCOUNTS {
        if store.find_user_by_login(a.email).await?.is_some() {
            continue;
        }
        let user = NewUser {
            name: a.name.into(),
            email: Some(a.email.into()),
            phone: None,
            nik: None,
            password_hash: Some(hash_password(a.password, &mut rng)?),
            role: a.role,
            agency: a.agency.map(AgencyId::new),
            unit: a.unit.map(UnitId::new),
            body: a.body,
        };
        store.create_user(&user, "demo", now).await?;
        done.accounts += 1;
    }
    let any = store
        .list_reports(&ListScope::All, &ReportFilter::default(), None, 1)
        .await?;
    if any.is_empty() {
        let config = GenConfig {
            reports: DEMO_REPORTS,
            seed: 2026,
            until: now.date_naive(),
            since: None,
        };
        let generator = Generator::new(World::builtin().context("reading the directory")?, config)?;
        let histories = generator.reports(0..DEMO_REPORTS)?;
        store
            .insert_histories(&histories, &generator.world.calendar)
            .await
            .context("writing the demo reports")?;
        done.reports = DEMO_REPORTS;
    }
    Ok(done)
}

/// The lines that tell a newcomer where to go and how to log in.
pub fn banner(url: &str) -> String {
    let mut out = format!("\nAduan demo: buka {url}  (open {url})\nAkun demo / demo accounts:\n");
    for a in DEMO_ACCOUNTS {
        let scope = a
            .unit
            .or(a.agency)
            .map(|s| format!(" [{s}]"))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {:<26} {:<16} {}{}\n",
            a.email,
            a.password,
            a.role.as_str(),
            scope
        ));
    }
    out
}
