"""test_demo.py - `otasuke demo-data` gives every demo account something to do: the ★ SME
can apply to the open guidance program (all rules shown as met), the expert guides four
companies with visits done, the operator sees them in the program's progress, and running
it twice adds nothing."""
import re

from dbutil import sql
from harness import Server, check


def login(srv, email, password):
    c = srv.client(lang="ja")
    c.get("/login")
    r = c.post_form("/login", {"email": email, "password": password})
    check(r.status == 303, f"{email} logs in: {r}")
    return c


def main():
    with Server() as srv:
        for _ in range(2):
            r = srv.run_cli("demo-data")
            check(r.returncode == 0, f"demo-data: {r.stderr}")
        check("expert@demo.otasuke.jp" in r.stdout, "the expert account is printed")
        check(sql(srv, "SELECT COUNT(*) FROM programs") == [["1"]], "one program, not two")

        sme = login(srv, "sme1@demo.otasuke.jp", "demo-sme1-pass")
        org = re.search(r'href="/w/(\d+)"', sme.get("/").text).group(1)
        r = sme.get(f"/w/{org}/program")
        check(r.status == 200 and "（デモ）" in r.text, "the SME sees the open program")
        prog = sql(srv, "SELECT id FROM programs")[0][0]
        r = sme.get(f"/w/{org}/programs/{prog}/apply")
        check(r.status == 200 and 'action="/w/%s/programs/%s/apply"' % (org, prog) in r.text,
              "the ★ SME without a policy may apply")

        ex = login(srv, "expert@demo.otasuke.jp", "demo-expert-pass")
        r = ex.get("/expert")
        check(r.status == 200 and r.text.count('href="/expert/matches/') == 4,
              "the expert guides four companies")
        for n in range(1, 5):
            check(f"訪問：4回中{n}回済み" in r.text, f"a company with {n} visits done")

        op = login(srv, "operator@demo.otasuke.jp", "demo-operator-pass")
        r = op.get(f"/operator/programs/{prog}/progress")
        check(r.status == 200, f"progress: {r.status}")
        r = op.api("GET", f"/api/v1/programs/{prog}/progress")
        check(r.status == 200, r)
        done = sql(srv, "SELECT COUNT(*) FROM visits WHERE status = 'done'")[0][0]
        check(done == "10", f"1 + 2 + 3 + 4 visits done: {done}")
        r = op.get(f"/operator/programs/{prog}/briefings")
        check(r.status == 200 and "東京会場" in r.text, "a briefing session")
    print("ok: demo data covers the guidance program")


if __name__ == "__main__":
    main()
