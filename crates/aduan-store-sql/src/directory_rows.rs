//! Rows of `agencies`, `units` and `categories`, and the words the type-ahead search indexes.

use crate::rows::{corrupt, parse};
use aduan_domain::directory::{Agency, AgencyKind, Category, Unit, slugify};
use aduan_domain::workdays::Zone;
use aduan_domain::{AgencyId, CategoryId, UnitId};
use aduan_store::StoreError;
use chrono::NaiveDate;

/// The columns of `agencies`, in the order [`AgencyRow`] reads them.
pub const AGENCY_COLUMNS: &str =
    "id, name, abbreviation, kind, region_code, parent, zone, connected, integrated, source";

/// The columns of `units`, in the order [`UnitRow`] reads them.
pub const UNIT_COLUMNS: &str = "id, agency, parent, name, inspectorate";

/// The columns of `categories`, in the order [`CategoryRow`] reads them.
pub const CATEGORY_COLUMNS: &str = "id, name, parent, sensitive, active_from, active_until";

/// A row of `agencies`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct AgencyRow {
    pub id: String,
    pub name: String,
    pub abbreviation: Option<String>,
    pub kind: String,
    pub region_code: Option<String>,
    pub parent: Option<String>,
    pub zone: String,
    pub connected: bool,
    pub integrated: bool,
    pub source: Option<String>,
}

impl AgencyRow {
    /// The domain agency.
    pub fn into_agency(self) -> Result<Agency, StoreError> {
        Ok(Agency {
            kind: parse(&self.kind, AgencyKind::parse, "agency kind")?,
            zone: self.zone.parse::<Zone>().map_err(corrupt)?,
            id: AgencyId::new(self.id),
            name: self.name,
            abbreviation: self.abbreviation,
            region_code: self.region_code,
            parent: self.parent.map(AgencyId::new),
            connected: self.connected,
            integrated: self.integrated,
            source: self.source,
        })
    }
}

/// A row of `units`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct UnitRow {
    pub id: String,
    pub agency: String,
    pub parent: Option<String>,
    pub name: String,
    pub inspectorate: bool,
}

impl UnitRow {
    /// The domain unit.
    pub fn into_unit(self) -> Unit {
        Unit {
            id: UnitId::new(self.id),
            agency: AgencyId::new(self.agency),
            parent: self.parent.map(UnitId::new),
            name: self.name,
            inspectorate: self.inspectorate,
        }
    }
}

/// A row of `categories`.
#[derive(Debug, sqlx::FromRow)]
#[allow(missing_docs)]
pub struct CategoryRow {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    pub sensitive: bool,
    pub active_from: Option<NaiveDate>,
    pub active_until: Option<NaiveDate>,
}

impl CategoryRow {
    /// The domain category.
    pub fn into_category(self) -> Category {
        Category {
            id: CategoryId::new(self.id),
            name: self.name,
            parent: self.parent.map(CategoryId::new),
            sensitive: self.sensitive,
            active_from: self.active_from,
            active_until: self.active_until,
        }
    }
}

/// The words of `text` as the search sees them: folded to lowercase ASCII, split on anything
/// that is not a letter or digit.
pub fn search_words(text: &str) -> Vec<String> {
    slugify(text)
        .split('-')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The distinct words an agency is found by: those of its name and its abbreviation.
pub fn agency_words(agency: &Agency) -> Vec<String> {
    let mut words = search_words(&agency.name);
    if let Some(abbreviation) = &agency.abbreviation {
        words.extend(search_words(abbreviation));
    }
    words.sort();
    words.dedup();
    words
}

/// The half-open range `[low, high)` of indexed words that begin with `prefix` (a search
/// word, so lowercase ASCII letters and digits, all of which sort below `{`).
pub fn prefix_range(prefix: &str) -> (String, String) {
    (prefix.to_owned(), format!("{prefix}{{"))
}

/// A listing or count of agencies for a filter, with `?` placeholders (PostgreSQL backends
/// renumber them with [`crate::numbered`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyQuery {
    /// The SQL text.
    pub sql: String,
    /// The text parameters, in order.
    pub binds: Vec<String>,
    /// The row limit, bound after the text parameters when present.
    pub limit: Option<i64>,
}

/// The query listing (or, with `count`, counting) the agencies that match `filter`, ordered
/// by name ignoring case, with `collate` appended to the sort key (PostgreSQL passes ` COLLATE "C"` so that
/// both backends sort alike, by bytes).
pub fn agency_query(filter: &aduan_store::AgencyFilter, count: bool, collate: &str) -> AgencyQuery {
    let mut sql = if count {
        "SELECT COUNT(*) FROM agencies a WHERE 1 = 1".to_owned()
    } else {
        format!("SELECT {AGENCY_COLUMNS} FROM agencies a WHERE 1 = 1")
    };
    let mut binds = Vec::new();
    if let Some(kind) = filter.kind {
        sql.push_str(" AND a.kind = ?");
        binds.push(kind.as_str().to_owned());
    }
    if let Some(parent) = &filter.parent {
        sql.push_str(" AND a.parent = ?");
        binds.push(parent.as_str().to_owned());
    }
    for word in filter
        .search
        .as_deref()
        .map(search_words)
        .unwrap_or_default()
    {
        sql.push_str(
            " AND a.id IN (SELECT w.agency FROM agency_words w WHERE w.word >= ? AND w.word < ?)",
        );
        let (low, high) = prefix_range(&word);
        binds.push(low);
        binds.push(high);
    }
    if let Some((name, id)) = &filter.after {
        // Keyset paging on the listing's own sort key, so a page never repeats or skips a row.
        sql.push_str(&format!(
            " AND (lower(a.name){collate} > lower(?){collate} OR (lower(a.name){collate} = lower(?){collate} AND a.id{collate} > ?{collate}))"
        ));
        binds.push(name.clone());
        binds.push(name.clone());
        binds.push(id.as_str().to_owned());
    }
    let mut limit = None;
    if !count {
        sql.push_str(&format!(" ORDER BY lower(a.name){collate}, a.id{collate}"));
        if let Some(n) = filter.limit {
            sql.push_str(" LIMIT ?");
            limit = Some(i64::from(n));
        }
    }
    AgencyQuery { sql, binds, limit }
}
