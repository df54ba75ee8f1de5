"""test_expert_pages.py - the expert and matching pages in English and Japanese, with the
checks of test_i18n_pages.py (no Japanese in English pages and the reverse, one <h1>, a label
on every field, no raw timestamps, no 「認定」「取得」): registration (also with errors), the
expert's profile and home, the registry, the matching and suggestion pages, the SME's choice
page. Names in this test are ASCII so that any Japanese on an English page is a leak."""
import sys

from dbutil import sql
from expert_helpers import (PASSWORD, approve, expert_id, make_application, make_operator,
                            make_program, make_sme, register_expert, send_proposal)
from harness import Server, check
from test_i18n_pages import check_page

PROFILE = "Ten years of helping small firms with their security rules"
DATA = ["Hanako Sato", "Ichiro Ito", "Acme Builders", "Beta Trading", PROFILE,
        "2026 expert guidance", "Not a real number"]


def main():
    problems = []
    with Server() as srv:
        op = make_operator(srv, lang="en")
        ex = register_expert(srv, "sato@example.jp", lang="en", expert_name="Hanako Sato",
                             account_name="Hanako Sato", profile=PROFILE)
        register_expert(srv, "ito@example.jp", lang="en", expert_name="Ichiro Ito",
                        account_name="Ichiro Ito", profile=PROFILE)
        e1, e2 = expert_id(srv, "sato@example.jp"), expert_id(srv, "ito@example.jp")
        approve(srv, e1)
        sql(srv, f"UPDATE experts SET status = 'rejected', decision_reason = 'Not a real number' "
                 f"WHERE id = {e2}")
        sql(srv, "UPDATE programs SET name = '2026 expert guidance'")
        prog = make_program(srv)
        sql(srv, f"UPDATE programs SET name = '2026 expert guidance' WHERE id = {prog}")
        a, org_a = make_sme(srv, "a@example.jp", "Acme Builders", lang="en")
        b, org_b = make_sme(srv, "b@example.jp", "Beta Trading", pref=27, lang="en")
        app_a = make_application(srv, prog, org_a)
        app_b = make_application(srv, prog, org_b)
        send_proposal(srv, app_a, [e1])
        # B chose the expert (a chosen match on the expert's home); A waits with a proposal.
        send_proposal(srv, app_b, [e1])
        b.get(f"/w/{org_b}/program/experts")
        r = b.post_form(f"/w/{org_b}/program/experts/choose",
                        {"application": str(app_b), "expert": str(e1)})
        check(r.status == 303, f"B chose: {r}")
        pages = [
            ("anon", "/expert/register"),
            ("expert", "/expert"),
            ("expert", "/expert/profile"),
            ("operator", "/operator/experts"),
            ("operator", "/operator/experts?status=rejected"),
            ("operator", f"/operator/programs/{prog}/matching"),
            ("operator", f"/operator/programs/{prog}/matching/suggest"),
            ("sme_a", f"/w/{org_a}/program/experts"),
            ("sme_b", f"/w/{org_b}/program/experts"),
        ]
        logins = {"expert": "sato@example.jp", "operator": "op@example.jp",
                  "sme_a": "a@example.jp", "sme_b": "b@example.jp"}
        seen = 0
        for lang in ("en", "ja"):
            clients = {"anon": srv.client(lang=lang)}
            for who, email in logins.items():
                c = srv.client(lang=lang)
                check(c.login(email, PASSWORD).status == 303, f"login {email}")
                clients[who] = c
            for who, path in pages:
                r = clients[who].get(path)
                check(r.status == 200, f"[{lang}] {path} as {who}: {r.status}")
                check_page(f"{path} ({who})", lang, r.text, problems, DATA)
                seen += 1
            # Pages with validation errors.
            c = clients["anon"]
            c.get("/expert/register")
            r = c.post_form("/expert/register", {"email": "bad", "qualification": "riss",
                                                 "registration_no": "12", "capacity": "x"})
            check(r.status == 422, r)
            check_page("POST /expert/register (errors)", lang, r.text, problems, DATA)
            c = clients["operator"]
            c.get("/operator/experts")
            r = c.post_form(f"/operator/experts/{e1}/decision", {"action": "suspend",
                                                                  "reason": ""})
            check(r.status == 422, r)
            check_page("POST decision (errors)", lang, r.text, problems, DATA)
            c = clients["expert"]
            c.get("/expert")
            mid = sql(srv, f"SELECT id FROM matches WHERE expert_id = {e1}")[0][0]
            r = c.post_form(f"/expert/matches/{mid}/decline", {"reason": ""})
            check(r.status == 422, r)
            check_page("POST decline (errors)", lang, r.text, problems, DATA)
            seen += 3
        if problems:
            print("\n".join(problems))
            sys.exit(1)
    print(f"ok: {seen} expert and matching pages in English and Japanese")


if __name__ == "__main__":
    main()
