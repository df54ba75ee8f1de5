"""test_diagnosis.py - the 25-item self-diagnosis pages: the one-page form (PC), one item per
screen (phone) with resuming, scoring and bands, advice, trend, read-only results, and
isolation between organizations."""
import json
import os
import re
import subprocess
import sys

import dbutil
from harness import BIN, Server, check

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ITEMS = json.load(open(os.path.join(ROOT, "data", "diagnosis.json"), encoding="utf-8"))["items"]


def sql(srv, statement):
    """Runs one SQL statement on the server's database; the first column of row 1 or None."""
    rows = dbutil.sql(srv, statement)
    return rows[0][0] if rows else None


def owner_with_org(srv, email, org_name):
    """Signs up a user and gives them an organization (the registration pages belong to the
    workspace group; here the rows are written directly)."""
    c = srv.client()
    c.signup(email)
    uid = sql(srv, f"SELECT id FROM users WHERE email = '{email}'")
    oid = sql(srv, "INSERT INTO organizations (name, org_type, industry, capital, employees, "
                   f"prefecture, sme_eligible, sme_rule, created_at) VALUES ('{org_name}', "
                   "'company', 'construction', 10000000, 12, 13, 1, 2, "
                   "'2026-11-01T00:00:00Z') RETURNING id")
    sql(srv, "INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES "
             f"({uid}, {oid}, 'member', '2026-11-01T00:00:00Z')")
    return c, int(oid)


def cli_diagnose(answers):
    """`otasuke diagnose --json` on answers (the domain CLI binary until main dispatches it)."""
    body = json.dumps({"answers": {str(k): v for k, v in answers.items()}})
    for exe in (BIN, os.path.join(os.path.dirname(BIN), "otasuke-domain-cli")):
        p = subprocess.run([exe, "diagnose", "--json"], capture_output=True, text=True,
                           input=body)
        if p.returncode == 0:
            return json.loads(p.stdout)
    raise AssertionError("diagnose CLI failed: " + p.stderr)


def diag_id_from(location):
    m = re.search(r"/diagnosis/(\d+)", location or "")
    check(m, f"redirect to a diagnosis: {location}")
    return int(m.group(1))


def checked(html, item):
    """The answer checked for item on the one-page form, or None."""
    m = re.search(r'<input type="radio" name="a%d" value="(\w+)" checked' % item, html)
    return m.group(1) if m else None


# A mix worth 69 points (insufficient): by hand,
#   Part 1: 1 done 4, 2 done 4, 3 unknown -1, 4 done 4, 5 done 4            = 15
#   Part 2: 6-15, 18 done 11 x 4 = 44; 16, 17 partly 2 x 2 = 4              = 48
#   Part 3: 19 not_done 0, 20 partly 2, 21 not_done 0, 22 not_done 0,
#           23 not_used 4, 24 not_done 0, 25 not_done 0                     = 6
#   total 15 + 48 + 6 = 69
MIX = {i: "done" for i in range(1, 26)}
MIX.update({3: "unknown", 16: "partly", 17: "partly", 19: "not_done", 20: "partly",
            21: "not_done", 22: "not_done", 23: "not_used", 24: "not_done", 25: "not_done"})
MIX_ADVICE = [3, 16, 17, 19, 20, 21, 22, 24, 25]


def main():
    with Server() as srv:
        a, org_a = owner_with_org(srv, "a@example.jp", "山田工務店")
        b, org_b = owner_with_org(srv, "b@example.jp", "鈴木商店")
        base = f"/w/{org_a}/diagnosis"

        r = a.get(base)
        check(r.status == 200, r)
        check("1問ずつ" in r.text and "1ページ" in r.text, "both answering modes offered")
        check("まだ完了した診断はありません" in r.text, "empty history explained")

        # ---- PC: all items on one page ----
        r = a.post_form(base, {"mode": "all"})
        check(r.status == 303, r)
        d1 = diag_id_from(r.header("Location"))
        r = a.post_form(base, {"mode": "all"})
        check(diag_id_from(r.header("Location")) == d1, "starting again resumes the open one")
        n_open = sql(srv, f"SELECT COUNT(*) FROM diagnoses WHERE org_id = {org_a}")
        check(int(n_open) == 1, "only one diagnosis in progress")

        r = a.get(f"{base}/{d1}")
        check(r.status == 200 and r.text.count("<fieldset") == 25, "25 items on one page")
        for part in ("Part 1", "Part 2", "Part 3"):
            check(part in r.text, f"{part} grouped")
        check(r.text.count('value="not_used"') == 2, "'not used' only offered twice")
        check('name="a9" value="not_used"' in r.text and 'name="a23" value="not_used"' in r.text,
              "'not used' offered on items 9 and 23")
        check("無線LAN（Wi-Fi）をまったく使っていない" in r.text, "note explains when 'not used' applies")

        # Draft: items 1-10.
        draft = {f"a{i}": "done" for i in range(1, 11)}
        r = a.post_form(f"{base}/{d1}", dict(draft, action="save"))
        check(r.status == 303, r)
        r = a.get(f"{base}/{d1}")
        check(checked(r.text, 1) == "done" and checked(r.text, 10) == "done"
              and checked(r.text, 11) is None, "draft answers kept")

        # A misplaced "not used" is refused and nothing of that submission is saved.
        r = a.post_form(f"{base}/{d1}", {"a1": "not_used", "a11": "partly", "action": "save"})
        check(r.status == 422, r)
        check("＊" in r.text and "No.9" in r.text and 'aria-describedby="q1-error"' in r.text,
              "not_used on item 1 refused next to the item")
        check(checked(r.text, 11) == "partly", "other input kept on the refused form")
        r = a.get(f"{base}/{d1}")
        check(checked(r.text, 1) == "done" and checked(r.text, 11) is None,
              "refused submission saved nothing")

        # Completing with missing items lists them with links and keeps the answers.
        more = dict(draft, a9="not_used", a11="partly", a12="done", action="complete")
        r = a.post_form(f"{base}/{d1}", more)
        check(r.status == 422, r)
        for i in list(range(13, 26)):
            check(f'href="#q{i}"' in r.text, f"missing item {i} linked")
        check('href="#q12"' not in r.text and 'href="#q9"' not in r.text, "answered not listed")
        check(checked(r.text, 9) == "not_used" and checked(r.text, 11) == "partly",
              "answers kept (not_used accepted on 9)")
        st = sql(srv, f"SELECT status FROM diagnoses WHERE id = {d1}")
        check(st == "in_progress", "not completed while items are missing")

        # All done (9 not used counts as done): 100, achieved.
        full = {f"a{i}": "done" for i in range(1, 26)}
        full.update(a9="not_used", action="complete")
        r = a.post_form(f"{base}/{d1}", full)
        check(r.status == 303 and diag_id_from(r.header("Location")) == d1, r)
        r = a.get(f"{base}/{d1}")
        check(r.status == 200, r)
        check('<span class="score-num">100</span>' in r.text, "total 100")
        check("入門レベルの対策ができています" in r.text, "band 'achieved' shown")
        check('class="advice"' not in r.text, "no advice when every item has 4 points")
        check("<svg" in r.text, "part chart shown")

        # A completed diagnosis is read-only.
        r = a.post_form(f"{base}/{d1}", dict(full, a1="not_done"))
        check(r.status == 303, r)
        check(sql(srv, f"SELECT answer FROM diagnosis_answers WHERE diagnosis_id = {d1} "
                       "AND item = 1") == "done", "completed answers unchanged")
        r = a.post_form(f"{base}/{d1}/item/1", {"answer": "not_done", "nav": "next"})
        check(r.status == 303 and sql(srv, f"SELECT answer FROM diagnosis_answers WHERE "
                                           f"diagnosis_id = {d1} AND item = 1") == "done",
              "completed answers unchanged through the phone flow")

        # ---- phone: one item per screen, leaving midway ----
        r = a.post_form(base, {"mode": "one"})
        check(r.status == 303 and r.header("Location").endswith("/resume"), r)
        d2 = diag_id_from(r.header("Location"))
        check(d2 != d1, "a new diagnosis after the completed one")
        r = a.get(r.header("Location"))
        check(r.status == 303 and r.header("Location") == f"{base}/{d2}/item/1", r)
        r = a.get(f"{base}/{d2}/item/1")
        check("1 / 25" in r.text and 'name="answer"' in r.text, "item 1 of 25")
        check('value="not_used"' not in r.text, "no 'not used' on item 1")
        for bad in ("0", "26", "x"):
            check(a.get(f"{base}/{d2}/item/{bad}").status == 404, f"item {bad} is not found")
            r = a.post_form(f"{base}/{d2}/item/{bad}", {"answer": "done", "nav": "next"})
            check(r.status == 404, f"no answer saved for item {bad}")
        r = a.post_form(f"{base}/{d2}/item/1", {"answer": "not_used", "nav": "next"})
        check(r.status == 422 and "＊" in r.text, "not_used refused on item 1")
        r = a.post_form(f"{base}/{d2}/item/1", {"nav": "next"})
        check(r.status == 422, "next without an answer asks for one")
        for i in range(1, 13):
            r = a.post_form(f"{base}/{d2}/item/{i}", {"answer": MIX[i], "nav": "next"})
            check(r.status == 303 and r.header("Location") == f"{base}/{d2}/item/{i + 1}", r)
        # Leave, come back later from the list: resumes at item 13.
        b2 = srv.client()
        b2.login("a@example.jp")
        r = b2.get(base)
        check("25項目のうち12項目" in r.text, "progress on the list page")
        r = b2.post_form(base, {"mode": "one"})
        check(diag_id_from(r.header("Location")) == d2, "resumes the same diagnosis")
        r = b2.get(r.header("Location"))
        check(r.header("Location") == f"{base}/{d2}/item/13", "resumes at first unanswered")
        r = b2.get(f"{base}/{d2}/item/13")
        check("13 / 25" in r.text, "item 13 shown")
        r = b2.post_form(f"{base}/{d2}/item/13", {"nav": "back"})
        check(r.header("Location") == f"{base}/{d2}/item/12", "back goes to item 12")
        r = b2.get(f"{base}/{d2}/item/12")
        check(re.search(r'value="done" checked', r.text), "item 12 shows its saved answer")
        r = b2.get(f"{base}/{d2}/item/9")
        check('value="not_used"' in r.text and "無線LAN（Wi-Fi）をまったく使っていない" in r.text,
              "item 9 offers 'not used' with its explanation")
        # Finish page before the end lists what is missing.
        r = b2.post_form(f"{base}/{d2}/complete", {})
        check(r.status == 422 and f'href="{base}/{d2}/item/13"' in r.text, "missing listed")
        for i in range(13, 26):
            r = b2.post_form(f"{base}/{d2}/item/{i}", {"answer": MIX[i], "nav": "next"})
            check(r.status == 303, r)
        check(r.header("Location") == f"{base}/{d2}/finish", "after item 25: finish")
        r = b2.get(f"{base}/{d2}/finish")
        check("25項目のうち25項目" in r.text, "all answered before completing")
        r = b2.post_form(f"{base}/{d2}/complete", {})
        check(r.status == 303 and r.header("Location") == f"{base}/{d2}", r)

        # Result of the mix: 69, insufficient; the CLI agrees.
        expect = cli_diagnose(MIX)
        check(expect["total"] == 69 and expect["band"] == "insufficient", expect)
        r = a.get(f"{base}/{d2}")
        check('<span class="score-num">69</span>' in r.text, "total 69")
        check("対策が不十分です" in r.text, "band 'insufficient' shown")
        check("点数の低い項目" in r.text, "next step of the band shown")
        check("15 / 20" in r.text and "48 / 52" in r.text and "6 / 28" in r.text, "part scores")
        unk = r.text.split('class="unknown-items"')[1].split("</ul>")[0]
        check(ITEMS[2]["question"]["ja"] in unk, "unknown item 3 listed for review")
        check(ITEMS[0]["question"]["ja"] not in unk, "only unknown items listed")
        for i in range(1, 26):
            shown = f'id="advice-{i}"' in r.text
            check(shown == (i in MIX_ADVICE), f"advice for item {i} shown={shown}")
        check(ITEMS[15]["risk"]["ja"] in r.text and ITEMS[15]["measures"]["ja"][0] in r.text,
              "risk and example measures of item 16")
        check(ITEMS[0]["risk"]["ja"] not in r.text, "no advice for item 1 (4 points)")
        check("-31" in r.text, "difference to the previous diagnosis (100 -> 69)")

        # The first result is unchanged.
        r = a.get(f"{base}/{d1}")
        check('<span class="score-num">100</span>' in r.text, "first diagnosis unchanged")

        # Trend of two diagnoses.
        r = a.get(base)
        hist = r.text.split('class="diag-history"')[1]
        check(hist.count("<tr>") == 3, "two diagnoses listed")
        svg = r.text.split("<svg")[1].split("</svg>")[0]
        check(svg.count("<circle") == 2, "trend chart has two points")
        check("100" in hist and "69" in hist, "totals in the history")

        # English.
        en = srv.client(lang="en")
        en.login("a@example.jp")
        r = en.get(f"{base}/{d2}")
        check("Measures are insufficient" in r.text and ITEMS[15]["risk"]["en"] in r.text,
              "result in English")

        r = en.get(f"{base}/{d1}/item/9")
        check(r.status == 303, "a completed diagnosis has no answer screens")

        # An operator may read but not answer; an invited advisor may answer.
        op = srv.client()
        op.signup("op@example.jp")
        sql(srv, "UPDATE users SET role = 'operator' WHERE email = 'op@example.jp'")
        r = op.get(base)
        check(r.status == 200 and "閲覧のみ" in r.text and 'name="mode"' not in r.text,
              "operator sees the history without start buttons")
        check(op.get(f"{base}/{d2}").status == 200, "operator reads a result")
        check(op.post_form(base, {"mode": "all"}).status == 403, "operator cannot start")
        adv = srv.client()
        adv.signup("adv@example.jp")
        sql(srv, "INSERT INTO memberships (user_id, org_id, kind, created_at) SELECT id, "
                 f"{org_a}, 'advisor', '2026-11-01T00:00:00Z' FROM users "
                 "WHERE email = 'adv@example.jp'")
        adv.get(base)
        r = adv.post_form(base, {"mode": "one"})
        check(r.status == 303 and r.header("Location").endswith("/resume"), "advisor may start")
        d3 = diag_id_from(r.header("Location"))
        r = adv.get(f"{base}/{d3}/item/9")
        check("If your business does not use wireless LAN" not in r.text and
              "利用していない" in r.text, "Japanese item screen")
        en.get(base)
        r = en.get(f"{base}/{d3}/item/23")
        check(r.status == 200 and "Not used" in r.text and
              "does not use cloud services" in r.text, "English item 23 with its note")

        # ---- isolation: B sees none of A ----
        b.get(f"/w/{org_b}/diagnosis")
        r = b.post_form(f"/w/{org_b}/diagnosis", {"mode": "all"})
        check(r.status == 303, r)
        db_ = diag_id_from(r.header("Location"))
        gets = [base, f"{base}/{d1}", f"{base}/{d2}", f"{base}/{d2}/resume",
                f"{base}/{d2}/item/1", f"{base}/{d2}/finish", f"{base}/{d3}",
                f"{base}/{d3}/item/1", f"{base}/{d3}/resume", f"{base}/{d3}/finish"]
        for p in gets:
            check(b.get(p).status == 404, f"GET {p} as B")
        posts = [(base, {"mode": "all"}), (f"{base}/{d1}", {"a1": "done"}),
                 (f"{base}/{d2}/item/1", {"answer": "done"}), (f"{base}/{d2}/complete", {}),
                 (f"{base}/{d3}", {"a1": "done", "action": "save"}),
                 (f"{base}/{d3}/item/1", {"answer": "done", "nav": "next"}),
                 (f"/w/{org_b}/diagnosis/{d3}", {"a1": "done", "action": "save"}),
                 (f"/w/{org_b}/diagnosis/{d3}/item/1", {"answer": "done", "nav": "next"}),
                 (f"/w/{org_b}/diagnosis/{d3}/complete", {})]
        for p, f in posts:
            check(b.post_form(p, f).status == 404, f"POST {p} as B")
        bb = f"/w/{org_b}/diagnosis"
        for p in [f"{bb}/{d1}", f"{bb}/{d2}", f"{bb}/{d2}/item/1", f"{bb}/{d2}/finish",
                  f"{bb}/{d2}/resume"]:
            check(b.get(p).status == 404, f"A's diagnosis under B's URL: {p}")
        check(b.post_form(f"{bb}/{d2}/complete", {}).status == 404, "complete A's under B")
        check(b.post_form(f"{bb}/{d1}", {"a1": "done"}).status == 404, "save A's under B")
        check(a.get(f"{base}/{db_}").status == 404, "B's diagnosis under A's URL")
        check(a.post_form(f"{base}/{db_}/item/1", {"answer": "done", "nav": "next"}).status
              == 404, "B's diagnosis cannot be answered under A's URL")
        check(sql(srv, f"SELECT COUNT(*) FROM diagnosis_answers WHERE diagnosis_id = {d3}")
              == "0", "nothing written into A's open diagnosis by B")
        check(sql(srv, f"SELECT COUNT(*) FROM diagnosis_answers WHERE diagnosis_id = {db_}")
              == "0", "nothing written into B's diagnosis by A")
        check(sql(srv, f"SELECT COUNT(*) FROM diagnoses WHERE org_id = {org_a}") == "3",
              "A still has exactly its three diagnoses")
    print("ok")


if __name__ == "__main__":
    sys.exit(main())
