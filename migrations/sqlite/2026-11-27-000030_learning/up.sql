-- Learning shared from a review, and national reviews' learning considered locally.
CREATE TABLE disseminations (
    id TEXT PRIMARY KEY,
    review_id TEXT NOT NULL REFERENCES reviews (id),
    kind TEXT NOT NULL CHECK (kind IN ('briefing', 'learning_event', 'team_meeting', 'supervision',
        'newsletter', 'other')),
    audience TEXT NOT NULL,
    held_on DATE NOT NULL,
    note TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);

CREATE INDEX disseminations_review ON disseminations (review_id, id);

CREATE TABLE national_learning (
    id TEXT PRIMARY KEY,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    considered_on DATE NOT NULL,
    local_application TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);

CREATE INDEX national_learning_partnership ON national_learning (partnership_id, id);
