-- Processes running beside a review (a criminal investigation, an inquest, another review...), in the
-- order recorded. One that pauses the review carries the reason; one that does not, none.
CREATE TABLE review_parallel_processes (
    id TEXT PRIMARY KEY,
    review_id TEXT NOT NULL REFERENCES reviews (id),
    kind TEXT NOT NULL CHECK (kind IN ('criminal_investigation', 'coroners_inquest', 'domestic_homicide_review',
        'safeguarding_adult_review', 'mappa_review', 'nhs_serious_incident', 'disciplinary', 'other')),
    reference TEXT,
    status TEXT NOT NULL,
    contact TEXT,
    publication_waits BOOLEAN NOT NULL,
    pause_reason TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);

CREATE INDEX review_parallel_processes_review ON review_parallel_processes (review_id, id);
