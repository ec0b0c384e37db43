-- The agency directory and the report categories. Imports upsert by id and never delete.

CREATE TABLE agencies (
    id           TEXT PRIMARY KEY CHECK (id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name         TEXT NOT NULL CHECK (btrim(name) <> ''),
    abbreviation TEXT,
    kind         TEXT NOT NULL CHECK (kind IN ('kementerian', 'lembaga', 'provinsi', 'kabupaten', 'kota', 'other')),
    region_code  TEXT CHECK (region_code ~ '^[0-9]+(\.[0-9]+)*$'),
    parent       TEXT REFERENCES agencies (id),
    zone         TEXT NOT NULL CHECK (zone IN ('WIB', 'WITA', 'WIT')),
    connected    BOOLEAN NOT NULL DEFAULT FALSE,
    integrated   BOOLEAN NOT NULL DEFAULT FALSE,
    source       TEXT,
    CHECK (parent IS NULL OR parent <> id)
);
CREATE INDEX agencies_name_idx ON agencies (name);
CREATE INDEX agencies_kind_idx ON agencies (kind, name);
CREATE INDEX agencies_parent_idx ON agencies (parent);

-- The type-ahead index: each word of an agency's name and abbreviation, lowercase ASCII.
-- Byte order ("C") so that word >= 'sura' AND word < 'sura{' is a range scan of the key.
CREATE TABLE agency_words (
    word   TEXT COLLATE "C" NOT NULL,
    agency TEXT NOT NULL REFERENCES agencies (id),
    PRIMARY KEY (word, agency)
);
CREATE INDEX agency_words_agency_idx ON agency_words (agency);

CREATE TABLE units (
    id           TEXT PRIMARY KEY,
    agency       TEXT NOT NULL REFERENCES agencies (id),
    parent       TEXT,
    name         TEXT NOT NULL CHECK (btrim(name) <> ''),
    inspectorate BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (agency, id),
    -- A parent unit belongs to the same agency.
    FOREIGN KEY (agency, parent) REFERENCES units (agency, id),
    CHECK (starts_with(id, agency || '/')),
    CHECK (parent IS NULL OR parent <> id)
);
CREATE INDEX units_parent_idx ON units (parent);
CREATE INDEX units_inspectorate_idx ON units (agency) WHERE inspectorate;

CREATE TABLE categories (
    id           TEXT PRIMARY KEY CHECK (id ~ '^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*$'),
    name         TEXT NOT NULL CHECK (btrim(name) <> ''),
    parent       TEXT REFERENCES categories (id),
    sensitive    BOOLEAN NOT NULL DEFAULT FALSE,
    active_from  DATE,
    active_until DATE,
    CHECK (active_from IS NULL OR active_until IS NULL OR active_from <= active_until),
    CHECK (parent IS NULL OR starts_with(id, parent || '/'))
);
CREATE INDEX categories_parent_idx ON categories (parent);
