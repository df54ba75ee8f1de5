"""org_helpers.py - shared steps of the organization, declaration and invitation tests:
register an organization through the form, and write rows that other page groups own
(a completed diagnosis, a published policy) straight into the database with the engine's
own command-line client."""
import os
import re
import subprocess

from harness import check

ORG = {
    "name": "山田建設株式会社",
    "org_type": "company",
    "industry": "construction",
    "capital": "30000000",
    "employees": "12",
    "prefecture": "13",
    "website": "https://www.yamada-kensetsu.example.jp/",
    "representative": "山田 太郎",
}


def make_org(c, **fields):
    """Registers an organization as the logged-in client; returns its id."""
    data = dict(ORG, **fields)
    c.get("/orgs/new")
    r = c.post_form("/orgs/new", data)
    check(r.status == 303, f"organization registered: {r}")
    m = re.match(r"/w/(\d+)/eligibility$", r.header("Location") or "")
    check(m, f"redirected to the SME decision: {r.header('Location')}")
    return int(m.group(1))


def user_id(c):
    r = c.api("GET", "/api/v1/me")
    check(r.status == 200, r)
    return r.json()["id"]


def sql(srv, statement):
    """Runs one SQL statement on the test server's database; returns stdout."""
    if srv.backend == "pg":
        conninfo = re.sub(r"dbname=\S+", f"dbname={srv.dbname}", srv.admin)
        cmd = ["psql", conninfo, "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", statement]
    else:
        cmd = ["sqlite3", os.path.join(srv.tmp, "otasuke.db"), statement]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    check(r.returncode == 0, f"sql failed: {statement}: {r.stderr}")
    return r.stdout.strip()


def add_completed_diagnosis(srv, org, uid):
    sql(srv, "INSERT INTO diagnoses (org_id, status, started_at, completed_at, total, score_basic,"
             " score_employee, score_organization, band, created_by) VALUES "
             f"({int(org)}, 'completed', '2026-11-01T00:00:00Z', '2026-11-01T00:10:00Z', 70, 16,"
             f" 26, 28, 'partial', {int(uid)})")


def add_published_policy(srv, org, uid):
    sql(srv, "INSERT INTO policies (org_id, version, status, lang, title, body, created_at,"
             " updated_at, published_at, created_by) VALUES "
             f"({int(org)}, 1, 'published', 'ja', '情報セキュリティ基本方針', '本文',"
             " '2026-11-02T00:00:00Z', '2026-11-02T00:00:00Z', '2026-11-02T00:00:00Z',"
             f" {int(uid)})")
