//! Counting the events of many reports at once (the follow-ups of an export page).

use crate::store::{db_err, sql_impl};
use aduan_domain::TrackingId;
use aduan_store::StoreResult;
use std::collections::HashMap;

sql_impl! {
impl SqlStore {
    /// How many events of `action` each of `reports` has, internal ones left out, in one read.
    pub(crate) async fn count_public_events_in(
        &self,
        reports: &[TrackingId],
        action: &str,
    ) -> StoreResult<HashMap<TrackingId, u64>> {
        let mut out = HashMap::new();
        if reports.is_empty() {
            return Ok(out);
        }
        let sql = crate::dynamic::<D>(format!(
            "SELECT report_id, CAST(COUNT(*) AS BIGINT) FROM events \
             WHERE report_id IN ({}) AND action = ? AND NOT internal GROUP BY report_id",
            crate::placeholders(reports.len())
        ));
        let mut q = sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql));
        for id in reports {
            q = q.bind(id.as_str());
        }
        q = q.bind(action);
        for (id, n) in q.fetch_all(self.pool()).await.map_err(db_err)? {
            let id = TrackingId::parse(&id).map_err(crate::corrupt)?;
            out.insert(id, n.unsigned_abs());
        }
        Ok(out)
    }
}
}
