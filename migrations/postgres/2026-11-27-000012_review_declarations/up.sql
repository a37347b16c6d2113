-- Each team member's declarations for a review, recorded by the member: interests that might conflict
-- (NULL when none are declared) and the day the confidentiality agreement was signed. One per member
-- and review; a member without one reads none of the review's case material.
CREATE TABLE review_declarations (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    subject TEXT NOT NULL,
    conflicts_of_interest TEXT,
    confidentiality_signed_on DATE NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, subject)
);
