#!/usr/bin/env python3
"""test_domain_cli.py - contract tests of `otasuke sme-check` and `otasuke diagnose`.

Runs the binary named by $OTASUKE_BIN (default build/otasuke-domain-cli under the repo).
Scripts depend on the exact JSON shapes and exit codes checked here.
"""
import json
import os
import subprocess
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("OTASUKE_BIN", os.path.join(ROOT, "build", "otasuke-domain-cli"))
ENV = dict(os.environ)
ENV.setdefault("OTASUKE_SHARE", ROOT)


def run(args, stdin=None):
    p = subprocess.run([BIN] + args, input=stdin, capture_output=True, env=ENV, timeout=30)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8", "replace")


def sme(*args):
    rc, out, err = run(["sme-check", *args, "--json"])
    return rc, (json.loads(out) if rc == 0 else None), err


def answers(default="done", **over):
    a = {str(i): default for i in range(1, 26)}
    for k, v in over.items():
        a[k.lstrip("n")] = v
    return a


def diagnose(payload):
    data = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
    if isinstance(data, str):
        data = data.encode("utf-8")
    rc, out, err = run(["diagnose", "--json"], data)
    return rc, (json.loads(out) if rc == 0 else None), err


class SmeCheck(unittest.TestCase):
    def assert_decided(self, res, eligible, rule):
        rc, out, err = res
        self.assertEqual(rc, 0, err)
        self.assertEqual(set(out), {"eligible", "rule", "reason"})
        self.assertIs(out["eligible"], eligible)
        self.assertEqual(out["rule"], rule)
        self.assertEqual(set(out["reason"]), {"ja", "en"})
        self.assertTrue(out["reason"]["ja"] and out["reason"]["en"])
        return out

    def test_manufacturing_120_employees(self):
        out = self.assert_decided(
            sme("--org-type", "company", "--industry", "manufacturing", "--capital",
                "500000000", "--employees", "120"), True, 1)
        self.assertIn("従業員120人", out["reason"]["ja"])
        self.assertIn("300人以下", out["reason"]["ja"])
        self.assertIn("対象です", out["reason"]["ja"])

    def test_either_limit_suffices_and_both_over(self):
        self.assert_decided(sme("--org-type", "company", "--industry", "retail",
                                "--capital", "50000000", "--employees", "51"), True, 4)
        self.assert_decided(sme("--org-type", "company", "--industry", "retail",
                                "--capital", "50000001", "--employees", "50"), True, 4)
        out = self.assert_decided(sme("--org-type", "company", "--industry", "retail",
                                      "--capital", "50000001", "--employees", "51"), False, 4)
        self.assertIn("対象外", out["reason"]["ja"])

    def test_rows_by_industry(self):
        cases = [("manufacturing", 1), ("construction", 1), ("transport", 1), ("wholesale", 2),
                 ("services", 3), ("retail", 4), ("rubber", 5), ("software", 6), ("inn", 7),
                 ("other", 8)]
        for ind, row in cases:
            with self.subTest(ind=ind):
                self.assert_decided(sme("--org-type", "company", "--industry", ind,
                                        "--employees", "5"), True, row)

    def test_rubber_900(self):
        self.assert_decided(sme("--org-type", "company", "--industry", "rubber", "--capital",
                                "999999999999", "--employees", "900"), True, 5)
        self.assert_decided(sme("--org-type", "company", "--industry", "rubber", "--capital",
                                "999999999999", "--employees", "901"), False, 5)

    def test_sole_proprietor_ignores_capital(self):
        out = self.assert_decided(sme("--org-type", "sole-proprietor", "--industry", "retail",
                                      "--capital", "999999999999", "--employees", "50"), True, 4)
        self.assertIn("個人事業主", out["reason"]["ja"])
        self.assert_decided(sme("--org-type", "sole-proprietor", "--industry", "retail",
                                "--capital", "0", "--employees", "51"), False, 4)

    def test_fixed_rows(self):
        for t, row, lim in [("medical", 9, 300), ("social-welfare", 9, 300), ("school", 10, 300),
                            ("chamber", 11, 100)]:
            with self.subTest(t=t):
                self.assert_decided(sme("--org-type", t, "--employees", str(lim)), True, row)
                self.assert_decided(sme("--org-type", t, "--capital", "1",
                                        "--employees", str(lim + 1)), False, row)

    def test_industry_ignored_for_fixed_rows(self):
        self.assert_decided(sme("--org-type", "school", "--industry", "retail",
                                "--employees", "299"), True, 10)

    def test_main_industry_rows(self):
        for t, row in [("sme-association", 12), ("special-union", 13), ("foundation", 14),
                       ("npo", 15)]:
            with self.subTest(t=t):
                self.assert_decided(sme("--org-type", t, "--industry", "retail",
                                        "--employees", "50"), True, row)
                self.assert_decided(sme("--org-type", t, "--industry", "retail", "--capital",
                                        "0", "--employees", "51"), False, row)
                self.assert_decided(sme("--org-type", t, "--industry", "rubber",
                                        "--employees", "900"), True, row)

    def test_voluntary_group(self):
        out = self.assert_decided(sme("--org-type", "voluntary-group", "--employees", "3"),
                                  False, None)
        self.assertIn("任意団体", out["reason"]["ja"])

    def test_bad_input_exits_2(self):
        bad = [
            ["--org-type", "kabushiki", "--employees", "3"],
            ["--org-type", "company", "--industry", "fishing", "--employees", "3"],
            ["--org-type", "company", "--employees", "3"],  # industry required
            ["--org-type", "npo", "--employees", "3"],
            ["--org-type", "company", "--industry", "retail"],  # employees missing
            ["--industry", "retail", "--employees", "3"],  # org type missing
            ["--org-type", "company", "--industry", "retail", "--employees", "-1"],
            ["--org-type", "company", "--industry", "retail", "--employees", "3",
             "--capital", "-5"],
            ["--org-type", "company", "--industry", "retail", "--employees", "ten"],
            ["--org-type", "company", "--industry", "retail", "--employees", "3.5"],
            ["--org-type", "company", "--industry", "retail", "--employees", "3",
             "--capital", "1e6"],
            ["--org-type", "company", "--industry", "retail", "--employees", ""],
            ["--org-type", "company", "--industry", "retail", "--employees", "3", "--bogus"],
            ["--org-type", "company", "--industry", "retail", "--employees"],
        ]
        for args in bad:
            with self.subTest(args=args):
                rc, out, err = run(["sme-check", *args, "--json"])
                self.assertEqual(rc, 2)
                self.assertEqual(out, "")
                self.assertEqual(len(err.strip().splitlines()), 1, err)
                self.assertIn("sme-check", err)

    def test_equals_form(self):
        self.assert_decided(sme("--org-type=company", "--industry=wholesale",
                                "--employees=100"), True, 2)


class Environment(unittest.TestCase):
    def test_missing_content_exits_1(self):
        env = dict(ENV, OTASUKE_SHARE="/nonexistent-otasuke-share")
        for args, stdin in [(["sme-check", "--org-type", "medical", "--employees", "3",
                              "--json"], None),
                            (["diagnose", "--json"], json.dumps({"answers": answers()}).encode())]:
            p = subprocess.run([BIN] + args, input=stdin, capture_output=True, env=env,
                               timeout=30)
            self.assertEqual(p.returncode, 1)
            self.assertEqual(p.stdout, b"")
            self.assertIn(b"principles.json", p.stderr)


class Diagnose(unittest.TestCase):
    def test_all_done_is_100(self):
        rc, out, err = diagnose({"answers": answers()})
        self.assertEqual(rc, 0, err)
        self.assertEqual(out, {"total": 100, "parts": {"basic": 20, "employee": 52,
                                                       "organization": 28},
                               "band": "achieved", "unknown_items": []})

    def test_all_unknown(self):
        rc, out, err = diagnose({"answers": answers("unknown")})
        self.assertEqual(rc, 0, err)
        self.assertEqual(out["total"], -25)
        self.assertEqual(out["parts"], {"basic": -5, "employee": -13, "organization": -7})
        self.assertEqual(out["band"], "urgent")
        self.assertEqual(out["unknown_items"], list(range(1, 26)))

    def test_not_used_on_9_and_23(self):
        rc, out, err = diagnose({"answers": answers(n9="not_used", n23="not_used")})
        self.assertEqual(rc, 0, err)
        self.assertEqual(out["total"], 100)

    def test_bands(self):
        # 100 - 2k with k items partly; 99/69/49 need an odd total: use one unknown (-5).
        cases = [(answers(), 100, "achieved"),
                 (answers(n1="unknown"), 95, "partial"),
                 (answers(n1="partly"), 98, "partial"),
                 (answers(**{f"n{i}": "partly" for i in range(1, 16)}), 70, "partial"),
                 (answers(**{f"n{i}": "partly" for i in range(1, 17)}), 68, "insufficient"),
                 (answers(**{f"n{i}": "not_done" for i in range(1, 8)}, n8="partly"), 70,
                  "partial"),
                 (answers(**{f"n{i}": "not_done" for i in range(1, 13)}, n13="partly"), 50,
                  "insufficient"),
                 (answers(**{f"n{i}": "not_done" for i in range(1, 13)}, n13="unknown"), 47,
                  "urgent")]
        for a, total, band in cases:
            with self.subTest(total=total):
                rc, out, err = diagnose({"answers": a})
                self.assertEqual(rc, 0, err)
                self.assertEqual((out["total"], out["band"]), (total, band))

    def test_odd_boundaries(self):
        # Totals are 4*done + 2*partly - unknown, so 99 cannot occur (the unit tests check
        # the band table at 99); 69 and 49 need one unknown.
        a69 = answers(**{f"n{i}": "not_done" for i in range(1, 7)}, n7="partly",
                      n8="unknown")  # 17 done + 1 partly - 1
        a49 = answers(**{f"n{i}": "not_done" for i in range(1, 12)}, n12="partly",
                      n13="unknown")  # 12 done + 1 partly - 1
        for a, total, band, unknown in [(a69, 69, "insufficient", [8]),
                                        (a49, 49, "urgent", [13])]:
            with self.subTest(total=total):
                rc, out, err = diagnose({"answers": a})
                self.assertEqual(rc, 0, err)
                self.assertEqual((out["total"], out["band"]), (total, band))
                self.assertEqual(out["unknown_items"], unknown)

    def test_input_errors_exit_2(self):
        bad = [
            ({"answers": {k: v for k, v in answers().items() if k != "7"}}, "item 7"),
            ({"answers": answers(n3="yes")}, "item 3"),
            ({"answers": answers(n1="not_used")}, "item 1"),
            ({"answers": answers(n10="not_used")}, "not_used"),
            ({"answers": {**answers(), "26": "done"}}, "26"),
            ({"answers": {**answers(), "07": "done"}}, "07"),
            ({"answers": answers(n5=4)}, "item 5"),
            ({"answers": answers(), "extra": 1}, "extra"),
            ({}, "answers"),
            ([], "object"),
            (b"{\"answers\": {", "malformed"),
            (b"", "malformed"),
            (b'{"\\n\\n\\\nanswenansw{}}', "malformed"),  # raw newline in the quoted token
            (b"{\"answers\": {\"1\": \"done\", \"1\": \"done\"}}", "malformed"),
        ]
        for payload, needle in bad:
            with self.subTest(needle=needle, payload=str(payload)[:60]):
                rc, out, err = diagnose(payload)
                self.assertEqual(rc, 2)
                self.assertEqual(out, None)
                self.assertEqual(len(err.strip().splitlines()), 1, err)
                self.assertIn(needle, err)


if __name__ == "__main__":
    if not os.access(BIN, os.X_OK):
        print(f"binary not found: {BIN}", file=sys.stderr)
        sys.exit(1)
    unittest.main(verbosity=1)
