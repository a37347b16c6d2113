-- Ids are UUIDv7 stored as TEXT and timestamps are UTC TIMESTAMP on both backends, so one diesel code
-- path reads both (see PITFALLS.md). Every row carries its partnership.

CREATE TABLE partnerships (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE agencies (
    id TEXT PRIMARY KEY,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    statutory_role TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CONSTRAINT agencies_code_unique UNIQUE (partnership_id, code)
);
CREATE UNIQUE INDEX agencies_statutory_role_unique
    ON agencies (partnership_id, statutory_role) WHERE statutory_role <> 'none';

CREATE TABLE referral_counters (
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    year INTEGER NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (partnership_id, year)
);

CREATE TABLE referrals (
    id TEXT PRIMARY KEY,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    reference TEXT NOT NULL,
    referring_agency TEXT NOT NULL,
    status TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    received_by TEXT NOT NULL,
    incident_date DATE NOT NULL,
    aware_date DATE NOT NULL,
    harm TEXT NOT NULL,
    abuse_or_neglect TEXT NOT NULL,
    criteria TEXT NOT NULL,
    institutional_setting TEXT,
    families_moved_across_areas BOOLEAN NOT NULL,
    parallel_processes TEXT NOT NULL,
    summary TEXT NOT NULL,
    CONSTRAINT referrals_reference_unique UNIQUE (partnership_id, reference),
    CONSTRAINT referrals_agency_fk FOREIGN KEY (partnership_id, referring_agency)
        REFERENCES agencies (partnership_id, code)
);
-- The list's cursor order is id descending within a partnership; these serve it with each filter.
CREATE INDEX referrals_partnership_id ON referrals (partnership_id, id);
CREATE INDEX referrals_agency_id ON referrals (partnership_id, referring_agency, id);
CREATE INDEX referrals_status_id ON referrals (partnership_id, status, id);
CREATE INDEX referrals_received_at ON referrals (partnership_id, received_at);

CREATE TABLE referral_children (
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    position INTEGER NOT NULL,
    pseudonym TEXT NOT NULL,
    age_years INTEGER,
    date_of_birth DATE,
    sex TEXT NOT NULL,
    looked_after BOOLEAN NOT NULL,
    child_protection_plan BOOLEAN NOT NULL,
    local_authority TEXT NOT NULL,
    PRIMARY KEY (referral_id, position)
);

CREATE TABLE referral_agencies (
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    position INTEGER NOT NULL,
    agency_code TEXT NOT NULL,
    PRIMARY KEY (referral_id, position)
);

CREATE TABLE audit_events (
    id TEXT PRIMARY KEY,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    occurred_at TIMESTAMP NOT NULL,
    subject TEXT NOT NULL,
    agency_code TEXT,
    action TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT,
    request_id TEXT NOT NULL
);
CREATE INDEX audit_events_partnership_id ON audit_events (partnership_id, id);
CREATE INDEX audit_events_resource ON audit_events (partnership_id, resource_type, resource_id, id);
CREATE INDEX audit_events_subject ON audit_events (partnership_id, subject, id);
