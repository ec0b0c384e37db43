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

use aduan_pagekit::routes::{
    PUBLIC, PUBLIC_REPORT, Pages, REPORTER, SIGNED_IN_PUBLIC_REPORT, STAFF_REPORT,
};

/// The routes of this part, with who may use each.
pub fn routes() -> Pages {
    Pages::new()
        .get("/lacak", PUBLIC, track::form)
        .post("/lacak", PUBLIC, track::open)
        // Anyone with a tracking id sees its status card; the report itself only where they may.
        .get("/laporan/{id}", PUBLIC, page::show)
        .post("/laporan/{id}/aksi", REPORTER, actions::act)
        .get("/laporan/{id}/data-saya", REPORTER, rights::download)
        .post("/laporan/{id}/hapus-identitas", REPORTER, rights::erase)
        .get("/laporan/{id}/lampiran/{file}", PUBLIC_REPORT, page::file)
        .post(
            "/laporan/{id}/dukung",
            SIGNED_IN_PUBLIC_REPORT,
            community::support,
        )
        .post(
            "/laporan/{id}/komentar",
            SIGNED_IN_PUBLIC_REPORT,
            community::comment,
        )
        .post(
            "/laporan/{id}/komentar/moderasi",
            STAFF_REPORT,
            community::moderate,
        )
        .post("/lapor/kirim-kode", PUBLIC, recover::send_code)
        .get("/pulihkan", PUBLIC, recover::form)
        .post("/pulihkan", PUBLIC, recover::recover)
}
