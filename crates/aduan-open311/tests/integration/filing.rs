//! New requests from a partner system: form-encoded as the spec shows, with the partner key
//! as `api_key`, filed through the partner filing (scope, channel, receipt), read back by id
//! and token; a bad key is 403, a missing field 400, in the requested format.

use crate::common::{
    assert_error_both_formats, assert_schema, get, partner_key, post_form, post_form_with, texts_at,
};
use aduan_testkit::{As, TestApp, on_both_backends};
use axum::http::StatusCode;
use serde_json::json;

const REQUESTS: &str = "/open311/v2/requests";

/// The spec's example request, with Aduan's service and place.
fn spec_example(key: &str) -> String {
    format!(
        "api_key={key}&service_code=infrastruktur.jalan&lat=-7.2575&long=112.7521\
         &address_string=Jl.+Tunjungan+No.+1%2C+Surabaya&address_id=35.78\
         &email=budi.santoso%40contoh.id&first_name=Budi&last_name=Santoso&phone=081298765432\
         &description=Lampu+lalu+lintas+mati+sejak+kemarin+malam.\
         &media_url=https%3A%2F%2Ffoto.contoh.id%2Flampu.jpg&device_id=abc&account_id=7"
    )
}

async fn a_partner_files_a_form_encoded_request_and_reads_it_back_by_token_and_id(app: TestApp) {
    let key = partner_key(&app, "lapor-jatim", json!(["35"])).await;
    let posted = post_form(&app, &format!("{REQUESTS}.json"), &spec_example(&key)).await;
    assert_eq!(posted.status, StatusCode::OK, "{}", posted.text);
    let answer = posted.json();
    let id = answer[0]["service_request_id"].as_str().unwrap().to_owned();
    let token = answer[0]["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("open311-lapor-jatim-"), "{token}");
    assert!(answer[0]["service_notice"].as_str().unwrap().contains(&id));
    assert_eq!(answer[0]["account_id"], json!(null));

    let by_token = get(&app, &format!("/open311/v2/tokens/{token}.json")).await;
    assert_eq!(by_token.status, StatusCode::OK, "{}", by_token.text);
    assert_eq!(
        by_token.json(),
        json!([{"service_request_id": id, "token": token}])
    );
    let by_token = get(&app, &format!("/open311/v2/tokens/{token}.xml"))
        .await
        .xml();
    assert_eq!(
        texts_at(&by_token, "service_requests/request/service_request_id"),
        std::slice::from_ref(&id)
    );
    assert_error_both_formats(
        &app,
        "/open311/v2/tokens/open311-lapor-jatim-00",
        StatusCode::NOT_FOUND,
    )
    .await;

    // Filed like any partner report: waiting for verification, so not public yet.
    let national = app.login("national").await;
    let staff = app
        .get(&format!("/api/v1/reports/{id}"), As::Token(&national))
        .await;
    assert_eq!(staff.body["channel"], "api:lapor-jatim");
    assert_eq!(staff.body["status"], "submitted");
    assert_eq!(staff.body["anonymous"], false);
    assert_eq!(staff.body["reporter"]["name"], "Budi Santoso");
    assert_eq!(staff.body["category"], "infrastruktur/jalan");
    assert_eq!(staff.body["location"]["region_code"], "35.78");
    assert!(
        staff.body["body"]
            .as_str()
            .unwrap()
            .ends_with("https://foto.contoh.id/lampu.jpg")
    );
    assert_error_both_formats(&app, &format!("{REQUESTS}/{id}"), StatusCode::NOT_FOUND).await;

    let dispatch = json!({"action": "verify_dispatch", "agency": "kota-surabaya", "handling_class": "ordinary"});
    app.act_ok(&id, As::Token(&national), dispatch).await;
    let read = get(&app, &format!("{REQUESTS}/{id}.json")).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.text);
    let read = read.json();
    assert_schema("requests.json", &read);
    assert_eq!(
        read[0]["description"],
        "Lampu lalu lintas mati sejak kemarin malam."
    );
    assert_eq!(read[0]["media_url"], "https://foto.contoh.id/lampu.jpg");
    assert_eq!(read[0]["address"], "Jl. Tunjungan No. 1, Surabaya");
    assert_eq!(
        read[0]["status_notes"],
        "Diteruskan ke instansi (dispatched)"
    );
    for private in ["Budi", "Santoso", "budi.santoso", "81298765432"] {
        assert!(!read.to_string().contains(private), "{private}");
    }

    // The same in XML.
    let posted = post_form(&app, &format!("{REQUESTS}.xml"), &spec_example(&key)).await;
    assert_eq!(posted.status, StatusCode::OK, "{}", posted.text);
    let xml = posted.xml();
    assert_eq!(
        texts_at(&xml, "service_requests/request/service_request_id").len(),
        1
    );
    assert_eq!(texts_at(&xml, "service_requests/request/token").len(), 1);
}

async fn a_request_without_contact_fields_is_filed_anonymously(app: TestApp) {
    let key = partner_key(&app, "lapor-jatim", json!(["35"])).await;
    let body = format!(
        "api_key={key}&service_code=infrastruktur&address_id=35.78\
         &description=Jembatan+retak+di+dekat+pasar."
    );
    let posted = post_form(&app, &format!("{REQUESTS}.json"), &body).await;
    assert_eq!(posted.status, StatusCode::OK, "{}", posted.text);
    let id = posted.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let national = app.login("national").await;
    let staff = app
        .get(&format!("/api/v1/reports/{id}"), As::Token(&national))
        .await;
    assert_eq!(staff.body["anonymous"], true, "{}", staff.text);
    assert_eq!(staff.body["title"], "Jembatan retak di dekat pasar.");
    assert_eq!(staff.body["location"]["text"], "35.78");
}

async fn a_bad_api_key_is_forbidden_and_a_bad_form_is_a_bad_request_in_both_formats(app: TestApp) {
    let key = partner_key(&app, "lapor-jatim", json!(["35"])).await;
    let ok = spec_example(&key);
    let wrong_key = ok.replace(&key, "apk_0000000000000000000000000000000000000000");
    let no_key = ok.replacen(&format!("api_key={key}&"), "", 1);
    let cases = [
        (wrong_key, StatusCode::FORBIDDEN),
        (no_key, StatusCode::FORBIDDEN),
        (
            ok.replace("description=Lampu", "description_x=Lampu"),
            StatusCode::BAD_REQUEST,
        ),
        (
            ok.replace("infrastruktur.jalan", "tidak-ada"),
            StatusCode::BAD_REQUEST,
        ),
        (
            ok.replace("lat=-7.2575", "lat=utara"),
            StatusCode::BAD_REQUEST,
        ),
        (
            ok.replace("https%3A%2F%2Ffoto", "file%3A%2F%2Ffoto"),
            StatusCode::BAD_REQUEST,
        ),
        // Makassar lies outside the partner's province.
        (
            ok.replace("address_id=35.78", "address_id=73.71"),
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (body, status) in cases {
        let json = post_form(&app, &format!("{REQUESTS}.json"), &body).await;
        assert_eq!(json.status, status, "{body}: {}", json.text);
        assert_eq!(json.json()[0]["code"], status.as_u16(), "{}", json.text);
        let xml = post_form(&app, &format!("{REQUESTS}.xml"), &body).await;
        assert_eq!(xml.status, status, "{body}: {}", xml.text);
        assert_eq!(
            texts_at(&xml.xml(), "errors/error/code"),
            [status.as_u16().to_string()]
        );
    }
    let scope = post_form(
        &app,
        &format!("{REQUESTS}.json"),
        &ok.replace("35.78", "73.71"),
    )
    .await;
    assert!(
        scope.text.contains("outside_partner_scope"),
        "{}",
        scope.text
    );
    // A JSON body is no form.
    let json_body = app
        .post(
            &format!("{REQUESTS}.json"),
            As::Anon,
            json!({"api_key": key}),
        )
        .await;
    assert_eq!(
        json_body.status,
        StatusCode::BAD_REQUEST,
        "{}",
        json_body.text
    );
    // Nothing refused was filed.
    let national = app.login("national").await;
    let all = app.get("/api/v1/reports", As::Token(&national)).await;
    assert_eq!(
        all.body["items"].as_array().unwrap().len(),
        0,
        "{}",
        all.text
    );
}

async fn a_request_repeated_with_its_idempotency_key_is_filed_once(app: TestApp) {
    let key = partner_key(&app, "lapor-jatim", json!(["35"])).await;
    let path = format!("{REQUESTS}.json");
    let once = [("idempotency-key", "kirim-1")];
    let first = post_form_with(&app, &path, &spec_example(&key), &once).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let again = post_form_with(&app, &path, &spec_example(&key), &once).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert_eq!(
        first.json()[0]["service_request_id"],
        again.json()[0]["service_request_id"]
    );
    assert_eq!(first.json()[0]["token"], again.json()[0]["token"]);
    // Without the key, the same form is a second request.
    let other = post_form(&app, &path, &spec_example(&key)).await;
    assert_ne!(
        other.json()[0]["service_request_id"],
        first.json()[0]["service_request_id"]
    );
}

on_both_backends!(
    a_request_repeated_with_its_idempotency_key_is_filed_once,
    a_partner_files_a_form_encoded_request_and_reads_it_back_by_token_and_id,
    a_request_without_contact_fields_is_filed_anonymously,
    a_bad_api_key_is_forbidden_and_a_bad_form_is_a_bad_request_in_both_formats,
);
