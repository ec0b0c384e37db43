//! What a partner does for its reporters: files a report (only for the agencies and regions
//! listed on it; its own `ref` and an optional `Idempotency-Key` make a repeat answer the
//! first filing), reads a report it filed as its reporter sees it, and takes the reporter's
//! actions on it (reply, add information, confirm with a rating, rate, reopen, appeal, take
//! to the Ombudsman, withdraw). A partner never reaches a report another partner filed.

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::partners::PartnerCaller;
use crate::reports::act::ActionResponse;
use crate::reports::intake::{IntakeChoices, LocationInput, ReporterInput, reporter_notify};
use crate::reports::submit::{FileInput, Filed, file_report, replayed};
use crate::reports::viewer::Viewed;
use crate::view::{ReportView, ReporterView};
use aduan_domain::AgencyId;
use aduan_domain::report::Channel;
use aduan_domain::visibility::IdentityView;
use aduan_store::{Partner, PartnerRef};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// The actions a partner may take for its reporter.
pub const REPORTER_ACTIONS: &[&str] = &[
    "reply", "add_info", "confirm", "rate", "reopen", "appeal", "escalate", "withdraw",
];

/// `POST /partner/reports` body.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "ref": "MITRA-2026-000123",
    "kind": "complaint",
    "title": "Lampu penerangan jalan mati",
    "body": "Tiga lampu penerangan jalan di Jl. Diponegoro mati sejak Senin malam.",
    "location": {"text": "Jl. Diponegoro", "region_code": "35.78"},
    "reporter": {"name": "Budi Santoso", "phone": "081234567890"}
}))]
pub struct PartnerReportRequest {
    /// The partner's own reference for the report (1–100 characters): a repeat with the
    /// same reference answers the first filing; another body under it is refused.
    #[serde(rename = "ref")]
    pub reference: String,
    /// complaint, aspiration or information_request.
    #[schema(schema_with = crate::reports::submit::report_kind)]
    pub kind: String,
    /// Title, at most 150 characters (taken from the first words of the body when absent).
    #[schema(max_length = 150)]
    pub title: Option<String>,
    /// The chronology (1 to 10,000 characters, not only spaces).
    #[schema(min_length = 1, max_length = 10000, pattern = r"\S")]
    pub body: String,
    /// When it happened (YYYY-MM-DD).
    pub incident_date: Option<chrono::NaiveDate>,
    /// Where it happened.
    pub location: Option<LocationInput>,
    /// The agency the reporter asks for (slug); must be one listed on the partner unless
    /// the location's region is.
    pub requested_agency: Option<String>,
    /// Category id.
    pub category: Option<String>,
    /// Hide the identity from every agency.
    #[serde(default)]
    pub anonymous: bool,
    /// Keep the report out of public view; absent means the category's default.
    pub confidential: Option<bool>,
    /// Show the reporter's name on the public page.
    #[serde(default)]
    pub show_name: bool,
    /// The reporter's identity, as they gave it to the partner (optional when anonymous).
    pub reporter: Option<ReporterInput>,
}

/// What filing answers a partner.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartnerFiled {
    /// The partner's reference.
    #[serde(rename = "ref")]
    pub reference: String,
    /// The tracking id the reporter can follow it by anywhere.
    pub tracking_id: String,
    /// Status now.
    pub status: String,
    /// True when this answers a repeat of an earlier filing.
    pub replayed: bool,
}

fn covers(region: &str, code: &str) -> bool {
    code == region
        || code
            .strip_prefix(region)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// Whether `partner` may file a report asking for `agency` at `region`: the agency is listed
/// on it, or the region (of the location, or of the agency) lies in a listed region.
async fn in_scope(
    state: &AppState,
    partner: &Partner,
    agency: Option<&str>,
    region: Option<&str>,
) -> AppResult<bool> {
    if agency.is_some_and(|a| partner.agencies.iter().any(|p| p == a)) {
        return Ok(true);
    }
    let in_regions = |code: &str| partner.regions.iter().any(|r| covers(r, code));
    if region.is_some_and(in_regions) {
        return Ok(true);
    }
    if let Some(a) = agency
        && let Some(found) = state.store.get_agency(&AgencyId::new(a)).await?
        && found.region_code.as_deref().is_some_and(in_regions)
    {
        return Ok(true);
    }
    Ok(false)
}

fn fingerprint(req: &PartnerReportRequest) -> String {
    use sha2::Digest;
    let json = serde_json::to_vec(req).unwrap_or_default();
    hex::encode(sha2::Sha256::digest(&json))
}

/// The earlier filing a repeat names: the same request answers it; another is refused.
async fn repeat(state: &AppState, id: aduan_domain::TrackingId, same: bool) -> AppResult<Filed> {
    if !same {
        return Err(AppError::IdempotencyMismatch);
    }
    replayed(state, id).await
}

async fn earlier(
    state: &AppState,
    caller: &PartnerCaller,
    scope: &str,
    key: Option<&str>,
    reference: &str,
    print: &str,
) -> AppResult<Option<Filed>> {
    if let Some(key) = key
        && let Some((id, stored)) = state.store.find_idempotent_request(scope, key).await?
    {
        let same = stored.is_none_or(|f| f == print);
        return repeat(state, id, same).await.map(Some);
    }
    match state.store.partner_report(caller.slug(), reference).await? {
        Some(p) => repeat(state, p.tracking_id, p.fingerprint == print)
            .await
            .map(Some),
        None => Ok(None),
    }
}

/// Files a report for `caller`'s reporter. `key` is the request's `Idempotency-Key`.
pub async fn file(
    state: &AppState,
    caller: &PartnerCaller,
    key: Option<&str>,
    req: PartnerReportRequest,
) -> AppResult<PartnerFiled> {
    let reference = req.reference.trim().to_owned();
    if reference.is_empty() || reference.chars().count() > 100 {
        return Err(AppError::field("ref", "invalid"));
    }
    let key = key
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 200);
    let scope = format!("partner:{}", caller.slug());
    let print = fingerprint(&req);
    let answer = |filed: Filed| PartnerFiled {
        reference: reference.clone(),
        tracking_id: filed.tracking_id.to_string(),
        status: filed.status,
        replayed: filed.replayed,
    };
    if let Some(filed) = earlier(state, caller, &scope, key, &reference, &print).await? {
        caller
            .audit(
                state,
                "report.replay",
                &format!("report:{}", filed.tracking_id),
            )
            .await?;
        return Ok(answer(filed));
    }
    // A partner that files for one agency only asks for that agency unless it names one;
    // others rely on the region lying within theirs.
    let mut req = req;
    if req.requested_agency.is_none()
        && let [only] = caller.partner().agencies.as_slice()
    {
        req.requested_agency = Some(only.clone());
    }
    let region = req.location.as_ref().and_then(|l| l.region_code.as_deref());
    if !in_scope(
        state,
        caller.partner(),
        req.requested_agency.as_deref(),
        region,
    )
    .await?
    {
        return Err(AppError::field("requested_agency", "outside_partner_scope"));
    }
    let notify = reporter_notify(req.reporter.as_ref())?;
    let filed = file_report(
        state,
        FileInput {
            kind: req.kind,
            title: req.title,
            body: req.body,
            incident_date: req.incident_date,
            location: req.location,
            requested_agency: req.requested_agency,
            category: req.category,
            choices: IntakeChoices {
                anonymous: req.anonymous,
                confidential: req.confidential,
                show_name: req.show_name,
            },
            reporter: req.reporter,
            channel: Channel::Api(caller.slug().to_owned()),
            citizen: None,
            staff: None,
            on_behalf: false,
            idempotency: key.map(|k| (scope.clone(), k.to_owned())),
            fingerprint: Some(print.clone()),
            receipt: true,
            notify,
            limit: None,
            partner_ref: Some(PartnerRef {
                partner: caller.slug().to_owned(),
                reference: reference.clone(),
                fingerprint: print.clone(),
            }),
            chat: None,
        },
    )
    .await;
    let filed = match filed {
        Err(AppError::Conflict) => {
            // Another request with the same reference or key won the race.
            earlier(state, caller, &scope, key, &reference, &print)
                .await?
                .ok_or(AppError::Conflict)?
        }
        other => other?,
    };
    caller
        .audit(
            state,
            "report.file",
            &format!("report:{}", filed.tracking_id),
        )
        .await?;
    Ok(answer(filed))
}

/// The report `caller` filed as `reference`, as its reporter.
async fn as_reporter(
    state: &AppState,
    caller: &PartnerCaller,
    reference: &str,
) -> AppResult<Viewed> {
    let filed = state
        .store
        .partner_report(caller.slug(), reference)
        .await?
        .ok_or(AppError::NotFound)?;
    Viewed::for_filing_partner(state, filed).await
}

/// The report `caller` filed as `reference`, as its reporter sees it, but without the
/// reporter's identity: the partner gave it and keeps its own copy, so none travels back
/// (whatever the partner is, an agency's own application included).
pub async fn read(
    state: &AppState,
    caller: &PartnerCaller,
    reference: &str,
) -> AppResult<ReportView> {
    let seen = as_reporter(state, caller, reference).await?;
    let subject = format!("report:{}", seen.report().tracking_id);
    caller.audit(state, "report.read", &subject).await?;
    let mut view = crate::reports::read::view_of(state, &seen).await?;
    let shown = if seen.report().anonymous {
        IdentityView::Anonim
    } else {
        IdentityView::Pelapor
    };
    view.reporter = ReporterView::new(shown, None);
    Ok(view)
}

/// Takes a reporter's action (`body` as `POST /reports/{id}/actions` takes it) on the report
/// `caller` filed as `reference`.
pub async fn act(
    state: &AppState,
    caller: &PartnerCaller,
    reference: &str,
    body: &[u8],
) -> AppResult<ActionResponse> {
    // The report is found as the partner's own before the body is judged: another partner's
    // reference answers `not_found` whatever the body.
    let seen = as_reporter(state, caller, reference).await?;
    let raw: Value = crate::input::parse_json(body)?;
    let name = raw
        .get("action")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !REPORTER_ACTIONS.contains(&name) {
        return Err(AppError::UnknownAction(name.to_owned()));
    }
    let subject = format!("report:{}", seen.report().tracking_id);
    let done = crate::reports::act::act_as(state, &seen, &raw).await;
    caller
        .audit(state, &format!("report.{name}"), &subject)
        .await?;
    done
}
