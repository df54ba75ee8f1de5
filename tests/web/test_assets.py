"""test_assets.py - the asset inventory (情報資産管理台帳) and its risk analysis (domain.md §4):
importance, likelihood and risk shown on the page for a set of assets, sorted by risk, the
importance overrides, validation with input kept in the user's language, edit and confirmed
delete, the XLSX ledger, the JSON API, who may write (owner, invited advisor) and read
(operator), and another organization's asset ids giving 404."""
import io
import re
import zipfile
import xml.etree.ElementTree as ET

from docs_fixtures import add_member, make_org, sql
from harness import Server, check

NS = {"s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}

# name, C, I, A, personal, existential, threat, weakness -> importance, likelihood, risk
ASSETS = [
    ("顧客名簿", 2, 1, 1, True, False, 3, 2, 3, 2, 6),    # personal data forces importance 3
    ("設計図面", 3, 3, 3, False, False, 3, 3, 3, 3, 9),
    ("見積書", 2, 2, 1, False, False, 2, 3, 2, 2, 4),
    ("会社案内", 1, 1, 1, False, False, 3, 1, 1, 1, 1),
    ("受注台帳", 1, 1, 2, False, True, 2, 2, 3, 1, 3),    # existential impact forces 3
    ("経理データ", 1, 2, 1, False, False, 3, 3, 2, 3, 6),
]
BAND_JA = {9: "至急対応", 6: "今期中に対応", 4: "対応が望ましい", 3: "低", 1: "低"}


def form(name, c, i, a, pd, ex, t, w, **extra):
    f = {"business_area": "営業", "name": name, "notes": "", "users": "営業担当者",
         "department": "営業部", "medium": "ファイルサーバー", "owner": "山田",
         "c": str(c), "i": str(i), "a": str(a), "threat": str(t), "weakness": str(w)}
    if pd:
        f["personal_data"] = "1"
    if ex:
        f["existential"] = "1"
    f.update(extra)
    return f


def rows_of(html):
    """{name: [cell texts]} of the inventory table."""
    out = {}
    for m in re.finditer(r'<tr id="asset-(\d+)">(.*?)</tr>', html, re.S):
        cells = [re.sub(r"<[^>]+>", " ", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", m.group(2), re.S)]
        cells = [re.sub(r"\s+", " ", c).strip() for c in cells]
        name = re.search(r"<strong>(.*?)</strong>", m.group(2)).group(1)
        out[name] = cells
    return out


def xlsx_rows(body):
    z = zipfile.ZipFile(io.BytesIO(body))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        root = ET.fromstring(z.read("xl/sharedStrings.xml"))
        for si in root.findall("s:si", NS):
            shared.append("".join(t.text or "" for t in si.iter(f"{{{NS['s']}}}t")))
    sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{{{NS['s']}}}row"):
        vals = []
        for cell in row.findall("s:c", NS):
            v = cell.find("s:v", NS)
            is_ = cell.find("s:is", NS)
            if cell.get("t") == "s":
                vals.append(shared[int(v.text)])
            elif cell.get("t") == "inlineStr":
                vals.append("".join(t.text or "" for t in is_.iter(f"{{{NS['s']}}}t")))
            else:
                vals.append(v.text if v is not None else "")
        rows.append(vals)
    return rows


def main():
    with Server() as srv:
        c = srv.client()
        c.signup("owner@example.jp")
        org = make_org(srv, "owner@example.jp", "有限会社さくら工務店")

        r = c.get(f"/w/{org}/assets")
        check(r.status == 200 and "まだ情報資産が登録されていません" in r.text, "empty inventory explained")
        for meaning in ("いつ起きてもおかしくない", "年に数回は起こりうる", "通常は起こらない",
                        "対策をしていない", "一部だけ対策をしている", "9：すぐに対策してください",
                        "1〜3：今の対策で当面は十分です"):
            check(meaning in c.get(f"/w/{org}/assets/new").text + r.text, f"meaning shown: {meaning}")
        check(f'href="/w/{org}/assets"' in c.get(f"/w/{org}").text, "workspace home links the inventory")
        check(f'href="/w/{org}/rules"' in c.get(f"/w/{org}").text, "workspace home links the rules check")

        # Invalid: no name, no confidentiality, threat 4. Refused in Japanese, input kept.
        c.get(f"/w/{org}/assets/new")
        bad = form("", 2, 1, 1, True, False, 4, 2, business_area="総務")
        del bad["c"]
        r = c.post_form(f"/w/{org}/assets", bad)
        check(r.status == 422, r)
        check("＊情報資産の名称を入力してください（例：顧客名簿）。" in r.text, "name error in Japanese")
        check("＊機密性を1・2・3から選んでください。" in r.text, "confidentiality error in Japanese")
        check("＊脅威（起こりやすさ）を1・2・3から選んでください。" in r.text, "threat error in Japanese")
        check('value="総務"' in r.text and re.search(r'name="personal_data" value="1" checked', r.text),
              "refused input kept")
        check(re.search(r'name="weakness" value="2" checked', r.text), "refused level kept")
        check(re.search(r'id="name"[^>]*aria-invalid="true"[^>]*autofocus', r.text), "first error focused")
        check(sql(srv, f"SELECT COUNT(*) FROM info_assets WHERE org_id = {org}")[0][0] == "0", "nothing saved")

        en = srv.client(lang="en")
        en.login("owner@example.jp")
        en.get(f"/w/{org}/assets/new")
        r = en.post_form(f"/w/{org}/assets", bad)
        check(r.status == 422 and "＊Please enter the name of the information asset" in r.text and
              "＊Please choose the confidentiality: 1, 2 or 3." in r.text,
              "errors in English for an English user")

        ids = {}
        for a in ASSETS:
            r = c.post_form(f"/w/{org}/assets", form(*a[:8]))
            check(r.status == 303, f"add {a[0]}: {r}")
            ids[a[0]] = int(re.search(r"#asset-(\d+)", r.header("Location")).group(1))
        r = c.get(f"/w/{org}/assets")
        check(r.status == 200 and "情報資産を追加しました" in r.text, "added (flash)")
        rows = rows_of(r.text)
        for name, *_rest, imp, lik, risk in ASSETS:
            cells = rows[name]
            check(cells[5] == str(imp), f"{name}: importance {imp}, page says {cells[5]}")
            check(cells[7] == str(lik), f"{name}: likelihood {lik}, page says {cells[7]}")
            check(cells[8].startswith(f"{risk} ") and BAND_JA[risk] in cells[8],
                  f"{name}: risk {risk} {BAND_JA[risk]}, page says {cells[8]}")
        order = list(rows)
        risks = [next(a[10] for a in ASSETS if a[0] == n) for n in order]
        check(risks == sorted(risks, reverse=True) and order[0] == "設計図面", f"sorted by risk: {order}")
        check("情報資産：6件" in r.text and "至急対応：1件" in r.text and "今期中に対応：2件" in r.text
              and "対応が望ましい：1件" in r.text and "低：2件" in r.text, "summary counts")

        # Edit: weakness 3 for the customer list -> likelihood 3 -> risk 9.
        r = c.get(f"/w/{org}/assets/{ids['顧客名簿']}")
        check(r.status == 200 and 'value="顧客名簿"' in r.text and
              re.search(r'name="personal_data" value="1" checked', r.text), "edit form filled")
        r = c.post_form(f"/w/{org}/assets/{ids['顧客名簿']}",
                        form("顧客名簿", 2, 1, 1, True, False, 3, 3, notes="紙の控えもあり"))
        check(r.status == 303 and r.header("Location") == f"/w/{org}/assets#asset-{ids['顧客名簿']}", r)
        r = c.get(f"/w/{org}/assets")
        check(r.status == 200 and "情報資産を保存しました" in r.text, r)
        cells = rows_of(r.text)["顧客名簿"]
        check(cells[7] == "3" and cells[8].startswith("9 ") and "紙の控えもあり" in cells[0], f"risk now 9: {cells}")
        check(sql(srv, f"SELECT COUNT(*) FROM audit_log WHERE org_id = {org} AND action LIKE 'asset.%'")[0][0]
              == str(len(ASSETS) + 1), "changes audited")

        # Delete needs a confirmation page; then the row is gone.
        r = c.get(f"/w/{org}/assets/{ids['会社案内']}/delete")
        check(r.status == 200 and "「会社案内」を台帳から削除してよろしいですか" in r.text, "delete confirmation")
        check(sql(srv, f"SELECT COUNT(*) FROM info_assets WHERE id = {ids['会社案内']}")[0][0] == "1",
              "not deleted by opening the confirmation")
        r = c.post_form(f"/w/{org}/assets/{ids['会社案内']}/delete", {}, follow=True)
        check("情報資産を削除しました" in r.text and "会社案内" not in rows_of(r.text), "deleted")

        # XLSX ledger: opens, has the headers and each asset's computed values.
        r = c.get(f"/w/{org}/assets.xlsx")
        check(r.status == 200 and "spreadsheetml" in (r.header("Content-Type") or ""), r)
        x = xlsx_rows(r.body)
        head = x[0]
        for h in ("業務分類", "情報資産の名称", "機密性", "重要度", "脅威", "脆弱性", "被害発生可能性", "リスク値"):
            check(h in head, f"xlsx header {h}: {head}")
        by_name = {row[head.index("情報資産の名称")]: row for row in x[1:]}
        check(set(by_name) == {a[0] for a in ASSETS} - {"会社案内"}, f"xlsx rows: {list(by_name)}")
        row = by_name["見積書"]
        check(row[head.index("重要度")] == "2" and row[head.index("被害発生可能性")] == "2" and
              row[head.index("リスク値")] == "4" and row[head.index("業務分類")] == "営業", f"xlsx values: {row}")
        check(by_name["顧客名簿"][head.index("リスク値")] == "9" and
              by_name["顧客名簿"][head.index("個人情報")] == "はい", "xlsx: customer list")
        check(x[1][head.index("情報資産の名称")] in ("設計図面", "顧客名簿"), "xlsx sorted by risk")

        # JSON API: computed values, validation, partial update.
        lst = c.api("GET", f"/api/v1/organizations/{org}/assets").json()["assets"]
        est = next(a for a in lst if a["name"] == "見積書")
        check((est["importance"], est["likelihood"], est["risk"], est["band"]) == (2, 2, 4, "desirable"),
              f"API values: {est}")
        r = c.api("POST", f"/api/v1/organizations/{org}/assets",
                  {"name": "API資産", "confidentiality": 2, "integrity": 1, "availability": 1,
                   "personal_data": True, "threat": 3, "weakness": 2})
        check(r.status == 201 and (r.json()["importance"], r.json()["likelihood"], r.json()["risk"]) == (3, 2, 6),
              f"API create: {r}")
        api_id = r.json()["id"]
        r = c.api("POST", f"/api/v1/organizations/{org}/assets",
                  {"name": "x", "confidentiality": 4, "integrity": 1, "availability": "1", "threat": 1, "weakness": 1})
        check(r.status == 422 and set(r.json()["error"]["fields"]) == {"confidentiality", "availability"}, r)
        r = c.api("PUT", f"/api/v1/organizations/{org}/assets/{api_id}", {"weakness": 1})
        check(r.status == 200 and r.json()["likelihood"] == 1 and r.json()["risk"] == 3 and
              r.json()["name"] == "API資産", f"API partial update: {r}")
        check(c.api("DELETE", f"/api/v1/organizations/{org}/assets/{api_id}").status == 200, "API delete")
        check(c.api("GET", f"/api/v1/organizations/{org}/assets/{api_id}").status == 404, "API: deleted is 404")

        # An invited advisor may add; an operator may only read.
        adv = srv.client()
        adv.signup("advisor@example.jp")
        sql(srv, "UPDATE users SET role = 'advisor' WHERE email = 'advisor@example.jp'")
        add_member(srv, "advisor@example.jp", org, "advisor")
        adv.get(f"/w/{org}/assets/new")
        r = adv.post_form(f"/w/{org}/assets", form("取引先契約書", 3, 2, 1, False, False, 2, 2))
        check(r.status == 303, f"advisor adds: {r}")
        check("取引先契約書" in c.get(f"/w/{org}/assets").text, "owner sees the advisor's asset")

        op = srv.client()
        op.signup("operator@example.jp")
        sql(srv, "UPDATE users SET role = 'operator' WHERE email = 'operator@example.jp'")
        r = op.get(f"/w/{org}/assets")
        check(r.status == 200 and "設計図面" in r.text, "operator reads the inventory")
        check(f'href="/w/{org}/assets/new"' not in r.text and "/delete" not in r.text, "operator gets no edit links")
        check(op.get(f"/w/{org}/assets/new").status == 403, "operator: no add form")
        before = sql(srv, f"SELECT COUNT(*) FROM info_assets WHERE org_id = {org}")[0][0]
        check(op.post_form(f"/w/{org}/assets", form("operator", 1, 1, 1, False, False, 1, 1)).status == 403,
              "operator cannot add")
        check(op.post_form(f"/w/{org}/assets/{ids['見積書']}/delete", {}).status == 403, "operator cannot delete")
        check(op.api("PUT", f"/api/v1/organizations/{org}/assets/{ids['見積書']}", {"weakness": 1}).status == 403,
              "operator cannot change via API")
        check(op.get(f"/w/{org}/assets.xlsx").status == 200, "operator downloads the ledger")
        check(sql(srv, f"SELECT COUNT(*) FROM info_assets WHERE org_id = {org}")[0][0] == before, "nothing changed")

        # Another organization: A's asset ids are 404 under B's own workspace, pages and API.
        other = srv.client()
        other.signup("other@example.jp")
        org_b = make_org(srv, "other@example.jp", "株式会社ほかの会社")
        aid = ids["見積書"]
        other.get(f"/w/{org_b}/assets")
        check(other.get(f"/w/{org_b}/assets/{aid}").status == 404, "B: edit form of A's asset is 404")
        check(other.post_form(f"/w/{org_b}/assets/{aid}", form("乗っ取り", 1, 1, 1, False, False, 1, 1)).status == 404,
              "B: save of A's asset is 404")
        check(other.get(f"/w/{org_b}/assets/{aid}/delete").status == 404, "B: delete page of A's asset is 404")
        check(other.post_form(f"/w/{org_b}/assets/{aid}/delete", {}).status == 404, "B: delete of A's asset is 404")
        for m, body in (("GET", None), ("PUT", {"name": "乗っ取り"}), ("DELETE", None)):
            check(other.api(m, f"/api/v1/organizations/{org_b}/assets/{aid}", body).status == 404,
                  f"B: API {m} of A's asset is 404")
        check(other.get(f"/w/{org}/assets").status in (403, 404), "B cannot open A's inventory")
        check("見積書" not in other.get(f"/w/{org_b}/assets").text, "A's assets not in B's list")
        check(sql(srv, f"SELECT name, org_id FROM info_assets WHERE id = {aid}")[0] == ["見積書", str(org)],
              "A's asset unchanged")
    print("ok")


if __name__ == "__main__":
    main()
