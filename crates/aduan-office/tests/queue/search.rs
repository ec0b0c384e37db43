//! Searching a work queue: the words narrow the tab within the staff member's scope, the
//! internal notes they may read count, and words too common to search for say so.

use crate::steps::{dispatch, for_makassar, listed, queue, staff, submitted};
use aduan_testkit::{As, TestApp};
use serde_json::json;

pub async fn the_words_narrow_the_queue_within_the_staff_members_scope(app: TestApp) {
    let drains = submitted(
        &app,
        json!({"title": "Gorong-gorong tersumbat", "body": "Air meluap ke jalan setiap hujan."}),
    )
    .await;
    let other = submitted(&app, json!({})).await;
    let makassar = for_makassar(&app).await;
    let mut national = staff(&app, "national").await;
    let html = queue(&mut national, "?q=gorong+tersumbat").await;
    assert!(listed(&html, &drains), "{html}");
    assert!(!listed(&html, &other) && !listed(&html, &makassar));
    assert!(html.contains("value=\"gorong tersumbat\""));
    let html = queue(&mut national, "?q=lampu+padam").await;
    assert!(listed(&html, &makassar) && !listed(&html, &drains));
    let mut surabaya = staff(&app, "surabaya").await;
    let html = queue(&mut surabaya, "?q=lampu+padam").await;
    assert!(!listed(&html, &makassar), "never another agency's report");

    dispatch(&app, &drains, "kota-surabaya").await;
    let token = app.login("surabaya").await;
    let note = json!({"action": "note", "body": "Kontraktor drainase belum dibayar."});
    app.act_ok(&drains, As::Token(&token), note).await;
    let html = queue(&mut surabaya, "?tab=dipegang&q=kontraktor").await;
    assert!(listed(&html, &drains), "its own notes are searched: {html}");
}

pub async fn words_too_common_to_search_for_say_so(app: TestApp) {
    let id = submitted(&app, json!({})).await;
    let mut national = staff(&app, "national").await;
    let html = queue(&mut national, "?q=yang+di").await;
    assert!(html.contains("terlalu umum"), "{html}");
    assert!(!listed(&html, &id));
}
