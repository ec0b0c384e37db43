//! The `[whatsapp]` settings: the app's secrets, the business phone number, and the message
//! templates that reach people outside WhatsApp's 24-hour customer service window.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The Graph API the client calls unless `api_base_url` says otherwise.
pub const DEFAULT_API_BASE_URL: &str = "https://graph.facebook.com/v21.0";

/// The entry of `templates` used for a notice without its own.
pub const DEFAULT_TEMPLATE: &str = "default";

/// The `[whatsapp]` table.
///
/// ```toml
/// [whatsapp]
/// enabled = true
/// verify_token = "a-long-random-string"
/// app_secret = "..."
/// access_token = "EAAG..."
/// phone_number_id = "106540352242922"
///
/// [whatsapp.templates.default]
/// name = "aduan_status_update"
/// languages = { id = "id", en = "en_US" }
///
/// [whatsapp.templates.report_completed]
/// name = "aduan_report_completed"
/// languages = { id = "id", en = "en_US" }
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WhatsAppSettings {
    /// Whether the WhatsApp channel runs at all.
    pub enabled: bool,
    /// The token typed into the app dashboard's webhook form; Meta echoes it in the
    /// verification handshake (`hub.verify_token`). Secret.
    pub verify_token: String,
    /// The Meta app's secret (App settings > Basic): every delivery is signed with it
    /// (`X-Hub-Signature-256`). Secret.
    pub app_secret: String,
    /// A system user's permanent access token with `whatsapp_business_messaging`. Secret.
    pub access_token: String,
    /// The business phone number's id (not the number itself), digits only.
    pub phone_number_id: String,
    /// The Graph API with its version, without a trailing slash.
    pub api_base_url: String,
    /// Aduan's notice name (`report_received`, `report_dispatched`, `follow_up_posted`,
    /// `report_completed`, ...) or `default` → the pre-approved template to use outside the
    /// 24-hour window.
    pub templates: BTreeMap<String, TemplateSetting>,
}

/// One pre-approved message template.
///
/// Its body takes the notice's parameters in order (`{{1}}` the tracking id, `{{2}}` the
/// status in words).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateSetting {
    /// The template's name in WhatsApp Manager.
    pub name: String,
    /// Aduan language (`id`, `en`) → the template's WhatsApp language code (`id`, `en_US`).
    #[serde(default)]
    pub languages: BTreeMap<String, String>,
}

impl Default for WhatsAppSettings {
    fn default() -> Self {
        WhatsAppSettings {
            enabled: false,
            verify_token: String::new(),
            app_secret: String::new(),
            access_token: String::new(),
            phone_number_id: String::new(),
            api_base_url: DEFAULT_API_BASE_URL.to_owned(),
            templates: BTreeMap::new(),
        }
    }
}

impl std::fmt::Debug for WhatsAppSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn secret(s: &str) -> &'static str {
            if s.is_empty() { "" } else { "***" }
        }
        f.debug_struct("WhatsAppSettings")
            .field("enabled", &self.enabled)
            .field("verify_token", &secret(&self.verify_token))
            .field("app_secret", &secret(&self.app_secret))
            .field("access_token", &secret(&self.access_token))
            .field("phone_number_id", &self.phone_number_id)
            .field("api_base_url", &self.api_base_url)
            .field("templates", &self.templates)
            .finish()
    }
}

impl WhatsAppSettings {
    /// Says what is missing or wrong when the channel is enabled (nothing is checked when it
    /// is not).
    pub fn check(&self) -> Result<(), String> {
        if !self.enabled {
            return Ok(());
        }
        let missing: Vec<&str> = [
            ("verify_token", &self.verify_token),
            ("app_secret", &self.app_secret),
            ("access_token", &self.access_token),
            ("phone_number_id", &self.phone_number_id),
        ]
        .into_iter()
        .filter(|(_, value)| value.trim().is_empty())
        .map(|(key, _)| key)
        .collect();
        if !missing.is_empty() {
            return Err(format!(
                "[whatsapp] is enabled but not set: {} (ADUAN_WHATSAPP__{})",
                missing.join(", "),
                missing
                    .iter()
                    .map(|k| k.to_ascii_uppercase())
                    .collect::<Vec<_>>()
                    .join(", ADUAN_WHATSAPP__")
            ));
        }
        if !self.phone_number_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(
                "[whatsapp] phone_number_id must be the phone number's id (digits), not the number"
                    .into(),
            );
        }
        match reqwest::Url::parse(&self.api_base_url) {
            Ok(url)
                if matches!(url.scheme(), "https" | "http")
                    && url.query().is_none()
                    && url.has_host() => {}
            _ => {
                return Err(format!(
                    "[whatsapp] api_base_url is not an http(s) URL: {:?}",
                    self.api_base_url
                ));
            }
        }
        for (notice, template) in &self.templates {
            if template.name.trim().is_empty() {
                return Err(format!("[whatsapp.templates.{notice}] has no name"));
            }
            if template.languages.is_empty() {
                return Err(format!(
                    "[whatsapp.templates.{notice}] has no languages (e.g. languages = {{ id = \"id\", en = \"en_US\" }})"
                ));
            }
            if let Some((lang, _)) = template.languages.iter().find(|(_, c)| c.trim().is_empty()) {
                return Err(format!(
                    "[whatsapp.templates.{notice}] languages.{lang} is empty"
                ));
            }
        }
        Ok(())
    }

    /// The template name and WhatsApp language code for `notice` written in `language`: the
    /// notice's own template or else `default`; the language as given, or else its primary
    /// subtag (`en` for `en-US`). The error names the setting to add.
    pub fn template_for(&self, notice: &str, language: &str) -> Result<(&str, &str), String> {
        let (key, template) = self
            .templates
            .get_key_value(notice)
            .or_else(|| self.templates.get_key_value(DEFAULT_TEMPLATE))
            .ok_or_else(|| {
                format!(
                    "no WhatsApp template for the notice {notice:?}: set [whatsapp.templates.{notice}] or [whatsapp.templates.{DEFAULT_TEMPLATE}]"
                )
            })?;
        let primary = language.split(['-', '_']).next().unwrap_or(language);
        let code = template
            .languages
            .get(language)
            .or_else(|| template.languages.get(primary))
            .ok_or_else(|| {
                format!(
                    "the WhatsApp template [whatsapp.templates.{key}] has no language {language:?}: set its languages.{primary}"
                )
            })?;
        Ok((template.name.as_str(), code.as_str()))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn enabled() -> WhatsAppSettings {
        WhatsAppSettings {
            enabled: true,
            verify_token: "verify".into(),
            app_secret: "app-secret".into(),
            access_token: "EAAG-token".into(),
            phone_number_id: "106540352242922".into(),
            ..WhatsAppSettings::default()
        }
    }

    #[test]
    fn the_default_is_disabled_and_points_at_the_graph_api() {
        let s = WhatsAppSettings::default();
        assert!(!s.enabled);
        assert_eq!(s.api_base_url, "https://graph.facebook.com/v21.0");
        assert!(s.check().is_ok());
    }

    #[test]
    fn secrets_do_not_appear_in_debug_output() {
        let shown = format!("{:?}", enabled());
        assert!(!shown.contains("verify\""));
        assert!(!shown.contains("app-secret"));
        assert!(!shown.contains("EAAG-token"));
        assert!(shown.contains("***"));
        assert!(shown.contains("106540352242922"));
    }

    #[test]
    fn enabled_without_a_token_says_which_keys_are_missing() {
        let s = WhatsAppSettings {
            access_token: String::new(),
            app_secret: " ".into(),
            ..enabled()
        };
        let err = s.check().unwrap_err();
        assert!(err.contains("app_secret, access_token"), "{err}");
        assert!(err.contains("ADUAN_WHATSAPP__ACCESS_TOKEN"), "{err}");
        assert!(enabled().check().is_ok());
    }

    #[test]
    fn a_phone_number_instead_of_its_id_is_refused() {
        let s = WhatsAppSettings {
            phone_number_id: "+62 812 3456".into(),
            ..enabled()
        };
        assert!(s.check().unwrap_err().contains("phone_number_id"));
    }

    #[test]
    fn a_template_without_languages_is_refused() {
        let mut s = enabled();
        s.templates.insert(
            "default".into(),
            TemplateSetting {
                name: "aduan_status".into(),
                languages: BTreeMap::new(),
            },
        );
        assert!(
            s.check()
                .unwrap_err()
                .contains("whatsapp.templates.default")
        );
    }

    #[test]
    fn templates_are_read_from_toml_and_unknown_keys_fail() {
        let s: WhatsAppSettings = toml::from_str(
            r#"
            enabled = true
            verify_token = "v"
            app_secret = "s"
            access_token = "t"
            phone_number_id = "123"
            [templates.default]
            name = "aduan_status"
            languages = { id = "id", en = "en_US" }
            [templates.report_completed]
            name = "aduan_done"
            languages = { id = "id" }
            "#,
        )
        .unwrap();
        assert!(s.check().is_ok());
        assert_eq!(s.api_base_url, DEFAULT_API_BASE_URL);
        assert_eq!(
            s.template_for("report_completed", "id").unwrap(),
            ("aduan_done", "id")
        );
        assert_eq!(
            s.template_for("report_dispatched", "en-US").unwrap(),
            ("aduan_status", "en_US")
        );
        let err = s.template_for("report_completed", "en").unwrap_err();
        assert!(err.contains("whatsapp.templates.report_completed"), "{err}");
        assert!(toml::from_str::<WhatsAppSettings>("bot_token = \"x\"").is_err());
    }

    #[test]
    fn a_notice_without_any_template_names_the_setting_to_add() {
        let err = enabled().template_for("report_received", "id").unwrap_err();
        assert!(
            err.contains("[whatsapp.templates.report_received]"),
            "{err}"
        );
        assert!(err.contains("[whatsapp.templates.default]"), "{err}");
    }
}
