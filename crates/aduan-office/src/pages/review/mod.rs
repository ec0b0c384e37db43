//! The staff report screen, `/kantor/laporan/{id}`: one report as this staff member may see it
//! (attachments, the reporter as the policy shows them, every clock, the full history with
//! internal notes, the reporter's replies) and a form for exactly each action the lifecycle
//! allows them now: verification and dispatch, postponing, archiving and deleting, dispatch to
//! a unit, reroute, follow-up and final answer with attachments, internal notes, answers to the
//! Ombudsman, the Ombudsman's own actions, and the national admin's audited identity reveal.
//!
//! Every action goes through the use case `take`, as the API's, with the version the page was rendered
//! with, so the lifecycle table decides and a report that changed meanwhile gives a conflict.
//! Keyboard shortcuts (`static/office.js`) only enhance: the page works without JavaScript.

mod act;
mod choices;
mod files;
mod form;
mod history;
mod nav;
mod offer;
mod page;
mod reply;
mod reveal;
mod suggest;

use aduan_pagekit::errors::PageError;
use aduan_pagekit::routes::{HANDLERS_REPORT, NATIONAL, PUBLIC, Pages, STAFF, STAFF_REPORT};
use axum::extract::DefaultBodyLimit;
use axum::extract::Path;
use axum::http::{Method, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

/// The back office's script: keyboard shortcuts and the agency type-ahead (progressive
/// enhancement only).
const OFFICE_JS: &[u8] = include_bytes!("../../../static/office.js");

/// The routes of the report screen.
pub fn routes() -> Pages {
    Pages::new()
        .get("/kantor/laporan/{id}", STAFF_REPORT, page::show)
        // A form's address opened as a page sends back to the report's page, which decides.
        .get("/kantor/laporan/{id}/aksi", STAFF, back)
        .post("/kantor/laporan/{id}/aksi", STAFF_REPORT, act::act)
        .routed(
            "/kantor/laporan/{id}/jawaban",
            &[(Method::GET, STAFF), (Method::POST, HANDLERS_REPORT)],
            get(back)
                .post(reply::answer)
                .layer(DefaultBodyLimit::max(reply::MAX_BODY)),
        )
        .get("/kantor/laporan/{id}/identitas", STAFF, back)
        .post("/kantor/laporan/{id}/identitas", NATIONAL, reveal::reveal)
        // "Done", after an action: says what was done, nothing of the report.
        .get("/kantor/laporan/{id}/selesai", STAFF, act::done)
        .get(
            "/kantor/laporan/{id}/lampiran/{file}",
            STAFF_REPORT,
            files::download,
        )
        .post(
            "/kantor/laporan/{id}/lampiran/{file}/publikasi",
            HANDLERS_REPORT,
            files::publish,
        )
        .get("/kantor/static/office.js", PUBLIC, script)
}

/// `GET` on a form's address (a language switch after a refused form comes back here): the
/// report screen.
async fn back(Path(id): Path<String>) -> Result<Redirect, PageError> {
    let id = aduan_domain::TrackingId::parse(&id).map_err(|_| PageError::NotFound)?;
    Ok(Redirect::to(&format!("/kantor/laporan/{id}")))
}

/// `GET /kantor/static/office.js`.
async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        OFFICE_JS,
    )
        .into_response()
}
