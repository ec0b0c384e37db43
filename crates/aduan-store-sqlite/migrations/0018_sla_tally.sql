-- The figures' running counts (issue 15; aduan_domain::sla::tally): each stopped limit clock
-- counted once per grain (all time, the month and the day its phase started, WIB), for its
-- party (unit '') and for its unit, kept in the transaction that rewrites the report's clocks.
-- `completion` is '' and `days` -1 when they do not apply.
CREATE TABLE sla_tally (
    grain TEXT NOT NULL,
    period TEXT NOT NULL,
    responsible TEXT NOT NULL,
    unit TEXT NOT NULL,
    phase TEXT NOT NULL,
    outcome TEXT NOT NULL,
    completion TEXT NOT NULL,
    days INTEGER NOT NULL,
    n INTEGER NOT NULL,
    -- The party-level counts (unit '') of a period are one range, without the units' rows.
    PRIMARY KEY (grain, unit, period, responsible, phase, outcome, completion, days)
) WITHOUT ROWID;

-- The non-working days the counts' working days were computed on (JSON). No row, or NULL: not
-- known, and the counts are rebuilt from the clocks when the service starts (a database that
-- already held clocks when this migration ran).
CREATE TABLE sla_tally_basis (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    calendar TEXT
);

-- Open limit clocks breached before a pause, counted live with those past their deadline.
CREATE INDEX clocks_open_missed_idx ON clocks (report_id)
    WHERE stopped_at IS NULL AND missed_due IS NOT NULL;

-- The open limit clocks past their deadline, counted live per party, phase and completion
-- from the index alone (the predicate is the running-limit one of migration 0009).
CREATE INDEX clocks_running_limit_counts_idx
    ON clocks (due_at, responsible, phase, completion, unit, started_at)
    WHERE stopped_at IS NULL AND due_at IS NOT NULL
    AND phase IN ('verification', 'first_follow_up', 'completion');
