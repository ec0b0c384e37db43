//! `/kantor/referensi/mitra`: the register of partner systems, kept by the national admin
//! through [`aduan_app::partners::admin`] (the same use cases as the CLI and the API): add a
//! partner with the agencies and regions it may file for, issue, rotate and revoke its keys.
//! A key is shown once, on the page that issues it; the store audits each change.

use super::{Flash, back, national, refused_page};
use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_app::error::AppError;
use aduan_app::partners::admin::{self, IssuedKey, PartnerInput, PartnerView};
use aduan_pagekit::csrf::Form;
use aduan_pagekit::errors::PageError;
use aduan_pagekit::{Ctx, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Template)]
#[template(path = "office_ref_partners.html")]
struct PartnersPage {
    c: Ctx,
    partners: Vec<PartnerView>,
    flash: Option<Flash>,
    new: NewPartner,
    errors: BTreeMap<String, String>,
}

impl PartnersPage {
    fn err(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

#[derive(Template)]
#[template(path = "office_ref_partner_key.html")]
struct KeyPage {
    c: Ctx,
    issued: IssuedKey,
}

/// `?ok=` after a change.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    ok: Option<String>,
}

/// The add form: agencies and regions separated by commas or spaces.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewPartner {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    agencies: String,
    #[serde(default)]
    regions: String,
}

/// The key forms: which partner, and for a revocation which key.
#[derive(Debug, Deserialize)]
pub struct KeyForm {
    slug: String,
    #[serde(default)]
    rotate: Option<String>,
    #[serde(default)]
    id: Option<i64>,
}

/// The message of a field's refusal code.
fn error_key(code: &str) -> &'static str {
    match code {
        "required" => "ref-partner-error-required",
        "unknown_agency" => "ref-partner-error-unknown_agency",
        _ => "ref-partner-error-invalid",
    }
}

fn words(s: &str) -> Vec<String> {
    s.split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

async fn page(
    state: &AppState,
    c: Ctx,
    flash: Option<Flash>,
    new: NewPartner,
    errors: BTreeMap<String, String>,
) -> Result<PartnersPage, PageError> {
    Ok(PartnersPage {
        partners: admin::list(state).await?,
        c,
        flash,
        new,
        errors,
    })
}

/// `GET /kantor/referensi/mitra`.
pub async fn list(
    State(state): State<AppState>,
    s: StaffCtx,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    national(&s)?;
    let key = match q.ok.as_deref() {
        Some("added") => Some("ref-partner-added"),
        Some("revoked") => Some("ref-partner-key-revoked"),
        _ => None,
    };
    let flash = key.and_then(|k| Flash::done(s.c.t(k)));
    render(&page(&state, s.c, flash, NewPartner::default(), BTreeMap::new()).await?)
}

/// `POST /kantor/referensi/mitra`: adds a partner.
pub async fn add(
    State(state): State<AppState>,
    s: StaffCtx,
    Form(new): Form<NewPartner>,
) -> Result<Response, PageError> {
    national(&s)?;
    let input = PartnerInput {
        slug: new.slug.clone(),
        name: new.name.clone(),
        agencies: words(&new.agencies),
        regions: words(&new.regions),
    };
    let actor = s.staff.user.to_string();
    let (status, errors) = match admin::add(&state, &actor, input).await {
        Ok(_) => return Ok(back("/kantor/referensi/mitra?ok=added")),
        Err(AppError::Validation(fields)) => {
            let errors = fields
                .into_iter()
                .map(|(f, code)| (f, s.c.t(error_key(&code))))
                .collect();
            (StatusCode::UNPROCESSABLE_ENTITY, errors)
        }
        Err(AppError::Exists(_)) => {
            let errors = BTreeMap::from([("slug".to_owned(), s.c.t("ref-partner-error-exists"))]);
            (StatusCode::CONFLICT, errors)
        }
        Err(e) => return Err(e.into()),
    };
    refused_page(&page(&state, s.c, None, new, errors).await?, status)
}

/// `POST /kantor/referensi/mitra/kunci`: issues a key (with `rotate`, a rotation), shown
/// once on the page this answers.
pub async fn issue(
    State(state): State<AppState>,
    s: StaffCtx,
    Form(form): Form<KeyForm>,
) -> Result<Response, PageError> {
    national(&s)?;
    let actor = s.staff.user.to_string();
    let rotate = form.rotate.is_some();
    let issued = admin::issue_key(&state, &actor, &form.slug, rotate).await?;
    let mut res = render(&KeyPage { c: s.c, issued })?;
    res.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

/// `POST /kantor/referensi/mitra/cabut`: revokes one key at once.
pub async fn revoke(
    State(state): State<AppState>,
    s: StaffCtx,
    Form(form): Form<KeyForm>,
) -> Result<Response, PageError> {
    national(&s)?;
    let actor = s.staff.user.to_string();
    let id = form.id.ok_or(PageError::NotFound)?;
    admin::revoke_key(&state, &actor, &form.slug, id).await?;
    Ok(back("/kantor/referensi/mitra?ok=revoked"))
}
