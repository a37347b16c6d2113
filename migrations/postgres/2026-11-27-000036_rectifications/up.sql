-- Rectification (docs/DATA-PROTECTION.md): each correction of a referral's fact, the original kept beside
-- the corrected value with who made it, when and why. Disposal of the case deletes them with it.
CREATE TABLE rectifications (
    id TEXT PRIMARY KEY,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    field TEXT NOT NULL CHECK (field IN ('summary', 'child_sex', 'child_looked_after',
        'child_protection_plan', 'child_local_authority')),
    pseudonym TEXT CHECK (length(pseudonym) BETWEEN 1 AND 20),
    original TEXT NOT NULL CHECK (length(original) BETWEEN 1 AND 4000),
    corrected TEXT NOT NULL CHECK (length(corrected) BETWEEN 1 AND 4000),
    reasons TEXT NOT NULL CHECK (length(reasons) BETWEEN 1 AND 8000),
    made_by TEXT NOT NULL,
    made_at TIMESTAMP NOT NULL,
    CHECK ((field = 'summary') = (pseudonym IS NULL)),
    CHECK (original <> corrected)
);

CREATE INDEX rectifications_referral ON rectifications (referral_id, id);
