-- A child's date of birth given on the referral is identifying: it is kept sealed like identifying
-- details (AES-256-GCM under the key file's keys, bound to partnership, referral and pseudonym), the
-- age at the incident kept plain beside it. `date_of_birth` is left only for rows written before this
-- migration, until the server seals them as it starts. (SQLite adds a column's own checks only; the
-- three sealed columns are written together by one statement.)
ALTER TABLE referral_children ADD COLUMN birth_key_id TEXT;
ALTER TABLE referral_children ADD COLUMN birth_nonce BLOB CHECK (length(birth_nonce) = 12);
ALTER TABLE referral_children ADD COLUMN birth_sealed BLOB CHECK (length(birth_sealed) > 16);
