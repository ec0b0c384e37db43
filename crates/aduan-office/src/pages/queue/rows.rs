//! One queue row as staff read it: title, status, marks (rerouted, appealed, escalated,
//! confidential, empty of content), the reporter as the policy lets this viewer see them, and the countdown of
//! the running time limit due soonest.

use aduan_app::triage::junk_sign;
use aduan_app::view::ReportView;
use aduan_domain::sla::ClockReading;
use aduan_pagekit::Ctx;
use std::collections::HashMap;

/// A mark next to the status.
pub struct Mark {
    /// The text.
    pub text: String,
}

/// The countdown of the running time limit due soonest.
pub struct Badge {
    /// Past its deadline.
    pub late: bool,
    /// "sisa 2 hari kerja", "terlambat 3 hari kerja", ...
    pub text: String,
}

/// One row.
pub struct Row {
    /// The tracking id.
    pub id: String,
    /// The title, or the tracking id when it has none.
    pub title: String,
    /// The status, in words.
    pub status: String,
    /// Marks.
    pub marks: Vec<Mark>,
    /// The reporter: a name only when this viewer may see the identity.
    pub reporter: String,
    /// The kind, in words.
    pub kind: String,
    /// The channel, in words.
    pub channel: String,
    /// The category's name.
    pub category: Option<String>,
    /// The holding agency, else the requested one.
    pub agency: Option<String>,
    /// When it was submitted.
    pub submitted: String,
    /// The countdown.
    pub badge: Option<Badge>,
}

impl Row {
    /// Past a deadline.
    pub fn breached(&self) -> bool {
        self.badge.as_ref().is_some_and(|b| b.late)
    }
}

/// The open time limit due soonest (paused ones have no date and come after).
fn limit_clock(r: &ReportView) -> Option<&ClockReading> {
    r.clocks
        .iter()
        .filter(|k| k.open && k.phase.is_limit())
        .min_by_key(|k| (k.due_at.is_none(), k.due_at))
}

fn badge(c: &Ctx, r: &ReportView) -> Option<Badge> {
    let clock = limit_clock(r)?;
    let phase = c.t(&format!("office-queue-phase-{}", clock.phase.as_str()));
    let (late, text) = match clock.working_days_left {
        _ if clock.paused => (false, c.t("office-queue-paused")),
        None => return None,
        Some(d) if clock.breached || d < 0 => (true, c.n("office-queue-late", "days", -d)),
        Some(0) => (false, c.t("office-queue-today")),
        Some(d) => (false, c.n("office-queue-left", "days", d)),
    };
    Some(Badge {
        late,
        text: format!("{phase}: {text}"),
    })
}

/// How the reporter appears: "Anonim" for an anonymous reporter on every page, a name only
/// when the policy gave this viewer the identity, else "Pelapor".
pub fn reporter_label(c: &Ctx, r: &ReportView) -> String {
    if r.anonymous {
        return c.t("reporter-anonymous");
    }
    r.reporter
        .name
        .clone()
        .unwrap_or_else(|| c.t("reporter-hidden"))
}

fn marks(c: &Ctx, r: &ReportView) -> Vec<Mark> {
    let mut out = Vec::new();
    let mut mark = |key: &str| out.push(Mark { text: c.t(key) });
    if r.rerouted {
        mark("office-queue-mark-rerouted");
    }
    if r.appeal_used && r.status == "submitted" {
        mark("office-queue-mark-appealed");
    }
    if r.confidential {
        mark("office-queue-mark-confidential");
    }
    // Awaiting verification and empty of content: a hint for the bulk archive, never more.
    if r.status == "submitted"
        && let Some(sign) = junk_sign(r.title.as_deref().unwrap_or(""), &r.body)
    {
        mark(&format!(
            "office-queue-mark-junk-{}",
            sign.as_str().replace('_', "-")
        ));
    }
    if r.escalation_level != "none" {
        let level = c.t(&format!("escalation-{}", r.escalation_level));
        out.push(Mark {
            text: c.t1("office-queue-mark-escalated", "level", level),
        });
    }
    out
}

/// Builds the rows; `agencies` and `categories` map ids to names.
pub fn rows(
    c: &Ctx,
    items: &[ReportView],
    agencies: &HashMap<String, String>,
    categories: &HashMap<String, String>,
) -> Vec<Row> {
    let name = |map: &HashMap<String, String>, id: &Option<String>| {
        id.as_ref()
            .map(|i| map.get(i).cloned().unwrap_or_else(|| i.clone()))
    };
    items
        .iter()
        .map(|r| Row {
            id: r.tracking_id.clone(),
            title: r.title.clone().unwrap_or_else(|| r.tracking_id.clone()),
            status: c.status(&r.status),
            marks: marks(c, r),
            reporter: reporter_label(c, r),
            kind: c.kind(&r.kind),
            channel: c.channel(&r.channel),
            category: name(categories, &r.category),
            agency: name(agencies, &r.agency.clone().or(r.requested_agency.clone())),
            submitted: c.when(&r.submitted_at),
            badge: badge(c, r),
        })
        .collect()
}
