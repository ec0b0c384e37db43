//! `aduan user add | list | disable | enable | set-password | reset-second-factor`: staff and
//! citizen accounts from the command line, the only place national admins and supervisors are
//! made and changed where the deployment keeps them to the server (`approvers_from_cli`).

use crate::backend::open_store;
use crate::settings::Settings;
use aduan_domain::actor::{Role, SupervisorBody};
use aduan_domain::contact::{Email, PhoneNumber};
use aduan_domain::password::hash_password;
use aduan_domain::{AgencyId, UnitId, UserId};
use aduan_store::{NewUser, Store};
use anyhow::{Context, bail};
use chrono::Utc;
use clap::Subcommand;
use std::io::Read;

/// Account commands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; the password is read from standard input.
    Add {
        /// E-mail address (this and/or --phone).
        #[arg(long)]
        email: Option<String>,
        /// Phone number (this and/or --email).
        #[arg(long)]
        phone: Option<String>,
        /// Full name.
        #[arg(long)]
        name: String,
        /// citizen, national_admin, agency_admin, unit_officer or supervisor.
        #[arg(long)]
        role: String,
        /// The agency (agency_admin, unit_officer).
        #[arg(long)]
        agency: Option<String>,
        /// The unit (unit_officer).
        #[arg(long)]
        unit: Option<String>,
        /// ombudsman, ksp or kemendagri (supervisor).
        #[arg(long)]
        body: Option<String>,
        /// Read the password from standard input (required: never on the command line).
        #[arg(long)]
        password_stdin: bool,
    },
    /// List every account.
    List,
    /// Disable an account (by id, e-mail or phone) and end its sessions.
    Disable {
        /// Id, e-mail or phone.
        who: String,
    },
    /// Enable a disabled account.
    Enable {
        /// Id, e-mail or phone.
        who: String,
    },
    /// Turn off an account's second factor (its owner lost both the authenticator and the
    /// recovery codes): audited; the owner sets a new one up after logging in.
    ResetSecondFactor {
        /// Id, e-mail or phone.
        who: String,
    },
    /// Set an account's password (read from standard input) and end its sessions: audited.
    SetPassword {
        /// Id, e-mail or phone.
        who: String,
        /// Read the password from standard input (required: never on the command line).
        #[arg(long)]
        password_stdin: bool,
    },
}

/// The password given on standard input (with `--password-stdin`), hashed.
fn password_from_stdin(password_stdin: bool) -> anyhow::Result<String> {
    if !password_stdin {
        bail!("give the password on standard input with --password-stdin");
    }
    let mut password = String::new();
    std::io::stdin()
        .read_to_string(&mut password)
        .context("reading the password")?;
    let password = password.trim_end_matches(['\r', '\n']);
    if password.chars().count() < 8 {
        bail!("the password must have at least 8 characters");
    }
    Ok(hash_password(password, &mut rand::rng())?)
}

/// Runs an account command.
pub async fn run(settings: &Settings, command: UserCommand) -> anyhow::Result<()> {
    let store = open_store(settings, true).await?;
    match command {
        UserCommand::Add {
            email,
            phone,
            name,
            role,
            agency,
            unit,
            body,
            password_stdin,
        } => {
            let user = new_user(
                store.as_ref(),
                email,
                phone,
                name,
                &role,
                agency,
                unit,
                body,
            )
            .await?;
            let hash = password_from_stdin(password_stdin)?;
            let created = store
                .create_user(
                    &NewUser {
                        password_hash: Some(hash),
                        ..user
                    },
                    "cli",
                    Utc::now(),
                )
                .await?;
            println!(
                "created account {} ({}) {}",
                created.id,
                created.role,
                created.email.or(created.phone).unwrap_or_default()
            );
        }
        UserCommand::List => {
            println!(
                "{:>5}  {:<14} {:<8} {:<32} {:<28} name",
                "id", "role", "status", "login", "scope"
            );
            for u in store.list_users().await? {
                let scope = [
                    u.agency.map(|a| a.to_string()),
                    u.unit.map(|a| a.to_string()),
                    u.body.map(|b| b.to_string()),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
                let status = if u.disabled { "disabled" } else { "active" };
                let login = u.email.or(u.phone).unwrap_or_default();
                println!(
                    "{:>5}  {:<14} {:<8} {:<32} {:<28} {}",
                    u.id,
                    u.role.as_str(),
                    status,
                    login,
                    scope,
                    u.name
                );
            }
        }
        UserCommand::Disable { who }
        | UserCommand::Enable { who }
        | UserCommand::ResetSecondFactor { who }
        | UserCommand::SetPassword { who, .. }
            if who.is_empty() =>
        {
            bail!("name an account")
        }
        UserCommand::Disable { who } => {
            let id = find(store.as_ref(), &who).await?;
            // Disabling ends every session of the account in the same transaction.
            store.set_user_disabled(id, true, "cli", Utc::now()).await?;
            println!("disabled account {id}; its sessions have ended");
        }
        UserCommand::Enable { who } => {
            let id = find(store.as_ref(), &who).await?;
            store
                .set_user_disabled(id, false, "cli", Utc::now())
                .await?;
            println!("enabled account {id}");
        }
        UserCommand::SetPassword {
            who,
            password_stdin,
        } => {
            let id = find(store.as_ref(), &who).await?;
            let hash = password_from_stdin(password_stdin)?;
            store
                .set_user_password(id, &hash, "cli", Utc::now())
                .await?;
            println!("set the password of account {id}; its sessions have ended");
        }
        UserCommand::ResetSecondFactor { who } => {
            let id = find(store.as_ref(), &who).await?;
            if store.remove_second_factor(id, "cli", Utc::now()).await? {
                println!(
                    "turned off the second factor of account {id}; no session counts as having passed it"
                );
            } else {
                println!("account {id} has no second factor");
            }
        }
    }
    Ok(())
}

async fn find(store: &dyn Store, who: &str) -> anyhow::Result<UserId> {
    if let Ok(id) = who.parse::<i64>() {
        return Ok(UserId(id));
    }
    let phone = PhoneNumber::parse(who)
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let found = match store.find_user_by_login(who).await? {
        Some(u) => Some(u),
        None => store.find_user_by_login(&phone).await?,
    };
    found
        .map(|u| u.id)
        .with_context(|| format!("no account {who}"))
}

/// Checks the role's scope against the directory.
#[allow(clippy::too_many_arguments)]
async fn new_user(
    store: &dyn Store,
    email: Option<String>,
    phone: Option<String>,
    name: String,
    role: &str,
    agency: Option<String>,
    unit: Option<String>,
    body: Option<String>,
) -> anyhow::Result<NewUser> {
    let role = Role::parse(role)
        .filter(|r| matches!(r, Role::Citizen | Role::NationalAdmin | Role::AgencyAdmin | Role::UnitOfficer | Role::Supervisor))
        .with_context(|| format!("unknown role {role}: citizen, national_admin, agency_admin, unit_officer or supervisor"))?;
    let email = email
        .map(|e| Email::parse(&e).map(|e| e.as_str().to_owned()))
        .transpose()?;
    let phone = phone
        .map(|p| PhoneNumber::parse(&p).map(|p| p.as_str().to_owned()))
        .transpose()?;
    if email.is_none() && phone.is_none() {
        bail!("give --email or --phone");
    }
    let agency = agency.map(AgencyId::new);
    let unit = unit.map(UnitId::new);
    let body = body
        .map(|b| {
            SupervisorBody::parse(&b)
                .with_context(|| format!("unknown body {b}: ombudsman, ksp or kemendagri"))
        })
        .transpose()?;
    match role {
        Role::AgencyAdmin | Role::UnitOfficer => {
            let a = agency
                .as_ref()
                .context("--agency is required for this role")?;
            store
                .get_agency(a)
                .await?
                .with_context(|| format!("no agency {a} in the directory"))?;
        }
        Role::Supervisor if body.is_none() => bail!("--body is required for a supervisor"),
        _ => {}
    }
    if role == Role::UnitOfficer {
        let u = unit
            .as_ref()
            .context("--unit is required for a unit officer")?;
        let found = store
            .get_unit(u)
            .await?
            .with_context(|| format!("no unit {u} in the directory"))?;
        if Some(&found.agency) != agency.as_ref() {
            bail!(
                "unit {u} belongs to {}, not to the given agency",
                found.agency
            );
        }
    }
    Ok(NewUser {
        name,
        email,
        phone,
        nik: None,
        password_hash: None,
        role,
        agency: agency.filter(|_| matches!(role, Role::AgencyAdmin | Role::UnitOfficer)),
        unit: unit.filter(|_| role == Role::UnitOfficer),
        body: body.filter(|_| role == Role::Supervisor),
    })
}
