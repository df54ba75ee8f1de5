"""test_policy.py - basic policy: draft from the template, edit, validation, publication that
freezes a version, public pages of the newest and older versions, drafts never public, PDF,
JSON API, and other organizations' ids refused."""
import re
import subprocess
import sys
import tempfile

from docs_fixtures import make_org, sql
from harness import Server, check

ORG = "株式会社テスト建設"


def csrf_of(c):
    return c.csrf


def main():
    with Server() as srv:
        c = srv.client()
        c.signup("owner@example.jp")
        org = make_org(srv, "owner@example.jp", ORG)

        r = c.get(f"/w/{org}/policy")
        check(r.status == 200 and "基本方針" in r.text, "policy page in Japanese")
        check("まだ公開" in r.text, "says nothing is published yet")

        # A draft filled from the template with the profile.
        r = c.post_form(f"/w/{org}/policy", {})
        check(r.status == 303, r)
        pid = int(re.search(r"/policy/(\d+)$", r.header("Location")).group(1))
        r = c.get(r.header("Location"))
        check(r.status == 200 and "下書き" in r.text, "draft page")
        check(ORG in r.text and "代表取締役 山田 太郎" in r.text, "draft filled with org name and representative")
        check("情報セキュリティ基本方針" in r.text, "template title")
        check("{{" not in r.text, "no placeholder left")

        # A second "create" goes to the same draft.
        r = c.post_form(f"/w/{org}/policy", {})
        check(int(re.search(r"/policy/(\d+)$", r.header("Location")).group(1)) == pid, "one draft at a time")

        # Validation: empty title, too-long body; input kept; errors in Japanese.
        long_body = "あ" * 20001
        r = c.post_form(f"/w/{org}/policy/{pid}", {"title": "  ", "body": "本文です。"})
        check(r.status == 422 and "＊タイトルを入力してください" in r.text, f"title required: {r.text[:0]}")
        check("本文です。" in r.text, "body kept after refusal")
        check(re.search(r'id="title"[^>]*aria-invalid="true"[^>]*autofocus', r.text), "first error focused")
        r = c.post_form(f"/w/{org}/policy/{pid}", {"title": "方針", "body": long_body})
        check(r.status == 422 and "20,000文字以内" in r.text, "body length limit")
        check('value="方針"' in r.text, "title kept")

        # Edit and save.
        body1 = "当社は情報を守ります。\n\n1. 経営者の責任\n経営者が主導します。"
        r = c.post_form(f"/w/{org}/policy/{pid}", {"title": "情報セキュリティ基本方針（第1版）", "body": body1})
        check(r.status == 303, r)
        r = c.get(f"/w/{org}/policy/{pid}")
        check("保存しました" in r.text and "第1版" in r.text, "saved and flash shown")

        # Draft is not public.
        anon = srv.client()
        check(anon.get(f"/orgs/{org}/policy").status == 404, "no public policy before publishing")
        check(anon.get(f"/orgs/{org}/policy/v/1").status == 404, "draft v1 not public")

        # Publish (owner) -> public; audit log written.
        r = c.post_form(f"/w/{org}/policy/{pid}/publish", {})
        check(r.status == 303, r)
        rows = sql(srv, f"SELECT status, published_at, version FROM policies WHERE id = {pid}")
        check(rows[0][0] == "published" and rows[0][1] and rows[0][2] == "1", f"published in DB {rows}")
        check(sql(srv, f"SELECT COUNT(*) FROM audit_log WHERE action = 'publish_policy' AND org_id = {org}")[0][0] == "1",
              "audit log of the publication")
        r = anon.get(f"/orgs/{org}/policy")
        check(r.status == 200 and "第1版" in r.text and ORG in r.text, "public page shows v1 with org name")
        check("経営者の責任</h2>" in r.text, "numbered paragraph shown as a heading")

        # A published version cannot be edited: refused, DB unchanged.
        before = sql(srv, f"SELECT title, body, updated_at FROM policies WHERE id = {pid}")
        r = c.post_form(f"/w/{org}/policy/{pid}", {"title": "改ざん", "body": "改ざん"})
        check(r.status == 409 and "公開済み" in r.text, "edit of a published version refused")
        check(sql(srv, f"SELECT title, body, updated_at FROM policies WHERE id = {pid}") == before, "DB unchanged")
        r = c.post_form(f"/w/{org}/policy/{pid}/discard", {})
        check(sql(srv, f"SELECT COUNT(*) FROM policies WHERE id = {pid}")[0][0] == "1", "published version not deletable")

        # New draft from the published one, edit, publish as v2.
        r = c.post_form(f"/w/{org}/policy", {})
        pid2 = int(re.search(r"/policy/(\d+)$", r.header("Location")).group(1))
        check(pid2 != pid, "new draft")
        r = c.get(f"/w/{org}/policy/{pid2}")
        check("第1版" in r.text, "new draft starts from the published text")
        check(anon.get(f"/orgs/{org}/policy/v/2").status == 404, "draft v2 not public")
        r = c.post_form(f"/w/{org}/policy/{pid2}", {"title": "情報セキュリティ基本方針（第2版）", "body": body1 + "\n\n改定しました。"})
        check(r.status == 303, r)
        check(anon.get(f"/orgs/{org}/policy").text.count("第1版") >= 1, "v1 still current until v2 is published")
        c.post_form(f"/w/{org}/policy/{pid2}/publish", {})
        r = anon.get(f"/orgs/{org}/policy")
        check("第2版" in r.text and "第1版" not in r.text, "public URL shows v2")
        r = anon.get(f"/orgs/{org}/policy/v/1")
        check(r.status == 200 and "第1版" in r.text and "古い版" in r.text, "v1 still at /v/1, marked as older")

        # An advisor may edit but not publish.
        adv = srv.client()
        adv.signup("advisor@example.jp")
        sql(srv, "UPDATE users SET role = 'advisor' WHERE email = 'advisor@example.jp'")
        from docs_fixtures import add_member
        add_member(srv, "advisor@example.jp", org, "advisor")
        check(adv.get(f"/w/{org}/policy").status == 200, "advisor sees the policy page")
        r = adv.post_form(f"/w/{org}/policy", {})
        check(r.status == 303, f"advisor creates a draft: {r}")
        pid3 = int(re.search(r"/policy/(\d+)$", r.header("Location")).group(1))
        r = adv.post_form(f"/w/{org}/policy/{pid3}/publish", {})
        check(r.status == 403, "advisor cannot publish")
        check(sql(srv, f"SELECT status FROM policies WHERE id = {pid3}")[0][0] == "draft", "still a draft")

        # PDF of a published version: Japanese org name in the text.
        r = c.get(f"/w/{org}/policy/{pid}/policy.pdf")
        check(r.status == 200 and r.body.startswith(b"%PDF"), "PDF export")
        check(r.header("Content-Type") == "application/pdf", "PDF content type")
        cd = r.header("Content-Disposition")
        check('filename="policy-v1.pdf"' in cd and "filename*=UTF-8''" in cd, f"disposition {cd}")
        check("%E6%A0%AA%E5%BC%8F%E4%BC%9A%E7%A4%BE" in cd, "RFC 5987 name has the org name")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(r.body)
            f.flush()
            text = subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True).stdout
        check(ORG in text and "第1版" in text, "PDF text has the Japanese org name and title")
        check("公開" in text, "PDF says the version is published")
        r = c.get(f"/w/{org}/policy/{pid3}/policy.pdf")
        check(r.status == 200 and "draft" in r.header("Content-Disposition"), "draft PDF named draft")

        # JSON API.
        r = c.api("GET", f"/api/v1/organizations/{org}/policies")
        check(r.status == 200 and [p["version"] for p in r.json()["policies"]] == [3, 2, 1], r)
        r = c.api("PATCH", f"/api/v1/organizations/{org}/policies/{pid}", {"title": "x"})
        check(r.status == 409 and r.json()["error"]["code"] == "published", r)
        r = c.api("PATCH", f"/api/v1/organizations/{org}/policies/{pid3}", {"title": ""})
        check(r.status == 422 and "title" in r.json()["error"]["fields"], r)
        r = c.api("PATCH", f"/api/v1/organizations/{org}/policies/{pid3}", {"body": "API で更新しました。"})
        check(r.status == 200 and r.json()["body"] == "API で更新しました。", r)
        r = c.api("POST", f"/api/v1/organizations/{org}/policies/{pid3}/publish")
        check(r.status == 200 and r.json()["status"] == "published" and r.json()["version"] == 3, r)
        check("API で更新しました。" in anon.get(f"/orgs/{org}/policy").text, "v3 public")
        r = c.api("POST", f"/api/v1/organizations/{org}/policies", {"from": "template"})
        check(r.status == 201 and r.json()["status"] == "draft" and ORG in r.json()["body"], r)
        pid4 = r.json()["id"]

        # Another organization's user gets 404 on every route with this org's ids; this org's
        # policy ids under the other org's URL are 404 too.
        o = srv.client()
        o.signup("other@example.jp")
        org2 = make_org(srv, "other@example.jp", "他社株式会社")
        check(o.get(f"/w/{org2}/policy").status == 200, "other org sees its own page")
        # In English the draft comes from the English template, filled the same way.
        o.lang = "en"
        r = o.post_form(f"/w/{org2}/policy", {}, follow=True)
        check("Information Security Basic Policy" in r.text and "Established:" in r.text and "他社株式会社" in r.text,
              "English draft from the English template")
        check("下書き" not in r.text and "Draft" in r.text, "English page")
        o.lang = "ja"
        for path in [f"/w/{org}/policy", f"/w/{org}/policy/{pid}", f"/w/{org}/policy/{pid}/policy.pdf",
                     f"/w/{org2}/policy/{pid}", f"/w/{org2}/policy/{pid4}", f"/w/{org2}/policy/{pid}/policy.pdf"]:
            check(o.get(path).status == 404, f"GET {path} as another org")
        for path in [f"/w/{org}/policy", f"/w/{org}/policy/{pid4}", f"/w/{org}/policy/{pid4}/publish",
                     f"/w/{org}/policy/{pid4}/discard", f"/w/{org2}/policy/{pid4}",
                     f"/w/{org2}/policy/{pid4}/publish", f"/w/{org2}/policy/{pid4}/discard"]:
            check(o.post_form(path, {"title": "x", "body": "y"}).status == 404, f"POST {path} as another org")
        for m, path in [("GET", f"/api/v1/organizations/{org}/policies"), ("GET", f"/api/v1/organizations/{org2}/policies/{pid}"),
                        ("PATCH", f"/api/v1/organizations/{org2}/policies/{pid4}"),
                        ("POST", f"/api/v1/organizations/{org2}/policies/{pid4}/publish")]:
            check(o.api(m, path, {"title": "x"} if m == "PATCH" else None).status == 404, f"{m} {path}")
        check(sql(srv, f"SELECT status, title FROM policies WHERE id = {pid4}")[0][0] == "draft", "other org changed nothing")
        check(anon.get("/orgs/999999/policy").status == 404, "unknown org 404")
        check(anon.get(f"/orgs/{org}/policy/v/99").status == 404, "unknown version 404")
        check(anon.get(f"/w/{org}/policy").status == 303, "workspace needs login")
    print("ok")


if __name__ == "__main__":
    sys.exit(main())
