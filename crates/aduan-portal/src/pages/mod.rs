//! The pages, one module per part of the portal.

mod account;
mod home;
mod lang;
pub mod public;
mod report;
mod submit;

use aduan_pagekit::routes::{ACCOUNT, CITIZEN, PUBLIC, Pages};
use axum::http::Method;
use axum::routing::get;

/// The portal's page routes, with who may use each.
pub fn routes() -> Pages {
    Pages::new()
        .get("/", PUBLIC, home::home)
        .post("/bahasa", PUBLIC, lang::switch)
        .routed(
            "/lapor",
            &[(Method::GET, PUBLIC), (Method::POST, PUBLIC)],
            get(submit::form)
                .post(submit::submit)
                .layer(axum::extract::DefaultBodyLimit::max(submit::MAX_BODY)),
        )
        .merge(report::routes())
        .get("/laporan", PUBLIC, public::feed::feed)
        .get("/instansi", PUBLIC, public::agencies::directory)
        .get("/instansi/{slug}", PUBLIC, public::agencies::show)
        .get("/kategori", PUBLIC, public::categories::topics)
        .get("/kategori/{*id}", PUBLIC, public::categories::category)
        .get("/kelompok/{id}", PUBLIC, public::groups::show)
        .get("/statistik", PUBLIC, public::statistik::page)
        .get("/statistik/bulanan", PUBLIC, public::monthly::page)
        .get("/statistik/bulanan.pdf", PUBLIC, public::monthly::pdf)
        .get("/akun", ACCOUNT, account::home)
        .get("/akun/daftar", PUBLIC, account::register_page)
        .post("/akun/daftar", PUBLIC, account::register)
        .get("/akun/konfirmasi", PUBLIC, account::confirm_page)
        .post("/akun/konfirmasi", PUBLIC, account::confirm)
        .get("/akun/masuk", PUBLIC, account::login_page)
        .post("/akun/masuk", PUBLIC, account::login)
        .post("/akun/keluar", PUBLIC, account::logout)
        .get("/akun/lupa-sandi", PUBLIC, account::forgot_page)
        .post("/akun/lupa-sandi", PUBLIC, account::forgot)
        .get("/akun/sandi-baru", PUBLIC, account::new_password_page)
        .post("/akun/sandi-baru", PUBLIC, account::new_password)
        .get("/akun/preferensi", ACCOUNT, account::prefs_page)
        .post("/akun/preferensi", ACCOUNT, account::save_prefs)
        .get("/akun/data", ACCOUNT, account::download)
        // Staff accounts are closed by their admins, not erased by themselves.
        .get("/akun/hapus", CITIZEN, account::erase_page)
        .post("/akun/hapus", CITIZEN, account::erase)
        .get("/akun/terhapus", PUBLIC, account::erased_page)
}
