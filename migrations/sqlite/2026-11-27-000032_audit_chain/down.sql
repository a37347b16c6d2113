DROP TABLE audit_chain_heads;
DROP INDEX audit_events_chain;
ALTER TABLE audit_events DROP COLUMN hash;
ALTER TABLE audit_events DROP COLUMN previous_hash;
ALTER TABLE audit_events DROP COLUMN sequence;
