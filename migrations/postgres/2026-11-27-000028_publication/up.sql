-- Publication. A parallel process's conclusion (publication waits for an open one it is marked for).
ALTER TABLE review_parallel_processes
    ADD COLUMN concluded_on DATE,
    ADD COLUMN outcome TEXT,
    ADD CONSTRAINT review_parallel_processes_conclusion_whole
        CHECK ((outcome IS NULL) = (concluded_on IS NULL));

-- The partners' decision: withholding names its reasons and the improvements published instead.
CREATE TABLE publication_decisions (
    review_id TEXT PRIMARY KEY REFERENCES reviews (id),
    decision TEXT NOT NULL CHECK (decision IN ('publish', 'withhold')),
    reasons TEXT,
    improvements TEXT,
    decided_by TEXT NOT NULL,
    decided_at TIMESTAMP NOT NULL,
    CHECK ((decision = 'withhold') = (reasons IS NOT NULL)),
    CHECK ((decision = 'withhold') = (improvements IS NOT NULL))
);

-- The plan (the latest stands): the title the register shows, the date, the family and practitioners
-- told, the media contact, the reviewers named.
CREATE TABLE publication_plans (
    review_id TEXT PRIMARY KEY REFERENCES reviews (id),
    title TEXT NOT NULL,
    planned_on DATE NOT NULL,
    family_wishes TEXT NOT NULL,
    family_discussed_on DATE NOT NULL,
    practitioners_told_on DATE NOT NULL,
    media_contact TEXT NOT NULL,
    reviewer_names TEXT NOT NULL,
    planned_by TEXT NOT NULL,
    planned_at TIMESTAMP NOT NULL
);

-- The full report sent before publication, once to each.
CREATE TABLE publication_copies (
    review_id TEXT NOT NULL REFERENCES publication_plans (review_id),
    recipient TEXT NOT NULL CHECK (recipient IN ('national_panel', 'ofsted', 'secretary_of_state')),
    sent_on DATE NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, recipient)
);

-- What went public: the report (the public register lists these), or a withheld report's
-- improvements. Available for at least a year.
CREATE TABLE publications (
    review_id TEXT PRIMARY KEY REFERENCES reviews (id),
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    kind TEXT NOT NULL CHECK (kind IN ('report', 'improvements')),
    title TEXT NOT NULL,
    published_on DATE NOT NULL,
    web_address TEXT NOT NULL CHECK (web_address LIKE 'https://%'),
    available_until DATE NOT NULL CHECK (available_until >= (published_on + INTERVAL '1 year')::date),
    reviewer_names TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);

CREATE INDEX publications_register ON publications (partnership_id, kind, published_on);

-- The deposit with the NSPCC's national repository.
CREATE TABLE publication_deposits (
    review_id TEXT PRIMARY KEY REFERENCES publications (review_id),
    deposited_on DATE NOT NULL,
    acknowledgement TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
