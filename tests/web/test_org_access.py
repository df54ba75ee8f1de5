"""test_org_access.py - a user of another organization gets 404 on every organization,
declaration and invitation route with our organization's id (pages and API), cannot change
anything there, and ids of another organization's invitations or advisors used under our own
organization are 404 too."""
from harness import Server, check
from org_helpers import make_org, sql


def main():
    with Server() as srv:
        a = srv.client()
        a.signup("owner-a@example.jp")
        org_a = make_org(a, name="A株式会社")
        a.get(f"/w/{org_a}/advisors")
        a.post_form(f"/w/{org_a}/advisors/invite", {"email": "helper-a@example.jp"})
        inv_a = sql(srv, f"SELECT id FROM invitations WHERE org_id = {org_a}")

        b = srv.client()
        b.signup("owner-b@example.jp")
        org_b = make_org(b, name="B株式会社")
        b.get(f"/w/{org_b}/advisors")
        b.post_form(f"/w/{org_b}/advisors/invite", {"email": "helper-b@example.jp"})
        inv_b = sql(srv, f"SELECT id FROM invitations WHERE org_id = {org_b}")
        b_user = sql(srv, "SELECT id FROM users WHERE email = 'owner-b@example.jp'")
        # An advisor of B, to try removing through A's path.
        sql(srv, "INSERT INTO users (email, password_hash, name, role, created_at) VALUES "
                 "('adv-b@example.jp', 'x', 'adv', 'advisor', '2026-11-22T00:00:00Z')")
        adv_b = sql(srv, "SELECT id FROM users WHERE email = 'adv-b@example.jp'")
        sql(srv, f"INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES "
                 f"({adv_b}, {org_b}, 'advisor', '2026-11-22T00:00:00Z')")

        gets = ["", "/eligibility", "/profile", "/principles", "/declare2", "/declaration",
                "/advisors"]
        posts = {"/profile": {"name": "乗っ取り", "org_type": "company", "industry": "retail",
                              "capital": "1", "employees": "1", "prefecture": "1"},
                 "/declare": {"pledge": ["1", "2", "3", "4", "5"]},
                 "/declare2": {"confirm": "yes"},
                 "/advisors/invite": {"email": "evil@example.jp"},
                 f"/invitations/{inv_a}/revoke": {},
                 f"/advisors/{b_user}/remove": {}}
        b.get("/")
        for p in gets:
            r = b.get(f"/w/{org_a}{p}")
            check(r.status == 404, f"GET /w/A{p} as B: {r.status}")
        for p, data in posts.items():
            r = b.post_form(f"/w/{org_a}{p}", data)
            check(r.status == 404, f"POST /w/A{p} as B: {r.status}")
        api = [("GET", f"/api/v1/organizations/{org_a}", None),
               ("PATCH", f"/api/v1/organizations/{org_a}", {"name": "乗っ取り"}),
               ("GET", f"/api/v1/organizations/{org_a}/declarations", None),
               ("POST", f"/api/v1/organizations/{org_a}/declarations",
                {"level": 1, "pledge": [1, 2, 3, 4, 5]}),
               ("GET", f"/api/v1/organizations/{org_a}/invitations", None),
               ("POST", f"/api/v1/organizations/{org_a}/invitations", {"email": "e@example.jp"}),
               ("DELETE", f"/api/v1/organizations/{org_a}/invitations/{inv_a}", None),
               ("DELETE", f"/api/v1/organizations/{org_a}/advisors/{b_user}", None)]
        for method, path, body in api:
            r = b.api(method, path, body)
            check(r.status == 404 and r.json()["error"]["code"] == "not_found",
                  f"{method} {path} as B: {r.status}")
        check(sql(srv, f"SELECT name FROM organizations WHERE id = {org_a}") == "A株式会社",
              "A's profile unchanged")
        check(sql(srv, f"SELECT COUNT(*) FROM declarations WHERE org_id = {org_a}") == "0",
              "nothing declared for A")
        check(sql(srv, f"SELECT COUNT(*) FROM invitations WHERE org_id = {org_a}") == "1"
              and sql(srv, f"SELECT status FROM invitations WHERE id = {inv_a}") == "pending",
              "A's invitations unchanged")

        # A's owner using B's invitation and advisor ids under A's own path: 404, B unchanged.
        a.get(f"/w/{org_a}/advisors")
        check(a.post_form(f"/w/{org_a}/invitations/{inv_b}/revoke", {}).status == 404,
              "B's invitation id under A")
        check(a.post_form(f"/w/{org_a}/advisors/{adv_b}/remove", {}).status == 404,
              "B's advisor id under A")
        check(a.api("DELETE", f"/api/v1/organizations/{org_a}/invitations/{inv_b}").status == 404,
              "B's invitation id under A (API)")
        check(a.api("DELETE", f"/api/v1/organizations/{org_a}/advisors/{adv_b}").status == 404,
              "B's advisor id under A (API)")
        check(sql(srv, f"SELECT status FROM invitations WHERE id = {inv_b}") == "pending",
              "B's invitation untouched")
        check(sql(srv, f"SELECT COUNT(*) FROM memberships WHERE user_id = {adv_b}") == "1",
              "B's advisor untouched")
        # An operator (secretariat) may read every workspace but change nothing.
        op = srv.client()
        op.signup("operator@secretariat.example.jp")
        sql(srv, "UPDATE users SET role = 'operator' WHERE email = 'operator@secretariat.example.jp'")
        for p in gets:
            r = op.get(f"/w/{org_a}{p}")
            want = 403 if p == "/advisors" else 200
            check(r.status == want, f"operator GET /w/A{p}: {r.status}")
            if want == 200:
                check('name="pledge"' not in r.text and 'name="confirm"' not in r.text
                      and 'action="/w/' not in r.text, f"operator sees no forms on {p}")
        for p, data in posts.items():
            r = op.post_form(f"/w/{org_a}{p}", data)
            check(r.status == 403, f"operator POST /w/A{p}: {r.status}")
        check(op.api("GET", f"/api/v1/organizations/{org_a}").status == 200, "operator reads API")
        check(op.api("PATCH", f"/api/v1/organizations/{org_a}", {"name": "x"}).status == 403,
              "operator cannot patch")
        check(sql(srv, f"SELECT name FROM organizations WHERE id = {org_a}") == "A株式会社",
              "still unchanged")

        # Not logged in: pages send to the login, the API answers 401.
        n = srv.client()
        r = n.get(f"/w/{org_a}")
        check(r.status == 303 and r.header("Location").startswith("/login"), r)
        check(n.api("GET", f"/api/v1/organizations/{org_a}").status == 401, "API needs auth")
        # Unknown or malformed ids look the same as foreign ones.
        for p in ("/w/999999", "/w/0", "/w/abc", f"/w/0{org_a}"):
            check(a.get(p).status == 404, f"{p} is 404")
    print("org access: all checks passed")


if __name__ == "__main__":
    main()
