"""test_visit_pages.py - the visits part's pages in Japanese and in English with the checks
of test_i18n_pages.py (no Japanese in English pages, Japanese headings and buttons, one
<h1>, a label on every field, no raw timestamps, never 「認定」「取得」), also in their
states with validation errors, and that they fit a phone screen's markup (viewport)."""
from harness import Server, check
from test_i18n_pages import check_page
from visit_fixtures import day, login, propose, report_visit, world

NAMES = ["Acme Builders", "Jane Expert", "Guidance 2026"]


def main():
    with Server() as srv:
        w = world(srv)
        from dbutil import q, sql
        # ASCII names so that any Japanese on an English page is a leak.
        sql(srv, f"UPDATE organizations SET name = 'Acme Builders' WHERE id = {w['org']}")
        sql(srv, f"UPDATE experts SET name = 'Jane Expert' WHERE id = {w['expert']}")
        sql(srv, f"UPDATE programs SET name = 'Guidance 2026' WHERE id = {w['program']}")
        mid, org, pid = w["match"], w["org"], w["program"]
        ec = w["ec"]
        check(propose(ec, mid, 1, day(2)).status == 303, "proposed")
        check(report_visit(ec, mid, 1, day(-3), summary="Kick-off", next_steps="Draft").status
              == 303, "visit 1")
        check(propose(ec, mid, 2, day(4), mode="online").status == 303, "visit 2 proposed")
        pages = {
            "expert": [f"/expert/matches/{mid}", f"/expert/matches/{mid}/report", "/expert/fees"],
            "owner": [f"/w/{org}/program/visits", f"/w/{org}/program/report"],
            "operator": [f"/operator/programs/{pid}/fees", f"/operator/matches/{mid}"],
        }
        emails = {"expert": "expert@example.jp", "owner": "owner@yamada.example.jp",
                  "operator": "op@example.com"}
        problems = []
        for lang in ("en", "ja"):
            sql(srv, f"UPDATE users SET lang = {q(lang)}")
            for who, paths in pages.items():
                c = login(srv, emails[who], lang)
                for p in paths:
                    r = c.get(p)
                    check(r.status == 200, f"[{lang}] {p}: {r.status}")
                    check('name="viewport"' in r.text, "viewport")
                    check_page(p, lang, r.text, problems, NAMES)
                # Pages with validation errors.
                if who == "expert":
                    r = report_visit(c, mid, 2, day(5), minutes="10", summary="", next_steps="Draft")
                    check(r.status == 422, r)
                    check_page("report refused", lang, r.text, problems, NAMES)
                    r = c.post_form(f"/expert/matches/{mid}/terminate", {"reason": ""})
                    check(r.status == 422, r)
                    check_page("terminate refused", lang, r.text, problems, NAMES)
                if who == "owner":
                    c.get(f"/w/{org}/program/visits")
                    vid = sql(srv, f"SELECT id FROM visits WHERE match_id = {mid} AND "
                                   "visit_no = 2")[0][0]
                    r = c.post_form(f"/w/{org}/program/visits/{vid}/other", {"note": ""})
                    check(r.status == 422, r)
                    check_page("other date refused", lang, r.text, problems, NAMES)
                if who == "operator":
                    c.get(f"/operator/programs/{pid}/fees")
                    r = c.post_form(f"/operator/programs/{pid}/fees/{w['expert']}/payments",
                                    {"paid_on": "x", "amount": "0"})
                    check(r.status == 422, r)
                    check_page("payment refused", lang, r.text, problems, NAMES)
        check(not problems, "\n".join(problems))
    print("ok")


if __name__ == "__main__":
    main()
