ALTER TABLE information_requests DROP CONSTRAINT information_requests_kind;
ALTER TABLE information_returns DROP CONSTRAINT information_returns_sign_off;
ALTER TABLE information_returns DROP COLUMN signed_off_on;
ALTER TABLE information_returns DROP COLUMN chief_officer;
