//! The questions of a report's draft, and the summary asked before it is sent.

use crate::flow::{Draft, MAX_MEDIA, Step};
use crate::texts::{arg, text};
use aduan_store::Language;

/// The question for `step`.
pub(crate) fn question(lang: Language, step: Step, draft: &Draft, network: &str) -> String {
    match step {
        Step::Title => text(lang, "chat-ask-title", &[]),
        Step::Body => text(lang, "chat-ask-body", &[]),
        Step::Media => text(lang, "chat-ask-media", &[("max", MAX_MEDIA.into())]),
        Step::Location => text(lang, "chat-ask-location", &[]),
        Step::Identity => text(lang, "chat-ask-identity", &[("network", arg(network))]),
        Step::Name => text(lang, "chat-ask-name", &[]),
        Step::Confirm => summary(lang, draft),
    }
}

fn summary(lang: Language, d: &Draft) -> String {
    let none = || text(lang, "chat-summary-none", &[]);
    let clip = |s: &str, n: usize| {
        if s.chars().count() > n {
            format!("{}…", s.chars().take(n).collect::<String>())
        } else {
            s.to_owned()
        }
    };
    let media = if d.media.is_empty() {
        none()
    } else {
        d.media.len().to_string()
    };
    text(
        lang,
        "chat-summary",
        &[
            ("title", arg(d.title.clone().unwrap_or_else(none))),
            (
                "body",
                arg(clip(d.body.as_deref().unwrap_or_default(), 300)),
            ),
            ("media", arg(media)),
            (
                "location",
                arg(d.location.as_ref().map_or_else(none, |p| p.text.clone())),
            ),
            (
                "anonymous",
                arg(if d.anonymous == Some(true) {
                    "yes"
                } else {
                    "no"
                }),
            ),
            ("name", arg(d.name.clone().unwrap_or_else(none))),
        ],
    )
}
