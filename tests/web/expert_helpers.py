"""expert_helpers.py - shared steps of the expert and matching tests: register an expert
through the form, make operators, SMEs with organizations, a program and accepted
applications (rows the prog part's pages would create, inserted with dbutil)."""
import itertools
import os
import re

from dbutil import insert, q, sql
from harness import check

PASSWORD = "correct horse battery"
NOW = "2026-11-01T09:00:00Z"

EXPERT = {"expert_name": "佐藤 花子", "qualification": "riss", "registration_no": "012345",
          "prefecture": "13", "mode": ["onsite", "online"], "areas": ["11", "14"],
          "specialities": ["policy", "network"], "industries": ["D"],
          "capacity": "2", "profile": "中小企業の情報セキュリティ支援を10年続けています。"}


REGNO = itertools.count(100001)


def register_expert(srv, email, lang="ja", **fields):
    """Signs up an expert through /expert/register (each with its own RISS number); returns
    the logged-in client."""
    c = srv.client(lang=lang)
    c.get("/expert/register")
    data = dict(EXPERT, email=email, password=PASSWORD, password_confirm=PASSWORD,
                name=fields.pop("account_name", "佐藤 花子"), agree="yes",
                registration_no=f"{next(REGNO):06d}")
    data.update(fields)
    r = c.post_form("/expert/register", data)
    check(r.status == 303 and r.header("Location") == "/expert", f"expert registered: {r}")
    c.get("/expert")  # the new session's CSRF token
    return c


def expert_id(srv, email):
    return int(sql(srv, "SELECT e.id FROM experts e JOIN users u ON u.id = e.user_id "
                        f"WHERE u.email = {q(email)}")[0][0])


def make_operator(srv, email="op@example.jp", lang="ja"):
    pw = os.path.join(srv.tmp, "op.pw")
    with open(pw, "w") as f:
        f.write(PASSWORD + "\n")
    r = srv.run_cli("create-user", "--email", email, "--password-file", pw,
                    "--role", "operator", "--name", "事務局 太郎")
    check(r.returncode == 0, f"operator created: {r.stderr}")
    if lang != "ja":
        sql(srv, f"UPDATE users SET lang = {q(lang)} WHERE email = {q(email)}")
    c = srv.client(lang=lang)
    check(c.login(email, PASSWORD).status == 303, "operator logged in")
    c.get("/")  # the new session's CSRF token
    return c


def approve(srv, eid, status="approved", capacity=None):
    extra = f", capacity = {int(capacity)}" if capacity else ""
    sql(srv, f"UPDATE experts SET status = {q(status)}{extra} WHERE id = {int(eid)}")


def make_sme(srv, email, name, pref=13, industry="construction", lang="ja"):
    """An SME account (signed up through the form) owning one organization; (client, org)."""
    c = srv.client(lang=lang)
    c.signup(email)
    uid = int(sql(srv, f"SELECT id FROM users WHERE email = {q(email)}")[0][0])
    if lang != "ja":
        sql(srv, f"UPDATE users SET lang = {q(lang)} WHERE id = {uid}")
    c.get("/")
    org = insert(srv, "INSERT INTO organizations (name, org_type, industry, capital, employees, "
                      f"prefecture, sme_eligible, sme_rule, created_at) VALUES ({q(name)}, "
                      f"'company', {q(industry)}, 10000000, 12, {int(pref)}, 1, 1, {q(NOW)}) "
                      "RETURNING id")
    sql(srv, "INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES "
             f"({uid}, {org}, 'member', {q(NOW)})")
    return c, org


def make_program(srv, capacity=400):
    uid = int(sql(srv, "SELECT id FROM users ORDER BY id LIMIT 1")[0][0])
    return insert(srv, "INSERT INTO programs (year, name, capacity, apply_from, apply_until, "
                       "visits_from, visits_until, visit_count, created_by, created_at) VALUES "
                       f"(2026, '2026年度 専門家派遣', {int(capacity)}, '2026-08-01', "
                       f"'2026-11-30', '2026-09-01', '2027-01-31', 4, {uid}, {q(NOW)}) "
                       "RETURNING id")


def make_application(srv, program, org, status="accepted"):
    uid = int(sql(srv, f"SELECT user_id FROM memberships WHERE org_id = {int(org)} "
                       "AND kind = 'member' LIMIT 1")[0][0])
    return insert(srv, "INSERT INTO program_applications (program_id, org_id, applied_by, "
                       f"status, created_at) VALUES ({int(program)}, {int(org)}, {uid}, "
                       f"{q(status)}, {q(NOW)}) RETURNING id")


def send_proposal(srv, app, experts):
    """Proposal rows as the operator's 'send' leaves them (for tests of the SME side)."""
    for rank, e in enumerate(experts, 1):
        sql(srv, "INSERT INTO match_proposals (application_id, expert_id, rank, score, reasons, "
                 f"status, created_at, sent_at) VALUES ({int(app)}, {int(e)}, {rank}, 100, '[]', "
                 f"'sent', {q(NOW)}, {q(NOW)})")


def mails_to(srv, addr):
    return [m for m in srv.mails() if addr in str(m["To"])]


def body(m):
    return m.get_body(("plain",)).get_content()


def csrf_of(html):
    return re.search(r'name="_csrf" value="([0-9a-f]{64})"', html).group(1)
