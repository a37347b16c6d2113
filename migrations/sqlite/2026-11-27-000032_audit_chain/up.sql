-- The audit trail as a hash chain per partnership: each event carries its place in the chain, the hash
-- of the event before it and its own hash, so a row altered or deleted breaks the chain where it was
-- (`cspr audit verify`). Events written before this migration are chained by the server once it has
-- run (in the order they were written). The head of each chain is kept apart, so deleting the newest
-- events is found too; it is also what serialises appends to one partnership's chain.
ALTER TABLE audit_events ADD COLUMN sequence BIGINT;
ALTER TABLE audit_events ADD COLUMN previous_hash TEXT;
ALTER TABLE audit_events ADD COLUMN hash TEXT;

CREATE UNIQUE INDEX audit_events_chain ON audit_events (partnership_id, sequence);

CREATE TABLE audit_chain_heads (
    partnership_id TEXT PRIMARY KEY REFERENCES partnerships (id),
    sequence BIGINT NOT NULL CHECK (sequence >= 0),
    hash TEXT NOT NULL CHECK (length(hash) = 64)
);

INSERT INTO audit_chain_heads (partnership_id, sequence, hash)
SELECT id, 0, '0000000000000000000000000000000000000000000000000000000000000000' FROM partnerships;
