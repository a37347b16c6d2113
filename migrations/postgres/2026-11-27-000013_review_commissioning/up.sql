-- How a review was commissioned: its methodology (adapted, or `other` with its note) and, for an
-- alternative learning review, the arrangements reported to the Case Review Subgroup. Once per review.
CREATE TABLE review_commissioning (
    review_id TEXT PRIMARY KEY REFERENCES reviews (id),
    methodology TEXT NOT NULL CHECK (methodology IN ('systems_learning_together', 'traditional_with_imrs',
        'multi_agency_chronology', 'reflective_learning_workshop', 'peer_review', 'root_cause_analysis',
        'significant_event_analysis', 'other')),
    methodology_note TEXT,
    arrangements TEXT,
    reported_to_subgroup_on DATE,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    CHECK (methodology <> 'other' OR methodology_note IS NOT NULL)
);
