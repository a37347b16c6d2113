-- An inquorate Rapid Review meeting reconvenes: meetings are numbered per referral and every one held is
-- kept with its attendance. Attendees and subgroup views keep their agency's statutory role as it was, so
-- quorum and "each partner's view" are judged on what was recorded. A partnership may register several
-- agencies under one statutory role (two councils, several forces): the one-agency-per-role index goes;
-- one vote per role per question stays in the votes table's key.

ALTER TABLE rapid_review_meetings ADD COLUMN meeting_number INTEGER NOT NULL DEFAULT 1
    CHECK (meeting_number >= 1);
ALTER TABLE rapid_review_meetings ALTER COLUMN meeting_number DROP DEFAULT;
ALTER TABLE rapid_review_meetings DROP CONSTRAINT rapid_review_meetings_pkey;
ALTER TABLE rapid_review_meetings ADD PRIMARY KEY (referral_id, meeting_number);

ALTER TABLE meeting_attendees ADD COLUMN meeting_number INTEGER NOT NULL DEFAULT 1;
ALTER TABLE meeting_attendees ALTER COLUMN meeting_number DROP DEFAULT;
ALTER TABLE meeting_attendees ADD COLUMN statutory_role TEXT;
UPDATE meeting_attendees m SET statutory_role = COALESCE(
    (SELECT a.statutory_role FROM agencies a JOIN referrals r ON r.partnership_id = a.partnership_id
     WHERE r.id = m.referral_id AND a.code = m.agency_code), 'none');
ALTER TABLE meeting_attendees ALTER COLUMN statutory_role SET NOT NULL;
ALTER TABLE meeting_attendees DROP CONSTRAINT meeting_attendees_pkey;
ALTER TABLE meeting_attendees ADD PRIMARY KEY (referral_id, meeting_number, position);
ALTER TABLE meeting_attendees ADD CONSTRAINT meeting_attendees_meeting_fk
    FOREIGN KEY (referral_id, meeting_number) REFERENCES rapid_review_meetings (referral_id, meeting_number);

ALTER TABLE subgroup_views ADD COLUMN statutory_role TEXT;
UPDATE subgroup_views v SET statutory_role = COALESCE(
    (SELECT a.statutory_role FROM agencies a JOIN referrals r ON r.partnership_id = a.partnership_id
     WHERE r.id = v.referral_id AND a.code = v.agency_code), 'none');
ALTER TABLE subgroup_views ALTER COLUMN statutory_role SET NOT NULL;

DROP INDEX agencies_statutory_role_unique;
