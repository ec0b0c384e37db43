//! The report view and the status card.

use crate::deadlines::SlaView;
use aduan_domain::report::{Location, Report, ReporterIdentity};
use aduan_domain::sla::ClockReading;
use aduan_domain::visibility::{IdentityView, Visibility};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// How the reporter appears to this caller.
#[derive(Debug, Serialize, ToSchema)]
#[non_exhaustive]
pub struct ReporterView {
    /// What to print: a name, "Pelapor" or "Anonim".
    pub display: String,
    /// Full name, for those who may see the identity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// E-mail, for those who may see the identity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone, for those who may see the identity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// NIK, for those who may see the identity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nik: Option<String>,
    /// The chat or social handle it came from (`telegram:12345`), for those who may see the
    /// identity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chat: Option<String>,
}

impl ReporterView {
    /// Shapes an identity by the policy's [`IdentityView`].
    pub(crate) fn new(view: IdentityView, identity: Option<&ReporterIdentity>) -> Self {
        let name = identity.and_then(|i| i.name.clone());
        match view {
            IdentityView::Full => Self {
                display: name.clone().unwrap_or_else(|| "Pelapor".into()),
                name,
                email: identity.and_then(|i| i.email.clone()),
                phone: identity.and_then(|i| i.phone.clone()),
                nik: identity.and_then(|i| i.nik.clone()),
                chat: identity.and_then(|i| i.chat.clone()),
            },
            IdentityView::NameOnly => Self::display(name.unwrap_or_else(|| "Pelapor".into())),
            IdentityView::Pelapor => Self::display("Pelapor".into()),
            IdentityView::Anonim => Self::display("Anonim".into()),
        }
    }

    fn display(display: String) -> Self {
        Self {
            display,
            name: None,
            email: None,
            phone: None,
            nik: None,
            chat: None,
        }
    }
}

/// A report as one caller may see it.
#[derive(Debug, Serialize, ToSchema)]
#[non_exhaustive]
pub struct ReportView {
    /// The public handle.
    pub tracking_id: String,
    /// complaint, aspiration or information_request.
    pub kind: String,
    /// Title.
    pub title: Option<String>,
    /// The chronology.
    pub body: String,
    /// When it happened.
    pub incident_date: Option<NaiveDate>,
    /// Where it happened.
    #[schema(value_type = Option<Object>)]
    pub location: Option<Location>,
    /// Category id.
    pub category: Option<String>,
    /// Tags set by staff.
    pub tags: Vec<String>,
    /// Channel it came through.
    pub channel: String,
    /// Status.
    pub status: String,
    /// How it was completed.
    pub completion_kind: Option<String>,
    /// Escalation level.
    pub escalation_level: String,
    /// The agency the reporter asked for.
    pub requested_agency: Option<String>,
    /// The agency it was dispatched to.
    pub agency: Option<String>,
    /// The unit holding it.
    pub unit: Option<String>,
    /// ordinary or supervisory, for complaints.
    pub handling_class: Option<String>,
    /// Came back because an agency lacked authority.
    pub rerouted: bool,
    /// The reporter has used their one appeal against an archive.
    pub appeal_used: bool,
    /// Why it was archived or deleted, when the caller may know.
    pub archive_reason: Option<String>,
    /// Free text of the reason, when the caller may know.
    pub archive_reason_text: Option<String>,
    /// The reporter, as this caller may see them.
    pub reporter: ReporterView,
    /// Identity hidden.
    pub anonymous: bool,
    /// Not public.
    pub confidential: bool,
    /// When submitted.
    pub submitted_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
    /// The version to send back with an action.
    pub version: i64,
    /// The open clock due soonest.
    #[schema(value_type = Option<Object>)]
    pub sla: Option<ClockReading>,
    /// Every clock.
    #[schema(value_type = Vec<Object>)]
    pub clocks: Vec<ClockReading>,
}

/// Builds the view; the caller has already checked `vis.report()`.
pub(crate) fn report_view(
    report: &Report,
    vis: &Visibility,
    identity: Option<&ReporterIdentity>,
    sla: SlaView,
) -> ReportView {
    let st = &report.state;
    let show_reason = st.status != aduan_domain::Status::Deleted || vis.deletion_reason();
    let reason = st.archive_reason.as_ref().filter(|_| show_reason);
    ReportView {
        tracking_id: report.tracking_id.to_string(),
        kind: st.kind.as_str().into(),
        title: st.title.clone(),
        body: report.body.clone(),
        incident_date: report.incident_date,
        location: report.location.clone(),
        category: st.category.as_ref().map(|c| c.to_string()),
        tags: st.tags.clone(),
        channel: report.channel.as_string(),
        status: st.status.as_str().into(),
        completion_kind: st.completion_kind.map(|c| c.as_str().into()),
        escalation_level: st.escalation_level.as_str().into(),
        requested_agency: st.requested_agency.as_ref().map(|a| a.to_string()),
        agency: st.agency.as_ref().map(|a| a.to_string()),
        unit: st.unit.as_ref().map(|u| u.to_string()),
        handling_class: st.handling_class.map(|h| h.as_str().into()),
        rerouted: st.rerouted,
        appeal_used: st.appeal_used,
        archive_reason: reason.map(|r| r.code.as_str().into()),
        archive_reason_text: reason.and_then(|r| r.text.clone()),
        reporter: ReporterView::new(vis.identity(), identity),
        anonymous: report.anonymous,
        confidential: report.state.confidential,
        submitted_at: report.submitted_at,
        updated_at: report.updated_at,
        version: report.version,
        sla: sla.sla,
        clocks: sla.clocks,
    }
}

/// The status card: what anyone holding the tracking id may see.
#[derive(Debug, Serialize, ToSchema)]
#[non_exhaustive]
pub struct StatusCard {
    /// The public handle.
    pub tracking_id: String,
    /// Status.
    pub status: String,
    /// How it was completed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion_kind: Option<String>,
    /// Escalation level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalation_level: Option<String>,
    /// When submitted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<DateTime<Utc>>,
    /// When last changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<Utc>>,
    /// The open clock due soonest.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub sla: Option<ClockReading>,
    /// Every clock.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Object>)]
    pub clocks: Vec<ClockReading>,
}

/// The card; a deleted report's card says only `deleted` to those without details.
pub(crate) fn status_card(report: &Report, vis: &Visibility, sla: SlaView) -> StatusCard {
    let st = &report.state;
    let details = vis.status_card_details();
    StatusCard {
        tracking_id: report.tracking_id.to_string(),
        status: st.status.as_str().into(),
        completion_kind: st
            .completion_kind
            .filter(|_| details)
            .map(|c| c.as_str().into()),
        escalation_level: details.then(|| st.escalation_level.as_str().into()),
        submitted_at: details.then_some(report.submitted_at),
        updated_at: details.then_some(report.updated_at),
        sla: sla.sla.filter(|_| details),
        clocks: if details { sla.clocks } else { Vec::new() },
    }
}
