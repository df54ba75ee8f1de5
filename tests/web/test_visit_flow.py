"""test_visit_flow.py - the whole guidance: an expert proposes, the SME asks for another
date and confirms, four visits are reported in order, the final report assembles the SME's
deliverables and completes the match; every step is mailed to whom it concerns and the SME
reads the report and downloads it as a PDF."""
import re

from dbutil import insert, q, sql
from harness import Server, check
from org_helpers import add_completed_diagnosis, add_published_policy
from visit_fixtures import (body, day, login, mails_to, propose, report_visit, visit_id,
                            world)

SME_MAIL = "owner@yamada.example.jp"
EXPERT_MAIL = "expert@example.jp"


def main():
    with Server() as srv:
        w = world(srv, expert_lang="en")
        mid, org, ec, sc = w["match"], w["org"], w["ec"], w["sme"]

        # The expert's match page: the company, the curriculum, links into the workspace.
        r = ec.get(f"/expert/matches/{mid}")
        check(r.status == 200, r)
        check("山田建設株式会社" in r.text, "company name on the match page")
        check("Diagnosis of latent risks" in r.text, "curriculum in the expert's language")
        for part in ("diagnosis", "policy", "plan"):
            check(f'href="/w/{org}/{part}"' in r.text, f"link to the workspace {part}")
        check(ec.get(f"/w/{org}/diagnosis").status == 200, "the expert works in the workspace")

        # Visit 1: proposed for tomorrow; the SME asks for another date; proposed again.
        n0 = len(srv.mails())
        r = propose(ec, mid, 1, day(1), "14:00", "online")
        check(r.status == 303, f"proposed: {r}")
        home = ec.get("/expert").text
        check(f"Next visit: {day(1)} 14:00" in home and "Visits done: 0 of 4" in home,
              "the expert's home shows where the guidance stands")
        m = srv.wait_mail(n0 + 1)[-1]
        check(SME_MAIL in str(m["To"]) and day(1) in body(m), "the SME is mailed the proposal")
        check("オンライン" in body(m), "in the SME's language (Japanese)")
        r = sc.get(f"/w/{org}/program/visits")
        check(r.status == 200 and day(1) in r.text and "14:00" in r.text, "SME sees the proposal")
        v1 = visit_id(srv, mid, 1)
        r = sc.post_form(f"/w/{org}/program/visits/{v1}/other", {"note": "午前中でお願いします"})
        check(r.status == 303, f"asked for another date: {r}")
        m = srv.wait_mail(n0 + 2)[-1]
        check(EXPERT_MAIL in str(m["To"]) and "午前中でお願いします" in body(m),
              "the expert is mailed the SME's note")
        check("another" in str(m["Subject"]).lower(), "in the expert's language (English)")
        check("午前中でお願いします" in ec.get(f"/expert/matches/{mid}").text,
              "the note is on the expert's page")
        r = propose(ec, mid, 1, day(2), "10:00", "onsite")
        check(r.status == 303, r)
        srv.wait_mail(n0 + 3)
        check(sql(srv, f"SELECT planned_at, mode, request_note FROM visits WHERE id = {v1}") ==
              [[f"{day(2)}T10:00", "onsite", ""]], "the new proposal replaced the old one")
        r = sc.post_form(f"/w/{org}/program/visits/{v1}/confirm", {})
        check(r.status == 303, f"confirmed: {r}")
        m = srv.wait_mail(n0 + 4)[-1]
        check(EXPERT_MAIL in str(m["To"]) and "confirmed" in str(m["Subject"]),
              "the expert is mailed the confirmation")
        check(sql(srv, f"SELECT status FROM visits WHERE id = {v1}") == [["confirmed"]],
              "visit 1 confirmed")

        # The visit took place earlier than planned (the SME moved it): reported with its date.
        r = report_visit(ec, mid, 1, day(-30), minutes="120", items=["1"],
                         summary="自社診断を一緒に行いました")
        check(r.status == 303, f"visit 1 reported: {r}")
        m = srv.wait_mail(n0 + 5)[-1]
        check(SME_MAIL in str(m["To"]) and "自社診断を一緒に行いました" in body(m),
              "the SME is mailed the visit report")
        check(sql(srv, f"SELECT status, done_on, minutes, items, mode FROM visits WHERE id = {v1}")
              == [["done", day(-30), "120", "1", "onsite"]], "visit 1 stored as done")

        # The workspace at the time of the report: diagnosis, policy v1 then v2, ★★, plan.
        add_completed_diagnosis(srv, org, w["sme_uid"])
        add_published_policy(srv, org, w["sme_uid"])
        sql(srv, "INSERT INTO policies (org_id, version, status, lang, title, body, created_at,"
                 " updated_at, published_at, created_by) VALUES "
                 f"({org}, 2, 'published', 'ja', '情報セキュリティ基本方針', '本文2',"
                 f" {q(day(-5) + 'T00:00:00Z')}, {q(day(-5) + 'T00:00:00Z')},"
                 f" {q(day(-5) + 'T00:00:00Z')}, {w['sme_uid']})")
        sql(srv, "INSERT INTO declarations (public_id, org_id, level, status, declared_at, "
                 f"declared_by) VALUES ('SA1234567890', {org}, 2, 'active', "
                 f"{q(day(-3) + 'T00:00:00Z')}, {w['sme_uid']})")
        plan = insert(srv, "INSERT INTO plans (org_id, start_month, created_at, updated_at) "
                           f"VALUES ({org}, '2026-12', {q(day(-4))}, {q(day(-4))}) RETURNING id")
        for i, (title, prio) in enumerate([("バックアップを毎週取る", "high"),
                                           ("パスワードを見直す", "high"),
                                           ("入退室を記録する", "low")]):
            sql(srv, "INSERT INTO plan_items (plan_id, measure_key, title, priority, month, "
                     f"status, sort) VALUES ({plan}, 'custom', {q(title)}, {q(prio)}, 1, 'todo', "
                     f"{i})")

        # Visits 2-4, in order, on later dates; the final report is offered after the last.
        for no, d in ((2, day(-20)), (3, day(-10)), (4, day(0))):
            check(f'href="/expert/matches/{mid}/report"' not in
                  ec.get(f"/expert/matches/{mid}").text, "no report link before all visits")
            r = report_visit(ec, mid, no, d, items=[str(no)])
            check(r.status == 303, f"visit {no} reported: {r}")
        srv.wait_mail(n0 + 8)
        check(f'href="/expert/matches/{mid}/report"' in ec.get(f"/expert/matches/{mid}").text,
              "report link after the last visit")
        check(sql(srv, f"SELECT COUNT(*) FROM visits WHERE match_id = {mid} AND status = 'done'")
              == [["4"]], "four visits done")
        r = sc.get(f"/w/{org}/program/visits")
        check("第3回の指導を行いました" in r.text, "the SME reads the visit reports")

        # The SME's report page before submission: a friendly "not yet".
        r = sc.get(f"/w/{org}/program/report")
        check(r.status == 200 and "まだ" in r.text, "report page says not yet")
        check(sc.get(f"/w/{org}/program/report.pdf").status == 404, "no PDF before the report")

        # The expert recorded one asset (risk 3 x 3 = 9, urgent) and one chapter in place.
        r = ec.api("POST", f"/api/v1/organizations/{org}/assets",
                   {"name": "顧客名簿", "confidentiality": 3, "integrity": 2, "availability": 2,
                    "personal_data": True, "threat": 3, "weakness": 3})
        check(r.status == 201, f"asset recorded: {r}")
        r = ec.api("PUT", f"/api/v1/organizations/{org}/rules/organization", {"status": "in_place"})
        check(r.status == 200, f"rules chapter recorded: {r}")
        # The preview assembles the workspace now.
        r = ec.get(f"/expert/matches/{mid}/report")
        check(r.status == 200 and "Submit the final report" in r.text, "report form offered")
        check("/orgs/%d/policy/v/2" % org in r.text, "the newest policy version (2)")
        r = ec.post_form(f"/expert/matches/{mid}/report", {"overall": "", "recommendations": ""})
        check(r.status == 422 and "required" in r.text, "empty report refused in English")
        n1 = len(srv.mails())
        r = ec.post_form(f"/expert/matches/{mid}/report",
                         {"overall": "基本方針を策定し、★★を宣言しました。",
                          "recommendations": "来年度はリスク分析に取り組んでください。"})
        check(r.status == 303, f"report submitted: {r}")
        got = srv.wait_mail(n1 + 2)
        check(mails_to(srv, SME_MAIL)[-1]["Subject"] != "" and
              any("op@example.com" in str(m["To"]) for m in got[n1:]),
              "the SME and the operator are mailed")
        check(sql(srv, f"SELECT m.status, a.status, e.active FROM matches m JOIN "
                       f"program_applications a ON a.id = m.application_id JOIN experts e ON "
                       f"e.id = m.expert_id WHERE m.id = {mid}") ==
              [["completed", "completed", "0"]], "match and application completed, load lowered")
        # A later change in the workspace does not change the submitted report.
        sql(srv, f"UPDATE policies SET version = 3 WHERE org_id = {org} AND version = 2")
        r = sc.get(f"/w/{org}/program/report")
        check(r.status == 200, r)
        for text in ("基本方針を策定し", "/policy/v/2", "★★", "70 / 100", "バックアップを毎週取る",
                     "自社診断を一緒に行いました", "顧客名簿 (9)"):
            check(text in r.text, f"{text!r} in the SME's report")
        sec = r.text[r.text.index("関連規程"):]
        check(re.search(r"整備済みの章\D*1\b", sec), "one chapter in place in the report")
        check(f"第1回（{day(-30)}、訪問、120分）：自社診断を一緒に行いました" in r.text,
              "the visits in natural Japanese")
        check(f'<a href="http' in r.text, "the public policy URL is a link")
        check("入退室を記録する" not in r.text, "only the high priorities are listed")
        r = sc.get(f"/w/{org}/program/report.pdf")
        check(r.status == 200 and r.body.startswith(b"%PDF"), f"PDF: {r.status}")
        # Submitted once only.
        r = ec.post_form(f"/expert/matches/{mid}/report",
                         {"overall": "again", "recommendations": "again"})
        check(r.status == 422, f"second submission refused: {r}")
        check(sql(srv, f"SELECT COUNT(*) FROM final_reports WHERE match_id = {mid}") == [["1"]],
              "one report stored")
        # The API shows the same report to the SME.
        r = sc.api("GET", f"/api/v1/matches/{mid}/report")
        check(r.status == 200 and r.json()["submitted"] is True, r)
        keys = [s["key"] for s in r.json()["snapshot"]["sections"]]
        check(keys == ["diagnosis", "policy", "plan", "declaration", "rules", "risk", "visits"], keys)
        # An operator reads the match too.
        op = login(srv, "op@example.com")
        check(op.get(f"/operator/matches/{mid}").status == 200, "operator view of the match")
    print("ok")


if __name__ == "__main__":
    main()
