//! Typed settings: defaults, then an optional TOML file, then `ADUAN_`-prefixed environment
//! variables. Unknown keys in the file are an error.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Every setting of the service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Where the embedded database and attachments live.
    pub data_dir: PathBuf,
    /// Database URL: `sqlite://PATH` or `postgres://USER@HOST:PORT/DB`; empty means the SQLite
    /// file `aduan.db` in `data_dir`.
    pub database_url: String,
    /// A streaming replica of the PostgreSQL database (`postgres://…`) that public pages, the
    /// public API and statistics read from; empty reads everything from `database_url`.
    pub database_read_url: String,
    /// Address and port the HTTP server listens on.
    pub listen: String,
    /// The address people reach the service at, such as `https://lapor.example.go.id`; empty
    /// when not set. When it is https, cookies are `Secure` and HSTS is sent.
    pub public_url: String,
    /// Log filter, in tracing's env-filter syntax (`info`, `aduan=debug,sqlx=warn`).
    pub log: String,
    /// How log lines are written: `text` for people, `json` (one object per line) for a log
    /// collector.
    pub log_format: LogFormat,
    /// How long a login session lasts, in hours.
    pub session_hours: i64,
    /// Mark cookies `Secure` even when `public_url` is not https.
    pub cookie_secure: bool,
    /// Addresses or blocks (`10.0.0.0/8`) of reverse proxies whose `X-Forwarded-For` names the
    /// client; empty means the connection's peer is the client.
    pub trusted_proxies: Vec<String>,
    /// The rate limiter's policies (`[limits.<name>]`).
    pub limits: aduan_app::limiter::Limits,
    /// Attachments: largest file per kind, the orphan sweep, where blobs are stored.
    pub attachments: crate::attachment_settings::AttachmentSettings,
    /// The working-day limit of each phase (docs/domain.md §3); a deployment may set its own.
    pub sla: aduan_domain::sla::SlaLimits,
    /// How often a running service re-reads the holiday calendar to pick up edits made by the
    /// CLI or another instance, in seconds; 0 never does.
    pub calendar_reload_seconds: u64,
    /// How often a running service polls the versions of its cached reference data (the
    /// directory, the categories, the calendar) and reads again what an edit made by the CLI
    /// or another instance changed, in seconds; 0 never does. An edit made through the
    /// service itself is seen at once.
    pub reference_poll_seconds: u64,
    /// How long the statistics' answers (the `/statistik` page, `/api/v1/stats/sla`, the back
    /// office's figures) are kept in memory, in seconds; 0 counts them on every request.
    pub figures_cache_seconds: u64,
    /// Who approves a national admin's request to reveal an anonymous reporter's identity:
    /// `national_admin` (another one) or `ombudsman`.
    pub reveal_approver: aduan_app::reports::reveal::Approver,
    /// Whether the accounts that may ask for or approve a reveal (national admins and
    /// supervisors) are made and changed only with `aduan user`, never in the back office.
    pub approvers_from_cli: bool,
    /// The key material (one or more keys of 32 bytes in base64, the current one first) that
    /// seals reporters' identities and outbox secrets; empty reads `key_command`, then
    /// `key_file`, then the default key file beside (never inside) `data_dir`.
    pub secret_key: crate::secret_key::Secret,
    /// A command (run with `sh -c`) whose standard output is the key material, for a KMS or
    /// an HSM; empty means none.
    pub key_command: String,
    /// A file holding the key material, outside `data_dir`; empty means `<data_dir>.key`
    /// beside the data directory, generated on first start.
    pub key_file: String,
    /// Days after a reporter's last report closed before their identity is erased (UU 27/2022).
    pub retention_days: u32,
    /// Jobs a worker runs at the same time.
    pub worker_concurrency: usize,
    /// Where notifications go when no gateway is configured: `log` (one line per message,
    /// without secrets or identities). With `[smtp] host` or Kannel's sendsms set, messages go
    /// through those gateways instead.
    pub notifier: String,
    /// SMS to the short code through Kannel's smsbox (`[sms]`).
    pub sms: aduan_sms::SmsSettings,
    /// Kannel's sendsms interface, for outgoing SMS (`[kannel]`).
    pub kannel: aduan_sms::KannelSettings,
    /// The SMTP server that sends e-mail notices, and how they are addressed (`[smtp]`).
    pub smtp: aduan_mail::out::SmtpSettings,
    /// E-mail piped in by the MTA to `aduan ingest-email` (`[mail_in]`).
    pub mail_in: aduan_mail::inbound::MailInSettings,
    /// Where `/metrics` is served (`[metrics]`).
    pub metrics: aduan_metrics::MetricsSettings,
    /// Partner systems: where their webhooks may go, how long a rotated key lasts
    /// (`[partners]`).
    pub partners: aduan_app::partners::PartnerConfig,
    /// The conversation on chat and social networks (`[chat]`).
    pub chat: aduan_chat::ChatSettings,
    /// The Telegram bot (`[telegram]`, docs/telegram.md).
    pub telegram: aduan_telegram::TelegramSettings,
    /// WhatsApp Business, Cloud API (`[whatsapp]`, docs/whatsapp.md).
    pub whatsapp: aduan_whatsapp::WhatsAppSettings,
    /// X, its Account Activity webhook (`[x]`, docs/x.md).
    pub x: aduan_x::XSettings,
    /// Public statistics: the smallest count shown, the league table's grades (`[stats]`).
    pub stats: aduan_app::stats::StatsConfig,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// For people reading a terminal.
    #[default]
    Text,
    /// One JSON object per line, for a log collector.
    Json,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("aduan-data"),
            database_url: String::new(),
            database_read_url: String::new(),
            listen: "127.0.0.1:8080".into(),
            public_url: String::new(),
            log: "info".into(),
            log_format: LogFormat::Text,
            session_hours: 12,
            cookie_secure: false,
            trusted_proxies: Vec::new(),
            limits: Default::default(),
            attachments: Default::default(),
            sla: Default::default(),
            calendar_reload_seconds: 60,
            reference_poll_seconds: 5,
            figures_cache_seconds: 30,
            reveal_approver: Default::default(),
            approvers_from_cli: true,
            secret_key: Default::default(),
            key_command: String::new(),
            key_file: String::new(),
            retention_days: aduan_jobs::DEFAULT_RETENTION_DAYS,
            worker_concurrency: 2,
            notifier: "log".into(),
            sms: Default::default(),
            kannel: Default::default(),
            smtp: Default::default(),
            mail_in: Default::default(),
            metrics: Default::default(),
            partners: Default::default(),
            chat: Default::default(),
            telegram: Default::default(),
            whatsapp: Default::default(),
            x: Default::default(),
            stats: Default::default(),
        }
    }
}

/// A settings section as TOML under `[name]` (its tables as `[name.table]`).
fn section<T: Serialize>(name: &str, value: &T) -> String {
    toml::to_string(&std::collections::BTreeMap::from([(name, value)])).unwrap_or_default()
}

/// Each setting's key and what it means, for `aduan config --print-default`.
/// The sections whose keys the environment sets as `ADUAN_<SECTION>__<KEY>`.
const ENV_SECTIONS: &[&str] = &["chat", "telegram", "whatsapp", "x"];

const DOCS: &[(&str, &str)] = &[
    (
        "data_dir",
        "Where the embedded database and attachments live.",
    ),
    (
        "database_url",
        "Database URL: sqlite://PATH or postgres://USER@HOST:PORT/DB; empty means aduan.db in data_dir.",
    ),
    (
        "database_read_url",
        "A streaming replica of the PostgreSQL database (postgres://USER@HOST:PORT/DB) that public pages, the public API and statistics read from; a caller with a session or an access code always reads database_url, so they see their own writes at once. Empty: everything reads database_url.",
    ),
    ("listen", "Address and port the HTTP server listens on."),
    (
        "public_url",
        "The address people reach the service at, such as https://lapor.example.go.id; empty when not set. When it is https, every cookie is marked Secure and Strict-Transport-Security is sent.",
    ),
    (
        "log",
        "Log filter in tracing's env-filter syntax, such as info or aduan=debug,sqlx=warn.",
    ),
    (
        "log_format",
        "How log lines are written: text for people, json (one object per line) for a log collector.",
    ),
    ("session_hours", "How long a login session lasts, in hours."),
    (
        "cookie_secure",
        "Mark cookies Secure even when public_url is not https (an https public_url does it already).",
    ),
    (
        "trusted_proxies",
        "Reverse proxies whose X-Forwarded-For names the client, as addresses or blocks such as [\"10.0.0.0/8\", \"::1\"]; the right-most address not in this list is the client. Empty: the connection's peer is the client, and X-Forwarded-For is ignored.",
    ),
    (
        "calendar_reload_seconds",
        "How often a running service re-reads the holiday calendar to pick up edits made by the CLI or another instance, in seconds; 0 never does.",
    ),
    (
        "reference_poll_seconds",
        "How often a running service polls the versions of its cached reference data (directory, categories, calendar) and reads again what the CLI or another instance changed, in seconds; 0 never does. An edit made through the service itself is seen at once.",
    ),
    (
        "figures_cache_seconds",
        "How long the statistics' answers (the /statistik page, /api/v1/stats/sla, the back office's figures) are kept in memory, in seconds; each states when it was counted. 0 counts them on every request.",
    ),
    (
        "reveal_approver",
        "Who approves a national admin's request to reveal an anonymous reporter's identity: national_admin (another national admin, never the requester) or ombudsman (a supervisor of the Ombudsman). Both log in with two-step verification.",
    ),
    (
        "approvers_from_cli",
        "Whether the accounts that may ask for or approve a reveal (national admins and supervisors) are made, given a new password and disabled only with aduan user on the server (true, the default), never changed in the back office, so that nobody with the back office can make the second person of their own reveal; false lets a national admin do it in the back office.",
    ),
    (
        "secret_key",
        "The key material: one or more keys of 32 bytes in base64 (aduan keys new), the current one first, separated by spaces, commas or lines. It seals reporters' identities and outbox secrets; the last key also signs reply addresses. Empty reads key_command, then key_file. Set the same material on every instance sharing a database, and keep it out of every backup of the data.",
    ),
    (
        "key_command",
        "A command, run with sh -c, whose standard output is the key material (for a KMS or an HSM); empty means none.",
    ),
    (
        "key_file",
        "A file holding the key material (mode 0600), which must not be inside data_dir; empty means <data_dir>.key beside the data directory, generated on first start.",
    ),
    (
        "retention_days",
        "Days after a reporter's last report closed before their identity is erased (UU 27/2022); at least 30.",
    ),
    ("worker_concurrency", "Jobs a worker runs at the same time."),
    (
        "notifier",
        "Where notifications go when no gateway is configured: log (one line per message, without secrets or identities). With [smtp] host or Kannel's sendsms set, they go through those gateways.",
    ),
];

impl Settings {
    /// Loads the layers; `file` is the optional TOML file.
    pub fn load(file: Option<&Path>) -> Result<Self, Box<figment::Error>> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(file) = file {
            if !file.exists() {
                return Err(Box::new(figment::Error::from(format!(
                    "configuration file {} does not exist",
                    file.display()
                ))));
            }
            figment = figment.merge(Toml::file_exact(file));
        }
        // Only this program's own keys: ADUAN_TEST_PG_URL and friends belong to other tools.
        let keys: Vec<&str> = DOCS.iter().map(|(k, _)| *k).collect();
        let mut settings = figment
            .merge(Env::prefixed("ADUAN_").only(&keys))
            // The chat sections' keys too, nested with a double underscore:
            // ADUAN_TELEGRAM__BOT_TOKEN is [telegram] bot_token.
            .merge(Env::prefixed("ADUAN_").split("__").filter(|k| {
                // Keys reach the filter as written (`TELEGRAM.BOT_TOKEN`); figment lowercases
                // them afterwards.
                let key = k.as_str().to_ascii_lowercase();
                ENV_SECTIONS
                    .iter()
                    .any(|s| key.strip_prefix(s).is_some_and(|r| r.starts_with('.')))
            }))
            .extract::<Settings>()
            .map_err(Box::new)?;
        settings.attachments = settings
            .attachments
            .with_credentials_from(|name| std::env::var(name).ok());
        Ok(settings)
    }

    /// These settings with `data_dir` and `database_url` replaced by those given (the global
    /// `--data-dir` and `--database-url` options).
    pub fn with_storage(mut self, data_dir: Option<PathBuf>, database_url: Option<String>) -> Self {
        if let Some(dir) = data_dir {
            self.data_dir = dir;
        }
        if let Some(url) = database_url {
            self.database_url = url;
        }
        self
    }

    /// The chat and social channels' settings, as the service and its workers read them.
    pub fn chat_channels(&self) -> aduan_server::chat::ChatChannels<'_> {
        aduan_server::chat::ChatChannels {
            chat: &self.chat,
            telegram: &self.telegram,
            whatsapp: &self.whatsapp,
            x: &self.x,
            public_url: self.public_url.trim(),
        }
    }

    /// The database to use: `database_url`, or the SQLite file in `data_dir`.
    pub fn database_url(&self) -> String {
        if self.database_url.trim().is_empty() {
            format!("sqlite://{}", self.data_dir.join("aduan.db").display())
        } else {
            self.database_url.clone()
        }
    }

    /// `public_url` trimmed, or why it is not an http(s) address. Empty is allowed (not set).
    pub fn public_url(&self) -> Result<&str, String> {
        let url = self.public_url.trim();
        let scheme_ok = ["https://", "http://"].iter().any(|p| {
            url.get(..p.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(p))
        });
        if url.is_empty() || scheme_ok {
            Ok(url)
        } else {
            Err(format!(
                "public_url must start with https:// or http://, not `{url}`"
            ))
        }
    }

    /// The defaults as a commented TOML file.
    pub fn default_toml() -> String {
        let defaults =
            toml::Value::try_from(Settings::default()).unwrap_or(toml::Value::Boolean(false));
        let mut out = String::from(
            "# Aduan settings. Every key may also be set as ADUAN_<KEY> in the environment.\n",
        );
        for (key, doc) in DOCS {
            let value = defaults.get(key).map(|v| v.to_string()).unwrap_or_default();
            out.push_str(&format!("\n# {doc}\n{key} = {value}\n"));
        }
        out.push_str(crate::attachment_settings::DOC);
        out.push_str(&section(
            "attachments",
            &crate::attachment_settings::AttachmentSettings::default(),
        ));
        let sla = toml::to_string(&aduan_domain::sla::SlaLimits::default()).unwrap_or_default();
        out.push_str(&format!(
            "\n# Working-day limit of each phase: verification, first follow-up, completion by kind\n\
             # and class, silence before auto-close, the reporter's reopen and appeal windows.\n[sla]\n{sla}"
        ));
        out.push_str(&format!(
            "\n# The rate limiter, kept in the database so that it holds across instances. Each\n\
             # policy allows `attempts` per `window_seconds`; with `delay_seconds` above 0 it lets\n\
             # every attempt through but, from the `attempts`-th on, makes the next wait\n\
             # delay_seconds, doubling up to max_delay_seconds. Refusals answer 429 with Retry-After.\n\
             # login_account/login_address: logins per account and per client address;\n\
             # access_code_report/access_code_address: wrong access codes per report and address;\n\
             # recovery_contact/recovery_address: access recovery per contact and address;\n\
             # send_code: sending a report's code to its own contact; submit_address: reports\n\
             # without an account per address; chat_sender/chat_submit: messages and reports per\n\
             # chat or social handle (Telegram, WhatsApp, X); write_account/write_address/\n\
             # write_partner: every POST, PUT, PATCH and DELETE of the API, Open311 and the pages,\n\
             # per logged-in account, per address without one, and per partner key.\n{}",
            section("limits", &aduan_app::limiter::Limits::default())
        ));
        out.push_str(&format!(
            "\n# SMS to the short code through Kannel's smsbox (docs/sms.md, docs/kannel.conf):\n\
             # the get-url's shared secret and allowed addresses, the per-number flood limit and\n\
             # the region keywords that route an SMS to an agency.\n{}",
            section("sms", &aduan_sms::SmsSettings::default())
        ));
        out.push_str(&format!(
            "\n# Kannel's sendsms interface for outgoing SMS, and the delivery-report URL Kannel\n\
             # calls back (Aduan's /channels/sms/kannel/dlr as Kannel reaches it).\n{}",
            section("kannel", &aduan_sms::KannelSettings::default())
        ));
        out.push_str(&format!(
            "\n# E-mail notices through SMTP. Empty host: no e-mail is sent. security is starttls\n\
             # (port 587), tls (465) or none (25, a relay on the same host); port 0 means that\n\
             # usual port. reply_domain names the domain whose mail for reply_local+TOKEN reaches\n\
             # `aduan ingest-email` (empty: no reply address); base_url is the public address used\n\
             # in links; ca_file adds a PEM of trusted CAs for an internal relay.\n{}",
            section("smtp", &aduan_mail::out::SmtpSettings::default())
        ));
        out.push_str(&format!(
            "\n# E-mail in: `aduan ingest-email` reads one message on standard input (an MTA's pipe\n\
             # transport). domain: the domain of the service's reply addresses and Message-IDs\n\
             # (empty: [smtp] reply_domain); addresses: the intake addresses whose mail is filed\n\
             # (empty: whatever the MTA pipes in); anonymous_addresses: intake addresses whose\n\
             # reports are anonymous (the sender sealed from agencies); authserv_id: the id our\n\
             # MTA writes in Authentication-Results, the only one trusted for answers (empty:\n\
             # not read); max_attachments: files kept per message;\n\
             # stale_minutes: after how long a message left half-processed is taken again;\n\
             # remember_days: how long a processed message is remembered against MTA retries.\n{}",
            section("mail_in", &aduan_mail::inbound::MailInSettings::default())
        ));
        out.push_str(&format!(
            "\n# Operational metrics in Prometheus' format at /metrics (request latency per route,\n\
             # jobs and their lag, the outbox, time limits past due, database connections).\n\
             # listen: an address of its own, open to whoever reaches it (keep it internal);\n\
             # token: a bearer token that opens /metrics on the service's address. Both empty:\n\
             # not served.\n{}",
            section("metrics", &aduan_metrics::MetricsSettings::default())
        ));
        out.push_str(&format!(
            "\n# Partner systems (docs/partners.md): webhook_allow lists the hosts their webhooks\n\
             # may go to (`hooks.example.go.id`, or `*.example.go.id` for subdomains), over https\n\
             # (plain http only to a loopback address listed here); key_overlap_hours: how long a\n\
             # rotated key keeps working beside the new one; webhook_timeout_seconds: how long one\n\
             # delivery attempt may take.\n{}",
            section("partners", &aduan_app::partners::PartnerConfig::default())
        ));
        out.push_str(&format!(
            "\n# Public statistics (/statistik, /api/v1/stats/): min_count is the smallest count\n\
             # shown to the public (smaller ones are withheld); an agency is graded `baik` from\n\
             # grade_good percent of completions within the limit, `sedang` from grade_fair,\n\
             # `kurang` below, once it has grade_min_decided decided completions.\n{}",
            section("stats", &aduan_app::stats::StatsConfig::default())
        ));
        out.push_str(&format!(
            "\n# Chat and social networks (docs/chat.md): conversation_minutes is how long a\n\
             # question waits for its answer before the draft lapses. Each network is off (its\n\
             # endpoint 404) until enabled; every key can also be set in the environment as\n\
             # ADUAN_<SECTION>__<KEY>, such as ADUAN_TELEGRAM__BOT_TOKEN.\n{}\n{}\n{}\n{}",
            section("chat", &aduan_chat::ChatSettings::default()),
            section("telegram", &aduan_telegram::TelegramSettings::default()),
            section("whatsapp", &aduan_whatsapp::WhatsAppSettings::default()),
            section("x", &aduan_x::XSettings::default()),
        ));
        out
    }
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment's Jail fixes the closure's error type
mod tests {
    use super::*;
    use figment::Jail;

    #[test]
    fn defaults_file_and_environment_layer_in_that_order() {
        Jail::expect_with(|jail| {
            jail.create_file("aduan.toml", "listen = \"0.0.0.0:9000\"\nlog = \"debug\"\n")?;
            jail.set_env("ADUAN_LOG", "warn");
            jail.set_env("ADUAN_TEST_PG_URL", "postgres://elsewhere");
            let s = Settings::load(Some(Path::new("aduan.toml"))).map_err(|e| *e)?;
            assert_eq!(s.database_url(), "sqlite://aduan-data/aduan.db");
            assert_eq!(s.listen, "0.0.0.0:9000");
            assert_eq!(s.log, "warn");
            Ok(())
        });
    }

    #[test]
    fn the_chat_sections_are_set_by_the_environment_with_a_double_underscore() {
        Jail::expect_with(|jail| {
            jail.create_file("aduan.toml", "[telegram]\nenabled = true\n")?;
            jail.set_env("ADUAN_TELEGRAM__BOT_TOKEN", "123456:dari-lingkungan");
            jail.set_env("ADUAN_WHATSAPP__APP_SECRET", "rahasia-aplikasi");
            jail.set_env("ADUAN_X__ACCOUNT", "lapor1708");
            jail.set_env("ADUAN_CHAT__CONVERSATION_MINUTES", "45");
            let s = Settings::load(Some(Path::new("aduan.toml"))).map_err(|e| *e)?;
            assert!(s.telegram.enabled);
            assert_eq!(s.telegram.bot_token, "123456:dari-lingkungan");
            assert_eq!(s.whatsapp.app_secret, "rahasia-aplikasi");
            assert_eq!(s.x.account, "lapor1708");
            assert_eq!(s.chat.conversation_minutes, 45);
            Ok(())
        });
    }

    #[test]
    fn an_unknown_key_in_the_file_is_an_error() {
        Jail::expect_with(|jail| {
            jail.create_file("aduan.toml", "databse_url = \"sqlite://typo.db\"\n")?;
            let err = Settings::load(Some(Path::new("aduan.toml"))).unwrap_err();
            assert!(err.to_string().contains("databse_url"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn the_printed_defaults_document_public_url_and_a_bare_host_is_refused() {
        let printed = Settings::default_toml();
        assert!(printed.contains("\npublic_url = \"\"\n"), "{printed}");
        assert!(printed.contains("Strict-Transport-Security"));
        let mut s = Settings {
            public_url: " https://lapor.example.go.id ".into(),
            ..Settings::default()
        };
        assert_eq!(s.public_url(), Ok("https://lapor.example.go.id"));
        s.public_url = "lapor.example.go.id".into();
        assert!(s.public_url().unwrap_err().contains("public_url"));
    }

    #[test]
    fn a_missing_configuration_file_is_an_error() {
        assert!(Settings::load(Some(Path::new("/nonexistent/aduan.toml"))).is_err());
    }

    #[test]
    fn the_printed_defaults_load_back_as_the_defaults() {
        Jail::expect_with(|jail| {
            jail.create_file("printed.toml", &Settings::default_toml())?;
            assert_eq!(
                Settings::load(Some(Path::new("printed.toml"))).map_err(|e| *e)?,
                Settings::default()
            );
            Ok(())
        });
    }
}
