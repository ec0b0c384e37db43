-- The agency directory and the report categories. Imports upsert by id and never delete.

CREATE TABLE agencies (
    id           TEXT PRIMARY KEY CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9-]*'),
    name         TEXT NOT NULL CHECK (trim(name) <> ''),
    abbreviation TEXT,
    kind         TEXT NOT NULL CHECK (kind IN ('kementerian', 'lembaga', 'provinsi', 'kabupaten', 'kota', 'other')),
    region_code  TEXT CHECK (region_code IS NULL OR region_code NOT GLOB '*[^0-9.]*'),
    parent       TEXT REFERENCES agencies (id),
    zone         TEXT NOT NULL CHECK (zone IN ('WIB', 'WITA', 'WIT')),
    connected    BOOLEAN NOT NULL DEFAULT 0,
    integrated   BOOLEAN NOT NULL DEFAULT 0,
    source       TEXT,
    CHECK (parent IS NULL OR parent <> id)
);
CREATE INDEX agencies_name_idx ON agencies (name);
CREATE INDEX agencies_kind_idx ON agencies (kind, name);
CREATE INDEX agencies_parent_idx ON agencies (parent);

-- The type-ahead index: each word of an agency's name and abbreviation, lowercase ASCII.
-- A search word matches by prefix: word >= 'sura' AND word < 'sura{' walks the primary key.
CREATE TABLE agency_words (
    word   TEXT NOT NULL,
    agency TEXT NOT NULL REFERENCES agencies (id),
    PRIMARY KEY (word, agency)
);
CREATE INDEX agency_words_agency_idx ON agency_words (agency);

CREATE TABLE units (
    id           TEXT PRIMARY KEY,
    agency       TEXT NOT NULL REFERENCES agencies (id),
    parent       TEXT,
    name         TEXT NOT NULL CHECK (trim(name) <> ''),
    inspectorate BOOLEAN NOT NULL DEFAULT 0,
    UNIQUE (agency, id),
    -- A parent unit belongs to the same agency.
    FOREIGN KEY (agency, parent) REFERENCES units (agency, id),
    CHECK (substr(id, 1, length(agency) + 1) = agency || '/'),
    CHECK (parent IS NULL OR parent <> id)
);
CREATE INDEX units_parent_idx ON units (parent);
CREATE INDEX units_inspectorate_idx ON units (agency, inspectorate);

CREATE TABLE categories (
    id           TEXT PRIMARY KEY CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9/-]*'),
    name         TEXT NOT NULL CHECK (trim(name) <> ''),
    parent       TEXT REFERENCES categories (id),
    sensitive    BOOLEAN NOT NULL DEFAULT 0,
    active_from  TEXT CHECK (active_from IS NULL OR date(active_from) = active_from),
    active_until TEXT CHECK (active_until IS NULL OR date(active_until) = active_until),
    CHECK (active_from IS NULL OR active_until IS NULL OR active_from <= active_until),
    CHECK (parent IS NULL OR substr(id, 1, length(parent) + 1) = parent || '/')
);
CREATE INDEX categories_parent_idx ON categories (parent);
