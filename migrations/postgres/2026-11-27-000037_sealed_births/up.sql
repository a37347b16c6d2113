-- A child's date of birth given on the referral is identifying: it is kept sealed like identifying
-- details (AES-256-GCM under the key file's keys, bound to partnership, referral and pseudonym), the
-- age at the incident kept plain beside it. `date_of_birth` is left only for rows written before this
-- migration, until the server seals them as it starts.
ALTER TABLE referral_children ADD COLUMN birth_key_id TEXT;
ALTER TABLE referral_children ADD COLUMN birth_nonce BYTEA CHECK (octet_length(birth_nonce) = 12);
ALTER TABLE referral_children ADD COLUMN birth_sealed BYTEA CHECK (octet_length(birth_sealed) > 16);
ALTER TABLE referral_children ADD CONSTRAINT referral_children_birth_sealed_whole
    CHECK ((birth_key_id IS NULL) = (birth_nonce IS NULL) AND (birth_nonce IS NULL) = (birth_sealed IS NULL));
ALTER TABLE referral_children ADD CONSTRAINT referral_children_birth_once
    CHECK (date_of_birth IS NULL OR birth_sealed IS NULL);
