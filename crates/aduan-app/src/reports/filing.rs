//! Filing a report: validation, the submission decision, the reporter's id and access code,
//! the clocks and the receipt, written in one transaction. Every channel files through here:
//! the API's `POST /reports` and the forms by [`super::submit::submit`], SMS and e-mail directly.

use crate::AppState;
use crate::auth::{access_code, hash_secret, normalise_access_code};
use crate::error::{AppError, AppResult};
use crate::reports::intake::{IntakeChoices, ReporterInput, validate_new_report};
use crate::reports::viewer::Viewed;
use aduan_domain::actor::{Actor, Role};
use aduan_domain::lifecycle::{ActionKind, decide_submit};
use aduan_domain::report::{Channel, Report};
use aduan_domain::{ReporterId, TrackingId};
use aduan_store::Commit;
use aduan_store::{EventActor, StoreError, SubmitExtras};

/// A submission from any entry point (the API, a gateway channel), its caller already
/// checked: who files, through which channel, with what.
pub struct FileInput {
    /// complaint, aspiration or information_request.
    pub kind: String,
    /// Title (taken from the first words of the body when absent).
    pub title: Option<String>,
    /// The chronology.
    pub body: String,
    /// When it happened.
    pub incident_date: Option<chrono::NaiveDate>,
    /// Where it happened.
    pub location: Option<crate::reports::intake::LocationInput>,
    /// The agency the reporter asks for (slug).
    pub requested_agency: Option<String>,
    /// Category id.
    pub category: Option<String>,
    /// The reporter's consent choices.
    pub choices: IntakeChoices,
    /// The reporter's identity as given (none for a logged-in citizen, whose account is used).
    pub reporter: Option<ReporterInput>,
    /// The channel it came through.
    pub channel: Channel,
    /// The logged-in citizen filing for themselves.
    pub citizen: Option<aduan_store::User>,
    /// The staff member filing (on behalf of a reporter when `on_behalf`).
    pub staff: Option<aduan_domain::actor::Staff>,
    /// Staff typing in a walk-in, phone or paper report for someone.
    pub on_behalf: bool,
    /// (scope, key): a repeat with the same pair returns the first report instead of a new one.
    pub idempotency: Option<(String, String)>,
    /// A fingerprint of the request, kept with the idempotency key: a repeat of the key with
    /// another fingerprint is refused with `idempotency_mismatch`.
    pub fingerprint: Option<String>,
    /// Write the receipt to the outbox. A channel that answers in its own reply (SMS) does not.
    pub receipt: bool,
    /// How a reporter without an account chose to hear about the report.
    pub notify: Option<aduan_store::ReporterNotify>,
    /// A rate limit the filing counts against, in its own transaction.
    pub limit: Option<aduan_store::LimitHit>,
    /// The partner system filing it and its own reference: a second filing under the same
    /// reference fails with `conflict` (the partner's use case answers it).
    pub partner_ref: Option<aduan_store::PartnerRef>,
    /// The sender's handle on the chat or social network it came through (`<network>:<id>`),
    /// as the channel verified it: kept as the reporter's identity.
    pub chat: Option<String>,
}

/// What filing did.
#[derive(Debug, Clone)]
pub struct Filed {
    /// The report.
    pub tracking_id: TrackingId,
    /// Its status now.
    pub status: String,
    /// The access code, for reporters without an account (shown once; none on a replay).
    pub access_code: Option<String>,
    /// True when an earlier submission with the same idempotency key is returned.
    pub replayed: bool,
    /// The reporter this filing made (none on a replay, which proves nothing of its sender).
    filer: Option<ReporterId>,
}

impl Filed {
    /// The report just filed as its reporter sees it, for the channel that filed it to go on
    /// as them (an e-mail's files); `forbidden` for a replayed filing.
    pub async fn as_filer(&self, state: &AppState) -> AppResult<Viewed> {
        let filer = self.filer.clone().ok_or(AppError::Forbidden)?;
        let report = state
            .store
            .get_report(&self.tracking_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if report.reporter != filer {
            return Err(AppError::Forbidden);
        }
        Viewed::new(state, Actor::Reporter(filer), report).await
    }

    /// The report a channel filed before its process died, as its reporter, for the channel to
    /// store the files the first run never kept: only while none of them was kept (so a
    /// delivery taken again never stores them twice), only for `sender` (the address that sent
    /// it, which must be the reporter's), and only within `remember` of the filing (a gateway
    /// retries for days; a reused message id long after adds nothing to an old report).
    pub async fn as_replayed_filer(
        &self,
        state: &AppState,
        sender: &str,
        remember: chrono::Duration,
    ) -> AppResult<Option<Viewed>> {
        let id = &self.tracking_id;
        if !state.store.list_attachments(id).await?.is_empty() {
            return Ok(None);
        }
        let Some(report) = state.store.get_report(id).await? else {
            return Ok(None);
        };
        if report.submitted_at < state.clock.now() - remember {
            return Ok(None);
        }
        let seen = Viewed::by_email(state, report, sender).await?;
        Ok(seen.map(|(seen, _)| seen))
    }
}

/// Validates and files a report through the submission rules, with its identity, first event,
/// clocks and receipt in one transaction.
pub async fn file_report(state: &AppState, input: FileInput) -> AppResult<Filed> {
    let FileInput {
        kind,
        title,
        body,
        incident_date,
        location,
        requested_agency,
        category,
        choices,
        reporter: reporter_input,
        channel,
        citizen,
        staff,
        on_behalf,
        idempotency,
        fingerprint,
        receipt,
        notify,
        limit,
        partner_ref,
        chat,
    } = input;
    let citizen = citizen.as_ref();
    // Only a report typed in on behalf of someone carries the staff member who typed it; any
    // other submission is a citizen's (see `submit_report`).
    let staff = staff.filter(|_| on_behalf);
    let mut valid = validate_new_report(
        state,
        state.clock.now().date_naive(),
        &kind,
        title,
        body,
        incident_date,
        location,
        requested_agency,
        category,
        &choices,
        reporter_input,
        citizen,
        channel,
    )
    .await?;
    if chat.is_some() {
        valid.identity.chat = chat;
    }

    let actor = match &staff {
        Some(s) => Actor::Staff(s.clone()),
        None => Actor::Public,
    };
    let decision = decide_submit(&actor, &valid.report, on_behalf)?;
    let reporter = match citizen {
        Some(u) => state.store.reporter_of_user(u.id).await?,
        None => None,
    }
    .unwrap_or_else(|| ReporterId::generate(&mut rand::rng()));
    let code = citizen.is_none().then(|| access_code(&mut rand::rng()));
    let now = state.clock.now();
    let clocks = crate::deadlines::moved(
        state,
        Vec::new(),
        ActionKind::Submit,
        now,
        None,
        &decision.state,
    )
    .await?;
    let extras = SubmitExtras {
        clocks,
        outbox: Vec::new(),
        access_code_hash: code
            .as_deref()
            .map(|c| hash_secret(&normalise_access_code(c))),
        idempotency: idempotency.clone(),
        idempotency_fingerprint: fingerprint.clone(),
        user: citizen.map(|u| u.id),
        notify,
        confidential_choice: valid.report.confidential_choice,
        limit,
        partner_ref,
    };
    let event_actor = match &staff {
        Some(s) => EventActor {
            id: s.user.to_string(),
            role: s.role.role(),
        },
        None => EventActor {
            id: reporter.to_string(),
            role: Role::Reporter,
        },
    };
    let mut draft = decision.event;
    if let Some(s) = &staff {
        crate::reports::act::stamp_staff(&mut draft.payload, &s.role);
    }
    for _attempt in 0..3 {
        let id = TrackingId::generate(&mut rand::rng());
        let report = Report::submitted(
            id,
            reporter.clone(),
            valid.report.clone(),
            decision.state.clone(),
            now,
        );
        let outbox = if receipt {
            crate::notify::receipt(
                state,
                &report,
                &valid.identity,
                code.as_deref(),
                citizen,
                notify,
            )
            .await?
        } else {
            Vec::new()
        };
        let extras = SubmitExtras {
            outbox,
            ..extras.clone()
        };
        match state
            .store
            .commit(Commit::Submit {
                report: &report,
                identity: Some(&valid.identity),
                event: draft.clone(),
                actor: &event_actor,
                extras: &extras,
            })
            .await
        {
            Ok(_) => {
                tracing::info!(tracking_id = %id, channel = %report.channel, "report submitted");
                return Ok(Filed {
                    tracking_id: id,
                    status: report.state.status.as_str().into(),
                    access_code: code,
                    replayed: false,
                    filer: Some(reporter.clone()),
                });
            }
            Err(StoreError::Conflict { constraint }) if constraint == "idempotency_keys" => {
                // Another request with the same key won the race.
                let (scope, key) = idempotency.clone().unwrap_or_default();
                let (id, stored) = state
                    .store
                    .find_idempotent_request(&scope, &key)
                    .await?
                    .ok_or(AppError::Conflict)?;
                if stored.is_some() && stored != fingerprint {
                    return Err(AppError::IdempotencyMismatch);
                }
                return replayed(state, id).await;
            }
            Err(StoreError::Conflict { constraint }) if constraint == "partner_reports" => {
                return Err(AppError::Conflict);
            }
            // A tracking id already in use: draw another.
            Err(StoreError::Conflict { .. }) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict)
}

/// The earlier report an idempotency key names.
pub async fn replayed(state: &AppState, id: TrackingId) -> AppResult<Filed> {
    let report = state
        .store
        .get_report(&id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Filed {
        tracking_id: id,
        status: report.state.status.as_str().into(),
        access_code: None,
        replayed: true,
        filer: None,
    })
}
