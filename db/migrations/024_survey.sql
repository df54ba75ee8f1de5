-- 024_survey.sql - questionnaires after the guidance (data/surveys/<kind>.json): who was
-- invited and the answers, one response per match and questionnaire kind.
-- kind: 'sme' (the guided company answers for its match) or 'expert' (the expert answers
-- for each company it guided). A match may be answered once it is completed or all of its
-- program's visits are done (src/web/survey_store.c).

CREATE TABLE survey_invitations (
    id {{id}},
    match_id BIGINT NOT NULL REFERENCES matches (id),
    kind TEXT NOT NULL CHECK (kind IN ('sme', 'expert')),
    invited_at TEXT NOT NULL,
    UNIQUE (match_id, kind)
);

-- answers: the JSON object cleaned by survey_validate() (question key -> option key, list
-- of option keys, or text). program_id is the match's program, kept for the results query.
CREATE TABLE survey_responses (
    id {{id}},
    match_id BIGINT NOT NULL REFERENCES matches (id),
    program_id BIGINT NOT NULL REFERENCES programs (id),
    kind TEXT NOT NULL CHECK (kind IN ('sme', 'expert')),
    answers TEXT NOT NULL,
    lang TEXT NOT NULL DEFAULT 'ja',
    answered_by BIGINT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    UNIQUE (match_id, kind)
);
CREATE INDEX survey_responses_program ON survey_responses (program_id, kind);
