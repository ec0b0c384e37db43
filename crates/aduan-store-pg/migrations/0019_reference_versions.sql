-- The version of each kind of reference data a running service keeps in memory: bumped in the
-- same transaction as every edit of that kind (directory imports, category edits, calendar
-- edits), and polled by every instance, which reloads a kind whose version moved.
CREATE TABLE reference_versions (
    kind TEXT PRIMARY KEY CHECK (kind IN ('directory', 'categories', 'calendar')),
    version BIGINT NOT NULL
);

INSERT INTO reference_versions (kind, version) VALUES
    ('directory', 0),
    ('categories', 0),
    ('calendar', 0);
