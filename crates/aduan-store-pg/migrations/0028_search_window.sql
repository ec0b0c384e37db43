-- A search considers the matches indexed last (issue 19: `SEARCH_WINDOW`), so each entry gets
-- a number in indexing order: existing entries by their report's submission, new ones from a
-- sequence as they are first written (an update keeps the number). The index on it lets the
-- planner walk the entries newest first and stop at the window when a word is common.
ALTER TABLE report_search ADD COLUMN n BIGINT;
UPDATE report_search s SET n = o.rn
FROM (SELECT tracking_id, row_number() OVER (ORDER BY submitted_at, tracking_id) AS rn FROM reports) o
WHERE o.tracking_id = s.report_id;
CREATE SEQUENCE report_search_n_seq OWNED BY report_search.n;
SELECT setval('report_search_n_seq', COALESCE((SELECT MAX(n) FROM report_search), 0) + 1, false);
ALTER TABLE report_search
    ALTER COLUMN n SET DEFAULT nextval('report_search_n_seq'),
    ALTER COLUMN n SET NOT NULL;
CREATE UNIQUE INDEX report_search_n_idx ON report_search (n);
