//! A reporter's data rights on the report's page, for a visitor the page knows as the report's
//! reporter (by its access code or their account), through [`aduan_app::reports::rights`]:
//! `GET /laporan/{id}/data-saya` downloads what Aduan holds about them as JSON, and
//! `POST /laporan/{id}/hapus-identitas` erases their identity once they tick the confirmation.

use super::page::{Flash, caller, page};
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::reports::rights;
use aduan_pagekit::csrf::Form;
use aduan_pagekit::ctx::Ctx;
use aduan_pagekit::errors::PageError;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// `GET /laporan/{id}/data-saya`: a JSON download for the report's reporter; 404 for anyone
/// else.
pub async fn download(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let caller = caller(&c, &headers, &id);
    let data = match rights::my_data(&state, &caller, &id).await {
        Ok(data) => data,
        Err(AppError::NotFound) => return Err(PageError::NotFound),
        Err(e) => return Err(PageError::App(e)),
    };
    let mut res = Json(data).into_response();
    let name = format!("attachment; filename=\"aduan-data-{}.json\"", id.trim());
    if let Ok(v) = HeaderValue::from_str(&name) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// The erasure form: the box that says the reporter understands.
#[derive(Debug, Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    confirm: Option<String>,
}

/// `POST /laporan/{id}/hapus-identitas`.
pub async fn erase(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<EraseForm>,
) -> Result<Response, PageError> {
    if form.confirm.as_deref() != Some("yes") {
        let flash = Flash {
            ok: false,
            text: c.t("report-erase-confirm-needed"),
        };
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return page(&state, c, &headers, &id, Some(flash), status).await;
    }
    let caller = caller(&c, &headers, &id);
    match rights::erase_my_identity(&state, &caller, &id, "portal").await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/laporan/{}?ok=identity_erased", id.trim())).into_response())
        }
        Err(AppError::NotFound) => Err(PageError::NotFound),
        Err(AppError::Exists(_)) => {
            let flash = Flash {
                ok: false,
                text: c.t("report-erase-account"),
            };
            page(&state, c, &headers, &id, Some(flash), StatusCode::CONFLICT).await
        }
        Err(e) => Err(PageError::App(e)),
    }
}
