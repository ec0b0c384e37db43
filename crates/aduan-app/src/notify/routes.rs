//! How each person is reached: the channels they chose (an account's preferences, or a
//! reporter's choice when reporting) where they have the address, in their language.

use crate::AppState;
use crate::error::AppResult;
use aduan_domain::ReporterId;
use aduan_store::{
    Language, NewOutboxMessage, NotifyChannel, NotifyVia, Preferences, RecipientKind, User,
};
use serde_json::Value;

/// The channels for a reporter's choice, given whether they left an e-mail address and a
/// phone number: the chosen one when given, else the other; both when both were chosen.
pub fn chosen_channels(via: Option<NotifyVia>, email: bool, phone: bool) -> Vec<NotifyChannel> {
    let (by_email, by_sms) = match via.unwrap_or_default() {
        NotifyVia::Email => (email, phone && !email),
        NotifyVia::Sms => (email && !phone, phone),
        NotifyVia::Both => (email, phone),
    };
    let mut out = Vec::new();
    if by_email {
        out.push(NotifyChannel::Email);
    }
    if by_sms {
        out.push(NotifyChannel::Sms);
    }
    out
}

/// The channels an account's preferences ask for, where the account has the address.
fn account_channels(prefs: &Preferences, user: &User) -> Vec<NotifyChannel> {
    let mut out = Vec::new();
    if prefs.email && user.email.is_some() {
        out.push(NotifyChannel::Email);
    }
    if prefs.sms && user.phone.is_some() {
        out.push(NotifyChannel::Sms);
    }
    out
}

/// The dedup key of a step's message on `channel`.
pub fn channel_key(base: &str, channel: NotifyChannel) -> String {
    match channel {
        NotifyChannel::Email => base.to_owned(),
        other => format!("{base}:{other}"),
    }
}

/// One way to reach a person.
pub(super) struct Route {
    pub(super) kind: RecipientKind,
    pub(super) recipient: String,
    pub(super) channel: NotifyChannel,
    pub(super) language: Language,
}

impl Route {
    pub(super) fn message(
        &self,
        template: &str,
        payload: &Value,
        base_key: &str,
        secret: Option<&str>,
        state: &AppState,
    ) -> NewOutboxMessage {
        let dedup_key = channel_key(base_key, self.channel);
        NewOutboxMessage {
            recipient_kind: self.kind,
            recipient: self.recipient.clone(),
            channel: self.channel,
            template: template.into(),
            language: self.language,
            payload: payload.clone(),
            secret: secret.map(|s| state.deployment_key.seal(s, &dedup_key)),
            dedup_key,
        }
    }
}

/// How an account holder is reached: each channel their preferences ask for.
pub(super) async fn account_routes(state: &AppState, user: &User) -> AppResult<Vec<Route>> {
    if user.disabled {
        return Ok(Vec::new());
    }
    let prefs = state.store.get_preferences(user.id).await?;
    Ok(account_channels(&prefs, user)
        .into_iter()
        .map(|channel| Route {
            kind: RecipientKind::User,
            recipient: user.id.to_string(),
            channel,
            language: prefs.language,
        })
        .collect())
}

/// How the reporter behind `reporter` is reached now: through their account, or as they chose
/// when reporting (the address looked up at delivery, so an erased identity gets nothing).
pub(super) async fn reporter_routes(
    state: &AppState,
    reporter: &ReporterId,
) -> AppResult<Vec<Route>> {
    let delivery = state.store.reporter_delivery(reporter).await?;
    if let Some(user) = delivery.and_then(|d| d.user)
        && let Some(user) = state.store.get_user(user).await?
    {
        return account_routes(state, &user).await;
    }
    let who = state
        .store
        .get_identity(reporter)
        .await?
        .unwrap_or_default();
    let notify = delivery.and_then(|d| d.notify);
    let language = notify.map_or(Language::Id, |n| n.language);
    let mut channels = chosen_channels(
        notify.map(|n| n.via),
        who.email.is_some(),
        who.phone.is_some(),
    );
    // A reporter who came through a chat hears back in it, besides any address they gave.
    if who.chat.is_some() {
        channels.push(NotifyChannel::Chat);
    }
    Ok(channels
        .into_iter()
        .map(|channel| Route {
            kind: RecipientKind::Reporter,
            recipient: reporter.to_string(),
            channel,
            language,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use NotifyChannel::{Email, Sms};

    #[test]
    fn a_reporter_hears_on_the_chosen_channel_or_the_one_they_gave() {
        assert_eq!(chosen_channels(None, true, true), [Email]);
        assert_eq!(chosen_channels(Some(NotifyVia::Sms), true, true), [Sms]);
        assert_eq!(
            chosen_channels(Some(NotifyVia::Both), true, true),
            [Email, Sms]
        );
        assert_eq!(chosen_channels(Some(NotifyVia::Sms), true, false), [Email]);
        assert_eq!(chosen_channels(Some(NotifyVia::Email), false, true), [Sms]);
        assert_eq!(chosen_channels(Some(NotifyVia::Both), false, true), [Sms]);
        assert!(chosen_channels(Some(NotifyVia::Both), false, false).is_empty());
    }

    #[test]
    fn the_e_mail_keeps_the_steps_key_and_another_channel_adds_its_name() {
        assert_eq!(channel_key("ABC:received", Email), "ABC:received");
        assert_eq!(channel_key("ABC:received", Sms), "ABC:received:sms");
    }
}
