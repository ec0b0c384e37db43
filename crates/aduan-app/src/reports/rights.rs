//! A reporter's data rights through the channel they used (UU 27/2022), for every reporter,
//! with or without an account: what Aduan holds about them for one report (their identity as
//! they gave it, the report and its history as its reporter sees them), and the erasure of
//! their identity, after which the report stays with nobody named. Only the report's reporter,
//! as a [`Viewed`] proves it (an access code, their own phone number or e-mail address, their
//! account), may do either; anyone else is answered as if the report were not theirs to ask
//! about (`not_found`).

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, AppResult};
use crate::reports::read::{history_of, load, view_of};
use crate::reports::viewer::Viewed;
use crate::view::{EventView, ReportView, ReporterView};
use aduan_domain::report::ReporterIdentity;
use aduan_domain::visibility::IdentityView;
use aduan_store::OwnErasure;
use serde::Serialize;

/// Everything Aduan holds about a reporter for one report.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MyData {
    /// The identity as given; nothing when none is held (never given, or erased).
    pub identity: Option<ReporterView>,
    /// The report as its reporter sees it.
    pub report: ReportView,
    /// Its history as its reporter sees it.
    pub history: Vec<EventView>,
    /// Each reveal of their identity to staff that they have been told of, with its reason.
    pub reveals: Vec<crate::reports::reveal::RevealNotice>,
}

/// The erasure's outcome.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Erased {
    /// The report asked from (it stays).
    pub tracking_id: String,
    /// Whether an identity was erased now (`false`: none was held, erased before or never
    /// given).
    pub erased: bool,
}

/// A NIK as a short message (SMS, chat) may show it: its last four digits, the rest starred
/// (such a message passes through the operators' or the network's hands).
pub fn shortened_nik(nik: &str) -> String {
    let digits: Vec<char> = nik.chars().collect();
    let keep = digits.len().saturating_sub(4);
    digits
        .iter()
        .enumerate()
        .map(|(i, c)| if i < keep { '*' } else { *c })
        .collect()
}

/// Only the report's reporter may ask; anyone else is answered `not_found`.
pub(crate) fn reporter_only(seen: &Viewed) -> AppResult<()> {
    if seen.is_reporter() && seen.visibility().report() {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// What Aduan holds about the reporter of the report `seen` is of.
pub async fn my_data_of(state: &AppState, seen: &Viewed) -> AppResult<MyData> {
    reporter_only(seen)?;
    let identity = state
        .store
        .get_identity(&seen.report().reporter)
        .await?
        .filter(|who| *who != ReporterIdentity::default());
    Ok(MyData {
        identity: identity.map(|who| ReporterView::new(IdentityView::Full, Some(&who))),
        report: view_of(state, seen).await?,
        history: history_of(state, seen).await?,
        reveals: crate::reports::reveal::told_to_reporter(state, seen).await?,
    })
}

/// [`my_data_of`] for the report `tracking_id` as `caller` proves to be its reporter.
pub async fn my_data(state: &AppState, caller: &Caller, tracking_id: &str) -> AppResult<MyData> {
    my_data_of(state, &load(state, caller, tracking_id).await?).await
}

/// The report `tracking_id` as `caller` proves to be its reporter; to anyone else `not_found`,
/// as if the report were not theirs to ask about. An edge looks it up before it reads the
/// request's body, so nobody else learns what the request would have needed.
pub async fn own_report(state: &AppState, caller: &Caller, tracking_id: &str) -> AppResult<Viewed> {
    let seen = load(state, caller, tracking_id).await?;
    reporter_only(&seen)?;
    Ok(seen)
}

/// Erases the identity of the reporter of the report `seen` is of, at their request through
/// `channel` (`portal`, `api`, `sms`): name, e-mail, phone, NIK and chat handle; audited
/// without naming them. The report stays. A reporter who filed with an account is told to
/// erase the account (`/akun/hapus`), which holds the identity: `conflict`.
pub async fn erase_my_identity_of(
    state: &AppState,
    seen: &Viewed,
    channel: &str,
) -> AppResult<Erased> {
    erase_with_notice(state, seen, channel, &[]).await
}

/// [`erase_my_identity_of`], writing `notice` (the answer to the address that asked) in the
/// erasure's own transaction.
pub(crate) async fn erase_with_notice(
    state: &AppState,
    seen: &Viewed,
    channel: &str,
    notice: &[aduan_store::NewOutboxMessage],
) -> AppResult<Erased> {
    reporter_only(seen)?;
    let report = seen.report();
    let handle = state
        .store
        .get_identity(&report.reporter)
        .await?
        .and_then(|who| who.chat);
    let chat_answers = handle
        .as_deref()
        .map(|h| crate::auth::chat_answers_prefix(&state.deployment_key, h));
    let outcome = state
        .store
        .erase_reporter_identity(
            &report.reporter,
            &report.tracking_id,
            channel,
            state.clock.now(),
            notice,
            chat_answers.as_deref(),
        )
        .await?;
    let erased = match outcome {
        OwnErasure::Erased => true,
        OwnErasure::NothingHeld => false,
        OwnErasure::Account => {
            return Err(AppError::Exists(
                "this identity belongs to an account: erase it from the account (/akun/hapus)"
                    .into(),
            ));
        }
    };
    tracing::info!(tracking_id = %report.tracking_id, channel, erased, "reporter erased their identity");
    Ok(Erased {
        tracking_id: report.tracking_id.to_string(),
        erased,
    })
}

/// [`erase_my_identity_of`] for the report `tracking_id` as `caller` proves to be its reporter.
pub async fn erase_my_identity(
    state: &AppState,
    caller: &Caller,
    tracking_id: &str,
    channel: &str,
) -> AppResult<Erased> {
    erase_my_identity_of(state, &load(state, caller, tracking_id).await?, channel).await
}

#[cfg(test)]
mod tests {
    use super::shortened_nik;

    #[test]
    fn a_nik_is_shortened_to_its_last_four_digits() {
        assert_eq!(shortened_nik("3578014507900001"), "************0001");
        assert_eq!(shortened_nik("12"), "12");
    }
}
