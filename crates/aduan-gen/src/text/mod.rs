//! Citizens' texts: report patterns per topic, the template language they are written in, the
//! word lists places and people are invented from, and how a channel shapes the final text.

mod compose;
mod invent;
mod patterns;
mod slots;
mod style;
mod template;
mod words;

pub use compose::{Written, write_report};
pub use invent::thousands;
pub use patterns::{Handler, Line, PATTERN_FILES, Pattern, parse_patterns};
pub use slots::{Ctx, Place, Slot};
pub use style::{AGENCY_LISTS, Lists, STYLE_LISTS};
pub use template::{Template, TemplateError};
pub use words::Words;

/// Every text source of the generator, compiled.
#[derive(Debug, Clone)]
pub struct Texts {
    /// Report patterns, in file order.
    pub patterns: Vec<Pattern>,
    /// Greetings, openings, closings.
    pub style: Lists,
    /// What staff, reporters and the Ombudsman write later.
    pub agency: Lists,
    /// Word lists.
    pub words: Words,
}

impl Texts {
    /// The texts shipped with the generator.
    pub fn shipped() -> Result<Texts, String> {
        let mut patterns = Vec::new();
        for (file, text) in PATTERN_FILES {
            patterns.extend(parse_patterns(file, text)?);
        }
        Ok(Texts {
            patterns,
            style: Lists::parse(
                "style.toml",
                include_str!("../../templates/style.toml"),
                STYLE_LISTS,
            )?,
            agency: Lists::parse(
                "agency.toml",
                include_str!("../../templates/agency.toml"),
                AGENCY_LISTS,
            )?,
            words: Words::shipped().map_err(|e| format!("words.toml: {e}"))?,
        })
    }
}
