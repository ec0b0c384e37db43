//! The report patterns of `templates/*.toml`, compiled.

use super::template::Template;
use aduan_domain::AgencyId;
use aduan_domain::report::Kind;
use serde::Deserialize;

/// The pattern files shipped with the generator, by name.
pub const PATTERN_FILES: [(&str, &str); 12] = [
    (
        "infrastruktur.toml",
        include_str!("../../templates/infrastruktur.toml"),
    ),
    ("sosial.toml", include_str!("../../templates/sosial.toml")),
    (
        "kesehatan.toml",
        include_str!("../../templates/kesehatan.toml"),
    ),
    (
        "pendidikan.toml",
        include_str!("../../templates/pendidikan.toml"),
    ),
    (
        "kependudukan.toml",
        include_str!("../../templates/kependudukan.toml"),
    ),
    (
        "ketertiban.toml",
        include_str!("../../templates/ketertiban.toml"),
    ),
    (
        "satwa_perairan.toml",
        include_str!("../../templates/satwa_perairan.toml"),
    ),
    (
        "hukum_asn.toml",
        include_str!("../../templates/hukum_asn.toml"),
    ),
    (
        "desa_lapor.toml",
        include_str!("../../templates/desa_lapor.toml"),
    ),
    ("ekonomi.toml", include_str!("../../templates/ekonomi.toml")),
    (
        "alam_luar_negeri.toml",
        include_str!("../../templates/alam_luar_negeri.toml"),
    ),
    (
        "diplomasi.toml",
        include_str!("../../templates/diplomasi.toml"),
    ),
];

/// Who handles the reports of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handler {
    /// The kabupaten or kota where it happened.
    Local,
    /// The province where it happened.
    Province,
    /// A national agency.
    Agency(AgencyId),
}

/// One line of a body.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Used in about half of the reports only.
    pub optional: bool,
    /// The text.
    pub template: Template,
}

/// A way citizens write about one kind of problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// The top-level topic's name as published.
    pub topic: String,
    /// The sub-topic's name, if the pattern has one.
    pub sub: Option<String>,
    /// Who handles it.
    pub handler: Handler,
    /// Complaint, aspiration or information request.
    pub kind: Kind,
    /// Suspected wrongdoing: a supervisory complaint for the inspectorate.
    pub supervisory: bool,
    /// Words of unit ids that handle it (`jalan`, `pendidikan`).
    pub unit_hints: Vec<String>,
    /// Relative frequency within the topic.
    pub weight: f64,
    /// Title variants.
    pub titles: Vec<Template>,
    /// Body lines.
    pub body: Vec<Line>,
    /// Final answers of the agency.
    pub done: Vec<Template>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    pattern: Vec<RawPattern>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    topic: String,
    sub: Option<String>,
    handler: String,
    kind: Option<String>,
    class: Option<String>,
    unit: Option<String>,
    weight: Option<f64>,
    titles: Vec<String>,
    body: Vec<String>,
    #[serde(default)]
    done: Vec<String>,
}

/// Parses one pattern file.
pub fn parse_patterns(file: &str, text: &str) -> Result<Vec<Pattern>, String> {
    let raw: RawFile = toml::from_str(text).map_err(|e| format!("{file}: {e}"))?;
    raw.pattern
        .into_iter()
        .map(|p| compile(p).map_err(|e| format!("{file}: {e}")))
        .collect()
}

fn compile(p: RawPattern) -> Result<Pattern, String> {
    let all = |v: &[String]| -> Result<Vec<Template>, String> {
        v.iter()
            .map(|t| Template::compile(t).map_err(|e| e.to_string()))
            .collect()
    };
    let kind = match p.kind.as_deref() {
        None => Kind::Complaint,
        Some(k) => Kind::parse(k).ok_or_else(|| format!("unknown kind {k:?}"))?,
    };
    let supervisory = match p.class.as_deref() {
        None | Some("ordinary") => false,
        Some("supervisory") => true,
        Some(c) => return Err(format!("unknown class {c:?}")),
    };
    let handler = match p.handler.as_str() {
        "local" => Handler::Local,
        "province" => Handler::Province,
        slug => Handler::Agency(AgencyId::new(slug)),
    };
    if p.titles.is_empty() || p.body.is_empty() {
        return Err(format!("a pattern of {} has no title or body", p.topic));
    }
    let body = p
        .body
        .iter()
        .map(|line| {
            let (optional, text) = match line.strip_prefix('?') {
                Some(rest) => (true, rest),
                None => (false, line.as_str()),
            };
            Template::compile(text)
                .map(|template| Line { optional, template })
                .map_err(|e| e.to_string())
        })
        .collect::<Result<_, _>>()?;
    Ok(Pattern {
        topic: p.topic,
        sub: p.sub,
        handler,
        kind,
        supervisory,
        unit_hints: p
            .unit
            .map(|u| u.split('|').map(str::to_owned).collect())
            .unwrap_or_default(),
        weight: p.weight.unwrap_or(1.0),
        titles: all(&p.titles)?,
        body,
        done: all(&p.done)?,
    })
}
