-- Triage models (issue 22): every version of the agency and the category model, with the
-- figures it was measured at. At most one version of each target is active; every instance
-- suggests with it. The bytes of old inactive versions may be dropped (`model` NULL) while
-- their figures stay; versions that were once active (`activated_at`) are kept first, so that
-- there is always something to switch back to.
CREATE TABLE triage_models (
    version    INTEGER PRIMARY KEY AUTOINCREMENT,
    target     TEXT NOT NULL CHECK (target IN ('agency', 'category')),
    model      BLOB,
    size_bytes INTEGER NOT NULL,
    examples   INTEGER NOT NULL,
    labels     INTEGER NOT NULL,
    source     TEXT NOT NULL,
    metrics    TEXT NOT NULL,
    active     BOOLEAN NOT NULL DEFAULT 0,
    activated_at TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX triage_models_active_idx ON triage_models (target) WHERE active;
CREATE INDEX triage_models_target_idx ON triage_models (target, version);

-- Which of a model's suggestions a verification took: rank 1 to 3, or 0 for none of them.
-- Written with the verification, in its transaction.
CREATE TABLE triage_picks (
    report_id TEXT NOT NULL REFERENCES reports (tracking_id),
    seq       INTEGER NOT NULL,
    target    TEXT NOT NULL CHECK (target IN ('agency', 'category')),
    version   INTEGER NOT NULL REFERENCES triage_models (version),
    rank      INTEGER NOT NULL CHECK (rank BETWEEN 0 AND 3),
    picked_at TEXT NOT NULL,
    PRIMARY KEY (report_id, seq, target)
);
CREATE INDEX triage_picks_version_idx ON triage_picks (version, rank);
