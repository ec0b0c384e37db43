//! Filing what a chat collected: the attachments fetched from the network first (a network
//! that cannot be reached stops the filing, so the sender can send again), then the report
//! through the one filing code of `aduan-app` as a reporter known by their chat handle, then
//! each attachment checked and cleaned as an upload of that reporter. The filing is keyed on
//! the network's message id, so a delivery taken twice files once.

use crate::ChatService;
use crate::flow::Draft;
use aduan_app::error::{AppError, AppResult};
use aduan_app::limiter::{self, Policy};
use aduan_app::reports::attachments::store_upload;
use aduan_app::reports::intake::{IntakeChoices, LocationInput, ReporterInput};
use aduan_app::reports::submit::{FileInput, Filed, file_report};
use aduan_chat_core::{Incoming, Media, NetworkError};
use aduan_domain::TrackingId;
use aduan_domain::report::Channel;
use aduan_store::{Language, NotifyVia, ReporterNotify};

/// What became of a filing.
#[derive(Debug)]
pub(crate) enum Filing {
    /// Filed (or found filed by an earlier delivery of the same message).
    Filed {
        id: TrackingId,
        code: Option<String>,
        anonymous: bool,
        /// Attachments that could not be fetched or were refused.
        lost: usize,
        /// The first photo kept, to show the sender the copy staff see.
        photo: Option<i64>,
    },
    /// Refused, with the fields and codes that were wrong.
    Invalid(String),
    /// Not now: the network or the database could not be reached, or the sender is over
    /// the limit (the seconds to wait).
    Later(Option<i64>),
}

/// A report's files, fetched.
struct Fetched {
    files: Vec<(String, Media)>,
    lost: usize,
}

async fn fetch(svc: &ChatService, incoming: &Incoming, draft: &Draft) -> Result<Fetched, ()> {
    let mut out = Fetched {
        files: Vec::new(),
        lost: 0,
    };
    if draft.media.is_empty() {
        return Ok(out);
    }
    let Some(network) = svc.network(incoming.network) else {
        out.lost = draft.media.len();
        return Ok(out);
    };
    for (n, media) in draft.media.iter().enumerate() {
        match network.fetch_media(media).await {
            Ok(m) => {
                let name = m
                    .file_name
                    .clone()
                    .or_else(|| media.file_name.clone())
                    .unwrap_or_else(|| format!("{}-{}", incoming.network, n + 1));
                out.files.push((name, m));
            }
            Err(NetworkError::Permanent(e)) => {
                tracing::warn!(network = %incoming.network, error = %e, "a chat attachment could not be fetched");
                out.lost += 1;
            }
            Err(NetworkError::Temporary(e)) => {
                tracing::warn!(network = %incoming.network, error = %e, "a chat attachment cannot be fetched now");
                return Err(());
            }
        }
    }
    Ok(out)
}

/// The fields a filing needs from a chat, the same for a conversation and a public post.
fn input(
    svc: &ChatService,
    incoming: &Incoming,
    language: Language,
    channel: Channel,
    draft: &Draft,
) -> FileInput {
    let handle = crate::handle(incoming);
    let anonymous = draft.anonymous == Some(true);
    let reporter = (!anonymous).then(|| ReporterInput {
        name: draft.name.clone(),
        ..ReporterInput::default()
    });
    FileInput {
        kind: "complaint".into(),
        title: draft.title.clone(),
        body: draft.body.clone().unwrap_or_default(),
        incident_date: None,
        location: draft.location.as_ref().map(|p| LocationInput {
            text: p.text.clone(),
            region_code: None,
            lat: p.lat,
            lon: p.lon,
        }),
        requested_agency: None,
        category: None,
        choices: IntakeChoices {
            anonymous,
            confidential: None,
            show_name: false,
        },
        reporter,
        channel,
        citizen: None,
        staff: None,
        on_behalf: false,
        idempotency: Some((
            "chat".into(),
            svc.digest(&[incoming.network.as_str(), &incoming.message_id]),
        )),
        fingerprint: None,
        receipt: false,
        notify: Some(ReporterNotify {
            via: NotifyVia::default(),
            language,
        }),
        limit: Some(limiter::in_write(&svc.app, Policy::ChatSubmit, &handle)),
        partner_ref: None,
        chat: Some(handle),
    }
}

/// Files `draft` from `incoming`'s sender through `channel`.
pub(crate) async fn file(
    svc: &ChatService,
    incoming: &Incoming,
    language: Language,
    channel: Channel,
    draft: &Draft,
) -> AppResult<Filing> {
    let Ok(fetched) = fetch(svc, incoming, draft).await else {
        return Ok(Filing::Later(None));
    };
    let state = &svc.app;
    let filed: Filed = match file_report(state, input(svc, incoming, language, channel, draft))
        .await
    {
        Ok(f) => f,
        Err(AppError::Validation(fields)) => {
            let reason = fields
                .iter()
                .map(|(f, c)| format!("{f}: {c}"))
                .collect::<Vec<_>>()
                .join(", ");
            return Ok(Filing::Invalid(reason));
        }
        Err(AppError::RateLimited { retry_after }) => return Ok(Filing::Later(Some(retry_after))),
        Err(e) => return Err(e),
    };
    let mut lost = fetched.lost;
    let mut photo = None;
    if !filed.replayed {
        let seen = filed.as_filer(state).await?;
        for (name, media) in fetched.files {
            match store_upload(state, &seen, name, media.bytes).await {
                Ok(kept) if photo.is_none() && kept.mime.starts_with("image/") => {
                    photo = Some(kept.id);
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(tracking_id = %filed.tracking_id, error = %e, "a chat attachment was refused");
                    lost += 1;
                }
            }
        }
    }
    Ok(Filing::Filed {
        id: filed.tracking_id,
        code: filed.access_code,
        anonymous: draft.anonymous == Some(true),
        lost,
        photo,
    })
}
