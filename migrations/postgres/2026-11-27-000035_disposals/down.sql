ALTER TABLE reviews DROP COLUMN disposed_on;
ALTER TABLE referrals DROP COLUMN disposed_on;
DROP TABLE disposals;
