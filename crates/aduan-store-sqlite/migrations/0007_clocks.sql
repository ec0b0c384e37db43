-- The working-day clocks of each report (DOMAIN.md §3), rewritten with every transition in the
-- same transaction. `due_at` is NULL while a clock is paused.
CREATE TABLE clocks (
    report_id      TEXT NOT NULL REFERENCES reports (tracking_id),
    seq            INTEGER NOT NULL,
    phase          TEXT NOT NULL CHECK (phase IN ('verification', 'first_follow_up', 'completion', 'auto_close', 'reopen_window', 'appeal_window')),
    responsible    TEXT NOT NULL,
    unit           TEXT,
    zone           TEXT NOT NULL CHECK (zone IN ('WIB', 'WITA', 'WIT')),
    started_at     TEXT NOT NULL,
    limit_days     INTEGER NOT NULL,
    resumed_at     TEXT NOT NULL,
    days_remaining INTEGER NOT NULL,
    due_at         TEXT,
    paused_at      TEXT,
    stopped_at     TEXT,
    PRIMARY KEY (report_id, seq)
);
-- The scheduler's question: which open clocks fall due before a moment?
CREATE INDEX clocks_open_due_idx ON clocks (due_at) WHERE stopped_at IS NULL;
-- The figures' question: every clock of an agency in a period.
CREATE INDEX clocks_responsible_idx ON clocks (responsible, phase, started_at);
