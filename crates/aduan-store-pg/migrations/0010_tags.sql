-- The managed vocabulary of tags staff put on reports at verification. Reports keep their tags
-- as text (reports.tags); a tag is never deleted, only deactivated, so old reports keep
-- meaning. Every change is in the audit log (tag.add, tag.update).

CREATE TABLE tags (
    slug       TEXT PRIMARY KEY CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    label      TEXT NOT NULL CHECK (btrim(label) <> ''),
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
