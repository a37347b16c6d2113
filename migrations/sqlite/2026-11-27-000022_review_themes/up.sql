-- The panel's key lines of enquiry and themes, numbered per review, and the chronology entries linked to
-- each (by agency and the agency's own record reference: a link follows the entry through its
-- corrections).
CREATE TABLE review_themes (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    number INTEGER NOT NULL CHECK (number >= 1),
    kind TEXT NOT NULL CHECK (kind IN ('key_line_of_enquiry', 'theme')),
    title TEXT NOT NULL,
    description TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, number)
);

CREATE TABLE review_theme_entries (
    review_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    agency_code TEXT NOT NULL,
    source_ref TEXT NOT NULL,
    linked_by TEXT NOT NULL,
    linked_at TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, number, agency_code, source_ref),
    FOREIGN KEY (review_id, number) REFERENCES review_themes (review_id, number)
);
