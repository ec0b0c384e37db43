//! Aduan's back office: the pages staff work in, under `/kantor`. Queues per role sorted by
//! deadline, the verification screen, holding a report (units, follow-ups, notes, final
//! answers), intake on behalf of walk-in, phone and paper reporters, reference data, staff
//! administration and each agency's overview.
//!
//! The pages share the portal's layout, language, CSRF protection and error pages, and act
//! through the same handlers and transition rules as the JSON API, so the identity of an
//! anonymous reporter reaches no page an agency can open.
//!
//! [`app`] is the whole service: API, portal and back office.

mod gate;
mod pages;

pub use gate::StaffCtx;

use aduan_app::AppState;
use axum::Router;

/// The whole service: the API, the citizens' portal and the back office.
pub fn app(state: AppState) -> Router {
    aduan_portal::app_with(state, pages::routes())
}
