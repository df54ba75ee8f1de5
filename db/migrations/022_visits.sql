-- 022_visits.sql - the visits part of the guidance program: final reports (a stored
-- snapshot of the SME's deliverables at submission), fee payments to experts, and the
-- bookkeeping of reminders so that each one is sent once. See docs/program.md.

-- One final report per match, submitted by the expert after the last visit. snapshot is
-- the JSON assembled from the SME's workspace at that moment ({"sections": [...]}, see
-- src/web/pages_report_build.c); later edits in the workspace do not change it.
CREATE TABLE final_reports (
    id {{id}},
    match_id BIGINT NOT NULL UNIQUE REFERENCES matches (id),
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    program_id BIGINT NOT NULL REFERENCES programs (id),
    expert_id BIGINT NOT NULL REFERENCES experts (id),
    overall TEXT NOT NULL,
    recommendations TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    submitted_by BIGINT NOT NULL REFERENCES users (id),
    submitted_at TEXT NOT NULL
);
CREATE INDEX final_reports_org ON final_reports (org_id);

-- Fee (謝金) payments. Amount due = programs.fee_per_visit x visits reported done; a
-- payment never exceeds what is outstanding (checked in the same transaction).
CREATE TABLE fee_payments (
    id {{id}},
    program_id BIGINT NOT NULL REFERENCES programs (id),
    expert_id BIGINT NOT NULL REFERENCES experts (id),
    paid_on TEXT NOT NULL, -- 'YYYY-MM-DD'
    amount INTEGER NOT NULL CHECK (amount > 0), -- yen
    reference TEXT NOT NULL DEFAULT '',
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX fee_payments_program ON fee_payments (program_id, expert_id);

-- Reminders sent once per match (kind 'period_end': the visit period ends in 14 days and
-- visits are left).
CREATE TABLE match_reminders (
    match_id BIGINT NOT NULL REFERENCES matches (id),
    kind TEXT NOT NULL CHECK (kind IN ('period_end')),
    sent_at TEXT NOT NULL,
    PRIMARY KEY (match_id, kind)
);

-- proposed_at: when the current date was proposed (the SME is reminded of proposals left
-- unconfirmed for 3 days, once: pending_reminded_at). request_note: the SME asked for
-- another date with this note; cleared when the expert proposes again.
ALTER TABLE visits ADD COLUMN proposed_at TEXT;
ALTER TABLE visits ADD COLUMN pending_reminded_at TEXT;
ALTER TABLE visits ADD COLUMN request_note TEXT NOT NULL DEFAULT '';
