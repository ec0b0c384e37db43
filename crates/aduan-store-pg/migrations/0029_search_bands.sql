-- A search reads the newest entries first, a stretch at a time (issue 19). Each GIN index
-- holds an entry's band (its number `n` shifted right by 14: 16,384 entries a band) beside its
-- words, so that "these words among the newest entries" is answered inside the index, and only
-- the matching rows are read. btree_gin (a trusted extension that ships with PostgreSQL 13 and
-- later) lets a GIN index hold the number: the role that migrates needs CREATE on the database,
-- or an administrator creates the extension first (docs/deployment.md). The indexes on the
-- documents alone are replaced, since a GIN index answers a search of either of its columns.
-- Building them holds writes to report_search (about 15 s each at a million reports).
CREATE EXTENSION IF NOT EXISTS btree_gin;
-- Without the pending list (fastupdate): a new report's entry goes into the index as it is
-- written, where the pending list would make every search read all entries written since the
-- last vacuum (at a million reports, 1,400 fresh entries took a staff search from 16 to 99 ms).
CREATE INDEX report_search_public_band_idx ON report_search
    USING gin ((n >> 14), public_doc) WITH (fastupdate = off);
CREATE INDEX report_search_staff_band_idx ON report_search
    USING gin ((n >> 14), staff_doc) WITH (fastupdate = off);
DROP INDEX report_search_public_idx;
DROP INDEX report_search_staff_idx;
-- The planner learns how many entries a band holds.
ANALYZE report_search;
