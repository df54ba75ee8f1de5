"""test_matching_concurrency.py - many SMEs choose the same expert at the same moment (one
thread each, requests released together): the expert's active count never exceeds its
capacity and exactly `capacity` choices succeed; the others are told the expert is full.
Also two members of one SME choosing two different experts at once make one match only."""
import threading

from dbutil import sql
from expert_helpers import (approve, expert_id, make_application, make_operator, make_program,
                            make_sme, register_expert, send_proposal)
from harness import Server, check

SMES = 12


def race(clients, paths, forms):
    """POSTs in parallel, released together by a barrier; returns the statuses."""
    barrier = threading.Barrier(len(clients))
    out = [None] * len(clients)

    def run(k):
        barrier.wait()
        try:
            out[k] = clients[k].post_form(paths[k], forms[k]).status
        except Exception as e:  # noqa: BLE001 - reported by the assertion below
            out[k] = repr(e)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def scenario(srv, prog, capacity, tag):
    register_expert(srv, f"{tag}@example.jp", expert_name=f"専門家 {tag}")
    e = expert_id(srv, f"{tag}@example.jp")
    approve(srv, e, capacity=capacity)
    clients, paths, forms = [], [], []
    for k in range(SMES):
        c, org = make_sme(srv, f"{tag}-sme{k}@example.jp", f"{tag}社{k}")
        app = make_application(srv, prog, org)
        send_proposal(srv, app, [e])
        c.get(f"/w/{org}/program/experts")
        clients.append(c)
        paths.append(f"/w/{org}/program/experts/choose")
        forms.append({"application": str(app), "expert": str(e)})
    statuses = race(clients, paths, forms)
    ok = statuses.count(303)
    full = statuses.count(409)
    check(ok == capacity and full == SMES - capacity,
          f"capacity {capacity}: {ok} chose, {full} told full: {statuses}")
    active = int(sql(srv, f"SELECT active FROM experts WHERE id = {e}")[0][0])
    matches = int(sql(srv, f"SELECT COUNT(*) FROM matches WHERE expert_id = {e}")[0][0])
    check(active == capacity and matches == capacity,
          f"active {active}, matches {matches}, capacity {capacity}")


def main():
    with Server() as srv:
        make_operator(srv)
        prog = make_program(srv)
        scenario(srv, prog, 1, "one")
        scenario(srv, prog, 3, "three")
        # Two members of one organization choose different experts at the same time.
        register_expert(srv, "x@example.jp", expert_name="専門家 X")
        register_expert(srv, "y@example.jp", expert_name="専門家 Y")
        ex, ey = expert_id(srv, "x@example.jp"), expert_id(srv, "y@example.jp")
        approve(srv, ex)
        approve(srv, ey)
        c1, org = make_sme(srv, "owner@example.jp", "同時社")
        c2 = srv.client()
        c2.signup("colleague@example.jp")
        uid = sql(srv, "SELECT id FROM users WHERE email = 'colleague@example.jp'")[0][0]
        sql(srv, "INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES "
                 f"({uid}, {org}, 'member', '2026-11-01T00:00:00Z')")
        app = make_application(srv, prog, org)
        send_proposal(srv, app, [ex, ey])
        c1.get(f"/w/{org}/program/experts")
        c2.get(f"/w/{org}/program/experts")
        path = f"/w/{org}/program/experts/choose"
        statuses = race([c1, c2], [path, path],
                        [{"application": str(app), "expert": str(ex)},
                         {"application": str(app), "expert": str(ey)}])
        check(sorted(statuses) == [303, 409], f"one choice wins: {statuses}")
        n = sql(srv, f"SELECT COUNT(*) FROM matches WHERE application_id = {app}")[0][0]
        act = sql(srv, f"SELECT SUM(active) FROM experts WHERE id IN ({ex}, {ey})")[0][0]
        check(n == "1" and act == "1", f"one match, one active: {n} {act}")
    print(f"ok: {SMES} parallel choices respect capacity 1 and 3; one match per application")


if __name__ == "__main__":
    main()
