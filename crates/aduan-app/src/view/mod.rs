//! What callers see of reports: every shape here is built from the one visibility policy.

mod events;
mod report;

pub use events::{EventView, event_views, is_staff_self_submission, shown_role};
pub use report::{ReportView, ReporterView, StatusCard, report_view, status_card};
