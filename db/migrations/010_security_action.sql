-- 010_security_action.sql - SECURITY ACTION: declarations, self-diagnoses, basic policies,
-- action plans. Numbering: 010-019 security action, 020-029 guidance program, 030-039
-- monitoring.

-- One row per declaration event. A step-up from ★ to ★★ creates a new row with
-- step_up = 1 that keeps the same public declaration id; the ★ row becomes 'superseded'.
-- status: 'active' | 'superseded' | 'withdrawn'
CREATE TABLE declarations (
    id {{id}},
    public_id TEXT NOT NULL,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    level INTEGER NOT NULL CHECK (level IN (1, 2)),
    step_up INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('active', 'superseded', 'withdrawn')),
    declared_at TEXT NOT NULL,
    declared_by BIGINT NOT NULL REFERENCES users (id),
    pledge TEXT NOT NULL DEFAULT '',
    diagnosis_id BIGINT,
    policy_id BIGINT,
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    withdrawn_by BIGINT
);
CREATE INDEX declarations_public ON declarations (public_id);
CREATE INDEX declarations_org ON declarations (org_id);
CREATE INDEX declarations_status ON declarations (status, level);

-- status: 'in_progress' | 'completed'; answers in diagnosis_answers
CREATE TABLE diagnoses (
    id {{id}},
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    status TEXT NOT NULL CHECK (status IN ('in_progress', 'completed')),
    started_at TEXT NOT NULL,
    completed_at TEXT,
    total INTEGER,
    score_basic INTEGER,
    score_employee INTEGER,
    score_organization INTEGER,
    band TEXT,
    created_by BIGINT NOT NULL REFERENCES users (id)
);
CREATE INDEX diagnoses_org ON diagnoses (org_id, status);

CREATE TABLE diagnosis_answers (
    diagnosis_id BIGINT NOT NULL REFERENCES diagnoses (id),
    item INTEGER NOT NULL CHECK (item BETWEEN 1 AND 25),
    answer TEXT NOT NULL CHECK (answer IN ('done', 'partly', 'not_done', 'unknown', 'not_used')),
    PRIMARY KEY (diagnosis_id, item)
);

-- Policy versions: 'draft' is editable; 'published' is frozen forever (a later version
-- replaces it as the current one); only the newest published version is public.
CREATE TABLE policies (
    id {{id}},
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    version INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    lang TEXT NOT NULL DEFAULT 'ja',
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    published_at TEXT,
    created_by BIGINT NOT NULL REFERENCES users (id),
    UNIQUE (org_id, version)
);

CREATE TABLE plans (
    id {{id}},
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    diagnosis_id BIGINT REFERENCES diagnoses (id),
    start_month TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX plans_org ON plans (org_id);

-- priority: 'high' | 'medium' | 'low'; status: 'todo' | 'doing' | 'done'
CREATE TABLE plan_items (
    id {{id}},
    plan_id BIGINT NOT NULL REFERENCES plans (id),
    measure_key TEXT NOT NULL,
    item INTEGER,
    title TEXT NOT NULL,
    priority TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    owner TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('todo', 'doing', 'done')),
    telework INTEGER NOT NULL DEFAULT 0,
    in_handbook INTEGER NOT NULL DEFAULT 1,
    sort INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX plan_items_plan ON plan_items (plan_id);
