//! The chat and social channels (Telegram, WhatsApp, X): each network's webhook endpoint when
//! its settings switch it on (off, its endpoint answers 404), the one conversation they all
//! hand messages to, and the outbox transport that answers through the networks' APIs.

use aduan_app::AppState;
use aduan_chat::{ChatService, ChatSettings, Networks};
use aduan_chat_core::{ChatInbox, ChatNetwork, Network};
use aduan_telegram::{TelegramClient, TelegramSettings};
use aduan_whatsapp::{WhatsAppClient, WhatsAppSettings};
use aduan_x::{XClient, XSettings};
use anyhow::Context;
use axum::Router;
use std::sync::{Arc, LazyLock};

/// The chat settings, as the service and its workers read them.
#[derive(Debug, Clone, Copy)]
pub struct ChatChannels<'a> {
    /// The conversation (`[chat]`).
    pub chat: &'a ChatSettings,
    /// The Telegram bot (`[telegram]`).
    pub telegram: &'a TelegramSettings,
    /// WhatsApp Business (`[whatsapp]`).
    pub whatsapp: &'a WhatsAppSettings,
    /// X (`[x]`).
    pub x: &'a XSettings,
    /// The address people reach the service at, for links in answers.
    pub public_url: &'a str,
}

impl ChatChannels<'static> {
    /// Every network switched off.
    pub fn off() -> Self {
        static OFF: LazyLock<(ChatSettings, TelegramSettings, WhatsAppSettings, XSettings)> =
            LazyLock::new(Default::default);
        ChatChannels {
            chat: &OFF.0,
            telegram: &OFF.1,
            whatsapp: &OFF.2,
            x: &OFF.3,
            public_url: "",
        }
    }
}

impl ChatChannels<'_> {
    /// Whether any network is switched on.
    pub fn any(&self) -> bool {
        self.telegram.enabled || self.whatsapp.enabled || self.x.enabled
    }

    /// The clients of the networks switched on, their settings checked.
    pub fn networks(&self) -> anyhow::Result<Arc<Networks>> {
        let mut out = Networks::new();
        if self.telegram.enabled {
            self.telegram
                .check()
                .map_err(anyhow::Error::msg)
                .context("the [telegram] settings")?;
            let client = TelegramClient::new(self.telegram).map_err(anyhow::Error::msg)?;
            out.insert(Network::Telegram, Arc::new(client) as Arc<dyn ChatNetwork>);
        }
        if self.whatsapp.enabled {
            self.whatsapp
                .check()
                .map_err(anyhow::Error::msg)
                .context("the [whatsapp] settings")?;
            let client = WhatsAppClient::new(self.whatsapp).map_err(anyhow::Error::msg)?;
            out.insert(Network::WhatsApp, Arc::new(client) as Arc<dyn ChatNetwork>);
        }
        if self.x.enabled {
            self.x
                .check()
                .map_err(anyhow::Error::msg)
                .context("the [x] settings")?;
            let client = XClient::new(self.x).map_err(anyhow::Error::msg)?;
            out.insert(Network::X, Arc::new(client) as Arc<dyn ChatNetwork>);
        }
        Ok(Arc::new(out))
    }

    /// The endpoints of the networks switched on, over one conversation; `None` when none is.
    pub fn routes(&self, state: &AppState) -> anyhow::Result<Option<Router>> {
        if !self.any() {
            return Ok(None);
        }
        let networks = self.networks()?;
        let service = ChatService::new(state.clone(), self.chat.clone(), networks, self.public_url);
        let inbox: Arc<dyn ChatInbox> = Arc::new(service);
        let mut app = Router::new();
        if self.telegram.enabled {
            app = app.merge(aduan_telegram::routes(self.telegram, inbox.clone()));
            tracing::info!("Telegram bot open at {}", aduan_telegram::PATH);
        }
        if self.whatsapp.enabled {
            app = app.merge(aduan_whatsapp::routes(self.whatsapp, inbox.clone()));
            tracing::info!("WhatsApp open at {}", aduan_whatsapp::PATH);
        }
        if self.x.enabled {
            app = app.merge(aduan_x::routes(self.x, inbox));
            tracing::info!("X open at {}", aduan_x::PATH);
        }
        Ok(Some(app))
    }

    /// The outbox's chat gateway, when any network is switched on.
    pub fn transport(
        &self,
        state: &AppState,
    ) -> anyhow::Result<Option<Arc<dyn aduan_jobs::Transport>>> {
        if !self.any() {
            return Ok(None);
        }
        let transport = aduan_chat::deliver::ChatTransport::new(state.clone(), self.networks()?);
        Ok(Some(Arc::new(transport)))
    }
}
