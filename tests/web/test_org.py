"""test_org.py - registering an organization: field validation in Japanese with the input
kept, the SME decision shown at once (rule and reason), non-SME notice, the workspace path,
profile edits that re-decide eligibility, and the organizations API."""
import re

from harness import Server, check
from org_helpers import ORG, make_org, sql


def main():
    with Server() as srv:
        c = srv.client()
        c.signup("owner@yamada.example.jp")

        # Refused input: every problem named next to its field, in Japanese, input kept.
        c.get("/orgs/new")
        bad = dict(ORG, name="", capital="3千万", employees="-5", prefecture="99",
                   website="www.example.jp", industry="")
        r = c.post_form("/orgs/new", bad)
        check(r.status == 422, r)
        check("組織名を入力してください" in r.text, "name required (ja)")
        check("主な業種を選んでください" in r.text, "industry required for companies (ja)")
        check("資本金は円単位の数字で入力してください" in r.text, "capital must be yen digits")
        check("従業員数は0人以上で入力してください" in r.text, "negative employees refused")
        check("都道府県を一覧から選んでください" in r.text, "unknown prefecture refused")
        check("http:// または https://" in r.text, "website scheme explained")
        check('value="3千万"' in r.text and 'value="-5"' in r.text, "typed values kept")
        check('value="山田 太郎"' in r.text, "representative kept")
        check(re.search(r'<select id="org_type"[^>]*>.*?<option value="company" selected>', r.text, re.S),
              "chosen organization type kept")
        check('id="name" name="name"' in r.text and 'autofocus' in r.text.split('id="name"')[1].split(">")[0],
              "first invalid field has the focus")
        check(r.text.count('aria-invalid="true"') >= 6, "invalid fields marked")
        check("＊" in r.text, "errors start with ＊")
        # A company without capital is asked for it.
        r = c.post_form("/orgs/new", dict(ORG, capital=""))
        check(r.status == 422 and "資本金を円単位で入力してください" in r.text, "company needs capital")
        r = c.get("/")
        check("/w/" not in r.text, "nothing was created by refused submissions")

        # A 12-person construction company with 30 million yen capital is an SME (row 1).
        org = make_org(c)
        r = c.get(f"/w/{org}/eligibility")
        check(r.status == 200, r)
        check("登録しました" in r.text or "組織を登録しました" in r.text, "flash after registration")
        check("中小企業に当たります" in r.text, "SME decision shown")
        check("中小企業の表の1行目" in r.text, "rule row 1 named")
        check("資本金3,000万円、従業員12人" in r.text, f"reason in plain words: {r.text[:0]}")
        # The creator is a member: the workspace shows the guided path.
        r = c.get(f"/w/{org}")
        check(r.status == 200 and "山田建設株式会社" in r.text, r)
        for step in ("5か条", "自社診断", "基本方針", "★★", "対策実行計画"):
            check(step in r.text, f"step shown: {step}")
        check(f'href="/w/{org}/diagnosis"' in r.text and f'href="/w/{org}/policy"' in r.text
              and f'href="/w/{org}/plan"' in r.text, "links to the other groups' pages")
        check("次にすること" in r.text and f'href="/w/{org}/principles"' in r.text,
              "next thing to do is the pledge")
        check(r.text.count("まだ") >= 1, "later steps marked not yet")
        check(sql(srv, f"SELECT kind FROM memberships WHERE org_id = {org}") == "member",
              "creator is a member")

        # Edit the profile: 400 employees and 5 億円 capital is over both limits -> not an SME.
        r = c.get(f"/w/{org}/profile")
        check(r.status == 200 and 'value="山田建設株式会社"' in r.text, "profile form filled")
        r = c.post_form(f"/w/{org}/profile", dict(ORG, capital="500000000", employees="400"))
        check(r.status == 303, r)
        r = c.get(r.header("Location"))
        check("中小企業に当たりません" in r.text, "re-decided: not an SME")
        check("補助金" in r.text, "non-SME told what it cannot enter")
        check(sql(srv, f"SELECT sme_eligible FROM organizations WHERE id = {org}") == "0",
              "decision saved")
        r = c.get(f"/w/{org}")
        check("中小企業に当たりません" in r.text, "workspace shows the decision too")
        # Refused edit keeps the input and changes nothing.
        r = c.post_form(f"/w/{org}/profile", dict(ORG, employees="十二"))
        check(r.status == 422 and 'value="十二"' in r.text and "整数で入力" in r.text, r)
        check(sql(srv, f"SELECT employees FROM organizations WHERE id = {org}") == "400",
              "refused edit not saved")

        # A voluntary group is never an SME; a medical corporation is judged on employees.
        vg = make_org(c, name="地域IT勉強会", org_type="voluntary-group", industry="", capital="")
        r = c.get(f"/w/{vg}/eligibility")
        check("中小企業に当たりません" in r.text and "任意団体" in r.text, "voluntary group")
        med = make_org(c, name="医療法人さくら会", org_type="medical", industry="", capital="")
        r = c.get(f"/w/{med}/eligibility")
        check("中小企業に当たります" in r.text and "9行目" in r.text, "medical corporation row 9")

        # English pages.
        e = srv.client(lang="en")
        e.cookies = dict(c.cookies)
        r = e.get(f"/w/{med}/eligibility")
        check("counts as an SME" in r.text and "row 9" in r.text, "English decision")
        r = e.get(f"/w/{org}")
        check("Your path to SECURITY ACTION ★★" in r.text and "Next thing to do" in r.text
              and "次にすること" not in r.text and "does not count as an SME" in r.text,
              "English workspace is a complete translation")

        # The API: token auth, create, read, patch with validation.
        a = srv.client()
        r = a.api("POST", "/api/v1/tokens", {"email": "owner@yamada.example.jp",
                                            "password": "correct horse battery"})
        a.token = r.json()["token"]
        r = a.api("POST", "/api/v1/organizations", {"name": "佐藤商店", "org_type": "sole-proprietor",
                                                    "industry": "retail", "employees": 3,
                                                    "prefecture": 27})
        check(r.status == 201, r)
        j = r.json()
        check(j["sme"]["eligible"] is True and j["sme"]["rule"] == 4 and j["stars"] == 0, j)
        check("個人事業主" in j["sme"]["reason"], "reason in the user's language")
        sid = j["id"]
        r = a.api("PATCH", f"/api/v1/organizations/{sid}", {"employees": 60})
        check(r.status == 200 and r.json()["sme"]["eligible"] is False
              and r.json()["employees"] == 60 and r.json()["name"] == "佐藤商店", r)
        r = a.api("PATCH", f"/api/v1/organizations/{sid}", {"employees": -1, "website": "ftp://x"})
        check(r.status == 422, r)
        f = r.json()["error"]["fields"]
        check("employees" in f and "website" in f, f)
        r = a.api("GET", f"/api/v1/organizations/{sid}")
        check(r.status == 200 and r.json()["employees"] == 60, "refused patch not saved")
        r = a.api("POST", "/api/v1/organizations", {"name": "x", "org_type": "company",
                                                    "employees": [1]})
        check(r.status == 422 and "employees" in r.json()["error"]["fields"], r)
        # Session auth with the CSRF header also works for the API.
        r = c.api("GET", f"/api/v1/organizations/{org}")
        check(r.status == 200 and r.json()["name"] == "山田建設株式会社", r)
    print("org: all checks passed")


if __name__ == "__main__":
    main()
