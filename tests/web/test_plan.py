"""test_plan.py - action plan from a diagnosis: order, telework measures, edits with validation,
custom measures, overdue months, handbook chapters, PDF/XLSX exports, JSON API, and other
organizations' ids refused."""
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

from docs_fixtures import make_diagnosis, make_org, sql
from harness import ROOT, Server, check

ORG = "有限会社さくら工務店"


def pdf_text(body):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(body)
        f.flush()
        return subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True).stdout


def main():
    measures = json.load(open(os.path.join(ROOT, "data", "measures.json"), encoding="utf-8"))["measures"]
    by_item = {}
    for m in measures:
        by_item.setdefault(m["item"], []).append(m)
    with Server() as srv:
        c = srv.client()
        c.signup("owner@example.jp")
        org = make_org(srv, "owner@example.jp", ORG)

        # No completed diagnosis: the page says so and links to the diagnosis.
        r = c.get(f"/w/{org}/plan")
        check(r.status == 200 and "完了した自社診断がまだありません" in r.text, "no diagnosis explained")
        check(f'href="/w/{org}/diagnosis"' in r.text, "link to the diagnosis")
        r = c.post_form(f"/w/{org}/plan", {})
        check(r.status == 303 and sql(srv, f"SELECT COUNT(*) FROM plans WHERE org_id = {org}")[0][0] == "0",
              "no plan without a diagnosis")
        check(c.api("POST", f"/api/v1/organizations/{org}/plan").status == 409, "API: no diagnosis -> 409")
        check(c.get(f"/w/{org}/handbook").status == 200, "handbook page without a plan")

        answers = {1: "not_done", 2: "unknown", 5: "partly", 9: "not_used", 14: "partly", 20: "not_done"}
        did = make_diagnosis(srv, org, "owner@example.jp", answers)
        r = c.get(f"/w/{org}/plan")
        check("対策実行計画書を作る" in r.text, "offer to make the plan")
        r = c.post_form(f"/w/{org}/plan", {}, follow=True)
        check(r.status == 200 and "作りました" in r.text, "plan generated")
        for item in (1, 2, 5, 14, 20):
            check(by_item[item][0]["title"]["ja"] in r.text, f"measure of item {item} in the plan")
        check(by_item[3][0]["title"]["ja"] not in r.text, "item answered done has no measure")
        check(by_item[0][0]["title"]["ja"] in r.text and "テレワーク" in r.text, "telework measures included")

        plan = c.api("GET", f"/api/v1/organizations/{org}/plan").json()
        items = plan["items"]
        check(items[0]["priority"] == "high", "high-priority gaps first")
        first_month = {}
        for it in items:
            first_month.setdefault(it["priority"], it["month"])
        check(first_month["high"] <= first_month["medium"], "high priority starts no later than medium")
        check(any(it["telework"] for it in items), "telework flagged in the API")
        check(all(1 <= it["month"] <= 12 and it["status"] == "todo" for it in items), "months and status")
        check(any(it["owner"] == "IT担当者" for it in items), "owners shown in Japanese")

        # Edit with invalid values: refused in Japanese, input kept, first error focused.
        target = items[0]
        r = c.get(f"/w/{org}/plan/items/{target['id']}")
        check(r.status == 200 and target["title"] in r.text, "edit form")
        r = c.post_form(f"/w/{org}/plan/items/{target['id']}",
                        {"owner": "", "month": "13", "priority": "low", "status": "doing"})
        check(r.status == 422, r)
        check("＊この対策の担当者を入力してください。" in r.text, "owner error in Japanese")
        check("＊実施月を1〜12か月目から選んでください。" in r.text, "month error in Japanese")
        check(re.search(r'value="low" checked', r.text) and re.search(r'value="doing" checked', r.text),
              "refused input kept")
        check(re.search(r'id="owner"[^>]*aria-invalid="true"[^>]*autofocus', r.text), "first error focused")
        check(sql(srv, f"SELECT status, month FROM plan_items WHERE id = {target['id']}")[0] ==
              ["todo", str(target["month"])], "nothing saved")
        r = c.post_form(f"/w/{org}/plan/items/{target['id']}",
                        {"owner": "佐藤 花子", "month": "3", "priority": "low", "status": "done", "in_handbook": "1"})
        check(r.status == 303, r)
        check(sql(srv, f"SELECT owner, month, priority, status FROM plan_items WHERE id = {target['id']}")[0] ==
              ["佐藤 花子", "3", "low", "done"], "edit saved")
        r = c.post_form(f"/w/{org}/plan/items/{items[1]['id']}",
                        {"owner": "IT担当者", "month": "2", "priority": "high", "status": "todo", "in_handbook": "1"})
        check(sql(srv, f"SELECT owner FROM plan_items WHERE id = {items[1]['id']}")[0][0] == "it_lead",
              "a role label is stored as the role")

        # One click marks a measure as done from the plan table.
        r = c.get(f"/w/{org}/plan")
        check(f'action="/w/{org}/plan/items/{items[2]["id"]}/status"' in r.text, "mark-as-done button")
        check(f'action="/w/{org}/plan/items/{target["id"]}/status"' not in r.text, "no button for a done measure")
        r = c.post_form(f"/w/{org}/plan/items/{items[2]['id']}/status", {"status": "done"})
        check(r.status == 303 and sql(srv, f"SELECT status FROM plan_items WHERE id = {items[2]['id']}")[0][0] == "done",
              "marked as done")
        r = c.post_form(f"/w/{org}/plan/items/{items[3]['id']}/status", {"status": "finished"})
        check(r.status == 400 and sql(srv, f"SELECT status FROM plan_items WHERE id = {items[3]['id']}")[0][0] == "todo",
              "unknown progress refused")

        # Custom measure: refused when empty, then added.
        r = c.post_form(f"/w/{org}/plan/items", {"title": "", "owner": "総務 田中", "month": "4",
                                                  "priority": "medium", "status": "todo", "in_handbook": "1"})
        check(r.status == 422 and "＊対策の内容を入力してください。" in r.text and 'value="総務 田中"' in r.text,
              "custom measure needs a title; input kept")
        r = c.post_form(f"/w/{org}/plan/items", {"title": "金庫のかぎを毎晩かける", "owner": "総務 田中",
                                                  "month": "4", "priority": "medium", "status": "todo",
                                                  "in_handbook": "1"})
        check(r.status == 303, r)
        r = c.get(f"/w/{org}/plan")
        check("金庫のかぎを毎晩かける" in r.text and "独自の対策" in r.text, "custom measure shown")

        # Overdue: a plan that started long ago shows its past, unfinished measures as overdue.
        sql(srv, f"UPDATE plans SET start_month = '2020-01' WHERE org_id = {org}")
        plan = c.api("GET", f"/api/v1/organizations/{org}/plan").json()
        done = [it for it in plan["items"] if it["status"] == "done"]
        check(done and not any(it["overdue"] for it in done), "done measures never overdue")
        check(all(it["overdue"] for it in plan["items"] if it["status"] != "done"), "past months overdue")
        r = c.get(f"/w/{org}/plan")
        check("期限切れ" in r.text and "予定の月を過ぎた対策があります" in r.text, "overdue shown")
        sql(srv, f"UPDATE plans SET start_month = '2999-01' WHERE org_id = {org}")
        check(c.api("GET", f"/api/v1/organizations/{org}/plan").json()["n_overdue"] == 0, "future plan has nothing overdue")

        # Handbook: chapters of the chosen measures; unchoosing removes a chapter.
        hb1 = by_item[1][0]["handbook"]["title"]["ja"]
        hb20 = by_item[20][0]["handbook"]["title"]["ja"]
        r = c.get(f"/w/{org}/handbook")
        check(r.status == 200 and "はじめに" in r.text and ORG in r.text, "handbook intro with org name")
        check(re.search(r"<h3>\d+\. " + re.escape(hb1) + "</h3>", r.text) and hb20 in r.text, "chapters of chosen measures")
        check("金庫のかぎを毎晩かける" in r.text, "own measure in the handbook")
        check(not re.search(r"<h3>\d+\. " + re.escape(by_item[3][0]["handbook"]["title"]["ja"]) + "</h3>", r.text), "no chapter for a measure not in the plan")
        plan = c.api("GET", f"/api/v1/organizations/{org}/plan").json()
        keep = {f"hb_{it['id']}": "1" for it in plan["items"] if it["item"] != 1}
        r = c.post_form(f"/w/{org}/handbook", keep)
        check(r.status == 303, r)
        r = c.get(f"/w/{org}/handbook")
        check(not re.search(r"<h3>\d+\. " + re.escape(hb1) + "</h3>", r.text) and hb20 in r.text, "unchosen chapter removed")
        r = c.get(f"/w/{org}/handbook.pdf")
        check(r.status == 200 and r.body.startswith(b"%PDF"), "handbook PDF")
        t = pdf_text(r.body)
        check(ORG in t and hb20 in t, "handbook PDF has org name and chapter")

        # Exports.
        r = c.get(f"/w/{org}/plan.pdf")
        check(r.status == 200 and r.body.startswith(b"%PDF") and r.header("Content-Type") == "application/pdf", "plan PDF")
        check("filename*=UTF-8''" in r.header("Content-Disposition"), "RFC 5987 filename")
        t = pdf_text(r.body)
        check(ORG in t and "対策実行計画書" in t, "plan PDF text in Japanese")
        r = c.get(f"/w/{org}/plan.xlsx")
        check(r.status == 200 and r.header("Content-Type") ==
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx type")
        check('filename="action-plan.xlsx"' in r.header("Content-Disposition"), "xlsx filename")
        z = zipfile.ZipFile(io.BytesIO(r.body))
        shared = z.read("xl/sharedStrings.xml").decode("utf-8")
        check(by_item[20][0]["title"]["ja"] in shared and "金庫のかぎを毎晩かける" in shared, "xlsx has Japanese titles")
        r = c.get(f"/w/{org}/diagnosis/{did}/report.pdf")
        check(r.status == 200 and r.body.startswith(b"%PDF"), "diagnosis report PDF")
        t = pdf_text(r.body)
        check(ORG in t and "合計点" in t and "わからない" in t, "report has org, total, unknown items")
        total = 100 - 4 - 5 - 2 - 2 - 4  # item 1 0, 2 -1, 5 2, 14 2, 20 0
        check(f"{total} / 100" in t, f"report total {total}")

        # API edits.
        it = plan["items"][0]
        r = c.api("PATCH", f"/api/v1/organizations/{org}/plan/items/{it['id']}", {"month": 13})
        check(r.status == 422 and "month" in r.json()["error"]["fields"], r)
        r = c.api("PATCH", f"/api/v1/organizations/{org}/plan/items/{it['id']}", {"status": "doing", "owner": "経営者"})
        check(r.status == 200 and r.json()["status"] == "doing" and r.json()["owner"] == "経営者", r)
        r = c.api("POST", f"/api/v1/organizations/{org}/plan/items", {"title": "USBメモリの持ち出しを記録する", "owner": "総務", "month": 6})
        check(r.status == 201 and r.json()["custom"] and r.json()["priority"] == "medium", r)
        new_id = r.json()["id"]
        r = c.api("DELETE", f"/api/v1/organizations/{org}/plan/items/{new_id}")
        check(r.status == 200 and c.api("DELETE", f"/api/v1/organizations/{org}/plan/items/{new_id}").status == 404, "API delete")
        r = c.post_form(f"/w/{org}/plan/items/{it['id']}/delete", {})
        check(r.status == 303 and sql(srv, f"SELECT COUNT(*) FROM plan_items WHERE id = {it['id']}")[0][0] == "0", "remove a measure")

        # The same plan in English: page, measure titles and roles translated.
        c.lang = "en"
        r = c.get(f"/w/{org}/plan")
        check("<h1>Action plan</h1>" in r.text and by_item[20][0]["title"]["en"] in r.text, "English plan page")
        check(by_item[20][0]["title"]["ja"] not in r.text and "IT lead" in r.text, "no Japanese measure titles in English")
        r = c.get(f"/w/{org}/handbook")
        check("Introduction" in r.text and by_item[20][0]["handbook"]["title"]["en"] in r.text, "English handbook")
        c.lang = "ja"

        # Another organization: 404 everywhere with this org's ids.
        o = srv.client()
        o.signup("other@example.jp")
        org2 = make_org(srv, "other@example.jp", "他社株式会社")
        check(o.get(f"/w/{org2}/plan").status == 200, "own plan page")
        iid = plan["items"][1]["id"]
        before = sql(srv, f"SELECT owner, month, priority, status FROM plan_items WHERE id = {iid}")
        for path in [f"/w/{org}/plan", f"/w/{org}/plan.pdf", f"/w/{org}/plan.xlsx", f"/w/{org}/handbook",
                     f"/w/{org}/handbook.pdf", f"/w/{org}/plan/items/{iid}", f"/w/{org}/plan/items/new",
                     f"/w/{org}/diagnosis/{did}/report.pdf", f"/w/{org2}/plan/items/{iid}",
                     f"/w/{org2}/diagnosis/{did}/report.pdf"]:
            check(o.get(path).status == 404, f"GET {path} as another org")
        for path in [f"/w/{org}/plan", f"/w/{org}/plan/items", f"/w/{org}/plan/items/{iid}",
                     f"/w/{org}/plan/items/{iid}/delete", f"/w/{org}/handbook", f"/w/{org}/plan/items/{iid}/status",
                     f"/w/{org2}/plan/items/{iid}/status",
                     f"/w/{org2}/plan/items/{iid}", f"/w/{org2}/plan/items/{iid}/delete"]:
            check(o.post_form(path, {"owner": "x", "month": "1", "priority": "low", "status": "done",
                                     "title": "x"}).status == 404, f"POST {path} as another org")
        for m, path in [("GET", f"/api/v1/organizations/{org}/plan"), ("POST", f"/api/v1/organizations/{org}/plan"),
                        ("PATCH", f"/api/v1/organizations/{org2}/plan/items/{iid}"),
                        ("DELETE", f"/api/v1/organizations/{org2}/plan/items/{iid}"),
                        ("POST", f"/api/v1/organizations/{org}/plan/items")]:
            check(o.api(m, path, {"status": "done"} if m in ("PATCH", "POST") else None).status == 404, f"{m} {path}")
        check(sql(srv, f"SELECT owner, month, priority, status FROM plan_items WHERE id = {iid}") == before,
              "other org changed nothing")
        check(sql(srv, f"SELECT COUNT(*) FROM plans WHERE org_id = {org2}")[0][0] == "0", "no plan made for org2")
    print("ok")


if __name__ == "__main__":
    sys.exit(main())
