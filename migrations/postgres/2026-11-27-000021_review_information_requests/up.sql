-- Reviews ask agencies for a chronology, an IMR, an information report or an organisational-change
-- chronology through the same requests and returns as the Rapid Review (new `kind` values, listed in
-- the CHECK). An IMR's version counts only once the agency's chief officer signs it off: who and when,
-- both or neither.
ALTER TABLE information_returns ADD COLUMN chief_officer TEXT;
ALTER TABLE information_returns ADD COLUMN signed_off_on DATE;
ALTER TABLE information_returns ADD CONSTRAINT information_returns_sign_off
    CHECK ((signed_off_on IS NULL) = (chief_officer IS NULL));
ALTER TABLE information_requests ADD CONSTRAINT information_requests_kind
    CHECK (kind IN ('initial_scoping', 'rapid_review_return', 'chronology', 'imr', 'information_report',
        'organisational_change_chronology'));
