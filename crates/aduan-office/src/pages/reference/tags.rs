//! `/kantor/referensi/tag`: the vocabulary of tags staff put on reports at verification.
//! The national admin adds, renames, deactivates and reactivates tags; a tag is never
//! deleted, so reports keep theirs. The store audits each change (`tag.add`, `tag.update`).

use super::{Flash, back, national, refused_page};
use crate::gate::StaffCtx;
use aduan_app::AppState;
use aduan_domain::directory::slugify;
use aduan_portal::csrf::Form;
use aduan_portal::errors::PageError;
use aduan_portal::{Ctx, render};
use aduan_store::{StoreError, Tag, check_tag};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Template)]
#[template(path = "office_ref_tags.html")]
struct TagsPage {
    c: Ctx,
    tags: Vec<Tag>,
    flash: Option<Flash>,
    new: NewTag,
    errors: BTreeMap<&'static str, String>,
}

impl TagsPage {
    fn err(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// `?ok=` after a change.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    ok: Option<String>,
}

/// The add form.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewTag {
    #[serde(default)]
    label: String,
    #[serde(default)]
    slug: String,
}

/// The rename and (de)activate forms: a field left out stays as it is.
#[derive(Debug, Deserialize)]
pub struct ChangeTag {
    slug: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    active: Option<String>,
}

/// Active tags first, each group by label.
async fn sorted_tags(state: &AppState) -> Result<Vec<Tag>, PageError> {
    let mut tags = state.store.list_tags().await?;
    tags.sort_by(|a, b| {
        b.active
            .cmp(&a.active)
            .then_with(|| a.label.to_lowercase().cmp(&b.label.to_lowercase()))
    });
    Ok(tags)
}

async fn page(
    state: &AppState,
    c: Ctx,
    flash: Option<Flash>,
    new: NewTag,
    errors: BTreeMap<&'static str, String>,
) -> Result<TagsPage, PageError> {
    Ok(TagsPage {
        tags: sorted_tags(state).await?,
        c,
        flash,
        new,
        errors,
    })
}

/// `GET /kantor/referensi/tag`.
pub async fn list(
    State(state): State<AppState>,
    s: StaffCtx,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    national(&s)?;
    let key = match q.ok.as_deref() {
        Some("added") => Some("ref-tag-added"),
        Some("renamed") => Some("ref-tag-renamed"),
        Some("deactivated") => Some("ref-tag-deactivated"),
        Some("activated") => Some("ref-tag-activated"),
        _ => None,
    };
    let flash = key.and_then(|k| Flash::done(s.c.t(k)));
    render(&page(&state, s.c, flash, NewTag::default(), BTreeMap::new()).await?)
}

/// `POST /kantor/referensi/tag`: adds a tag; its slug comes from the label unless given.
pub async fn add(
    State(state): State<AppState>,
    s: StaffCtx,
    Form(new): Form<NewTag>,
) -> Result<Response, PageError> {
    national(&s)?;
    let c = s.c.clone();
    let slug = match new.slug.trim() {
        "" => slugify(&new.label),
        given => given.to_owned(),
    };
    let mut errors = BTreeMap::new();
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if new.label.trim().is_empty() {
        errors.insert("label", c.t("submit-error-required"));
    } else if check_tag(&slug, &new.label).is_err() {
        errors.insert("slug", c.t("ref-tag-error-slug"));
    } else if state
        .store
        .list_tags()
        .await?
        .iter()
        .any(|t| t.slug == slug)
    {
        errors.insert("slug", c.t("ref-tag-exists"));
        status = StatusCode::CONFLICT;
    }
    if errors.is_empty() {
        let at = state.clock.now();
        let actor = s.staff.user.to_string();
        state
            .store
            .upsert_tag(&slug, &new.label, true, &actor, at)
            .await?;
        return Ok(back("/kantor/referensi/tag?ok=added"));
    }
    let page = page(&state, c, None, new, errors).await?;
    refused_page(&page, status)
}

/// `POST /kantor/referensi/tag/ubah`: renames, deactivates or reactivates a tag.
pub async fn change(
    State(state): State<AppState>,
    s: StaffCtx,
    Form(f): Form<ChangeTag>,
) -> Result<Response, PageError> {
    national(&s)?;
    let tags = state.store.list_tags().await?;
    let old = tags
        .into_iter()
        .find(|t| t.slug == f.slug)
        .ok_or(PageError::NotFound)?;
    let label = f.label.clone().unwrap_or_else(|| old.label.clone());
    let active = match f.active.as_deref() {
        Some(v) => matches!(v, "1" | "true" | "on"),
        None => old.active,
    };
    let at = state.clock.now();
    let actor = s.staff.user.to_string();
    match state
        .store
        .upsert_tag(&old.slug, &label, active, &actor, at)
        .await
    {
        Ok(_) => {}
        Err(StoreError::Conflict { .. }) => {
            let flash = Flash::refused(s.c.t("ref-tag-error-label"));
            let page = page(&state, s.c, flash, NewTag::default(), BTreeMap::new()).await?;
            return refused_page(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
        Err(e) => return Err(e.into()),
    }
    let done = if active != old.active {
        if active { "activated" } else { "deactivated" }
    } else {
        "renamed"
    };
    Ok(back(&format!("/kantor/referensi/tag?ok={done}")))
}
