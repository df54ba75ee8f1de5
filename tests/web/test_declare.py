"""test_declare.py - the five principles and the ★ pledge, ★★ refused until a completed
diagnosis and a published policy exist (each missing item named), the step-up (same public
ID, level 2, ★ row superseded), confirmation mails in each member's language, the audit
log, and the declarations API (direct ★★, withdrawn declarations get a new ID)."""
import re
import threading

from harness import Server, check
from org_helpers import add_completed_diagnosis, add_published_policy, make_org, sql, user_id


def rows(srv, org):
    out = sql(srv, "SELECT public_id, level, step_up, status FROM declarations "
                   f"WHERE org_id = {int(org)} ORDER BY id")
    return [tuple(l.split("|")) for l in out.splitlines() if l]


def main():
    with Server() as srv:
        c = srv.client()
        c.signup("owner@yamada.example.jp")
        org = make_org(c)
        uid = user_id(c)
        # A second member who reads English gets the mail in English.
        e = srv.client(lang="en")
        e.signup("partner@yamada.example.jp", name="Ken Yamada")
        sql(srv, "INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES "
                 f"({user_id(e)}, {org}, 'member', '2026-11-22T00:00:00Z')")

        # The five principles with explanations, and the pledge form.
        r = c.get(f"/w/{org}/principles")
        check(r.status == 200, r)
        for title in ("OSやソフトウェアは常に最新の状態にしよう", "ウイルス対策ソフトを導入しよう",
                      "パスワードを強化しよう"):
            check(title in r.text, f"principle shown: {title}")
        check(r.text.count('name="pledge"') == 5, "one checkbox per principle")

        # Four of five is not a pledge: refused, explained, the ticks kept, nothing written.
        r = c.post_form(f"/w/{org}/declare", {"pledge": ["1", "2", "3", "4"]})
        check(r.status == 422 and "5か条すべてにチェック" in r.text, r)
        check(r.text.count("checked") == 4, "ticked boxes kept")
        check(rows(srv, org) == [], "no declaration written")

        r = c.post_form(f"/w/{org}/declare", {"pledge": ["1", "2", "3", "4", "5"]})
        check(r.status == 303 and r.header("Location") == f"/w/{org}/declaration", r)
        r = c.get(f"/w/{org}/declaration")
        check("SECURITY ACTION ★を宣言しました" in r.text, "flash says declared")
        m = re.search(r'class="decl-id">(SA\d{10})<', r.text)
        check(m, "public declaration ID SA + 10 digits shown")
        pub = m.group(1)
        check(f'href="/verify/{pub}"' in r.text and f'href="/verify/{pub}/badge.svg"' in r.text,
              "verification URL and badge linked")
        check("製品や商品そのもの" in r.text and "名刺" in r.text and "ロゴマークをすぐに外して" in r.text,
              "logo usage rules shown")
        check(re.search(r"<dd>\d{4}年\d{1,2}月\d{1,2}日</dd>", r.text), "date of declaration in Japanese")
        check("認定" not in r.text.replace("「認定」", ""), "never says certified")
        check(rows(srv, org) == [(pub, "1", "0", "active")], rows(srv, org))
        check(sql(srv, f"SELECT pledge FROM declarations WHERE org_id = {org}") == "1,2,3,4,5",
              "pledge stored")
        check(sql(srv, f"SELECT COUNT(*) FROM audit_log WHERE org_id = {org} AND action = "
                       f"'declare' AND detail LIKE '{pub} level=1%'") == "1", "audit log written")
        mails = srv.wait_mail(2)
        subj = {str(x["To"]): str(x["Subject"]) for x in mails}
        check(subj.get("owner@yamada.example.jp") == "SECURITY ACTION ★を宣言しました", subj)
        check(subj.get("partner@yamada.example.jp") ==
              "You have declared SECURITY ACTION (one star)", subj)
        body = [x for x in mails if str(x["To"]) == "owner@yamada.example.jp"][0].get_content()
        check(pub in body and f"/verify/{pub}" in body and "山田建設株式会社" in body, body)

        # Declaring ★ again changes nothing.
        c.get(f"/w/{org}/principles")
        r = c.post_form(f"/w/{org}/declare", {"pledge": ["1", "2", "3", "4", "5"]})
        check(r.status == 303 and len(rows(srv, org)) == 1, "second ★ refused")

        # ★★ before the prerequisites: the page names both missing items with links.
        r = c.get(f"/w/{org}/declare2")
        check(r.status == 200, r)
        check("自社診断を最後まで終えてください" in r.text and f'href="/w/{org}/diagnosis"' in r.text,
              "missing diagnosis named with a link")
        check("基本方針を作って公開してください" in r.text and f'href="/w/{org}/policy"' in r.text,
              "missing policy named with a link")
        check('name="confirm"' not in r.text, "no declaration form yet")
        r = c.post_form(f"/w/{org}/declare2", {"confirm": "yes"})
        check(r.status == 409 and "まだ★★は宣言できません" in r.text, r)
        check(len(rows(srv, org)) == 1, "refused ★★ wrote nothing")

        # Only a diagnosis: the policy is still named as missing.
        add_completed_diagnosis(srv, org, uid)
        r = c.get(f"/w/{org}/declare2")
        check("自社診断を最後まで終えてください" not in r.text and "基本方針を作って公開してください" in r.text,
              "only the policy is missing now")
        r = c.post_form(f"/w/{org}/declare2", {"confirm": "yes"})
        check(r.status == 409, r)

        # Both: the step-up is recorded.
        add_published_policy(srv, org, uid)
        r = c.get(f"/w/{org}/declare2")
        check('name="confirm"' in r.text and "自己宣言IDは変わりません" in r.text, "step-up offered: " + r.text[r.text.find("<main"):])
        r = c.post_form(f"/w/{org}/declare2", {})
        check(r.status == 422 and "チェックを入れてください" in r.text, "confirmation required")
        n_mail = len(srv.mails())
        r = c.post_form(f"/w/{org}/declare2", {"confirm": "yes"})
        check(r.status == 303, r)
        check(rows(srv, org) == [(pub, "1", "0", "superseded"), (pub, "2", "1", "active")],
              rows(srv, org))
        check(sql(srv, f"SELECT diagnosis_id IS NOT NULL AND policy_id IS NOT NULL FROM "
                       f"declarations WHERE org_id = {org} AND level = 2") in ("1", "t"),
              "the ★★ row points at the diagnosis and policy")
        mails = srv.wait_mail(n_mail + 2)[n_mail:]
        subj = {str(x["To"]): str(x["Subject"]) for x in mails}
        check(subj.get("owner@yamada.example.jp") == "SECURITY ACTION ★★を宣言しました", subj)
        check("ステップアップ" in [x for x in mails if str(x["To"]) == "owner@yamada.example.jp"][0]
              .get_content(), "mail says step-up")
        r = c.get(f"/w/{org}/declaration")
        check("二つ星" in r.text and pub in r.text and "★からのステップアップ" in r.text
              and "★★に切り替え済み" in r.text, "declaration page shows ★★ and the history")
        r = c.get(f"/w/{org}")
        check("二つ星を宣言済み" in r.text and r.text.count("✓") >= 4 and f"自己宣言ID：{pub}" in r.text,
              "workspace shows progress and the ID")
        check("最新の結果：70点" in r.text and "公開中：第1版" in r.text, "diagnosis and policy state shown")
        r = c.post_form(f"/w/{org}/declare2", {"confirm": "yes"})
        check(r.status == 303 and len(rows(srv, org)) == 2, "second ★★ refused")
        r = c.api("GET", f"/api/v1/organizations/{org}")
        j = r.json()
        check(j["stars"] == 2 and j["declaration"]["public_id"] == pub and j["declaration"]["step_up"]
              and j["diagnosis"]["total"] == 70 and j["policy"]["version"] == 1,
              f"progress summary: {j}")

        # The API: direct ★★ without ★ (step_up false, new ID) once prerequisites exist.
        a = srv.client()
        a.token = a.api("POST", "/api/v1/tokens", {"email": "owner@yamada.example.jp",
                                                   "password": "correct horse battery"}).json()["token"]
        org2 = make_org(c, name="株式会社さくらソフト", industry="software")
        r = a.api("POST", f"/api/v1/organizations/{org2}/declarations", {"level": 2})
        check(r.status == 409 and r.json()["error"]["code"] == "prerequisites_missing"
              and r.json()["error"]["missing"] == ["diagnosis", "policy"], r)
        r = a.api("POST", f"/api/v1/organizations/{org2}/declarations",
                  {"level": 1, "pledge": [1, 2, 3, 5]})
        check(r.status == 422 and r.json()["error"]["code"] == "pledge_required", r)
        r = a.api("POST", f"/api/v1/organizations/{org2}/declarations", {"level": 3})
        check(r.status == 422, r)
        add_completed_diagnosis(srv, org2, uid)
        add_published_policy(srv, org2, uid)
        r = a.api("POST", f"/api/v1/organizations/{org2}/declarations", {"level": 2})
        check(r.status == 201, r)
        j = r.json()
        check(j["level"] == 2 and j["step_up"] is False and re.fullmatch(r"SA\d{10}", j["public_id"])
              and j["public_id"] != pub, j)
        r = a.api("GET", f"/api/v1/organizations/{org2}/declarations")
        check(r.status == 200 and [d["level"] for d in r.json()["declarations"]] == [2], r)

        # A withdrawn ★ is never stepped up: ★★ gets a new ID.
        org3 = make_org(c, name="有限会社みどり商会", industry="wholesale")
        r = a.api("POST", f"/api/v1/organizations/{org3}/declarations",
                  {"level": 1, "pledge": [1, 2, 3, 4, 5]})
        check(r.status == 201 and r.json()["level"] == 1, r)
        old = r.json()["public_id"]
        sql(srv, f"UPDATE declarations SET status = 'withdrawn', withdrawn_reason = 'test' "
                 f"WHERE org_id = {org3}")
        r = c.get(f"/w/{org3}")
        check("取り下げられました" in r.text, "workspace says withdrawn")
        add_completed_diagnosis(srv, org3, uid)
        add_published_policy(srv, org3, uid)
        r = a.api("POST", f"/api/v1/organizations/{org3}/declarations", {"level": 2})
        check(r.status == 201 and r.json()["step_up"] is False and r.json()["public_id"] != old, r)
        check(rows(srv, org3)[0][3] == "withdrawn", "the withdrawn row stays withdrawn")

        # Simultaneous ★ declarations: exactly one succeeds, the others are told it exists.
        org4 = make_org(c, name="株式会社同時", industry="retail")
        results = []

        def declare():
            cl = srv.client()
            cl.token = a.token
            results.append(cl.api("POST", f"/api/v1/organizations/{org4}/declarations",
                                  {"level": 1, "pledge": [1, 2, 3, 4, 5]}).status)
        ts = [threading.Thread(target=declare) for _ in range(6)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        check(sorted(results) == [201] + [409] * 5, f"one declaration wins: {results}")
        check(len(rows(srv, org4)) == 1, rows(srv, org4))
    print("declare: all checks passed")


if __name__ == "__main__":
    main()
