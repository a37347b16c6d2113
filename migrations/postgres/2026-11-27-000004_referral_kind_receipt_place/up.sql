-- What the Referral Form could not hold: the date a referral was received when it is keyed in later (the
-- clocks count from it; existing rows take the date they were recorded, in UTC), its kind (only a serious
-- incident starts the Rapid Review), where the incident happened (whose duty the Panel notification is),
-- and each child's part in the case.

ALTER TABLE referrals ADD COLUMN received_on DATE;
UPDATE referrals SET received_on = CAST(received_at AS DATE);
ALTER TABLE referrals ADD COLUMN kind TEXT NOT NULL DEFAULT 'serious_incident'
    CHECK (kind IN ('serious_incident', 'near_miss', 'good_practice'));
ALTER TABLE referrals ADD COLUMN incident_in_england BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE referrals ADD COLUMN incident_in_partnership_area BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE referrals ADD COLUMN incident_local_authority TEXT;
ALTER TABLE referrals ADD COLUMN child_resident_in_partnership_area BOOLEAN NOT NULL DEFAULT TRUE;

ALTER TABLE referral_children ADD COLUMN role TEXT NOT NULL DEFAULT 'subject'
    CHECK (role IN ('subject', 'sibling', 'other_child_in_household', 'child_perpetrator'));

ALTER TABLE referrals ALTER COLUMN received_on SET NOT NULL;
ALTER TABLE referrals ADD CONSTRAINT referrals_serious_incident_harm
    CHECK (kind <> 'serious_incident' OR harm IN ('death', 'serious_harm'));
ALTER TABLE referrals ADD CONSTRAINT referrals_received_after_incident CHECK (received_on >= incident_date);
ALTER TABLE referrals ADD CONSTRAINT referrals_outside_england_not_in_area
    CHECK (incident_in_england OR NOT incident_in_partnership_area);
