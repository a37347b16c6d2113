ALTER TABLE rapid_review_submissions DROP COLUMN acknowledged_at;
ALTER TABLE rapid_review_submissions DROP COLUMN acknowledged_by;
ALTER TABLE rapid_review_submissions DROP COLUMN acknowledged_on;
ALTER TABLE rapid_review_submissions DROP COLUMN panel_reference;
