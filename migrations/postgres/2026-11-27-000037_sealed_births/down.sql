ALTER TABLE referral_children DROP CONSTRAINT referral_children_birth_once;
ALTER TABLE referral_children DROP CONSTRAINT referral_children_birth_sealed_whole;
ALTER TABLE referral_children DROP COLUMN birth_sealed;
ALTER TABLE referral_children DROP COLUMN birth_nonce;
ALTER TABLE referral_children DROP COLUMN birth_key_id;
