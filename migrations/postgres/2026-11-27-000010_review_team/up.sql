-- A review's team: the lead reviewer (one per review, independent of the case), chair, facilitator,
-- author and panel members (each from an agency, with no immediate line management of the case). The
-- subject is the member's sign-in identity: it is how a lead reviewer or panel member is known to be on
-- the review. The domain's rules (`domain/src/review/team.rs`) are kept here too.
CREATE TABLE review_team (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    subject TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('lead_reviewer', 'chair', 'facilitator', 'author', 'panel_member')),
    name TEXT NOT NULL,
    agency_code TEXT,
    independent_of_case BOOLEAN NOT NULL,
    appointed_by TEXT NOT NULL,
    appointed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, subject, role),
    CHECK (role NOT IN ('lead_reviewer', 'panel_member') OR independent_of_case),
    CHECK (role <> 'panel_member' OR agency_code IS NOT NULL)
);

CREATE UNIQUE INDEX review_team_one_lead ON review_team (review_id) WHERE role = 'lead_reviewer';
CREATE INDEX review_team_subject ON review_team (subject, review_id);
