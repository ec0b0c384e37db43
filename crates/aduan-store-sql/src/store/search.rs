//! Full-text search and its index (see `crate::search`): searching within a scope, the facet
//! counts, and keeping the index (each entry written with its report; rebuilt and checked page
//! by page by `aduan search rebuild` and `verify`).

use crate::store::{db_err, sql_impl};
use crate::{
    EVENT_COLUMNS, EventRow, REPORT_COLUMNS, ReportRow, SearchDoc, Stmt, WindowRow,
    facets_of_window, other, page_of_window, score, window_query,
};
use aduan_domain::TrackingId;
use aduan_domain::event::Event;
use aduan_domain::lifecycle::ActionKind;
use aduan_domain::report::Report;
use aduan_store::{
    IndexPage, ListScope, ReportFilter, SearchHit, SearchPage, SearchStore, SearchWant,
    StoreResult, TextQuery,
};
use async_trait::async_trait;
use sqlx::Transaction;
use std::collections::HashMap;

static PAGE: Stmt = Stmt::built(|| {
    format!(
        "SELECT {REPORT_COLUMNS} FROM reports WHERE tracking_id > ? ORDER BY tracking_id LIMIT ?"
    )
});
static EVENTS_BETWEEN: Stmt = Stmt::built(|| {
    format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE report_id >= ? AND report_id <= ? \
         AND body IS NOT NULL ORDER BY report_id, seq"
    )
});
/// Where a backend searches the newest entries first, it first reads this many entries per
/// match of its window, from the last (16,000 for a window of 1,000): a common word fills the
/// window there.
const FIRST_STRETCH_PER_MATCH: i64 = 16;

/// How far the next stretch reaches at most and at least, as a multiple of the entries read.
const GROWTH: (f64, f64) = (2.0, 16.0);

static BASIS: Stmt = Stmt::new("SELECT analyser FROM search_basis WHERE id = 1");
static SET_BASIS: Stmt = Stmt::new(
    "INSERT INTO search_basis (id, analyser) VALUES (1, ?) \
     ON CONFLICT (id) DO UPDATE SET analyser = excluded.analyser",
);

/// Whether a transition's event changes what a report's search entry holds: text written on
/// it (a follow-up, a reply, a note), or a verification (which may correct the title).
pub(crate) fn touches_text(event: &Event) -> bool {
    event.body.is_some() || event.action == ActionKind::VerifyDispatch
}

sql_impl! {
impl SqlStore {
    /// Rewrites `report`'s search entry from it and its events as `tx` sees them.
    pub(crate) async fn reindex_in(
        tx: &mut Transaction<'static, D::DB>,
        report: &Report,
    ) -> StoreResult<()> {
        let id = &report.tracking_id;
        let events = Self::text_events_in(tx, id, id).await?;
        D::write_search_docs(tx, &[SearchDoc::of(report, &events)]).await
    }

    /// The events with text of the reports from `first` to `last`.
    async fn text_events_in(
        tx: &mut Transaction<'static, D::DB>,
        first: &TrackingId,
        last: &TrackingId,
    ) -> StoreResult<Vec<Event>> {
        let rows: Vec<EventRow> = sqlx::query_as(EVENTS_BETWEEN.sql::<D>())
            .bind(first.as_str())
            .bind(last.as_str())
            .fetch_all(&mut **tx)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(EventRow::into_event).collect()
    }

    /// The matches of `query`'s window in `scope` and `filter`, scored, and one more when more
    /// match than the window holds (newest first). Where the backend must be told
    /// ([`aduan_store_sql::Recent`]: PostgreSQL), the newest 16 entries per match of the window
    /// are searched first, then older stretches until the window is full or the whole index
    /// was searched; each stretch only for the matches still wanting, and reaching as far as
    /// the matches found so far say the rest lie (between twice and sixteen times the entries
    /// read). So a common word costs one short read, a rare one a few, and each step reads a
    /// bounded part of the index whatever plan it gets.
    async fn window(
        &self,
        scope: &ListScope,
        filter: &ReportFilter,
        query: &TextQuery,
    ) -> StoreResult<Vec<WindowRow>> {
        // One more than the window, to tell whether more match than it holds.
        let wanted = query.window.max(1) as usize + 1;
        let read = |stretch: Option<String>, limit: usize| async move {
            window_query::<D::DB, D::Ts>(
                &D::SEARCH,
                scope,
                filter,
                query,
                stretch.as_deref(),
                limit,
                D::ts,
            )
            .build_query_as::<WindowRow>()
            .fetch_all(self.pool())
            .await
            .map_err(db_err)
        };
        let mut rows = match D::SEARCH.recent {
            None => read(None, wanted).await?,
            Some(recent) => {
                let (top,): (i64,) = sqlx::query_as(recent.top)
                    .fetch_one(self.pool())
                    .await
                    .map_err(db_err)?;
                let mut rows = Vec::with_capacity(wanted);
                let (mut upto, mut reach) = (top, wanted as i64 * FIRST_STRETCH_PER_MATCH);
                loop {
                    let after = Some(top.saturating_sub(reach)).filter(|a| *a > 0);
                    let stretch = (recent.between)(after, upto);
                    rows.extend(read(Some(stretch), wanted - rows.len()).await?);
                    let Some(after) = after else { break rows };
                    if rows.len() >= wanted {
                        break rows;
                    }
                    // A quarter more than the matches found so far say is needed.
                    let growth =
                        (wanted as f64 / rows.len().max(1) as f64 * 1.25).clamp(GROWTH.0, GROWTH.1);
                    (upto, reach) = (after, ((top - after) as f64 * growth) as i64);
                }
            }
        };
        for r in &mut rows {
            r.score = score(r.title.as_deref(), &query.terms, r.submitted_at);
        }
        Ok(rows)
    }

    /// The reports of `page` (tracking ids and scores), in its order.
    async fn hits_of(&self, page: Vec<(String, f64)>) -> StoreResult<Vec<SearchHit>> {
        if page.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = sqlx::QueryBuilder::<D::DB>::new(format!(
            "SELECT {REPORT_COLUMNS} FROM reports WHERE tracking_id IN ("
        ));
        let mut ids = q.separated(", ");
        for (id, _) in &page {
            ids.push_bind(id.clone());
        }
        q.push(")");
        let rows: Vec<ReportRow> = q
            .build_query_as()
            .fetch_all(self.pool())
            .await
            .map_err(db_err)?;
        let mut by_id: HashMap<String, Report> = HashMap::new();
        for row in rows {
            let report = row.into_report()?;
            by_id.insert(report.tracking_id.to_string(), report);
        }
        Ok(page
            .into_iter()
            .filter_map(|(id, score)| {
                Some(SearchHit {
                    report: by_id.remove(&id)?,
                    score,
                })
            })
            .collect())
    }

    /// A page of reports after `after` and their documents as they should be now.
    async fn page_docs_in(
        tx: &mut Transaction<'static, D::DB>,
        after: Option<&TrackingId>,
        limit: u32,
    ) -> StoreResult<(Vec<Report>, Vec<SearchDoc>)> {
        let rows: Vec<ReportRow> = sqlx::query_as(PAGE.sql::<D>())
            .bind(after.map_or("", TrackingId::as_str))
            .bind(i64::from(limit))
            .fetch_all(&mut **tx)
            .await
            .map_err(db_err)?;
        let reports = rows
            .into_iter()
            .map(ReportRow::into_report)
            .collect::<StoreResult<Vec<_>>>()?;
        let (Some(first), Some(last)) = (reports.first(), reports.last()) else {
            return Ok((reports, Vec::new()));
        };
        let events = Self::text_events_in(tx, &first.tracking_id, &last.tracking_id).await?;
        let docs = SearchDoc::of_all(&reports, &events);
        Ok((reports, docs))
    }
}
}

sql_impl! {
#[async_trait]
impl SearchStore for SqlStore {
    async fn search_reports(
        &self,
        scope: &ListScope,
        filter: &ReportFilter,
        query: &TextQuery,
        want: SearchWant<'_>,
    ) -> StoreResult<SearchPage> {
        if query.terms.is_empty() {
            return Ok(SearchPage {
                facets: want.facets.then(Vec::new),
                ..SearchPage::default()
            });
        }
        let mut rows = self.window(scope, filter, query).await?;
        let partial = rows.len() > query.window as usize;
        rows.truncate(query.window as usize);
        let facets = want.facets.then(|| facets_of_window(&rows));
        let page = page_of_window(rows, want.order, want.after, want.limit);
        let hits = self.hits_of(page).await?;
        Ok(SearchPage {
            hits,
            facets,
            partial,
        })
    }

    async fn reindex_reports(
        &self,
        after: Option<&TrackingId>,
        limit: u32,
    ) -> StoreResult<IndexPage> {
        let mut tx = self.write_tx().await?;
        let (reports, docs) = Self::page_docs_in(&mut tx, after, limit).await?;
        D::write_search_docs(&mut tx, &docs).await?;
        let refs: Vec<&Report> = reports.iter().collect();
        Self::file_similar_in(&mut tx, &refs, false).await?;
        tx.commit().await.map_err(other)?;
        Ok(IndexPage {
            reports: reports.len() as u64,
            last: reports.last().map(|r| r.tracking_id),
            ..IndexPage::default()
        })
    }

    async fn check_search_index(
        &self,
        after: Option<&TrackingId>,
        limit: u32,
    ) -> StoreResult<IndexPage> {
        let mut tx = self.pool().begin().await.map_err(other)?;
        let (reports, docs) = Self::page_docs_in(&mut tx, after, limit).await?;
        let mut page = IndexPage {
            reports: reports.len() as u64,
            last: reports.last().map(|r| r.tracking_id),
            ..IndexPage::default()
        };
        if let (Some(first), Some(last)) = (reports.first(), reports.last()) {
            let stored: HashMap<String, String> =
                sqlx::query_as::<_, (String, String)>(D::SEARCH.hashes)
                    .bind(first.tracking_id.as_str())
                    .bind(last.tracking_id.as_str())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db_err)?
                    .into_iter()
                    .collect();
            for doc in &docs {
                match stored.get(&doc.report_id) {
                    None => page.missing += 1,
                    Some(hash) if *hash != doc.hash => page.stale += 1,
                    Some(_) => {}
                }
            }
        }
        tx.rollback().await.map_err(other)?;
        if page.last.is_none() || page.reports < u64::from(limit) {
            D::check_search_structure(self.pool()).await?;
        }
        Ok(page)
    }

    async fn search_basis(&self) -> StoreResult<Option<u32>> {
        let row: Option<(i64,)> = sqlx::query_as(BASIS.sql::<D>())
            .fetch_optional(self.pool())
            .await
            .map_err(db_err)?;
        Ok(row.and_then(|(v,)| u32::try_from(v).ok()))
    }

    async fn set_search_basis(&self, version: u32) -> StoreResult<()> {
        sqlx::query(SET_BASIS.sql::<D>())
            .bind(i64::from(version))
            .execute(self.pool())
            .await
            .map_err(db_err)?;
        Ok(())
    }
}
}
