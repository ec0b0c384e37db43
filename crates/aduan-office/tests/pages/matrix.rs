//! The authorization matrix of the pages: every route of the table the portal's and the back
//! office's router is built from (`aduan_server::page_routes`), asked by every kind of visitor
//! on a subject in their scope and on one outside it, answers as the route's access says: the
//! login page for a visitor not signed in where an account is needed, the forbidden page for a
//! kind of account not admitted (or a subject only its holder changes), the not-found page for
//! a report outside the visitor's scope, and otherwise a page past the gate. Forms carry a
//! valid CSRF token and nothing else, so that what is checked is the gate, not the input.

use super::support::Visitor;
use aduan_domain::TimeSource as _;
use aduan_pagekit::routes::{Access, Scope, Who};
use aduan_testkit::{As, TestApp, on_both_backends};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The values of a subject's path parameters, by the page it is for.
type Subject = BTreeMap<&'static str, String>;

/// A kind of visitor, signed in as `login` (or not), with subjects in and out of scope.
struct Caller {
    name: &'static str,
    login: Option<&'static str>,
    /// The second factor's secret, for an account that has one.
    secret: Option<aduan_domain::second_factor::TotpSecret>,
    /// A report this browser opened with its access code at `/lacak`.
    tracked: Option<(String, String)>,
    own: Subject,
    foreign: Option<Subject>,
}

#[derive(Debug, PartialEq, Clone, Copy)]
enum Expect {
    Login,
    Forbidden,
    NotFound,
    Past,
}

/// What `access` implies for a visitor with `role` (none: not signed in; `reporter`: the
/// report's reporter by its access code or its account) on a subject in or out of scope.
fn expect(
    access: Access,
    role: Option<aduan_domain::Role>,
    reporter: bool,
    in_scope: bool,
) -> Expect {
    let approver = aduan_app::reports::reveal::Approver::default();
    let admitted = match (access.who, role) {
        (Who::Anyone, _) => true,
        (_, None) => return Expect::Login,
        (who, Some(role)) => who.admits(role, approver),
    };
    if !admitted {
        return Expect::Forbidden;
    }
    match access.scope {
        Scope::None => Expect::Past,
        Scope::Visible if !in_scope => Expect::NotFound,
        Scope::Visible => Expect::Past,
        Scope::Own if in_scope && reporter => Expect::Past,
        Scope::Own => Expect::NotFound,
        Scope::Public | Scope::Hidden if !in_scope => Expect::NotFound,
        Scope::Public | Scope::Hidden => Expect::Past,
        Scope::Holder if !in_scope => Expect::Forbidden,
        Scope::Holder => Expect::Past,
    }
}

fn answered(page: &super::support::Page) -> Expect {
    let to_login = page
        .location()
        .is_some_and(|l| l.starts_with("/akun/masuk"));
    match page.status {
        s if s.is_redirection() && to_login => Expect::Login,
        StatusCode::FORBIDDEN => Expect::Forbidden,
        StatusCode::NOT_FOUND => Expect::NotFound,
        _ => Expect::Past,
    }
}

/// The path with the subject's values in place of its parameters.
fn fill(path: &str, subject: &Subject) -> String {
    let id = match path {
        p if p.starts_with("/kantor/kelompok/") || p.starts_with("/kelompok/") => "group",
        p if p.starts_with("/kantor/staf/") => "account",
        p if p.starts_with("/kantor/pengungkapan/") => "reveal",
        p if p.starts_with("/kantor/pengiriman/") => "message",
        _ => "report",
    };
    let query = match path {
        "/kantor/identitas-dilihat" => format!("?laporan={}", subject["report"]),
        "/kantor/laporan/{id}/selesai" => "?ok=note".to_owned(),
        _ => String::new(),
    };
    path.replace("{id}", &subject[id])
        .replace("{file}", &subject["file"])
        .replace("{slug}", "kota-surabaya")
        .replace("{*id}", "infrastruktur")
        + &query
}

/// The fields a form sends besides its token: what names its subject, where the route takes
/// it from the form rather than the path.
fn fields(path: &str, subject: &Subject) -> Vec<(&'static str, String)> {
    match path {
        "/kantor/kelompok/{id}/anggota/hapus" => vec![("tracking_id", subject["report"].clone())],
        "/kantor/referensi/unit" => vec![("agency", "kota-surabaya".to_owned())],
        "/kantor/referensi/unit/ubah" => vec![("id", "kota-surabaya/dinas-pu".to_owned())],
        _ => Vec::new(),
    }
}

/// Attaches a photo to report `id` through the API as `who`; returns the attachment's id.
async fn photo(app: &TestApp, id: &str, who: As<'_>) -> String {
    use tower::ServiceExt;
    let (content_type, body) = super::support::multipart::Multipart::new()
        .file(
            "file",
            "foto.jpg",
            "image/jpeg",
            &super::support::multipart::photo(),
        )
        .finish();
    let mut req = axum::http::Request::post(format!("/api/v1/reports/{id}/attachments"))
        .header("content-type", content_type);
    req = match who {
        As::Code(code) => req.header("x-access-code", code),
        As::Token(token) => req.header("authorization", format!("Bearer {token}")),
        As::Anon => req,
    };
    let res = app
        .router
        .clone()
        .oneshot(req.body(axum::body::Body::from(body)).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let bytes = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    let made: Value = serde_json::from_slice(&bytes).unwrap();
    made["id"].to_string()
}

/// A confidential report with a photo, dispatched to `agency` (and on to `unit`).
async fn held(
    app: &TestApp,
    national: &str,
    who: As<'_>,
    agency: &str,
    unit: Option<&str>,
) -> (String, String, String) {
    let body = aduan_testkit::report_body(json!({"confidential": true, "anonymous": true}));
    let res = app.post("/api/v1/reports", who, body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let id = res.body["tracking_id"].as_str().unwrap().to_owned();
    let code = res.body["access_code"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let uploader = if code.is_empty() {
        who
    } else {
        As::Code(&code)
    };
    let file = photo(app, &id, uploader).await;
    let n = As::Token(national);
    if !agency.is_empty() {
        let to =
            json!({"action": "verify_dispatch", "agency": agency, "handling_class": "ordinary"});
        app.act_ok(&id, n, to).await;
    }
    if let Some(unit) = unit {
        let surabaya = app.login("surabaya").await;
        let to_unit = json!({"action": "dispatch_unit", "unit": unit});
        app.act_ok(&id, As::Token(&surabaya), to_unit).await;
    }
    (id, code, file)
}

async fn user_id(app: &TestApp, key: &str) -> String {
    let login = format!("{key}@uji.go.id");
    let user = app.store.find_user_by_login(&login).await.unwrap().unwrap();
    user.id.to_string()
}

/// The visitors, and a national admin's API token to set things back with.
async fn callers(app: &TestApp) -> (Vec<Caller>, String) {
    let national = app.login("national").await;
    let citizen = app.login("citizen").await;
    let (own, code, own_file) = held(
        app,
        &national,
        As::Anon,
        "kota-surabaya",
        Some("kota-surabaya/dinas-pu"),
    )
    .await;
    let (cit, _, cit_file) = held(
        app,
        &national,
        As::Token(&citizen),
        "kota-surabaya",
        Some("kota-surabaya/dinas-pu"),
    )
    .await;
    let (mks, _, mks_file) = held(app, &national, As::Anon, "kota-makassar", None).await;
    let (wait, _, wait_file) = held(app, &national, As::Anon, "", None).await;
    let (public, _) = app.public_report(json!({})).await;
    let pub_file = photo(app, &public, As::Token(&national)).await;
    let publish = format!("/api/v1/reports/{public}/attachments/{pub_file}/publish");
    let published = app
        .post(&publish, As::Token(&national), json!({"public": true}))
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    let group = |members: Vec<&String>| json!({"title": "Jalan berlubang", "members": members});
    let n = As::Token(&national);
    let own_group = app
        .post("/api/v1/groups", n, group(vec![&own, &public]))
        .await;
    let mks_group = app.post("/api/v1/groups", n, group(vec![&mks])).await;
    let message = app.store.list_outbox(None, 1).await.unwrap()[0]
        .id
        .to_string();
    // Asked by another national admin with a second factor: the matrix's signs in with a
    // password alone.
    app.add_staff("national2", aduan_domain::Role::NationalAdmin)
        .await;
    let (asker, _) = app.login_with_second_factor("national2").await;
    let reveal = app
        .post(
            &format!("/api/v1/reports/{own}/reveal-requests"),
            As::Token(&asker),
            json!({"reason": "Permintaan penyidik, surat No. 12/2026."}),
        )
        .await;
    assert_eq!(reveal.status, StatusCode::CREATED, "{}", reveal.text);

    // The matrix's national admin signs in with a second factor, as identity reveals need.
    let (_, secret) = app.login_with_second_factor("national").await;
    let (in_agency, other_agency) = (
        user_id(app, "bidang-jalan").await,
        user_id(app, "makassar").await,
    );
    let subject = |report: &str, file: &str, group: &Value, account: &str| -> Subject {
        BTreeMap::from([
            ("report", report.to_owned()),
            ("file", file.to_owned()),
            (
                "group",
                group["id"]
                    .as_str()
                    .map_or_else(|| group["id"].to_string(), str::to_owned),
            ),
            ("account", account.to_owned()),
            ("reveal", reveal.body["id"].to_string()),
            ("message", message.clone()),
        ])
    };
    let mine = subject(&own, &own_file, &own_group.body, &in_agency);
    let citizens = subject(&cit, &cit_file, &own_group.body, &in_agency);
    let theirs = subject(&mks, &mks_file, &mks_group.body, &other_agency);
    let waiting = subject(&wait, &wait_file, &mks_group.body, &other_agency);
    let open = subject(&public, &pub_file, &own_group.body, &in_agency);
    let staff = |name, login, foreign: Option<&Subject>| Caller {
        name,
        login: Some(login),
        secret: None,
        tracked: None,
        own: mine.clone(),
        foreign: foreign.cloned(),
    };
    let callers = vec![
        Caller {
            name: "anonymous",
            login: None,
            secret: None,
            tracked: None,
            own: open.clone(),
            foreign: Some(mine.clone()),
        },
        Caller {
            name: "reporter by access code",
            login: None,
            secret: None,
            tracked: Some((own.clone(), code)),
            own: mine.clone(),
            foreign: Some(theirs.clone()),
        },
        Caller {
            name: "citizen",
            login: Some("citizen"),
            secret: None,
            tracked: None,
            own: citizens,
            foreign: Some(theirs.clone()),
        },
        Caller {
            secret: Some(secret),
            ..staff("national admin", "national", None)
        },
        staff("Kota Surabaya admin", "surabaya", Some(&theirs)),
        staff("Dinas PU officer", "dinas-pu", Some(&theirs)),
        staff("Ombudsman", "ombudsman", Some(&waiting)),
    ];
    (callers, asker)
}

/// The visitor's role as the gate knows it.
async fn role_of(app: &TestApp, caller: &Caller) -> Option<aduan_domain::Role> {
    let login = format!("{}@uji.go.id", caller.login?);
    Some(app.store.find_user_by_login(&login).await.unwrap()?.role)
}

async fn every_page_route_answers_each_kind_of_visitor_as_its_stated_access_says(app: TestApp) {
    let (callers, national) = callers(&app).await;
    let open = callers[0].own.clone();
    let mut routes = aduan_server::page_routes().table().to_vec();
    // The ones that end a session or an account last.
    routes.sort_by_key(|r| match r.path {
        "/akun/hapus" => 1,
        "/akun/keluar" => 2,
        _ => 0,
    });
    assert!(routes.len() > 90, "the table has {} routes", routes.len());
    let mut wrong = Vec::new();
    let mut asked = 0;
    for caller in &callers {
        let mut v = Visitor::new(&app);
        if let Some(login) = caller.login {
            let res = match &caller.secret {
                None => v.login(login).await,
                Some(secret) => {
                    app.clock.advance(chrono::Duration::seconds(30));
                    let code = secret.code_at(app.clock.now().timestamp() as u64);
                    let (email, password) =
                        (format!("{login}@uji.go.id"), format!("rahasia-{login}"));
                    let form = [
                        ("login", email.as_str()),
                        ("password", &password),
                        ("code", &code),
                    ];
                    v.post_form("/akun/masuk", &form).await
                }
            };
            assert!(res.status.is_redirection(), "{login}: {}", res.html);
        }
        if let Some((id, code)) = &caller.tracked {
            let res = v.post_form("/lacak", &[("id", id), ("code", code)]).await;
            assert!(res.status.is_redirection(), "{}", res.html);
        }
        let role = role_of(&app, caller).await;
        let owner = caller.tracked.is_some() || caller.login == Some("citizen");
        for route in &routes {
            let foreign = caller
                .foreign
                .as_ref()
                .filter(|_| route.access.scope != Scope::None);
            // Votes and comments are on public reports: that is the one in scope.
            let own = if route.access.scope == Scope::Public {
                &open
            } else {
                &caller.own
            };
            for (in_scope, subject) in [(true, Some(own)), (false, foreign)] {
                let Some(subject) = subject else { continue };
                let url = fill(route.path, subject);
                let page = if route.method == Method::GET {
                    v.get(&url).await
                } else {
                    if route.path.ends_with("/anggota/hapus") {
                        // A removal is asked of a present member: put it back first.
                        let back = format!(
                            "/api/v1/groups/{}/members/{}",
                            subject["group"], subject["report"]
                        );
                        app.send(Method::PUT, &back, As::Token(&national), None, &[])
                            .await;
                    }
                    let extra = fields(route.path, subject);
                    let form: Vec<(&str, &str)> =
                        extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    v.post_form(&url, &form).await
                };
                asked += 1;
                let want = expect(route.access, role, owner, in_scope);
                let got = answered(&page);
                if got != want || page.status.is_server_error() {
                    let scope = if in_scope { "own" } else { "foreign" };
                    wrong.push(format!(
                        "{} {} as {} ({scope}): want {want:?}, got {} {}",
                        route.method,
                        route.path,
                        caller.name,
                        page.status.as_u16(),
                        page.location().unwrap_or_default()
                    ));
                }
            }
        }
    }
    // A method the table does not state for a path is not allowed, whoever asks.
    let mut v = Visitor::new(&app);
    let res = v.request(Method::PUT, "/kantor", None, Vec::new()).await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(
        wrong.is_empty(),
        "{} of {asked} answers disagree with the table:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

on_both_backends!(every_page_route_answers_each_kind_of_visitor_as_its_stated_access_says);
