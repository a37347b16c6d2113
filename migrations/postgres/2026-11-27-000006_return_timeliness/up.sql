-- A return's step is done when a version is accepted, and a version sent back has its own due date: the
-- request keeps when a version was accepted, when the latest came, and when the redone one is due.
ALTER TABLE information_requests ADD COLUMN accepted_at TIMESTAMP;
ALTER TABLE information_requests ADD COLUMN last_submitted_at TIMESTAMP;
ALTER TABLE information_requests ADD COLUMN rework_due_on DATE;
UPDATE information_requests SET
    accepted_at = (SELECT MIN(v.reviewed_at) FROM return_reviews v
                   WHERE v.request_id = information_requests.id AND v.outcome = 'accepted'),
    last_submitted_at = (SELECT MAX(r.submitted_at) FROM information_returns r
                         WHERE r.request_id = information_requests.id);
