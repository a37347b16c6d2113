-- An overdue or disputed information request escalated, with reasons: to the Case Review Subgroup first,
-- then to the Safeguarding Partners; each once.
CREATE TABLE request_escalations (
    request_id TEXT NOT NULL REFERENCES information_requests (id),
    escalated_to TEXT NOT NULL CHECK (escalated_to IN ('case_review_subgroup', 'safeguarding_partners')),
    reasons TEXT NOT NULL,
    escalated_by TEXT NOT NULL,
    escalated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (request_id, escalated_to)
);
