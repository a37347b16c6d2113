-- The composite may go to the Case Review Subgroup without any accepted return only with a reason.
ALTER TABLE rapid_review_composites ADD COLUMN reason TEXT;
