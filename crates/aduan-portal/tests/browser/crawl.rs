//! The crawler: every page an agency admin or unit officer can reach in a real browser, with
//! every link and form they can follow (and the searches of the queues and the public feed), searched for the identity of anonymous reporters
//! (filed on the portal, by SMS, by e-mail, by a partner system, through the chats, by an
//! insider and in comments).

use crate::harness::Browser;
use crate::office::staff;
use aduan_testkit::{As, TestApp};
use serde_json::json;

/// The anonymous reporter whose identity no agency page may show.
const SECRET_NAME: &str = "Kartika Sembunyi";
const SECRET_EMAIL: &str = "kartika.sembunyi@contoh.id";
const SECRET_PHONE_DIGITS: &str = "81355544433";
const SECRET_NIK: &str = "3578014507900001";
const SECRET_FIRST_NAME: &str = "Kartika";

/// Which piece of the secret identity `source` holds, if any.
fn leak(source: &str) -> Option<&'static str> {
    let lower = source.to_lowercase();
    let digits: String = source.chars().filter(char::is_ascii_digit).collect();
    [
        ("name", lower.contains(&SECRET_NAME.to_lowercase())),
        // A comment once named its author by the first word of the account's name.
        (
            "first name",
            lower.contains(&SECRET_FIRST_NAME.to_lowercase()),
        ),
        ("e-mail", lower.contains(SECRET_EMAIL)),
        ("NIK", source.contains(SECRET_NIK)),
        ("phone", digits.contains(SECRET_PHONE_DIGITS)),
    ]
    .into_iter()
    .find_map(|(what, found)| found.then_some(what))
    .or_else(|| crate::channels::leak(source))
}

/// Follows every same-origin link and opens every GET form reachable from the staff
/// member's start pages (at most `limit` pages), and returns the pages seen; fails when
/// any page holds a piece of the anonymous reporter's identity.
async fn crawl(b: &Browser, start: &[&str], limit: usize) -> Vec<String> {
    let base = b.base_url().to_owned();
    let mut queue: std::collections::VecDeque<String> =
        start.iter().map(|s| (*s).to_owned()).collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut visited = Vec::new();
    while let Some(path) = queue.pop_front() {
        if visited.len() >= limit || !seen.insert(path.clone()) {
            continue;
        }
        b.goto(&path).await;
        let source = b.client().source().await.unwrap();
        if let Some(what) = leak(&source).or_else(|| insider_leak(&source)) {
            b.screenshot("identity-leak").await;
            panic!("the anonymous reporter's {what} is on {path}");
        }
        visited.push(path.clone());
        let targets = b
            .run(
                r#"
const links = Array.from(document.querySelectorAll('a[href]')).map(a => a.href);
const forms = Array.from(document.forms)
  .filter(f => (f.getAttribute('method') || 'get').toLowerCase() === 'get')
  .map(f => f.action.split('#')[0] + '?' + new URLSearchParams(new FormData(f)).toString());
return links.concat(forms);
"#,
                vec![],
            )
            .await;
        for t in targets.as_array().cloned().unwrap_or_default() {
            let Some(url) = t.as_str() else { continue };
            let Some(rest) = url.strip_prefix(&base) else {
                continue;
            };
            let rest = rest.split('#').next().unwrap_or_default();
            // Downloads open as files, not pages; the portal's own pages are checked too.
            if rest.is_empty() || rest.contains("/lampiran/") || rest.starts_with("/static/") {
                continue;
            }
            if !seen.contains(rest) {
                queue.push_back(rest.to_owned());
            }
        }
    }
    visited
}

async fn anonymous_reports(app: &TestApp) -> Vec<String> {
    let reporter = json!({"name": SECRET_NAME, "email": SECRET_EMAIL, "phone": format!("0{SECRET_PHONE_DIGITS}"), "nik": SECRET_NIK});
    let officer = app.login("dinas-pu").await;
    let mut ids = Vec::new();
    // One awaiting verification with Surabaya requested, one held by the unit with a
    // follow-up, one completed.
    for step in 0..3 {
        let (id, _) = app
            .submit(json!({"anonymous": true, "reporter": reporter, "title": format!("Laporan anonim {step}")}))
            .await;
        if step > 0 {
            app.to_the_surabaya_unit(&id, "Sedang ditinjau.").await;
        }
        if step > 1 {
            app.act_ok(
                &id,
                As::Token(&officer),
                json!({"action": "complete", "body": "Selesai ditangani."}),
            )
            .await;
        }
        ids.push(id);
    }
    // Anonymous reports by SMS, by e-mail, by a partner system and through Telegram,
    // WhatsApp and X, held by the unit.
    ids.extend(crate::channels::anonymous_channel_reports(app).await);
    ids
}

/// A staff member of another agency who files a report for themselves: nothing of them (their
/// unit, name or e-mail) may appear as its filer.
const INSIDER_KEY: &str = "orang-dalam";
const INSIDER_NAME: &str = "Wahyu Pramudito";
const INSIDER_UNIT: &str = "Bagian Pengadaan Rahasia";

/// Which piece of the insider's identity `source` holds, if any.
fn insider_leak(source: &str) -> Option<&'static str> {
    [
        ("staff unit", source.contains(INSIDER_UNIT)),
        ("staff name", source.contains(INSIDER_NAME)),
        (
            "staff e-mail",
            source.contains(&format!("{INSIDER_KEY}@uji.go.id")),
        ),
    ]
    .into_iter()
    .find_map(|(what, found)| found.then_some(what))
}

/// A report filed through the API under the insider's staff session (a unit officer of
/// Makassar), not on behalf of anyone, dispatched to Surabaya's public works unit.
async fn insider_reports(app: &TestApp) -> Vec<String> {
    use aduan_domain::{AgencyId, Role, TimeSource, UnitId};
    let now = app.clock.now();
    let unit = aduan_domain::directory::Unit {
        id: UnitId::new("kota-makassar/pengadaan"),
        agency: AgencyId::new("kota-makassar"),
        parent: None,
        name: INSIDER_UNIT.into(),
        inspectorate: false,
    };
    app.store.upsert_units(&[unit], "test", now).await.unwrap();
    let password = format!("rahasia-{INSIDER_KEY}");
    let hash = aduan_domain::password::hash_password(&password, &mut rand::rng()).unwrap();
    let user = aduan_store::NewUser {
        name: INSIDER_NAME.into(),
        email: Some(format!("{INSIDER_KEY}@uji.go.id")),
        phone: None,
        nik: None,
        password_hash: Some(hash),
        role: Role::UnitOfficer,
        agency: Some(AgencyId::new("kota-makassar")),
        unit: Some(UnitId::new("kota-makassar/pengadaan")),
        body: None,
    };
    app.store.create_user(&user, "test", now).await.unwrap();
    let insider = app.login(INSIDER_KEY).await;
    let body = aduan_testkit::report_body(
        json!({"title": "Laporan orang dalam", "anonymous": true, "reporter": null}),
    );
    let res = app.post("/api/v1/reports", As::Token(&insider), body).await;
    assert_eq!(res.status.as_u16(), 201, "{}", res.text);
    let id = res.body["tracking_id"].as_str().unwrap().to_owned();
    app.dispatch_to_the_surabaya_unit(&id).await;
    vec![id]
}

/// A report filed anonymously by a citizen account that carries the secret identity, public
/// and held by Surabaya's public works unit, with its reporter's comment on it.
async fn commented_anonymous_reports(app: &TestApp) -> Vec<String> {
    use aduan_domain::{Role, TimeSource};
    let now = app.clock.now();
    let hash = aduan_domain::password::hash_password("rahasia-kartika", &mut rand::rng()).unwrap();
    let user = aduan_store::NewUser {
        name: SECRET_NAME.into(),
        email: Some(SECRET_EMAIL.into()),
        phone: None,
        nik: None,
        password_hash: Some(hash),
        role: Role::Citizen,
        agency: None,
        unit: None,
        body: None,
    };
    let account = app.store.create_user(&user, "test", now).await.unwrap();
    let res = app
        .post(
            "/api/v1/auth/login",
            As::Anon,
            json!({"login": SECRET_EMAIL, "password": "rahasia-kartika"}),
        )
        .await;
    let token = res.body["token"].as_str().unwrap().to_owned();
    let body = aduan_testkit::report_body(
        json!({"title": "Laporan anonim berkomentar", "anonymous": true, "reporter": null}),
    );
    let res = app.post("/api/v1/reports", As::Token(&token), body).await;
    assert_eq!(res.status.as_u16(), 201, "{}", res.text);
    let id = res.body["tracking_id"].as_str().unwrap().to_owned();
    app.dispatch_to_the_surabaya_unit(&id).await;
    app.store
        .add_comment(
            &id.parse().unwrap(),
            account.id,
            "Saya pelapornya, masih belum diperbaiki.",
            now,
        )
        .await
        .unwrap();
    vec![id]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: run with --include-ignored"]
async fn no_page_an_agency_admin_or_unit_officer_can_reach_shows_an_anonymous_reporters_identity() {
    let app = TestApp::sqlite().await;
    let mut ids = anonymous_reports(&app).await;
    ids.extend(insider_reports(&app).await);
    ids.extend(commented_anonymous_reports(&app).await);
    // A group of two anonymous reports Surabaya holds: its office and public pages are read
    // paths too, as are the statistics and the monthly report.
    let surabaya = app.login("surabaya").await;
    let made = app
        .post(
            "/api/v1/groups",
            As::Token(&surabaya),
            json!({"title": "Laporan anonim berulang", "members": [ids[1], ids[2]]}),
        )
        .await;
    assert_eq!(made.status.as_u16(), 201, "{}", made.text);
    let group = made.body["id"].as_str().unwrap().to_owned();
    // Triage models that learned from these reports: the suggestions on a verification form
    // and the links that choose one are read paths too.
    for target in [
        aduan_store::TriageTarget::Agency,
        aduan_store::TriageTarget::Category,
    ] {
        aduan_testkit::triage::model_from_history(&app, target).await;
    }
    for key in ["surabaya", "dinas-pu"] {
        let Some(b) = staff(&app, key, "office_privacy_crawl").await else {
            return;
        };
        let mut start = vec!["/kantor".to_owned(), "/".into(), "/akun".into()];
        // The searches of the queues and of the public feed: every result page is a read path.
        start.extend(
            [
                "/kantor?q=laporan+anonim",
                "/kantor?tab=dipegang&q=laporan",
                "/kantor?tab=dipegang&q=pungli",
                "/laporan?q=laporan",
                "/laporan?q=jalan+berlubang",
                "/kantor/kelompok",
                "/statistik",
                "/statistik/bulanan",
            ]
            .map(str::to_owned),
        );
        start.push(format!("/kantor/kelompok/{group}"));
        start.push(format!("/kelompok/{group}"));
        start.extend(ids[1..].iter().map(|id| format!("/laporan/{id}")));
        // The log of looks at identities is the national admin's: refused here, and it names
        // no reporter anyway.
        start.extend(
            ids[1..]
                .iter()
                .map(|id| format!("/kantor/identitas-dilihat?laporan={id}")),
        );
        let start: Vec<&str> = start.iter().map(String::as_str).collect();
        let visited = crawl(&b, &start, 250).await;
        println!(
            "{key}: {} pages crawled without the anonymous identity",
            visited.len()
        );
        for id in &ids[1..] {
            let page = format!("/kantor/laporan/{id}");
            assert!(
                visited.iter().any(|p| p.starts_with(&page)),
                "{key} reached {page}"
            );
        }
        assert!(
            visited.len() > 20,
            "the crawl reached the office: {visited:?}"
        );
        if key == "surabaya" {
            assert!(
                visited.iter().any(|p| p.contains("pilih_kategori=")),
                "the crawl chose a suggested category on a verification form: {visited:?}"
            );
        }
        // The same identity on a report that is not anonymous is seen by the check.
        let (named, _) = app
            .submit(json!({"reporter": {"name": SECRET_NAME, "email": SECRET_EMAIL, "phone": format!("0{SECRET_PHONE_DIGITS}"), "nik": SECRET_NIK}}))
            .await;
        b.goto(&format!("/kantor/laporan/{named}")).await;
        let source = b.client().source().await.unwrap();
        if key == "surabaya" {
            assert!(
                leak(&source).is_some(),
                "the leak check sees a named reporter's identity"
            );
        }
        b.screenshot("crawl-done").await;
        b.close().await;
    }
}
