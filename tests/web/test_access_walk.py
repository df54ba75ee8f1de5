"""test_access_walk.py - walks EVERY route of `otasuke routes` as a user of organization A
against organization B's data and proves A can neither read nor change it; anonymous users
reach only public routes; an SME reaches no operator route."""
import json
import subprocess
import sys

from dbutil import insert, q, sql
from harness import BIN, Server, check

NOW = "2026-11-01T09:00:00Z"
# Tables whose content A must never change.
TABLES = ["organizations", "memberships", "declarations", "diagnoses", "diagnosis_answers",
          "policies", "plans", "plan_items", "invitations", "users"]


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
    ids = sorted({d, d2, p1, p2, pl, pi, dec, inv, 1, 2, 3})
    return ids


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
                                s in resp.text for s in ("B方針", "B本文", "B下書き", "B対策")):
                            failures.append(f"{method} {path} as A shows B's object")
                        if method != "GET" and resp.status < 400:
                            failures.append(f"{method} {path} as A with B's ids -> {resp.status}")
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
