//! `GET /api/v1/reports?q=`: full-text search in Indonesian as citizens write it, within what
//! each caller may see, with highlighted snippets, facets and relevance paging.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use aduan_testkit::REPORTER_IDENTITY;
use axum::http::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeSet;

const DISPATCH: &str =
    r#"{"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"}"#;

/// Files a report with `title` and `body` and has the national admin dispatch it to Kota
/// Surabaya (`public` unless `confidential`); its tracking id.
async fn public_report(app: &TestApp, national: &str, title: &str, body: &str) -> String {
    let (id, _) = app.submit(json!({"title": title, "body": body})).await;
    let dispatch: Value = serde_json::from_str(DISPATCH).unwrap();
    app.act_ok(&id, As::Token(national), dispatch).await;
    id
}

fn ids(page: &Value) -> BTreeSet<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["tracking_id"].as_str().unwrap().to_owned())
        .collect()
}

async fn search(app: &TestApp, q: &str, who: As<'_>) -> Value {
    let r = app
        .get(
            &format!("/api/v1/reports?q={}&limit=100", urlencode(q)),
            who,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.text);
    r.body
}

fn urlencode(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn stemmed_and_slang_variants_find_the_same_reports(app: TestApp) {
    let national = app.login("national").await;
    let a = public_report(
        &app,
        &national,
        "Kerusakan jalan di depan SD",
        "Aspal mengelupas sejak Januari.",
    )
    .await;
    let b = public_report(
        &app,
        &national,
        "Lubang besar",
        "Jalanan rusak parah di gang tiga.",
    )
    .await;
    let lamp = public_report(
        &app,
        &national,
        "Lampu penerangan mati",
        "Gelap gulita tiap malam.",
    )
    .await;
    let both: BTreeSet<String> = [a.clone(), b.clone()].into();
    for q in [
        "jalan rusak",
        "jln rusak",
        "JALANAN RUSAK",
        "kerusakan jln.",
    ] {
        assert_eq!(ids(&search(&app, q, As::Anon).await), both, "{q}");
    }
    let page = search(&app, "jalan rusak", As::Anon).await;
    assert_eq!(page["search"]["terms"], json!(["jalan", "rusak"]));
    let hits = page["search"]["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2);
    let title_of_a = &hits
        .iter()
        .find(|h| h["tracking_id"] == a.as_str())
        .unwrap()["title"];
    assert!(
        title_of_a
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["hit"] == true && s["text"] == "Kerusakan"),
        "the word as written is highlighted: {title_of_a}"
    );
    let facets = &page["search"]["facets"];
    assert_eq!(
        facets["status"],
        json!([{"value": "dispatched", "count": 2}])
    );
    assert_eq!(
        facets["agency"],
        json!([{"value": "kota-surabaya", "count": 2}])
    );
    assert_eq!(facets["region"], json!([{"value": "35", "count": 2}]));
    assert_eq!(
        facets["category"],
        json!([{"value": "infrastruktur", "count": 2}])
    );
    assert_eq!(
        ids(&search(&app, "lampu mati", As::Anon).await),
        [lamp].into()
    );
    assert!(ids(&search(&app, "jalan banjir", As::Anon).await).is_empty());
}

async fn each_caller_finds_only_what_it_may_see(app: TestApp) {
    let national = app.login("national").await;
    let surabaya = app.login("surabaya").await;
    let makassar = app.login("makassar").await;
    let words = "Gorong-gorong tersumbat";
    let open = public_report(&app, &national, words, "Air meluap ke rumah warga.").await;
    let (waiting, _) = app.submit(json!({"title": words})).await;
    let (secret, _) = app
        .submit(json!({"title": words, "confidential": true}))
        .await;
    let dispatch: Value = serde_json::from_str(DISPATCH).unwrap();
    app.act_ok(&secret, As::Token(&national), dispatch).await;
    let q = "gorong tersumbat";
    assert_eq!(ids(&search(&app, q, As::Anon).await), [open.clone()].into());
    let all: BTreeSet<String> = [open.clone(), waiting.clone(), secret.clone()].into();
    assert_eq!(ids(&search(&app, q, As::Token(&national)).await), all);
    assert_eq!(ids(&search(&app, q, As::Token(&surabaya)).await), all);
    assert!(ids(&search(&app, q, As::Token(&makassar)).await).is_empty());
    // Facet counts follow the same visibility.
    let public = search(&app, q, As::Anon).await;
    assert_eq!(
        public["search"]["facets"]["status"],
        json!([{"value": "dispatched", "count": 1}])
    );
    let makassar_page = search(&app, q, As::Token(&makassar)).await;
    assert_eq!(makassar_page["search"]["facets"]["status"], json!([]));
}

async fn an_anonymous_reporter_is_found_by_no_one_by_name_phone_or_email(app: TestApp) {
    let national = app.login("national").await;
    let (id, _) = app.submit(json!({"anonymous": true})).await;
    let dispatch: Value = serde_json::from_str(DISPATCH).unwrap();
    app.act_ok(&id, As::Token(&national), dispatch).await;
    let surabaya = app.login("surabaya").await;
    app.act_ok(
        &id,
        As::Token(&surabaya),
        json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-pu"}),
    )
    .await;
    let mut callers = vec![("public", None)];
    for role in ["national", "surabaya", "dinas-pu", "ombudsman", "ksp"] {
        callers.push((role, Some(app.login(role).await)));
    }
    for (role, token) in &callers {
        let who = token.as_deref().map_or(As::Anon, As::Token);
        assert_eq!(
            ids(&search(&app, "lubang", who).await),
            [id.clone()].into(),
            "{role}"
        );
        for secret in REPORTER_IDENTITY
            .iter()
            .chain(&["Siti", "Rahmawati", "081234567890"])
        {
            let page = search(&app, secret, who).await;
            assert!(
                ids(&page).is_empty(),
                "{role} found the reporter by {secret}: {page}"
            );
            // Only the caller's own words come back (as the terms searched for).
            let found = json!([
                page["items"],
                page["search"]["hits"],
                page["search"]["facets"]
            ]);
            assert!(!found.to_string().contains(secret), "{role}: {page}");
        }
    }
}

async fn internal_notes_are_found_only_by_staff_who_may_read_them(app: TestApp) {
    let national = app.login("national").await;
    let surabaya = app.login("surabaya").await;
    let id = public_report(
        &app,
        &national,
        "Trotoar ambles",
        "Trotoar ambles dekat halte.",
    )
    .await;
    app.act_ok(
        &id,
        As::Token(&surabaya),
        json!({"action": "note", "body": "Kontraktor wanprestasi, cek anggaran."}),
    )
    .await;
    app.act_ok(
        &id,
        As::Token(&surabaya),
        json!({"action": "follow_up", "body": "Perbaikan dijadwalkan pekan depan."}),
    )
    .await;
    assert_eq!(
        ids(&search(&app, "kontraktor", As::Token(&national)).await),
        [id.clone()].into()
    );
    assert_eq!(
        ids(&search(&app, "kontraktor", As::Token(&surabaya)).await),
        [id.clone()].into()
    );
    for role in ["ombudsman", "ksp"] {
        let token = app.login(role).await;
        assert!(
            ids(&search(&app, "kontraktor", As::Token(&token)).await).is_empty(),
            "{role}"
        );
    }
    assert!(ids(&search(&app, "kontraktor", As::Anon).await).is_empty());
    // A follow-up is public text.
    assert_eq!(
        ids(&search(&app, "perbaikan dijadwalkan", As::Anon).await),
        [id].into()
    );
}

async fn relevance_pages_follow_their_cursor_and_repeat_nothing(app: TestApp) {
    let national = app.login("national").await;
    let in_title = public_report(&app, &national, "Sampah menumpuk di pasar", "Bau sekali.").await;
    let mut all = BTreeSet::from([in_title.clone()]);
    for i in 0..4 {
        let body = format!("Sudah {i} minggu sampah tidak diangkut dari depan rumah.");
        all.insert(public_report(&app, &national, "Keluhan warga", &body).await);
    }
    let first = app.get("/api/v1/reports?q=sampah&limit=2", As::Anon).await;
    assert_eq!(
        first.body["items"][0]["tracking_id"],
        in_title.as_str(),
        "a title match ranks first"
    );
    let mut seen = Vec::new();
    let mut path = "/api/v1/reports?q=sampah&limit=2".to_owned();
    loop {
        let page = app.get(&path, As::Anon).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        let first = seen.is_empty();
        assert_eq!(
            page.body["search"].get("facets").is_some(),
            first,
            "facets on the first page only"
        );
        seen.extend(ids(&page.body));
        match page.body["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/reports?q=sampah&limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5, "{seen:?}");
    assert_eq!(seen.into_iter().collect::<BTreeSet<_>>(), all);
    let newest = app
        .get("/api/v1/reports?q=sampah&order=newest&limit=100", As::Anon)
        .await;
    assert_eq!(ids(&newest.body), all);
}

async fn a_search_without_words_or_too_long_is_refused_with_a_stable_code(app: TestApp) {
    for (path, field, code) in [
        ("/api/v1/reports?q=yang%20dan%20di", "q", "no_terms"),
        ("/api/v1/reports?q=%3F%21", "q", "no_terms"),
        (
            &*format!("/api/v1/reports?q={}", "jalan%20".repeat(50)),
            "q",
            "too_long",
        ),
        ("/api/v1/reports?order=relevance", "order", "needs_q"),
        ("/api/v1/reports?q=jalan&order=loudest", "order", "invalid"),
    ] {
        let r = app.get(path, As::Anon).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}: {}",
            r.text
        );
        assert_eq!(r.body["fields"][field], code, "{path}: {}", r.text);
    }
    // A time cursor does not page a search by relevance.
    let list = app.get("/api/v1/reports?limit=1", As::Anon).await;
    if let Some(c) = list.body["next_cursor"].as_str() {
        let r = app
            .get(&format!("/api/v1/reports?q=jalan&cursor={c}"), As::Anon)
            .await;
        assert_eq!(r.body["fields"]["cursor"], "invalid");
    }
}

on_both_backends!(
    stemmed_and_slang_variants_find_the_same_reports,
    each_caller_finds_only_what_it_may_see,
    an_anonymous_reporter_is_found_by_no_one_by_name_phone_or_email,
    internal_notes_are_found_only_by_staff_who_may_read_them,
    relevance_pages_follow_their_cursor_and_repeat_nothing,
    a_search_without_words_or_too_long_is_refused_with_a_stable_code,
);
