-- 021_program_applications.sql - the operator's list of a program's applications shows
-- them as they arrive (newest first) and the SME's status page finds its own quickly.
CREATE INDEX program_applications_created ON program_applications (program_id, created_at);
CREATE INDEX programs_window ON programs (apply_until);
