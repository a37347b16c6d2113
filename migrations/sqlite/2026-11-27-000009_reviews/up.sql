-- The review a Rapid Review's decision commissions: one per referral, opened in the same transaction as
-- the decision. Its kind and stage are the domain's (`domain/src/review.rs`); due_on is six months after
-- the decision for a CSPR, three for an alternative learning review. Referrals decided before this
-- migration have no review row (see docs/REVIEWS.md).
CREATE TABLE reviews (
    id TEXT PRIMARY KEY,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    referral_id TEXT NOT NULL UNIQUE REFERENCES referrals (id),
    kind TEXT NOT NULL CHECK (kind IN ('cspr', 'alternative_learning_review')),
    stage TEXT NOT NULL CHECK (stage IN ('commissioning', 'establish', 'monitor', 'finalise',
        'report_approved', 'published', 'closed')),
    decided_on DATE NOT NULL,
    due_on DATE NOT NULL,
    opened_by TEXT NOT NULL,
    opened_at TIMESTAMP NOT NULL,
    CHECK (due_on > decided_on)
);

CREATE INDEX reviews_partnership ON reviews (partnership_id, id);
