//! Aduan's domain: the pure types and rules of a national public-service complaint system.
//!
//! Nothing here performs I/O. Time comes from a [`time::TimeSource`] and randomness from a
//! [`rand::RngCore`] that the caller passes in, so every rule can be tested exactly.

pub mod actor;
pub mod codes;
pub mod contact;
pub mod directory;
pub mod event;
pub mod ids;
pub mod lifecycle;
pub mod password;
pub mod report;
pub mod second_factor;
pub mod sla;
pub mod status;
pub mod time;
pub mod tracking_id;
pub mod visibility;
pub mod volume;
pub mod workdays;

pub use actor::{Actor, Role, Staff, StaffRole, SupervisorBody};
pub use ids::{AgencyId, CategoryId, ReporterId, UnitId, UserId};
pub use lifecycle::{Action, ActionKind, Decision, ReportFacts, TransitionError, Windows, decide};
pub use report::{Channel, Kind, NewReport, Report, ReportState, ReporterIdentity};
pub use status::{CompletionKind, EscalationLevel, Status};
pub use time::TimeSource;
pub use tracking_id::TrackingId;
