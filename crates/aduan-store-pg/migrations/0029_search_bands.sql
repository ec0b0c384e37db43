-- A search reads the newest entries first, a stretch at a time (issue 19). Each GIN index
-- holds an entry's band (its number `n` shifted right by 14: 16,384 entries a band) beside its
-- words, so that "these words among the newest entries" is answered inside the index, and only
-- the matching rows are read. btree_gin (a trusted extension that ships with PostgreSQL) lets a
-- GIN index hold the number; the indexes on the documents alone are replaced, since a GIN
-- index answers a search of either of its columns.
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX report_search_public_band_idx ON report_search USING gin ((n >> 14), public_doc);
CREATE INDEX report_search_staff_band_idx ON report_search USING gin ((n >> 14), staff_doc);
DROP INDEX report_search_public_idx;
DROP INDEX report_search_staff_idx;
-- The planner learns how many entries a band holds.
ANALYZE report_search;
