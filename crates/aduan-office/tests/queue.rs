//! The work queues at `/kantor`, without a browser: each role sees its own queue and no one
//! else's reports, the most urgent deadline first with countdown badges and breach marks,
//! filters narrow, pages follow on, anonymous reporters stay "Anonim"; and the bulk actions.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

#[path = "queue/bulk.rs"]
mod bulk;
#[path = "queue/search.rs"]
mod search;
#[path = "queue/steps.rs"]
mod steps;
#[path = "../../aduan-portal/tests/support/mod.rs"]
mod support;

use aduan_testkit::{TestApp, on_both_backends};
use chrono::Duration;
use serde_json::json;
use steps::{
    IDENTITY, at_dinas_pu, for_makassar, link, listed, place, queue, row, staff, submitted, view,
};

async fn each_role_sees_its_own_queue_and_not_other_agencies_reports(app: TestApp) {
    let surabaya_report = submitted(&app, json!({})).await;
    let makassar_report = for_makassar(&app).await;

    let mut national = staff(&app, "national").await;
    let html = queue(&mut national, "").await;
    assert!(listed(&html, &surabaya_report) && listed(&html, &makassar_report));
    assert!(
        html.contains("Menunggu verifikasi"),
        "the default tab is named"
    );

    let mut surabaya = staff(&app, "surabaya").await;
    let mut makassar = staff(&app, "makassar").await;
    let html = queue(&mut surabaya, "").await;
    assert!(listed(&html, &surabaya_report), "requested for Surabaya");
    assert!(!listed(&html, &makassar_report));
    let html = queue(&mut makassar, "").await;
    assert!(listed(&html, &makassar_report));
    assert!(
        !listed(&html, &surabaya_report),
        "Makassar never sees Surabaya's"
    );

    at_dinas_pu(&app, &surabaya_report).await;
    let html = queue(&mut surabaya, "?tab=dipegang").await;
    assert!(listed(&html, &surabaya_report), "held by Surabaya");
    for tab in ["", "?tab=dipegang", "?tab=terlambat", "?tab=semua"] {
        let html = queue(&mut makassar, tab).await;
        assert!(!listed(&html, &surabaya_report), "Makassar {tab}");
    }
    let mut dinas_pu = staff(&app, "dinas-pu").await;
    let html = queue(&mut dinas_pu, "").await;
    assert!(
        listed(&html, &surabaya_report),
        "the unit's default tab is what it holds"
    );
    let mut dinkes = staff(&app, "dinkes").await;
    let html = queue(&mut dinkes, "?tab=semua").await;
    assert!(!listed(&html, &surabaya_report), "another unit's report");
    assert!(!listed(&html, &makassar_report));

    let mut ombudsman = staff(&app, "ombudsman").await;
    let html = queue(&mut ombudsman, "").await;
    assert!(!listed(&html, &surabaya_report), "nothing escalated to it");
    let html = queue(&mut ombudsman, "?tab=semua").await;
    assert!(
        listed(&html, &surabaya_report),
        "supervisors read what is dispatched"
    );
    assert!(
        !listed(&html, &makassar_report),
        "but nothing before verification"
    );

    let mut citizen = staff(&app, "citizen").await;
    assert_eq!(citizen.get("/kantor").await.status, 403);
}

async fn a_breached_report_comes_first_marked_and_the_badge_counts_working_days(app: TestApp) {
    let older = submitted(&app, json!({"title": "Laporan lama"})).await;
    app.clock.advance(Duration::days(4)); // Friday: Monday's 3-day verification has run out
    let newer = submitted(&app, json!({"title": "Laporan baru"})).await;

    let mut national = staff(&app, "national").await;
    let html = queue(&mut national, "?tab=verifikasi").await;
    assert!(
        place(&html, &older) < place(&html, &newer),
        "breached first"
    );
    let late = row(&html, &older);
    assert!(late.starts_with("<li class=\"breached\""), "{late}");
    assert!(late.contains("badge late"), "{late}");
    let overdue = -view(&app, &older).await["sla"]["working_days_left"]
        .as_i64()
        .unwrap();
    assert!(
        late.contains(&format!("Verifikasi: terlambat {overdue} hari kerja")),
        "{late}"
    );

    let fresh = row(&html, &newer);
    assert!(!fresh.contains("breached") && !fresh.contains("badge late"));
    let left = view(&app, &newer).await["sla"]["working_days_left"]
        .as_i64()
        .unwrap();
    assert!(left > 0);
    assert!(
        fresh.contains(&format!("Verifikasi: sisa {left} hari kerja")),
        "{fresh}"
    );
}

async fn a_missed_follow_up_shows_in_the_breach_and_escalation_tabs(app: TestApp) {
    let id = submitted(&app, json!({})).await;
    at_dinas_pu(&app, &id).await;
    app.clock.advance(Duration::days(10)); // first follow-up (5 working days) long missed
    app.run_scheduler().await;
    app.run_scheduler().await;
    let calm = submitted(&app, json!({"title": "Belum terlambat"})).await;
    steps::dispatch(&app, &calm, "kota-surabaya").await;
    assert_eq!(view(&app, &id).await["escalation_level"], "national_admin");

    let mut surabaya = staff(&app, "surabaya").await;
    let html = queue(&mut surabaya, "?tab=terlambat").await;
    assert!(
        listed(&html, &id) && !listed(&html, &calm),
        "only the breached one"
    );
    let r = row(&html, &id);
    assert!(
        r.contains("badge late") && r.contains("Eskalasi: Admin nasional"),
        "{r}"
    );
    let held = queue(&mut surabaya, "?tab=dipegang").await;
    assert!(place(&held, &id) < place(&held, &calm), "breached first");

    let mut national = staff(&app, "national").await;
    let html = queue(&mut national, "?tab=eskalasi").await;
    assert!(listed(&html, &id) && !listed(&html, &calm));
    let mut ksp = staff(&app, "ksp").await;
    let html = queue(&mut ksp, "").await;
    assert!(
        listed(&html, &id) && !listed(&html, &calm),
        "KSP: escalated first"
    );
    let mut dinas_pu = staff(&app, "dinas-pu").await;
    let html = queue(&mut dinas_pu, "?tab=terlambat").await;
    assert!(listed(&html, &id), "the holding unit sees its breach");
}

async fn filters_narrow_the_queue(app: TestApp) {
    let road = submitted(&app, json!({})).await;
    let idea = submitted(
        &app,
        json!({"kind": "aspiration", "category": null, "title": "Usul taman baca"}),
    )
    .await;
    let makassar = for_makassar(&app).await;
    let mut national = staff(&app, "national").await;

    let html = queue(&mut national, "?tab=verifikasi&kind=aspiration").await;
    assert!(listed(&html, &idea) && !listed(&html, &road) && !listed(&html, &makassar));
    let html = queue(&mut national, "?tab=verifikasi&category=infrastruktur").await;
    assert!(listed(&html, &road), "a topic includes its sub-topics");
    assert!(!listed(&html, &idea));
    let html = queue(
        &mut national,
        "?tab=verifikasi&requested_agency=kota-makassar",
    )
    .await;
    assert!(listed(&html, &makassar) && !listed(&html, &road));
    let html = queue(&mut national, "?tab=verifikasi&region=73").await;
    assert!(
        listed(&html, &makassar) && !listed(&html, &road),
        "a province holds its cities"
    );
    let html = queue(&mut national, "?tab=verifikasi&channel=phone").await;
    assert!(!listed(&html, &road) && html.contains("Tidak ada laporan di antrean ini."));
    let html = queue(&mut national, "?tab=semua&from=2026-03-03").await;
    assert!(!listed(&html, &road), "submitted before the period");
    let html = queue(&mut national, "?tab=semua&from=2026-03-02&to=2026-03-02").await;
    assert!(listed(&html, &road) && listed(&html, &makassar));
    let html = queue(&mut national, "?tab=verifikasi&status=completed").await;
    assert!(
        !listed(&html, &road),
        "a status outside the tab matches nothing"
    );
}

async fn the_queue_pages_on_in_deadline_order(app: TestApp) {
    let mut ids = Vec::new();
    for _ in 0..27 {
        ids.push(submitted(&app, json!({})).await);
    }
    let mut national = staff(&app, "national").await;
    let first = queue(&mut national, "?tab=verifikasi").await;
    let on_first: Vec<&String> = ids.iter().filter(|id| listed(&first, id)).collect();
    assert_eq!(on_first.len(), 25, "a page holds 25 reports");
    assert!(link(&first, "prev").is_none());
    let next = link(&first, "next").expect("a next page");
    let second = national.get(&next).await.html;
    let on_second: Vec<&String> = ids.iter().filter(|id| listed(&second, id)).collect();
    assert_eq!(on_second.len(), 2, "the rest, none twice");
    assert!(on_second.iter().all(|id| !on_first.contains(id)));
    assert!(link(&second, "next").is_none());
    assert!(second.contains("Halaman 2"));
    let back = link(&second, "prev").expect("a way back");
    let again = national.get(&back).await.html;
    assert!(
        on_first.iter().all(|id| listed(&again, id)),
        "back to page one"
    );
}

async fn anonymous_reporters_never_show_a_name_in_queues(app: TestApp) {
    let secrets = [
        "Budi Santoso",
        "budi.santoso@contoh.id",
        "81299988877",
        "7371010101900002",
    ];
    let reporter = json!({"name": secrets[0], "email": secrets[1], "phone": "081299988877", "nik": secrets[3]});
    let hidden = submitted(
        &app,
        json!({"anonymous": true, "title": "Pungli di kelurahan", "reporter": reporter}),
    )
    .await;
    let named = submitted(&app, json!({"title": "Antrean puskesmas"})).await;
    let mut national = staff(&app, "national").await;
    let html = queue(&mut national, "").await;
    assert!(
        row(&html, &named).contains(&format!("Pelapor: {}", IDENTITY[0])),
        "the identity is shown where the policy allows it"
    );
    assert!(row(&html, &hidden).contains("Pelapor: Anonim"));
    let mut surabaya = staff(&app, "surabaya").await;
    let mut looks = vec![html, queue(&mut surabaya, "").await];
    at_dinas_pu(&app, &hidden).await;
    looks.push(queue(&mut surabaya, "?tab=dipegang").await);
    looks.push(queue(&mut surabaya, "?tab=semua").await);
    let mut dinas_pu = staff(&app, "dinas-pu").await;
    looks.push(queue(&mut dinas_pu, "").await);
    looks.push(queue(&mut dinas_pu, "?tab=semua").await);
    let mut ksp = staff(&app, "ksp").await;
    looks.push(queue(&mut ksp, "?tab=semua").await);
    for html in looks {
        assert!(row(&html, &hidden).contains("Anonim"));
        for secret in secrets {
            assert!(!html.contains(secret), "a queue shows {secret}");
        }
    }
}

on_both_backends!(
    each_role_sees_its_own_queue_and_not_other_agencies_reports,
    a_breached_report_comes_first_marked_and_the_badge_counts_working_days,
    a_missed_follow_up_shows_in_the_breach_and_escalation_tabs,
    filters_narrow_the_queue,
    the_queue_pages_on_in_deadline_order,
    anonymous_reporters_never_show_a_name_in_queues,
);

mod searched {
    use crate::search::*;
    aduan_testkit::on_both_backends!(
        the_words_narrow_the_queue_within_the_staff_members_scope,
        words_too_common_to_search_for_say_so,
    );
}
