-- Each report's next deadline on its row: the earliest due time of its running time limits
-- (verification, first follow-up, completion; aduan-store-sql's `running_limit`), or
-- 9999-12-31 23:59:59 UTC (`aduan_store::no_deadline`) when none runs, so that a report
-- without one sorts last. The store keeps it with the clocks, in the same transaction.
--
-- A work queue then reads its tab from an index in deadline order and stops after a page.
-- Before, a large queue walked the running clocks in deadline order and skipped those of
-- other tabs: 6,645 clocks for a page of 25 on the national verification tab at a million
-- reports, 80-115 ms a request (BENCHMARKS.md, issue 15).
ALTER TABLE reports ADD COLUMN next_due TEXT NOT NULL
    DEFAULT '9999-12-31T23:59:59.000000Z';
UPDATE reports SET next_due = d.due
    FROM (SELECT report_id, MIN(due_at) AS due FROM clocks
          WHERE stopped_at IS NULL AND due_at IS NOT NULL
          AND phase IN ('verification', 'first_follow_up', 'completion')
          GROUP BY report_id) AS d
    WHERE reports.tracking_id = d.report_id;
-- One index per kind of tab, each ordered by deadline after its equalities: by status
-- (national admin, supervisors), held by an agency (and its units), requested of an agency,
-- escalated. They replace the indexes of 0001, 0003 and 0009 that led with the same columns.
DROP INDEX reports_queue_status_idx;
DROP INDEX reports_queue_requested_idx;
DROP INDEX reports_queue_escalation_idx;
DROP INDEX reports_agency_idx;
DROP INDEX reports_requested_idx;
CREATE INDEX reports_deadline_status_idx ON reports (status, next_due, tracking_id);
CREATE INDEX reports_deadline_agency_idx ON reports (agency, status, next_due, tracking_id);
CREATE INDEX reports_deadline_requested_idx
    ON reports (requested_agency, status, next_due, tracking_id);
CREATE INDEX reports_deadline_escalation_idx
    ON reports (escalation_level, status, next_due, tracking_id);
-- The walk of running limits in deadline order served the old large-queue plan only.
DROP INDEX clocks_running_limit_due_idx;
DROP INDEX clocks_running_limit_report_idx;
