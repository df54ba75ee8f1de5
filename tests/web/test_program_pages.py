"""test_program_pages.py - every page of the program group in English and in Japanese: no
Japanese on English pages, no untranslated English on Japanese pages, one <h1>, a label on
every field, no raw timestamps, never 「認定」「取得」 (the checks of test_i18n_pages.py)."""
import sys

from harness import Server, check
from org_helpers import make_org
from program_helpers import PASSWORD, create_program, jst_today, operator
from test_i18n_pages import check_page

ORG_EN = {"name": "Acme Builders Co., Ltd.", "org_type": "company", "industry": "construction",
          "capital": "30000000", "employees": "12", "prefecture": "13",
          "website": "https://acme.example.com/", "representative": "Taro Acme"}
NAMES = ["Guidance 2026", "Guidance 2025", "Acme Builders Co., Ltd.", "Big Works"]


def main():
    with Server() as srv:
        op = operator(srv, lang="en")
        earlier = create_program(op, "Guidance 2025", apply_from=jst_today(-400),
                                 apply_until=jst_today(-300), visits_from=jst_today(-300),
                                 visits_until=jst_today(-200))
        pid = create_program(op, "Guidance 2026", capacity=1, excluded=earlier)
        owner = srv.client(lang="en")
        owner.signup("owner@acme.example.com", PASSWORD, name="Taro Acme")
        org = make_org(owner, **ORG_EN)
        big = srv.client(lang="en")
        big.signup("big@acme.example.com", PASSWORD, name="Taro Acme")
        org_big = make_org(big, **dict(ORG_EN, name="Big Works", industry="manufacturing",
                                       capital="9000000000", employees="5000"))
        # Before declaring: the refusal reasons are on the pages.
        before = [f"/w/{org}/program", f"/w/{org}/programs/{pid}/apply"]
        owner.get(f"/w/{org}/principles")
        # Pages seen in both languages, before and after applying and deciding.
        paths = [("anon", "/programs"), ("anon", "/programs/faq"), ("anon", f"/programs/{pid}"),
                 ("owner", "/programs/faq"), ("owner", f"/programs/{pid}"),
                 ("op", "/operator/programs"), ("op", "/operator/programs/new"),
                 ("op", f"/operator/programs/{pid}"), ("op", f"/operator/programs/{pid}/edit"),
                 ("big", f"/w/{org_big}/program"), ("big", f"/w/{org_big}/programs/{pid}/apply")]
        paths += [("owner", p) for p in before]
        problems = []
        clients = {}

        def login(who, lang):
            c = srv.client(lang=lang)
            if who != "anon":
                email = {"op": "ops@example.jp", "owner": "owner@acme.example.com",
                         "big": "big@acme.example.com"}[who]
                check(c.login(email, PASSWORD).status == 303, f"login {who}")
            return c

        for lang in ("en", "ja"):
            for who in ("anon", "op", "owner", "big"):
                clients[(lang, who)] = login(who, lang)

        def walk(items):
            for who, path in items:
                for lang in ("en", "ja"):
                    r = clients[(lang, who)].get(path)
                    check(r.status == 200, f"[{lang}] {path} as {who}: {r.status}")
                    check_page(path, lang, r.text, problems, NAMES)

        walk(paths)
        r = owner.post_form(f"/w/{org}/declare", {"pledge": ["1", "2", "3", "4", "5"]})
        check(r.status == 303, r)
        owner.get(f"/w/{org}/programs/{pid}/apply")
        r = owner.post_form(f"/w/{org}/programs/{pid}/apply", {"message": "Fridays suit us."})
        check(r.status == 303, r)
        walk([("owner", f"/w/{org}/program"), ("owner", f"/w/{org}"),
              ("op", f"/operator/programs/{pid}/applications")])
        # Decided (accepted) and a full program's list.
        app = op.api("GET", f"/api/v1/programs/{pid}/applications").json()["applications"][0]["id"]
        op.get(f"/operator/programs/{pid}/applications")
        r = op.post_form(f"/operator/programs/{pid}/applications/{app}/decision", {"decision": "accept"})
        check(r.status == 303, r)
        walk([("owner", f"/w/{org}/program"), ("op", f"/operator/programs/{pid}/applications")])
        # Pages with errors: the program form and the refused application.
        for lang in ("en", "ja"):
            c = clients[(lang, "op")]
            c.get("/operator/programs/new")
            r = c.post_form("/operator/programs/new", {"name": "", "capacity": "0"})
            check(r.status == 422, r)
            check_page("/operator/programs/new (errors)", lang, r.text, problems, NAMES)
            c = clients[(lang, "big")]
            c.get(f"/w/{org_big}/programs/{pid}/apply")
            r = c.post_form(f"/w/{org_big}/programs/{pid}/apply", {"message": ""})
            check(r.status == 422, r)
            check_page("apply (refused)", lang, r.text, problems, NAMES)
        if problems:
            print("\n".join(problems[:60]))
            sys.exit(1)
    print("program pages: English and Japanese pages are each in one language")


if __name__ == "__main__":
    main()
