//! A report's own pages: tracking by id, the report page (public view, or the reporter's
//! private view with the access code or login), the reporter's actions, support votes and
//! comments, sending the access code, and access recovery.

pub mod access;
mod actions;
mod comments;
mod community;
mod page;
mod recover;
mod rights;
mod timeline;
mod track;

use aduan_app::AppState;
use axum::Router;
use axum::routing::{get, post};

/// The routes of this part.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/lacak", get(track::form).post(track::open))
        .route("/laporan/{id}", get(page::show))
        .route("/laporan/{id}/aksi", post(actions::act))
        .route("/laporan/{id}/data-saya", get(rights::download))
        .route("/laporan/{id}/hapus-identitas", post(rights::erase))
        .route("/laporan/{id}/lampiran/{file}", get(page::file))
        .route("/laporan/{id}/dukung", post(community::support))
        .route("/laporan/{id}/komentar", post(community::comment))
        .route("/laporan/{id}/komentar/moderasi", post(community::moderate))
        .route("/lapor/kirim-kode", post(recover::send_code))
        .route("/pulihkan", get(recover::form).post(recover::recover))
}
