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

use aduan_app::AppState;
use axum::Router;
use axum::routing::{get, post};

/// The back-office routes, all under `/kantor`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/kantor", get(queue::queue))
        .route("/kantor/massal", post(bulk::bulk))
        .merge(review::routes())
        .merge(groups::routes())
        .route(
            "/kantor/lapor",
            get(intake::form)
                .post(intake::submit)
                .layer(axum::extract::DefaultBodyLimit::max(intake::MAX_BODY)),
        )
        .merge(reference::routes())
        .route("/kantor/ikhtisar", get(overview::overview))
        .route("/kantor/staf", get(staff::list).post(staff::create))
        .route("/kantor/staf/{id}", get(staff::account))
        .route("/kantor/staf/{id}/status", post(staff::set_status))
        .route("/kantor/staf/{id}/sandi", post(staff::reset_password))
        .route("/kantor/staf/{id}/lingkup", post(staff::change_scope))
        .route("/kantor/pengiriman", get(deliveries::page))
        .route("/kantor/identitas-dilihat", get(looks::page))
        .route("/kantor/pengungkapan", get(reveal::list))
        .route("/kantor/pengungkapan/{id}", get(reveal::one))
        .route("/kantor/pengungkapan/{id}/keputusan", post(reveal::decide))
        .route("/kantor/pengungkapan/{id}/beritahu", post(reveal::notify))
        .route("/kantor/dua-langkah", get(second_factor::page))
        .route("/kantor/dua-langkah/mulai", post(second_factor::begin))
        .route(
            "/kantor/dua-langkah/konfirmasi",
            post(second_factor::confirm),
        )
        .route(
            "/kantor/dua-langkah/kode-pemulihan",
            post(second_factor::renew),
        )
        .route("/kantor/dua-langkah/matikan", post(second_factor::remove))
        .route("/kantor/pengiriman/{id}/ulang", post(deliveries::retry))
        .route("/kantor/sesi", get(staff::sessions::page))
        .route("/kantor/sesi/akhiri", post(staff::sessions::revoke))
        .route(
            "/kantor/sesi/akhiri-lainnya",
            post(staff::sessions::revoke_others),
        )
}
