-- A search considers the matches indexed last (issue 19: `SEARCH_WINDOW`). SQLite numbers its
-- entries already: FTS5's rowid is `report_search_keys.n`, given as each report is first
-- indexed, and FTS5 walks its doclists by rowid, newest first. Nothing to change; the number
-- keeps both backends' migrations alike.
SELECT 1;
