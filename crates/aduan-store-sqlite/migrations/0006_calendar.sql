-- The working-day calendar: national holidays (libur nasional) and collective leave (cuti
-- bersama) that deadlines skip besides weekends. Loaded from data/holidays.csv on first start,
-- then edited by the national admin; every edit is in the audit log.

CREATE TABLE holidays (
    -- YYYY-MM-DD, so that text order is date order.
    date       TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    name       TEXT NOT NULL CHECK (trim(name) <> ''),
    kind       TEXT NOT NULL CHECK (kind IN ('libur_nasional', 'cuti_bersama', 'other')),
    -- The decree or publication it comes from, when known.
    source     TEXT,
    created_at TEXT NOT NULL
);
