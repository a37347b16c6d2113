CREATE TABLE review_notifications_narrower (
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
INSERT INTO review_notifications_narrower SELECT review_id, kind, sent_on, reference, recorded_by, recorded_at FROM review_notifications WHERE kind NOT LIKE 'delay_%';
DROP TABLE review_notifications;
ALTER TABLE review_notifications_narrower RENAME TO review_notifications;
DROP TABLE review_delays;
