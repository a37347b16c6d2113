-- The Rapid Review: triage, notifications, information requests and their returns, the meeting, the
-- subgroup's views, the partners' votes, the decision, any delay notice and the submission.

CREATE TABLE referral_triage (
    referral_id TEXT PRIMARY KEY REFERENCES referrals (id),
    criteria_met BOOLEAN NOT NULL,
    outcome TEXT NOT NULL,
    reasons TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TIMESTAMP NOT NULL
);

CREATE TABLE referral_notifications (
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    kind TEXT NOT NULL,
    sent_on DATE NOT NULL,
    reference TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (referral_id, kind)
);

CREATE TABLE information_requests (
    id TEXT PRIMARY KEY,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    agency_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    sent_on DATE NOT NULL,
    due_on DATE NOT NULL,
    versions INTEGER NOT NULL,
    first_submitted_at TIMESTAMP,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CONSTRAINT information_requests_once UNIQUE (referral_id, kind, agency_code),
    CONSTRAINT information_requests_agency_fk FOREIGN KEY (partnership_id, agency_code)
        REFERENCES agencies (partnership_id, code)
);
-- An agency's inbox, newest first; a referral's requests; the scope check "was this agency asked".
CREATE INDEX information_requests_inbox ON information_requests (partnership_id, agency_code, id);
CREATE INDEX information_requests_referral ON information_requests (referral_id, agency_code);

CREATE TABLE information_returns (
    request_id TEXT NOT NULL REFERENCES information_requests (id),
    version INTEGER NOT NULL,
    summary_of_involvement TEXT NOT NULL,
    analysis_of_involvement TEXT NOT NULL,
    records_secured BOOLEAN NOT NULL,
    records_secured_on DATE,
    records_secured_by TEXT,
    representative_name TEXT NOT NULL,
    representative_role TEXT NOT NULL,
    representative_contact TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (request_id, version)
);

-- How an admin judged a version: sent back for rework (with reasons) or accepted.
CREATE TABLE return_reviews (
    request_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    reasons TEXT NOT NULL,
    note TEXT,
    reviewed_by TEXT NOT NULL,
    reviewed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (request_id, version),
    FOREIGN KEY (request_id, version) REFERENCES information_returns (request_id, version)
);

-- One row per step, written once, so no step's record is ever half filled.
CREATE TABLE rapid_review_composites (
    referral_id TEXT PRIMARY KEY REFERENCES referrals (id),
    sent_at TIMESTAMP NOT NULL,
    sent_by TEXT NOT NULL
);

CREATE TABLE rapid_review_meetings (
    referral_id TEXT PRIMARY KEY REFERENCES referrals (id),
    meeting_date DATE NOT NULL,
    outside_window_reason TEXT,
    attendance_recorded_at TIMESTAMP
);

CREATE TABLE rapid_review_decisions (
    referral_id TEXT PRIMARY KEY REFERENCES referrals (id),
    outcome TEXT NOT NULL,
    rationale TEXT NOT NULL,
    immediate_safety_actions TEXT NOT NULL,
    immediate_learning TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TIMESTAMP NOT NULL
);

CREATE TABLE delay_notices (
    referral_id TEXT PRIMARY KEY REFERENCES referrals (id),
    reasons TEXT NOT NULL,
    expected_on DATE NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);

-- The document as it was sent: kept verbatim.
CREATE TABLE rapid_review_submissions (
    referral_id TEXT PRIMARY KEY REFERENCES referrals (id),
    sent_on DATE NOT NULL,
    document TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);

CREATE TABLE meeting_attendees (
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    position INTEGER NOT NULL,
    agency_code TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (referral_id, position)
);

CREATE TABLE subgroup_views (
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    agency_code TEXT NOT NULL,
    criteria_met BOOLEAN NOT NULL,
    view TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (referral_id, agency_code)
);

-- One vote per partner role per question: the key itself refuses a second.
CREATE TABLE votes (
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    question TEXT NOT NULL,
    statutory_role TEXT NOT NULL,
    agency_code TEXT NOT NULL,
    choice TEXT NOT NULL,
    rationale TEXT,
    cast_by TEXT NOT NULL,
    cast_at TIMESTAMP NOT NULL,
    PRIMARY KEY (referral_id, question, statutory_role)
);
