-- Idempotency keys: each caller's key, the fingerprint of its first request (method, path, body) and
-- that request's answer, kept in the same transaction as the work, for at least a day.
CREATE TABLE idempotency_keys (
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    subject TEXT NOT NULL,
    idempotency_key TEXT NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    fingerprint TEXT NOT NULL,
    response TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (partnership_id, subject, idempotency_key)
);

CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
