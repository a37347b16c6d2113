DROP TRIGGER referrals_checks_update;
DROP TRIGGER referrals_checks_insert;
ALTER TABLE referral_children DROP COLUMN role;
ALTER TABLE referrals DROP COLUMN child_resident_in_partnership_area;
ALTER TABLE referrals DROP COLUMN incident_local_authority;
ALTER TABLE referrals DROP COLUMN incident_in_partnership_area;
ALTER TABLE referrals DROP COLUMN incident_in_england;
ALTER TABLE referrals DROP COLUMN kind;
ALTER TABLE referrals DROP COLUMN received_on;
