//! Named lists of templates: how citizens open and close reports (`templates/style.toml`) and
//! what staff, reporters and the Ombudsman write later (`templates/agency.toml`).

use super::slots::Ctx;
use super::template::Template;
use std::collections::BTreeMap;

/// Named lists of compiled templates.
#[derive(Debug, Clone, Default)]
pub struct Lists {
    lists: BTreeMap<String, Vec<Template>>,
    /// Informal spellings: (word, short form).
    pub abbreviations: Vec<(String, String)>,
}

impl Lists {
    /// Parses a file of `name = ["template", ...]` lines; `abbreviations` holds word pairs.
    pub fn parse(file: &str, text: &str, required: &[&str]) -> Result<Lists, String> {
        let value: toml::Table = toml::from_str(text).map_err(|e| format!("{file}: {e}"))?;
        let mut out = Lists::default();
        for (name, v) in value {
            let items = v
                .as_array()
                .ok_or_else(|| format!("{file}: {name} is not a list"))?;
            if name == "abbreviations" {
                for pair in items {
                    let pair = pair.as_array().map(Vec::as_slice).unwrap_or_default();
                    if let [a, b] = pair
                        && let (Some(a), Some(b)) = (a.as_str(), b.as_str())
                    {
                        out.abbreviations.push((a.to_owned(), b.to_owned()));
                    } else {
                        return Err(format!("{file}: an abbreviation is not a pair of words"));
                    }
                }
                continue;
            }
            let mut templates = Vec::new();
            for item in items {
                let s = item
                    .as_str()
                    .ok_or_else(|| format!("{file}: {name} holds a non-text item"))?;
                templates.push(Template::compile(s).map_err(|e| format!("{file}: {e}"))?);
            }
            out.lists.insert(name, templates);
        }
        for name in required {
            if out.lists.get(*name).is_none_or(Vec::is_empty) {
                return Err(format!("{file}: the list {name} is missing or empty"));
            }
        }
        Ok(out)
    }

    /// Renders one template of list `name`, picked at random (empty if there is no such list).
    pub fn one(&self, name: &str, ctx: &mut Ctx<'_>) -> String {
        match self.lists.get(name) {
            Some(list) if !list.is_empty() => {
                let i = ctx.pick(list.len());
                list[i].to_text(ctx)
            }
            _ => String::new(),
        }
    }
}

/// The lists `templates/style.toml` must have.
pub const STYLE_LISTS: &[&str] = &[
    "greeting_morning",
    "greeting_day",
    "greeting_afternoon",
    "greeting_night",
    "greeting_any",
    "opening",
    "opening_aspiration",
    "opening_information",
    "closing",
    "signoff",
    "walk_in",
    "phone",
    "paper",
    "email_open",
    "email_close",
    "social_tag",
];

/// The lists `templates/agency.toml` must have.
pub const AGENCY_LISTS: &[&str] = &[
    "acknowledge",
    "progress",
    "done_generic",
    "information",
    "reroute",
    "postpone",
    "add_info",
    "archive_other",
    "appeal",
    "reply_positive",
    "reply_negative",
    "reopen",
    "note",
    "ombudsman_acknowledge",
    "ombudsman_request",
    "ombudsman_answer",
    "ombudsman_finding",
    "reveal",
];
