//! The body of `POST /reports/{id}/actions` and its translation into a domain [`Action`].

use crate::error::{AppError, AppResult};
use crate::lookup::Directory;
use aduan_domain::lifecycle::{Action, ActionKind, AgencyTarget, Rating, UnitTarget};
use aduan_domain::report::{ArchiveReason, HandlingClass, Kind};
use aduan_domain::status::ArchiveReasonCode;
use aduan_domain::{AgencyId, CategoryId, TrackingId, UnitId};
use serde::Deserialize;
use utoipa::ToSchema;

/// An action and its inputs; which fields matter depends on `action`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionRequest {
    /// One of the actions of docs/domain.md §3 that a person takes.
    #[schema(schema_with = action_names)]
    pub action: String,
    /// The report's version the caller saw (or send `If-Match`).
    pub version: Option<i64>,
    /// A reporter's access code, as an alternative to the `X-Access-Code` header.
    pub access_code: Option<String>,
    /// verify_dispatch: the target agency's slug.
    pub agency: Option<String>,
    /// verify_dispatch: ordinary or supervisory (complaints).
    pub handling_class: Option<String>,
    /// verify_dispatch: corrected title.
    pub title: Option<String>,
    /// verify_dispatch: corrected kind.
    pub kind: Option<String>,
    /// verify_dispatch: corrected category.
    pub category: Option<String>,
    /// verify_dispatch: tags.
    pub tags: Option<Vec<String>>,
    /// dispatch_unit: the unit's id.
    pub unit: Option<String>,
    /// archive/delete: a reason code from the list; other actions: the reason in words.
    pub reason: Option<String>,
    /// archive/delete with reason `duplicate`: the earlier report.
    pub duplicate_of: Option<String>,
    /// archive/delete with reason `other`, or the reason in words for any action.
    pub reason_text: Option<String>,
    /// reroute: the agency the rerouting agency suggests.
    pub suggested_agency: Option<String>,
    /// The text: add_info, follow_up, reply, note, complete, ombudsman actions.
    pub body: Option<String>,
    /// rate/confirm: 1 to 5.
    #[schema(minimum = 1, maximum = 5)]
    pub rating: Option<u8>,
    /// rate/confirm: whether the problem was resolved.
    pub resolved: Option<bool>,
}

/// The actions a person may request, in the API document (a reveal is requested and approved
/// through `/reveal-requests`, never as one action).
fn action_names() -> utoipa::openapi::Object {
    let names = requested_actions().map(|k| k.as_str());
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(names))
        .description(Some(
            "One of the actions of docs/domain.md §3 that a person takes.",
        ))
        .build()
}

/// What an action needs besides its name, as [`to_action`] and the lifecycle ask for it: the
/// document states it for each action (`aduan-web`'s rules across fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Nothing more (withdraw, escalate).
    Nothing,
    /// `body`, with more than spaces.
    Text,
    /// The reason in words: `reason_text`, else `reason`, with more than spaces.
    Words,
    /// `reason`, a code of the list (not `withdrawn`): `duplicate` with `duplicate_of`, `other`
    /// with `reason_text`.
    ListReason,
    /// `rating` and `resolved` together, or neither (confirm).
    RatingIfAny,
    /// `rating` and `resolved` (rate).
    Rating,
    /// What it names (an agency, a category, a unit) must be in the directory.
    Directory,
}

/// What `kind` needs besides its name.
pub fn needs(kind: ActionKind) -> Needs {
    use ActionKind as K;
    match kind {
        K::AddInfo
        | K::FollowUp
        | K::Reply
        | K::Note
        | K::Complete
        | K::OmbudsmanAcknowledge
        | K::RequestInformation
        | K::RecordFinding
        | K::AnswerInformation => Needs::Text,
        K::Postpone | K::Appeal | K::Reroute | K::Reopen | K::RevealIdentity => Needs::Words,
        K::Archive | K::Delete => Needs::ListReason,
        K::Confirm => Needs::RatingIfAny,
        K::Rate => Needs::Rating,
        K::VerifyDispatch | K::DispatchUnit => Needs::Directory,
        K::Withdraw | K::Escalate | K::AutoClose | K::Submit | K::DeadlineMoved => Needs::Nothing,
    }
}

/// The actions a person may request by name (a reveal is requested and approved through
/// `/reveal-requests`, never as one action; closing by time is the system's).
pub fn requested_actions() -> impl Iterator<Item = ActionKind> {
    ActionKind::ALL.iter().copied().filter(|k| {
        k.in_table() && !matches!(k, ActionKind::RevealIdentity | ActionKind::AutoClose)
    })
}

fn words(req: &ActionRequest) -> String {
    req.reason_text
        .clone()
        .or_else(|| req.reason.clone())
        .unwrap_or_default()
}

fn list_reason(req: &ActionRequest) -> AppResult<Option<ArchiveReason>> {
    let Some(code) = &req.reason else {
        return Ok(None);
    };
    let code =
        ArchiveReasonCode::parse(code).ok_or_else(|| AppError::field("reason", "invalid"))?;
    let duplicate_of = req
        .duplicate_of
        .as_deref()
        .map(|d| TrackingId::parse(d).map_err(|_| AppError::field("duplicate_of", "invalid")))
        .transpose()?;
    Ok(Some(ArchiveReason {
        code,
        duplicate_of,
        text: req.reason_text.clone(),
    }))
}

fn parse_opt<T>(
    v: Option<&str>,
    field: &str,
    f: impl Fn(&str) -> Option<T>,
) -> AppResult<Option<T>> {
    v.map(|s| f(s).ok_or_else(|| AppError::field(field, "invalid")))
        .transpose()
}

/// Translates the request into the domain action, resolving agencies and units in the directory.
pub async fn to_action(
    dir: &impl Directory,
    kind: ActionKind,
    req: &ActionRequest,
) -> AppResult<Action> {
    let body = || req.body.clone().unwrap_or_default();
    let rating = || -> AppResult<Option<Rating>> {
        match (req.rating, req.resolved) {
            (None, None) => Ok(None),
            (Some(stars), Some(resolved)) => Ok(Some(Rating { stars, resolved })),
            (None, Some(_)) => Err(AppError::field("rating", "required")),
            (Some(_), None) => Err(AppError::field("resolved", "required")),
        }
    };
    Ok(match kind {
        ActionKind::Submit | ActionKind::DeadlineMoved => {
            return Err(AppError::UnknownAction(kind.as_str().into()));
        }
        ActionKind::AddInfo => Action::AddInfo { body: body() },
        ActionKind::Withdraw => Action::Withdraw,
        ActionKind::VerifyDispatch => {
            let target = match req.agency.as_deref() {
                None => None,
                Some(slug) => {
                    let agency = AgencyId::new(slug);
                    if !dir.agency_known(&agency).await? {
                        return Err(AppError::field("agency", "unknown_agency"));
                    }
                    let inspectorate = dir.inspectorate(&agency).await?;
                    Some(AgencyTarget {
                        agency,
                        inspectorate,
                    })
                }
            };
            let category = match req.category.as_deref() {
                None => None,
                Some(c) => {
                    let id = CategoryId::new(c);
                    if dir.category(&id).await?.is_none() {
                        return Err(AppError::field("category", "unknown_category"));
                    }
                    Some(id)
                }
            };
            Action::VerifyDispatch {
                target,
                handling_class: parse_opt(
                    req.handling_class.as_deref(),
                    "handling_class",
                    HandlingClass::parse,
                )?,
                kind: parse_opt(req.kind.as_deref(), "kind", Kind::parse)?,
                title: req.title.clone(),
                category,
                tags: req.tags.clone(),
            }
        }
        ActionKind::Postpone => Action::Postpone { reason: words(req) },
        ActionKind::Archive => Action::Archive {
            reason: list_reason(req)?,
        },
        ActionKind::Delete => Action::Delete {
            reason: list_reason(req)?,
        },
        ActionKind::Appeal => Action::Appeal { reason: words(req) },
        ActionKind::DispatchUnit => {
            let unit = match req.unit.as_deref() {
                None => None,
                Some(u) => {
                    let place = dir
                        .unit(&UnitId::new(u))
                        .await?
                        .ok_or_else(|| AppError::field("unit", "unknown_unit"))?;
                    Some(UnitTarget {
                        agency: place.agency,
                        path: place.path,
                    })
                }
            };
            Action::DispatchUnit { unit }
        }
        ActionKind::Reroute => Action::Reroute {
            reason: words(req),
            suggested_agency: req.suggested_agency.as_deref().map(AgencyId::new),
        },
        ActionKind::FollowUp => Action::FollowUp { body: body() },
        ActionKind::Reply => Action::Reply { body: body() },
        ActionKind::Note => Action::Note { body: body() },
        ActionKind::Complete => Action::Complete { body: body() },
        ActionKind::Confirm => Action::Confirm { rating: rating()? },
        ActionKind::Rate => Action::Rate {
            rating: rating()?.ok_or_else(|| AppError::field("rating", "required"))?,
        },
        ActionKind::AutoClose => Action::AutoClose,
        ActionKind::Reopen => Action::Reopen { reason: words(req) },
        ActionKind::Escalate => Action::Escalate,
        ActionKind::RevealIdentity => Action::RevealIdentity { reason: words(req) },
        ActionKind::OmbudsmanAcknowledge => Action::OmbudsmanAcknowledge { body: body() },
        ActionKind::RequestInformation => Action::RequestInformation { body: body() },
        ActionKind::RecordFinding => Action::RecordFinding { body: body() },
        ActionKind::AnswerInformation => Action::AnswerInformation { body: body() },
    })
}
