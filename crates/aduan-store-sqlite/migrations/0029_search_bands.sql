-- A search reads the newest entries first (issue 19). PostgreSQL bands its entries in its GIN
-- indexes; FTS5 walks its doclists by rowid, newest first, already. Nothing to change; the
-- number keeps both backends' migrations alike.
SELECT 1;
