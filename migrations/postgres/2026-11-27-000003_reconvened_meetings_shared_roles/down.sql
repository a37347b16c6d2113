CREATE UNIQUE INDEX agencies_statutory_role_unique
    ON agencies (partnership_id, statutory_role) WHERE statutory_role <> 'none';

ALTER TABLE subgroup_views DROP COLUMN statutory_role;

ALTER TABLE meeting_attendees DROP CONSTRAINT meeting_attendees_meeting_fk;
DELETE FROM meeting_attendees a WHERE a.meeting_number <>
    (SELECT MAX(m.meeting_number) FROM rapid_review_meetings m WHERE m.referral_id = a.referral_id);
ALTER TABLE meeting_attendees DROP CONSTRAINT meeting_attendees_pkey;
ALTER TABLE meeting_attendees DROP COLUMN meeting_number;
ALTER TABLE meeting_attendees DROP COLUMN statutory_role;
ALTER TABLE meeting_attendees ADD PRIMARY KEY (referral_id, position);

DELETE FROM rapid_review_meetings m WHERE m.meeting_number <>
    (SELECT MAX(n.meeting_number) FROM rapid_review_meetings n WHERE n.referral_id = m.referral_id);
ALTER TABLE rapid_review_meetings DROP CONSTRAINT rapid_review_meetings_pkey;
ALTER TABLE rapid_review_meetings DROP COLUMN meeting_number;
ALTER TABLE rapid_review_meetings ADD PRIMARY KEY (referral_id);
