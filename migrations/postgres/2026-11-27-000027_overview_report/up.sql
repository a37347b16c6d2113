-- The overview report: its versions (the document itself, with its SHA-256), the panel's checklist
-- of each version, each agency's answer on the accuracy of its part (a dispute with its comments and
-- its resolution), and the board's approval of one version.
CREATE TABLE report_versions (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    number INTEGER NOT NULL CHECK (number >= 1),
    format TEXT NOT NULL CHECK (format IN ('pdf', 'docx')),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    size_bytes BIGINT NOT NULL CHECK (size_bytes BETWEEN 1 AND 20971520),
    document BYTEA NOT NULL,
    comments_due_on DATE,
    uploaded_by TEXT NOT NULL,
    uploaded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, number)
);

CREATE TABLE report_checklists (
    review_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    meets_terms_of_reference BOOLEAN NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, version),
    FOREIGN KEY (review_id, version) REFERENCES report_versions (review_id, number)
);

CREATE TABLE report_checklist_items (
    review_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    item TEXT NOT NULL CHECK (item IN ('summary_of_improvements', 'systemic_analysis',
        'overview_of_what_happened', 'why_decisions_were_taken', 'how_agencies_worked_together',
        'what_should_be_done_differently', 'good_practice', 'how_agencies_will_learn',
        'family_non_involvement_reasons')),
    PRIMARY KEY (review_id, version, item),
    FOREIGN KEY (review_id, version) REFERENCES report_checklists (review_id, version)
);

CREATE TABLE report_accuracy_answers (
    review_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    agency_code TEXT NOT NULL,
    answer TEXT NOT NULL CHECK (answer IN ('confirmed', 'disputed')),
    comments TEXT,
    answered_by TEXT NOT NULL,
    answered_at TIMESTAMP NOT NULL,
    resolution TEXT,
    resolved_by TEXT,
    resolved_at TIMESTAMP,
    PRIMARY KEY (review_id, version, agency_code),
    FOREIGN KEY (review_id, version) REFERENCES report_versions (review_id, number),
    CHECK ((answer = 'disputed') = (comments IS NOT NULL)),
    CHECK (resolution IS NULL OR answer = 'disputed'),
    CHECK ((resolution IS NULL) = (resolved_by IS NULL) AND (resolution IS NULL) = (resolved_at IS NULL))
);

CREATE TABLE report_approvals (
    review_id TEXT PRIMARY KEY REFERENCES reviews (id),
    version INTEGER NOT NULL,
    recipients TEXT NOT NULL,
    dissemination TEXT NOT NULL,
    monitoring TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    approved_at TIMESTAMP NOT NULL,
    FOREIGN KEY (review_id, version) REFERENCES report_versions (review_id, number)
);
