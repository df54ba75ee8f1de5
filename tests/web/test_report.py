"""test_report.py - the final report's edges: an empty workspace gives "not yet" entries
rather than errors, the API preview is the expert's only, submission is refused before the
last visit (page and API), two submissions at once store one report and lower the expert's
load once, and the PDF and the page are the SME's and the match's people's only."""
import threading

from dbutil import sql
from harness import Server, check
from visit_fixtures import day, login, report_visit, sme, world


def main():
    with Server() as srv:
        w = world(srv, expert_lang="en")
        mid, org, ec, sc = w["match"], w["org"], w["ec"], w["sme"]
        # Before the last visit: refused on the page and in the API.
        check(report_visit(ec, mid, 1, day(-9)).status == 303, "visit 1")
        r = ec.post_form(f"/expert/matches/{mid}/report", {"overall": "a", "recommendations": "b"})
        check(r.status == 422 and "after all visits" in r.text, "page refuses before the end")
        r = ec.api("POST", f"/api/v1/matches/{mid}/report", {"overall": "a", "recommendations": "b"})
        check(r.status == 409, r)
        r = ec.api("GET", f"/api/v1/matches/{mid}/report")
        check(r.status == 200 and r.json()["submitted"] is False and "preview" in r.json(), r)
        r = sc.api("GET", f"/api/v1/matches/{mid}/report")
        check(r.status == 200 and "preview" not in r.json(), "the SME gets no preview")
        for no in (2, 3, 4):
            check(report_visit(ec, mid, no, day(-9 + no)).status == 303, f"visit {no}")
        # An empty workspace: every section says what is missing.
        r = ec.get(f"/expert/matches/{mid}/report")
        for text in ("No completed self-diagnosis yet", "No basic policy published yet",
                     "No action plan yet", "Not declared"):
            check(text in r.text, f"{text!r} in the preview")
        # Two submissions at once: one report, the load lowered once.
        sql(srv, f"UPDATE experts SET active = 2, capacity = 5 WHERE id = {w['expert']}")
        results = []

        def submit():
            c = login(srv, "expert@example.jp", "en")
            results.append(c.api("POST", f"/api/v1/matches/{mid}/report",
                                 {"overall": "Good work", "recommendations": "Keep going"}).status)

        threads = [threading.Thread(target=submit) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        check(sorted(results) == [201, 409, 409, 409], f"one submission wins: {results}")
        check(sql(srv, f"SELECT COUNT(*) FROM final_reports WHERE match_id = {mid}") == [["1"]],
              "one report")
        check(sql(srv, f"SELECT active FROM experts WHERE id = {w['expert']}") == [["1"]],
              "load lowered once")
        # The SME's Japanese page shows the stored sections in Japanese.
        r = sc.get(f"/w/{org}/program/report")
        check("完了した自社診断はまだありません" in r.text and "Good work" in r.text, "SME page")
        # Another SME: its own report page is a friendly "none", A's is closed.
        scb, orgb, _ = sme(srv, "b@example.jp", name="株式会社ビー")
        r = scb.get(f"/w/{orgb}/program/report")
        check(r.status == 200 and "完了報告書はまだありません" in r.text, "friendly none")
        check(scb.get(f"/w/{orgb}/program/report.pdf").status == 404, "no PDF for B")
        check(scb.get(f"/w/{org}/program/report.pdf").status in (403, 404), "A's PDF closed")
        check(scb.api("GET", f"/api/v1/matches/{mid}/report").status == 404, "A's report API")
        r = sc.get(f"/w/{org}/program/report.pdf")
        check(r.status == 200 and r.body.startswith(b"%PDF"), "A's PDF")
        check("attachment" in (r.header("Content-Disposition") or ""), "downloaded")
    print("ok")


if __name__ == "__main__":
    main()
