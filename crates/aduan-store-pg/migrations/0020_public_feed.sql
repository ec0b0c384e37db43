-- The public feed, newest first, over public reports only. The unfiltered feed walked the
-- newest reports of every status and skipped, on every request, those still awaiting
-- verification: thousands at a time nationally (8,339 rows for 20 at a million reports). The
-- condition is written exactly as the feed's query states the public scope
-- (aduan-store-sql, listing.rs), so that both planners take this index.
CREATE INDEX reports_public_feed_idx ON reports (submitted_at DESC, tracking_id DESC)
    WHERE status IN ('dispatched', 'in_progress', 'completed') AND confidential = FALSE;
