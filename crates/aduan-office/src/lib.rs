//! Aduan's back office: the pages staff work in, under `/kantor`. Queues per role sorted by
//! deadline, the verification screen, holding a report (units, follow-ups, notes, final
//! answers), intake on behalf of walk-in, phone and paper reporters, reference data, staff
//! administration and each agency's overview.
//!
//! The pages share the page kit's (`aduan-pagekit`) layout, language, CSRF protection and error
//! pages with the citizens' portal, and act through the same use cases (`aduan-app`) and
//! transition rules as the JSON API, so the identity of an anonymous reporter reaches no page an agency can open.
//!
//! [`routes`] are the back office's pages; `aduan-server` puts them together with the portal
//! and the API into the service.

mod gate;
mod pages;

pub use gate::StaffCtx;
pub use pages::routes;
