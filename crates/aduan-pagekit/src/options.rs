//! The options of a filter's `<select>`: each with its value, its label and whether it is the
//! current choice, and the region and topic lists both the public feed and the back office's
//! queue filter by.

use aduan_domain::directory::{Agency, AgencyKind, Category};

/// One `<option>`.
#[derive(Debug)]
pub struct Opt {
    /// The submitted value.
    pub value: String,
    /// What the person reads.
    pub label: String,
    /// Whether it is the current choice.
    pub selected: bool,
}

impl Opt {
    /// An option, selected when `value` is `current`.
    pub fn new(value: &str, label: String, current: &str) -> Self {
        Self {
            value: value.to_owned(),
            label,
            selected: value == current,
        }
    }
}

/// Provinces; once a region is chosen, also the kabupaten and kota of its province.
pub fn region_options(agencies: &[Agency], current: &str) -> Vec<Opt> {
    let province = current.split('.').next().unwrap_or_default();
    let mut regional: Vec<&Agency> = agencies
        .iter()
        .filter(|a| a.kind.is_regional() && a.region_code.is_some())
        .collect();
    regional.sort_by(|a, b| a.region_code.cmp(&b.region_code));
    let mut out: Vec<Opt> = Vec::new();
    for a in regional {
        let Some(code) = a.region_code.as_deref() else {
            continue;
        };
        let top = code.split('.').next().unwrap_or_default();
        let shown = a.kind == AgencyKind::Provinsi || (!province.is_empty() && top == province);
        if shown && !out.iter().any(|o| o.value == code) {
            out.push(Opt::new(code, a.name.clone(), current));
        }
    }
    out
}

/// Topics; once a category is chosen, also every sub-topic of its topic, under it.
pub fn category_options(categories: &[Category], current: &str) -> Vec<Opt> {
    let topic = current.split('/').next().unwrap_or_default();
    categories
        .iter()
        .filter(|cat| {
            let id = cat.id.as_str();
            !id.contains('/') || (!topic.is_empty() && id.split('/').next() == Some(topic))
        })
        .map(|cat| {
            let depth = cat.id.as_str().matches('/').count();
            let label = format!("{}{}", "— ".repeat(depth), cat.name);
            Opt::new(cat.id.as_str(), label, current)
        })
        .collect()
}
