-- What the Referral Form could not hold: the date a referral was received when it is keyed in later (the
-- clocks count from it; existing rows take the date they were recorded, in UTC), its kind (only a serious
-- incident starts the Rapid Review), where the incident happened (whose duty the Panel notification is),
-- and each child's part in the case.

ALTER TABLE referrals ADD COLUMN received_on DATE;
UPDATE referrals SET received_on = DATE(received_at);
ALTER TABLE referrals ADD COLUMN kind TEXT NOT NULL DEFAULT 'serious_incident'
    CHECK (kind IN ('serious_incident', 'near_miss', 'good_practice'));
ALTER TABLE referrals ADD COLUMN incident_in_england BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE referrals ADD COLUMN incident_in_partnership_area BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE referrals ADD COLUMN incident_local_authority TEXT;
ALTER TABLE referrals ADD COLUMN child_resident_in_partnership_area BOOLEAN NOT NULL DEFAULT TRUE;

ALTER TABLE referral_children ADD COLUMN role TEXT NOT NULL DEFAULT 'subject'
    CHECK (role IN ('subject', 'sibling', 'other_child_in_household', 'child_perpetrator'));

-- SQLite cannot add a NOT NULL column without a default nor a table constraint to an existing table;
-- triggers hold the same rules as PostgreSQL's constraints.
CREATE TRIGGER referrals_checks_insert BEFORE INSERT ON referrals
WHEN NEW.received_on IS NULL OR NEW.received_on < NEW.incident_date
    OR (NEW.kind = 'serious_incident' AND NEW.harm NOT IN ('death', 'serious_harm'))
    OR (NOT NEW.incident_in_england AND NEW.incident_in_partnership_area)
BEGIN
    SELECT RAISE(ABORT, 'referrals: received_on, kind and harm, or incident place inconsistent');
END;
CREATE TRIGGER referrals_checks_update BEFORE UPDATE ON referrals
WHEN NEW.received_on IS NULL OR NEW.received_on < NEW.incident_date
    OR (NEW.kind = 'serious_incident' AND NEW.harm NOT IN ('death', 'serious_harm'))
    OR (NOT NEW.incident_in_england AND NEW.incident_in_partnership_area)
BEGIN
    SELECT RAISE(ABORT, 'referrals: received_on, kind and harm, or incident place inconsistent');
END;
