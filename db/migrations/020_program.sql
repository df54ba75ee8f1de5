-- 020_program.sql - the expert guidance program: programs, applications, the expert
-- registry, proposals, matches and visits. Later 02x migrations add briefings, surveys,
-- fees, rules checks and risk analyses. Dates are 'YYYY-MM-DD', times ISO 8601 UTC.
-- State machines are described in docs/program.md.

-- A program year run by the secretariat (operator). The application window and the
-- visit period are inclusive date ranges. accepted counts applications in status
-- accepted/matched/completed/terminated and is only raised with
-- "UPDATE ... SET accepted = accepted + 1 WHERE id = ? AND accepted < capacity", so that
-- concurrent accepts cannot over-fill the program.
CREATE TABLE programs (
    id {{id}},
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    accepted INTEGER NOT NULL DEFAULT 0,
    apply_from TEXT NOT NULL,
    apply_until TEXT NOT NULL,
    visits_from TEXT NOT NULL,
    visits_until TEXT NOT NULL,
    visit_count INTEGER NOT NULL CHECK (visit_count BETWEEN 1 AND 12),
    fee_per_visit INTEGER NOT NULL DEFAULT 0 CHECK (fee_per_visit >= 0), -- yen
    -- eligibility rules (domain.md §5)
    require_sme INTEGER NOT NULL DEFAULT 1,
    min_stars INTEGER NOT NULL DEFAULT 1 CHECK (min_stars IN (0, 1, 2)),
    require_no_policy INTEGER NOT NULL DEFAULT 1,
    excluded_program_id BIGINT REFERENCES programs (id),
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    CHECK (apply_from <= apply_until AND visits_from <= visits_until)
);

-- The curriculum: one row per visit (1..visit_count), ja and en.
CREATE TABLE program_curriculum (
    program_id BIGINT NOT NULL REFERENCES programs (id),
    visit_no INTEGER NOT NULL,
    title_ja TEXT NOT NULL,
    title_en TEXT NOT NULL,
    PRIMARY KEY (program_id, visit_no)
);

-- status: submitted -> accepted | rejected | waitlisted; waitlisted -> accepted | rejected;
-- accepted -> matched (an expert confirmed) -> completed (final report) | terminated
-- (early end, with reason); submitted/waitlisted -> withdrawn (by the SME).
-- eligibility: the JSON decision shown to the operator ({"eligible":bool,"reasons":[...]})
CREATE TABLE program_applications (
    id {{id}},
    program_id BIGINT NOT NULL REFERENCES programs (id),
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    applied_by BIGINT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'rejected', 'waitlisted',
                                           'withdrawn', 'matched', 'completed', 'terminated')),
    eligibility TEXT NOT NULL DEFAULT '{}',
    message TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by BIGINT REFERENCES users (id),
    UNIQUE (program_id, org_id)
);
CREATE INDEX program_applications_status ON program_applications (program_id, status);
CREATE INDEX program_applications_org ON program_applications (org_id);

-- The expert registry: one row per advisor account that registered as an expert.
-- status: pending -> approved | rejected; approved -> suspended -> approved.
-- specialities: comma-separated keys of data/expert_specialities.json;
-- industries: comma-separated JSIC division letters (data/industries.json).
-- active counts the expert's matches in status chosen/confirmed and is only raised with
-- "... SET active = active + 1 WHERE id = ? AND active < capacity".
CREATE TABLE experts (
    id {{id}},
    user_id BIGINT NOT NULL UNIQUE REFERENCES users (id),
    name TEXT NOT NULL,
    qualification TEXT NOT NULL CHECK (qualification IN ('riss', 'itc', 'other')),
    registration_no TEXT NOT NULL DEFAULT '',
    prefecture INTEGER, -- NULL: not stated (表2 「記載なし」)
    onsite INTEGER NOT NULL DEFAULT 1,
    online INTEGER NOT NULL DEFAULT 1,
    specialities TEXT NOT NULL DEFAULT '',
    industries TEXT NOT NULL DEFAULT '',
    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 100),
    active INTEGER NOT NULL DEFAULT 0,
    profile TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'suspended')),
    created_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by BIGINT REFERENCES users (id),
    CHECK (active >= 0 AND active <= capacity)
);
CREATE INDEX experts_status ON experts (status, prefecture);

-- Prefectures an expert covers on site (besides its own).
CREATE TABLE expert_areas (
    expert_id BIGINT NOT NULL REFERENCES experts (id),
    prefecture INTEGER NOT NULL,
    PRIMARY KEY (expert_id, prefecture)
);

-- Candidate experts proposed to an accepted application, ranked (1 = best).
-- status: draft (computed, not yet shown to the SME) -> sent -> chosen | not_chosen.
CREATE TABLE match_proposals (
    id {{id}},
    application_id BIGINT NOT NULL REFERENCES program_applications (id),
    expert_id BIGINT NOT NULL REFERENCES experts (id),
    rank INTEGER NOT NULL,
    score INTEGER NOT NULL,
    reasons TEXT NOT NULL DEFAULT '', -- JSON list of msgids: same prefecture, industry ...
    status TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'chosen', 'not_chosen')),
    created_at TEXT NOT NULL,
    sent_at TEXT,
    UNIQUE (application_id, expert_id)
);
CREATE INDEX match_proposals_expert ON match_proposals (expert_id);

-- One match per application at a time. status: chosen (by the SME) -> confirmed (by the
-- expert; the expert becomes an advisor of the workspace) | declined (by the expert, the
-- operator proposes again); confirmed -> completed (final report) | terminated (reason).
CREATE TABLE matches (
    id {{id}},
    application_id BIGINT NOT NULL REFERENCES program_applications (id),
    expert_id BIGINT NOT NULL REFERENCES experts (id),
    status TEXT NOT NULL CHECK (status IN ('chosen', 'confirmed', 'declined', 'completed',
                                           'terminated')),
    chosen_at TEXT NOT NULL,
    confirmed_at TEXT,
    ended_at TEXT,
    end_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX matches_application ON matches (application_id, status);
CREATE INDEX matches_expert ON matches (expert_id, status);

-- Visits of a confirmed match, visit_no 1..program.visit_count.
-- status: proposed (expert proposed planned_at) -> confirmed (SME agreed) -> done (expert
-- reported it: done_on, mode, minutes, summary, items, next_steps) ; proposed/confirmed ->
-- cancelled. items: comma-separated curriculum visit numbers covered.
CREATE TABLE visits (
    id {{id}},
    match_id BIGINT NOT NULL REFERENCES matches (id),
    visit_no INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('proposed', 'confirmed', 'done', 'cancelled')),
    planned_at TEXT,         -- 'YYYY-MM-DDTHH:MM' local time
    mode TEXT NOT NULL DEFAULT 'onsite' CHECK (mode IN ('onsite', 'online')),
    done_on TEXT,            -- 'YYYY-MM-DD'
    minutes INTEGER,
    summary TEXT NOT NULL DEFAULT '',
    items TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    confirmed_at TEXT,
    reported_at TEXT,
    reminded_at TEXT,
    UNIQUE (match_id, visit_no)
);
CREATE INDEX visits_done ON visits (status, done_on);
