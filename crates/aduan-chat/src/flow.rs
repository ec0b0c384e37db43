//! The questions that make a report, one at a time: title, text, attachments, place, then
//! name or anonymity (asked, never assumed), then a summary to send or cancel. Each answer
//! moves the draft on or asks again; nothing here touches the database.

use crate::questions::question;
use crate::texts::{arg, text};
use crate::words::Said;
use aduan_app::reports::intake::{MAX_BODY, MAX_TITLE};
use aduan_chat_core::{Content, MediaRef};
use aduan_store::Language;
use serde::{Deserialize, Serialize};

/// Attachments kept per report from a chat.
pub(crate) const MAX_MEDIA: usize = 5;
/// Longest name accepted, in characters.
const MAX_NAME: usize = 100;
/// Longest place description accepted, in characters.
const MAX_PLACE: usize = 300;

/// The question waiting for an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Title,
    Body,
    Media,
    Location,
    Identity,
    Name,
    Confirm,
}

impl Step {
    const ALL: [Step; 7] = [
        Step::Title,
        Step::Body,
        Step::Media,
        Step::Location,
        Step::Identity,
        Step::Name,
        Step::Confirm,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Step::Title => "title",
            Step::Body => "body",
            Step::Media => "media",
            Step::Location => "location",
            Step::Identity => "identity",
            Step::Name => "name",
            Step::Confirm => "confirm",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Step> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Where it happened, as the sender said or shared it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Place {
    pub text: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// What the sender has said so far.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Draft {
    pub title: Option<String>,
    pub body: Option<String>,
    #[serde(default)]
    pub media: Vec<MediaRef>,
    pub location: Option<Place>,
    pub anonymous: Option<bool>,
    pub name: Option<String>,
}

/// Where an answer leaves the draft.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Moved {
    /// The question now waiting; `None` when the draft is done with (cancelled).
    pub step: Option<Step>,
    /// What to say.
    pub answers: Vec<String>,
    /// The sender asked to send it.
    pub file: bool,
}

impl Moved {
    fn ask(step: Step, answers: Vec<String>) -> Self {
        Moved {
            step: Some(step),
            answers,
            file: false,
        }
    }
}

fn too_long(lang: Language, key: &str, length: usize) -> String {
    text(lang, key, &[("length", length.into())])
}

/// The answer to `step` that `content` (read as `said` when it is text) gives.
pub(crate) fn answer(
    lang: Language,
    network: &str,
    step: Step,
    draft: &mut Draft,
    content: &Content,
    said: Option<&Said<'_>>,
) -> Moved {
    let again = |draft: &Draft, first: Option<String>| {
        let mut answers: Vec<String> = first.into_iter().collect();
        answers.push(question(lang, step, draft, network));
        Moved::ask(step, answers)
    };
    let next = |draft: &Draft, step: Step, first: Option<String>| {
        let mut answers: Vec<String> = first.into_iter().collect();
        answers.push(question(lang, step, draft, network));
        Moved::ask(step, answers)
    };
    if let Content::Unsupported(kind) = content {
        let sorry = text(lang, "chat-unsupported", &[("kind", arg(kind.as_str()))]);
        return again(draft, Some(sorry));
    }
    let typed = match said {
        Some(Said::Text(t)) => Some(*t),
        _ => None,
    };
    match step {
        Step::Title => match typed {
            Some(t) if t.chars().count() > MAX_TITLE => Moved::ask(
                step,
                vec![too_long(lang, "chat-title-too-long", t.chars().count())],
            ),
            Some(t) => {
                draft.title = Some(t.to_owned());
                next(draft, Step::Body, None)
            }
            None => again(draft, None),
        },
        Step::Body => match (typed, content) {
            (Some(t), _) if t.chars().count() > MAX_BODY => Moved::ask(
                step,
                vec![too_long(lang, "chat-body-too-long", t.chars().count())],
            ),
            (Some(t), _) => {
                draft.body = Some(t.to_owned());
                next(draft, Step::Media, None)
            }
            (_, Content::Photo { media, caption } | Content::Document { media, caption }) => {
                let added = add_media(lang, draft, media);
                match caption.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                    Some(c) if c.chars().count() <= MAX_BODY => {
                        draft.body = Some(c.to_owned());
                        next(draft, Step::Media, Some(added))
                    }
                    _ => again(draft, Some(added)),
                }
            }
            _ => again(draft, None),
        },
        Step::Media => match (said, content) {
            (Some(Said::Skip | Said::Done), _) => next(draft, Step::Location, None),
            (_, Content::Photo { media, .. } | Content::Document { media, .. }) => {
                Moved::ask(step, vec![add_media(lang, draft, media)])
            }
            _ => again(draft, None),
        },
        Step::Location => match (said, content) {
            (Some(Said::Skip), _) => {
                draft.location = None;
                next(draft, Step::Identity, None)
            }
            (_, Content::Location { lat, lon, label }) => {
                let text = label
                    .clone()
                    .filter(|l| !l.trim().is_empty())
                    .unwrap_or_else(|| format!("{lat:.5}, {lon:.5}"));
                draft.location = Some(Place {
                    text,
                    lat: Some(*lat),
                    lon: Some(*lon),
                });
                next(draft, Step::Identity, None)
            }
            _ => match typed {
                Some(t) if t.chars().count() <= MAX_PLACE => {
                    draft.location = Some(Place {
                        text: t.to_owned(),
                        lat: None,
                        lon: None,
                    });
                    next(draft, Step::Identity, None)
                }
                _ => again(draft, None),
            },
        },
        Step::Identity => match typed.map(identity_choice) {
            Some(Some(false)) => {
                draft.anonymous = Some(false);
                next(draft, Step::Name, None)
            }
            Some(Some(true)) => {
                draft.anonymous = Some(true);
                draft.name = None;
                next(draft, Step::Confirm, None)
            }
            _ => Moved::ask(step, vec![text(lang, "chat-ask-identity-again", &[])]),
        },
        Step::Name => match typed {
            Some(t) if !t.is_empty() && t.chars().count() <= MAX_NAME => {
                draft.name = Some(t.to_owned());
                next(draft, Step::Confirm, None)
            }
            _ => again(draft, None),
        },
        Step::Confirm => match said {
            Some(Said::Send) => Moved {
                step: Some(Step::Confirm),
                answers: Vec::new(),
                file: true,
            },
            _ => Moved::ask(step, vec![text(lang, "chat-ask-confirm", &[])]),
        },
    }
}

/// Named (`Some(false)`) or anonymous (`Some(true)`), as the sender chose.
fn identity_choice(typed: &str) -> Option<bool> {
    let t = typed.trim().trim_end_matches('.').to_uppercase();
    match t.as_str() {
        "1" | "NAMA" | "DENGAN NAMA" | "NAME" | "WITH MY NAME" | "NAMED" => Some(false),
        "2" | "ANONIM" | "ANONYMOUS" | "TANPA NAMA" => Some(true),
        _ => None,
    }
}

fn add_media(lang: Language, draft: &mut Draft, media: &MediaRef) -> String {
    if draft.media.len() >= MAX_MEDIA {
        return text(lang, "chat-media-full", &[("max", MAX_MEDIA.into())]);
    }
    draft.media.push(media.clone());
    text(
        lang,
        "chat-media-added",
        &[("count", draft.media.len().into())],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::read;

    fn say(step: Step, draft: &mut Draft, typed: &str) -> Moved {
        let content = Content::Text(typed.to_owned());
        answer(
            Language::Id,
            "Telegram",
            step,
            draft,
            &content,
            Some(&read(typed)),
        )
    }

    #[test]
    fn a_draft_asks_each_question_in_turn_and_asks_before_filing() {
        let mut d = Draft::default();
        assert_eq!(
            say(Step::Title, &mut d, "Jalan berlubang").step,
            Some(Step::Body)
        );
        let body = "Jalan di depan pasar berlubang sejak sebulan lalu.";
        assert_eq!(say(Step::Body, &mut d, body).step, Some(Step::Media));
        let photo = Content::Photo {
            media: MediaRef {
                id: "f1".into(),
                mime: None,
                file_name: None,
            },
            caption: None,
        };
        let m = answer(Language::Id, "Telegram", Step::Media, &mut d, &photo, None);
        assert_eq!((m.step, d.media.len()), (Some(Step::Media), 1));
        assert_eq!(
            say(Step::Media, &mut d, "selesai").step,
            Some(Step::Location)
        );
        assert_eq!(
            say(Step::Location, &mut d, "Pasar Baru").step,
            Some(Step::Identity)
        );
        assert_eq!(say(Step::Identity, &mut d, "3").step, Some(Step::Identity));
        assert_eq!(
            d.anonymous, None,
            "nothing is assumed from an unclear answer"
        );
        let m = say(Step::Identity, &mut d, "2");
        assert_eq!((m.step, d.anonymous), (Some(Step::Confirm), Some(true)));
        assert!(m.answers[0].contains("Jalan berlubang"), "{:?}", m.answers);
        assert!(!say(Step::Confirm, &mut d, "ok").file);
        assert!(say(Step::Confirm, &mut d, "KIRIM").file);
    }

    #[test]
    fn a_photo_with_a_caption_answers_the_text_question() {
        let mut d = Draft::default();
        let photo = Content::Photo {
            media: MediaRef {
                id: "f1".into(),
                mime: Some("image/jpeg".into()),
                file_name: None,
            },
            caption: Some("Sampah menumpuk di sungai".into()),
        };
        let m = answer(Language::En, "WhatsApp", Step::Body, &mut d, &photo, None);
        assert_eq!(m.step, Some(Step::Media));
        assert_eq!(d.body.as_deref(), Some("Sampah menumpuk di sungai"));
        assert_eq!(d.media.len(), 1);
    }
}
