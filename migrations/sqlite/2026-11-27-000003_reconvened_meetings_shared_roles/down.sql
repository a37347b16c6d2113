CREATE UNIQUE INDEX agencies_statutory_role_unique
    ON agencies (partnership_id, statutory_role) WHERE statutory_role <> 'none';

ALTER TABLE subgroup_views DROP COLUMN statutory_role;

CREATE TABLE meeting_attendees_v2 (
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    position INTEGER NOT NULL,
    agency_code TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (referral_id, position)
);
INSERT INTO meeting_attendees_v2
    SELECT a.referral_id, a.position, a.agency_code, a.role FROM meeting_attendees a
    WHERE a.meeting_number = (SELECT MAX(m.meeting_number) FROM rapid_review_meetings m WHERE m.referral_id = a.referral_id);
DROP TABLE meeting_attendees;
ALTER TABLE meeting_attendees_v2 RENAME TO meeting_attendees;

CREATE TABLE rapid_review_meetings_v2 (
    referral_id TEXT PRIMARY KEY REFERENCES referrals (id),
    meeting_date DATE NOT NULL,
    outside_window_reason TEXT,
    attendance_recorded_at TIMESTAMP
);
INSERT INTO rapid_review_meetings_v2
    SELECT m.referral_id, m.meeting_date, m.outside_window_reason, m.attendance_recorded_at
    FROM rapid_review_meetings m
    WHERE m.meeting_number = (SELECT MAX(n.meeting_number) FROM rapid_review_meetings n WHERE n.referral_id = m.referral_id);
DROP TABLE rapid_review_meetings;
ALTER TABLE rapid_review_meetings_v2 RENAME TO rapid_review_meetings;
