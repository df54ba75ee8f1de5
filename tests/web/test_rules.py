"""test_rules.py - the related rules check (関連規程, domain.md §4): the 11 chapters with
their check points, saving statuses, ticks and notes in one transaction, the progress
summary, validation with input kept in the user's language, who updated a chapter, the JSON
API, and who may write (owner, invited advisor) or only read (operator)."""
import json
import os
import re

from docs_fixtures import add_member, make_org, sql
from harness import ROOT, Server, check

CHAPTERS = json.load(open(os.path.join(ROOT, "data", "rules_chapters.json"), encoding="utf-8"))["chapters"]
KEYS = [c["key"] for c in CHAPTERS]


def full_form(overrides=None, points=None):
    """Every chapter "not_yet" with empty notes, then the overrides {key: (status, notes)}."""
    f = {}
    for k in KEYS:
        f[f"status_{k}"] = "not_yet"
        f[f"notes_{k}"] = ""
    for k, (status, notes) in (overrides or {}).items():
        f[f"status_{k}"] = status
        f[f"notes_{k}"] = notes
    for k, ns in (points or {}).items():
        for n in ns:
            f[f"point_{k}_{n}"] = "1"
    return f


def main():
    check(len(CHAPTERS) == 11 and all(3 <= len(c["points"]) <= 6 for c in CHAPTERS), "11 chapters, 3-6 points")
    check(KEYS[10] == "mynumber" and CHAPTERS[10]["title"]["ja"] == "個人番号及び特定個人情報の取り扱い",
          "chapter 11 is My Number")
    with Server() as srv:
        c = srv.client()
        c.signup("owner@example.jp")
        org = make_org(srv, "owner@example.jp", "有限会社さくら工務店")

        r = c.get(f"/w/{org}/rules")
        check(r.status == 200, r)
        for ch in CHAPTERS:
            check(ch["title"]["ja"] in r.text and ch["points"][0]["ja"] in r.text, f"chapter {ch['key']} shown")
        check("未着手：11章" in r.text and "整備済み：11章のうち0章" in r.text, "progress: nothing yet")
        check(f'href="/w/{org}/rules/edit"' in r.text, "owner gets the edit button")

        # Invalid: a chapter marked not needed without a reason, another with no status.
        r = c.get(f"/w/{org}/rules/edit")
        check(r.status == 200 and 'name="status_organization"' in r.text, "edit form")
        bad = full_form({"organization": ("in_place", "総務部長が担当"), "development": ("not_needed", "")},
                        {"organization": [1, 2], "access": [3]})
        del bad["status_physical"]
        r = c.post_form(f"/w/{org}/rules", bad)
        check(r.status == 422, r)
        check("＊この章が不要な理由を備考に書いてください" in r.text, "reason error in Japanese")
        check("＊この章の整備状況を選んでください。" in r.text, "status error in Japanese")
        check(re.search(r'name="status_organization" value="in_place" checked', r.text) and
              re.search(r'name="point_organization_2" value="1" checked', r.text) and
              re.search(r'name="point_access_3" value="1" checked', r.text) and
              not re.search(r'name="point_access_1" value="1" checked', r.text) and
              "総務部長が担当" in r.text, "refused input kept")
        check(re.search(r'name="status_physical" value="in_place"[^>]*aria-invalid="true"[^>]*autofocus', r.text),
              "first invalid chapter (physical comes before development) focused")
        check(re.search(r'id="notes_development"[^>]*aria-invalid="true"', r.text), "notes marked invalid")
        check(sql(srv, f"SELECT COUNT(*) FROM rules_checks WHERE org_id = {org}")[0][0] == "0",
              "nothing saved when one chapter is invalid")

        en = srv.client(lang="en")
        en.login("owner@example.jp")
        en.get(f"/w/{org}/rules/edit")
        r = en.post_form(f"/w/{org}/rules", bad)
        check(r.status == 422 and "＊Please write in the notes why this chapter is not needed" in r.text and
              "＊Please choose how far this chapter is." in r.text, "errors in English")

        good = full_form({"organization": ("in_place", "総務部長が担当"), "human": ("drafting", "誓約書を作成中"),
                          "development": ("not_needed", "自社ではシステム開発をしていません")},
                         {"organization": [1, 2, 3], "human": [1]})
        r = c.post_form(f"/w/{org}/rules", good, follow=True)
        check(r.status == 200 and "関連規程の点検結果を保存しました" in r.text, r)
        check("整備済み：10章のうち1章" in r.text and "作成中：1章" in r.text and "未着手：8章" in r.text and
              "当社には不要：1章" in r.text, "progress summary")
        sec = re.search(r'<section class="rules-chapter" id="ch-organization".*?</section>', r.text, re.S).group(0)
        check("整備済み" in sec and "5項目のうち3項目を記載済み" in sec and "総務部長が担当" in sec and
              "更新：山田 太郎" in sec, f"chapter shown with ticks, notes and who updated it: {sec[:400]}")
        check(sec.count('<span aria-hidden="true">✓</span><span class="visually-hidden">記載あり</span>') == 3 and
              sec.count("記載なし") == 2, "three points ticked, two not")
        rows = sql(srv, f"SELECT chapter, status, points, notes FROM rules_checks WHERE org_id = {org} ORDER BY chapter")
        check(rows == [["development", "not_needed", "", "自社ではシステム開発をしていません"],
                       ["human", "drafting", "1", "誓約書を作成中"],
                       ["organization", "in_place", "1,2,3", "総務部長が担当"]], f"saved rows: {rows}")
        check(sql(srv, f"SELECT detail FROM audit_log WHERE org_id = {org} AND action = 'rules.update'")
              == [["organization,human,development"]], "audited with the changed chapters")

        # Saving the same values again changes nothing (no new date or author).
        before = sql(srv, f"SELECT updated_at FROM rules_checks WHERE org_id = {org} ORDER BY chapter")
        c.get(f"/w/{org}/rules/edit")
        r = c.post_form(f"/w/{org}/rules", good, follow=True)
        check("変更はありませんでした" in r.text, "nothing changed")
        check(sql(srv, f"SELECT updated_at FROM rules_checks WHERE org_id = {org} ORDER BY chapter") == before,
              "dates kept")

        # JSON API.
        j = c.api("GET", f"/api/v1/organizations/{org}/rules").json()
        check(j["summary"] == {"in_place": 1, "drafting": 1, "not_yet": 8, "not_needed": 1, "applicable": 10,
                               "total": 11}, f"API summary: {j['summary']}")
        org_ch = next(x for x in j["chapters"] if x["key"] == "organization")
        check([p["checked"] for p in org_ch["points"]] == [True, True, True, False, False], "API points")
        r = c.api("PUT", f"/api/v1/organizations/{org}/rules/access", {"status": "drafting", "points": [5, 1, 5]})
        check(r.status == 200 and r.json()["summary"]["drafting"] == 2, f"API put one: {r}")
        check(sql(srv, f"SELECT points FROM rules_checks WHERE org_id = {org} AND chapter = 'access'") == [["1,5"]],
              "points stored in order, once each")
        one = c.api("GET", f"/api/v1/organizations/{org}/rules/access").json()
        check(one["status"] == "drafting" and one["n_checked"] == 2 and one["updated_by"] == "山田 太郎", one)
        r = c.api("PUT", f"/api/v1/organizations/{org}/rules/access", {"status": "drafting", "points": [9]})
        check(r.status == 422 and "points_access" in r.json()["error"]["fields"], f"API bad point: {r}")
        r = c.api("PUT", f"/api/v1/organizations/{org}/rules/access", {"status": "done"})
        check(r.status == 422, "API bad status")
        r = c.api("PUT", f"/api/v1/organizations/{org}/rules/outsourcing", {"status": "not_needed"})
        check(r.status == 422 and "notes_outsourcing" in r.json()["error"]["fields"], "API: not needed needs a reason")
        check(c.api("PUT", f"/api/v1/organizations/{org}/rules/outsourcing",
                    {"status": "not_yet", "notes": "外部委託はしていない"}).status == 200, "API: notes saved")
        r = c.api("PUT", f"/api/v1/organizations/{org}/rules/outsourcing", {"status": "not_needed"})
        check(r.status == 200 and sql(srv, f"SELECT status, notes FROM rules_checks WHERE org_id = {org} AND "
                                           "chapter = 'outsourcing'") == [["not_needed", "外部委託はしていない"]],
              "API: the saved notes are the reason")
        check(c.api("PUT", f"/api/v1/organizations/{org}/rules/nosuch", {"status": "in_place"}).status == 404,
              "API unknown chapter")
        check(c.api("GET", f"/api/v1/organizations/{org}/rules/nosuch").status == 404, "API unknown chapter GET")
        r = c.api("PUT", f"/api/v1/organizations/{org}/rules",
                  {"chapters": {"physical": {"status": "in_place", "points": [1]},
                                "outsourcing": {"status": "not_needed", "notes": ""}}})
        check(r.status == 422 and sql(srv, f"SELECT COUNT(*) FROM rules_checks WHERE org_id = {org} AND "
                                           "chapter = 'physical'")[0][0] == "0", "API: all or nothing")
        r = c.api("PUT", f"/api/v1/organizations/{org}/rules",
                  {"chapters": {"physical": {"status": "in_place", "points": [1, 2]},
                                "mynumber": {"status": "drafting"}}})
        check(r.status == 200 and r.json()["summary"]["in_place"] == 2, f"API put many: {r}")
        c.api("PUT", f"/api/v1/organizations/{org}/rules/outsourcing", {"status": "not_yet", "notes": ""})

        # An invited advisor may write; an operator only reads.
        adv = srv.client()
        adv.signup("advisor@example.jp", name="専門家 花子")
        sql(srv, "UPDATE users SET role = 'advisor' WHERE email = 'advisor@example.jp'")
        add_member(srv, "advisor@example.jp", org, "advisor")
        r = adv.get(f"/w/{org}/rules/edit")
        check(r.status == 200, "advisor opens the form")
        form = full_form({"organization": ("in_place", "総務部長が担当"), "human": ("in_place", "誓約書を整備"),
                          "development": ("not_needed", "自社ではシステム開発をしていません"),
                          "access": ("drafting", ""), "physical": ("in_place", ""), "mynumber": ("drafting", "")},
                         {"organization": [1, 2, 3], "human": [1, 2], "access": [1, 5], "physical": [1, 2]})
        r = adv.post_form(f"/w/{org}/rules", form, follow=True)
        check(r.status == 200 and "整備済み：10章のうち3章" in r.text, f"advisor saved: {r}")
        sec = re.search(r'id="ch-human".*?</section>', r.text, re.S).group(0)
        check("更新：専門家 花子" in sec, "the advisor is shown as who updated the chapter")

        op = srv.client()
        op.signup("operator@example.jp")
        sql(srv, "UPDATE users SET role = 'operator' WHERE email = 'operator@example.jp'")
        r = op.get(f"/w/{org}/rules")
        check(r.status == 200 and "整備済み：10章のうち3章" in r.text, "operator reads the check")
        check(f'href="/w/{org}/rules/edit"' not in r.text, "operator gets no edit button")
        check(op.get(f"/w/{org}/rules/edit").status == 403, "operator: no form")
        check(op.post_form(f"/w/{org}/rules", full_form()).status == 403, "operator cannot save")
        check(op.api("PUT", f"/api/v1/organizations/{org}/rules/access", {"status": "in_place"}).status == 403,
              "operator cannot save via the API")
        check(op.api("GET", f"/api/v1/organizations/{org}/rules").status == 200, "operator reads via the API")
        check(sql(srv, f"SELECT status FROM rules_checks WHERE org_id = {org} AND chapter = 'access'") ==
              [["drafting"]], "operator changed nothing")

        # Another organization's member sees nothing of it.
        other = srv.client()
        other.signup("other@example.jp")
        make_org(srv, "other@example.jp", "株式会社ほかの会社")
        check(other.get(f"/w/{org}/rules").status in (403, 404), "other organization: no access")
        check(other.api("PUT", f"/api/v1/organizations/{org}/rules/access", {"status": "in_place"}).status
              in (403, 404), "other organization: no API write")
    print("ok")


if __name__ == "__main__":
    main()
