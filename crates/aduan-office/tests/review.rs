//! The staff report screen, `/kantor/laporan/{id}`, without a browser: verification and
//! dispatch, dispatch to a unit, follow-up with an attachment and completion, internal notes,
//! anonymity, the audited identity reveal, the Ombudsman's actions, conflicts and scope, and
//! the groups of similar reports answered once.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

#[path = "review/groups.rs"]
mod groups;
#[path = "review/oversight.rs"]
mod oversight;
#[path = "review/steps.rs"]
mod steps;
#[path = "../../aduan-portal/tests/support/mod.rs"]
mod support;

use aduan_testkit::{As, TestApp, on_both_backends};
use axum::http::StatusCode;
use serde_json::json;
use steps::{act, answer, at_dinas_pu, dispatched, open, reporter, screen, staff, submitted};
use support::Visitor;

async fn the_national_admin_verifies_and_dispatches_with_a_corrected_title_and_category(
    app: TestApp,
) {
    let (id, _) = submitted(&app, json!({"title": "jalan rusak"})).await;
    let mut national = staff(&app, "national").await;
    let html = open(&mut national, &id).await;
    for form in [
        "verify-form",
        "postpone-form",
        "archive-form",
        "delete-form",
    ] {
        assert!(
            html.contains(&format!("id=\"{form}\"")),
            "{form} is offered"
        );
    }
    assert!(
        !html.contains("id=\"follow_up-form\""),
        "nothing to follow up yet"
    );
    assert!(
        html.contains("Siti Rahmawati"),
        "the national admin sees the reporter"
    );

    let filtered = national
        .get(&format!("{}?instansi=makassar", screen(&id)))
        .await
        .html;
    assert!(filtered.contains(">Kota Makassar</option>"));
    assert!(
        !filtered.contains(">Kementerian Kesehatan</option>"),
        "the directory's search box narrows the agencies without JavaScript"
    );

    let to = act(
        &mut national,
        &id,
        &[
            ("action", "verify_dispatch"),
            ("title", "Jalan berlubang di Jl. Ahmad Yani"),
            ("kind", "complaint"),
            ("handling_class", "ordinary"),
            ("category", "infrastruktur"),
            ("tags", "jalan, musim-hujan"),
            ("agency", "kota-surabaya"),
        ],
    )
    .await;
    assert_eq!(to, format!("{}?ok=verify_dispatch", screen(&id)));
    let html = national.get(&to).await.html;
    assert!(html.contains("Laporan diverifikasi dan diteruskan."));
    assert!(html.contains("Jalan berlubang di Jl. Ahmad Yani"));
    assert!(html.contains("id=\"report-category\">INFRASTRUKTUR</dd>"));
    assert!(html.contains("id=\"report-agency\">Kota Surabaya</dd>"));

    national.accept_language = Some("en".into());
    let english = national.get(&to).await.html;
    assert!(english.contains("The report was verified and dispatched."));
    assert!(english.contains("Keyboard shortcuts (press ?)"));

    let now = steps::state_of(&app, &id).await;
    assert_eq!(now["status"], "dispatched");
    assert_eq!(now["title"], "Jalan berlubang di Jl. Ahmad Yani");
    assert_eq!(now["category"], "infrastruktur");
    assert_eq!(now["tags"], json!(["jalan", "musim-hujan"]));
}

async fn the_agency_admin_dispatches_to_one_of_its_units(app: TestApp) {
    let (id, _) = dispatched(&app, json!({})).await;
    let mut surabaya = staff(&app, "surabaya").await;
    let html = open(&mut surabaya, &id).await;
    assert!(html.contains("id=\"unit-form\""));
    assert!(html.contains(">Dinas Pekerjaan Umum › Bidang Jalan</option>"));
    assert!(
        !html.contains("value=\"kota-makassar/dinas-pu\""),
        "only its own units are offered"
    );
    assert!(html.contains("id=\"reroute-form\""));
    assert!(!html.contains("id=\"verify-form\""), "already verified");

    let to = act(
        &mut surabaya,
        &id,
        &[
            ("action", "dispatch_unit"),
            ("unit", "kota-surabaya/dinas-pu"),
        ],
    )
    .await;
    let html = surabaya.get(&to).await.html;
    assert!(html.contains("Laporan diteruskan ke unit kerja."));
    assert!(html.contains("id=\"report-unit\">Dinas Pekerjaan Umum</dd>"));
    assert_eq!(
        steps::state_of(&app, &id).await["unit"],
        "kota-surabaya/dinas-pu"
    );

    let reason = "Jalan nasional, wewenang kementerian.";
    let to = act(
        &mut surabaya,
        &id,
        &[
            ("action", "reroute"),
            ("reason", reason),
            ("suggested_agency", "kota-makassar"),
        ],
    )
    .await;
    assert_eq!(
        to,
        format!("{}/selesai?ok=reroute", screen(&id)),
        "it left the agency's hands"
    );
    let done = surabaya.get(&to).await.html;
    assert!(done.contains("Laporan dikembalikan untuk dialihkan ke instansi lain."));
    assert_eq!(
        surabaya.get(&screen(&id)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(steps::state_of(&app, &id).await["status"], "submitted");
}

async fn the_unit_officer_follows_up_with_an_attachment_and_completes(app: TestApp) {
    let (id, code) = at_dinas_pu(&app, json!({})).await;
    let mut officer = staff(&app, "dinas-pu").await;
    let html = open(&mut officer, &id).await;
    assert!(html.contains("id=\"follow_up-form\""));
    assert!(html.contains("enctype=\"multipart/form-data\""));
    assert!(
        !html.contains("id=\"complete-form\""),
        "not before a follow-up"
    );

    let photo = support::multipart::photo();
    let files = [("lubang-jalan.jpg", "image/jpeg", photo)];
    let sent = answer(
        &mut officer,
        &id,
        "follow_up",
        "Tim sudah meninjau lokasi.",
        &files,
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.html);
    let html = officer.get(sent.location().unwrap()).await.html;
    assert!(html.contains("Tindak lanjut terkirim."));
    assert!(html.contains("Tim sudah meninjau lokasi."));
    assert!(
        html.contains("lubang-jalan.jpg"),
        "its own file, by its name"
    );
    let stored = app
        .store
        .list_attachments(&id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(stored.len(), 1, "the photo is stored with the report");
    let file_path = format!("{}/lampiran/{}", screen(&id), stored[0].id.0);
    let file = officer.get(&file_path).await;
    assert_eq!(file.status, StatusCode::OK);
    let published = officer
        .post_form(&format!("{file_path}/publikasi"), &[("public", "yes")])
        .await;
    assert_eq!(published.status, StatusCode::SEE_OTHER);
    let html = officer.get(published.location().unwrap()).await.html;
    assert!(html.contains("Lampiran kini tampil untuk publik."));
    let public = app
        .store
        .list_attachments(&id.parse().unwrap())
        .await
        .unwrap();
    assert!(public[0].public, "staff published the photo");

    let done = answer(&mut officer, &id, "complete", "Jalan sudah ditambal.", &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    let html = officer.get(done.location().unwrap()).await.html;
    assert!(html.contains("Jawaban akhir terkirim; laporan selesai."));
    assert_eq!(steps::state_of(&app, &id).await["status"], "completed");

    let mut me = reporter(&app, &id, &code).await;
    let mine = me.get(&format!("/laporan/{id}")).await.html;
    assert!(mine.contains("Tim sudah meninjau lokasi."));
    assert!(mine.contains("Jalan sudah ditambal."));
}

async fn a_bad_file_refuses_the_whole_answer(app: TestApp) {
    let (id, _) = at_dinas_pu(&app, json!({})).await;
    let mut officer = staff(&app, "dinas-pu").await;
    let files = [(
        "catatan.exe",
        "application/octet-stream",
        b"MZ\x90\x00".to_vec(),
    )];
    let sent = answer(&mut officer, &id, "follow_up", "Sudah ditinjau.", &files).await;
    assert_eq!(sent.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        sent.html
            .contains("Lampiran harus berupa gambar, PDF atau video yang utuh.")
    );
    assert!(
        sent.html.contains(">Sudah ditinjau.</textarea>"),
        "the text is kept"
    );
    assert_eq!(steps::state_of(&app, &id).await["status"], "dispatched");
    assert!(
        app.store
            .list_attachments(&id.parse().unwrap())
            .await
            .unwrap()
            .is_empty()
    );
}

async fn an_internal_note_is_for_staff_only(app: TestApp) {
    let (id, code) = dispatched(&app, json!({})).await;
    let note = "Pelapor pernah melapor hal serupa tahun lalu.";
    let mut surabaya = staff(&app, "surabaya").await;
    let to = act(&mut surabaya, &id, &[("action", "note"), ("body", note)]).await;
    let html = surabaya.get(&to).await.html;
    assert!(html.contains("Catatan internal tersimpan."));
    assert!(html.contains(note));
    assert!(html.contains("Internal: tidak pernah ditampilkan kepada pelapor maupun publik"));
    let mut national = staff(&app, "national").await;
    assert!(open(&mut national, &id).await.contains(note));

    let mut me = reporter(&app, &id, &code).await;
    let mine = me.get(&format!("/laporan/{id}")).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(
        mine.html.contains("Jalan berlubang"),
        "it is the reporter's page"
    );
    assert!(
        !mine.html.contains(note),
        "the reporter never sees the note"
    );
    let public = Visitor::new(&app).get(&format!("/laporan/{id}")).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(
        public.html.contains("Jalan berlubang"),
        "it is the public page"
    );
    assert!(
        !public.html.contains(note),
        "the public never sees the note"
    );
}

async fn an_anonymous_reporter_is_anonim_to_the_agency_admin_and_the_unit_officer(app: TestApp) {
    let (id, _) = submitted(&app, json!({"anonymous": true})).await;
    let mut surabaya = staff(&app, "surabaya").await;
    let before = open(&mut surabaya, &id).await;
    assert!(before.contains("id=\"report-reporter\">Anonim"));
    steps::assert_no_identity(&before, "the requested agency's screen");
    assert!(
        !before.contains("id=\"reveal-form\""),
        "only the national admin may reveal"
    );

    let national = app.login("national").await;
    let to_surabaya = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    app.act_ok(&id, As::Token(&national), to_surabaya).await;
    act(
        &mut surabaya,
        &id,
        &[
            ("action", "dispatch_unit"),
            ("unit", "kota-surabaya/dinas-pu"),
        ],
    )
    .await;
    for key in ["surabaya", "dinas-pu"] {
        let mut v = staff(&app, key).await;
        let html = open(&mut v, &id).await;
        assert!(html.contains("id=\"report-reporter\">Anonim"), "{key}");
        steps::assert_no_identity(&html, key);
    }
}

on_both_backends!(
    the_national_admin_verifies_and_dispatches_with_a_corrected_title_and_category,
    the_agency_admin_dispatches_to_one_of_its_units,
    the_unit_officer_follows_up_with_an_attachment_and_completes,
    a_bad_file_refuses_the_whole_answer,
    an_internal_note_is_for_staff_only,
    an_anonymous_reporter_is_anonim_to_the_agency_admin_and_the_unit_officer,
);
