//! `DATA <id>` and `HAPUS <id>`: a reporter's data rights from the number on the report,
//! through [`aduan_app::reports::rights`]. The answer to `DATA` names what is held, with the
//! NIK shortened to its last four digits (an SMS passes through the operators' hands); the
//! whole file is on the report's page with the access code.

use super::reporter_of;
use crate::handle::Reply;
use crate::texts::text;
use aduan_app::AppState;
use aduan_app::error::{AppError, AppResult};
use aduan_app::reports::rights::{erase_my_identity_of, my_data_of, shortened_nik};
use aduan_domain::contact::PhoneNumber;
use aduan_domain::report::Report;
use aduan_i18n::{FluentValue, Lang};

/// `DATA <id>`: what Aduan holds about the reporter on `report`, for the number on it.
pub(crate) async fn my_data(
    state: &AppState,
    lang: Lang,
    report: &Report,
    phone: &PhoneNumber,
) -> AppResult<Reply> {
    let id = report.tracking_id;
    let arg = || FluentValue::from(id.to_string());
    let seen = match reporter_of(state, lang, report, phone).await? {
        Ok(seen) => seen,
        Err(refused) => return Ok(refused),
    };
    let data = my_data_of(state, &seen).await?;
    let Some(who) = data.identity else {
        return Ok(Reply::about(
            text(lang, "sms-data-none", &[("id", arg())]),
            id,
        ));
    };
    let none = || text(lang, "sms-data-empty", &[]);
    let value = |v: Option<String>| FluentValue::from(v.unwrap_or_else(none));
    Ok(Reply::about(
        text(
            lang,
            "sms-data",
            &[
                ("id", arg()),
                ("name", value(who.name)),
                ("email", value(who.email)),
                ("phone", value(who.phone)),
                ("nik", value(who.nik.as_deref().map(shortened_nik))),
            ],
        ),
        id,
    ))
}

/// `HAPUS <id>`: asks the number on `report` to confirm; `HAPUS <id> YA` erases the identity
/// of its reporter.
pub(crate) async fn erase(
    state: &AppState,
    lang: Lang,
    report: &Report,
    phone: &PhoneNumber,
    confirmed: bool,
) -> AppResult<Reply> {
    let id = report.tracking_id;
    let arg = || FluentValue::from(id.to_string());
    let seen = match reporter_of(state, lang, report, phone).await? {
        Ok(seen) => seen,
        Err(refused) => return Ok(refused),
    };
    if !confirmed {
        return Ok(Reply::about(
            text(lang, "sms-erase-confirm", &[("id", arg())]),
            id,
        ));
    }
    Ok(match erase_my_identity_of(state, &seen, "sms").await {
        Ok(_) => Reply::about(text(lang, "sms-erased", &[("id", arg())]), id),
        Err(AppError::Exists(_)) => {
            Reply::about(text(lang, "sms-erase-account", &[("id", arg())]), id)
        }
        Err(e) => return Err(e),
    })
}
