-- The back office's work queues at national scale (1,000,000 reports; see BENCHMARKS.md).
-- Running time limits (verification, first follow-up, completion) by deadline: a large queue
-- walks them in order instead of sorting every matching report. The predicate is written
-- exactly as the queries state it (aduan-store-sql's `running_limit`).
CREATE INDEX clocks_running_limit_due_idx ON clocks (due_at, report_id)
    WHERE stopped_at IS NULL AND due_at IS NOT NULL
    AND phase IN ('verification', 'first_follow_up', 'completion');
-- A report's earliest running limit, read from the index alone.
CREATE INDEX clocks_running_limit_report_idx ON clocks (report_id, due_at)
    WHERE stopped_at IS NULL AND due_at IS NOT NULL
    AND phase IN ('verification', 'first_follow_up', 'completion');
-- The tabs' report sets, each read from an index alone before the page's rows are fetched:
-- by status (national admin, supervisors), held by an agency or its units, requested of an
-- agency, escalated.
CREATE INDEX reports_queue_status_idx ON reports (status, tracking_id);
CREATE INDEX reports_queue_agency_idx ON reports (agency, status, unit, tracking_id);
CREATE INDEX reports_queue_requested_idx ON reports (requested_agency, status, tracking_id);
CREATE INDEX reports_queue_escalation_idx ON reports (escalation_level, status, tracking_id);
