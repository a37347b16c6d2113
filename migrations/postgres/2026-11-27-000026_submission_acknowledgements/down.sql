ALTER TABLE rapid_review_submissions
    DROP CONSTRAINT rapid_review_submissions_acknowledgement_whole,
    DROP CONSTRAINT rapid_review_submissions_acknowledged_after_sending,
    DROP COLUMN acknowledged_at,
    DROP COLUMN acknowledged_by,
    DROP COLUMN acknowledged_on,
    DROP COLUMN panel_reference;
