ALTER TABLE reviews DROP COLUMN disposed_on;
ALTER TABLE referrals DROP COLUMN disposed_on;
DROP TABLE audit_chain_anchors;
DROP TABLE disposals;
