-- A review's panel meetings, numbered in the order recorded: the members present (a JSON array of
-- subjects), and the answer to "is any immediate single or multi-agency action required?" with the
-- actions (JSON array; at least one when required) and messages to the workforce (JSON array).
CREATE TABLE review_panel_meetings (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    number INTEGER NOT NULL CHECK (number >= 1),
    held_on DATE NOT NULL,
    present TEXT NOT NULL,
    immediate_action_required BOOLEAN NOT NULL,
    immediate_actions TEXT NOT NULL,
    messages_to_workforce TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, number),
    CHECK (NOT immediate_action_required OR immediate_actions <> '[]')
);
