DROP TABLE publication_deposits;
DROP TABLE publications;
DROP TABLE publication_copies;
DROP TABLE publication_plans;
DROP TABLE publication_decisions;
ALTER TABLE review_parallel_processes DROP COLUMN outcome;
ALTER TABLE review_parallel_processes DROP COLUMN concluded_on;
