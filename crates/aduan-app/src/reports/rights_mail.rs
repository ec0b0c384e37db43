//! A reporter's data rights by e-mail: the reporter answers one of our e-mails (its signed
//! reply address names the report; the sender must be the reporter's own address, which the
//! mail edge checks) with a word on its first line, and the answer comes back by e-mail to that
//! address: their data (JSON, sealed in the outbox until sent, as an access code is), the
//! question whether to erase their identity, or the erasure done. Through
//! [`crate::reports::rights`], so the checks and the audit are the web's and SMS's.

use crate::AppState;
use crate::error::AppResult;
use crate::reports::rights::{erase_my_identity_of, my_data_of};
use crate::reports::viewer::Viewed;
use aduan_store::Language;
use serde_json::json;

/// What the reporter asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailAsk {
    /// Their data (`DATA`, `MY DATA`).
    MyData,
    /// The erasure, not yet confirmed (`HAPUS`, `ERASE`): asks them to confirm.
    AskErase,
    /// The erasure, confirmed (`HAPUS YA`, `ERASE YES`).
    Erase,
}

impl MailAsk {
    /// What is recorded as the e-mail's outcome.
    pub fn as_str(self) -> &'static str {
        match self {
            MailAsk::MyData => "my_data",
            MailAsk::AskErase => "erase_asked",
            MailAsk::Erase => "erase_identity",
        }
    }
}

/// Answers `ask` from the reporter of the report `seen` is of, writing to `address` (their own,
/// from which they wrote) in `language`; `message_key` names the asking e-mail, so a repeat of
/// it writes no second answer. A reporter whose identity belongs to an account is told to
/// erase the account instead.
pub async fn answer_by_email(
    state: &AppState,
    seen: &Viewed,
    address: &str,
    ask: MailAsk,
    language: Language,
    message_key: &str,
) -> AppResult<()> {
    let id = seen.report().tracking_id;
    let payload = json!({ "tracking_id": id });
    let key = format!("{id}:rights:{message_key}");
    let (template, secret) = match ask {
        MailAsk::MyData => {
            let data = my_data_of(state, seen).await?;
            let text = serde_json::to_string_pretty(&data)
                .map_err(|e| crate::error::AppError::Internal(Box::new(e)))?;
            ("my_data", Some(text))
        }
        MailAsk::AskErase => {
            crate::reports::rights::reporter_only(seen)?;
            ("erase_confirm", None)
        }
        MailAsk::Erase => match erase_my_identity_of(state, seen, "email").await {
            Ok(_) => ("identity_erased", None),
            Err(crate::error::AppError::Exists(_)) => ("erase_account", None),
            Err(e) => return Err(e),
        },
    };
    let message = crate::notify::email_to_address(
        state,
        address,
        language,
        template,
        &payload,
        &key,
        secret.as_deref(),
    );
    state
        .store
        .insert_outbox(std::slice::from_ref(&message), state.clock.now())
        .await?;
    Ok(())
}
