//! Triage suggestions in the back office, without a browser: the verification form shows the
//! likeliest agencies and categories and chooses none of them, a click chooses one, the
//! verification records which one the admin took, and the national admin follows the versions,
//! switches between them and queues a retrain.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

#[path = "../../aduan-portal/tests/support/mod.rs"]
mod support;

use aduan_store::TriageTarget;
use aduan_testkit::triage::active_model;
use aduan_testkit::{TestApp, on_both_backends};
use axum::http::StatusCode;
use serde_json::json;
use support::Visitor;

async fn staff<'a>(app: &'a TestApp, key: &str) -> Visitor<'a> {
    let mut v = Visitor::new(app);
    let res = v.login(key).await;
    assert!(res.status.is_redirection(), "{key} logs in: {}", res.html);
    v
}

/// The `<select id="{id}">` of a page.
fn select<'h>(html: &'h str, id: &str) -> &'h str {
    let start = html.find(&format!("<select id=\"{id}\"")).expect(id);
    let end = start + html[start..].find("</select>").unwrap();
    &html[start..end]
}

/// The `<p id="{id}">` of a page.
fn block<'h>(html: &'h str, id: &str) -> &'h str {
    let start = html.find(&format!("id=\"{id}\"")).expect(id);
    let end = start + html[start..].find("</p>").unwrap();
    &html[start..end]
}

async fn the_verification_form_suggests_agencies_and_categories_and_chooses_none_itself(
    app: TestApp,
) {
    let agency = active_model(&app, TriageTarget::Agency).await;
    active_model(&app, TriageTarget::Category).await;
    let (id, _) = app
        .submit(json!({"requested_agency": null, "category": null}))
        .await;
    let mut national = staff(&app, "national").await;
    let screen = format!("/kantor/laporan/{id}");
    let html = national.get(&screen).await.html;
    let agencies = block(&html, "agency-suggestions");
    let values: Vec<&str> = agencies
        .split("data-value=\"")
        .skip(1)
        .map(|v| v.split('"').next().unwrap())
        .collect();
    assert_eq!(values.len(), 3, "three agencies: {agencies}");
    assert_eq!(values[0], "kota-surabaya", "{agencies}");
    assert!(agencies.contains("Kota Surabaya"));
    assert!(
        !agencies.contains("chosen"),
        "nothing is chosen for the admin"
    );
    assert!(
        !select(&html, "verify-agency").contains(" selected"),
        "no agency is chosen for the admin"
    );
    let categories = block(&html, "category-suggestions");
    assert!(
        categories.contains("data-value=\"infrastruktur/jalan\""),
        "{categories}"
    );
    assert!(
        !categories.contains("corona-virus"),
        "a category no longer in use is never suggested"
    );
    assert!(
        html.contains("<kbd>1</kbd> <kbd>2</kbd> <kbd>3</kbd>"),
        "the shortcut is listed"
    );

    // One click (a link without JavaScript) chooses the suggestion in the form.
    let href = agencies
        .split("href=\"")
        .nth(1)
        .map(|h| h.split('"').next().unwrap().replace("&amp;", "&"))
        .unwrap();
    assert!(href.contains("pilih_instansi=kota-surabaya"), "{href}");
    let picked = national.get(&href).await;
    assert_eq!(picked.status, StatusCode::OK);
    assert!(
        select(&picked.html, "verify-agency").contains("<option value=\"kota-surabaya\" selected>"),
        "the clicked agency is chosen"
    );
    assert!(block(&picked.html, "agency-suggestions").contains("chip chosen"));

    // The verification with the first suggestion is counted for the model's version.
    let html = picked.html;
    let v = html.find("name=\"version\" value=\"").unwrap() + 22;
    let version = html[v..].split('"').next().unwrap().to_owned();
    let sent = national
        .post_form(
            &format!("{screen}/aksi"),
            &[
                ("version", version.as_str()),
                ("action", "verify_dispatch"),
                ("agency", "kota-surabaya"),
                ("handling_class", "ordinary"),
                ("kind", "complaint"),
                ("title", "Jalan berlubang"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.html);
    let page = national.get("/kantor/referensi/saran").await.html;
    let start = page
        .find(&format!("id=\"triage-{}\"", agency.version))
        .unwrap();
    let row = &page[start..start + page[start..].find("</tr>").unwrap()];
    assert!(
        row.contains("<td>1</td><td>100%</td><td>0%</td><td>0%</td>"),
        "one verification, the first suggestion taken: {row}"
    );

    // Staff who do not verify see no suggestions.
    let mut ombudsman = staff(&app, "ombudsman").await;
    let theirs = ombudsman.get(&screen).await;
    assert_eq!(
        theirs.status,
        StatusCode::OK,
        "the Ombudsman sees the report"
    );
    assert!(!theirs.html.contains("agency-suggestions"));
}

async fn the_national_admin_switches_back_to_an_earlier_version_and_queues_a_retrain(app: TestApp) {
    let mut national = staff(&app, "national").await;
    let empty = national.get("/kantor/referensi/saran").await.html;
    assert!(empty.contains("id=\"triage-empty\""));
    let first = active_model(&app, TriageTarget::Agency).await;
    let second = active_model(&app, TriageTarget::Agency).await;
    let page = national.get("/kantor/referensi/saran").await.html;
    assert!(page.contains(&format!("id=\"triage-{}\"", first.version)));
    assert!(page.contains(&format!("id=\"triage-{}\"", second.version)));
    let switched = national
        .post_form(
            "/kantor/referensi/saran/aktifkan",
            &[("version", &first.version.to_string())],
        )
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER, "{}", switched.html);
    let target = switched.location().unwrap().to_owned();
    assert!(
        national
            .get(&target)
            .await
            .html
            .contains("sekarang dipakai")
    );
    assert_eq!(
        app.store
            .active_triage_version(TriageTarget::Agency)
            .await
            .unwrap(),
        Some(first.version)
    );
    let queued_before = app.store.count_jobs().await.unwrap().queued;
    let retrain = national
        .post_form("/kantor/referensi/saran/latih", &[("target", "")])
        .await;
    assert_eq!(retrain.status, StatusCode::SEE_OTHER, "{}", retrain.html);
    assert_eq!(
        app.store.count_jobs().await.unwrap().queued,
        queued_before + 1,
        "a retrain is queued for the workers"
    );
}

on_both_backends!(
    the_verification_form_suggests_agencies_and_categories_and_chooses_none_itself,
    the_national_admin_switches_back_to_an_earlier_version_and_queues_a_retrain,
);
