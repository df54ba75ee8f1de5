"""test_invite.py - inviting an advisor by e-mail: the mailed link (only its hash stored),
signing up as an advisor from the link, what an advisor may and may not do, accepting with an
existing account, revoking a pending invitation, removing an advisor (access gone at once),
and the invitations API."""
import html
import re

from harness import Server, check
from org_helpers import make_org, sql


def link_token(msg):
    m = re.search(r"/invite/accept\?token=([0-9a-f]{64})", msg.get_content())
    check(m, "invitation link in the mail")
    return m.group(1)


def main():
    with Server() as srv:
        o = srv.client()
        o.signup("owner@yamada.example.jp")
        org = make_org(o)

        r = o.get(f"/w/{org}/advisors")
        check(r.status == 200 and "アドバイザーはまだいません" in r.text, r)
        r = o.post_form(f"/w/{org}/advisors/invite", {"email": "expert@@example"})
        check(r.status == 422 and "メールアドレス" in r.text and 'value="expert@@example"' in r.text, r)
        r = o.post_form(f"/w/{org}/advisors/invite", {"email": "owner@yamada.example.jp"})
        check(r.status == 422 and "すでにワークスペースを使えます" in r.text, "member cannot be invited")

        r = o.post_form(f"/w/{org}/advisors/invite", {"email": "Expert@Shoko.example.jp"})
        check(r.status == 303, r)
        m = srv.wait_mail(1)[-1]
        check(str(m["To"]) == "Expert@Shoko.example.jp", m["To"])
        check(str(m["Subject"]) == "otasukeワークスペースへの招待", m["Subject"])
        check("山田建設株式会社" in m.get_content() and "14日" in m.get_content(), "mail body")
        tok = link_token(m)
        stored = sql(srv, f"SELECT token_hash FROM invitations WHERE org_id = {org}")
        check(stored and stored != tok and tok not in stored, "only the token hash is stored")
        r = o.get(f"/w/{org}/advisors")
        check("expert@shoko.example.jp" in r.text, "pending invitation listed")

        # The invitee opens the link without an account and signs up as an advisor.
        x = srv.client()
        r = x.get(f"/invite/accept?token={tok}")
        check(r.status == 200 and "山田建設株式会社" in r.text, r)
        check('value="expert@shoko.example.jp"' in r.text, "e-mail prefilled")
        r = x.post_form("/invite/signup", {"token": tok, "name": "鈴木 花子",
                                           "email": "expert@shoko.example.jp", "password": "short",
                                           "password_confirm": "short", "agree": "yes"})
        check(r.status == 422 and 'value="鈴木 花子"' in r.text and "10文字" in r.text, r)
        check(sql(srv, "SELECT COUNT(*) FROM users WHERE email = 'expert@shoko.example.jp'") == "0",
              "refused sign-up wrote nothing")
        r = x.post_form("/invite/signup", {"token": tok, "name": "鈴木 花子",
                                           "email": "expert@shoko.example.jp",
                                           "password": "a long advisor passphrase",
                                           "password_confirm": "a long advisor passphrase",
                                           "agree": "yes"})
        check(r.status == 303 and r.header("Location") == f"/w/{org}", r)
        check(sql(srv, "SELECT role FROM users WHERE email = 'expert@shoko.example.jp'") == "advisor",
              "signed up as an advisor")
        check(sql(srv, f"SELECT kind FROM memberships m JOIN users u ON u.id = m.user_id WHERE "
                       f"u.email = 'expert@shoko.example.jp' AND m.org_id = {org}") == "advisor",
              "advisor membership")
        check(sql(srv, f"SELECT status FROM invitations WHERE org_id = {org}") == "accepted", "accepted")

        # What the advisor may do: see and help; not declare, invite or edit the profile.
        r = x.get(f"/w/{org}", follow=False)
        check(r.status == 200 and "山田建設株式会社" in r.text, r)
        r = x.get(f"/w/{org}/principles")
        check(r.status == 200 and 'name="pledge"' not in r.text and "メンバーだけです" in r.text,
              "advisor sees the principles without the pledge form")
        r = x.get(f"/w/{org}/profile")
        check(r.status == 200 and "山田建設株式会社" in r.text and "<form" not in r.text.split("<main")[1],
              "advisor sees the profile read-only")
        check(x.post_form(f"/w/{org}/declare", {"pledge": ["1", "2", "3", "4", "5"]}).status == 403,
              "advisor cannot declare")
        check(x.post_form(f"/w/{org}/declare2", {"confirm": "yes"}).status == 403, "nor ★★")
        check(x.get(f"/w/{org}/advisors").status == 403, "advisor cannot manage advisors")
        check(x.post_form(f"/w/{org}/advisors/invite", {"email": "a@b.example.jp"}).status == 403,
              "advisor cannot invite")
        check(x.post_form(f"/w/{org}/profile", {"name": "乗っ取り"}).status == 403,
              "advisor cannot edit the profile")
        r = x.api("POST", f"/api/v1/organizations/{org}/declarations", {"level": 1, "pledge": [1, 2, 3, 4, 5]})
        check(r.status == 403, r)
        check(sql(srv, f"SELECT COUNT(*) FROM declarations WHERE org_id = {org}") == "0", "nothing declared")
        # The link is used up.
        r = srv.client().get(f"/invite/accept?token={tok}")
        check(r.status == 404 and "もう使えません" in r.text, "used link refused")

        # An existing user (an SME with its own organization) accepts after logging in.
        y = srv.client()
        y.signup("consultant@sato.example.jp", name="佐藤 一郎")
        make_org(y, name="佐藤コンサルティング合同会社", industry="services", capital="1000000")
        o.get(f"/w/{org}/advisors")
        o.post_form(f"/w/{org}/advisors/invite", {"email": "consultant@sato.example.jp"})
        tok2 = link_token(srv.wait_mail(2)[-1])
        # Logged out, the page offers a login that comes back to the invitation.
        y.post_form("/logout", {})
        r = y.get(f"/invite/accept?token={tok2}")
        m = re.search(r'href="(/login\?next=[^"]+)"', r.text)
        check(r.status == 200 and m, "login link offered")
        login_path = m.group(1).replace("&amp;", "&")
        page = y.get(login_path).text
        nxt = re.search(r'action="/login".*?name="next" value="([^"]*)"', page, re.S).group(1)
        r = y.post_form("/login", {"email": "consultant@sato.example.jp",
                                   "password": "correct horse battery",
                                   "next": html.unescape(nxt)})
        check(r.status == 303 and r.header("Location") == f"/invite/accept?token={tok2}", r.header("Location"))
        r = y.get(f"/invite/accept?token={tok2}")
        check(r.status == 200 and "consultant@sato.example.jp" in r.text and 'name="token"' in r.text, r)
        r = y.post_form("/invite/accept", {"token": tok2})
        check(r.status == 303 and r.header("Location") == f"/w/{org}", r)
        check(y.get(f"/w/{org}").status == 200, "existing user is now an advisor")
        check(sql(srv, "SELECT role FROM users WHERE email = 'consultant@sato.example.jp'") == "sme",
              "their own role is unchanged")

        # Revoking a pending invitation kills its link.
        o.get(f"/w/{org}/advisors")
        o.post_form(f"/w/{org}/advisors/invite", {"email": "late@example.jp"})
        tok3 = link_token(srv.wait_mail(3)[-1])
        inv3 = sql(srv, f"SELECT id FROM invitations WHERE email = 'late@example.jp'")
        r = o.post_form(f"/w/{org}/invitations/{inv3}/revoke", {})
        check(r.status == 303, r)
        r = srv.client().get(f"/invite/accept?token={tok3}")
        check(r.status == 404, "revoked link refused")
        check(o.post_form(f"/w/{org}/invitations/{inv3}/revoke", {}).status == 404,
              "revoking twice is a 404")

        # Removing an advisor: access is gone at once (404, as for any other organization).
        adv = sql(srv, "SELECT id FROM users WHERE email = 'expert@shoko.example.jp'")
        o.get(f"/w/{org}/advisors")
        r = o.post_form(f"/w/{org}/advisors/{adv}/remove", {})
        check(r.status == 303, r)
        check(x.get(f"/w/{org}").status == 404, "removed advisor gets 404")
        check(x.get(f"/w/{org}/principles").status == 404, "on every page")
        check(x.api("GET", f"/api/v1/organizations/{org}").status == 404, "and in the API")
        r = o.get(f"/w/{org}/advisors")
        check("鈴木 花子" not in r.text and "佐藤 一郎" in r.text, "advisor list updated")

        # The API: invite, list, revoke, remove.
        a = srv.client()
        a.token = a.api("POST", "/api/v1/tokens", {"email": "owner@yamada.example.jp",
                                                   "password": "correct horse battery"}).json()["token"]
        r = a.api("POST", f"/api/v1/organizations/{org}/invitations", {"email": "api@example.jp"})
        check(r.status == 201 and r.json()["status"] == "pending", r)
        iid = r.json()["id"]
        srv.wait_mail(4)
        r = a.api("POST", f"/api/v1/organizations/{org}/invitations", {"email": "bad"})
        check(r.status == 422 and "email" in r.json()["error"]["fields"], r)
        r = a.api("GET", f"/api/v1/organizations/{org}/invitations")
        check(r.status == 200 and [i["email"] for i in r.json()["invitations"]] == ["api@example.jp"]
              and [v["email"] for v in r.json()["advisors"]] == ["consultant@sato.example.jp"], r)
        check(r.json()["invitations"][0]["expired"] is False, "a fresh invitation is not expired")
        # An invitation older than 14 days no longer works and is shown as expired.
        tok4 = link_token(srv.wait_mail(4)[-1])
        sql(srv, f"UPDATE invitations SET created_at = '2026-01-01T00:00:00Z' WHERE id = {iid}")
        check(srv.client().get(f"/invite/accept?token={tok4}").status == 404, "expired link refused")
        r = a.api("GET", f"/api/v1/organizations/{org}/invitations")
        check(r.json()["invitations"][0]["expired"] is True, "expired invitation marked")
        r = a.api("DELETE", f"/api/v1/organizations/{org}/invitations/{iid}")
        check(r.status == 200 and r.json()["status"] == "revoked", r)
        cid = sql(srv, "SELECT id FROM users WHERE email = 'consultant@sato.example.jp'")
        r = a.api("DELETE", f"/api/v1/organizations/{org}/advisors/{cid}")
        check(r.status == 200, r)
        check(y.get(f"/w/{org}").status == 404, "API removal also ends access")
        r = a.api("DELETE", f"/api/v1/organizations/{org}/advisors/{cid}")
        check(r.status == 404, r)
    print("invite: all checks passed")


if __name__ == "__main__":
    main()
