//! The JSON API under `/api/v1`. Every route is registered through one `OpenApiRouter`, from
//! which both the router and the OpenAPI document are built, so no route can be missing from
//! `/api/openapi.json`. The few JSON routes at the root (the probes and the document itself)
//! are built the same way in [`crate::json_routes`].

pub mod access;
pub mod actions;
pub mod attachments;
pub mod auth;
pub mod calendar;
pub mod groups;
pub mod list;
pub mod looks;
pub mod opendata;
pub mod partner;
pub mod partner_xml;
pub mod partners_admin;
pub mod read;
pub mod reference;
pub mod reveal;
pub mod rights;
pub(crate) mod rules;
pub mod second_factor;
pub mod stats;
pub mod submit;
pub mod triage;

use aduan_app::AppState;
use axum::extract::DefaultBodyLimit;
use axum::{Extension, Json, Router};
use std::sync::Arc;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(title = "Aduan API", description = "National public-service complaint system: reports, their lifecycle and the directory."),
    servers((url = "/api/v1"))
)]
struct ApiDoc;

/// Every operation of a path, whatever its method.
pub(crate) fn operations_mut(
    item: &mut utoipa::openapi::PathItem,
) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
    .into_iter()
    .flatten()
}

/// Gives every response without a description its status's reason phrase: OpenAPI requires a
/// description on each, and the handlers' annotations name only the body.
pub(crate) fn describe_responses(doc: &mut utoipa::openapi::OpenApi) {
    for item in doc.paths.paths.values_mut() {
        for op in operations_mut(item) {
            for (code, response) in &mut op.responses.responses {
                if let utoipa::openapi::RefOr::T(r) = response
                    && r.description.is_empty()
                {
                    r.description = code
                        .parse::<u16>()
                        .ok()
                        .and_then(|c| axum::http::StatusCode::from_u16(c).ok())
                        .and_then(|c| c.canonical_reason())
                        .unwrap_or("Response")
                        .to_owned();
                }
            }
        }
    }
}

/// `GET /api/openapi.json`: this document, which describes every JSON route of the service.
#[utoipa::path(get, path = "/api/openapi.json", extensions(("x-access" = json!(crate::api::access::PUBLIC))), tag = "service",
    responses((status = 200, description = "The OpenAPI 3.1 document", body = Object)))]
pub async fn openapi_json(
    Extension(doc): Extension<Arc<utoipa::openapi::OpenApi>>,
) -> Json<utoipa::openapi::OpenApi> {
    Json(doc.as_ref().clone())
}

/// The API's routes (relative to `/api/v1`) and its OpenAPI document; JSON bodies are
/// limited to `max_json` bytes and uploads to `max_upload`.
pub fn api(max_json: usize, max_upload: usize) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let uploads = OpenApiRouter::new()
        .routes(routes!(
            attachments::upload_attachment,
            attachments::list_attachments
        ))
        .layer(DefaultBodyLimit::max(max_upload));
    let legacy_xml = OpenApiRouter::new()
        .routes(routes!(partner_xml::partner_xml))
        .layer(DefaultBodyLimit::max(partner_xml::MAX_XML_BYTES));
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::register))
        .routes(routes!(auth::confirm))
        .routes(routes!(auth::me))
        .routes(routes!(submit::submit_report, list::list_reports))
        .routes(routes!(read::get_report))
        .routes(routes!(read::get_status))
        .routes(routes!(read::list_events))
        .routes(routes!(rights::my_data))
        .routes(routes!(rights::erase_identity))
        .routes(routes!(actions::take_action))
        .routes(routes!(groups::similar_reports))
        .routes(routes!(groups::list_groups, groups::create_group))
        .routes(routes!(groups::get_group))
        .routes(routes!(groups::link_member, groups::unlink_member))
        .routes(routes!(groups::answer_group))
        .routes(routes!(reference::list_agencies))
        .routes(routes!(reference::list_categories))
        .routes(routes!(stats::sla_stats))
        .routes(routes!(stats::volume_stats))
        .routes(routes!(stats::agency_league))
        .routes(routes!(opendata::open_reports_csv))
        .routes(routes!(opendata::open_reports_jsonl))
        .routes(routes!(opendata::open_volumes_csv))
        .routes(routes!(opendata::open_agencies_csv))
        .routes(routes!(opendata::staff_export_csv))
        .routes(routes!(reference::update_category))
        .routes(routes!(calendar::list_calendar, calendar::add_calendar_day))
        .routes(routes!(calendar::remove_calendar_day))
        .routes(routes!(looks::list_identity_looks))
        .routes(routes!(reveal::request_reveal))
        .routes(routes!(reveal::list_reveals))
        .routes(routes!(reveal::get_reveal))
        .routes(routes!(reveal::decide_reveal))
        .routes(routes!(reveal::notify_reveal))
        .routes(routes!(
            second_factor::get_second_factor,
            second_factor::begin_second_factor
        ))
        .routes(routes!(second_factor::confirm_second_factor))
        .routes(routes!(second_factor::renew_recovery_codes))
        .routes(routes!(second_factor::remove_second_factor))
        .routes(routes!(attachments::download_attachment))
        .routes(routes!(attachments::publish_attachment))
        .routes(routes!(partner::partner_file))
        .routes(routes!(partner::partner_read))
        .routes(routes!(partner::partner_act))
        .routes(routes!(
            partner::webhook_get,
            partner::webhook_put,
            partner::webhook_delete
        ))
        .routes(routes!(partner::dead_letters))
        .routes(routes!(
            partners_admin::list_partners,
            partners_admin::add_partner
        ))
        .routes(routes!(partners_admin::issue_key))
        .routes(routes!(partners_admin::rotate_key))
        .routes(routes!(partners_admin::revoke_key))
        .routes(routes!(triage::suggest))
        .routes(routes!(triage::list_models))
        .routes(routes!(triage::activate_model))
        .routes(routes!(triage::retrain))
        .layer(DefaultBodyLimit::max(max_json))
        .merge(uploads)
        .merge(legacy_xml)
        .split_for_parts()
}
