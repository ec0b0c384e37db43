-- Every look by staff at a reporter's identity (issue 20): who (the account and its role),
-- which report, when, through which path (`api`, `office`, ...) and what showed it (`report`,
-- `list`, `export`, `action`). Rows are only ever added; the national admin lists them per
-- report and per account, newest first. Kept beside the hash-chained audit log rather than in
-- it: looks are many, and appending each to one chain would order every staff page view behind
-- one row.
CREATE TABLE identity_looks (
    id        BIGSERIAL PRIMARY KEY,
    at        TIMESTAMPTZ NOT NULL,
    user_id   BIGINT NOT NULL REFERENCES users (id),
    role      TEXT NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports (tracking_id),
    via       TEXT NOT NULL,
    what      TEXT NOT NULL
);
CREATE INDEX identity_looks_report_idx ON identity_looks (report_id, id);
CREATE INDEX identity_looks_user_idx ON identity_looks (user_id, id);
