-- 025_rules.sql - the related rules check (one row per organization and chapter of
-- data/rules_chapters.json) and the asset inventory (情報資産管理台帳) of domain.md §4.
-- A chapter without a row is "not_yet". Importance, likelihood and risk are not stored:
-- they are computed from the levels below by src/domain/risk.c, so they cannot disagree.

-- status: not_needed | not_yet | drafting | in_place
-- points: the covered check points of the chapter, as their numbers "1,3,4" (1-based)
CREATE TABLE rules_checks (
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    chapter TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('not_needed', 'not_yet', 'drafting', 'in_place')),
    points TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES users (id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (org_id, chapter)
);

CREATE TABLE info_assets (
    id {{id}},
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    business_area TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    users_desc TEXT NOT NULL DEFAULT '',
    department TEXT NOT NULL DEFAULT '',
    medium TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    confidentiality INTEGER NOT NULL CHECK (confidentiality BETWEEN 1 AND 3),
    integrity INTEGER NOT NULL CHECK (integrity BETWEEN 1 AND 3),
    availability INTEGER NOT NULL CHECK (availability BETWEEN 1 AND 3),
    personal_data INTEGER NOT NULL DEFAULT 0 CHECK (personal_data IN (0, 1)),
    existential INTEGER NOT NULL DEFAULT 0 CHECK (existential IN (0, 1)),
    threat INTEGER NOT NULL CHECK (threat BETWEEN 1 AND 3),
    weakness INTEGER NOT NULL CHECK (weakness BETWEEN 1 AND 3),
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    updated_at TEXT NOT NULL
);
CREATE INDEX info_assets_org ON info_assets (org_id);
