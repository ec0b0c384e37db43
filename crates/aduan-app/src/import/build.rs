//! One line of an import turned into a whole history: the submission and every event decided
//! by the lifecycle table ([`decide_submit`], [`decide`]) as the live service decides them,
//! with the windows and escalations the clocks allowed at each event's time, the clocks
//! recomputed on the deployment's calendar and limits, and sensitive categories applied. A
//! line the table refuses is rejected with the reason; nothing is guessed.

use super::actor::{Acting, acting};
use super::format::{Line, LineAttachment};
use super::snapshot::Snapshot;
use crate::error::AppError;
use crate::facts::windows;
use crate::reports::action_input::to_action;
use crate::reports::intake::{IntakeChoices, validate_new_report};
use crate::reports::sensitive;
use crate::scheduler::system_action_due;
use aduan_domain::actor::Actor;
use aduan_domain::lifecycle::{ActionKind, ReportFacts, decide, decide_submit};
use aduan_domain::report::{Channel, Report};
use aduan_domain::sla::{Clock, SlaContext, SlaLimits, advance};
use aduan_domain::workdays::{WorkCalendar, Zone};
use aduan_domain::{AgencyId, ReporterId, TrackingId};
use aduan_store::{EventActor, History, HistoryStep};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// Longest legacy id accepted, in bytes.
pub const MAX_LEGACY_ID: usize = 200;

/// What a line is checked against.
pub struct Context<'a> {
    /// The directory.
    pub directory: &'a Snapshot,
    /// Working days.
    pub calendar: &'a WorkCalendar,
    /// The deployment's time limits.
    pub limits: &'a SlaLimits,
    /// Nothing may have happened after this.
    pub now: DateTime<Utc>,
    /// The directory attachment paths are relative to.
    pub base: &'a Path,
}

/// A file of an imported report, found but not yet stored.
#[derive(Debug, Clone)]
pub struct PendingFile {
    /// Where it is.
    pub path: PathBuf,
    /// The name to record.
    pub name: String,
    /// Who uploaded it.
    pub uploader: EventActor,
    /// When.
    pub at: DateTime<Utc>,
    /// Whether the public may see it.
    pub public: bool,
}

/// A line ready to write.
#[derive(Debug, Clone)]
pub struct Built {
    /// The id in the legacy system.
    pub legacy_id: String,
    /// The whole history.
    pub history: History,
    /// Its files.
    pub files: Vec<PendingFile>,
    /// The reporter's explicit choice about confidentiality, if they made one.
    pub confidential_choice: Option<bool>,
}

/// Why a line is rejected, in words an operator can act on.
pub type Reason = String;

/// The reason an application error gives, with every field's code.
pub fn reason(e: &AppError) -> Reason {
    match e {
        AppError::Validation(fields) => fields
            .iter()
            .map(|(f, c)| format!("{f}: {c}"))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// Checks `line` and builds its history; `rng` draws its tracking and reporter ids.
pub async fn build(
    line: Line,
    ctx: &Context<'_>,
    rng: &mut (impl rand::Rng + ?Sized),
) -> Result<Built, Reason> {
    let legacy_id = line.legacy_id.trim().to_owned();
    if legacy_id.is_empty() || legacy_id.len() > MAX_LEGACY_ID {
        return Err(format!(
            "legacy_id: empty or longer than {MAX_LEGACY_ID} bytes"
        ));
    }
    let channel = Channel::parse(&line.channel).ok_or("channel: invalid")?;
    let submitted_at = line.submitted_at.with_timezone(&Utc);
    if submitted_at > ctx.now {
        return Err("submitted_at: in the future".into());
    }
    let choices = IntakeChoices {
        anonymous: line.anonymous,
        confidential: line.confidential,
        show_name: line.show_name,
    };
    let valid = validate_new_report(
        ctx.directory,
        Zone::Wib.local_date(submitted_at),
        &line.kind,
        line.title,
        line.body,
        line.incident_date,
        line.location,
        line.requested_agency,
        line.category,
        &choices,
        line.reporter,
        None,
        channel,
    )
    .await
    .map_err(|e| reason(&e))?;
    let reporter = ReporterId::generate(rng);
    let as_reporter = EventActor {
        id: reporter.to_string(),
        role: aduan_domain::Role::Reporter,
    };
    let (submitter, on_behalf) = match &line.submitted_by {
        Some(by) => (
            acting(by, ctx.directory, &reporter).map_err(|r| format!("submitted_by: {r}"))?,
            true,
        ),
        None => (Acting::public(as_reporter.clone()), false),
    };
    let submit = decide_submit(&submitter.actor, &valid.report, on_behalf)
        .map_err(|e| format!("submission: {e}"))?;
    let mut draft = submit.event;
    submitter.stamp(&mut draft.payload);
    let confidential_choice = valid.report.confidential_choice;
    let report = Report::submitted(
        TrackingId::generate(rng),
        reporter.clone(),
        valid.report,
        submit.state.clone(),
        submitted_at,
    );
    let zone_of = |a: &AgencyId| ctx.directory.zone_of(a);
    let sla = SlaContext {
        calendar: ctx.calendar,
        limits: ctx.limits,
        zone_of: &zone_of,
    };
    let mut clocks: Vec<Clock> = Vec::new();
    advance(
        &mut clocks,
        ActionKind::Submit,
        submitted_at,
        None,
        &submit.state,
        &sla,
    );
    let mut steps = vec![HistoryStep {
        event: draft,
        actor: submitter.recorded,
        at: submitted_at,
        state: submit.state,
    }];
    for (i, event) in line.events.into_iter().enumerate() {
        let n = i + 1;
        let fail = |r: String| format!("event {n} ({}): {r}", event.action.action);
        let before = steps
            .last()
            .map(|s| s.state.clone())
            .ok_or("no submission")?;
        let last_at = steps.last().map_or(submitted_at, |s| s.at);
        let at = event.at.with_timezone(&Utc);
        if at < last_at {
            return Err(fail("earlier than the event before it".into()));
        }
        if at > ctx.now {
            return Err(fail("in the future".into()));
        }
        if let Some(field) = event.unknown.keys().next() {
            return Err(fail(format!("unknown field `{field}`")));
        }
        if event.action.version.is_some() || event.action.access_code.is_some() {
            return Err(fail(
                "`version` and `access_code` have no place in an import".into(),
            ));
        }
        let kind = ActionKind::parse(&event.action.action)
            .filter(|k| k.in_table() && *k != ActionKind::Submit)
            .ok_or_else(|| fail("not an action of the lifecycle table".into()))?;
        let action = to_action(ctx.directory, kind, &event.action)
            .await
            .map_err(|e| fail(reason(&e)))?;
        let who = acting(&event.by, ctx.directory, &reporter).map_err(&fail)?;
        let mut open = windows(&clocks, at);
        if matches!(who.actor, Actor::System) {
            open.escalation_due = system_action_due(
                &report.tracking_id,
                &clocks,
                before.escalation_level,
                kind,
                ctx.calendar,
                at,
            );
            open.auto_close_due = open.auto_close_due && kind == ActionKind::AutoClose;
        }
        let facts = ReportFacts {
            state: before.clone(),
            reporter: reporter.clone(),
            confidential: before.confidential,
            anonymous: report.anonymous,
            show_name: report.show_name,
            unit_path: before
                .unit
                .as_ref()
                .and_then(|u| ctx.directory.place(u))
                .map(|p| p.path.clone())
                .unwrap_or_default(),
            windows: open,
        };
        let mut decision = decide(&facts, &who.actor, &action).map_err(|e| fail(e.to_string()))?;
        let mut draft = decision.event;
        if sensitive::categorised(&before, &decision.state, &draft)
            && let Some(category) = &decision.state.category
        {
            let sensitive = ctx.directory.sensitive(category);
            sensitive::apply(
                &mut decision.state,
                &mut draft,
                sensitive,
                line.confidential,
            );
        }
        if let Some(expected) = &event.status
            && expected != decision.state.status.as_str()
        {
            return Err(fail(format!(
                "the lifecycle table gives status {}, the line says {expected}",
                decision.state.status.as_str()
            )));
        }
        who.stamp(&mut draft.payload);
        advance(&mut clocks, kind, at, Some(&before), &decision.state, &sla);
        steps.push(HistoryStep {
            event: draft,
            actor: who.recorded,
            at,
            state: decision.state,
        });
    }
    let files = line
        .attachments
        .iter()
        .enumerate()
        .map(|(i, a)| {
            pending(a, ctx, &reporter, submitted_at)
                .map_err(|r| format!("attachment {}: {r}", i + 1))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Built {
        legacy_id,
        history: History {
            report,
            identity: Some(valid.identity),
            steps,
            clocks,
        },
        files,
        confidential_choice,
    })
}

/// Where an attachment's file is: a path relative to the import file's directory, or a
/// `file:` URL.
fn pending(
    a: &LineAttachment,
    ctx: &Context<'_>,
    reporter: &ReporterId,
    submitted_at: DateTime<Utc>,
) -> Result<PendingFile, Reason> {
    let path = match a.file.strip_prefix("file://") {
        Some(absolute) => PathBuf::from(absolute),
        None if a.file.contains("://") => {
            return Err("only paths and file: URLs of files copied beside the input".into());
        }
        None => ctx.base.join(&a.file),
    };
    if !path.is_file() {
        return Err(format!("no file at {}", path.display()));
    }
    let name = a.name.clone().unwrap_or_else(|| {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let uploader = match &a.by {
        Some(by) => acting(by, ctx.directory, reporter)?.recorded,
        None => EventActor {
            id: reporter.to_string(),
            role: aduan_domain::Role::Reporter,
        },
    };
    Ok(PendingFile {
        path,
        name,
        uploader,
        at: a.at.map_or(submitted_at, |t| t.with_timezone(&Utc)),
        public: a.public,
    })
}
