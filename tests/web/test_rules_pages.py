"""test_rules_pages.py - the page checks of test_i18n_pages.py (one <h1>, a label on every
field, no Japanese on English pages, no English on Japanese pages, dates not timestamps, no
認定/取得) on every page of the rules group: the related rules check and its form, the asset
inventory, its add/edit/delete pages, and the forms refused with errors, in ja and en."""
import re
import sys

from docs_fixtures import make_org
from harness import Server, check
from test_i18n_pages import check_page

NAMES = {"Acme Builders Co., Ltd.", "Taro Acme", "Customer list", "Kept in the office cabinet",
         "Sales", "Sales staff", "File server"}


def main():
    with Server() as srv:
        owner = srv.client()
        owner.signup("owner@example.com", name="Taro Acme")
        org = make_org(srv, "owner@example.com", "Acme Builders Co., Ltd.", representative="Taro Acme")
        owner.get(f"/w/{org}/assets/new")
        r = owner.post_form(f"/w/{org}/assets", {
            "business_area": "Sales", "name": "Customer list", "notes": "Kept in the office cabinet",
            "users": "Sales staff", "department": "Sales", "medium": "File server", "owner": "Taro Acme",
            "c": "2", "i": "1", "a": "1", "personal_data": "1", "threat": "3", "weakness": "2"})
        check(r.status == 303, r)
        aid = int(re.search(r"#asset-(\d+)", r.header("Location")).group(1))
        owner.get(f"/w/{org}/rules/edit")
        form = {f"status_{k}": "not_yet" for k in ("organization", "human", "asset_management", "access",
                                                     "physical", "devices", "operations", "development",
                                                     "outsourcing", "incidents", "mynumber")}
        form.update({"status_organization": "in_place", "point_organization_1": "1",
                     "notes_organization": "Taro Acme"})
        check(owner.post_form(f"/w/{org}/rules", form).status == 303, "rules saved")

        problems = []
        pages = [f"/w/{org}/rules", f"/w/{org}/rules/edit", f"/w/{org}/assets", f"/w/{org}/assets/new",
                 f"/w/{org}/assets/{aid}", f"/w/{org}/assets/{aid}/delete", f"/w/{org}"]
        for lang in ("ja", "en"):
            c = srv.client(lang=lang)
            c.login("owner@example.com")
            for p in pages:
                r = c.get(p)
                check(r.status == 200, f"{lang} {p}: {r}")
                check_page(p, lang, r.text, problems, NAMES)
            # Refused forms, with their error messages.
            c.get(f"/w/{org}/assets/new")
            r = c.post_form(f"/w/{org}/assets", {"name": "", "c": "5"})
            check(r.status == 422, r)
            check_page(f"POST /w/{org}/assets", lang, r.text, problems, NAMES)
            c.get(f"/w/{org}/rules/edit")
            bad = dict(form, status_development="not_needed", notes_development="")
            r = c.post_form(f"/w/{org}/rules", bad)
            check(r.status == 422, r)
            check_page(f"POST /w/{org}/rules", lang, r.text, problems, NAMES)
        if problems:
            print("\n".join(problems))
            sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
