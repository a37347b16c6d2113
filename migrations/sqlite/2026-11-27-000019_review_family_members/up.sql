-- Family engagement: one row per family member of a review, by pseudonym (never a name); the latest
-- record for a pseudonym replaces the last. The CHECKs are the domain's rules (domain/src/review/family.rs):
-- an invitation has its date, method and response together; a contribution only from one who accepted;
-- a reason for non-involvement exactly when the member is not involved (not invited, declined, silent).
CREATE TABLE review_family_members (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    pseudonym TEXT NOT NULL,
    relationship TEXT NOT NULL CHECK (relationship IN ('mother', 'father', 'step_parent', 'parents_partner',
        'sibling', 'surviving_child', 'grandparent', 'other_relative', 'carer', 'other')),
    invited_on DATE,
    invitation_method TEXT CHECK (invitation_method IN ('letter', 'telephone', 'in_person',
        'through_practitioner', 'email', 'other')),
    response TEXT CHECK (response IN ('awaited', 'accepted', 'declined', 'no_response')),
    contribution TEXT,
    non_involvement_reason TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, pseudonym),
    CHECK ((invited_on IS NULL) = (invitation_method IS NULL) AND (invited_on IS NULL) = (response IS NULL)),
    CHECK (contribution IS NULL OR response = 'accepted'),
    CHECK ((non_involvement_reason IS NULL) = (response IS NOT NULL AND response IN ('awaited', 'accepted')))
);
