"""test_briefing_concurrency.py - parallel registrations cannot over-fill a briefing session's
capacity or wait-list, parallel cancellations keep counters and rows in agreement (every
freed seat goes to exactly one waitlisted registrant), and anonymous registration is
rate-limited per address (the 31st attempt within 10 minutes is refused with 429)."""
import threading

from dbutil import sql
from harness import Server, check
from test_briefing import PASSWORD, create_session, jst_day, login, make_user, program, \
    session_form

N = 28  # anonymous registrations sent at once; with 2 more below: BRIEFING_IP_MAX = 30


def parallel(fns):
    """Runs every fn at the same moment in its own thread; returns their results."""
    barrier = threading.Barrier(len(fns))
    out = [None] * len(fns)

    def run(i, fn):
        barrier.wait()
        try:
            out[i] = fn()
        except Exception as e:  # noqa: BLE001 - reported as the result
            out[i] = e
    ts = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(fns)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    return out


def counts(srv, sid):
    rows = dict(sql(srv, f"SELECT status, COUNT(*) FROM briefing_registrations WHERE "
                         f"session_id = {sid} GROUP BY status"))
    acc, wtd = sql(srv, f"SELECT accepted, waitlisted FROM briefing_sessions WHERE id = {sid}")[0]
    return {k: int(v) for k, v in rows.items()}, int(acc), int(wtd)


def main():
    with Server() as srv:
        op_uid = make_user(srv, "ops@example.jp", "operator", "事務局")
        pid = program(srv, op_uid, "説明会 同時申込み")
        op = login(srv, "ops@example.jp")
        a = create_session(op, pid, session_form("東京会場", 13, 5, 3))
        b = create_session(op, pid, session_form("大阪会場", 27, 2, 2))

        # ---- N anonymous registrations at once on 5 seats + 3 wait-list places ----
        clients = [srv.client() for _ in range(N)]
        for c in clients:
            c.get(f"/programs/{pid}/briefings")

        def reg(i):
            return lambda: clients[i].post_form(
                f"/programs/{pid}/briefings",
                {"session": str(a), "name": f"専門家 {i}", "email": f"e{i}@example.jp",
                 "qualification": "riss"}).status
        res = parallel([reg(i) for i in range(N)])
        check(res == [303] * N, f"every registration answered: {res}")
        by, acc, wtd = counts(srv, a)
        check(by == {"accepted": 5, "waitlisted": 3, "refused": N - 8}, f"rows: {by}")
        check((acc, wtd) == (5, 3), f"counters: {acc}, {wtd}")
        mails = srv.wait_mail(N)
        subjects = [m["Subject"] for m in mails]
        check(sum("席を確保しました" in s for s in subjects) == 5 and
              sum("キャンセル待ち" in s for s in subjects) == 3 and
              sum("満席" in s for s in subjects) == N - 8, f"one mail each: {subjects}")
        positions = sorted(int(__import__("re").search(r"(\d+) 番目", m.get_body(
            ("plain",)).get_content()).group(1)) for m in mails if "キャンセル待ち" in m["Subject"])
        check(positions == [1, 2, 3], f"wait-list positions: {positions}")

        # ---- the same e-mail at once: exactly one registration ----
        dup = [srv.client() for _ in range(2)]
        for c in dup:
            c.get(f"/programs/{pid}/briefings")
        res = parallel([lambda c=c: c.post_form(
            f"/programs/{pid}/briefings", {"session": str(b), "name": "重複 太郎",
                                           "email": "dup@example.jp",
                                           "qualification": "itc"}).status for c in dup])
        check(sorted(res) == [303, 422], f"one of two identical registrations: {res}")
        check(sql(srv, "SELECT COUNT(*) FROM briefing_registrations WHERE email = "
                       "'dup@example.jp'") == [["1"]], "stored once")

        # ---- rate limit: that was attempt 30 from this address; the 31st is refused ----
        c = srv.client()
        c.get(f"/programs/{pid}/briefings")
        r = c.post_form(f"/programs/{pid}/briefings",
                        {"session": str(b), "name": "多い 人", "email": "many@example.jp",
                         "qualification": "riss"})
        check(r.status == 429 and "10 分" in r.text, f"throttled page: {r.status}")
        r = c.api("POST", f"/api/v1/briefings/{b}/registrations",
                  {"name": "多い 人", "email": "many@example.jp", "qualification": "riss"})
        check(r.status == 429, f"throttled API: {r}")
        check(sql(srv, "SELECT COUNT(*) FROM briefing_registrations WHERE email = "
                       "'many@example.jp'") == [["0"]], "nothing stored when throttled")

        # ---- logged-in experts (not throttled): register, then cancel in parallel ----
        experts = []
        for i in range(7):
            make_user(srv, f"adv{i}@example.jp", "advisor", f"専門家 {i}")
            experts.append(login(srv, f"adv{i}@example.jp"))
        for e in experts:
            e.get(f"/programs/{pid}/briefings")
        res = parallel([lambda e=e, i=i: e.post_form(
            f"/programs/{pid}/briefings", {"session": str(b), "name": f"専門家 {i}",
                                           "email": f"adv{i}@example.jp",
                                           "qualification": "riss"}).status
            for i, e in enumerate(experts)])
        check(res == [303] * 7, f"experts registered: {res}")
        by, acc, wtd = counts(srv, b)
        check(by == {"accepted": 2, "waitlisted": 2, "refused": 4}, f"session b: {by}")
        check((acc, wtd) == (2, 2), "session b counters")
        # Everyone holding a seat or a wait-list place cancels at the same moment (the
        # anonymous "dup" registration holds one of them and stays).
        holders = sql(srv, f"SELECT r.id, u.email FROM briefing_registrations r JOIN users u ON "
                           f"u.id = r.user_id WHERE r.session_id = {b} AND r.status IN "
                           "('accepted', 'waitlisted') ORDER BY r.id")
        check(len(holders) == 3, f"three experts hold a place: {holders}")
        by_email = {f"adv{i}@example.jp": e for i, e in enumerate(experts)}
        for _, em in holders:
            by_email[em].get("/expert/briefings")
        res = parallel([lambda rid=rid, em=em: by_email[em].post_form(
            f"/expert/briefings/{rid}/cancel", {}).status for rid, em in holders])
        check(res == [303] * 3, f"cancelled: {res}")
        by, acc, wtd = counts(srv, b)
        check(by.get("cancelled") == 3 and acc == by.get("accepted", 0) and
              wtd == by.get("waitlisted", 0) and acc <= 2, f"after cancels: {by} {acc} {wtd}")
        check(sql(srv, f"SELECT status FROM briefing_registrations WHERE session_id = {b} AND "
                       "email = 'dup@example.jp'") == [["accepted"]], "the remaining one kept")
    print(f"ok: {N} parallel registrations, parallel cancellations, rate limit")


if __name__ == "__main__":
    main()
