-- The working-day calendar: national holidays (libur nasional) and collective leave (cuti
-- bersama) that deadlines skip besides weekends. Loaded from data/holidays.csv on first start,
-- then edited by the national admin; every edit is in the audit log.

CREATE TABLE holidays (
    date       DATE PRIMARY KEY,
    name       TEXT NOT NULL CHECK (btrim(name) <> ''),
    kind       TEXT NOT NULL CHECK (kind IN ('libur_nasional', 'cuti_bersama', 'other')),
    -- The decree or publication it comes from, when known.
    source     TEXT,
    created_at TIMESTAMPTZ NOT NULL
);
