//! Clocks on SQLite.

use crate::SqliteStore;
use aduan_domain::TrackingId;
use aduan_domain::event::Event;
use aduan_domain::lifecycle::EventDraft;
use aduan_domain::report::ReportState;
use aduan_domain::sla::Clock;
use aduan_store::{ClockStore, EventActor, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
impl ClockStore for SqliteStore {
    async fn apply_transition_with_clocks(
        &self,
        id: &TrackingId,
        expected_version: i64,
        state: &ReportState,
        event: EventDraft,
        actor: &EventActor,
        at: DateTime<Utc>,
        clocks: &[Clock],
        outbox: &[aduan_store::NewOutboxMessage],
    ) -> StoreResult<Event> {
        self.sql
            .apply_transition_with_clocks(
                id,
                expected_version,
                state,
                event,
                actor,
                at,
                clocks,
                outbox,
            )
            .await
    }

    async fn list_clocks(&self, report: &TrackingId) -> StoreResult<Vec<Clock>> {
        self.sql.list_clocks(report).await
    }

    async fn list_limit_clocks(
        &self,
        filter: &aduan_store::ClockFilter,
        after: Option<&aduan_store::ClockCursor>,
        limit: u32,
    ) -> StoreResult<Vec<(aduan_store::ClockCursor, Clock)>> {
        self.sql.list_limit_clocks(filter, after, limit).await
    }

    async fn open_clocks_due_before(
        &self,
        before: DateTime<Utc>,
        after: Option<&aduan_store::ClockCursor>,
        limit: u32,
    ) -> StoreResult<Vec<(aduan_store::ClockCursor, Clock)>> {
        self.sql.open_clocks_due_before(before, after, limit).await
    }

    async fn reports_with_open_clocks(
        &self,
        after: Option<&TrackingId>,
        limit: u32,
    ) -> StoreResult<Vec<TrackingId>> {
        self.sql.reports_with_open_clocks(after, limit).await
    }
}
