//! `POST /reports`: submission by anyone, by a logged-in citizen, or by staff on behalf.

use crate::AppState;
use crate::api::intake::{IntakeChoices, ReporterInput, validate_new_report};
use crate::auth::{Caller, access_code, hash_secret, normalise_access_code};
use crate::error::{AppError, AppResult};
use crate::json::ApiJson;
use aduan_domain::actor::{Actor, Role};
use aduan_domain::lifecycle::{ActionKind, decide_submit};
use aduan_domain::report::{Channel, Report};
use aduan_domain::{ReporterId, TrackingId};
use aduan_store::{EventActor, StoreError, SubmitExtras};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /reports` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitRequest {
    /// complaint, aspiration or information_request.
    pub kind: String,
    /// Title (taken from the first words of the body when absent).
    pub title: Option<String>,
    /// The chronology.
    pub body: String,
    /// When it happened (YYYY-MM-DD).
    pub incident_date: Option<chrono::NaiveDate>,
    /// Where it happened.
    pub location: Option<crate::api::intake::LocationInput>,
    /// The agency the reporter asks for (slug).
    pub requested_agency: Option<String>,
    /// Category id.
    pub category: Option<String>,
    /// Hide the identity from everyone but the reporter (and an audited reveal).
    #[serde(default)]
    pub anonymous: bool,
    /// Keep the report out of public view; absent means the category's default.
    pub confidential: Option<bool>,
    /// Show the reporter's name on the public page.
    #[serde(default)]
    pub show_name: bool,
    /// The reporter's identity (optional when anonymous).
    pub reporter: Option<ReporterInput>,
    /// web (default) or mobile; staff filing on behalf use walk_in, phone or paper.
    pub channel: Option<String>,
    /// Staff only: the reporter's details and choices for a walk-in, phone or paper report.
    pub on_behalf: Option<OnBehalf>,
}

/// A reporter's details and choices given to staff.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OnBehalf {
    /// The reporter's identity.
    pub reporter: Option<ReporterInput>,
    /// Hide the identity from everyone but the reporter.
    #[serde(default)]
    pub anonymous: bool,
    /// Keep the report out of public view; absent means the category's default.
    pub confidential: Option<bool>,
    /// Show the reporter's name on the public page.
    #[serde(default)]
    pub show_name: bool,
}

/// `POST /reports` answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmitResponse {
    /// The public handle.
    pub tracking_id: String,
    /// Status now.
    pub status: String,
    /// The secret that unlocks the reporter's view and actions (only for reporters without an
    /// account, and for staff to hand over). Shown once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_code: Option<String>,
    /// True when this answers a repeated `Idempotency-Key`.
    pub replayed: bool,
}

/// Submit a report.
#[utoipa::path(post, path = "/reports", tag = "reports", request_body = SubmitRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "repeat-safe submission key")),
    responses((status = 201, body = SubmitResponse), (status = 200, body = SubmitResponse, description = "replay"),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn submit_report(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiJson(req): ApiJson<SubmitRequest>,
) -> AppResult<(StatusCode, Json<SubmitResponse>)> {
    let scope = match &caller.user {
        Some(u) => format!("user:{}", u.id),
        None => "anon".to_owned(),
    };
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(|k| k.trim().to_owned())
        .filter(|k| !k.is_empty() && k.len() <= 200);
    if let Some(key) = &key
        && let Some(id) = state.store.find_idempotent(&scope, key).await?
    {
        return replay(&state, id).await;
    }

    let staff = caller.staff();
    let on_behalf = req.on_behalf.is_some();
    if on_behalf && staff.is_none() {
        return Err(AppError::Forbidden);
    }
    let channel = match req.channel.as_deref() {
        None => Channel::Web,
        Some(c) => Channel::parse(c).ok_or_else(|| AppError::field("channel", "invalid"))?,
    };
    let allowed = matches!(channel, Channel::Web | Channel::Mobile)
        || (on_behalf && channel.is_staff_intake());
    if !allowed {
        return Err(AppError::field("channel", "channel_not_allowed"));
    }
    let (choices, reporter_input) = match req.on_behalf {
        Some(b) => (
            IntakeChoices {
                anonymous: b.anonymous,
                confidential: b.confidential,
                show_name: b.show_name,
            },
            b.reporter,
        ),
        None => (
            IntakeChoices {
                anonymous: req.anonymous,
                confidential: req.confidential,
                show_name: req.show_name,
            },
            req.reporter,
        ),
    };
    let citizen = caller
        .user
        .as_ref()
        .filter(|_| !on_behalf && staff.is_none());
    let valid = validate_new_report(
        &state,
        &req.kind,
        req.title,
        req.body,
        req.incident_date,
        req.location,
        req.requested_agency,
        req.category,
        &choices,
        reporter_input,
        citizen,
        channel,
    )
    .await?;

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
    let clocks = crate::sla::moved(
        &state,
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
        idempotency: key.clone().map(|k| (scope.clone(), k)),
        user: citizen.map(|u| u.id),
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
        crate::api::actions::stamp_staff(&mut draft.payload, &s.role);
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
        let receipt = crate::notify::receipt(
            &state,
            &report,
            &valid.identity,
            code.as_deref(),
            citizen.map(|u| u.id),
        );
        let extras = SubmitExtras {
            outbox: receipt,
            ..extras.clone()
        };
        match state
            .store
            .submit_report(
                &report,
                Some(&valid.identity),
                draft.clone(),
                &event_actor,
                &extras,
            )
            .await
        {
            Ok(_) => {
                tracing::info!(tracking_id = %id, channel = %report.channel, "report submitted");
                let body = SubmitResponse {
                    tracking_id: id.to_string(),
                    status: report.state.status.as_str().into(),
                    access_code: code,
                    replayed: false,
                };
                return Ok((StatusCode::CREATED, Json(body)));
            }
            Err(StoreError::Conflict { constraint }) if constraint == "idempotency_keys" => {
                let key = key.as_deref().unwrap_or_default();
                let id = state
                    .store
                    .find_idempotent(&scope, key)
                    .await?
                    .ok_or(AppError::Conflict)?;
                return replay(&state, id).await;
            }
            // A tracking id already in use: draw another.
            Err(StoreError::Conflict { .. }) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict)
}

async fn replay(state: &AppState, id: TrackingId) -> AppResult<(StatusCode, Json<SubmitResponse>)> {
    let report = state
        .store
        .get_report(&id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        StatusCode::OK,
        Json(SubmitResponse {
            tracking_id: id.to_string(),
            status: report.state.status.as_str().into(),
            access_code: None,
            replayed: true,
        }),
    ))
}
