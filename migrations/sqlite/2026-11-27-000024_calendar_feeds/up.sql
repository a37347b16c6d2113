-- Calendar feeds: a partnership's (or an agency's) due steps as iCalendar, for calendar clients that
-- cannot send a bearer token. Each feed is addressed by a long random token that reads only the feed;
-- only the token's SHA-256 is kept. `agency_code` narrows the feed to what that agency may see; NULL is
-- the whole partnership's. A revoked feed answers nothing.
CREATE TABLE calendar_feeds (
    id TEXT PRIMARY KEY,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    token_sha256 TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    owner_subject TEXT NOT NULL,
    agency_code TEXT,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    FOREIGN KEY (partnership_id, agency_code) REFERENCES agencies (partnership_id, code)
);

CREATE INDEX calendar_feeds_owner ON calendar_feeds (partnership_id, owner_subject, id);
