"""test_fees_parallel.py - payments recorded at the same moment can never add up to more
than the amount due: six parallel payments of 30,000 yen against 120,000 outstanding."""
import threading

from dbutil import sql
from harness import Server, check
from visit_fixtures import day, login, report_visit, world


def main():
    with Server() as srv:
        w = world(srv, fee=40000)
        for no in (1, 2, 3):
            check(report_visit(w["ec"], w["match"], no, day(-10 + no)).status == 303, f"v{no}")
        results = []

        def pay():
            c = login(srv, "op@example.com")
            results.append(c.api("POST", f"/api/v1/programs/{w['program']}/fees/payments",
                                 {"expert_id": w["expert"], "paid_on": day(0),
                                  "amount": 30000}).status)

        threads = [threading.Thread(target=pay) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        check(sorted(results) == [201] * 4 + [422] * 2, f"four fit: {results}")
        check(sql(srv, "SELECT SUM(amount) FROM fee_payments") == [["120000"]], "paid = due")
    print("ok")


if __name__ == "__main__":
    main()
