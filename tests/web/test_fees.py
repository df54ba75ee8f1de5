"""test_fees.py - expert fees: amount due = fee per visit x visits reported done; the
operator records payments (never more than outstanding, mailed to the expert), the expert
sees due, paid and the payment dates; the XLSX for accounting has one row per expert and a
sheet of visits; only operators see the program's fees."""
import io
import re
import zipfile

from harness import Server, check
from visit_fixtures import (body, confirmed_match, day, error_text, expert, login, mails_to,
                            report_visit, sme, world)


def sheet_cells(xlsx, name):
    """Text of every cell of one worksheet (shared strings resolved)."""
    z = zipfile.ZipFile(io.BytesIO(xlsx))
    shared = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode()) \
        if "xl/sharedStrings.xml" in z.namelist() else []
    xml = z.read(name).decode()
    out = []
    for c in re.finditer(r'<c r="([A-Z]+\d+)"([^>]*)>(?:<v>([^<]*)</v>)?', xml):
        v = c.group(3) or ""
        out.append(shared[int(v)] if 't="s"' in c.group(2) else v)
    return out


def main():
    with Server() as srv:
        w = world(srv, fee=40000, expert_lang="en")
        mid, ec = w["match"], w["ec"]
        pid = w["program"]
        # A second company for the same expert: three visits in all.
        _, org2, suid2 = sme(srv, "two@example.jp", name="株式会社ツー")
        _, mid2 = confirmed_match(srv, pid, org2, suid2, w["expert"], w["expert_uid"])
        check(report_visit(ec, mid, 1, day(-20)).status == 303, "A visit 1")
        check(report_visit(ec, mid, 2, day(-10)).status == 303, "A visit 2")
        check(report_visit(ec, mid2, 1, day(-5)).status == 303, "B visit 1")
        # Another expert with no visits yet.
        eid3, euid3 = expert(srv, "idle@example.jp", name="高橋 三郎")
        _, org3, suid3 = sme(srv, "three@example.jp", name="株式会社スリー")
        confirmed_match(srv, pid, org3, suid3, eid3, euid3)

        op = login(srv, "op@example.com")
        r = op.get(f"/operator/programs/{pid}/fees")
        check(r.status == 200, r)
        check("<td>120,000</td>" in r.text, "amount due 3 x 40,000 on the page, grouped by thousands")
        r = op.api("GET", f"/api/v1/programs/{pid}/fees")
        rows = {e["expert_id"]: e for e in r.json()["experts"]}
        check(rows[w["expert"]]["visits_done"] == 3 and rows[w["expert"]]["due"] == 120000 and
              rows[w["expert"]]["outstanding"] == 120000, rows)
        check(rows[eid3]["due"] == 0, "idle expert owes nothing")

        # Refused payments keep the input: more than outstanding, future date, bad amount.
        path = f"/operator/programs/{pid}/fees/{w['expert']}/payments"
        r = op.post_form(path, {"paid_on": day(0), "amount": "130000", "reference": "振込A"})
        check(r.status == 422 and "未払い額を超えて" in (error_text(r.text, f"amount-{w['expert']}")
                                                    or ""), "over outstanding refused")
        check('value="130000"' in r.text and 'value="振込A"' in r.text, "input kept")
        r = op.post_form(path, {"paid_on": day(2), "amount": "1000", "reference": ""})
        check(r.status == 422 and "未来" in r.text, "future payment date refused")
        r = op.post_form(path, {"paid_on": day(0), "amount": "-5", "reference": ""})
        check(r.status == 422, "negative amount refused")
        check(op.post_form(f"/operator/programs/{pid}/fees/{eid3}/payments",
                           {"paid_on": day(0), "amount": "1", "reference": ""}).status == 422,
              "nothing outstanding for the idle expert")
        check(op.post_form(f"/operator/programs/{pid}/fees/999999/payments",
                           {"paid_on": day(0), "amount": "1", "reference": ""}).status == 404,
              "unknown expert")

        # Payments: 50000 by the page, 70000 by the API; then nothing is outstanding.
        n0 = len(srv.mails())
        r = op.post_form(path, {"paid_on": day(-1), "amount": "50000", "reference": "振込A"})
        check(r.status == 303, r)
        m = srv.wait_mail(n0 + 1)[-1]
        check("expert@example.jp" in str(m["To"]) and "50000" in body(m) and
              "fee was paid" in str(m["Subject"]), "expert mailed in English")
        r = op.api("POST", f"/api/v1/programs/{pid}/fees/payments",
                   {"expert_id": w["expert"], "paid_on": day(0), "amount": 70001})
        check(r.status == 422, f"API over outstanding: {r}")
        r = op.api("POST", f"/api/v1/programs/{pid}/fees/payments",
                   {"expert_id": w["expert"], "paid_on": day(0), "amount": 70000,
                    "reference": "振込B"})
        check(r.status == 201, r)
        row = [e for e in r.json()["experts"] if e["expert_id"] == w["expert"]][0]
        check(row["paid"] == 120000 and row["outstanding"] == 0 and len(row["payments"]) == 2, row)
        srv.wait_mail(n0 + 2)

        # The expert's own fee status.
        r = ec.get("/expert/fees")
        check(r.status == 200 and "120,000" in r.text and day(-1) in r.text, "expert fees page")
        r = ec.api("GET", "/api/v1/experts/me/fees")
        p = r.json()["programs"][0]
        check(p["visits_done"] == 3 and p["paid"] == 120000 and
              [x["paid_on"] for x in p["payments"]] == [day(-1), day(0)], p)
        idle = login(srv, "idle@example.jp")
        check(idle.api("GET", "/api/v1/experts/me/fees").json()["programs"][0]["due"] == 0,
              "each expert sees only its own fees")

        # XLSX: the expert sheet and the visits sheet.
        r = op.get(f"/operator/programs/{pid}/fees.xlsx")
        check(r.status == 200 and r.body[:2] == b"PK", f"xlsx: {r.status}")
        z = zipfile.ZipFile(io.BytesIO(r.body))
        sheets = sorted(n for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
        check(len(sheets) == 2, sheets)
        cells = sheet_cells(r.body, "xl/worksheets/sheet1.xml")
        check("佐藤 一郎" in cells and "120000" in cells, f"expert row: {cells}")
        visits = sheet_cells(r.body, "xl/worksheets/sheet2.xml")
        check(visits.count("40000") == 3 and day(-20) in visits and "株式会社ツー" in visits,
              f"visits sheet: {visits}")

        # Only operators.
        for c in (ec, w["sme"]):
            check(c.get(f"/operator/programs/{pid}/fees").status == 403, "not an operator")
            check(c.get(f"/operator/programs/{pid}/fees.xlsx").status == 403, "xlsx")
            check(c.api("GET", f"/api/v1/programs/{pid}/fees").status == 403, "api")
        check(op.get("/operator/programs/999999/fees").status == 404, "unknown program")
        check(mails_to(srv, "idle@example.jp") == [], "no mail to the idle expert")
    print("ok")


if __name__ == "__main__":
    main()
