"""program_helpers.py - shared steps of the program tests: an operator, SMEs with a declared
★ organization, programs created through the operator's form, dates around today (JST)."""
import datetime
import os
import re

from dbutil import insert, q, sql
from harness import check
from org_helpers import ORG, make_org

PASSWORD = "correct horse battery"
NOW = "2026-11-01T09:00:00Z"


def jst_today(delta=0):
    now = datetime.datetime.utcnow() + datetime.timedelta(hours=9)
    return (now.date() + datetime.timedelta(days=delta)).isoformat()


def operator(srv, email="ops@example.jp", lang="ja"):
    pw = os.path.join(srv.tmp, "op.pw")
    with open(pw, "w") as f:
        f.write(PASSWORD + "\n")
    r = srv.run_cli("create-user", "--email", email, "--password-file", pw, "--role", "operator",
                    "--name", "Secretariat")
    check(r.returncode == 0, f"operator created: {r.stderr}")
    c = srv.client(lang=lang)
    r = c.login(email, PASSWORD)
    check(r.status == 303, f"operator login: {r}")
    return c


def program_form(name, capacity=10, apply_from=None, apply_until=None, visits_from=None,
                 visits_until=None, excluded="", min_stars="1", **extra):
    f = {"year": jst_today()[:4], "name": name, "description": "",
         "capacity": str(capacity),
         "apply_from": apply_from or jst_today(-5), "apply_until": apply_until or jst_today(30),
         "visits_from": visits_from or jst_today(0), "visits_until": visits_until or jst_today(150),
         "visit_count": "4", "fee_per_visit": "30000", "require_sme": "1",
         "min_stars": min_stars, "require_no_policy": "1", "excluded_program_id": str(excluded)}
    titles = [("リスクの洗い出し", "Find the risks"), ("基本方針の策定", "Draft the basic policy"),
              ("関連規定の検討", "Plan the related rules"), ("レビューとまとめ", "Review and wrap up")]
    for i, (ja, en) in enumerate(titles, 1):
        f[f"title_ja_{i}"] = ja
        f[f"title_en_{i}"] = en
    f.update(extra)
    return f


def create_program(op, name, **kw):
    op.get("/operator/programs/new")
    r = op.post_form("/operator/programs/new", program_form(name, **kw))
    check(r.status == 303, f"program {name} created: {r}")
    m = re.match(r"/operator/programs/(\d+)$", r.header("Location") or "")
    check(m, r.header("Location"))
    return int(m.group(1))


def sme(srv, email, lang="ja", declare=True, **org_fields):
    """Signs up, registers an organization (an SME unless org_fields say otherwise) and
    declares ★; returns (client, org id, user id)."""
    c = srv.client(lang=lang)
    c.signup(email)
    org = make_org(c, **org_fields)
    if declare:
        c.get(f"/w/{org}/principles")
        r = c.post_form(f"/w/{org}/declare", {"pledge": ["1", "2", "3", "4", "5"]})
        check(r.status == 303, f"★ declared: {r}")
    uid = int(sql(srv, f"SELECT id FROM users WHERE email = {q(email)}")[0][0])
    return c, org, uid


def mails_to(srv, address):
    return [m for m in srv.mails() if address in str(m["To"])]


def body(m):
    return m.get_body(("plain",)).get_content()


def wait_for_mail(srv, address, subject_part, timeout=10):
    """The newest mail to address whose subject contains subject_part, waiting for it."""
    import time
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = [m for m in mails_to(srv, address) if subject_part in str(m["Subject"])]
        if found:
            return found[-1]
        time.sleep(0.1)
    raise AssertionError(f"no mail to {address} with {subject_part!r}: "
                         f"{[str(m['Subject']) for m in mails_to(srv, address)]}")
