-- A partnership's own retention period for a class, where it does not keep the documented default.
CREATE TABLE retention_periods (
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    class TEXT NOT NULL CHECK (class IN ('triage_closed', 'rapid_review', 'alternative_review', 'cspr',
        'published_report', 'audit_trail', 'delivery_log')),
    years INTEGER NOT NULL CHECK (years BETWEEN 1 AND 100),
    set_by TEXT NOT NULL,
    set_at TIMESTAMP NOT NULL,
    PRIMARY KEY (partnership_id, class)
);
