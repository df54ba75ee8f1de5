"""test_operator.py - the secretariat's declaration list (filters, counts, CSV), withdrawal
with a reason (refused without one, audited, shown publicly, mailed), access by role, and
`otasuke create-user`."""
import csv
import io
import os
import re
import sys
import urllib.parse

from dbutil import insert, q, sql
from harness import Server, check

NOW = "2026-05-01T09:00:00Z"


def org(srv, name, pref):
    return insert(srv, "INSERT INTO organizations (name, org_type, industry, capital, employees, "
                       "prefecture, sme_eligible, sme_rule, created_at) VALUES "
                       f"({q(name)}, 'company', 'retail', 10000000, 12, {pref}, 1, 4, {q(NOW)}) "
                       "RETURNING id")


def declare(srv, uid, org_id, pid, level, at=NOW, status="active"):
    insert(srv, "INSERT INTO declarations (public_id, org_id, level, step_up, status, declared_at, "
                f"declared_by) VALUES ({q(pid)}, {org_id}, {level}, 0, {q(status)}, {q(at)}, "
                f"{uid}) RETURNING id")


def main():
    with Server() as srv:
        # create-user: a password file, a role; bad input refused.
        pw = os.path.join(srv.tmp, "pw")
        with open(pw, "w") as f:
            f.write("operator pass phrase\n")
        r = srv.run_cli("create-user", "--email", "ops@example.jp", "--password-file", pw,
                        "--role", "operator")
        check(r.returncode == 0, r)
        r = srv.run_cli("create-user", "--email", "ops@example.jp", "--password-file", pw,
                        "--role", "operator")
        check(r.returncode == 1 and "already" in r.stderr, "duplicate refused")
        r = srv.run_cli("create-user", "--email", "x@example.jp", "--password-file", pw,
                        "--role", "king")
        check(r.returncode == 2, "unknown role refused")
        with open(pw + "2", "w") as f:
            f.write("short\n")
        r = srv.run_cli("create-user", "--email", "y@example.jp", "--password-file", pw + "2",
                        "--role", "admin")
        check(r.returncode == 2, "short password refused")
        check(sql(srv, "SELECT role FROM users WHERE email = 'ops@example.jp'") == [["operator"]],
              "operator stored")

        owner = srv.client()
        owner.signup("owner@example.jp")
        uid = int(sql(srv, "SELECT id FROM users WHERE email = 'owner@example.jp'")[0][0])
        a = org(srv, "株式会社あおば商店", 4)
        insert(srv, "INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES "
                    f"({uid}, {a}, 'member', {q(NOW)}) RETURNING user_id")
        declare(srv, uid, a, "SA0000000101", 1, at="2026-03-10T09:00:00Z")
        b = org(srv, "株式会社ひかり電機", 13)
        declare(srv, uid, b, "SA0000000102", 2, at="2025-08-01T09:00:00Z")
        c_ = org(srv, "=HYPERLINK(\"x\")商会", 13)
        declare(srv, uid, c_, "SA0000000103", 1, at="2024-01-05T09:00:00Z")

        # Anonymous: sent to the login page. An SME user: 403, also for the POST.
        anon = srv.client()
        r = anon.get("/operator/declarations")
        check(r.status == 303 and r.header("Location").startswith("/login"), r)
        check(anon.get("/operator/declarations.csv").status == 303, "CSV needs login")
        r = owner.get("/operator/declarations")
        check(r.status == 403, r)
        r = owner.post_form("/operator/declarations/SA0000000101/withdraw", {"reason": "x"})
        check(r.status == 403, r)
        check(sql(srv, "SELECT status FROM declarations WHERE public_id = 'SA0000000101'")
              == [["active"]], "an SME cannot withdraw")

        op = srv.client()
        r = op.login("ops@example.jp", "operator pass phrase")
        check(r.status == 303, r)
        r = op.get("/operator/declarations")
        check(r.status == 200 and "条件に合う宣言：3件" in r.text, "list with count")
        check("有効な★：2件・有効な★★：1件・取り下げ済み：0件" in r.text, "counts by level")
        for pid in ["SA0000000101", "SA0000000102", "SA0000000103"]:
            check(pid in r.text, f"{pid} listed")
        r = op.get("/operator/declarations?level=2")
        check("SA0000000102" in r.text and "SA0000000101" not in r.text, "level filter")
        r = op.get("/operator/declarations?pref=13&level=1")
        check("SA0000000103" in r.text and "SA0000000102" not in r.text, "prefecture filter")
        r = op.get("/operator/declarations?from=2025-01-01&to=2026-03-10")
        check("SA0000000101" in r.text and "SA0000000102" in r.text
              and "SA0000000103" not in r.text, "date range, end date inclusive")
        r = op.get("/operator/declarations?q=" + urllib.parse.quote("ひかり"))
        check("SA0000000102" in r.text and "条件に合う宣言：1件" in r.text, "name filter")
        r = op.get("/operator/declarations?from=2025-13-01")
        check("日付は" in r.text and "条件に合う宣言：3件" in r.text, "bad date explained, not applied")

        # Withdrawal needs a reason: the error is in Japanese and the input is kept.
        r = op.get("/operator/declarations/SA0000000101")
        check(r.status == 200 and "この宣言を取り下げる" in r.text, r)
        r = op.post_form("/operator/declarations/SA0000000101/withdraw", {"reason": "   "})
        check(r.status == 422, r)
        check("＊取り下げの理由を入力してください" in r.text, "Japanese error for missing reason")
        check('aria-invalid="true"' in r.text and "autofocus" in r.text, "field marked and focused")
        long = "長" * 1001
        r = op.post_form("/operator/declarations/SA0000000101/withdraw", {"reason": long})
        check(r.status == 422 and "1000文字以内" in r.text, "too long reason refused")
        check(long in r.text, "refused input kept in the form")
        check(sql(srv, "SELECT status FROM declarations WHERE public_id = 'SA0000000101'")
              == [["active"]], "nothing changed by refused submissions")

        reason = "宣言の要件を満たしていないことが確認されたため"
        r = op.post_form("/operator/declarations/SA0000000101/withdraw", {"reason": reason})
        check(r.status == 303, r)
        r = op.get(r.header("Location"))
        check("宣言を取り下げました" in r.text and reason in r.text, "withdrawn, flash and reason")
        row = sql(srv, "SELECT status, withdrawn_reason, withdrawn_at FROM declarations "
                       "WHERE public_id = 'SA0000000101'")[0]
        check(row[0] == "withdrawn" and row[1] == reason and row[2], row)
        audit = sql(srv, f"SELECT action, org_id FROM audit_log WHERE action = 'declaration_withdrawn'")
        check(audit == [["declaration_withdrawn", str(a)]], f"audited: {audit}")
        mails = srv.wait_mail(1)
        m = mails[-1]
        check(m["To"] == "owner@example.jp", m["To"])
        check("取り下げ" in str(m["Subject"]), m["Subject"])
        body = m.get_body().get_content()
        check(reason in body and "/verify/SA0000000101" in body, "mail has reason and link")

        # The public page and the API now say withdrawn, with the reason.
        pub = srv.client()
        r = pub.get("/verify/SA0000000101")
        check("取り下げられました" in r.text and reason in r.text, "public page shows withdrawal")
        check(pub.get("/api/v1/declarations/SA0000000101").json()["status"] == "withdrawn", "API")
        # A second withdrawal changes nothing.
        r = op.post_form("/operator/declarations/SA0000000101/withdraw", {"reason": "again"})
        check(r.status == 303, r)
        check(sql(srv, "SELECT withdrawn_reason FROM declarations WHERE public_id = "
                       "'SA0000000101'") == [[reason]], "first reason kept")
        r = op.get("/operator/declarations?status=withdrawn")
        check("SA0000000101" in r.text and "条件に合う宣言：1件" in r.text, "status filter")

        # CSV export of the filtered list: BOM, header, quoted, formula-safe.
        r = op.get("/operator/declarations.csv?pref=13")
        check(r.status == 200 and r.header("Content-Type").startswith("text/csv"), r)
        check("attachment" in r.header("Content-Disposition"), "download")
        check(r.body.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel")
        rows = list(csv.reader(io.StringIO(r.body[3:].decode("utf-8"))))
        check(rows[0][:4] == ["自己宣言ID", "組織", "都道府県", "段階"], rows[0])
        ids = sorted(x[0] for x in rows[1:])
        check(ids == ["SA0000000102", "SA0000000103"], ids)
        byid = {x[0]: x for x in rows[1:]}
        check(byid["SA0000000102"][1] == "株式会社ひかり電機" and byid["SA0000000102"][2] == "東京都"
              and byid["SA0000000102"][3] == "2", byid["SA0000000102"])
        check(byid["SA0000000103"][1].startswith("'="), "formula neutralised")
        r = op.get("/operator/declarations.csv?status=withdrawn")
        rows = list(csv.reader(io.StringIO(r.body[3:].decode("utf-8"))))
        check(len(rows) == 2 and rows[1][4] == "withdrawn" and rows[1][7] == reason, rows)
        check(owner.get("/operator/declarations.csv").status == 403, "CSV refused for sme")
    print("ok")


if __name__ == "__main__":
    sys.exit(main())
