-- 027_expert.sql - the expert registry and matching workflow (docs/program.md): the reason
-- of an operator's decision on an expert, and at most one active match per application.

-- Why the operator rejected or suspended the expert (mailed to it; '' otherwise).
ALTER TABLE experts ADD COLUMN decision_reason TEXT NOT NULL DEFAULT '';

-- One active match (chosen or confirmed) per application: two members of one SME choosing
-- at the same time cannot both create a match; the second INSERT fails on this index.
CREATE UNIQUE INDEX matches_one_active ON matches (application_id)
    WHERE status IN ('chosen', 'confirmed');
