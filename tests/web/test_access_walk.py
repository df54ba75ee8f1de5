"""test_access_walk.py - walks EVERY route of `otasuke routes` as a user of organization A
against organization B's data and proves A can neither read nor change it; anonymous users
reach only public routes; an SME reaches no operator route. The guidance program's routes
(ids of programs, applications, matches, visits, briefing sessions, experts) are walked as
organization A's owner and as expert X against B's application and B's match with expert Y:
neither sees nor changes them; expert X cannot open B's workspace."""
import json
import subprocess
import sys

from dbutil import insert, q, sql
from harness import BIN, Server, check

NOW = "2026-11-01T09:00:00Z"
# Tables whose content A must never change.
TABLES = ["organizations", "memberships", "declarations", "diagnoses", "diagnosis_answers",
          "policies", "plans", "plan_items", "invitations", "users", "rules_checks", "info_assets",
          "programs", "program_applications", "experts", "match_proposals", "matches", "visits",
          "final_reports", "fee_payments", "briefing_sessions", "briefing_registrations",
          "survey_responses"]
# Text of B's objects that must never reach A or expert X.
SECRETS = ("B社", "B方針", "B本文", "B下書き", "B対策", "B資産", "B訪問", "B報告", "Y専門家")


def snapshot(srv):
    snap = {}
    for t in TABLES:
        rows = sql(srv, f"SELECT * FROM {t} ORDER BY 1, 2")
        snap[t] = rows
    return snap


def make_org(srv, name, user_email):
    uid = int(sql(srv, f"SELECT id FROM users WHERE email = {q(user_email)}")[0][0])
    org = insert(srv, "INSERT INTO organizations (name, org_type, industry, capital, employees, "
                      f"prefecture, sme_eligible, sme_rule, created_at) VALUES ({q(name)}, 'company', "
                      f"'construction', 10000000, 12, 13, 1, 1, {q(NOW)}) RETURNING id")
    sql(srv, f"INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES ({uid}, {org}, 'member', {q(NOW)})")
    return uid, org


def fill_b(srv, uid, org):
    """Gives B one object of every kind so that every id-taking route has a target."""
    ids = []
    d = insert(srv, "INSERT INTO diagnoses (org_id, status, started_at, completed_at, total, score_basic, "
                    "score_employee, score_organization, band, created_by) VALUES "
                    f"({org}, 'completed', {q(NOW)}, {q(NOW)}, 100, 20, 52, 28, 'achieved', {uid}) RETURNING id")
    for i in range(1, 26):
        sql(srv, f"INSERT INTO diagnosis_answers (diagnosis_id, item, answer) VALUES ({d}, {i}, 'done')")
    d2 = insert(srv, "INSERT INTO diagnoses (org_id, status, started_at, created_by) VALUES "
                     f"({org}, 'in_progress', {q(NOW)}, {uid}) RETURNING id")
    p1 = insert(srv, "INSERT INTO policies (org_id, version, status, title, body, created_at, updated_at, "
                     f"published_at, created_by) VALUES ({org}, 1, 'published', 'B方針', 'B本文', {q(NOW)}, "
                     f"{q(NOW)}, {q(NOW)}, {uid}) RETURNING id")
    p2 = insert(srv, "INSERT INTO policies (org_id, version, status, title, body, created_at, updated_at, "
                     f"created_by) VALUES ({org}, 2, 'draft', 'B下書き', 'B下書き本文', {q(NOW)}, {q(NOW)}, {uid}) RETURNING id")
    pl = insert(srv, "INSERT INTO plans (org_id, diagnosis_id, start_month, created_at, updated_at) VALUES "
                     f"({org}, {d}, '2026-12', {q(NOW)}, {q(NOW)}) RETURNING id")
    pi = insert(srv, "INSERT INTO plan_items (plan_id, measure_key, item, title, priority, month, owner, status) "
                     f"VALUES ({pl}, 'm01-update', 1, 'B対策', 'high', 1, 'owner', 'todo') RETURNING id")
    dec = insert(srv, "INSERT INTO declarations (public_id, org_id, level, status, declared_at, declared_by) "
                      f"VALUES ('SA9999999999', {org}, 1, 'active', {q(NOW)}, {uid}) RETURNING id")
    inv = insert(srv, "INSERT INTO invitations (org_id, email, token_hash, invited_by, status, created_at) "
                      f"VALUES ({org}, 'adv@example.jp', {q('0' * 64)}, {uid}, 'pending', {q(NOW)}) RETURNING id")
    asset = insert(srv, "INSERT INTO info_assets (org_id, name, confidentiality, integrity, availability, "
                        f"threat, weakness, created_at, updated_at) VALUES ({org}, 'B資産', 3, 3, 3, 3, 3, "
                        f"{q(NOW)}, {q(NOW)}) RETURNING id")
    sql(srv, "INSERT INTO rules_checks (org_id, chapter, status, notes, updated_at) VALUES "
             f"({org}, 'organization', 'in_place', 'B規程', {q(NOW)})")
    ids = sorted({d, d2, p1, p2, pl, pi, dec, inv, asset, 1, 2, 3})
    return ids


def fill_b_program(srv, uid, org, expert_y_user):
    """B's application in a program, matched with expert Y, one visit done, the final
    report, a fee payment, a briefing session with Y's registration and B's survey."""
    prog = insert(srv, "INSERT INTO programs (year, name, capacity, accepted, apply_from, apply_until, "
                       "visits_from, visits_until, visit_count, fee_per_visit, created_by, created_at) "
                       f"VALUES (2026, 'B事業', 10, 1, '2026-01-01', '2026-12-31', '2026-01-01', "
                       f"'2026-12-31', 4, 10000, {uid}, {q(NOW)}) RETURNING id")
    app = insert(srv, "INSERT INTO program_applications (program_id, org_id, applied_by, status, message, "
                      f"created_at) VALUES ({prog}, {org}, {uid}, 'matched', 'B社の申込', {q(NOW)}) RETURNING id")
    exp = insert(srv, "INSERT INTO experts (user_id, name, qualification, registration_no, prefecture, capacity, "
                      f"active, status, created_at) VALUES ({expert_y_user}, 'Y専門家', 'riss', '000001', 13, 3, 1, "
                      f"'approved', {q(NOW)}) RETURNING id")
    prop = insert(srv, "INSERT INTO match_proposals (application_id, expert_id, rank, score, status, created_at) "
                       f"VALUES ({app}, {exp}, 1, 100, 'chosen', {q(NOW)}) RETURNING id")
    m = insert(srv, "INSERT INTO matches (application_id, expert_id, status, chosen_at, confirmed_at) VALUES "
                    f"({app}, {exp}, 'confirmed', {q(NOW)}, {q(NOW)}) RETURNING id")
    sql(srv, f"INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES ({expert_y_user}, {org}, "
             f"'advisor', {q(NOW)})")
    v = insert(srv, "INSERT INTO visits (match_id, visit_no, status, planned_at, done_on, minutes, summary, "
                    f"reported_at) VALUES ({m}, 1, 'done', '2026-10-01T10:00', '2026-10-01', 120, 'B訪問', "
                    f"{q(NOW)}) RETURNING id")
    v2 = insert(srv, "INSERT INTO visits (match_id, visit_no, status, planned_at) VALUES "
                     f"({m}, 2, 'proposed', '2026-12-20T10:00') RETURNING id")
    bs = insert(srv, "INSERT INTO briefing_sessions (program_id, venue, starts_at, ends_at, capacity, "
                     "register_from, register_until, created_by, created_at, updated_at) VALUES "
                     f"({prog}, 'B会場', '2026-12-01T10:00', '2026-12-01T12:00', 10, '2026-01-01', "
                     f"'2026-11-30', {uid}, {q(NOW)}, {q(NOW)}) RETURNING id")
    br = insert(srv, "INSERT INTO briefing_registrations (session_id, email, name, qualification, user_id, "
                     f"status, created_at) VALUES ({bs}, 'y@example.jp', 'Y専門家', 'riss', {expert_y_user}, "
                     f"'accepted', {q(NOW)}) RETURNING id")
    return sorted({prog, app, exp, prop, m, v, v2, bs, br})


def fill(pattern, org, other):
    parts = []
    first = True
    for seg in pattern.split("/"):
        if seg.startswith(":"):
            parts.append(str(org) if first else str(other))
            first = False
        else:
            parts.append(seg)
    return "/".join(parts)


def call(client, method, path, api):
    if api:
        return client.api(method, path, {} if method != "GET" else None)
    if method == "GET":
        return client.get(path)
    return client.post_form(path, {"title": "x", "body": "y", "reason": "z", "email": "e@example.jp",
                                   "answer": "done", "level": "2", "name": "n"})


def main():
    routes = json.loads(subprocess.run([BIN, "routes"], capture_output=True, text=True, check=True).stdout)
    check(len(routes) > 10, "route table read")
    with Server() as srv:
        a = srv.client()
        a.signup("a@example.jp")
        b = srv.client()
        b.signup("b@example.jp")
        _, org_a = make_org(srv, "A社", "a@example.jp")
        uid_b, org_b = make_org(srv, "B社", "b@example.jp")
        b_ids = fill_b(srv, uid_b, org_b)
        # Experts: Y supports B; X is another approved expert with no match.
        y = srv.client()
        y.signup("y@example.jp")
        x = srv.client()
        x.signup("x@example.jp")
        sql(srv, "UPDATE users SET role = 'advisor' WHERE email IN ('x@example.jp', 'y@example.jp')")
        uid_y = int(sql(srv, "SELECT id FROM users WHERE email = 'y@example.jp'")[0][0])
        uid_x = int(sql(srv, "SELECT id FROM users WHERE email = 'x@example.jp'")[0][0])
        sql(srv, "INSERT INTO experts (user_id, name, qualification, registration_no, prefecture, capacity, "
                 f"status, created_at) VALUES ({uid_x}, 'X専門家', 'riss', '000002', 13, 3, 'approved', {q(NOW)})")
        p_ids = fill_b_program(srv, uid_b, org_b, uid_y)
        x_api = srv.client()
        x_api.token = x_api.api("POST", "/api/v1/tokens", {"email": "x@example.jp",
                                                           "password": "correct horse battery"}).json()["token"]
        a_api = srv.client()
        a_api.token = a_api.api("POST", "/api/v1/tokens", {"email": "a@example.jp",
                                                           "password": "correct horse battery"}).json()["token"]
        before = snapshot(srv)
        failures = []
        walked = 0
        for r in routes:
            method, pattern, flags = r["method"], r["pattern"], r["flags"]
            api = "api" in flags
            client = a_api if api else a
            if "org" in flags:
                # 1. B's organization in the path: no access at all.
                for other in b_ids:
                    path = fill(pattern, org_b, other)
                    resp = call(client, method, path, api)
                    walked += 1
                    if resp.status not in (403, 404):
                        failures.append(f"{method} {path} as A -> {resp.status}")
                    if "B社" in resp.text or "B方針" in resp.text or "B本文" in resp.text:
                        failures.append(f"{method} {path} as A shows B's data")
                # 2. A's own organization with B's object ids: the object must not be found.
                if pattern.count(":") > 1:
                    for other in b_ids:
                        path = fill(pattern, org_a, other)
                        resp = call(client, method, path, api)
                        walked += 1
                        if resp.status < 300 and method == "GET" and any(
                                s in resp.text for s in SECRETS):
                            failures.append(f"{method} {path} as A shows B's object")
                        if method != "GET" and resp.status < 400:
                            failures.append(f"{method} {path} as A with B's ids -> {resp.status}")
            if "org" in flags and method == "GET":
                # 3. Expert X (not B's advisor) cannot open B's workspace.
                path = fill(pattern, org_b, b_ids[0])
                resp = call(x_api if api else x, method, path, api)
                walked += 1
                if resp.status not in (403, 404):
                    failures.append(f"{method} {path} as expert X -> {resp.status}")
            if "org" not in flags and ":" in pattern and "public" not in flags:
                # 4. Program objects of B (and of expert Y) as A's owner and as expert X.
                for who, (cl, cl_api) in (("A", (a, a_api)), ("expert X", (x, x_api))):
                    for other in p_ids:
                        path = "/".join(str(other) if seg.startswith(":") else seg
                                        for seg in pattern.split("/"))
                        resp = call(cl_api if api else cl, method, path, api)
                        walked += 1
                        if method == "GET" and resp.status < 300 and any(s in resp.text for s in SECRETS):
                            failures.append(f"{method} {path} as {who} shows B's or Y's data")
                        if method != "GET" and resp.status < 400:
                            failures.append(f"{method} {path} as {who} -> {resp.status}")
            if "public" not in flags:
                # Anonymous: login required.
                anon = srv.client()
                path = fill(pattern, org_b, b_ids[0])
                resp = call(anon, method, path, api)
                walked += 1
                ok = resp.status in (401, 403) or (resp.status == 303 and "/login" in (resp.header("Location") or ""))
                if not ok:
                    failures.append(f"{method} {path} anonymous -> {resp.status}")
            roles = {"operator", "admin", "advisor"} & set(flags)
            if roles and "sme" not in flags and "public" not in flags:
                resp = call(client, method, fill(pattern, org_a, b_ids[0]), api)
                walked += 1
                if resp.status not in (403, 404):
                    failures.append(f"{method} {pattern} as an SME -> {resp.status}")
        # Positive control: expert Y does see B on its own match, so the checks above can fail.
        m_id = int(sql(srv, "SELECT id FROM matches WHERE status = 'confirmed'")[0][0])
        r = y.get(f"/expert/matches/{m_id}")
        check(r.status == 200 and "B社" in r.text and "B訪問" in r.text, f"Y sees its match: {r.status}")
        after = snapshot(srv)
        for t in TABLES:
            if before[t] != after[t]:
                failures.append(f"table {t} changed during the walk")
        print(f"access walk: {len(routes)} routes, {walked} requests")
        if failures:
            print("\n".join(failures[:50]))
            sys.exit(1)
    print("access walk: organization A could neither read nor change organization B's data")


if __name__ == "__main__":
    main()
