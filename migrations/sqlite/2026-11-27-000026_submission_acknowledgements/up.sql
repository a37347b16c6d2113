-- The National Panel's acknowledgement of a submission, with its reference: recorded once, by the
-- Panel's submission integration or the business team, on or after the day the submission was sent.
ALTER TABLE rapid_review_submissions ADD COLUMN panel_reference TEXT;
ALTER TABLE rapid_review_submissions ADD COLUMN acknowledged_on DATE
    CHECK (acknowledged_on IS NULL OR acknowledged_on >= sent_on);
ALTER TABLE rapid_review_submissions ADD COLUMN acknowledged_by TEXT;
ALTER TABLE rapid_review_submissions ADD COLUMN acknowledged_at TIMESTAMP
    CHECK ((acknowledged_at IS NULL) = (panel_reference IS NULL)
       AND (acknowledged_at IS NULL) = (acknowledged_on IS NULL)
       AND (acknowledged_at IS NULL) = (acknowledged_by IS NULL));
