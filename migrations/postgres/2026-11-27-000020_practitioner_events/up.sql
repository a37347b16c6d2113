-- Practitioner events: the reflective learning workshop and the feedback event, numbered per review in
-- the order recorded; practitioners counted, their agencies named (JSON array of codes), never the
-- practitioners. The outcome columns are filled together, once, after the event.
CREATE TABLE review_practitioner_events (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    number INTEGER NOT NULL CHECK (number >= 1),
    kind TEXT NOT NULL CHECK (kind IN ('reflective_learning_workshop', 'feedback_event')),
    held_on DATE NOT NULL,
    invitations_requested_on DATE,
    invitations_sent_on DATE NOT NULL,
    briefing_sent BOOLEAN NOT NULL,
    invited INTEGER NOT NULL CHECK (invited >= 1),
    note TEXT,
    attended INTEGER,
    one_to_one_conversations INTEGER,
    agencies_attending TEXT,
    outcome_note TEXT,
    outcome_recorded_at TIMESTAMP,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, number),
    CHECK (invitations_requested_on IS NULL OR invitations_requested_on <= invitations_sent_on),
    CHECK (kind <> 'reflective_learning_workshop' OR briefing_sent),
    CHECK ((attended IS NULL) = (outcome_recorded_at IS NULL)
        AND (attended IS NULL) = (one_to_one_conversations IS NULL)
        AND (attended IS NULL) = (agencies_attending IS NULL)),
    CHECK (attended IS NULL OR (attended >= 0 AND attended <= invited
        AND one_to_one_conversations >= 0 AND one_to_one_conversations <= invited - attended))
);
