//! The word lists of `templates/words.toml`.

use serde::Deserialize;

/// Lists the generator invents places, people and things from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// Street names.
    pub streets: Vec<String>,
    /// First parts of village names.
    pub village_heads: Vec<String>,
    /// Last parts of village names.
    pub village_tails: Vec<String>,
    /// Words for invented hospitals, clinics and companies.
    pub org_words: Vec<String>,
    /// Men's given names.
    pub given_male: Vec<String>,
    /// Women's given names.
    pub given_female: Vec<String>,
    /// Family and father's names.
    pub family_names: Vec<String>,
    /// Staple goods.
    pub commodities: Vec<String>,
    /// Crops.
    pub crops: Vec<String>,
    /// Banks.
    pub banks: Vec<String>,
    /// Telecom operators.
    pub operators: Vec<String>,
    /// Countries with a city each.
    pub abroad: Vec<[String; 2]>,
}

impl Words {
    /// The lists shipped with the generator.
    pub fn shipped() -> Result<Words, toml::de::Error> {
        toml::from_str(include_str!("../../templates/words.toml"))
    }
}
