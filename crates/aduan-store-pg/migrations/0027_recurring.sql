-- Recurring problems (issue 19, part 6). The similarity index: each report's MinHash signature
-- of its title and chronology (aduan_text::similar; the lexemes of the search index), and one
-- row per band key (the band, the report's kabupaten/kota, the band's hashes), written in the
-- transaction that writes the report. A lookup reads the reports filed under the same keys,
-- never the table. No reporter identity goes into either.
CREATE TABLE report_similarity (
    report_id TEXT PRIMARY KEY REFERENCES reports (tracking_id),
    place TEXT NOT NULL,
    signature BYTEA NOT NULL
);
CREATE TABLE report_bands (
    band_key BIGINT NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports (tracking_id),
    PRIMARY KEY (band_key, report_id)
);
CREATE INDEX report_bands_report_idx ON report_bands (report_id);

-- A database that held reports before this migration has no signatures: forgetting the search
-- index's basis makes the service rebuild both indexes when it starts.
DELETE FROM search_basis WHERE EXISTS (SELECT 1 FROM reports);

-- Groups of reports of the same substance, held by one agency, answered once: the answer is
-- a follow-up on each member (docs/domain.md, "Recurring problems").
CREATE TABLE report_groups (
    id TEXT PRIMARY KEY,
    agency TEXT NOT NULL,
    title TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    answer TEXT,
    answered_by TEXT,
    answered_at TIMESTAMPTZ
);
CREATE INDEX report_groups_agency_idx ON report_groups (agency, created_at);

-- A report is in at most one group.
CREATE TABLE report_group_members (
    report_id TEXT PRIMARY KEY REFERENCES reports (tracking_id),
    group_id TEXT NOT NULL REFERENCES report_groups (id),
    added_by TEXT NOT NULL,
    added_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX report_group_members_group_idx ON report_group_members (group_id, report_id);
