-- Identifying details (who "Child A" is), held apart from case data and sealed: AES-256-GCM under a
-- key from a file the database never sees. Only the key's id, the nonce and the sealed bytes are kept.
CREATE TABLE identifying_details (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    pseudonym TEXT NOT NULL,
    key_id TEXT NOT NULL CHECK (length(key_id) BETWEEN 1 AND 100),
    nonce BYTEA NOT NULL CHECK (octet_length(nonce) = 12),
    sealed BYTEA NOT NULL CHECK (octet_length(sealed) > 16),
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, pseudonym)
);

-- Each time identifying details were given to someone: to whom, why, which.
CREATE TABLE identifying_detail_releases (
    id TEXT PRIMARY KEY,
    review_id TEXT NOT NULL REFERENCES reviews (id),
    released_to TEXT NOT NULL,
    purpose TEXT NOT NULL CHECK (length(purpose) BETWEEN 1 AND 2000),
    pseudonyms TEXT NOT NULL,
    released_at TIMESTAMP NOT NULL
);

CREATE INDEX identifying_detail_releases_review ON identifying_detail_releases (review_id, released_at);
