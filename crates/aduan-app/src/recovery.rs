//! Access recovery: a reporter who lost their access code asks for a new one by the e-mail
//! address or phone number they gave. The request only enqueues a job, so every request
//! answers the same way in the same time whether or not the contact ever reported; the job
//! looks the contact up and offers each of its reports a new code, sent to that contact. The
//! old code keeps working until the new one is used, so a stranger who knows someone's
//! address cannot lock them out by asking.

use crate::AppState;
use crate::auth::{access_code, hash_secret, normalise_access_code};
use crate::error::{AppError, AppResult};
use aduan_domain::TrackingId;
use aduan_domain::contact::{Email, PhoneNumber};
use aduan_jobs::{Job, JobContext, JobError, JobHandler, enqueue};
use aduan_store::{Language, NewOutboxMessage, NotifyChannel, RecipientKind, SealedSecret};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Reports offered a new code per recovery request, newest first.
pub const MAX_REPORTS: u32 = 20;

/// What the contact is sealed for in the job's payload.
const CONTACT_CONTEXT: &str = "access_recovery:contact";

/// An address typed by a person: an e-mail address or a phone number, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    /// An e-mail address.
    Email(String),
    /// A phone number in international form.
    Phone(String),
}

impl Contact {
    /// Parses an e-mail address (anything with `@`) or a phone number.
    pub fn parse(text: &str) -> Option<Contact> {
        let text = text.trim();
        if text.contains('@') {
            Email::parse(text)
                .ok()
                .map(|e| Contact::Email(e.as_str().to_owned()))
        } else {
            PhoneNumber::parse(text)
                .ok()
                .map(|p| Contact::Phone(p.as_str().to_owned()))
        }
    }

    /// The channel that reaches it and the address.
    pub fn channel(&self) -> (NotifyChannel, &str) {
        match self {
            Contact::Email(a) => (NotifyChannel::Email, a),
            Contact::Phone(p) => (NotifyChannel::Sms, p),
        }
    }
}

/// The message that sends `code` for report `id` to `to`, the code sealed for its dedup key.
pub fn code_message(
    state: &AppState,
    to: &Contact,
    language: Language,
    template: &str,
    id: &TrackingId,
    code: &str,
    dedup_key: String,
) -> NewOutboxMessage {
    let (channel, address) = to.channel();
    NewOutboxMessage {
        recipient_kind: RecipientKind::Address,
        recipient: address.to_owned(),
        channel,
        template: template.into(),
        language,
        payload: json!({ "tracking_id": id.to_string() }),
        secret: Some(state.deployment_key.seal(code, &dedup_key)),
        dedup_key,
    }
}

/// The job: offer new codes to the reports of a contact (sealed in the payload, as the jobs
/// table is no place for a contact in clear).
#[derive(Debug, Serialize, Deserialize)]
pub struct RecoverAccess {
    /// The contact, sealed with the deployment key.
    pub contact: String,
    /// The language of the message (`id` or `en`).
    pub language: String,
}

impl Job for RecoverAccess {
    const NAME: &'static str = "recover_access";
    const PRIORITY: i32 = 20;
}

/// Enqueues the recovery for `contact`. Costs the same whatever the contact.
pub async fn request(state: &AppState, contact: &Contact, language: Language) -> AppResult<()> {
    let text = match contact {
        Contact::Email(e) => format!("email:{e}"),
        Contact::Phone(p) => format!("phone:{p}"),
    };
    let job = RecoverAccess {
        contact: state.deployment_key.seal(&text, CONTACT_CONTEXT).0,
        language: language.as_str().to_owned(),
    };
    let now = state.clock.now();
    enqueue(state.store.as_ref(), &job, now, now)
        .await
        .map_err(|e| AppError::Internal(Box::new(e)))?;
    Ok(())
}

/// Runs [`RecoverAccess`] jobs.
pub struct Recoverer(pub AppState);

#[async_trait]
impl JobHandler for Recoverer {
    type Job = RecoverAccess;

    async fn run(&self, ctx: &JobContext, job: RecoverAccess) -> Result<(), JobError> {
        let state = &self.0;
        let text = state
            .deployment_key
            .open(&SealedSecret(job.contact), CONTACT_CONTEXT)
            .map_err(JobError::failed)?;
        let contact = match text.split_once(':') {
            Some(("email", e)) => Contact::Email(e.to_owned()),
            Some(("phone", p)) => Contact::Phone(p.to_owned()),
            _ => return Err(JobError::failed("malformed recovery contact")),
        };
        let language = Language::parse(&job.language).unwrap_or(Language::Id);
        let (email, phone) = match &contact {
            Contact::Email(e) => (Some(e.as_str()), None),
            Contact::Phone(p) => (None, Some(p.as_str())),
        };
        let now = ctx.now();
        let hour = now.format("%Y%m%d%H");
        for found in ctx
            .store
            .reports_by_contact(email, phone, MAX_REPORTS)
            .await?
        {
            let code = access_code(&mut rand::rng());
            // One offer per report per hour: a repeat within the hour changes nothing.
            let dedup = format!("{}:recovery:{hour}", found.report);
            let msg = code_message(
                state,
                &contact,
                language,
                "access_recovery",
                &found.report,
                &code,
                dedup,
            );
            let hash = hash_secret(&normalise_access_code(&code));
            match ctx
                .store
                .offer_access_code(&found.report, &found.reporter, &hash, &msg, now)
                .await
            {
                Ok(()) | Err(aduan_store::StoreError::Conflict { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }
}
