//! Facets of a search: the store's counts per combination of values, folded into a count per
//! value of each facet (a region into its province, a category into its topic).

use aduan_store::FacetCount;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// One value of a facet and how many reports found have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FacetValue {
    /// The value (`""`: none).
    pub value: String,
    /// Reports found with it.
    pub count: u64,
}

/// The counts of everything a search found, per facet, most frequent first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Facets {
    /// Reports counted: everything found, or the newest matches when `partial`.
    pub counted: u64,
    /// More reports match than a search considers (the newest 1,000 in the caller's scope and
    /// filters): the counts, and the order of the results, are of those. Narrow the search
    /// with filters or more words to reach the rest.
    pub partial: bool,
    /// By status.
    pub status: Vec<FacetValue>,
    /// By holding agency (slug).
    pub agency: Vec<FacetValue>,
    /// By province (its Kemendagri code; a kabupaten or kota counts in its province).
    pub region: Vec<FacetValue>,
    /// By topic (the top-level category).
    pub category: Vec<FacetValue>,
    /// By kind.
    pub kind: Vec<FacetValue>,
    /// By channel.
    pub channel: Vec<FacetValue>,
    /// By month of submission (`YYYY-MM`, WIB).
    pub period: Vec<FacetValue>,
}

#[derive(Default)]
struct Tally(HashMap<String, u64>);

impl Tally {
    fn add(&mut self, value: &str, n: u64) {
        *self.0.entry(value.to_owned()).or_default() += n;
    }

    fn sorted(self) -> Vec<FacetValue> {
        let mut out: Vec<FacetValue> = self
            .0
            .into_iter()
            .map(|(value, count)| FacetValue { value, count })
            .collect();
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        out
    }
}

impl Facets {
    /// Folds the store's counts of a search; `partial`: more matched than it considered.
    pub fn of(counts: &[FacetCount], partial: bool) -> Self {
        let mut t: [Tally; 7] = Default::default();
        for c in counts {
            let province = c
                .region_code
                .as_deref()
                .map(|r| r.split('.').next().unwrap_or(r));
            let topic = c
                .category
                .as_deref()
                .map(|k| k.split('/').next().unwrap_or(k));
            t[0].add(&c.status, c.n);
            t[1].add(c.agency.as_deref().unwrap_or_default(), c.n);
            t[2].add(province.unwrap_or_default(), c.n);
            t[3].add(topic.unwrap_or_default(), c.n);
            t[4].add(&c.kind, c.n);
            t[5].add(&c.channel, c.n);
            t[6].add(&c.period, c.n);
        }
        let counted: u64 = counts.iter().map(|c| c.n).sum();
        let [status, agency, region, category, kind, channel, period] = t.map(Tally::sorted);
        Self {
            counted,
            partial,
            status,
            agency,
            region,
            category,
            kind,
            channel,
            period,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(region: &str, category: &str, n: u64) -> FacetCount {
        FacetCount {
            status: "dispatched".into(),
            agency: Some("kota-surabaya".into()),
            region_code: Some(region.into()),
            category: Some(category.into()),
            kind: "complaint".into(),
            channel: "web".into(),
            period: "2026-03".into(),
            n,
        }
    }

    #[test]
    fn regions_fold_into_provinces_and_categories_into_topics_most_frequent_first() {
        let f = Facets::of(
            &[
                count("35.78", "infrastruktur/jalan", 2),
                count("35", "infrastruktur", 1),
                count("36.03", "kesehatan/bpjs", 4),
            ],
            false,
        );
        let pairs = |v: &[FacetValue]| -> Vec<(String, u64)> {
            v.iter().map(|f| (f.value.clone(), f.count)).collect()
        };
        assert_eq!(pairs(&f.region), [("36".into(), 4), ("35".into(), 3)]);
        assert_eq!(
            pairs(&f.category),
            [("kesehatan".into(), 4), ("infrastruktur".into(), 3)]
        );
        assert_eq!(pairs(&f.status), [("dispatched".into(), 7)]);
        assert_eq!((f.counted, f.partial), (7, false));
    }
}
