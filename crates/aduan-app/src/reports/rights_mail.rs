//! A reporter's data rights by e-mail: the reporter answers one of our e-mails (its signed
//! reply address names the report; the sender must be the reporter's own address, which the
//! mail edge checks) with a word alone, and the answer comes back by e-mail to that address:
//! their data (JSON, sealed in the outbox until sent, as an access code is), or, for an
//! erasure, a confirmation code, which the erasure then needs. The code goes only to the
//! reporter's own address, so a forged sender who can write to us cannot erase anyone's
//! identity. Through [`crate::reports::rights`], so the checks and the audit are the web's and
//! SMS's.

use crate::AppState;
use crate::auth::CROCKFORD;
use crate::error::{AppError, AppResult};
use crate::reports::rights::{erase_with_notice, my_data_of, reporter_only};
use crate::reports::viewer::Viewed;
use aduan_store::Language;
use serde_json::json;

/// What the reporter asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailAsk {
    /// Their data (`DATA`, `MY DATA`).
    MyData,
    /// The erasure, to be confirmed (`HAPUS`, `ERASE`): the answer carries the code.
    AskErase,
    /// The erasure with the code the confirmation carried (`HAPUS YA <code>`,
    /// `ERASE YES <code>`), as typed.
    Erase(String),
}

/// What became of the request, as the e-mail's outcome records it.
pub fn outcome(done: Done) -> &'static str {
    match done {
        Done::Sent => "my_data",
        Done::Asked => "erase_asked",
        Done::Erased => "erase_identity",
    }
}

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    /// The data was sent.
    Sent,
    /// The erasure's code was sent (asked, or asked again after a wrong code).
    Asked,
    /// The identity was erased (or, with an account, the reporter told to erase that).
    Erased,
}

/// The erasure's confirmation code of the report `seen` is of: eight Crockford symbols from
/// the deployment key, the report and its reporter; nobody without the key can make it, and
/// it is only ever sent to the reporter's own address.
fn erase_code(state: &AppState, seen: &Viewed) -> String {
    let report = seen.report();
    let purpose = format!(
        "erase-confirm:{}:{}",
        report.tracking_id,
        report.reporter.as_str()
    );
    crate::auth::keyed_sha256(&state.deployment_key, &[purpose.as_bytes()])
        .iter()
        .take(8)
        .map(|b| char::from(CROCKFORD[usize::from(b % 32)]))
        .collect()
}

/// Whether `typed` is the code (any case, with or without its dash).
fn code_matches(expected: &str, typed: &str) -> bool {
    crate::auth::codes_match(expected, &crate::auth::normalise_access_code(typed))
}

/// Answers `ask` from the reporter of the report `seen` is of, writing to `address` (their own,
/// from which they wrote) in `language`; `message_key` names the asking e-mail, so a repeat of
/// it writes no second answer. A reporter whose identity belongs to an account is told to
/// erase the account instead.
pub async fn answer_by_email(
    state: &AppState,
    seen: &Viewed,
    address: &str,
    ask: &MailAsk,
    language: Language,
    message_key: &str,
) -> AppResult<Done> {
    reporter_only(seen)?;
    let id = seen.report().tracking_id;
    let payload = json!({ "tracking_id": id });
    let key = format!("{id}:rights:{message_key}");
    let message = |template: &str, secret: Option<&str>| {
        crate::notify::email_to_address(state, address, language, template, &payload, &key, secret)
    };
    let code = erase_code(state, seen);
    let (done, out) = match ask {
        MailAsk::MyData => {
            let data = my_data_of(state, seen).await?;
            let text =
                serde_json::to_string_pretty(&data).map_err(|e| AppError::Internal(Box::new(e)))?;
            (Done::Sent, message("my_data", Some(&text)))
        }
        MailAsk::Erase(typed) if code_matches(&code, typed) => {
            let told = message("identity_erased", None);
            match erase_with_notice(state, seen, "email", std::slice::from_ref(&told)).await {
                Ok(_) => return Ok(Done::Erased),
                Err(AppError::Exists(_)) => (Done::Erased, message("erase_account", None)),
                Err(e) => return Err(e),
            }
        }
        MailAsk::AskErase | MailAsk::Erase(_) => {
            let shown = format!("{}-{}", &code[..4], &code[4..]);
            (Done::Asked, message("erase_confirm", Some(&shown)))
        }
    };
    state
        .store
        .insert_outbox(std::slice::from_ref(&out), state.clock.now())
        .await?;
    Ok(done)
}
