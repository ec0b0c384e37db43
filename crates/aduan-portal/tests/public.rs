//! The public side of the portal: the feed of dispatched, non-confidential reports with its
//! filters and pages, the agency directory and pages, the topic tree and the league table.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use aduan_domain::time::TimeSource;
use aduan_testkit::{As, TestApp};
use axum::http::StatusCode;
use chrono::Duration;
use serde_json::{Value, json};
use support::{Visitor, pager_link};

/// Submits a report with `overrides` and has the national admin dispatch it to `agency`.
async fn dispatched(app: &TestApp, overrides: Value, agency: &str) -> String {
    let (id, _) = app.submit(overrides).await;
    let national = app.login("national").await;
    let verify =
        json!({"action": "verify_dispatch", "agency": agency, "handling_class": "ordinary"});
    assert_eq!(
        app.act_ok(&id, As::Token(&national), verify).await,
        "dispatched"
    );
    id
}

async fn feed(app: &TestApp, query: &str) -> String {
    let page = Visitor::new(app).get(&format!("/laporan{query}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    page.html
}

async fn the_feed_shows_a_dispatched_report_as_anonim_and_never_the_reporters_name(app: TestApp) {
    let id = dispatched(
        &app,
        json!({"title": "Lampu jalan padam di Jl. Darmo", "anonymous": true}),
        "kota-surabaya",
    )
    .await;
    let html = feed(&app, "").await;
    assert!(html.contains("Lampu jalan padam di Jl. Darmo"), "{html}");
    assert!(html.contains(&format!("href=\"/laporan/{id}\"")));
    assert!(html.contains("Pelapor: Anonim"));
    assert!(html.contains("Diteruskan ke"));
    assert!(html.contains("Kota Surabaya"));
    assert!(html.contains("Situs web"), "the channel is shown");
    assert!(
        !html.contains("Siti"),
        "an anonymous reporter's name never shows"
    );
    assert!(!html.contains("siti.rahmawati"), "nor the e-mail");
}

async fn the_feed_names_the_reporter_only_when_the_reporter_chose_to(app: TestApp) {
    dispatched(
        &app,
        json!({"title": "Nama ditampilkan", "show_name": true}),
        "kota-surabaya",
    )
    .await;
    let budi = json!({"name": "Budi Santoso", "email": "budi@contoh.id"});
    dispatched(
        &app,
        json!({"title": "Nama disembunyikan", "reporter": budi}),
        "kota-surabaya",
    )
    .await;
    let html = feed(&app, "").await;
    assert!(html.contains("Siti Rahmawati"), "show_name shows the name");
    assert!(html.contains("Nama disembunyikan"));
    assert!(html.contains("Pelapor: Siti Rahmawati"));
    assert!(
        html.contains("Pelapor: Pelapor"),
        "a hidden name reads Pelapor"
    );
    assert!(
        !html.contains("Budi"),
        "a name not chosen to show never shows"
    );
}

async fn a_confidential_or_undispatched_report_is_not_in_the_feed(app: TestApp) {
    dispatched(
        &app,
        json!({"title": "Laporan rahasia", "confidential": true}),
        "kota-surabaya",
    )
    .await;
    app.submit(json!({"title": "Belum diverifikasi"})).await;
    dispatched(&app, json!({"title": "Laporan terbuka"}), "kota-surabaya").await;
    let html = feed(&app, "").await;
    assert!(html.contains("Laporan terbuka"));
    assert!(!html.contains("Laporan rahasia"));
    assert!(!html.contains("Belum diverifikasi"));
}

async fn each_filter_narrows_the_feed(app: TestApp) {
    dispatched(
        &app,
        json!({"title": "Laporan Surabaya lama", "category": "infrastruktur"}),
        "kota-surabaya",
    )
    .await;
    app.clock.advance(Duration::days(10));
    let makassar = dispatched(
        &app,
        json!({
            "title": "Laporan Makassar baru",
            "kind": "aspiration",
            "channel": "mobile",
            "category": "infrastruktur/jalan",
            "requested_agency": "kota-makassar",
            "location": {"text": "Jl. Somba Opu, Makassar", "region_code": "73.71"}
        }),
        "kota-makassar",
    )
    .await;
    let mk = app.login("makassar").await;
    let follow = json!({"action": "follow_up", "body": "Sedang kami tinjau."});
    assert_eq!(
        app.act_ok(&makassar, As::Token(&mk), follow).await,
        "in_progress"
    );

    for query in ["", "?category=infrastruktur"] {
        let both = feed(&app, query).await;
        let all = both.contains("Laporan Surabaya lama") && both.contains("Laporan Makassar baru");
        assert!(all, "a topic includes its sub-topics: {query}");
    }
    let today = (app.clock.now() + Duration::hours(7)).date_naive();
    let yesterday = today - Duration::days(1);
    let only_makassar = [
        "?status=in_progress".to_owned(),
        "?agency=kota-makassar".to_owned(),
        "?region=73".to_owned(),
        "?region=73.71".to_owned(),
        "?category=infrastruktur/jalan".to_owned(),
        "?kind=aspiration".to_owned(),
        "?channel=mobile".to_owned(),
        format!("?from={today}"),
    ];
    for query in only_makassar {
        let html = feed(&app, &query).await;
        assert!(html.contains("Laporan Makassar baru"), "{query}");
        assert!(!html.contains("Laporan Surabaya lama"), "{query} narrows");
    }
    let only_surabaya = [
        "?status=dispatched".to_owned(),
        "?agency=kota-surabaya".to_owned(),
        "?region=35".to_owned(),
        "?kind=complaint".to_owned(),
        "?channel=web".to_owned(),
        format!("?to={yesterday}"),
    ];
    for query in only_surabaya {
        let html = feed(&app, &query).await;
        assert!(html.contains("Laporan Surabaya lama"), "{query}");
        assert!(!html.contains("Laporan Makassar baru"), "{query} narrows");
    }
    let none = feed(&app, "?agency=kementerian-kesehatan").await;
    assert!(none.contains("Belum ada laporan publik yang cocok."));
}

async fn the_feed_counts_down_to_auto_close_after_a_follow_up(app: TestApp) {
    let id = dispatched(
        &app,
        json!({"title": "Menunggu tanggapan"}),
        "kota-surabaya",
    )
    .await;
    assert!(
        !feed(&app, "").await.contains("Ditutup otomatis"),
        "no countdown yet"
    );
    let sby = app.login("surabaya").await;
    let done = json!({"action": "follow_up", "body": "Sudah kami perbaiki, mohon dicek."});
    app.act_ok(&id, As::Token(&sby), done).await;
    let html = feed(&app, "").await;
    assert!(
        html.contains("Ditutup otomatis dalam 10 hari kerja bila pelapor tidak menanggapi."),
        "{html}"
    );
}

async fn a_malformed_filter_is_a_bad_request_page(app: TestApp) {
    let page = Visitor::new(&app).get("/laporan?from=kemarin").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.html.contains("<html"));
}

async fn the_pager_reaches_the_second_page_and_comes_back(app: TestApp) {
    for n in 1..=21 {
        dispatched(
            &app,
            json!({"title": format!("Laporan nomor {n:02}")}),
            "kota-surabaya",
        )
        .await;
        app.clock.advance(Duration::minutes(1));
    }
    let first = feed(&app, "").await;
    assert!(first.contains("Laporan nomor 21") && first.contains("Laporan nomor 02"));
    assert!(
        !first.contains("Laporan nomor 01"),
        "twenty a page, newest first"
    );
    assert!(pager_link(&first, "prev").is_none());
    let next = pager_link(&first, "next").expect("a next link");
    let mut visitor = Visitor::new(&app);
    let second = visitor.get(&next).await;
    assert_eq!(second.status, StatusCode::OK);
    assert!(second.html.contains("Laporan nomor 01"));
    assert!(!second.html.contains("Laporan nomor 02"));
    assert!(second.html.contains("Halaman 2"));
    assert!(pager_link(&second.html, "next").is_none(), "the last page");
    let back = visitor
        .get(&pager_link(&second.html, "prev").expect("a previous link"))
        .await;
    assert!(back.html.contains("Laporan nomor 21") && back.html.contains("Halaman 1"));
}

async fn the_agency_page_shows_the_figures_of_the_stats_api(app: TestApp) {
    let id = dispatched(&app, json!({"title": "Jalan berlubang"}), "kota-surabaya").await;
    app.clock.advance(Duration::days(1));
    let sby = app.login("surabaya").await;
    let follow = json!({"action": "follow_up", "body": "Tim menambal jalan."});
    app.act_ok(&id, As::Token(&sby), follow).await;
    app.clock.advance(Duration::days(9));
    let sby = app.login("surabaya").await;
    let done = json!({"action": "complete", "body": "Jalan sudah ditambal."});
    assert_eq!(app.act_ok(&id, As::Token(&sby), done).await, "completed");

    let api = app
        .get("/api/v1/stats/sla?agency=kota-surabaya", As::Anon)
        .await;
    let figures = api.body["figures"].as_array().unwrap().clone();
    assert!(!figures.is_empty(), "{}", api.text);
    let page = Visitor::new(&app).get("/instansi/kota-surabaya").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html;
    assert!(html.contains("Kota Surabaya") && html.contains("Pemerintah kota"));
    assert!(html.contains("WIB (Waktu Indonesia Barat"));
    assert!(
        html.contains("Jalan berlubang"),
        "its latest public reports"
    );
    assert!(html.contains("href=\"/laporan?agency=kota-surabaya\""));
    for f in &figures {
        let label = match f["phase"].as_str().unwrap() {
            "verification" => "Verifikasi",
            "first_follow_up" => "Tindak lanjut pertama",
            _ => "Penyelesaian",
        };
        let section = &html[html.find(&format!("<h3>{label}")).expect(label)..];
        let section = &section[..section.find("</section>").unwrap()];
        assert!(
            section.contains(&format!("<dd>{}</dd>", f["decided"])),
            "{section}"
        );
        let within = f["within_limit"].as_u64().unwrap();
        let pct = (f["compliance"].as_f64().unwrap() * 100.0).round() as i64;
        assert!(section.contains(&format!("{within} ({pct}%)")), "{section}");
        let median = f["median_days"].as_i64().unwrap();
        assert!(
            section.contains(&format!("{median} hari kerja")),
            "{section}"
        );
    }
}

async fn the_directory_searches_agencies_by_name_and_kind(app: TestApp) {
    let mut v = Visitor::new(&app);
    let all = v.get("/instansi").await;
    assert!(all.html.contains("3 instansi"));
    let found = v.get("/instansi?q=makas").await;
    assert!(found.html.contains("Kota Makassar"));
    assert!(!found.html.contains("Kota Surabaya"));
    let ministries = v.get("/instansi?kind=kementerian").await;
    assert!(ministries.html.contains("Kementerian Kesehatan"));
    assert!(!ministries.html.contains("Kota Makassar"));
}

async fn a_category_page_lists_its_children_and_explains_sensitive_topics(app: TestApp) {
    dispatched(&app, json!({"title": "Jalan rusak parah"}), "kota-surabaya").await;
    let mut v = Visitor::new(&app);
    let tree = v.get("/kategori").await;
    assert!(tree.html.contains("href=\"/kategori/infrastruktur/jalan\""));
    let topic = v.get("/kategori/infrastruktur").await;
    assert_eq!(topic.status, StatusCode::OK);
    assert!(
        topic
            .html
            .contains("href=\"/kategori/infrastruktur/jalan\">JALAN</a>")
    );
    assert!(
        topic.html.contains("Jalan rusak parah"),
        "sub-topics' reports count"
    );
    let sub = v.get("/kategori/infrastruktur/jalan").await;
    assert!(
        sub.html
            .contains("href=\"/kategori/infrastruktur\">INFRASTRUKTUR</a>")
    );
    let sensitive = v.get("/kategori/kekerasan-seksual").await;
    assert!(sensitive.html.contains("Topik ini sensitif"));
}

async fn the_public_pages_speak_english_by_header_and_by_cookie(app: TestApp) {
    let mut by_header = Visitor::new(&app);
    by_header.accept_language = Some("en-US,en;q=0.9".into());
    for (path, text) in [
        ("/laporan", "Public reports"),
        ("/instansi", "Agency directory"),
        ("/instansi/kota-surabaya", "City government"),
        ("/kategori", "Report categories"),
        ("/kategori/kekerasan-seksual", "This topic is sensitive"),
        ("/statistik", "deadline record"),
    ] {
        let page = by_header.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.html.contains("<html lang=\"en\""), "{path}");
        assert!(page.html.contains(text), "{path}");
    }
    let mut by_cookie = Visitor::new(&app);
    let switched = by_cookie
        .post_form("/bahasa", &[("lang", "en"), ("next", "/laporan")])
        .await;
    assert_eq!(
        by_cookie.cookie(aduan_pagekit::LANG_COOKIE),
        Some("en"),
        "{}",
        switched.status
    );
    let page = by_cookie.get("/laporan").await;
    assert!(page.html.contains("Public reports") && page.html.contains("Filter reports"));
}

async fn an_unknown_agency_or_category_is_a_localized_not_found_page(app: TestApp) {
    let mut v = Visitor::new(&app);
    for path in ["/instansi/tidak-ada", "/kategori/tidak/ada"] {
        let page = v.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            page.html.contains("Halaman atau laporan tidak ditemukan."),
            "{path}"
        );
    }
    v.accept_language = Some("en".into());
    let page = v.get("/instansi/tidak-ada").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.html.contains("<html lang=\"en\""));
}

async fn the_league_table_ranks_agencies_by_completion_within_the_limit(app: TestApp) {
    let sby = app.login("surabaya").await;
    let mk = app.login("makassar").await;
    let on_time = dispatched(&app, json!({"title": "Cepat"}), "kota-surabaya").await;
    let late = dispatched(
        &app,
        json!({"title": "Lambat", "requested_agency": "kota-makassar", "location": {"text": "Makassar", "region_code": "73.71"}}),
        "kota-makassar",
    )
    .await;
    let follow = json!({"action": "follow_up", "body": "Kami tangani."});
    app.act_ok(&on_time, As::Token(&sby), follow.clone()).await;
    app.act_ok(&late, As::Token(&mk), follow).await;
    let done = json!({"action": "complete", "body": "Selesai."});
    app.act_ok(&on_time, As::Token(&sby), done.clone()).await;
    app.clock.advance(Duration::days(40));
    let mk = app.login("makassar").await;
    app.act_ok(&late, As::Token(&mk), done).await;

    let html = Visitor::new(&app).get("/statistik").await.html;
    let surabaya = html.find("Kota Surabaya").expect("Surabaya is ranked");
    let makassar = html.find("Kota Makassar").expect("Makassar is ranked");
    assert!(surabaya < makassar, "on time ranks above late");
    assert!(html.contains("100% tepat waktu") && html.contains("0% tepat waktu"));
}

async fn the_league_table_keeps_auto_closes_apart_and_shows_completions_by_kind(app: TestApp) {
    // Two ordinary complaints to Surabaya on Monday 2 March (limit Friday 20 March): one is
    // completed and confirmed, the other gets a follow-up and then silence, and the system
    // closes it on Wednesday 18th, before the limit, the agency never having completed it.
    let (done, code) = app.submit(json!({"title": "Selesai"})).await;
    let silent = dispatched(&app, json!({"title": "Sunyi"}), "kota-surabaya").await;
    let national = app.login("national").await;
    let verify = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    app.act_ok(&done, As::Token(&national), verify).await;
    let sby = app.login("surabaya").await;
    let follow = json!({"action": "follow_up", "body": "Kami tangani."});
    app.act_ok(&done, As::Token(&sby), follow.clone()).await;
    app.act_ok(&silent, As::Token(&sby), follow).await;
    app.act_ok(
        &done,
        As::Token(&sby),
        json!({"action": "complete", "body": "Selesai."}),
    )
    .await;
    app.act_ok(&done, As::Code(&code), json!({"action": "confirm"}))
        .await;
    app.clock.advance(Duration::days(16));
    app.run_scheduler().await;

    let html = Visitor::new(&app).get("/statistik").await.html;
    assert!(html.contains("Kota Surabaya"), "{html}");
    assert!(
        html.contains("1 dari 1 laporan"),
        "the auto-closed report is not counted within the limit: {html}"
    );
    assert!(html.contains("1 ditutup otomatis sebelum batas tanpa diselesaikan instansi"));
    assert!(html.contains("1 dikonfirmasi pelapor · 0 ditutup instansi · 1 ditutup otomatis"));
    let agency = Visitor::new(&app).get("/instansi/kota-surabaya").await.html;
    assert!(agency.contains("1 dikonfirmasi pelapor · 0 ditutup instansi · 1 ditutup otomatis"));
}

aduan_testkit::on_both_backends!(
    the_league_table_keeps_auto_closes_apart_and_shows_completions_by_kind,
    the_feed_shows_a_dispatched_report_as_anonim_and_never_the_reporters_name,
    the_feed_names_the_reporter_only_when_the_reporter_chose_to,
    a_confidential_or_undispatched_report_is_not_in_the_feed,
    each_filter_narrows_the_feed,
    the_feed_counts_down_to_auto_close_after_a_follow_up,
    a_malformed_filter_is_a_bad_request_page,
    the_pager_reaches_the_second_page_and_comes_back,
    the_agency_page_shows_the_figures_of_the_stats_api,
    the_directory_searches_agencies_by_name_and_kind,
    a_category_page_lists_its_children_and_explains_sensitive_topics,
    the_public_pages_speak_english_by_header_and_by_cookie,
    an_unknown_agency_or_category_is_a_localized_not_found_page,
    the_league_table_ranks_agencies_by_completion_within_the_limit,
);
