//! What people complain about where: reports by topic, category, province, kabupaten/kota,
//! channel, kind and month, from the running counts; small counts suppressed for the public.

use super::StatsConfig;
use crate::AppState;
use crate::error::{AppError, AppResult, FieldErrors};
use aduan_store::VolumeQuery;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// The breakdowns offered: the query's `by`, the running count read, and how a value folds.
const BREAKDOWNS: [(&str, &str, Fold); 7] = [
    ("topic", "category", Fold::Before('/')),
    ("category", "category", Fold::Keep),
    ("province", "region", Fold::Before('.')),
    ("region", "region", Fold::Keep),
    ("channel", "channel", Fold::Keep),
    ("kind", "kind", Fold::Keep),
    ("month", "kind", Fold::Month),
];

#[derive(Debug, Clone, Copy)]
enum Fold {
    Keep,
    Before(char),
    Month,
}

/// Which breakdown, over which months.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct VolumeParams {
    /// `topic` (a top-level category), `category`, `province`, `region` (kabupaten/kota),
    /// `channel`, `kind`, or `month` (the trend).
    #[param(inline, value_type = Option<Breakdown>)]
    pub by: Option<String>,
    /// From this month on (`YYYY-MM`, WIB).
    #[param(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub from: Option<String>,
    /// Before this month (`YYYY-MM`, WIB).
    #[param(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub until: Option<String>,
}

/// The breakdowns `by` names, for the API document (the value is checked against
/// `BREAKDOWNS`, with a field error for any other).
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
enum Breakdown {
    Topic,
    Category,
    Province,
    Region,
    Channel,
    Kind,
    Month,
}

/// One value of a breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct VolumeItem {
    /// The value: a category or topic id, a region or province code, a channel, a kind, a
    /// month; `""` for reports without one (no category yet, no region given).
    pub value: String,
    /// Reports; absent when suppressed.
    pub count: Option<u64>,
    /// Fewer than `min_count` reports: the count is withheld from the public.
    pub suppressed: bool,
}

/// A breakdown of the reports received (every report but the deleted, confidential ones too).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Volumes {
    /// The breakdown.
    pub by: String,
    /// Largest first (by month: in month order).
    pub items: Vec<VolumeItem>,
    /// All reports of the breakdown; absent when a count is suppressed (it would tell the
    /// suppressed one).
    pub total: Option<u64>,
    /// Counts below this are suppressed for the public.
    pub min_count: u64,
}

fn month(v: &Option<String>) -> Option<bool> {
    v.as_deref().map(|m| {
        chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").is_ok() && m.len() == 7
    })
}

/// The breakdown `params` asks for; counts under the minimum withheld unless `unsuppressed`
/// (staff).
pub async fn volumes(
    state: &AppState,
    params: &VolumeParams,
    unsuppressed: bool,
) -> AppResult<Volumes> {
    let by = params.by.as_deref().unwrap_or("topic");
    let mut errors = FieldErrors::new();
    let breakdown = BREAKDOWNS.iter().find(|(name, _, _)| *name == by);
    if breakdown.is_none() {
        errors.insert("by".into(), "invalid".into());
    }
    for (field, v) in [("from", &params.from), ("until", &params.until)] {
        if month(v) == Some(false) {
            errors.insert(field.into(), "invalid".into());
        }
    }
    let Some((_, dim, fold)) = breakdown.filter(|_| errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let state = &state.public_reads();
    let key = format!("{:?}", (by, &params.from, &params.until, unsuppressed));
    let (now, max_age) = (state.clock.now(), super::kept_for(state));
    let by = by.to_owned();
    state
        .figures
        .volumes
        .get(key, now, max_age, async || {
            counted(state, by, dim, *fold, params, unsuppressed).await
        })
        .await
}

/// The breakdown counted now.
async fn counted(
    state: &AppState,
    by: String,
    dim: &'static str,
    fold: Fold,
    params: &VolumeParams,
    unsuppressed: bool,
) -> AppResult<Volumes> {
    let counts = state
        .store
        .volume_counts(&VolumeQuery {
            dim,
            from: params.from.clone(),
            until: params.until.clone(),
            by_month: matches!(fold, Fold::Month),
        })
        .await?;
    let mut folded: BTreeMap<String, i64> = BTreeMap::new();
    for c in counts {
        let value = match fold {
            Fold::Keep => c.value,
            Fold::Before(sep) => c.value.split(sep).next().unwrap_or_default().to_owned(),
            Fold::Month => c.period,
        };
        *folded.entry(value).or_default() += c.n;
    }
    let min_count = state.config.stats.min_count;
    let mut items: Vec<VolumeItem> = folded
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(value, n)| {
            let n = n.unsigned_abs();
            let suppressed = !unsuppressed && n < min_count;
            VolumeItem {
                value,
                count: (!suppressed).then_some(n),
                suppressed,
            }
        })
        .collect();
    if !matches!(fold, Fold::Month) {
        items.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    }
    let total =
        (!items.iter().any(|i| i.suppressed)).then(|| items.iter().filter_map(|i| i.count).sum());
    Ok(Volumes {
        by,
        items,
        total,
        min_count,
    })
}

/// The running counts stand on every report: counted from the reports when they did not
/// (a database that held reports before they existed); the reports counted, if it recounted.
pub async fn keep_volumes_counted(state: &AppState) -> AppResult<Option<u64>> {
    if state.store.volumes_counted().await? {
        return Ok(None);
    }
    let counted = state.store.rebuild_volumes().await?;
    tracing::info!(
        reports = counted,
        "the statistics' report counts were counted"
    );
    Ok(Some(counted))
}

impl StatsConfig {
    /// Whether `n` reports may be shown to the public.
    pub fn shown(&self, n: u64) -> bool {
        n >= self.min_count
    }
}
