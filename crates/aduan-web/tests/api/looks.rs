//! The log of staff looks at reporters' identities through the API: a staff view or list row
//! that shows a named reporter's identity is recorded with who, which report, when, through
//! which path and what showed it; nothing is recorded for an anonymous reporter or for the
//! public and the reporter; only the national admin lists the looks, per report and per
//! account, and the listing names no reporter.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use axum::http::StatusCode;
use serde_json::{Value, json};

async fn looks(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let res = app
        .get(&format!("/api/v1/identity-looks?{query}"), As::Token(token))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert!(
        !res.text.contains("Siti") && !res.text.contains("081234567890"),
        "the log names no reporter: {}",
        res.text
    );
    res.body["items"].as_array().unwrap().clone()
}

fn kinds(items: &[Value]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|l| {
            (
                l["via"].as_str().unwrap().to_owned(),
                l["what"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn staff_looks_at_a_named_identity_are_recorded_and_only_the_national_admin_lists_them(
    app: TestApp,
) {
    let (named, code) = app.submit(json!({})).await;
    let (anonymous, _) = app
        .submit(json!({"anonymous": true, "reporter": null}))
        .await;
    let national = app.login("national").await;
    let me = app.get("/api/v1/me", As::Token(&national)).await;
    let national_id = me.body["id"].as_i64().unwrap();

    // The public and the reporter look: nothing recorded.
    assert_eq!(
        app.get(&format!("/api/v1/reports/{named}"), As::Anon)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let own = app
        .get(&format!("/api/v1/reports/{named}"), As::Code(&code))
        .await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(
        looks(&app, &national, &format!("report={named}"))
            .await
            .is_empty()
    );

    // The national admin reads the named report, then the list.
    let read = app
        .get(&format!("/api/v1/reports/{named}"), As::Token(&national))
        .await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(read.text.contains("Siti Rahmawati"), "staff see the name");
    let read = app
        .get(
            &format!("/api/v1/reports/{anonymous}"),
            As::Token(&national),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
    let list = app.get("/api/v1/reports", As::Token(&national)).await;
    assert_eq!(list.status, StatusCode::OK);

    let of_named = looks(&app, &national, &format!("report={named}")).await;
    assert_eq!(
        kinds(&of_named),
        [
            ("api".into(), "list".into()),
            ("api".into(), "report".into())
        ],
        "newest first"
    );
    assert_eq!(of_named[0]["user_id"], json!(national_id));
    assert_eq!(of_named[0]["role"], json!("national_admin"));
    assert_eq!(of_named[0]["tracking_id"], json!(named));
    assert!(
        looks(&app, &national, &format!("report={anonymous}"))
            .await
            .is_empty(),
        "an anonymous reporter's identity is never shown, so never looked at"
    );
    let by_me = looks(&app, &national, &format!("user={national_id}")).await;
    assert_eq!(by_me.len(), 2);
    assert!(by_me.iter().all(|l| l["tracking_id"] == json!(named)));

    // Only the national admin lists them.
    let path = format!("/api/v1/identity-looks?report={named}");
    assert_eq!(
        app.get(&path, As::Anon).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get(&path, As::Code(&code)).await.status,
        StatusCode::UNAUTHORIZED
    );
    for who in ["citizen", "surabaya", "bidang-jalan", "ombudsman", "ksp"] {
        let token = app.login(who).await;
        let res = app.get(&path, As::Token(&token)).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{who}: {}", res.text);
        // Refused before the query is read: what is wrong with one is not told to them.
        for query in ["", "user=x", "report=a&user=1"] {
            let res = app
                .get(
                    &format!("/api/v1/identity-looks?{query}"),
                    As::Token(&token),
                )
                .await;
            assert_eq!(
                res.status,
                StatusCode::FORBIDDEN,
                "{who} {query}: {}",
                res.text
            );
        }
    }

    // Asking for neither, for both, or for a malformed report.
    for query in ["", &format!("report={named}&user=1")] {
        let res = app
            .get(
                &format!("/api/v1/identity-looks?{query}"),
                As::Token(&national),
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
    }
    let res = app
        .get("/api/v1/identity-looks?report=nope", As::Token(&national))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

on_both_backends!(
    staff_looks_at_a_named_identity_are_recorded_and_only_the_national_admin_lists_them
);
