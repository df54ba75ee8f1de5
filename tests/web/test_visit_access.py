"""test_visit_access.py - only the match's own expert, the SME's own members and operators
see a match, its visits and its report: another expert and another SME get 404 on every
page and API route; an advisor of the workspace cannot confirm visits. Early termination
(by the expert and by an operator) needs a reason, ends match and application, lowers the
expert's load, removes the expert's access to the workspace and is mailed to everyone."""
from dbutil import sql
from harness import Server, check
from visit_fixtures import (confirmed_match, day, expert, login, mails_to, operator,
                            propose, report_visit, sme, visit_id, world)


def main():
    with Server() as srv:
        w = world(srv)
        mid, org, ec, sc = w["match"], w["org"], w["ec"], w["sme"]
        check(propose(ec, mid, 1, day(3)).status == 303, "proposed")
        vid = visit_id(srv, mid, 1)

        # Organization B with its own expert and match.
        scb, orgb, suidb = sme(srv, "b@example.jp", name="株式会社ビー")
        eidb, euidb = expert(srv, "expertb@example.jp", name="鈴木 次郎")
        _, midb = confirmed_match(srv, w["program"], orgb, suidb, eidb, euidb)
        ecb = login(srv, "expertb@example.jp")

        # Another expert: 404 on A's match, visits and report; pages and API.
        for path in (f"/expert/matches/{mid}", f"/expert/matches/{mid}/report"):
            check(ecb.get(path).status == 404, f"other expert GET {path}")
        ecb.get(f"/expert/matches/{midb}")
        for path, fields in ((f"/expert/matches/{mid}/visits/1/propose",
                              {"date": day(4), "time": "10:00", "mode": "onsite"}),
                             (f"/expert/matches/{mid}/visits/1/report",
                              {"date": day(-1), "mode": "onsite", "minutes": "60",
                               "summary": "x"}),
                             (f"/expert/matches/{mid}/terminate", {"reason": "x"}),
                             (f"/expert/matches/{mid}/report",
                              {"overall": "x", "recommendations": "y"})):
            check(ecb.post_form(path, fields).status == 404, f"other expert POST {path}")
        for method, path, body in (("GET", f"/api/v1/matches/{mid}/visits", None),
                                   ("POST", f"/api/v1/matches/{mid}/visits",
                                    {"date": day(4), "time": "10:00", "mode": "onsite"}),
                                   ("POST", f"/api/v1/visits/{vid}/report",
                                    {"date": day(-1), "mode": "onsite", "minutes": 60,
                                     "summary": "x"}),
                                   ("POST", f"/api/v1/matches/{mid}/terminate", {"reason": "x"}),
                                   ("GET", f"/api/v1/matches/{mid}/report", None),
                                   ("POST", f"/api/v1/matches/{mid}/report",
                                    {"overall": "x", "recommendations": "y"})):
            r = ecb.api(method, path, body)
            check(r.status == 404, f"other expert {method} {path}: {r.status}")
        # Another SME: its own pages show nothing of A; A's ids give 404 or 403.
        r = scb.get(f"/w/{orgb}/program/visits")
        check(r.status == 200 and "山田建設" not in r.text and day(3) not in r.text,
              "B's schedule shows nothing of A")
        check(scb.post_form(f"/w/{orgb}/program/visits/{vid}/confirm", {}).status == 404,
              "B cannot confirm A's visit through its own workspace")
        check(scb.get(f"/w/{org}/program/visits").status in (403, 404), "B on A's workspace")
        check(scb.get(f"/w/{org}/program/report").status in (403, 404), "B on A's report")
        check(scb.api("POST", f"/api/v1/visits/{vid}/confirm").status == 404, "B API confirm")
        check(scb.api("GET", f"/api/v1/matches/{mid}/visits").status == 404, "B API visits")
        check(scb.api("GET", f"/api/v1/matches/{mid}/report").status == 404, "B API report")
        check(sql(srv, f"SELECT status FROM visits WHERE id = {vid}") == [["proposed"]],
              "A's visit untouched")
        # The expert is an advisor of A's workspace but cannot confirm its own proposal.
        check(ec.post_form(f"/w/{org}/program/visits/{vid}/confirm", {}).status in (403, 404),
              "the advisor cannot confirm")
        check(ec.api("POST", f"/api/v1/visits/{vid}/confirm").status in (403, 404),
              "the advisor cannot confirm through the API")
        # The SME sees its own match through the API and confirms there.
        r = sc.api("GET", f"/api/v1/matches/{mid}/visits")
        check(r.status == 200 and r.json()["visits"][0]["status"] == "proposed", r)
        r = sc.api("POST", f"/api/v1/visits/{vid}/confirm")
        check(r.status == 200 and r.json()["visits"][0]["status"] == "confirmed", r)
        check(sc.api("POST", f"/api/v1/visits/{vid}/confirm").status == 409, "confirm twice")
        # The SME report page before anything: friendly, not an error.
        r = scb.get(f"/w/{orgb}/program/report")
        check(r.status == 200, "B's report page before the report")

        # Termination by the expert: reason required, then everything ends.
        operator(srv, "op2@example.jp")
        opc = login(srv, "op2@example.jp")
        check(report_visit(ec, mid, 1, day(-1)).status == 303, "visit 1 reported")
        r = ec.post_form(f"/expert/matches/{mid}/terminate", {"reason": ""})
        check(r.status == 422 and "理由" in r.text, "reason required")
        n0 = len(srv.mails())
        r = ec.post_form(f"/expert/matches/{mid}/terminate",
                         {"reason": "企業の事業縮小のため"})
        check(r.status == 303, f"terminated: {r}")
        srv.wait_mail(n0 + 3)
        for addr in ("owner@yamada.example.jp", "expert@example.jp", "op2@example.jp"):
            check(any("企業の事業縮小のため" in m.get_body(("plain",)).get_content()
                      for m in mails_to(srv, addr)), f"{addr} mailed the termination")
        check(sql(srv, f"SELECT m.status, m.end_reason, a.status, e.active FROM matches m JOIN "
                       "program_applications a ON a.id = m.application_id JOIN experts e ON "
                       f"e.id = m.expert_id WHERE m.id = {mid}") ==
              [["terminated", "企業の事業縮小のため", "terminated", "0"]], "all ended")
        check(sql(srv, f"SELECT COUNT(*) FROM memberships WHERE org_id = {org} AND user_id = "
                       f"{w['expert_uid']}") == [["0"]], "advisor membership removed")
        check(ec.get(f"/w/{org}/diagnosis").status in (403, 404), "workspace closed to expert")
        r = ec.get(f"/expert/matches/{mid}")
        check(r.status == 200 and "企業の事業縮小のため" in r.text, "the page shows the reason")
        check(propose(ec, mid, 2, day(3)).status == 422, "no proposals after the end")
        check(ec.api("POST", f"/api/v1/matches/{mid}/terminate", {"reason": "x"}).status == 409,
              "terminate twice")
        # Done visits still count for the fee.
        r = opc.api("GET", f"/api/v1/programs/{w['program']}/fees")
        row = [e for e in r.json()["experts"] if e["expert_id"] == w["expert"]][0]
        check(row["visits_done"] == 1 and row["due"] == 40000, row)

        # Termination by an operator (B's match), through the page; experts cannot use it.
        check(ecb.post_form(f"/operator/matches/{midb}/terminate",
                            {"reason": "x"}).status == 403, "expert on the operator route")
        check(opc.get(f"/operator/matches/{midb}").status == 200, "operator match page")
        r = opc.post_form(f"/operator/matches/{midb}/terminate", {"reason": "連絡が取れないため"})
        check(r.status == 303, r)
        check(sql(srv, f"SELECT status FROM matches WHERE id = {midb}") == [["terminated"]],
              "operator terminated")
        check(ecb.get(f"/w/{orgb}/diagnosis").status in (403, 404), "B's expert lost access")
        check(opc.get("/operator/matches/999999").status == 404, "unknown match")
    print("ok")


if __name__ == "__main__":
    main()
