-- Delays as they arise: the cause, the reason, the completion each projects (the last recorded stands)
-- and when the Case Review Subgroup considered it. A projection past six months from the decision owes
-- the National Panel and the Secretary of State the reasons: two more kinds of review notification.
CREATE TABLE review_delays (
    id TEXT PRIMARY KEY,
    review_id TEXT NOT NULL REFERENCES reviews (id),
    cause TEXT NOT NULL CHECK (cause IN ('police_request', 'criminal_trial', 'inquest', 'parallel_review',
        'agency_information', 'family_engagement', 'other')),
    reason TEXT NOT NULL,
    projected_completion DATE NOT NULL,
    considered_by_subgroup_on DATE,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);

CREATE INDEX review_delays_review ON review_delays (review_id, recorded_at);

-- SQLite cannot change a CHECK in place: the table is rebuilt with the wider list.
CREATE TABLE review_notifications_wider (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    kind TEXT NOT NULL CHECK (kind IN ('commissioning_national_panel', 'commissioning_department_for_education',
        'commissioning_ofsted', 'reviewer_named_national_panel', 'reviewer_named_ofsted',
        'reviewer_named_department_for_education', 'delay_national_panel', 'delay_secretary_of_state')),
    sent_on DATE NOT NULL,
    reference TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, kind)
);
INSERT INTO review_notifications_wider SELECT review_id, kind, sent_on, reference, recorded_by, recorded_at FROM review_notifications;
DROP TABLE review_notifications;
ALTER TABLE review_notifications_wider RENAME TO review_notifications;
