ALTER TABLE information_returns DROP COLUMN signed_off_on;
ALTER TABLE information_returns DROP COLUMN chief_officer;
