//! `aduan partner`: the national admin's partner register from the command line (add a
//! partner, list partners and their keys, issue, rotate and revoke keys), through the same use
//! cases as the API and the back office; each change is audited as by `cli`.

use crate::backend::open_store_keyed;
use crate::serve::app_state;
use crate::settings::Settings;
use aduan_app::partners::admin::{self, PartnerInput, PartnerView};
use clap::Subcommand;
use std::process::ExitCode;

const ACTOR: &str = "cli";

/// What to do with partners.
#[derive(Debug, Subcommand)]
pub enum PartnerCommand {
    /// Add a partner system; its reports carry the channel `api:<SLUG>`.
    Add {
        /// Its name in the channel: 1–40 of a-z, 0-9, - and _.
        slug: String,
        /// Its name in words.
        #[arg(long)]
        name: String,
        /// An agency (slug) it may file for; repeat for more.
        #[arg(long = "agency")]
        agencies: Vec<String>,
        /// A region (Kemendagri code: 35, 35.78) it may file for; repeat for more.
        #[arg(long = "region")]
        regions: Vec<String>,
    },
    /// List partners, their webhooks and keys (never the keys themselves).
    List,
    /// Issue a key for a partner (printed once); its other keys keep working.
    Key {
        /// The partner.
        slug: String,
        /// Rotate: the partner's other keys stop after `[partners] key_overlap_hours`.
        #[arg(long)]
        rotate: bool,
    },
    /// Revoke one of a partner's keys at once.
    Revoke {
        /// The partner.
        slug: String,
        /// The key's id (from `aduan partner list`).
        id: i64,
    },
}

fn print(p: &PartnerView) {
    println!(
        "{}\t{}\t{}\tagencies: {}\tregions: {}\twebhook: {}",
        p.slug,
        p.channel,
        p.name,
        p.agencies.join(","),
        p.regions.join(","),
        p.webhook_url.as_deref().unwrap_or("-")
    );
    for k in &p.keys {
        let state = match (k.valid, k.revoked_at, k.expires_at) {
            (_, Some(at), _) => format!("revoked {at}"),
            (true, None, Some(at)) => format!("valid until {at}"),
            (true, None, None) => "valid".to_owned(),
            (false, None, Some(at)) => format!("expired {at}"),
            (false, None, None) => "invalid".to_owned(),
        };
        let used = k
            .last_used_at
            .map_or_else(|| "never used".to_owned(), |at| format!("last used {at}"));
        println!("  key {}\t{}…\t{state}\t{used}", k.id, k.prefix);
    }
}

/// Runs a `partner` subcommand.
pub async fn run(command: PartnerCommand, settings: &Settings) -> anyhow::Result<ExitCode> {
    let (store, ring) = open_store_keyed(settings, true).await?;
    let now = aduan_domain::TimeSource::now(&crate::serve::SystemTimeSource);
    let calendar = crate::holidays::load(store.as_ref(), now).await?;
    let state = app_state(settings, store, calendar, &ring)?;
    match command {
        PartnerCommand::Add {
            slug,
            name,
            agencies,
            regions,
        } => {
            let input = PartnerInput {
                slug,
                name,
                agencies,
                regions,
            };
            let added = admin::add(&state, ACTOR, input).await.map_err(explain)?;
            print(&added);
        }
        PartnerCommand::List => {
            for p in admin::list(&state).await.map_err(explain)? {
                print(&p);
            }
        }
        PartnerCommand::Key { slug, rotate } => {
            let issued = admin::issue_key(&state, ACTOR, &slug, rotate)
                .await
                .map_err(explain)?;
            println!("{}", issued.key);
            eprintln!(
                "aduan: key {} issued for {slug}; it is shown only now{}",
                issued.listed.id,
                issued
                    .others_expire_at
                    .map(|at| format!("; the earlier keys stop at {at}"))
                    .unwrap_or_default()
            );
        }
        PartnerCommand::Revoke { slug, id } => {
            admin::revoke_key(&state, ACTOR, &slug, id)
                .await
                .map_err(explain)?;
            println!("key {id} of {slug} revoked");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A use case's refusal in words, with the fields it names.
fn explain(e: aduan_app::error::AppError) -> anyhow::Error {
    match &e {
        aduan_app::error::AppError::Validation(fields) => {
            let list: Vec<String> = fields.iter().map(|(f, c)| format!("{f}: {c}")).collect();
            anyhow::anyhow!("{e}: {}", list.join(", "))
        }
        _ => anyhow::anyhow!("{e}"),
    }
}
