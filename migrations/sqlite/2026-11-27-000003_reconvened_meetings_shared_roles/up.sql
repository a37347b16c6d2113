-- An inquorate Rapid Review meeting reconvenes: meetings are numbered per referral and every one held is
-- kept with its attendance. Attendees and subgroup views keep their agency's statutory role as it was, so
-- quorum and "each partner's view" are judged on what was recorded. A partnership may register several
-- agencies under one statutory role (two councils, several forces): the one-agency-per-role index goes;
-- one vote per role per question stays in the votes table's key.

CREATE TABLE rapid_review_meetings_v3 (
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    meeting_number INTEGER NOT NULL CHECK (meeting_number >= 1),
    meeting_date DATE NOT NULL,
    outside_window_reason TEXT,
    attendance_recorded_at TIMESTAMP,
    PRIMARY KEY (referral_id, meeting_number)
);
INSERT INTO rapid_review_meetings_v3
    SELECT referral_id, 1, meeting_date, outside_window_reason, attendance_recorded_at
    FROM rapid_review_meetings;
DROP TABLE rapid_review_meetings;
ALTER TABLE rapid_review_meetings_v3 RENAME TO rapid_review_meetings;

CREATE TABLE meeting_attendees_v3 (
    referral_id TEXT NOT NULL,
    meeting_number INTEGER NOT NULL,
    position INTEGER NOT NULL,
    agency_code TEXT NOT NULL,
    statutory_role TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (referral_id, meeting_number, position),
    FOREIGN KEY (referral_id, meeting_number)
        REFERENCES rapid_review_meetings (referral_id, meeting_number)
);
INSERT INTO meeting_attendees_v3
    SELECT m.referral_id, 1, m.position, m.agency_code,
        COALESCE((SELECT a.statutory_role FROM agencies a JOIN referrals r ON r.partnership_id = a.partnership_id
                  WHERE r.id = m.referral_id AND a.code = m.agency_code), 'none'),
        m.role
    FROM meeting_attendees m;
DROP TABLE meeting_attendees;
ALTER TABLE meeting_attendees_v3 RENAME TO meeting_attendees;

ALTER TABLE subgroup_views ADD COLUMN statutory_role TEXT NOT NULL DEFAULT 'none';
UPDATE subgroup_views SET statutory_role = COALESCE(
    (SELECT a.statutory_role FROM agencies a JOIN referrals r ON r.partnership_id = a.partnership_id
     WHERE r.id = subgroup_views.referral_id AND a.code = subgroup_views.agency_code), 'none');

DROP INDEX agencies_statutory_role_unique;
