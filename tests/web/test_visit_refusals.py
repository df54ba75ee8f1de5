"""test_visit_refusals.py - every refused visit input: outside the visit period, a proposal
in the past, a report in the future, before the previous visit, out of order, a bad
duration; the page answers 422 with the input kept and the reason in the user's language
(Japanese and English experts), and nothing is stored. The JSON API refuses the same."""
from dbutil import sql
from harness import Server, check
from visit_fixtures import (day, error_text, expert, confirmed_match, login, propose,
                            report_visit, sme, world)


def refused(r, field, text, what):
    check(r.status == 422, f"{what}: status {r.status}")
    msg = error_text(r.text, field)
    check(msg is not None and text in msg, f"{what}: message {msg!r}, wanted {text!r}")


def main():
    with Server() as srv:
        w = world(srv, expert_lang="ja")
        mid, ec = w["match"], w["ec"]
        # Proposals: outside the period, in the past, a bad time.
        r = propose(ec, mid, 1, day(61))
        refused(r, "p-date", "訪問期間内", "proposal after the period")
        check(f'value="{day(61)}"' in r.text, "the refused date is kept")
        refused(propose(ec, mid, 1, day(-1)), "p-date", "過去の日付", "proposal in the past")
        refused(propose(ec, mid, 1, day(3), time="25:00"), "p-time", "時刻", "bad time")
        check(sql(srv, f"SELECT COUNT(*) FROM visits WHERE match_id = {mid}") == [["0"]],
              "no visit stored")

        # Reports: out of order, in the future, outside the period, bad durations.
        r = report_visit(ec, mid, 3, day(-5), summary="順番を飛ばした報告")
        refused(r, "r-date", "順番", "visit 3 before visit 1")
        check("順番を飛ばした報告" in r.text, "the summary is kept")
        r = report_visit(ec, mid, 1, day(1), summary="未来の訪問")
        refused(r, "r-date", "未来の日付", "report in the future")
        check("未来の訪問" in r.text and f'value="{day(1)}"' in r.text, "input kept")
        refused(report_visit(ec, mid, 1, day(-61)), "r-date", "訪問期間内",
                "report before the period")
        for bad in ("29", "481", "abc", ""):
            r = report_visit(ec, mid, 1, day(-10), minutes=bad, summary="時間の誤り")
            refused(r, "r-minutes", "30から480", f"duration {bad!r}")
            check(f'value="{bad}"' in r.text and "時間の誤り" in r.text, "input kept")
        r = report_visit(ec, mid, 1, day(-10), summary="")
        refused(r, "r-summary", "", "empty summary")
        check(sql(srv, f"SELECT COUNT(*) FROM visits WHERE match_id = {mid}") == [["0"]],
              "nothing stored by refused reports")

        # Before the previous visit.
        check(report_visit(ec, mid, 1, day(-10)).status == 303, "visit 1 reported")
        refused(report_visit(ec, mid, 2, day(-11)), "r-date", "前回の訪問より前",
                "visit 2 before visit 1")
        check(report_visit(ec, mid, 2, day(-10)).status == 303, "same day as the previous: ok")
        # A visit number outside the curriculum is not a page.
        check(report_visit(ec, mid, 9, day(-1)).status == 404, "visit 9 of 4")

        # The same refusals in English for an English expert.
        _, org2, suid2 = sme(srv, "second@example.jp", name="株式会社二番")
        eid2, euid2 = expert(srv, "expert2@example.com", lang="en", name="Jane Expert")
        _, mid2 = confirmed_match(srv, w["program"], org2, suid2, eid2, euid2)
        ec2 = login(srv, "expert2@example.com", "en")
        refused(propose(ec2, mid2, 1, day(61)), "p-date", "visit period", "English period")
        refused(report_visit(ec2, mid2, 1, day(-1), minutes="20"), "r-minutes",
                "between 30 and 480", "English duration")
        refused(report_visit(ec2, mid2, 1, day(2)), "r-date", "in the future", "English future")

        # The JSON API: same rules, field messages.
        r = ec2.api("POST", f"/api/v1/matches/{mid2}/visits",
                    {"date": day(-2), "time": "10:00", "mode": "onsite"})
        check(r.status == 422 and "date" in r.json()["error"]["fields"], r)
        r = ec2.api("POST", f"/api/v1/matches/{mid2}/visits",
                    {"date": day(2), "time": "10:00", "mode": "boat"})
        check(r.status == 422 and "mode" in r.json()["error"]["fields"], r)
        r = ec2.api("POST", f"/api/v1/matches/{mid2}/visits",
                    {"date": day(2), "time": "10:00", "mode": "online"})
        check(r.status == 201 and r.json()["visits"][0]["status"] == "proposed", r)
        vid = r.json()["visits"][0]["id"]
        r = ec2.api("POST", f"/api/v1/visits/{vid}/report",
                    {"date": day(-1), "mode": "online", "minutes": 600, "summary": "x"})
        check(r.status == 422 and "minutes" in r.json()["error"]["fields"], r)
        r = ec2.api("POST", f"/api/v1/visits/{vid}/report",
                    {"date": day(-1), "mode": "online", "minutes": 90, "summary": "Kick-off",
                     "items": [1, 2]})
        check(r.status == 200 and r.json()["visits_done"] == 1, r)
        check(sql(srv, f"SELECT items, minutes FROM visits WHERE id = {vid}") == [["1,2", "90"]],
              "API report stored")
    print("ok")


if __name__ == "__main__":
    main()
