//! The LAPOR! categories (data/categories.json) with their flags (data/categories-flags.csv).

use crate::error::{FileErrors, LineError, Problems};
use aduan_domain::CategoryId;
use aduan_domain::directory::{Category, category_id};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
struct Published {
    topics: Vec<Topic>,
}

#[derive(Debug, Deserialize)]
struct Topic {
    name: String,
    subtopics: Vec<String>,
}

/// Builds the categories from the published topics: one per topic (`topic-slug`) and one per
/// distinct sub-topic (`topic-slug/subtopic-slug`); a sub-topic listed twice under a topic is
/// one category. Topics come first, each followed by its sub-topics in published order.
pub fn parse_categories(json: &str, file: &str) -> Result<Vec<Category>, FileErrors> {
    let published: Published = serde_json::from_str(json).map_err(|e| FileErrors {
        file: file.to_owned(),
        errors: vec![LineError::new(e.line() as u64, e.to_string())],
    })?;
    let mut categories: Vec<Category> = Vec::new();
    let mut index: HashMap<CategoryId, usize> = HashMap::new();
    let mut push = |c: Category, categories: &mut Vec<Category>| {
        if !index.contains_key(&c.id) {
            index.insert(c.id.clone(), categories.len());
            categories.push(c);
        }
    };
    for topic in &published.topics {
        let topic_id = category_id(&topic.name, None);
        push(plain(topic_id.clone(), &topic.name, None), &mut categories);
        for sub in &topic.subtopics {
            let id = category_id(&topic.name, Some(sub));
            push(plain(id, sub, Some(topic_id.clone())), &mut categories);
        }
    }
    Ok(categories)
}

fn plain(id: CategoryId, name: &str, parent: Option<CategoryId>) -> Category {
    Category {
        id,
        name: name.trim().to_owned(),
        parent,
        sensitive: false,
        active_from: None,
        active_until: None,
    }
}

#[derive(Debug, Deserialize)]
struct FlagRow {
    id: String,
    sensitive: String,
    active_from: String,
    active_until: String,
}

fn date(v: &str, column: &str) -> Result<Option<NaiveDate>, String> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("{column} {v:?} is not a date like 2023-06-21"))
}

/// Applies the flags file to `categories`, row by row in file order: a row for a topic sets
/// the topic and all its sub-topics, a row for a sub-topic sets that one.
pub fn apply_flags(
    categories: &mut [Category],
    csv_text: &str,
    file: &str,
) -> Result<(), FileErrors> {
    let mut problems = Problems::default();
    let by_id: HashMap<CategoryId, usize> = categories
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(1, e.to_string());
            return problems.finish(file, ());
        }
    };
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                problems.push(e.position().map_or(0, |p| p.line()), e.to_string());
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let row: FlagRow = match record.deserialize(Some(&headers)) {
            Ok(r) => r,
            Err(e) => {
                problems.push(line, e.to_string());
                continue;
            }
        };
        let id = CategoryId::new(row.id.trim());
        if !by_id.contains_key(&id) {
            problems.push(line, format!("unknown category {id}"));
            continue;
        }
        let sensitive = match row.sensitive.trim() {
            "true" => true,
            "false" | "" => false,
            other => {
                problems.push(line, format!("sensitive {other:?} is not true or false"));
                continue;
            }
        };
        let (from, until) = match (
            date(&row.active_from, "active_from"),
            date(&row.active_until, "active_until"),
        ) {
            (Ok(f), Ok(u)) => (f, u),
            (Err(e), _) | (_, Err(e)) => {
                problems.push(line, e);
                continue;
            }
        };
        for c in categories
            .iter_mut()
            .filter(|c| c.id == id || c.parent.as_ref() == Some(&id))
        {
            c.sensitive = sensitive;
            c.active_from = from;
            c.active_until = until;
            if let Err(e) = c.validate() {
                problems.push(line, format!("{}: {e}", c.id));
            }
        }
    }
    problems.finish(file, ())
}
