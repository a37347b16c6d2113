-- Legal holds on a referral or a review: kept, never deleted; released with reasons.
CREATE TABLE legal_holds (
    id TEXT PRIMARY KEY,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    referral_id TEXT REFERENCES referrals (id),
    review_id TEXT REFERENCES reviews (id),
    kind TEXT NOT NULL CHECK (kind IN ('inquest', 'litigation', 'inquiry', 'police_request', 'other')),
    reasons TEXT NOT NULL CHECK (length(reasons) BETWEEN 1 AND 8000),
    placed_by TEXT NOT NULL,
    placed_at TIMESTAMP NOT NULL,
    released_by TEXT,
    released_at TIMESTAMP,
    release_reasons TEXT CHECK (length(release_reasons) BETWEEN 1 AND 8000),
    CHECK ((referral_id IS NULL) <> (review_id IS NULL)),
    CHECK ((released_by IS NULL) = (released_at IS NULL) AND (released_at IS NULL) = (release_reasons IS NULL))
);

CREATE INDEX legal_holds_partnership ON legal_holds (partnership_id, id);
