"""test_stats.py - program statistics: by prefecture, region, industry and size; the three
metro areas against imported company counts like table 4 of seed 001 (numbers and ratios);
the CSV import of company counts (errors by line, nothing saved on error, saved in full when
valid); CSV and XLSX exports open; the JSON API; access by role; page language checks."""
import csv
import io
import re
import sys
import zipfile

from dbutil import sql
from harness import Server, check
from test_progress import apps, expert, matches, orgs, program, today_jst, user, NOW

PREFS_EN = None


def counts_csv():
    """Table 4's companies: 3 metro areas 114,445 (all in Tokyo), the rest 236,849."""
    metro = {11, 12, 13, 14, 21, 23, 24, 26, 27, 28, 29}
    rows, rest = ["都道府県,企業数"], [p for p in range(1, 48) if p not in metro]
    for p in range(1, 48):
        if p in metro:
            n = 114445 if p == 13 else 0
        else:
            n = 6549 if p == rest[-1] else 6580
        # Mix codes, names with and without suffix, English names and quoted thousands.
        key = {13: "東京都", 27: "大阪", 1: "Hokkaido", 47: "47"}.get(p, f"{p:02d}")
        rows.append(f'{key},"{n:,}"' if p in (1, 13) else f"{key},{n}")
    return "\n".join(rows) + "\n"


def main():
    t = today_jst()
    with Server() as srv:
        op = srv.client()
        op_uid = user(srv, op, "ops@example.jp", "operator")
        pid = program(srv, op_uid, t, t)
        e = expert(srv, "専門 一郎", 13, "e1@example.jp")
        # 148 matches in Tokyo (table 4: metro), 154 in Hokkaido (the rest); some applications
        # without a match; industries and sizes.
        tokyo = orgs(srv, 148, 13, industry="manufacturing", employees=3)
        hokkaido = orgs(srv, 154, 1, industry="construction", employees=30, name="北海建設")
        osaka_wait = orgs(srv, 5, 27, industry="retail", employees=150, name="浪速商店")
        a1 = apps(srv, pid, tokyo[:140], "matched", op_uid) + apps(srv, pid, tokyo[140:], "completed", op_uid)
        a2 = apps(srv, pid, hokkaido[:153], "matched", op_uid) + apps(srv, pid, hokkaido[153:], "terminated", op_uid)
        apps(srv, pid, osaka_wait, "waitlisted", op_uid)
        matches(srv, a1 + a2, e, "confirmed", NOW)

        # Without company counts: the page says so and shows the counts only.
        r = op.get(f"/operator/programs/{pid}/statistics")
        check(r.status == 200 and 'id="no-counts"' in r.text and "取り込まれていない" in r.text, r)
        j = op.api("GET", f"/api/v1/programs/{pid}/statistics").json()
        check(j["company_counts"] is None and j["applications"] == 307 and j["matches"] == 302, j)
        byp = {p["code"]: p for p in j["prefectures"]}
        check(byp[13]["applications"] == 148 and byp[13]["matches"] == 148 and
              byp[27]["applications"] == 5 and byp[27]["matches"] == 0 and
              byp[1]["matches"] == 154 and len(j["prefectures"]) == 47, byp[13])
        regions = {x["name"]: x for x in j["regions"]}
        check(regions["関東"]["matches"] == 148 and regions["北海道"]["matches"] == 154 and
              regions["近畿"]["applications"] == 5, regions)
        area = {x["key"]: x for x in j["metro"]}
        check(area["shutoken"]["matches"] == 148 and area["metro"]["matches"] == 148 and
              area["other"]["matches"] == 154 and area["metro"]["match_share"] == 49.0, area)
        ind = {x["key"]: x for x in j["industries"]}
        check(ind["manufacturing"]["matches"] == 148 and ind["retail"]["applications"] == 5, ind)
        sizes = {x["key"]: x for x in j["sizes"]}
        check(sizes["0-5"]["applications"] == 148 and sizes["21-50"]["applications"] == 154 and
              sizes["101-300"]["applications"] == 5, sizes)

        # CSV import with problems: listed by line, nothing saved, entries kept.
        bad = counts_csv().replace("02,6580", "02,多い").replace("03,6580", "ガリア,6580") \
            .replace("04,6580", "04,6580,9").replace("05,6580", "01,6580").replace("06,6580\n", "")
        r = op.post_form("/operator/company-counts", {"source": "経済センサス‐活動調査", "year": "2021",
                                                      "csv": bad})
        check(r.status == 422, r)
        errs = re.findall(r"<li>(.*?)</li>", re.search(r'<ul id="csv-errors">(.*?)</ul>', r.text, re.S).group(1))
        check(any(e.startswith("3行目") and "整数" in e for e in errs), errs)
        check(any(e.startswith("4行目") and "都道府県がわかりません" in e for e in errs), errs)
        check(any(e.startswith("5行目") and "2つ" in e for e in errs), errs)
        check(any(e.startswith("6行目") and "前の行" in e for e in errs), errs)
        check(any("山形県" in e and "行がありません" in e for e in errs), errs)
        check(sql(srv, "SELECT COUNT(*) FROM company_count_imports") == [["0"]] and
              sql(srv, "SELECT COUNT(*) FROM company_counts") == [["0"]], "nothing saved")
        check("経済センサス‐活動調査" in r.text and "ガリア,6580" in r.text, "entries kept")
        check('aria-invalid="true"' in r.text and "autofocus" in r.text, "field marked")
        r = op.post_form("/operator/company-counts", {"source": "", "year": "19", "csv": counts_csv()})
        check(r.status == 422 and sql(srv, "SELECT COUNT(*) FROM company_count_imports") == [["0"]], r)

        # A valid import: saved with source and year; table 4 comes out.
        r = op.post_form("/operator/company-counts", {"source": "経済センサス‐基礎調査", "year": "2014",
                                                      "csv": counts_csv()})
        check(r.status == 303, r)
        check(sql(srv, "SELECT source, year, total FROM company_count_imports") ==
              [["経済センサス‐基礎調査", "2014", str(114445 + 236849)]], "import saved")
        check(sql(srv, "SELECT companies FROM company_counts WHERE prefecture = 13") == [["114445"]], "Tokyo")
        r = op.get("/operator/company-counts")
        check("経済センサス‐基礎調査" in r.text and "351294" in r.text, "current import shown")
        j = op.api("GET", f"/api/v1/programs/{pid}/statistics").json()
        area = {x["key"]: x for x in j["metro"]}
        check(area["metro"]["companies"] == 114445 and area["metro"]["company_share"] == 32.6 and
              area["metro"]["matches"] == 148 and area["metro"]["match_share"] == 49.0 and
              area["metro"]["ratio"] == 1.5, area["metro"])
        check(area["other"]["companies"] == 236849 and area["other"]["company_share"] == 67.4 and
              area["other"]["match_share"] == 51.0 and area["other"]["ratio"] == 0.76, area["other"])
        check(area["chukyo"]["companies"] == 0 and area["chukyo"]["ratio"] is None, area["chukyo"])
        r = op.get(f"/operator/programs/{pid}/statistics")
        row = re.search(r'<tr id="area-metro">(.*?)</tr>', r.text, re.S).group(1)
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        check(cells == ["3大都市圏", "114,445", "32.6", "148", "49.0", "1.50"], cells)
        row = re.search(r'<tr id="area-other">(.*?)</tr>', r.text, re.S).group(1)
        check(re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) == ["その他", "236,849", "67.4", "154", "51.0", "0.76"], row)
        check(r.text.count("<svg") == 3, "three charts")

        # Exports open.
        r = op.get(f"/operator/programs/{pid}/statistics.csv")
        check(r.status == 200 and "text/csv" in r.header("Content-Type"), r)
        rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"))))
        check(len(rows) == 48 and rows[0][-1] == "企業数", rows[0])
        tokyo_row = next(x for x in rows if x[0] == "13")
        check(tokyo_row[1:] == ["東京都", "関東", "首都圏", "148", "148", "114445"], tokyo_row)
        r = op.get(f"/operator/programs/{pid}/statistics.xlsx")
        check(r.status == 200, r)
        z = zipfile.ZipFile(io.BytesIO(r.body))
        check("xl/worksheets/sheet1.xml" in z.namelist(), z.namelist())
        shared = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
        check("東京都" in shared + z.read("xl/worksheets/sheet1.xml").decode(), "xlsx has the prefectures")
        book = z.read("xl/workbook.xml").decode()
        names = re.findall(r'<sheet name="([^"]+)"', book)
        check(names == ["都道府県別", "3大都市圏", "地方別", "業種別", "従業員規模別"], names)
        # Table 4 on its own sheet: the metro row's companies and ratio are numbers.
        t4 = z.read("xl/worksheets/sheet2.xml").decode()
        check("<v>114445</v>" in t4 and "<v>1.5</v>" in t4 and "<v>49</v>" in t4, t4[:600])

        # English pages; language checks.
        en = srv.client(lang="en")
        en.login("ops@example.jp")
        from test_i18n_pages import check_page
        problems = []
        for path in (f"/operator/programs/{pid}/statistics", "/operator/company-counts"):
            rj = op.get(path)
            check(rj.status == 200, rj)
            check_page(path, "ja", rj.text, problems, data=("経済センサス",))
            re_ = en.get(path)
            check(re_.status == 200, re_)
            txt = re_.text
            for name in ("経済センサス‐基礎調査", "令和8年度 指導事業", "事務局 花子"):
                txt = txt.replace(name, "X")
            check_page(path, "en", txt, problems)
        check(not problems, "\n".join(problems))
        check("Greater Tokyo area" in en.get(f"/operator/programs/{pid}/statistics").text, "English areas")

        # Access.
        sme = srv.client()
        user(srv, sme, "sme@example.jp", "sme", name="山田 太郎")
        for path in (f"/operator/programs/{pid}/statistics", f"/operator/programs/{pid}/statistics.csv",
                     f"/operator/programs/{pid}/statistics.xlsx", "/operator/company-counts"):
            check(sme.get(path).status in (403, 404), path)
        check(sme.api("GET", f"/api/v1/programs/{pid}/statistics").status in (403, 404), "API")
        r = sme.post_form("/operator/company-counts", {"source": "x", "year": "2014", "csv": counts_csv()})
        check(r.status in (403, 404) and sql(srv, "SELECT COUNT(*) FROM company_count_imports") == [["1"]],
              "SME cannot import")
        check(op.get("/operator/programs/999999/statistics").status == 404, "unknown program")
    print("ok")


if __name__ == "__main__":
    sys.exit(main())
