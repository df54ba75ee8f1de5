"""docs_fixtures.py - database rows the policy/plan tests need before other page groups exist:
an organization with members, and a completed self-diagnosis. Uses the sqlite3 / psql command
line clients on the test server's own database."""
import os
import re
import subprocess

NOW = "2026-01-05T09:00:00Z"


def sql(srv, statement):
    """Runs one statement; returns the output rows as lists of strings."""
    if srv.backend == "pg":
        conninfo = re.sub(r"dbname=\S+", f"dbname={srv.dbname}", srv.admin)
        cmd = ["psql", conninfo, "-qAtX", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", statement]
    else:
        cmd = ["sqlite3", "-batch", "-noheader", "-separator", "\t", "-cmd", ".timeout 5000",
               os.path.join(srv.tmp, "otasuke.db"), statement]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def q(s):
    return "'" + str(s).replace("'", "''") + "'"


def user_id(srv, email):
    return int(sql(srv, f"SELECT id FROM users WHERE email = {q(email)}")[0][0])


def make_org(srv, email, name, representative="代表取締役 山田 太郎", kind="member"):
    """Creates an organization and makes the user with this e-mail its member; returns its id."""
    org = int(sql(srv, "INSERT INTO organizations (name, org_type, industry, capital, employees, "
                       "prefecture, representative, sme_eligible, sme_rule, created_at) VALUES "
                       f"({q(name)}, 'company', 'construction', 10000000, 12, 13, "
                       f"{q(representative)}, 1, 1, {q(NOW)}) RETURNING id")[0][0])
    add_member(srv, email, org, kind)
    return org


def add_member(srv, email, org, kind="member"):
    sql(srv, "INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES "
             f"({user_id(srv, email)}, {org}, {q(kind)}, {q(NOW)})")


def make_diagnosis(srv, org, email, answers, completed_at="2026-01-05T10:00:00Z"):
    """answers: {item: answer} for items 1-25 (missing items are 'done')."""
    uid = user_id(srv, email)
    did = int(sql(srv, "INSERT INTO diagnoses (org_id, status, started_at, completed_at, total, "
                       "band, created_by) VALUES "
                       f"({org}, 'completed', {q(NOW)}, {q(completed_at)}, 0, 'urgent', {uid}) "
                       "RETURNING id")[0][0])
    values = ", ".join(f"({did}, {no}, {q(answers.get(no, 'done'))})" for no in range(1, 26))
    sql(srv, f"INSERT INTO diagnosis_answers (diagnosis_id, item, answer) VALUES {values}")
    return did
