ALTER TABLE rapid_review_composites DROP COLUMN reason;
