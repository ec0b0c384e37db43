//! Comments as a report page shows them: who wrote each one, as this viewer may know.
//!
//! A comment is stored with its author's account, but nobody is named by it: the report's own
//! reporter appears as the visibility policy shows the reporter to this viewer ("Anonim" on
//! an anonymous report, "Pelapor" without `show_name`), and staff appear as their agency or
//! unit, never by personal name (DOMAIN §4). Other citizens appear by the first word of their
//! account's name, which they chose to show by commenting.

use aduan_domain::ReporterId;
use aduan_domain::actor::StaffRole;
use aduan_pagekit::ctx::Ctx;
use aduan_store::{Comment, Store, StoreError};
use chrono::{DateTime, Utc};

/// One comment as listed.
pub struct CommentItem {
    /// Id (for moderation).
    pub id: i64,
    /// Who wrote it, as this viewer may know.
    pub author: String,
    /// The text.
    pub body: String,
    /// When written.
    pub created_at: DateTime<Utc>,
    /// When staff hid it.
    pub hidden_at: Option<DateTime<Utc>>,
}

/// The comments with their authors labelled: `reporter_label` is how the page names the
/// report's reporter to this viewer.
pub async fn labelled(
    store: &dyn Store,
    c: &Ctx,
    reporter: &ReporterId,
    reporter_label: &str,
    comments: Vec<Comment>,
) -> Result<Vec<CommentItem>, StoreError> {
    let mut out = Vec::with_capacity(comments.len());
    for k in comments {
        let author = author(store, c, reporter, reporter_label, &k).await?;
        out.push(CommentItem {
            id: k.id.0,
            author,
            body: k.body,
            created_at: k.created_at,
            hidden_at: k.hidden_at,
        });
    }
    Ok(out)
}

async fn author(
    store: &dyn Store,
    c: &Ctx,
    reporter: &ReporterId,
    reporter_label: &str,
    k: &Comment,
) -> Result<String, StoreError> {
    if store.reporter_of_user(k.user).await?.as_ref() == Some(reporter) {
        return Ok(reporter_label.to_owned());
    }
    let Some(user) = store.get_user(k.user).await? else {
        return Ok(k.author.clone());
    };
    if user.role == aduan_domain::Role::Citizen {
        return Ok(k.author.clone());
    }
    Ok(match user.staff_role() {
        Some(StaffRole::NationalAdmin) => c.t("report-actor-national"),
        Some(StaffRole::Supervisor { body }) => c.t(&format!("staff-body-{}", body.as_str())),
        Some(StaffRole::UnitOfficer { unit, .. }) => match store.get_unit(&unit).await? {
            Some(u) => u.name,
            None => c.t("report-actor-staff"),
        },
        Some(StaffRole::AgencyAdmin { agency }) => match store.get_agency(&agency).await? {
            Some(a) => a.name,
            None => c.t("report-actor-staff"),
        },
        None => c.t("report-actor-staff"),
    })
}
