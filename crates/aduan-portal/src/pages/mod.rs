//! The pages, one module per part of the portal.

mod account;
mod home;
mod lang;
pub mod public;
mod report;
mod submit;

use aduan_app::AppState;
use axum::Router;
use axum::routing::{get, post};

/// The portal's page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/bahasa", post(lang::switch))
        .route(
            "/lapor",
            get(submit::form)
                .post(submit::submit)
                .layer(axum::extract::DefaultBodyLimit::max(submit::MAX_BODY)),
        )
        .merge(report::routes())
        .route("/laporan", get(public::feed::feed))
        .route("/instansi", get(public::agencies::directory))
        .route("/instansi/{slug}", get(public::agencies::show))
        .route("/kategori", get(public::categories::topics))
        .route("/kategori/{*id}", get(public::categories::category))
        .route("/kelompok/{id}", get(public::groups::show))
        .route("/statistik", get(public::statistik::page))
        .route("/statistik/bulanan", get(public::monthly::page))
        .route("/statistik/bulanan.pdf", get(public::monthly::pdf))
        .route("/akun", get(account::home))
        .route(
            "/akun/daftar",
            get(account::register_page).post(account::register),
        )
        .route(
            "/akun/konfirmasi",
            get(account::confirm_page).post(account::confirm),
        )
        .route("/akun/masuk", get(account::login_page).post(account::login))
        .route("/akun/keluar", post(account::logout))
        .route(
            "/akun/lupa-sandi",
            get(account::forgot_page).post(account::forgot),
        )
        .route(
            "/akun/sandi-baru",
            get(account::new_password_page).post(account::new_password),
        )
        .route(
            "/akun/preferensi",
            get(account::prefs_page).post(account::save_prefs),
        )
        .route("/akun/data", get(account::download))
        .route("/akun/hapus", get(account::erase_page).post(account::erase))
}
