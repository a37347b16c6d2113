-- Reviews ask agencies for a chronology, an IMR, an information report or an organisational-change
-- chronology through the same requests and returns as the Rapid Review (new `kind` values; the kind is
-- checked by the domain). An IMR's version counts only once the agency's chief officer signs it off:
-- who and when, both or neither.
ALTER TABLE information_returns ADD COLUMN chief_officer TEXT;
ALTER TABLE information_returns ADD COLUMN signed_off_on DATE
    CHECK ((signed_off_on IS NULL) = (chief_officer IS NULL));
