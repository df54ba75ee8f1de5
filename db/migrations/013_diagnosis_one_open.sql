-- 013_diagnosis_one_open.sql - at most one diagnosis in progress per organization, so that
-- starting again always resumes it, even when two requests race.
CREATE UNIQUE INDEX diagnoses_one_open ON diagnoses (org_id) WHERE status = 'in_progress';
