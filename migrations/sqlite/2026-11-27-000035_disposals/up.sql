-- Disposal (docs/DATA-PROTECTION.md): each record — a closed case, its review's publication record, or
-- a partnership's audit trail or delivery log before a day — the daily job lists once its retention
-- period has run, and the business team's decision on it. A disposed record keeps this row as its
-- tombstone (class, ids, dates, who approved); a disposed case's referral and review rows keep only the
-- dates, outcomes, kinds and agency codes the figures count, marked with the day they were disposed of.
CREATE TABLE disposals (
    id TEXT PRIMARY KEY,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    referral_id TEXT REFERENCES referrals (id),
    review_id TEXT REFERENCES reviews (id),
    reference TEXT CHECK (length(reference) BETWEEN 1 AND 64),
    record TEXT NOT NULL CHECK (record IN ('case', 'publication', 'audit_trail', 'delivery_log')),
    class TEXT NOT NULL CHECK (class IN ('triage_closed', 'rapid_review', 'alternative_review', 'cspr',
        'published_report', 'audit_trail', 'delivery_log')),
    event TEXT NOT NULL CHECK (length(event) BETWEEN 1 AND 100),
    event_on DATE NOT NULL,
    due_on DATE NOT NULL,
    listed_on DATE NOT NULL,
    outcome TEXT CHECK (outcome IN ('disposed', 'refused')),
    reasons TEXT CHECK (length(reasons) BETWEEN 1 AND 8000),
    decided_by TEXT,
    decided_at TIMESTAMP,
    CHECK ((record IN ('case', 'publication')) = (referral_id IS NOT NULL)),
    CHECK ((referral_id IS NULL) = (reference IS NULL)),
    CHECK ((record = 'publication') = (class = 'published_report')),
    CHECK ((record = 'audit_trail') = (class = 'audit_trail')),
    CHECK ((record = 'delivery_log') = (class = 'delivery_log')),
    CHECK (record <> 'publication' OR review_id IS NOT NULL),
    CHECK (due_on >= event_on AND listed_on >= due_on),
    CHECK ((outcome IS NULL) = (decided_by IS NULL) AND (outcome IS NULL) = (decided_at IS NULL)),
    CHECK (outcome IS NULL OR outcome = 'disposed' OR reasons IS NOT NULL)
);

-- A case's record is listed once at a time and disposed of once; a trail is listed once at a time.
CREATE UNIQUE INDEX disposals_one_listed ON disposals (referral_id, record) WHERE outcome IS NULL;
CREATE UNIQUE INDEX disposals_once ON disposals (referral_id, record) WHERE outcome = 'disposed';
CREATE UNIQUE INDEX disposals_one_trail_listed ON disposals (partnership_id, record)
    WHERE outcome IS NULL AND referral_id IS NULL;
CREATE INDEX disposals_partnership ON disposals (partnership_id, id);

-- Where a partnership's audit chain starts once its oldest events have been disposed of: the last
-- disposed event's place and hash, and the disposal that cut it. Verification starts there.
CREATE TABLE audit_chain_anchors (
    partnership_id TEXT PRIMARY KEY REFERENCES partnerships (id),
    sequence BIGINT NOT NULL CHECK (sequence > 0),
    hash TEXT NOT NULL CHECK (length(hash) = 64),
    disposal_id TEXT NOT NULL REFERENCES disposals (id)
);

ALTER TABLE referrals ADD COLUMN disposed_on DATE;
ALTER TABLE reviews ADD COLUMN disposed_on DATE;
