-- How each clock ended, for figures that do not flatter (issue 12): `stopped_by` is the action
-- that stopped it (an auto-close or a withdraw is no act of the party answering for it);
-- `completion` is, for a completion clock, the kind of the completion it ended in (agency_closed,
-- then reporter_confirmed or auto_closed); `missed_due` keeps a deadline already missed when the
-- clock was paused, so a postponement after the deadline does not undo the breach.
ALTER TABLE clocks ADD COLUMN stopped_by TEXT;
ALTER TABLE clocks ADD COLUMN completion TEXT
    CHECK (completion IN ('agency_closed', 'reporter_confirmed', 'auto_closed'));
ALTER TABLE clocks ADD COLUMN missed_due TEXT;

-- Stopped clocks learn their cause from the event recorded at the same instant.
UPDATE clocks SET stopped_by = (
    SELECT e.action FROM events e
    WHERE e.report_id = clocks.report_id AND e.at = clocks.stopped_at
    ORDER BY e.seq DESC LIMIT 1)
WHERE stopped_at IS NOT NULL;

-- Completion clocks learn the latest completion kind before any later reopen.
UPDATE clocks SET completion = (
    SELECT CASE e.action
        WHEN 'complete' THEN 'agency_closed'
        WHEN 'confirm' THEN 'reporter_confirmed'
        ELSE 'auto_closed' END
    FROM events e
    WHERE e.report_id = clocks.report_id AND e.at >= clocks.stopped_at
      AND e.action IN ('complete', 'confirm', 'auto_close')
      AND NOT EXISTS (
          SELECT 1 FROM events r
          WHERE r.report_id = clocks.report_id AND r.action = 'reopen'
            AND r.at > clocks.stopped_at AND r.at < e.at)
    ORDER BY e.seq DESC LIMIT 1)
WHERE phase = 'completion' AND stopped_by IN ('complete', 'auto_close');
