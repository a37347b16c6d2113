-- Recommendations and the action plan: each action one agency's, updated by it alone; the Case Review
-- Subgroup's monitoring; the board's sign-off.
CREATE TABLE recommendations (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    number INTEGER NOT NULL CHECK (number >= 1),
    text TEXT NOT NULL,
    agencies TEXT NOT NULL,
    due_on DATE NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, number)
);

CREATE TABLE actions (
    id TEXT PRIMARY KEY,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    review_id TEXT NOT NULL,
    recommendation_number INTEGER NOT NULL,
    agency_code TEXT NOT NULL,
    description TEXT NOT NULL,
    due_on DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'complete')),
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    FOREIGN KEY (review_id, recommendation_number) REFERENCES recommendations (review_id, number),
    FOREIGN KEY (partnership_id, agency_code) REFERENCES agencies (partnership_id, code)
);

CREATE INDEX actions_partnership ON actions (partnership_id, status, due_on);
CREATE INDEX actions_review ON actions (review_id);

CREATE TABLE action_updates (
    action_id TEXT NOT NULL REFERENCES actions (id),
    number INTEGER NOT NULL CHECK (number >= 1),
    status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'complete')),
    note TEXT NOT NULL,
    evidence TEXT,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (action_id, number)
);

CREATE TABLE action_plan_monitoring (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    held_on DATE NOT NULL,
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, recorded_at)
);

CREATE TABLE action_plan_sign_offs (
    review_id TEXT PRIMARY KEY REFERENCES reviews (id),
    signed_off_by TEXT NOT NULL,
    signed_off_at TIMESTAMP NOT NULL
);
