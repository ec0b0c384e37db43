//! A staff member's own sessions: listed by handle (never the token or its hash), the current
//! one marked, another one or all others ended, each ending audited.

use super::{changes, id_of, staff, works};
use aduan_app::auth::hash_secret;
use aduan_store::session_handle;
use aduan_testkit::{TestApp, on_both_backends};
use axum::http::StatusCode;

async fn a_staff_member_sees_their_sessions_and_ends_another_one(app: TestApp) {
    let elsewhere = app.login("dinas-pu").await;
    let mut browser = staff(&app, "dinas-pu").await;
    let page = browser.get("/kantor/sesi").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.html.matches("id=\"session-current\"").count(), 1);
    let hash = hash_secret(&elsewhere);
    let handle = session_handle(&hash);
    assert!(
        page.html.contains(handle),
        "the other session is listed by its handle"
    );
    assert!(
        !page.html.contains(&hash) && !page.html.contains(&elsewhere),
        "never the hash"
    );
    let current = hash_secret(browser.cookie("aduan_session").unwrap());
    assert!(!page.html.contains(&current));

    let mut surabaya = staff(&app, "surabaya").await;
    let foreign = surabaya
        .post_form("/kantor/sesi/akhiri", &[("handle", handle)])
        .await;
    assert_eq!(
        foreign.location(),
        Some("/kantor/sesi?berakhir=0"),
        "not someone else's"
    );
    assert!(works(&app, &elsewhere).await);

    let ended = browser
        .post_form("/kantor/sesi/akhiri", &[("handle", handle)])
        .await;
    assert_eq!(ended.location(), Some("/kantor/sesi?berakhir=1"));
    assert!(
        !works(&app, &elsewhere).await,
        "the revoked token no longer works on the API"
    );
    let after = browser.get("/kantor/sesi").await;
    assert_eq!(after.status, StatusCode::OK, "this session goes on");
    assert!(!after.html.contains(handle));

    let (a, b) = (app.login("dinas-pu").await, app.login("dinas-pu").await);
    let all = browser.post_form("/kantor/sesi/akhiri-lainnya", &[]).await;
    assert_eq!(all.location(), Some("/kantor/sesi?berakhir=2"));
    assert!(!works(&app, &a).await && !works(&app, &b).await);
    assert_eq!(browser.get("/kantor/sesi").await.status, StatusCode::OK);
    let mine = changes(&app).await;
    let officer = id_of(&app, "dinas-pu").await.to_string();
    assert_eq!(mine.len(), 2, "{mine:?}");
    assert!(
        mine.iter()
            .all(|(action, actor, subject)| action == "session.revoke"
                && *actor == officer
                && *subject == format!("user:{officer}"))
    );
}

on_both_backends!(a_staff_member_sees_their_sessions_and_ends_another_one);
