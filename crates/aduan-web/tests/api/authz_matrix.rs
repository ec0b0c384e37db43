//! The authorization matrix of the API: every operation of the OpenAPI document (the routes
//! the router is built from), asked by every kind of caller, on a subject in the caller's scope
//! and on one outside it, answers as the operation's `x-access` says (see
//! `aduan_web::api::access`): `401` without credentials where anyone is not admitted, `403`
//! for a kind of caller not admitted, `404` for a subject outside the caller's scope, and
//! otherwise an answer past the gate. Bodies are empty objects, so that what is checked is the
//! gate and not the input: a caller who may not call an operation learns nothing of what it
//! would have accepted.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use axum::http::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// An operation's `x-access`, as the document states it.
#[derive(Deserialize)]
struct Access {
    who: Vec<String>,
    scope: String,
    #[serde(default)]
    credential_in_body: bool,
}

/// The values of a subject's path parameters.
type Subject = BTreeMap<&'static str, String>;

/// A kind of caller with its credentials and its subjects in and out of scope.
struct Caller {
    name: &'static str,
    kind: &'static str,
    cred: Cred,
    own: Subject,
    foreign: Option<Subject>,
}

enum Cred {
    Anon,
    Token(String),
    Code(String),
    Key(String),
}

/// What the access implies for a kind of caller on a subject in or out of its scope.
#[derive(Debug, PartialEq, Clone, Copy)]
enum Expect {
    Unauthorized,
    Forbidden,
    NotFound,
    Past,
}

fn expect(access: &Access, kind: &str, in_scope: bool) -> Expect {
    let admits = |k: &str| access.who.iter().any(|w| w == k);
    let admitted = admits("anyone") || admits(kind);
    let refused = if kind == "anyone" {
        Expect::Unauthorized
    } else {
        Expect::Forbidden
    };
    let out_of_scope = match access.scope.as_str() {
        "visible" => !in_scope,
        // Only its reporter, by access code or by the account that filed it, owns a report.
        "own" => !(in_scope && matches!(kind, "reporter" | "citizen")),
        _ => false,
    };
    if access.scope == "holder" && admitted && !in_scope {
        // A public subject: its existence is no secret, changing it is its holder's.
        return Expect::Forbidden;
    }
    if admits("anyone") || admits("reporter") {
        // Who may call depends on the subject (its reporter, its visibility): it is looked up
        // first, and one out of scope answers as missing.
        match (out_of_scope, admitted) {
            (true, _) => Expect::NotFound,
            (false, true) => Expect::Past,
            (false, false) => refused,
        }
    } else {
        // The gate refuses by the credentials alone, before anything is looked up.
        match (admitted, out_of_scope) {
            (false, _) => refused,
            (true, true) => Expect::NotFound,
            (true, false) => Expect::Past,
        }
    }
}

fn answered(status: StatusCode) -> Expect {
    match status {
        StatusCode::UNAUTHORIZED => Expect::Unauthorized,
        StatusCode::FORBIDDEN => Expect::Forbidden,
        StatusCode::NOT_FOUND => Expect::NotFound,
        _ => Expect::Past,
    }
}

/// The path with the subject's values in place of its parameters.
fn fill(path: &str, subject: &Subject) -> String {
    let id = if path.starts_with("/reports/") {
        "attachment"
    } else if path.starts_with("/reveal-requests/") {
        "reveal"
    } else if path.starts_with("/categories/") {
        "category"
    } else {
        "key"
    };
    let mut out = path.replace("{id}", &subject[id]);
    for (name, value) in subject {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The kind a caller counts as on an operation: an access code proves a reporter only where
/// reporters are admitted, a partner's key only on the partner API, and the partner API knows
/// no other credential; elsewhere they count as no credential at all.
fn kind_on(caller: &Caller, access: &Access) -> &'static str {
    let admits = |k: &str| access.who.iter().any(|w| w == k);
    let partner_api = access.who.iter().all(|w| w == "partner");
    match caller.cred {
        _ if access.credential_in_body => "anyone",
        Cred::Code(_) if !admits("reporter") => "anyone",
        Cred::Key(_) if !admits("partner") => "anyone",
        Cred::Token(_) if partner_api => "anyone",
        _ => caller.kind,
    }
}

async fn ask(
    app: &TestApp,
    method: &Method,
    path: &str,
    cred: &Cred,
    access: &Access,
) -> crate::common::Res {
    if access.credential_in_body {
        // A readable LAPOR! XML document whose token is no partner's: a header proves nothing.
        let xml = crate::partner_xml::legacy("apk_bukan-kunci", "MATRIKS-1");
        let res = crate::partner_xml::post_xml(app, axum::body::Body::from(xml)).await;
        return crate::common::Res {
            status: res.status,
            headers: Default::default(),
            body: Value::Null,
            text: res.text,
        };
    }
    let body = matches!(*method, Method::POST | Method::PUT).then(|| json!({}));
    match cred {
        Cred::Anon => app.send(method.clone(), path, As::Anon, body, &[]).await,
        Cred::Token(t) => {
            app.send(method.clone(), path, As::Token(t), body, &[])
                .await
        }
        Cred::Code(c) => app.send(method.clone(), path, As::Code(c), body, &[]).await,
        Cred::Key(k) => app.as_partner(k, method.clone(), path, body, &[]).await,
    }
}

/// A report with a photo its reporter attached; returns (tracking id, access code, photo id).
async fn with_photo(app: &TestApp, who: As<'_>, overrides: Value) -> (String, String, String) {
    let res = app
        .post(
            "/api/v1/reports",
            who,
            crate::common::report_body(overrides),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let id = res.body["tracking_id"].as_str().unwrap().to_owned();
    // An account's report is proven by the account: it has no access code.
    let code = res.body["access_code"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let uploader = if code.is_empty() {
        who
    } else {
        As::Code(&code)
    };
    let (status, photo) = crate::attachments::upload(
        app,
        &id,
        uploader,
        "foto.jpg",
        &crate::attachments::files::jpeg(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{photo}");
    (id, code, id_of(&photo["id"]))
}

/// An id as it goes into a path, whether the answer gave a number or a string.
fn id_of(id: &Value) -> String {
    id.as_str().map_or_else(|| id.to_string(), str::to_owned)
}

async fn created(app: &TestApp, path: &str, who: As<'_>, body: Value) -> Value {
    let res = app.post(path, who, body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{path}: {}", res.text);
    res.body
}

/// The reports, groups, reveal request, partners and calendar day the callers ask about, and
/// the callers themselves.
async fn callers(app: &TestApp) -> Vec<Caller> {
    // First (they sign the national admin in without a second factor): two partners, each with a report; the second's spare key is the one revoked.
    let partner = app.partner_key("matriks-a", json!(["35"])).await;
    let other = app.partner_key("matriks-b", json!(["35"])).await;
    for (key, reference) in [(&partner, "A-1"), (&other, "B-1")] {
        let body = crate::partners::partner_report(reference, json!({}));
        let filed = app
            .as_partner(
                key,
                Method::POST,
                "/api/v1/partner/reports",
                Some(body),
                &[],
            )
            .await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
    }
    let citizen = app.login("citizen").await;
    // Its public report is made by a national admin without a second factor too.
    let (public, _) = app.public_report(json!({})).await;
    let (national, _) = app.login_with_second_factor("national").await;
    let surabaya = app.login("surabaya").await;
    let n = As::Token(&national);
    let to = |agency: &str| json!({"action": "verify_dispatch", "agency": agency, "handling_class": "ordinary"});
    let secret = json!({"confidential": true, "anonymous": true});

    // A confidential report by access code and the citizen's by account, both held by Kota
    // Surabaya's Dinas PU.
    let (own, code, own_photo) = with_photo(app, As::Anon, secret.clone()).await;
    let (cit, _, cit_photo) = with_photo(app, As::Token(&citizen), secret.clone()).await;
    for report in [&own, &cit] {
        app.act_ok(report, n, to("kota-surabaya")).await;
        let unit = json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-pu"});
        app.act_ok(report, As::Token(&surabaya), unit).await;
    }
    // Another reporter's confidential report, held by Kota Makassar.
    let (mks, _, mks_photo) = with_photo(app, As::Anon, secret.clone()).await;
    app.act_ok(&mks, n, to("kota-makassar")).await;
    // A report still waiting for verification, hidden from the supervisors.
    let (wait, _, wait_photo) = with_photo(app, As::Anon, secret).await;
    // The public report's published photo.
    let (status, photo) = crate::attachments::upload(
        app,
        &public,
        As::Token(&national),
        "foto.jpg",
        &crate::attachments::files::jpeg(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{photo}");
    let pub_photo = id_of(&photo["id"]);
    let publish = format!("/api/v1/reports/{public}/attachments/{pub_photo}/publish");
    let published = app.post(&publish, n, json!({"public": true})).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);

    let group = |members: Vec<&String>| json!({"title": "Jalan berlubang", "members": members});
    let own_group = created(app, "/api/v1/groups", n, group(vec![&own, &public])).await;
    let mks_group = created(app, "/api/v1/groups", n, group(vec![&mks])).await;
    let reveal = created(
        app,
        &format!("/api/v1/reports/{own}/reveal-requests"),
        n,
        json!({"reason": "Permintaan penyidik, surat No. 12/2026."}),
    )
    .await;
    created(
        app,
        "/api/v1/calendar",
        n,
        json!({"date": "2026-12-28", "name": "Libur uji", "kind": "other"}),
    )
    .await;

    let spare = created(app, "/api/v1/admin/partners/matriks-b/keys", n, json!({})).await;

    let model = crate::common::triage::active_model(app, aduan_store::TriageTarget::Agency)
        .await
        .version;

    let subject = |report: &str, photo: &str, group: &Value, reference: &str| -> Subject {
        BTreeMap::from([
            ("tracking_id", report.to_owned()),
            ("attachment", photo.to_owned()),
            ("group_id", id_of(&group["id"])),
            ("ref", reference.to_owned()),
            ("reveal", id_of(&reveal["id"])),
            ("category", "infrastruktur".to_owned()),
            ("key", id_of(&spare["id"])),
            ("slug", "matriks-b".to_owned()),
            ("date", "2026-12-28".to_owned()),
            ("version", model.to_string()),
        ])
    };
    let mine = subject(&own, &own_photo, &own_group, "A-1");
    let citizens = subject(&cit, &cit_photo, &own_group, "A-1");
    let theirs = subject(&mks, &mks_photo, &mks_group, "B-1");
    let waiting = subject(&wait, &wait_photo, &mks_group, "B-1");
    let open = subject(&public, &pub_photo, &own_group, "A-1");
    let staff = |name: &'static str, kind, token: String, foreign: Option<&Subject>| Caller {
        name,
        kind,
        cred: Cred::Token(token),
        own: mine.clone(),
        foreign: foreign.cloned(),
    };
    vec![
        Caller {
            name: "anonymous",
            kind: "anyone",
            cred: Cred::Anon,
            own: open.clone(),
            foreign: Some(mine.clone()),
        },
        Caller {
            name: "reporter by access code",
            kind: "reporter",
            cred: Cred::Code(code),
            own: mine.clone(),
            foreign: Some(theirs.clone()),
        },
        Caller {
            name: "citizen",
            kind: "citizen",
            cred: Cred::Token(citizen),
            own: citizens,
            foreign: Some(theirs.clone()),
        },
        staff("national admin", "national_admin", national, None),
        staff(
            "Kota Surabaya admin",
            "agency_admin",
            surabaya,
            Some(&theirs),
        ),
        staff(
            "Dinas PU officer",
            "unit_officer",
            app.login("dinas-pu").await,
            Some(&theirs),
        ),
        staff(
            "Ombudsman",
            "supervisor",
            app.login("ombudsman").await,
            Some(&waiting),
        ),
        Caller {
            name: "partner",
            kind: "partner",
            cred: Cred::Key(partner),
            own: open,
            foreign: Some(BTreeMap::from_iter(
                mine.into_iter()
                    .map(|(k, v)| (k, if k == "ref" { "B-1".to_owned() } else { v })),
            )),
        },
    ]
}

/// Every operation of the document with the statuses it documents, the ones that end a
/// session last.
fn operations() -> Vec<(Method, String, Access, Vec<String>)> {
    let doc = serde_json::to_value(aduan_web::openapi_document()).unwrap();
    let mut ops = Vec::new();
    let mut unstated = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let m = match method.as_str() {
                "get" => Method::GET,
                "post" => Method::POST,
                "put" => Method::PUT,
                "delete" => Method::DELETE,
                "patch" => Method::PATCH,
                _ => continue,
            };
            match serde_json::from_value::<Access>(op["x-access"].clone()) {
                Ok(access) => {
                    let documented = op["responses"].as_object().unwrap().keys().cloned();
                    ops.push((m, path.clone(), access, documented.collect()));
                }
                Err(_) => unstated.push(format!("{method} {path}")),
            }
        }
    }
    assert!(
        unstated.is_empty(),
        "every operation states who may call it: {unstated:?}"
    );
    ops.sort_by_key(|(_, path, _, _)| path == "/auth/logout");
    ops
}

async fn every_operation_answers_each_kind_of_caller_as_its_stated_access_says(app: TestApp) {
    let callers = callers(&app).await;
    let national = match &callers
        .iter()
        .find(|c| c.kind == "national_admin")
        .unwrap()
        .cred
    {
        Cred::Token(t) => t.clone(),
        _ => unreachable!(),
    };
    let ops = operations();
    assert!(
        ops.len() > 60,
        "the document lists {} operations",
        ops.len()
    );
    let mut wrong = Vec::new();
    let mut asked = 0;
    for (method, path, access, documented) in &ops {
        let base = if path.starts_with("/api/") || path.ends_with("z") {
            ""
        } else {
            "/api/v1"
        };
        for caller in &callers {
            let kind = kind_on(caller, access);
            // Only a scoped operation has a subject out of scope to ask about.
            let foreign = caller.foreign.as_ref().filter(|_| access.scope != "none");
            let subjects = [(true, Some(&caller.own)), (false, foreign)];
            for (in_scope, subject) in subjects {
                let Some(subject) = subject else { continue };
                let url = format!("{base}{}", fill(path, subject));
                if *method == Method::DELETE && path.ends_with("/members/{tracking_id}") {
                    // A removal is asked of a present member: put it back first.
                    app.send(Method::PUT, &url, As::Token(&national), None, &[])
                        .await;
                }
                let res = ask(&app, method, &url, &caller.cred, access).await;
                asked += 1;
                let want = expect(access, kind, in_scope);
                let got = answered(res.status);
                // (Not with an access code: the wrong ones would be counted against the limit
                // on guessing codes.)
                if *method == Method::GET && !matches!(caller.cred, Cred::Code(_)) {
                    // A HEAD is answered by the GET's handler: it passes the GET's gate.
                    let head = ask(&app, &Method::HEAD, &url, &caller.cred, access).await;
                    if answered(head.status) != want {
                        wrong.push(format!(
                            "HEAD {path} as {}: want {want:?}, got {}",
                            caller.name, head.status
                        ));
                    }
                }
                let undocumented = !documented.contains(&res.status.as_u16().to_string());
                if got != want || res.status.is_server_error() || undocumented {
                    let scope = if in_scope { "own" } else { "foreign" };
                    wrong.push(format!(
                        "{method} {path} as {} ({scope}): want {want:?}, got {} {}{}",
                        caller.name,
                        res.status.as_u16(),
                        res.body["code"],
                        if undocumented {
                            " (not in the document)"
                        } else {
                            ""
                        }
                    ));
                }
            }
        }
    }
    // A method the document does not state for a path has no handler, whoever asks.
    for who in [As::Anon, As::Token(&national)] {
        let res = app
            .send(Method::PUT, "/api/v1/auth/login", who, Some(json!({})), &[])
            .await;
        assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    }
    assert!(
        wrong.is_empty(),
        "{} of {asked} answers disagree with the stated access:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

on_both_backends!(every_operation_answers_each_kind_of_caller_as_its_stated_access_says);
