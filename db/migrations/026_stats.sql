-- 026_stats.sql - program statistics: the number of companies per prefecture imported by the
-- operator (with its source and year, e.g. 経済センサス), the program's pace for the progress
-- dashboard, and indexes so that the dashboard and statistics aggregate in SQL.

-- One CSV import. Only the newest import (highest id) is used by the statistics page.
CREATE TABLE company_count_imports (
    id {{id}},
    source TEXT NOT NULL,
    year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
    total BIGINT NOT NULL,
    imported_by BIGINT NOT NULL REFERENCES users (id),
    imported_at TEXT NOT NULL
);

-- Exactly 47 rows per import (checked by the importer inside its transaction).
CREATE TABLE company_counts (
    import_id BIGINT NOT NULL REFERENCES company_count_imports (id),
    prefecture INTEGER NOT NULL CHECK (prefecture BETWEEN 1 AND 47),
    companies BIGINT NOT NULL CHECK (companies >= 0),
    PRIMARY KEY (import_id, prefecture)
);

-- The program's pace: the fewest days between two visits of one SME. A match is behind when
-- its remaining visits, this many days apart from today, do not fit before visits_until.
ALTER TABLE programs ADD COLUMN min_days_between_visits INTEGER NOT NULL DEFAULT 7;

-- Progress: the done visits of a program's matches by week and visit number, and open
-- visits whose planned date has passed, are read per match through this index.
CREATE INDEX visits_match_status ON visits (match_id, status, done_on, visit_no);
-- Statistics and progress start from a program's applications and join their matches.
CREATE INDEX matches_application_expert ON matches (application_id, status, expert_id);
