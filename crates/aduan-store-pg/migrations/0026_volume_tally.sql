-- The statistics' running counts of reports (issue 19; aduan_domain::volume): by category,
-- region, channel and kind (agency ''), and each agency's dispatches, reroutes and ratings
-- (value: the stars), for all time (grain 'all', period '') and per month (grain 'month',
-- period 'YYYY-MM', WIB), kept in the transaction that writes the report.
CREATE TABLE volume_tally (
    dim TEXT NOT NULL,
    grain TEXT NOT NULL,
    period TEXT NOT NULL,
    agency TEXT NOT NULL,
    value TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (dim, grain, period, agency, value)
);

-- Present once the counts stand on every report; no row: counted from the reports when the
-- service starts (a database that held reports before this migration).
CREATE TABLE volume_tally_basis (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    counted BIGINT NOT NULL
);
-- A database without reports is counted as its reports are written.
INSERT INTO volume_tally_basis (id, counted) SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM reports);

-- The backlog by age: reports held open, per agency, by submission time, from the index.
CREATE INDEX reports_backlog_idx ON reports (status, agency, submitted_at);
