//! Aduan's application layer: the use cases, as typed functions that every edge calls. Submit
//! a report from any channel, act on it, read it, its list, history, status card and files as a
//! given caller, intake on behalf, access recovery, accounts, the calendar, the figures, the
//! deadline scheduler's jobs and the notifications, with the views they answer.
//!
//! The edges (the JSON API in `aduan-web`, the pages, SMS, e-mail) are thin: each turns its
//! request into a call here and the answer or [`error::AppError`] (with its stable code) into
//! its own form. No HTTP framework is used here; visibility and the lifecycle come from
//! `aduan-domain`, storage from `aduan-store`.

pub mod accounts;
pub mod auth;
pub mod blob_sweep;
pub mod cache;
pub mod calendar;
pub mod deadlines;
pub mod error;
pub mod facts;
pub mod groups;
pub mod import;
pub mod input;
pub mod limiter;
pub mod lookup;
pub mod notify;
pub mod open311;
pub mod opendata;
pub mod operations;
pub mod page;
pub mod partners;
pub mod recovery;
pub mod reference;
pub mod registration;
pub mod reports;
pub mod scheduler;
pub mod search;
pub mod second_factor;
pub mod stats;
pub mod triage;
pub mod uploads;
pub mod view;

use aduan_domain::TimeSource;
use aduan_domain::workdays::WorkCalendar;
use aduan_store::{SharedCalendar, Store};
use std::sync::Arc;

/// Settings of the service that the use cases read.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// How long a login session lasts, in hours.
    pub session_hours: i64,
    /// Mark the session cookie `Secure` (behind HTTPS) even when `public_url` does not say so.
    pub cookie_secure: bool,
    /// The address people reach the service at (`https://lapor.example.go.id`); empty when
    /// not set. When it is https, every cookie is `Secure` and HSTS is sent.
    pub public_url: String,
    /// Largest JSON body accepted, in bytes.
    pub max_json_bytes: usize,
    /// The working-day limits of each phase.
    pub sla: aduan_domain::sla::SlaLimits,
    /// The rate limiter's policies.
    pub limits: limiter::Limits,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<limiter::Cidr>,
    /// How long the statistics' answers are kept in memory, in seconds (0: counted on every
    /// request); each answer states when it was counted.
    pub figures_cache_seconds: u64,
    /// Partner systems' settings (`[partners]`).
    pub partners: partners::PartnerConfig,
    /// The public statistics' settings (`[stats]`).
    pub stats: stats::StatsConfig,
    /// Who approves a national admin's request to reveal an anonymous reporter's identity.
    pub reveal_approver: reports::reveal::Approver,
    /// Whether the accounts that may ask for or approve a reveal (national admins and
    /// supervisors) are made and changed only by the server's CLI, never in the back office.
    pub approvers_from_cli: bool,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            session_hours: 12,
            cookie_secure: false,
            public_url: String::new(),
            max_json_bytes: 64 * 1024,
            sla: Default::default(),
            limits: Default::default(),
            trusted_proxies: Vec::new(),
            figures_cache_seconds: 0,
            partners: Default::default(),
            stats: Default::default(),
            reveal_approver: Default::default(),
            approvers_from_cli: true,
        }
    }
}

impl AppConfig {
    /// Whether the service is reached over HTTPS, as `public_url` says.
    pub fn https(&self) -> bool {
        self.public_url
            .trim()
            .get(..8)
            .is_some_and(|p| p.eq_ignore_ascii_case("https://"))
    }

    /// Whether cookies are marked `Secure`: behind HTTPS, by `public_url` or `cookie_secure`.
    pub fn secure_cookies(&self) -> bool {
        self.cookie_secure || self.https()
    }
}

/// A read replica and the reference data read from it, kept apart from the primary's copy so
/// that a lagging replica never puts stale unit paths into the primary's visibility checks
/// (see [`cache::spawn_replica_polling`]).
#[derive(Clone)]
pub struct Replica {
    /// The replica.
    pub store: Arc<dyn Store>,
    /// The directory and categories as read from it.
    pub reference: cache::SharedReference,
}

impl Replica {
    /// The replica `store`, with an empty reference cache.
    pub fn new(store: Arc<dyn Store>) -> Replica {
        Replica {
            store,
            reference: Default::default(),
        }
    }
}

/// Where attachments go and how large they may be.
pub struct Attachments {
    /// The bytes.
    pub blobs: Arc<dyn aduan_attachments::BlobStore>,
    /// Size limits per kind.
    pub limits: aduan_attachments::Limits,
    /// How often the orphan sweep runs, and how old (in minutes) a blob no attachment records
    /// must be before it deletes it (see [`blob_sweep`]).
    pub orphan_sweep_minutes: u32,
    /// Where uploads are spooled as they arrive, and how many are handled at once.
    pub intake: uploads::Intake,
}

impl Attachments {
    /// `raw` with every file sealed at rest by the keyring's blob keys (the current key seals,
    /// every key opens): the blob store every instance serves through. `None` only for a
    /// keyring whose ids are not the keyring's own (never).
    pub fn sealed(
        raw: Arc<dyn aduan_attachments::BlobStore>,
        keyring: &aduan_store::Keyring,
    ) -> Option<Arc<aduan_attachments::SealedBlobStore>> {
        let keys = keyring
            .blob_keys()
            .into_iter()
            .map(|(id, key)| aduan_attachments::BlobSealKey::new(id, key))
            .collect::<Option<Vec<_>>>()?;
        aduan_attachments::SealedBlobStore::new(raw, keys).map(Arc::new)
    }
}

/// What every use case works with: the store, the time source, the calendar, settings,
/// attachment storage and the deployment key. Every edge holds one. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Arc<dyn Store>,
    /// A read replica of the database (`database_read_url`), if one is configured: public
    /// reads go there (see [`AppState::reads_for`]); everything else reads the primary.
    pub replica: Option<Replica>,
    /// The time source.
    pub clock: Arc<dyn TimeSource>,
    /// Working days: weekends plus national holidays and cuti bersama, as stored; swapped
    /// after an edit. Read it through [`AppState::calendar`].
    pub calendar: SharedCalendar,
    /// The directory and categories, kept in memory and dropped when edited (here or
    /// elsewhere: see [`cache`]). A fresh `Default` for each running service.
    pub reference: cache::SharedReference,
    /// The statistics' answers kept in memory (see [`stats::FiguresCache`]). A fresh
    /// `Default` for each running service.
    pub figures: Arc<stats::FiguresCache>,
    /// Settings.
    pub config: Arc<AppConfig>,
    /// Attachment storage.
    pub attachments: Arc<Attachments>,
    /// The triage models as loaded by this instance (see [`triage::cache`]). A fresh
    /// `Default` for each running service.
    pub triage: Arc<triage::cache::ModelCache>,
    /// Seals secrets (access codes) in outbox messages.
    pub deployment_key: Arc<aduan_store::DeploymentKey>,
}

impl AppState {
    /// The state the reads of `caller` run on: [`AppState::public_reads`] for a caller with no
    /// identity (no session, no access code), this state for everyone else, so that a reporter
    /// or a member of staff always reads the primary and sees their own writes at once.
    pub fn reads_for(&self, caller: &auth::Caller) -> AppState {
        if caller.is_anonymous() {
            self.public_reads()
        } else {
            self.clone()
        }
    }

    /// The state for reads that anyone may make and that may lag the primary by the
    /// replica's delay (the public feed, public report pages and JSON, statistics): this state
    /// with the read replica as its store when one is configured. Nothing may be written
    /// through it.
    pub fn public_reads(&self) -> AppState {
        match &self.replica {
            Some(replica) => AppState {
                store: replica.store.clone(),
                reference: replica.reference.clone(),
                replica: None,
                ..self.clone()
            },
            None => self.clone(),
        }
    }

    /// The working-day calendar in force now; an edit made later does not change it.
    pub fn calendar(&self) -> Arc<WorkCalendar> {
        self.calendar.get()
    }

    /// The directory's agencies and their names, from memory once read.
    pub async fn directory(&self) -> error::AppResult<Arc<cache::Directory>> {
        Ok(self.reference.directory(self.store.as_ref()).await?)
    }

    /// Every category, from memory once read.
    pub async fn categories(
        &self,
    ) -> error::AppResult<Arc<Vec<aduan_domain::directory::Category>>> {
        Ok(self.reference.categories(self.store.as_ref()).await?)
    }
}
