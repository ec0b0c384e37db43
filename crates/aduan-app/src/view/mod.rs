//! What callers see of reports: every shape here is built from the one visibility policy.
//!
//! Only this crate builds them: the structs are `#[non_exhaustive]` (no literal elsewhere) and
//! their builders take a [`Visibility`](aduan_domain::visibility::Visibility), which only the
//! domain's policy makes; other crates get them from the use cases of [`crate::reports`].

mod events;
mod report;

pub(crate) use events::event_views;
pub use events::{EventView, is_staff_self_submission, shown_role};
pub use report::{ReportView, ReporterView, StatusCard};
pub(crate) use report::{report_view, status_card};
