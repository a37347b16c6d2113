-- Each agency's chronology entries for a review, every version kept: the same source_ref again adds a
-- version and marks the earlier one not current (one current row per agency and source_ref). The
-- categories are the seed's key events (domain/src/review/chronology.rs); subjects is a JSON array of the
-- case's pseudonyms.
CREATE TABLE chronology_entries (
    id TEXT PRIMARY KEY,
    review_id TEXT NOT NULL REFERENCES reviews (id),
    agency_code TEXT NOT NULL,
    source_ref TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    current BOOLEAN NOT NULL,
    occurred_on DATE NOT NULL,
    occurred_time TIME,
    date_precision TEXT NOT NULL CHECK (date_precision IN ('day', 'month', 'approximate')),
    subjects TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('contact_or_referral', 'assessment', 'strategy_discussion', 'child_protection_conference_or_meeting', 'section47_enquiry', 'injury_or_neglect', 'hospital_attendance_or_admission', 'birth_death_or_serious_illness', 'house_move', 'change_in_household', 'criminal_proceedings', 'civil_or_court_proceedings_and_legal_status', 'school_change_or_exclusion', 'change_of_gp', 'self_referral', 'police_incident', 'missing_episode', 'suicide_attempt_or_overdose', 'support_offered', 'engagement_with_professionals', 'unknown_adults_present', 'other_significant_event')),
    description TEXT NOT NULL,
    key_event BOOLEAN NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (review_id, agency_code, source_ref, version),
    CHECK (occurred_time IS NULL OR date_precision = 'day')
);

CREATE UNIQUE INDEX chronology_entries_current ON chronology_entries (review_id, agency_code, source_ref) WHERE current;
CREATE INDEX chronology_entries_by_date ON chronology_entries (review_id, occurred_on) WHERE current;
