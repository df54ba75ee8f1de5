#!/usr/bin/python3
"""test_export_documents.py - PDF and XLSX exports read back as a user's tools would.

PDF: pdftotext/pdfinfo/pdffonts (poppler-utils) must find the Japanese text, the embedded
Noto Sans CJK font, page numbers and repeated table headers. XLSX: the zip parts must hold
the Japanese strings, a frozen bold header, an autofilter and text-only dates.

Usage: test_export_documents.py EXPORT_TOOL
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
import zipfile

TOOL = None

POLICY = {
    "title": "情報セキュリティ基本方針",
    "subtitle": "株式会社やまだ建設",
    "meta": ["制定日: 2026年11月22日", "代表取締役 山田 太郎"],
    "blocks": [
        {"type": "h2", "text": "1. 目的"},
        {"type": "p", "text": "当社は、お客さまからお預かりした情報と当社の情報資産を、"
                              "事故や災害、犯罪から守るため、この基本方針を定めます。"
                              "全社員がこの方針に従って行動します。" * 2},
        {"type": "h2", "text": "2. 取り組み"},
        {"type": "ul", "items": ["パソコンのOSやソフトウェアは常に最新の状態にします。",
                                 "ウイルス対策ソフト（不正なプログラムを見つけて止めるソフト）を導入します。"]},
        {"type": "ol", "items": ["パスワードを強くします。", "共有設定を見直します。"]},
        {"type": "table", "columns": ["対策", "担当", "期限"], "widths": [3, 1, 1],
         "rows": [["バックアップを取る", "総務部", "2026-12-01"], ["UTM（不正な通信を止める装置）を導入する", None, 3]]},
    ],
}


def run(*args):
    return subprocess.run([TOOL, *args], capture_output=True, text=True, timeout=120)


def squash(s):
    return re.sub(r"\s+", "", s)


class ExportTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def render_pdf(self, doc):
        src, out = self.path("doc.json"), self.path("doc.pdf")
        with open(src, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        p = run("pdf", src, out)
        self.assertEqual(p.returncode, 0, p.stderr)
        return out

    def pages(self, pdf):
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
        self.assertIn("A4", info)
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))

    def text(self, pdf, page=None, x_range=None):
        """The text of the PDF (or one page; or only a vertical strip, i.e. one table
        column, since a whole-page extraction interleaves the lines of adjacent cells)."""
        args = ["pdftotext", "-enc", "UTF-8"]
        if page:
            args += ["-f", str(page), "-l", str(page)]
        if x_range:
            args += ["-x", str(x_range[0]), "-y", "0", "-W", str(x_range[1] - x_range[0]),
                     "-H", "770"]  # above the footer
        return subprocess.run(args + [pdf, "-"], capture_output=True, check=True).stdout.decode("utf-8")

    def test_pdf_japanese_text_is_real_and_font_embedded(self):
        pdf = self.render_pdf(POLICY)
        self.assertEqual(self.pages(pdf), 1)
        text = self.text(pdf)
        flat = squash(text)
        for s in ["情報セキュリティ基本方針", "株式会社やまだ建設", "制定日:2026年11月22日",
                  "1.目的", "2.取り組み", "全社員がこの方針に従って行動します。",
                  "ウイルス対策ソフト（不正なプログラムを見つけて止めるソフト）を導入します。",
                  "パスワードを強くします。", "対策", "担当", "期限", "総務部", "2026-12-01",
                  "UTM（不正な通信を止める装置）を導入する", "1/1"]:
            self.assertIn(squash(s), flat)
        self.assertIn(squash(POLICY["blocks"][1]["text"]), flat, "paragraph text exact and in order")
        fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
        cjk = [l for l in fonts.splitlines() if "NotoSansCJK" in l]
        self.assertTrue(cjk, fonts)
        for line in cjk:
            self.assertRegex(line, r"\byes\s+yes\s+yes\b", "embedded, subset, with ToUnicode")
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        self.assertRegex(info, r"Title:\s+情報セキュリティ基本方針")

    def test_long_document_breaks_pages_and_repeats_table_header(self):
        rows = [["対策%03d：%s" % (i, "社内の共有フォルダのアクセス権を確認し、退職者のアカウントを削除します。" * (1 + i % 3)),
                 "担当者%d" % i, "2027-%02d" % (1 + i % 12)] for i in range(120)]
        doc = {"title": "対策実行計画書", "blocks": [
            {"type": "p", "text": "この計画は自己診断の結果から作りました。" * 40},
            {"type": "table", "columns": ["対策内容", "担当", "実施月"], "widths": [4, 1, 1], "rows": rows},
            {"type": "h2", "text": "おわりに"},
            {"type": "p", "text": "最後の段落です。"},
        ]}
        pdf = self.render_pdf(doc)
        n = self.pages(pdf)
        self.assertGreater(n, 3)
        flat = squash(self.text(pdf, x_range=(58, 375)))  # the first column: 4/6 of 482pt
        for r in rows:  # every row, complete, in order
            self.assertIn(squash(r[0]), flat)
        positions = [flat.index("対策%03d：" % i) for i in range(120)]
        self.assertEqual(positions, sorted(positions))
        self.assertIn("最後の段落です。", squash(self.text(pdf)))
        for page in range(1, n + 1):
            t = squash(self.text(pdf, page))
            self.assertIn("%d/%d" % (page, n), t)
            self.assertIn("対策実行計画書", t)
            if "対策0" in t or "対策1" in t:
                self.assertIn("対策内容担当実施月", t, "header repeated on page %d" % page)

    def test_row_taller_than_a_page_is_split_not_lost(self):
        huge = "とても長い説明文です。" * 600
        doc = {"title": "長い表", "blocks": [
            {"type": "table", "columns": ["項目", "説明"], "rows": [["A", huge], ["B", "短い"]]}]}
        pdf = self.render_pdf(doc)
        self.assertGreater(self.pages(pdf), 1)
        flat = ""
        for page in range(1, self.pages(pdf) + 1):  # the second column, minus its header
            t = squash(self.text(pdf, page, x_range=(300, 537)))
            self.assertTrue(t.startswith("説明"), t[:20])
            flat += t[2:]
        self.assertEqual(flat.count("とても長い説明文です。"), 600)
        self.assertIn("短い", flat)
        for page in range(1, self.pages(pdf) + 1):
            self.assertIn("項目説明", squash(self.text(pdf, page)), "header on page %d" % page)

    def test_pdf_rejects_bad_documents(self):
        for doc, msg in [({"blocks": []}, "title"),
                         ({"title": "t", "blocks": [{"type": "marquee"}]}, "blocks[0]: unknown type"),
                         ({"title": "t", "blocks": [{"type": "p"}]}, "text"),
                         ({"title": "t", "blocks": [{"type": "table", "columns": ["a", "b"], "rows": [["x"]]}]},
                          "row 0 must have 2 cells"),
                         ({"title": "t", "meta": [1], "blocks": []}, "meta")]:
            src = self.path("bad.json")
            with open(src, "w", encoding="utf-8") as f:
                json.dump(doc, f)
            p = run("pdf", src, self.path("bad.pdf"))
            self.assertEqual(p.returncode, 1, doc)
            self.assertIn(msg, p.stderr)
            self.assertFalse(os.path.exists(self.path("bad.pdf")))

    def test_xlsx_table(self):
        table = {"columns": ["対策", {"title": "担当者", "width": 14}, "期限", "進捗(%)"],
                 "rows": [["バックアップを取る", "総務部 山田", "2026-12-01", 40],
                          ["パスワードを強くする", None, "2027-01-15", 100],
                          ["=HYPERLINK(\"http://evil.example\")", "全員", "2027-03-31", 0.5]]}
        src, out = self.path("t.json"), self.path("t.xlsx")
        with open(src, "w", encoding="utf-8") as f:
            json.dump(table, f, ensure_ascii=False)
        p = run("xlsx", "対策実行計画", src, out)
        self.assertEqual(p.returncode, 0, p.stderr)
        with zipfile.ZipFile(out) as z:
            self.assertIsNone(z.testzip())
            shared = z.read("xl/sharedStrings.xml").decode("utf-8")
            sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
            styles = z.read("xl/styles.xml").decode("utf-8")
            book = z.read("xl/workbook.xml").decode("utf-8")
        for s in ["対策", "担当者", "期限", "バックアップを取る", "総務部 山田", "パスワードを強くする",
                  "2026-12-01", "2027-03-31"]:
            self.assertIn("<t>%s</t>" % s, shared)
        self.assertIn('name="対策実行計画"', book)
        self.assertIn('state="frozen"', sheet)
        self.assertIn('ySplit="1"', sheet)
        self.assertIn('<autoFilter ref="A1:D4"/>', sheet)
        self.assertNotIn("<f>", sheet, "text is never a formula")
        self.assertIn("HYPERLINK", shared)
        self.assertIn("<v>40</v>", sheet)
        self.assertIn("<v>0.5</v>", sheet)
        self.assertIn("<b/>", styles)
        widths = [float(w) for w in re.findall(r'<col [^>]*width="([0-9.]+)"', sheet)]
        self.assertEqual(len(widths), 4)
        self.assertGreater(widths[0], 20, "Japanese text counts double")
        self.assertAlmostEqual(widths[1], 14.71, delta=0.8)

    def test_xlsx_rejects_bad_input(self):
        src = self.path("t.json")
        with open(src, "w") as f:
            json.dump({"columns": ["a"], "rows": [["x"]]}, f)
        p = run("xlsx", "bad[name]", src, self.path("o.xlsx"))
        self.assertEqual(p.returncode, 1)
        self.assertIn("sheet name", p.stderr)
        with open(src, "w") as f:
            json.dump({"columns": ["a", "b"], "rows": [["x"]]}, f)
        p = run("xlsx", "ok", src, self.path("o.xlsx"))
        self.assertEqual(p.returncode, 1)
        self.assertIn("row 0", p.stderr)


if __name__ == "__main__":
    TOOL = sys.argv[1]
    unittest.main(argv=sys.argv[:1], verbosity=2)
