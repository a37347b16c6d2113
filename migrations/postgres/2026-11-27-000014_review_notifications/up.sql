-- The notifications a review owes, as sent: its commissioning (a CSPR) and its lead reviewer's name, each
-- to the National Panel, Ofsted and the Department for Education; each once.
CREATE TABLE review_notifications (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    kind TEXT NOT NULL CHECK (kind IN ('commissioning_national_panel', 'commissioning_department_for_education',
        'commissioning_ofsted', 'reviewer_named_national_panel', 'reviewer_named_ofsted',
        'reviewer_named_department_for_education')),
    sent_on DATE NOT NULL,
    reference TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, kind)
);
