ALTER TABLE information_requests DROP COLUMN rework_due_on;
ALTER TABLE information_requests DROP COLUMN last_submitted_at;
ALTER TABLE information_requests DROP COLUMN accepted_at;
