-- The managed vocabulary of tags staff put on reports at verification. Reports keep their tags
-- as text (reports.tags); a tag is never deleted, only deactivated, so old reports keep
-- meaning. Every change is in the audit log (tag.add, tag.update).

CREATE TABLE tags (
    slug       TEXT PRIMARY KEY CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*'),
    label      TEXT NOT NULL CHECK (trim(label) <> ''),
    active     BOOLEAN NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
