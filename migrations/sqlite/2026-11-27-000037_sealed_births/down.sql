ALTER TABLE referral_children DROP COLUMN birth_sealed;
ALTER TABLE referral_children DROP COLUMN birth_nonce;
ALTER TABLE referral_children DROP COLUMN birth_key_id;
