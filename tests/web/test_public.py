"""test_public.py - public verification page, declarations API contract, public search, and
the signed badge checked offline by `otasuke verify-badge`."""
import os
import re
import subprocess
import sys

from dbutil import insert, q, sql
from harness import BIN, Server, check

NOW = "2026-05-01T09:00:00Z"


def org(srv, name, pref):
    return insert(srv, "INSERT INTO organizations (name, org_type, industry, capital, employees, "
                       "prefecture, sme_eligible, sme_rule, created_at) VALUES "
                       f"({q(name)}, 'company', 'manufacturing', 10000000, 12, {pref}, 1, 1, "
                       f"{q(NOW)}) RETURNING id")


def declare(srv, uid, org_id, pid, level, status="active", step_up=0, at=NOW, reason=None):
    w = f"{q('2026-06-02T10:00:00Z')}, {q(reason)}, {uid}" if status == "withdrawn" else "NULL, NULL, NULL"
    return insert(srv, "INSERT INTO declarations (public_id, org_id, level, step_up, status, "
                       "declared_at, declared_by, withdrawn_at, withdrawn_reason, withdrawn_by) "
                       f"VALUES ({q(pid)}, {org_id}, {level}, {step_up}, {q(status)}, {q(at)}, "
                       f"{uid}, {w}) RETURNING id")


def publish_policy(srv, uid, org_id, status="published"):
    insert(srv, "INSERT INTO policies (org_id, version, status, lang, title, body, created_at, "
                f"updated_at, published_at, created_by) VALUES ({org_id}, 1, {q(status)}, 'ja', "
                f"'情報セキュリティ基本方針', '本文', {q(NOW)}, {q(NOW)}, {q(NOW)}, {uid}) RETURNING id")


def main():
    with Server(extra_args=["--base-url", "https://otasuke.example.jp"]) as srv:
        owner = srv.client()
        owner.signup("owner@example.jp")
        uid = int(sql(srv, "SELECT id FROM users WHERE email = 'owner@example.jp'")[0][0])

        one = org(srv, "株式会社やまだ工務店", 11)
        declare(srv, uid, one, "SA0000000001", 1)
        two = org(srv, "有限会社さくら印刷", 27)   # stepped up from ★ to ★★
        declare(srv, uid, two, "SA0000000002", 1, status="superseded", at="2025-04-01T09:00:00Z")
        declare(srv, uid, two, "SA0000000002", 2, step_up=1, at="2026-05-01T09:00:00Z")
        publish_policy(srv, uid, two)
        draft = org(srv, "株式会社みどり設計", 13)    # ★★ but its policy is only a draft
        declare(srv, uid, draft, "SA0000000003", 2)
        publish_policy(srv, uid, draft, status="draft")
        gone = org(srv, "株式会社やまびこ商事", 13)
        declare(srv, uid, gone, "SA0000000004", 1, status="withdrawn",
                reason="事業を終了したため取り下げました。")

        c = srv.client()
        # ★: valid, level, organization, prefecture and date, in Japanese.
        r = c.get("/verify/SA0000000001")
        check(r.status == 200, r)
        for text in ["★（一つ星）を宣言しています", "この宣言は有効です", "株式会社やまだ工務店",
                     "埼玉県", "2026年5月1日", "SA0000000001"]:
            check(text in r.text, f"verify ★ shows {text}")
        check("認定" not in r.text and "取得" not in r.text, "never called a certification")
        check("/policy" not in r.text, "no policy link for ★")

        # ★★ after a step-up: level 2, the policy link, and the first ★ date.
        r = c.get("/verify/SA0000000002")
        check("★★（二つ星）を宣言しています" in r.text, "verify ★★")
        check(f'href="/orgs/{two}/policy"' in r.text, "★★ links to the published policy")
        check("2025年4月1日" in r.text and "ステップアップ" in r.text, "step-up shown")
        check("大阪府" in r.text, "prefecture of ★★")
        r = c.get("/verify/SA0000000003")
        check("★★" in r.text and "/policy" not in r.text, "no link when no policy is published")

        # Withdrawn: clearly not valid, with the date and the reason.
        r = c.get("/verify/SA0000000004")
        check(r.status == 200, r)
        check("取り下げられました" in r.text and "有効ではありません" in r.text, "withdrawn shown")
        check("事業を終了したため取り下げました。" in r.text, "withdrawal reason shown")
        check("2026年6月2日" in r.text, "withdrawal date shown")
        check("この宣言は有効です" not in r.text, "withdrawn is not called valid")

        # Unknown and malformed ids: a friendly 404 page.
        for bad in ["/verify/SA9999999999", "/verify/%3Cscript%3E"]:
            r = c.get(bad)
            check(r.status == 404, r)
            check("見つかりませんでした" in r.text and 'href="/search"' in r.text, "friendly 404")
            check("<script>" not in r.text, "id escaped")

        # English page.
        r = srv.client(lang="en").get("/verify/SA0000000002")
        check("has declared SECURITY ACTION ★★ (two stars)" in r.text and "Osaka" in r.text,
              "English verification page")

        # ---- API contract ----
        keys = {"id", "organization_name", "level", "declared_at", "status", "policy_url"}
        r = c.get("/api/v1/declarations/SA0000000002")
        check(r.status == 200 and r.header("Content-Type").startswith("application/json"), r)
        j = r.json()
        check(set(j) == keys, f"exact field names: {sorted(j)}")
        check(j == {"id": "SA0000000002", "organization_name": "有限会社さくら印刷", "level": 2,
                    "declared_at": "2026-05-01T09:00:00Z", "status": "active",
                    "policy_url": f"https://otasuke.example.jp/orgs/{two}/policy"}, j)
        j = c.get("/api/v1/declarations/SA0000000001").json()
        check(set(j) == keys and j["level"] == 1 and type(j["level"]) is int, j)
        check(j["policy_url"] is None and j["status"] == "active", j)
        j = c.get("/api/v1/declarations/SA0000000003").json()
        check(j["level"] == 2 and j["policy_url"] is None, "no policy_url without a published policy")
        j = c.get("/api/v1/declarations/SA0000000004").json()
        check(j["status"] == "withdrawn" and j["organization_name"] == "株式会社やまびこ商事", j)
        r = c.get("/api/v1/declarations/SA9999999999")
        check(r.status == 404 and r.json()["error"]["code"] == "not_found", r)

        # ---- search ----
        for i in range(23):
            o = org(srv, f"株式会社東京テスト{i:02d}", 13)
            declare(srv, uid, o, f"SA10000000{i:02d}", 1)
        r = c.get("/search?" + "q=%E6%A0%AA%E5%BC%8F%E4%BC%9A%E7%A4%BE%E3%82%84%E3%81%BE&match=prefix")
        # prefix 株式会社やま: the ★ declarer, not the withdrawn やまびこ商事
        check("株式会社やまだ工務店" in r.text, "prefix search finds the declarer")
        check("やまびこ" not in r.text, "withdrawn declarations are not listed")
        check('href="/verify/SA0000000001"' in r.text, "result links to the verification page")
        r = c.get("/search?q=" + "%E3%81%95%E3%81%8F%E3%82%89" + "&match=prefix")  # さくら
        check("さくら印刷" not in r.text, "prefix search does not match the middle of a name")
        r = c.get("/search?q=" + "%E3%81%95%E3%81%8F%E3%82%89" + "&match=partial")
        check("有限会社さくら印刷" in r.text and "大阪府" in r.text and "★★" in r.text,
              "partial search finds a name containing the words, with prefecture and level")
        r = c.get("/search?pref=11")
        check("株式会社やまだ工務店" in r.text and "さくら印刷" not in r.text, "prefecture search")
        check('<option value="11" selected>埼玉県</option>' in r.text, "prefecture kept selected")
        r = c.get("/search?pref=13")
        check(r.text.count('class="card"') == 20, "20 results per page")
        check("やまびこ" not in r.text, "withdrawn not in prefecture search")
        m = re.search(r'href="(/search\?[^"]*page=2)"', r.text)
        check(m, "next page link")
        r = c.get(m.group(1).replace("&amp;", "&"))
        check(r.text.count('class="card"') == 4, "second page holds the rest (23 + みどり設計)")
        r = c.get("/search?q=%E3%81%82%E3%82%8A%E3%81%88%E3%81%AA%E3%81%84")
        check("見つかりませんでした" in r.text, "no match message")
        r = c.get("/search?q=" + "%25" + "&match=partial")
        check(r.status == 200 and 'class="card"' not in r.text, "LIKE wildcard is literal")

        # ---- badge ----
        r = c.get("/verify/SA0000000002/badge.svg")
        check(r.status == 200 and r.header("Content-Type") == "image/svg+xml", r)
        check("さくら印刷" in r.text and "SA0000000002" in r.text, "badge shows name and id")
        check("https://otasuke.example.jp/verify/SA0000000002" in r.text, "badge carries the URL")
        path = os.path.join(srv.tmp, "badge.svg")
        with open(path, "wb") as f:
            f.write(r.body)
        v = subprocess.run([BIN, "verify-badge", path], capture_output=True, text=True)
        check(v.returncode == 0 and "SA0000000002" in v.stdout, v)
        key = subprocess.run([BIN, "badge-key", "--keyfile", os.path.join(srv.tmp, "badge.key")],
                             capture_output=True, text=True)
        check(key.returncode == 0, key)
        pub = key.stdout.strip().split()[-1]
        v = subprocess.run([BIN, "verify-badge", path, "--pubkey", pub], capture_output=True,
                           text=True)
        check(v.returncode == 0, f"pinned instance key: {v}")
        other = subprocess.run([BIN, "badge-key", "--keyfile", os.path.join(srv.tmp, "other.key")],
                               capture_output=True, text=True).stdout.strip().split()[-1]
        v = subprocess.run([BIN, "verify-badge", path, "--pubkey", other], capture_output=True,
                           text=True)
        check(v.returncode == 1, "another instance's key is refused")
        tampered = os.path.join(srv.tmp, "tampered.svg")
        with open(tampered, "w") as f:
            f.write(r.text.replace("有限会社さくら印刷", "有限会社さくら印刷所"))
        v = subprocess.run([BIN, "verify-badge", tampered], capture_output=True, text=True)
        check(v.returncode == 1, f"tampered badge refused: {v}")
        r2 = c.get("/verify/SA0000000002/badge.svg")
        check(r2.body == r.body, "the same key signs every time (key loaded once)")
        check(c.get("/verify/SA0000000004/badge.svg").status == 404, "no badge when withdrawn")
        check(c.get("/verify/SA9999999999/badge.svg").status == 404, "no badge for unknown ids")
    print("ok")


if __name__ == "__main__":
    sys.exit(main())
