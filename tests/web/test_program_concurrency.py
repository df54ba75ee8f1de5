"""test_program_concurrency.py - many parallel accepts can never over-fill a program: a
program with capacity N and more than N submitted applications; every application is
accepted at the same moment from its own thread (half through the JSON API with a bearer
token, half through the operator's page form); exactly N succeed, the others are told the
program is full, and the database holds accepted = N."""
import threading
import sys

from dbutil import insert, q, sql
from harness import Server, check
from program_helpers import NOW, PASSWORD, create_program, jst_today, operator

CAPACITY = 5
APPLICATIONS = 24


def main():
    with Server() as srv:
        op = operator(srv)
        pid = create_program(op, "並行テスト", capacity=CAPACITY)
        uid = int(sql(srv, "SELECT id FROM users WHERE email = 'ops@example.jp'")[0][0])
        apps = []
        for i in range(APPLICATIONS):
            org = insert(srv, "INSERT INTO organizations (name, org_type, industry, capital, employees, "
                              f"prefecture, sme_eligible, sme_rule, created_at) VALUES ({q(f'並行{i}社')}, "
                              f"'company', 'construction', 10000000, 12, {1 + i % 47}, 1, 1, {q(NOW)}) RETURNING id")
            apps.append(insert(srv, "INSERT INTO program_applications (program_id, org_id, applied_by, "
                                    f"status, created_at) VALUES ({pid}, {org}, {uid}, 'submitted', {q(NOW)}) "
                                    "RETURNING id"))
        token = op.api("POST", "/api/v1/tokens", {"email": "ops@example.jp", "password": PASSWORD})
        check(token.status in (200, 201), f"token: {token}")
        token = token.json()["token"]
        # Page clients: one operator session each, CSRF token taken from the list page.
        page_clients = []
        for i in range(APPLICATIONS // 2):
            c = srv.client()
            check(c.login("ops@example.jp", PASSWORD).status == 303, "login")
            c.get(f"/operator/programs/{pid}/applications")
            page_clients.append(c)

        results = [None] * APPLICATIONS
        barrier = threading.Barrier(APPLICATIONS)

        def run(i):
            app = apps[i]
            if i % 2 == 0:
                c = srv.client()
                c.token = token
                barrier.wait()
                r = c.api("POST", f"/api/v1/applications/{app}/decision", {"decision": "accept"})
                ok = r.status == 200
                full = r.status == 409 and r.json()["error"]["code"] == "program_full"
            else:
                c = page_clients[i // 2]
                barrier.wait()
                r = c.post_form(f"/operator/programs/{pid}/applications/{app}/decision",
                                {"decision": "accept"})
                ok = r.status == 303
                full = r.status == 409 and "定員に達している" in r.text
            results[i] = (ok, full, r.status)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(APPLICATIONS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        check(all(r is not None for r in results), f"every request answered: {results}")
        accepted = sum(1 for ok, _, _ in results if ok)
        full = sum(1 for ok, f, _ in results if not ok and f)
        print(f"parallel accepts: {accepted} accepted, {full} told the program is full, "
              f"statuses {sorted(s for _, _, s in results)}")
        check(accepted == CAPACITY, f"exactly {CAPACITY} accepted, got {accepted}: {results}")
        check(full == APPLICATIONS - CAPACITY, f"the others were told it is full: {results}")
        check(sql(srv, f"SELECT accepted, capacity FROM programs WHERE id = {pid}")
              == [[str(CAPACITY), str(CAPACITY)]], "programs.accepted == capacity")
        check(sql(srv, f"SELECT COUNT(*) FROM program_applications WHERE program_id = {pid} AND "
                       "status = 'accepted'") == [[str(CAPACITY)]], "accepted rows == capacity")
        check(sql(srv, f"SELECT COUNT(*) FROM program_applications WHERE program_id = {pid} AND "
                       "status = 'submitted'") == [[str(APPLICATIONS - CAPACITY)]],
              "the refused ones are still waiting (to be wait-listed)")
        # The refused ones can be wait-listed; accepting the same application twice at once
        # counts once.
        sql(srv, f"UPDATE programs SET capacity = {CAPACITY + 10} WHERE id = {pid}")
        rest = [a for a in apps if sql(srv, f"SELECT status FROM program_applications WHERE id = {a}")[0][0] == "submitted"]
        target = rest[0]
        same = [None] * 8
        barrier2 = threading.Barrier(8)

        def twice(i):
            c = srv.client()
            c.token = token
            barrier2.wait()
            same[i] = c.api("POST", f"/api/v1/applications/{target}/decision", {"decision": "accept"}).status

        ts = [threading.Thread(target=twice, args=(i,)) for i in range(8)]
        for t in ts:
            t.start()
        for t in ts:
            t.join(60)
        check(same.count(200) == 1 and same.count(409) == 7, f"one accept of the same application: {same}")
        check(sql(srv, f"SELECT accepted FROM programs WHERE id = {pid}") == [[str(CAPACITY + 1)]],
              "counted once")
    print("program concurrency: accepted never exceeded the capacity")


if __name__ == "__main__":
    main()
