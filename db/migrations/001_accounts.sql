-- 001_accounts.sql - users, organizations and who may see them; sessions; audit log.
CREATE TABLE users (
    id {{id}},
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT 'sme' CHECK (role IN ('sme', 'advisor', 'operator', 'admin')),
    lang TEXT NOT NULL DEFAULT 'ja',
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TABLE organizations (
    id {{id}},
    name TEXT NOT NULL,
    name_kana TEXT NOT NULL DEFAULT '',
    org_type TEXT NOT NULL,
    industry TEXT,
    capital BIGINT,
    employees INTEGER NOT NULL,
    prefecture INTEGER NOT NULL,
    website TEXT NOT NULL DEFAULT '',
    representative TEXT NOT NULL DEFAULT '',
    sme_eligible INTEGER NOT NULL,
    sme_rule INTEGER,
    created_at TEXT NOT NULL
);
CREATE INDEX organizations_name ON organizations (name);
CREATE INDEX organizations_pref ON organizations (prefecture);

-- kind: 'member' (the organization's own staff) or 'advisor' (invited helper)
CREATE TABLE memberships (
    user_id BIGINT NOT NULL REFERENCES users (id),
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    kind TEXT NOT NULL CHECK (kind IN ('member', 'advisor')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, org_id)
);
CREATE INDEX memberships_org ON memberships (org_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE login_attempts (
    email TEXT NOT NULL,
    ip TEXT NOT NULL,
    ok INTEGER NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_attempts_email ON login_attempts (email, at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, at);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    expires_at TEXT NOT NULL,
    used INTEGER NOT NULL DEFAULT 0
);

-- invitations of advisors to an organization's workspace
CREATE TABLE invitations (
    id {{id}},
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    email TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    invited_by BIGINT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'revoked')),
    created_at TEXT NOT NULL,
    accepted_by BIGINT
);
CREATE INDEX invitations_org ON invitations (org_id);

CREATE TABLE audit_log (
    id {{id}},
    at TEXT NOT NULL,
    user_id BIGINT NOT NULL,
    org_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_org ON audit_log (org_id, at);
