//! The exported report rows, a page at a time: the public's (every non-confidential report
//! after dispatch) and a member of staff's (their scope), each row through the policy and with
//! personal data removed from its text.

use super::redact::redact;
use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::reports::viewer::Viewed;
use aduan_domain::Actor;
use aduan_domain::report::ReporterIdentity;
use aduan_domain::volume::month_of;
use aduan_store::{Cursor, ExportedReport, ListScope, ReportFilter};
use chrono::SecondsFormat;
use serde::Serialize;
use utoipa::ToSchema;

/// One report as the open data exports show it. The reporter's identity is never part of it;
/// the title and chronology have personal data removed (see [`super::redact`]).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct OpenReport {
    /// The public handle.
    pub tracking_id: String,
    /// When it was submitted, RFC 3339 in UTC, to the second.
    pub submitted_at: String,
    /// The month it was submitted in, `YYYY-MM`, WIB.
    pub month: String,
    /// `complaint`, `aspiration` or `information_request`.
    pub kind: String,
    /// `dispatched`, `in_progress` or `completed` (staff exports: any status).
    pub status: String,
    /// For a completed report: `agency_closed`, `reporter_confirmed` or `auto_closed`.
    pub completion_kind: Option<String>,
    /// Category id (`topic/subtopic`).
    pub category: Option<String>,
    /// The category's top level.
    pub topic: Option<String>,
    /// The agency it was dispatched to (slug).
    pub agency: Option<String>,
    /// That agency's name.
    pub agency_name: Option<String>,
    /// Kemendagri code of the province or kabupaten/kota the reporter gave.
    pub region_code: Option<String>,
    /// The province's two-digit code.
    pub province: Option<String>,
    /// Where it came from: `web`, `mobile`, `sms`, `email`, `social`, `chat`, `walk_in`,
    /// `phone`, `paper`, `api:<partner>`.
    pub channel: String,
    /// The title (the first words of the chronology when it has none), personal data removed.
    pub title: String,
    /// The chronology as first given, personal data removed.
    pub body: String,
    /// Latitude, rounded to two decimals (about 1 km).
    pub lat: Option<f64>,
    /// Longitude, rounded to two decimals.
    pub lon: Option<f64>,
    /// Follow-ups the agency published.
    pub follow_ups: u64,
}

/// The columns of [`OpenReport`], in order: the CSV header.
pub const COLUMNS: [&str; 18] = [
    "tracking_id",
    "submitted_at",
    "month",
    "kind",
    "status",
    "completion_kind",
    "category",
    "topic",
    "agency",
    "agency_name",
    "region_code",
    "province",
    "channel",
    "title",
    "body",
    "lat",
    "lon",
    "follow_ups",
];

impl OpenReport {
    /// The CSV record: the fields of [`COLUMNS`] in order, an absent value empty. A title or
    /// chronology that a spreadsheet would take for a formula (starting with `=`, `+`, `-`,
    /// `@`, a tab or a carriage return) is led by an apostrophe.
    pub fn record(&self) -> [String; 18] {
        let text = |s: &str| match s.chars().next() {
            Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
            _ => s.to_owned(),
        };
        let opt = |s: &Option<String>| s.clone().unwrap_or_default();
        let num = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
        [
            self.tracking_id.clone(),
            self.submitted_at.clone(),
            self.month.clone(),
            self.kind.clone(),
            self.status.clone(),
            opt(&self.completion_kind),
            opt(&self.category),
            opt(&self.topic),
            opt(&self.agency),
            opt(&self.agency_name),
            opt(&self.region_code),
            opt(&self.province),
            self.channel.clone(),
            text(&self.title),
            text(&self.body),
            num(self.lat),
            num(self.lon),
            self.follow_ups.to_string(),
        ]
    }
}

/// `x` rounded to two decimals (never `-0`).
pub fn round2(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}

/// Who reads an export's pages: the public, or a member of staff in the scope they had when the
/// export was checked. The state a reader is given is the one it reads from: the public
/// export's is the replica's, if there is one (`AppState::public_reads`, taken once).
#[derive(Debug, Clone)]
pub(super) enum Reader {
    Public,
    Staff(Box<Caller>, ListScope),
}

impl Reader {
    /// The reader of `caller`'s exports: their role's scope as the report list has it. Staff
    /// only (`unauthorized` without a session, `forbidden` for anyone else).
    pub(super) async fn staff(state: &AppState, caller: &Caller) -> AppResult<Self> {
        caller.require_user()?;
        caller.staff().ok_or(AppError::Forbidden)?;
        let scope = crate::reports::list::scope_of(state, caller, false)
            .await?
            .filter(|s| !matches!(s, ListScope::Public | ListScope::Reporter(_)))
            .ok_or(AppError::Forbidden)?;
        Ok(Reader::Staff(Box::new(caller.clone()), scope))
    }

    /// The scope the reader lists.
    fn scope(&self) -> &ListScope {
        match self {
            Reader::Public => &ListScope::Public,
            Reader::Staff(_, scope) => scope,
        }
    }

    /// Where the page of `filter` in the reader's scope that starts after `after` ends: the
    /// key of its `limit`-th report, or `None` when it is the last.
    pub(super) async fn page_end(
        &self,
        state: &AppState,
        filter: &ReportFilter,
        after: Option<&Cursor>,
        limit: u32,
    ) -> AppResult<Option<Cursor>> {
        Ok(state
            .store
            .page_end(self.scope(), filter, after, limit)
            .await?)
    }

    /// The reports of `filter` in the reader's scope after `after` and up to `upto` (to the
    /// last, when `None`), newest first.
    pub(super) async fn page(
        &self,
        state: &AppState,
        filter: &ReportFilter,
        after: Option<&Cursor>,
        upto: Option<&Cursor>,
    ) -> AppResult<Vec<ExportedReport>> {
        Ok(state
            .store
            .list_reports_for_export(self.scope(), filter, after, upto)
            .await?)
    }

    /// The rows of the reports of `page` the policy lets the reader see, in order.
    pub(super) async fn rows(
        &self,
        state: &AppState,
        page: Vec<ExportedReport>,
    ) -> AppResult<Vec<OpenReport>> {
        let actor = match self {
            Reader::Public => Actor::Public,
            Reader::Staff(caller, _) => {
                Actor::Staff(caller.staff().ok_or(AppError::Forbidden)?.clone())
            }
        };
        let mut extras = Vec::with_capacity(page.len());
        let mut seen = Vec::with_capacity(page.len());
        for e in page {
            extras.push((e.follow_ups, e.identity));
            seen.push((actor.clone(), e.report));
        }
        let seen = Viewed::many(state, seen).await?;
        rows_of(state, seen.into_iter().zip(extras).collect()).await
    }
}

/// The rows of the reports the policy lets their viewer see, in order, each with its count
/// of public follow-ups and its reporter's identity, which is read only to be removed from the
/// text and goes no further than this function.
async fn rows_of(
    state: &AppState,
    seen: Vec<(Viewed, (u64, Option<ReporterIdentity>))>,
) -> AppResult<Vec<OpenReport>> {
    // The scope already filtered in SQL; the policy has the last word on every row.
    let seen: Vec<_> = seen
        .into_iter()
        .filter(|(s, _)| s.visibility().report())
        .collect();
    let directory = state.directory().await?;
    Ok(seen
        .iter()
        .map(|(s, (follow_ups, identity))| {
            let report = s.report();
            let identity = identity.as_ref();
            let st = &report.state;
            let title = report.shown_title();
            let category = st.category.as_ref().map(|c| c.as_str().to_owned());
            let location = report.location.as_ref();
            let region_code = location.and_then(|l| l.region_code.clone());
            OpenReport {
                tracking_id: report.tracking_id.to_string(),
                submitted_at: report
                    .submitted_at
                    .to_rfc3339_opts(SecondsFormat::Secs, true),
                month: month_of(report.submitted_at),
                kind: st.kind.as_str().into(),
                status: st.status.as_str().into(),
                completion_kind: st.completion_kind.map(|k| k.as_str().into()),
                topic: category
                    .as_deref()
                    .and_then(|c| c.split('/').next())
                    .map(str::to_owned),
                category,
                agency: st.agency.as_ref().map(|a| a.as_str().to_owned()),
                agency_name: st
                    .agency
                    .as_ref()
                    .and_then(|a| directory.names.get(a).cloned()),
                province: region_code
                    .as_deref()
                    .and_then(|r| r.split('.').next())
                    .map(str::to_owned),
                region_code,
                channel: report.channel.as_string(),
                title: redact(&title, identity),
                body: redact(&report.body, identity),
                lat: location.and_then(|l| l.lat).map(round2),
                lon: location.and_then(|l| l.lon).map(round2),
                follow_ups: *follow_ups,
            }
        })
        .collect())
}
