-- A review's terms of reference, every version kept (the last governs): the questions and the timetable
-- as JSON arrays (read whole with the version), the period under review, the liaison with the CPS and
-- the coroner, the communications plan. The agencies in scope are rows of their own, each a registered
-- agency of the partnership with its single point of contact, so "does this agency contribute" is a
-- lookup, not a parse.
CREATE TABLE review_terms_of_reference (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    questions TEXT NOT NULL,
    period_from DATE NOT NULL,
    period_to DATE NOT NULL,
    timetable TEXT NOT NULL,
    cps_liaison TEXT,
    coroner_liaison TEXT,
    communications_plan TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, version),
    CHECK (period_from <= period_to)
);

CREATE TABLE review_agencies_in_scope (
    review_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    partnership_id TEXT NOT NULL,
    agency_code TEXT NOT NULL,
    single_point_of_contact TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (review_id, version, agency_code),
    FOREIGN KEY (review_id, version) REFERENCES review_terms_of_reference (review_id, version),
    FOREIGN KEY (partnership_id, agency_code) REFERENCES agencies (partnership_id, code)
);
