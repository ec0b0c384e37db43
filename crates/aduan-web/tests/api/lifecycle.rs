//! Reports taken through their lifecycle in every role, exactly as docs/domain.md §3 says.

use crate::common::{As, TestApp};
use crate::on_both_backends;
use axum::http::StatusCode;
use chrono::Duration;
use serde_json::json;

async fn a_complaint_goes_from_submission_to_the_reporters_confirmation(app: TestApp) {
    let (id, code) = app.submit(json!({})).await;
    let me = As::Code(&code);
    assert_eq!(
        app.act_ok(
            &id,
            me,
            json!({"action": "add_info", "body": "Foto menyusul."})
        )
        .await,
        "submitted"
    );
    let surabaya = app.login("surabaya").await;
    let s = As::Token(&surabaya);
    let verified = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary", "tags": ["jalan"]});
    assert_eq!(app.act_ok(&id, s, verified).await, "dispatched");
    assert_eq!(
        app.act_ok(
            &id,
            s,
            json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-pu"})
        )
        .await,
        "dispatched"
    );
    let pu = app.login("dinas-pu").await;
    let to_sub = json!({"action": "dispatch_unit", "unit": "kota-surabaya/dinas-pu/bidang-jalan"});
    assert_eq!(app.act_ok(&id, As::Token(&pu), to_sub).await, "dispatched");
    let jalan = app.login("bidang-jalan").await;
    let j = As::Token(&jalan);
    let follow = json!({"action": "follow_up", "body": "Tim akan menambal jalan pekan ini."});
    assert_eq!(app.act_ok(&id, j, follow).await, "in_progress");
    assert_eq!(
        app.act_ok(
            &id,
            me,
            json!({"action": "reply", "body": "Terima kasih, ditunggu."})
        )
        .await,
        "in_progress"
    );
    let note = json!({"action": "note", "body": "Anggaran dari pos pemeliharaan rutin."});
    assert_eq!(app.act_ok(&id, As::Token(&pu), note).await, "in_progress");
    let done = app
        .act(
            &id,
            j,
            json!({"action": "complete", "body": "Jalan sudah ditambal."}),
        )
        .await;
    assert_eq!(
        (
            done.body["status"].as_str(),
            done.body["completion_kind"].as_str()
        ),
        (Some("completed"), Some("agency_closed"))
    );
    let confirmed = app
        .act(
            &id,
            me,
            json!({"action": "confirm", "rating": 5, "resolved": true}),
        )
        .await;
    assert_eq!(
        confirmed.body["completion_kind"], "reporter_confirmed",
        "{}",
        confirmed.text
    );
    assert_eq!(
        app.act_ok(
            &id,
            me,
            json!({"action": "rate", "rating": 4, "resolved": true})
        )
        .await,
        "completed"
    );

    let mine = app.get(&format!("/api/v1/reports/{id}/events"), me).await;
    let actions: Vec<&str> = mine.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "submit",
            "add_info",
            "verify_dispatch",
            "dispatch_unit",
            "dispatch_unit",
            "follow_up",
            "reply",
            "complete",
            "confirm",
            "rate"
        ],
        "the reporter never sees the internal note"
    );
    let follow_up = &mine.body["items"][5];
    assert_eq!(
        follow_up["actor"],
        json!({"role": "unit_officer", "agency": "kota-surabaya", "unit": "kota-surabaya/dinas-pu/bidang-jalan"})
    );
    assert!(
        !mine.text.contains("Akun bidang-jalan"),
        "staff appear as their unit, never by name"
    );
    let staff_view = app.get(&format!("/api/v1/reports/{id}/events"), s).await;
    assert!(
        staff_view.text.contains("pos pemeliharaan rutin"),
        "the agency sees its internal note"
    );
}

async fn verification_can_postpone_archive_accept_one_appeal_and_delete(app: TestApp) {
    let national = app.login("national").await;
    let n = As::Token(&national);
    let (id, code) = app.submit(json!({})).await;
    let me = As::Code(&code);
    assert_eq!(
        app.act_ok(
            &id,
            n,
            json!({"action": "postpone", "reason": "Mohon lampirkan foto lokasi."})
        )
        .await,
        "postponed"
    );
    assert_eq!(
        app.act_ok(
            &id,
            me,
            json!({"action": "add_info", "body": "Foto terlampir."})
        )
        .await,
        "submitted"
    );
    assert_eq!(
        app.act_ok(
            &id,
            n,
            json!({"action": "archive", "reason": "too_general"})
        )
        .await,
        "archived"
    );
    assert_eq!(
        app.act_ok(
            &id,
            me,
            json!({"action": "appeal", "reason": "Lokasi sudah jelas."})
        )
        .await,
        "submitted"
    );
    assert_eq!(app.act_ok(&id, n, json!({"action": "archive", "reason": "other", "reason_text": "Bukan pelayanan publik daerah."})).await, "archived");
    let again = app
        .act(
            &id,
            me,
            json!({"action": "appeal", "reason": "Sekali lagi."}),
        )
        .await;
    assert_eq!(
        (again.status, again.body["code"].as_str()),
        (StatusCode::CONFLICT, Some("already_used"))
    );

    let (gone, gone_code) = app.submit(json!({})).await;
    assert_eq!(
        app.act_ok(&gone, n, json!({"action": "delete", "reason": "spam"}))
            .await,
        "deleted"
    );
    let theirs = app
        .get(&format!("/api/v1/reports/{gone}"), As::Code(&gone_code))
        .await;
    assert_eq!(
        (theirs.status, theirs.body["archive_reason"].as_str()),
        (StatusCode::OK, Some("spam")),
        "the reporter sees why"
    );
    let card = app
        .get(&format!("/api/v1/reports/{gone}/status"), As::Anon)
        .await;
    assert_eq!(
        card.body,
        json!({"tracking_id": gone, "status": "deleted"}),
        "the card says only deleted"
    );
    let surabaya = app.login("surabaya").await;
    assert_eq!(
        app.get(&format!("/api/v1/reports/{gone}"), As::Token(&surabaya))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let (withdrawn, wcode) = app.submit(json!({})).await;
    assert_eq!(
        app.act_ok(&withdrawn, As::Code(&wcode), json!({"action": "withdraw"}))
            .await,
        "archived"
    );
    let appeal = app
        .act(
            &withdrawn,
            As::Code(&wcode),
            json!({"action": "appeal", "reason": "Salah pencet."}),
        )
        .await;
    assert_eq!(
        appeal.body["code"], "illegal_transition",
        "a withdrawn report cannot be appealed"
    );
}

async fn a_reroute_ends_the_agencys_rights_and_the_ombudsman_takes_a_missed_case(app: TestApp) {
    let (id, code) = app.submit(json!({})).await;
    let me = As::Code(&code);
    let surabaya = app.login("surabaya").await;
    let s = As::Token(&surabaya);
    let supervisory = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "supervisory"});
    assert_eq!(app.act_ok(&id, s, supervisory).await, "dispatched");
    let view = app.get(&format!("/api/v1/reports/{id}"), s).await;
    assert_eq!(
        view.body["unit"], "kota-surabaya/inspektorat",
        "supervisory complaints go to the inspectorate"
    );
    let reroute = json!({"action": "reroute", "reason": "Jalan provinsi, bukan wewenang kota.", "suggested_agency": "kota-makassar"});
    let rerouted = app.act(&id, s, reroute).await;
    assert_eq!(rerouted.body["status"], "submitted", "{}", rerouted.text);
    assert_eq!(
        app.get(&format!("/api/v1/reports/{id}"), s).await.status,
        StatusCode::NOT_FOUND,
        "the rerouting agency loses it"
    );
    let again = app.act(&id, s, json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"})).await;
    assert_eq!(
        again.status,
        StatusCode::NOT_FOUND,
        "and its rights as requested agency"
    );

    let national = app.login("national").await;
    let n = As::Token(&national);
    let to_makassar =
        json!({"action": "verify_dispatch", "agency": "kota-makassar", "kind": "aspiration"});
    assert_eq!(app.act_ok(&id, n, to_makassar).await, "dispatched");
    let early = app.act(&id, me, json!({"action": "escalate"})).await;
    assert_eq!(early.body["code"], "not_due", "{}", early.text);
    app.clock.advance(Duration::days(10));
    let escalated = app.act(&id, me, json!({"action": "escalate"})).await;
    assert_eq!(
        escalated.body["escalation_level"], "ombudsman",
        "{}",
        escalated.text
    );
    let ombudsman = app.login("ombudsman").await;
    let o = As::Token(&ombudsman);
    app.act_ok(
        &id,
        o,
        json!({"action": "ombudsman_acknowledge", "body": "Laporan diterima Ombudsman."}),
    )
    .await;
    app.act_ok(
        &id,
        o,
        json!({"action": "request_information", "body": "Mohon kronologi penanganan."}),
    )
    .await;
    let makassar = app.login("makassar").await;
    app.act_ok(
        &id,
        As::Token(&makassar),
        json!({"action": "answer_information", "body": "Sedang disurvei."}),
    )
    .await;
    app.act_ok(
        &id,
        o,
        json!({"action": "record_finding", "body": "Maladministrasi: penundaan berlarut."}),
    )
    .await;
    let ksp = app.login("ksp").await;
    let k = As::Token(&ksp);
    assert_eq!(
        app.get(&format!("/api/v1/reports/{id}"), k).await.status,
        StatusCode::OK,
        "supervisors read"
    );
    let not_ksp = app
        .act(&id, k, json!({"action": "record_finding", "body": "x"}))
        .await;
    assert_eq!(not_ksp.status, StatusCode::FORBIDDEN);
    let history = app.get(&format!("/api/v1/reports/{id}/events"), me).await;
    assert!(
        history.text.contains("Maladministrasi"),
        "the reporter sees the Ombudsman's finding"
    );

    // A reveal is never one action (see reveal.rs for the two-person reveal).
    let national = app.login("national").await;
    let revealed = app
        .act(
            &id,
            As::Token(&national),
            json!({"action": "reveal_identity", "reason": "Permintaan penyidik."}),
        )
        .await;
    assert_eq!(
        revealed.body["code"], "two_person_reveal",
        "{}",
        revealed.text
    );
    assert!(!revealed.text.contains("Siti"));
}

async fn a_completion_can_be_reopened_once_within_ten_working_days(app: TestApp) {
    let surabaya = app.login("surabaya").await;
    let s = As::Token(&surabaya);
    let dispatch = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    let (id, code) = app.submit(json!({})).await;
    app.act_ok(&id, s, dispatch.clone()).await;
    app.act_ok(&id, s, json!({"action": "follow_up", "body": "Ditangani."}))
        .await;
    app.act_ok(&id, s, json!({"action": "complete", "body": "Selesai."}))
        .await;
    let me = As::Code(&code);
    assert_eq!(
        app.act_ok(
            &id,
            me,
            json!({"action": "reopen", "reason": "Belum ditambal."})
        )
        .await,
        "in_progress"
    );
    app.act_ok(
        &id,
        s,
        json!({"action": "complete", "body": "Sudah ditambal."}),
    )
    .await;
    let twice = app
        .act(&id, me, json!({"action": "reopen", "reason": "Lagi."}))
        .await;
    assert_eq!(twice.body["code"], "already_used");

    let (late, late_code) = app.submit(json!({})).await;
    app.act_ok(&late, s, dispatch).await;
    app.act_ok(
        &late,
        s,
        json!({"action": "follow_up", "body": "Ditangani."}),
    )
    .await;
    app.act_ok(&late, s, json!({"action": "complete", "body": "Selesai."}))
        .await;
    app.clock.advance(Duration::days(16));
    let closed = app
        .act(
            &late,
            As::Code(&late_code),
            json!({"action": "reopen", "reason": "Belum."}),
        )
        .await;
    assert_eq!(closed.body["code"], "window_closed", "{}", closed.text);
}

async fn a_caller_who_may_not_take_an_action_is_told_so_before_the_agency_or_unit_it_names(
    app: TestApp,
) {
    let (id, code) = app.submit(json!({})).await;
    let me = As::Code(&code);
    let expect = |r: &aduan_testkit::Res, status: StatusCode, code: &str| {
        assert_eq!(
            (r.status, r.body["code"].as_str()),
            (status, Some(code)),
            "{}",
            r.text
        );
    };
    let nowhere = json!({"action": "verify_dispatch", "agency": "kota-atlantis", "handling_class": "ordinary"});
    let to_nowhere = json!({"action": "dispatch_unit", "unit": "kota-surabaya/tidak-ada"});
    // The reporter may verify nothing, whichever agency they name.
    let r = app.act(&id, me, nowhere.clone()).await;
    expect(&r, StatusCode::FORBIDDEN, "action_forbidden");
    // Whoever may verify it is told what the input lacks.
    let surabaya = app.login("surabaya").await;
    let s = As::Token(&surabaya);
    let unknown = app.act(&id, s, nowhere.clone()).await;
    assert_eq!(
        (unknown.status, unknown.body["fields"]["agency"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_agency")),
        "{}",
        unknown.text
    );
    let verified = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    assert_eq!(app.act_ok(&id, s, verified).await, "dispatched");
    // Once dispatched: no second verification, and no unit chosen by the reporter.
    let r = app.act(&id, s, nowhere).await;
    expect(&r, StatusCode::CONFLICT, "illegal_transition");
    let r = app.act(&id, me, to_nowhere.clone()).await;
    expect(&r, StatusCode::FORBIDDEN, "action_forbidden");
    let unknown_unit = app.act(&id, s, to_nowhere).await;
    assert_eq!(
        (
            unknown_unit.status,
            unknown_unit.body["fields"]["unit"].as_str()
        ),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_unit")),
        "{}",
        unknown_unit.text
    );
}

on_both_backends!(
    a_complaint_goes_from_submission_to_the_reporters_confirmation,
    verification_can_postpone_archive_accept_one_appeal_and_delete,
    a_reroute_ends_the_agencys_rights_and_the_ombudsman_takes_a_missed_case,
    a_completion_can_be_reopened_once_within_ten_working_days,
    a_caller_who_may_not_take_an_action_is_told_so_before_the_agency_or_unit_it_names,
);
