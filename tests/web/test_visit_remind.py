"""test_visit_remind.py - `otasuke remind --now`: a confirmed visit in two days is
reminded to the expert and the SME, the end of the visit period (14 days) to experts with
visits left, a proposal unconfirmed for 3 days to the SME; each exactly once however often
the command runs, and nothing before it is due."""
import datetime

from dbutil import q, sql
from harness import Server, check
from visit_fixtures import (confirmed_match, day, expert, mails_to, program, sme, world)

SME_MAIL = "owner@yamada.example.jp"
EXPERT_MAIL = "expert@example.jp"


def remind(srv, now):
    r = srv.run_cli("remind", "--now", now, "--smtp", f"smtp://127.0.0.1:{srv.smtp_port}",
                    "--base-url", "https://otasuke.example.jp")
    check(r.returncode == 0, f"remind: {r.stderr}")
    return r.stdout


def utc(date_s, hh):
    """Japan local date date_s at hh:00 as UTC ISO."""
    d = datetime.datetime.fromisoformat(date_s) + datetime.timedelta(hours=hh - 9)
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    with Server() as srv:
        w = world(srv)
        mid = w["match"]
        # A confirmed visit on day(5) at 10:00 (Japan).
        sql(srv, "INSERT INTO visits (match_id, visit_no, status, planned_at, mode, proposed_at, "
                 f"confirmed_at) VALUES ({mid}, 1, 'confirmed', {q(day(5) + 'T10:00')}, 'online', "
                 f"{q(utc(day(0), 9))}, {q(utc(day(0), 9))})")
        n0 = len(srv.mails())
        out = remind(srv, utc(day(2), 9))  # 3 days and 1 hour before: not yet
        check("visits 0" in out and len(srv.mails()) == n0, f"too early: {out}")
        out = remind(srv, utc(day(3), 11))  # 47 hours before
        check("visits 1" in out, out)
        srv.wait_mail(n0 + 2)
        for addr in (SME_MAIL, EXPERT_MAIL):
            got = mails_to(srv, addr)
            check(got and "2日後" in str(got[-1]["Subject"]) and day(5) in
                  got[-1].get_body(("plain",)).get_content(), f"{addr} reminded")
        out = remind(srv, utc(day(3), 12))
        check("visits 0" in out and len(srv.mails()) == n0 + 2, f"reminded once: {out}")

        # A proposal unconfirmed for 3 days, in another match: the SME is reminded once.
        _, org2, suid2 = sme(srv, "slow@example.jp", name="株式会社スロー")
        eid2, euid2 = expert(srv, "expert2@example.jp", name="田中 四郎")
        _, mid2 = confirmed_match(srv, w["program"], org2, suid2, eid2, euid2)
        sql(srv, "INSERT INTO visits (match_id, visit_no, status, planned_at, mode, proposed_at) "
                 f"VALUES ({mid2}, 1, 'proposed', {q(day(20) + 'T10:00')}, 'onsite', "
                 f"{q(utc(day(0), 9))})")
        n1 = len(srv.mails())
        out = remind(srv, utc(day(2), 9))
        check("unconfirmed proposals 0" in out, f"2 days: not yet: {out}")
        out = remind(srv, utc(day(3), 10))
        check("unconfirmed proposals 1" in out, out)
        srv.wait_mail(n1 + 1)
        check(mails_to(srv, "slow@example.jp") and
              "ご確認ください" in str(mails_to(srv, "slow@example.jp")[-1]["Subject"]),
              "the SME is asked to confirm")
        check(mails_to(srv, "expert2@example.jp") == [], "not the expert")
        out = remind(srv, utc(day(4), 10))
        check("unconfirmed proposals 0" in out, f"once: {out}")

        # The visit period ends on day(30): 14 days before, experts with visits left.
        pid2 = program(srv, w["op"], visits_until=day(30), name="小規模事業 2026")
        _, org3, suid3 = sme(srv, "late@example.jp", name="株式会社レイト")
        eid3, euid3 = expert(srv, "late-expert@example.jp", name="伊藤 五郎")
        _, mid3 = confirmed_match(srv, pid2, org3, suid3, eid3, euid3)
        # A match of the same program with every visit done is not reminded.
        _, org4, suid4 = sme(srv, "done@example.jp", name="株式会社ダン")
        eid4, euid4 = expert(srv, "done-expert@example.jp", name="渡辺 六郎")
        _, mid4 = confirmed_match(srv, pid2, org4, suid4, eid4, euid4)
        for no in range(1, 5):
            sql(srv, "INSERT INTO visits (match_id, visit_no, status, mode, done_on, minutes) "
                     f"VALUES ({mid4}, {no}, 'done', 'onsite', {q(day(-10 + no))}, 120)")
        out = remind(srv, utc(day(15), 9))  # 15 days before the end
        check("period end 0" in out, f"not yet: {out}")
        out = remind(srv, utc(day(16), 9))
        check("period end 1" in out, out)
        check(mails_to(srv, "late-expert@example.jp") and
              day(30) in mails_to(srv, "late-expert@example.jp")[-1]
              .get_body(("plain",)).get_content(), "the expert is told the end date")
        check(mails_to(srv, "done-expert@example.jp") == [], "no reminder when all visits done")
        out = remind(srv, utc(day(20), 9))
        check("period end 0" in out, f"once per match: {out}")
        check(sql(srv, f"SELECT COUNT(*) FROM match_reminders WHERE match_id = {mid3}") == [["1"]],
              "recorded")
        check(srv.run_cli("remind", "--now", "yesterday").returncode == 2, "bad --now")
    print("ok")


if __name__ == "__main__":
    main()
