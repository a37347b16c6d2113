-- Readiness writes here (one row, updated and committed), so a database that can be read but not written
-- (a read-only file, a full disk) is reported not ready.
CREATE TABLE readiness_probe (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at TIMESTAMP NOT NULL
);
INSERT INTO readiness_probe (id, checked_at) VALUES (1, CURRENT_TIMESTAMP);
