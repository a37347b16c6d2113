DROP TABLE audit_events;
DROP TABLE referral_agencies;
DROP TABLE referral_children;
DROP TABLE referrals;
DROP TABLE referral_counters;
DROP TABLE agencies;
DROP TABLE partnerships;
