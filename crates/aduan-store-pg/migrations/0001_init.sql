-- Aduan's schema on PostgreSQL. Timestamps are TIMESTAMPTZ (microsecond precision).

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    name          TEXT NOT NULL,
    email         TEXT UNIQUE,
    phone         TEXT UNIQUE,
    nik           TEXT CHECK (nik IS NULL OR nik ~ '^[0-9]{16}$'),
    password_hash TEXT,
    role          TEXT NOT NULL CHECK (role IN ('citizen', 'national_admin', 'agency_admin', 'unit_officer', 'supervisor')),
    agency        TEXT,
    unit          TEXT,
    body          TEXT CHECK (body IS NULL OR body IN ('ombudsman', 'ksp', 'kemendagri')),
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL,
    CHECK (email IS NOT NULL OR phone IS NOT NULL),
    CHECK (role <> 'agency_admin' OR agency IS NOT NULL),
    CHECK (role <> 'unit_officer' OR (agency IS NOT NULL AND unit IS NOT NULL)),
    CHECK (role <> 'supervisor' OR body IS NOT NULL)
);

-- Reporter identity lives apart from reports and events, which hold only the opaque id.
CREATE TABLE reporters (
    id         TEXT PRIMARY KEY,
    user_id    BIGINT REFERENCES users (id),
    name       TEXT,
    email      TEXT,
    phone      TEXT,
    nik        TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    erased_at  TIMESTAMPTZ
);

CREATE TABLE reports (
    tracking_id           TEXT PRIMARY KEY,
    reporter_id           TEXT NOT NULL,
    body                  TEXT NOT NULL,
    incident_date         TEXT,
    location_text         TEXT,
    region_code           TEXT,
    lat                   DOUBLE PRECISION,
    lon                   DOUBLE PRECISION,
    anonymous             BOOLEAN NOT NULL,
    confidential          BOOLEAN NOT NULL,
    show_name             BOOLEAN NOT NULL,
    channel               TEXT NOT NULL,
    status                TEXT NOT NULL CHECK (status IN ('submitted', 'postponed', 'archived', 'deleted', 'dispatched', 'in_progress', 'completed')),
    completion_kind       TEXT CHECK (completion_kind IN ('agency_closed', 'reporter_confirmed', 'auto_closed')),
    escalation_level      TEXT NOT NULL CHECK (escalation_level IN ('none', 'agency_admin', 'national_admin', 'ombudsman')),
    kind                  TEXT NOT NULL CHECK (kind IN ('complaint', 'aspiration', 'information_request')),
    title                 TEXT,
    category              TEXT,
    tags                  TEXT NOT NULL DEFAULT '[]',
    handling_class        TEXT CHECK (handling_class IN ('ordinary', 'supervisory')),
    requested_agency      TEXT,
    agency                TEXT,
    unit                  TEXT,
    rerouted              BOOLEAN NOT NULL DEFAULT FALSE,
    archive_reason        TEXT CHECK (archive_reason IN ('too_general', 'not_public_service', 'unintelligible', 'duplicate', 'sara_or_abuse', 'spam', 'reporter_unreachable', 'other', 'withdrawn')),
    duplicate_of          TEXT,
    archive_reason_text   TEXT,
    appeal_used           BOOLEAN NOT NULL DEFAULT FALSE,
    reopen_used           BOOLEAN NOT NULL DEFAULT FALSE,
    information_requested BOOLEAN NOT NULL DEFAULT FALSE,
    submitted_at          TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    version               BIGINT NOT NULL DEFAULT 1,
    event_count           BIGINT NOT NULL DEFAULT 0,
    head_hash             TEXT NOT NULL,
    CHECK ((status = 'completed') = (completion_kind IS NOT NULL))
);
CREATE INDEX reports_status_idx ON reports (status, submitted_at);
CREATE INDEX reports_agency_idx ON reports (agency, status);
CREATE INDEX reports_reporter_idx ON reports (reporter_id);

-- Append-only: one hash chain per report.
CREATE TABLE events (
    report_id   TEXT NOT NULL REFERENCES reports (tracking_id),
    seq         BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    role        TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    action      TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    reason      TEXT,
    body        TEXT,
    internal    BOOLEAN NOT NULL,
    payload     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    PRIMARY KEY (report_id, seq)
);

-- Append-only: one hash chain for changes not tied to one report.
CREATE TABLE audit_log (
    seq       BIGINT PRIMARY KEY,
    actor     TEXT NOT NULL,
    at        TIMESTAMPTZ NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    payload   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

CREATE TABLE audit_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    count BIGINT NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, count, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
