"""test_survey_pages.py - the questionnaire pages in English and Japanese (every state of
the SME page, the expert page, a refused form and the results page): no Japanese on English
pages and no English sentences on Japanese ones, one <h1>, a label or legend for every
field, no 「認定」「取得」 (the checks of test_i18n_pages.py)."""
import sys

from harness import Server, check
from survey_fixtures import expert, finish_visits, match, operator, program, sme, user_id
from test_i18n_pages import ORG, PASSWORD, check_page, parse

ANSWERS = {"industry": "D", "employees": "6-20", "outcome": "some", "expertise": "high",
           "communication": "smooth", "fee": "120k_180k", "future_support": "regular",
           "next_topics": ["education"], "comments": "Helpful visits"}


def as_lang(srv, email, lang):
    c = srv.client(lang=lang)
    check(c.login(email, PASSWORD).status == 303, f"login {email}")
    return c


def main():
    problems = []
    with Server() as srv:
        ops, ops_id = operator(srv)
        prog = program(srv, ops_id, name="Guidance 2026")
        owner, org = sme(srv, "owner@acme.example.com", ORG["name"], lang="en")
        _, ex = expert(srv, "ken@example.com", "Ken Sato", lang="en")
        m = match(srv, prog, org, ex, user_id(srv, "owner@acme.example.com"), done=3)
        pages = []

        def visit(who, path, want=200, form=None):
            for lang in ("en", "ja"):
                c = as_lang(srv, who, lang)
                if form is None:
                    r = c.get(path)
                else:
                    c.get(path)
                    r = c.post_form(path, form)
                check(r.status == want, f"{lang} {path}: {r}")
                check_page(path, lang, r.text, problems, data=("Guidance 2026", "Ken Sato"))
                pages.append((lang, path, r.status))

        sme_path = f"/w/{org}/program/survey"
        visit("owner@acme.example.com", sme_path)  # waiting for the last visit
        finish_visits(srv, m)
        visit("owner@acme.example.com", sme_path)  # the form
        visit("owner@acme.example.com", sme_path, 422, {"industry": "D"})  # refused, kept
        exp_path = f"/expert/matches/{m}/survey"
        visit("ken@example.com", exp_path)
        visit("ken@example.com", exp_path, 422, {"tools": "great"})
        c = as_lang(srv, "owner@acme.example.com", "en")
        c.get(sme_path)
        check(c.post_form(sme_path, ANSWERS).status == 303, "answered")
        visit("owner@acme.example.com", sme_path)  # thank-you state
        visit("ops@example.jp", f"/operator/programs/{prog}/surveys")
        # the refused form still labels every choice (a legend per question)
        r = as_lang(srv, "ken@example.com", "ja").get(exp_path)
        p = parse(r.text)
        check(len([f for f in p.fields if f[0] == "input" and f[1].get("type") == "radio"]) > 20,
              "radio buttons present and checked by check_page for labels")
    if problems:
        print("\n".join(problems[:40]))
        sys.exit(1)
    print(f"survey pages: {len(pages)} pages pass the language and form checks")


if __name__ == "__main__":
    main()
