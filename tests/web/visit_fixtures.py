"""visit_fixtures.py - rows the visits tests need from other parts of the program (operator,
program with curriculum, an SME with an accepted application, an approved expert, a
confirmed match with the expert's advisor membership), written straight into the database
with dbutil, plus small helpers for the visits, report and fees tests."""
import datetime
import os
import re

from dbutil import insert, q, sql
from harness import check
from org_helpers import make_org

PASSWORD = "correct horse battery"
CURRICULUM = [("潜在リスクの診断（自社診断）", "Diagnosis of latent risks (self-diagnosis)"),
              ("重点対策の決定と基本方針の作成", "Focus areas, measures and the basic policy"),
              ("関連規程の洗い出しと作成", "Identify and draft the related rules"),
              ("規程の見直しとまとめ", "Review of the rules and wrap-up")]
NOW = "2026-01-01T00:00:00Z"


def today():
    """Today in Japan, as the server counts it (UTC+9)."""
    return (datetime.datetime.utcnow() + datetime.timedelta(hours=9)).date()


def day(offset):
    return (today() + datetime.timedelta(days=offset)).isoformat()


def login(srv, email, lang="ja"):
    c = srv.client(lang=lang)
    r = c.login(email, PASSWORD)
    check(r.status == 303, f"login {email}: {r}")
    return c


def user_id(srv, email):
    return int(sql(srv, f"SELECT id FROM users WHERE email = {q(email)}")[0][0])


def make_user(srv, email, role, name, lang="ja"):
    pw = os.path.join(srv.tmp, "pw.txt")
    with open(pw, "w") as f:
        f.write(PASSWORD + "\n")
    r = srv.run_cli("create-user", "--email", email, "--password-file", pw, "--role", role,
                    "--name", name)
    check(r.returncode == 0, f"user {email}: {r.stderr}")
    sql(srv, f"UPDATE users SET lang = {q(lang)} WHERE email = {q(email)}")
    return user_id(srv, email)


def operator(srv, email="op@example.com", lang="ja"):
    return make_user(srv, email, "operator", "事務局 花子", lang)


def program(srv, op_id, fee=40000, visit_count=4, visits_from=None, visits_until=None,
            name="情報セキュリティ指導 2026"):
    pid = insert(srv, "INSERT INTO programs (year, name, capacity, apply_from, apply_until, "
                      "visits_from, visits_until, visit_count, fee_per_visit, created_by, "
                      f"created_at) VALUES (2026, {q(name)}, 400, {q(day(-120))}, {q(day(-90))}, "
                      f"{q(visits_from or day(-60))}, {q(visits_until or day(60))}, "
                      f"{visit_count}, {fee}, {op_id}, {q(NOW)}) RETURNING id")
    for n, (ja, en) in enumerate(CURRICULUM[:visit_count], start=1):
        sql(srv, "INSERT INTO program_curriculum (program_id, visit_no, title_ja, title_en) "
                 f"VALUES ({pid}, {n}, {q(ja)}, {q(en)})")
    return pid


def sme(srv, email, lang="ja", name="山田建設株式会社"):
    """An SME owner with an organization; returns (client, org id, user id)."""
    c = srv.client(lang=lang)
    c.signup(email)
    sql(srv, f"UPDATE users SET lang = {q(lang)} WHERE email = {q(email)}")
    org = make_org(c, name=name)
    return c, org, user_id(srv, email)


def expert(srv, email, lang="ja", name="佐藤 一郎"):
    """An approved expert (role advisor); returns (expert id, user id)."""
    uid = make_user(srv, email, "advisor", name, lang)
    eid = insert(srv, "INSERT INTO experts (user_id, name, qualification, prefecture, capacity, "
                      f"status, created_at) VALUES ({uid}, {q(name)}, 'riss', 13, 5, 'approved', "
                      f"{q(NOW)}) RETURNING id")
    return eid, uid


def confirmed_match(srv, program_id, org, sme_uid, expert_id, expert_uid):
    """An accepted application with a confirmed match; the expert is the workspace's advisor."""
    aid = insert(srv, "INSERT INTO program_applications (program_id, org_id, applied_by, status, "
                      f"created_at) VALUES ({program_id}, {org}, {sme_uid}, 'matched', {q(NOW)}) "
                      "RETURNING id")
    sql(srv, f"UPDATE programs SET accepted = accepted + 1 WHERE id = {program_id}")
    mid = insert(srv, "INSERT INTO matches (application_id, expert_id, status, chosen_at, "
                      f"confirmed_at) VALUES ({aid}, {expert_id}, 'confirmed', {q(NOW)}, {q(NOW)}) "
                      "RETURNING id")
    sql(srv, f"UPDATE experts SET active = active + 1 WHERE id = {expert_id}")
    sql(srv, "INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES "
             f"({expert_uid}, {org}, 'advisor', {q(NOW)})")
    return aid, mid


def world(srv, sme_lang="ja", expert_lang="ja", fee=40000):
    """Operator, program, one SME and one expert with a confirmed match."""
    op = operator(srv)
    pid = program(srv, op, fee=fee)
    sc, org, suid = sme(srv, "owner@yamada.example.jp", sme_lang)
    eid, euid = expert(srv, "expert@example.jp", expert_lang)
    aid, mid = confirmed_match(srv, pid, org, suid, eid, euid)
    ec = login(srv, "expert@example.jp", expert_lang)
    return {"op": op, "program": pid, "sme": sc, "org": org, "sme_uid": suid, "expert": eid,
            "expert_uid": euid, "application": aid, "match": mid, "ec": ec}


def visit_id(srv, match, no):
    rows = sql(srv, f"SELECT id FROM visits WHERE match_id = {match} AND visit_no = {no}")
    return int(rows[0][0]) if rows else None


def report_visit(ec, match, no, date, minutes="120", summary=None, items=None, mode="onsite",
                 next_steps="次回までに規程案を確認"):
    ec.get(f"/expert/matches/{match}")
    return ec.post_form(f"/expert/matches/{match}/visits/{no}/report",
                        {"date": date, "mode": mode, "minutes": minutes,
                         "summary": f"第{no}回の指導を行いました" if summary is None else summary,
                         "items": items or [str(no)], "next_steps": next_steps})


def propose(ec, match, no, date, time="10:00", mode="onsite"):
    ec.get(f"/expert/matches/{match}")
    return ec.post_form(f"/expert/matches/{match}/visits/{no}/propose",
                        {"date": date, "time": time, "mode": mode})


def mails_to(srv, addr):
    return [m for m in srv.mails() if addr in str(m["To"])]


def body(m):
    return m.get_body(("plain",)).get_content()


def error_text(html, field_id):
    m = re.search(r'<p class="error" id="' + re.escape(field_id) + r'-error">＊([^<]*)</p>', html)
    return m.group(1) if m else None


# ---- for tests/web/test_i18n_pages.py (the lead wires these two in after merging) ----

def i18n_ids(srv, ids):
    """Makes the i18n test's advisor (adv@example.com) an approved expert with a confirmed
    match on the test organization, with one visit done; adds "match" and "program" to ids."""
    op = int(sql(srv, "SELECT id FROM users WHERE email = 'op@example.com'")[0][0])
    owner = int(sql(srv, f"SELECT user_id FROM memberships WHERE org_id = {ids['org']} AND "
                         "kind = 'member'")[0][0])
    adv = int(sql(srv, "SELECT id FROM users WHERE email = 'adv@example.com'")[0][0])
    pid = program(srv, op, name="Guidance 2026")
    eid = insert(srv, "INSERT INTO experts (user_id, name, qualification, prefecture, capacity, "
                      f"status, created_at) VALUES ({adv}, 'Ada Visor', 'riss', 13, 5, "
                      f"'approved', {q(NOW)}) RETURNING id")
    aid = insert(srv, "INSERT INTO program_applications (program_id, org_id, applied_by, status, "
                      f"created_at) VALUES ({pid}, {ids['org']}, {owner}, 'matched', {q(NOW)}) "
                      "RETURNING id")
    mid = insert(srv, "INSERT INTO matches (application_id, expert_id, status, chosen_at, "
                      f"confirmed_at) VALUES ({aid}, {eid}, 'confirmed', {q(NOW)}, {q(NOW)}) "
                      "RETURNING id")
    sql(srv, "INSERT INTO visits (match_id, visit_no, status, mode, done_on, minutes, summary, "
             f"items) VALUES ({mid}, 1, 'done', 'onsite', {q(day(-3))}, 120, 'Kick-off', '1')")
    sql(srv, "INSERT INTO visits (match_id, visit_no, status, planned_at, mode, proposed_at) "
             f"VALUES ({mid}, 2, 'proposed', {q(day(3) + 'T10:00')}, 'online', {q(NOW)})")
    return dict(ids, match=mid, program=pid)


def i18n_paths(pattern, ids):
    """Concrete paths and the viewer for the visits part's routes, or None for others."""
    if pattern in ("/expert/matches/:id", "/expert/matches/:id/report"):
        return [pattern.replace(":id", str(ids["match"]))], ["advisor"]
    if pattern == "/expert/fees":
        return [pattern], ["advisor"]
    if pattern == "/operator/matches/:id":
        return [pattern.replace(":id", str(ids["match"]))], ["operator"]
    if pattern == "/operator/programs/:id/fees":
        return [pattern.replace(":id", str(ids["program"]))], ["operator"]
    return None
