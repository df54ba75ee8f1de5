"""test_diagnosis_api.py - the self-diagnosis JSON API: start/resume, partial answers, refusals,
completing, the result in the fields of `otasuke diagnose --json`, history, read-only
results and isolation between organizations."""
import json
import os
import sys

from harness import Server, check
from test_diagnosis import MIX, MIX_ADVICE, cli_diagnose, owner_with_org, sql


def token_client(srv, email):
    c = srv.client()
    r = c.api("POST", "/api/v1/tokens", {"email": email, "password": "correct horse battery"})
    check(r.status == 201, r)
    c.token = r.json()["token"]
    c.cookies.clear()
    return c


def main():
    with Server() as srv:
        owner_with_org(srv, "a@example.jp", "山田工務店")
        owner_with_org(srv, "b@example.jp", "鈴木商店")
        org_a = int(sql(srv, "SELECT m.org_id FROM memberships m JOIN users u ON u.id = "
                             "m.user_id WHERE u.email = 'a@example.jp'"))
        org_b = int(sql(srv, "SELECT m.org_id FROM memberships m JOIN users u ON u.id = "
                             "m.user_id WHERE u.email = 'b@example.jp'"))
        a = token_client(srv, "a@example.jp")
        b = token_client(srv, "b@example.jp")
        base = f"/api/v1/organizations/{org_a}/diagnoses"

        r = a.api("GET", base)
        check(r.status == 200 and r.json() == {"diagnoses": []}, r)
        r = a.api("POST", base)
        check(r.status == 201, r)
        d = r.json()
        did = d["id"]
        check(d["status"] == "in_progress" and d["answers"] == {} and
              d["missing_items"] == list(range(1, 26)), d)
        r = a.api("POST", base)
        check(r.status == 200 and r.json()["id"] == did, "starting again resumes")

        # Partial answers while in progress.
        r = a.api("PUT", f"{base}/{did}/answers", {"answers": {"1": "done", "2": "partly"}})
        check(r.status == 200 and r.json()["answers"] == {"1": "done", "2": "partly"}, r)
        # not_used refused on 1, accepted on 9; nothing saved from a refused request.
        r = a.api("PUT", f"{base}/{did}/answers", {"answers": {"3": "done", "1": "not_used"}})
        check(r.status == 422 and r.json()["error"]["code"] == "not_used_not_allowed" and
              r.json()["error"]["item"] == 1, r)
        r = a.api("GET", f"{base}/{did}")
        check(r.json()["answers"] == {"1": "done", "2": "partly"}, "refused PUT saved nothing")
        r = a.api("PUT", f"{base}/{did}/answers", {"answers": {"9": "not_used"}})
        check(r.status == 200 and r.json()["answers"]["9"] == "not_used", r)
        for bad in ({"answers": {"26": "done"}}, {"answers": {"x": "done"}},
                    {"answers": {"4": "maybe"}}, {"answers": {"4": 4}}):
            r = a.api("PUT", f"{base}/{did}/answers", bad)
            check(r.status == 422, f"{bad} refused: {r}")
        r = a.api("PUT", f"{base}/{did}/answers", {"answer": {}})
        check(r.status == 400, r)
        r = a.request("PUT", f"{base}/{did}/answers", body="{not json",
                      headers={"Content-Type": "application/json"})
        check(r.status == 400 and "error" in r.json(), r)

        # Completing too early lists the missing items.
        r = a.api("POST", f"{base}/{did}/complete")
        check(r.status == 422 and r.json()["error"]["missing_items"] ==
              [i for i in range(1, 26) if i not in (1, 2, 9)], r)

        answers = {str(k): v for k, v in MIX.items()}
        r = a.api("PUT", f"{base}/{did}/answers", {"answers": answers})
        check(r.status == 200 and r.json()["missing_items"] == [], r)
        r = a.api("POST", f"{base}/{did}/complete")
        check(r.status == 200, r)
        res = r.json()
        expect = cli_diagnose(MIX)
        for k in ("total", "parts", "band", "unknown_items"):
            check(res[k] == expect[k], f"{k}: {res[k]} == CLI {expect[k]}")
        check(res["total"] == 69 and res["band"] == "insufficient" and
              res["parts"] == {"basic": 15, "employee": 48, "organization": 6}, res)
        check(sorted(x["item"] for x in res["advice"]) == MIX_ADVICE, res["advice"])
        adv3 = [x for x in res["advice"] if x["item"] == 3][0]
        check(adv3["answer"] == "unknown" and adv3["points"] == -1 and adv3["risk"]["ja"] and
              adv3["measures"][0]["en"], adv3)
        check(res["previous"] is None and res["status"] == "completed", res)

        # Read-only once completed.
        r = a.api("PUT", f"{base}/{did}/answers", {"answers": {"1": "not_done"}})
        check(r.status == 409, r)
        r = a.api("POST", f"{base}/{did}/complete")
        check(r.status == 409, r)
        check(a.api("GET", f"{base}/{did}").json()["answers"]["1"] == "done", "unchanged")

        # A second one: all done -> 100, difference +31.
        r = a.api("POST", base)
        check(r.status == 201 and r.json()["id"] != did, r)
        d2 = r.json()["id"]
        r = a.api("PUT", f"{base}/{d2}/answers",
                  {"answers": {str(i): "done" for i in range(1, 26)}})
        r = a.api("POST", f"{base}/{d2}/complete")
        check(r.status == 200 and r.json()["total"] == 100 and r.json()["band"] == "achieved" and
              r.json()["advice"] == [] and r.json()["unknown_items"] == [], r)
        check(r.json()["previous"] == {"id": did, "total": 69, "difference": 31}, r.json())
        r = a.api("GET", base)
        lst = r.json()["diagnoses"]
        check([(x["id"], x["total"], x["band"]) for x in lst] ==
              [(did, 69, "insufficient"), (d2, 100, "achieved")], lst)

        # Isolation.
        bb = f"/api/v1/organizations/{org_b}/diagnoses"
        r = b.api("POST", bb)
        bid = r.json()["id"]
        for m, p, body in [("GET", base, None), ("POST", base, None),
                           ("GET", f"{base}/{did}", None),
                           ("PUT", f"{base}/{did}/answers", {"answers": {"1": "done"}}),
                           ("POST", f"{base}/{did}/complete", None),
                           ("GET", f"{bb}/{did}", None),
                           ("PUT", f"{bb}/{d2}/answers", {"answers": {"1": "done"}}),
                           ("POST", f"{bb}/{d2}/complete", None)]:
            r = b.api(m, p, body)
            check(r.status == 404 and r.json()["error"]["code"] == "not_found", f"{m} {p}: {r}")
        check(a.api("GET", f"{base}/{bid}").status == 404, "B's id under A")
        check(a.api("PUT", f"{base}/{bid}/answers", {"answers": {"1": "done"}}).status == 404,
              "B's id under A (write)")
        check(sql(srv, f"SELECT COUNT(*) FROM diagnosis_answers WHERE diagnosis_id = {bid}") == "0",
              "B's diagnosis untouched")
        # Session auth works too (CSRF header).
        s = srv.client()
        s.login("a@example.jp")
        r = s.api("GET", f"{base}/{did}")
        check(r.status == 200 and r.json()["total"] == 69, r)
    print("ok")


if __name__ == "__main__":
    sys.exit(main())
