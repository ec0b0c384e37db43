//! The back office's pages, one module per part.

mod bulk;
mod deliveries;
mod groups;
mod intake;
mod looks;
mod overview;
mod queue;
mod reference;
mod reveal;
mod review;
mod second_factor;
mod staff;

use aduan_pagekit::routes::{
    ACCOUNT_HOLDERS, ADMINS, HANDLERS, NATIONAL, Pages, REVEAL_APPROVER, REVEAL_READERS, STAFF,
};
use axum::http::Method;
use axum::routing::get;

/// The back-office routes, all under `/kantor`, with who may use each.
pub fn routes() -> Pages {
    Pages::new()
        .get("/kantor", STAFF, queue::queue)
        .post("/kantor/massal", HANDLERS, bulk::bulk)
        .merge(review::routes())
        .merge(groups::routes())
        .routed(
            "/kantor/lapor",
            &[(Method::GET, HANDLERS), (Method::POST, HANDLERS)],
            get(intake::form)
                .post(intake::submit)
                .layer(axum::extract::DefaultBodyLimit::max(intake::MAX_BODY)),
        )
        .merge(reference::routes())
        .get("/kantor/ikhtisar", ADMINS, overview::overview)
        .get("/kantor/staf", ADMINS, staff::list)
        .post("/kantor/staf", ADMINS, staff::create)
        .get("/kantor/staf/{id}", ACCOUNT_HOLDERS, staff::account)
        .post(
            "/kantor/staf/{id}/status",
            ACCOUNT_HOLDERS,
            staff::set_status,
        )
        .post(
            "/kantor/staf/{id}/sandi",
            ACCOUNT_HOLDERS,
            staff::reset_password,
        )
        .post(
            "/kantor/staf/{id}/lingkup",
            ACCOUNT_HOLDERS,
            staff::change_scope,
        )
        .get("/kantor/pengiriman", NATIONAL, deliveries::page)
        .post("/kantor/pengiriman/{id}/ulang", NATIONAL, deliveries::retry)
        .get("/kantor/identitas-dilihat", NATIONAL, looks::page)
        .get("/kantor/pengungkapan", REVEAL_READERS, reveal::list)
        .get("/kantor/pengungkapan/{id}", REVEAL_READERS, reveal::one)
        .post(
            "/kantor/pengungkapan/{id}/keputusan",
            REVEAL_APPROVER,
            reveal::decide,
        )
        .post(
            "/kantor/pengungkapan/{id}/beritahu",
            NATIONAL,
            reveal::notify,
        )
        .get("/kantor/dua-langkah", STAFF, second_factor::page)
        .post("/kantor/dua-langkah/mulai", STAFF, second_factor::begin)
        .post(
            "/kantor/dua-langkah/konfirmasi",
            STAFF,
            second_factor::confirm,
        )
        .post(
            "/kantor/dua-langkah/kode-pemulihan",
            STAFF,
            second_factor::renew,
        )
        .post("/kantor/dua-langkah/matikan", STAFF, second_factor::remove)
        .get("/kantor/sesi", STAFF, staff::sessions::page)
        .post("/kantor/sesi/akhiri", STAFF, staff::sessions::revoke)
        .post(
            "/kantor/sesi/akhiri-lainnya",
            STAFF,
            staff::sessions::revoke_others,
        )
}
