-- 023_briefing.sql - briefing sessions for experts (専門家向け事業説明会) and their
-- registrations: capacity, automatic wait-list and refusal, attendance, online link.
-- The counts of table 1 of seed 001 (総申込数, 受付数, 受付お断り数, 参加者数) are computed
-- from briefing_registrations; see docs/api.md "Briefing sessions".

-- One venue and date of a program's briefing. starts_at/ends_at are local (JST) times
-- 'YYYY-MM-DDTHH:MM'; the registration window is an inclusive JST date range.
-- accepted/waitlisted count registrations in those states and are only raised with guarded
-- UPDATEs ("... WHERE accepted < capacity", "... WHERE waitlisted < waitlist_size") inside
-- the registering transaction, so parallel registrations cannot over-fill a session.
-- status: open -> cancelled (mailed to every registrant; kept for table 1 like 新潟 (中止)).
CREATE TABLE briefing_sessions (
    id {{id}},
    program_id BIGINT NOT NULL REFERENCES programs (id),
    venue TEXT NOT NULL,
    prefecture INTEGER, -- NULL: online only
    address TEXT NOT NULL DEFAULT '',
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
    waitlist_size INTEGER NOT NULL DEFAULT 0 CHECK (waitlist_size BETWEEN 0 AND 100000),
    accepted INTEGER NOT NULL DEFAULT 0,
    waitlisted INTEGER NOT NULL DEFAULT 0,
    register_from TEXT NOT NULL,
    register_until TEXT NOT NULL,
    online_url TEXT NOT NULL DEFAULT '',    -- shown and mailed to accepted registrants
    recording_url TEXT NOT NULL DEFAULT '', -- offered to those refused (and on cancellation)
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cancelled')),
    cancel_reason TEXT NOT NULL DEFAULT '',
    cancelled_at TEXT,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (accepted >= 0 AND accepted <= capacity),
    CHECK (waitlisted >= 0 AND waitlisted <= waitlist_size),
    CHECK (register_from <= register_until AND starts_at < ends_at)
);
CREATE INDEX briefing_sessions_program ON briefing_sessions (program_id, starts_at);

-- One registration per e-mail address per session (anonymous or a logged-in user).
-- status: accepted | waitlisted | refused, decided when registering;
-- waitlisted -> accepted (promoted, in id order, when a seat frees up);
-- accepted/waitlisted -> cancelled (by the registrant).
-- A cancelled session keeps its registrations' statuses (what they had when it was
-- cancelled); the session's status tells that nobody attends.
-- attended is only set for accepted registrations (the operator's attendance list).
CREATE TABLE briefing_registrations (
    id {{id}},
    session_id BIGINT NOT NULL REFERENCES briefing_sessions (id),
    email TEXT NOT NULL, -- lower case
    name TEXT NOT NULL,
    qualification TEXT NOT NULL CHECK (qualification IN ('riss', 'itc', 'other')),
    user_id BIGINT REFERENCES users (id),
    lang TEXT NOT NULL DEFAULT 'ja',
    status TEXT NOT NULL CHECK (status IN ('accepted', 'waitlisted', 'refused', 'cancelled')),
    attended INTEGER NOT NULL DEFAULT 0,
    -- SHA-256 (hex) of the token in the cancel link mailed with the latest accepted /
    -- wait-list mail; NULL for refused registrations
    cancel_token TEXT,
    ip TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    promoted_at TEXT,
    cancelled_at TEXT,
    UNIQUE (session_id, email)
);
CREATE INDEX briefing_registrations_status ON briefing_registrations (session_id, status, id);
CREATE INDEX briefing_registrations_user ON briefing_registrations (user_id);
CREATE INDEX briefing_registrations_token ON briefing_registrations (cancel_token);
-- Per-address rate limit of anonymous registrations (like login_attempts).
CREATE INDEX briefing_registrations_ip ON briefing_registrations (ip, created_at);

-- Every anonymous registration attempt (page or API), for the per-address rate limit
-- (BRIEFING_IP_MAX attempts per BRIEFING_IP_WINDOW_MIN minutes, like login_attempts).
CREATE TABLE briefing_attempts (
    ip TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX briefing_attempts_ip ON briefing_attempts (ip, at);
