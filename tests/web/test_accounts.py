"""test_accounts.py - sign-up, login, throttling, logout, password reset by mail, CSRF, limits."""
import re
import sys

from harness import Server, check


def main():
    with Server() as srv:
        c = srv.client()
        # Sign-up form refuses bad input, in Japanese, and keeps what was typed.
        c.get("/signup")
        r = c.post_form("/signup", {"email": "not-an-address", "name": "山田 太郎",
                                    "password": "short", "password_confirm": "short"})
        check(r.status == 422, r)
        check("＊" in r.text and "メールアドレス" in r.text, "Japanese field error shown")
        check('value="山田 太郎"' in r.text, "name kept after a refused submission")
        check('aria-invalid="true"' in r.text, "invalid field marked for screen readers")
        check('value="short"' not in r.text, "password never echoed")

        c.signup("owner@example.jp")
        r = c.get("/")
        check("山田 太郎" in r.text, "logged in after sign-up")

        # The same address cannot register twice.
        c2 = srv.client()
        c2.get("/signup")
        r = c2.post_form("/signup", {"email": "Owner@Example.jp", "name": "x",
                                     "password": "another long password",
                                     "password_confirm": "another long password",
                                     "agree": "yes"})
        check(r.status == 422 and "既に登録" in r.text, "duplicate e-mail refused")

        # Logout, then log in with a wrong and a right password.
        c.post_form("/logout", {})
        check("otasuke_session" not in c.cookies, "session cookie removed")
        r = c.login("owner@example.jp", "wrong password!!")
        check(r.status == 401 and "正しくありません" in r.text, "wrong password refused")
        r = c.login("owner@example.jp")
        check(r.status == 303, r)
        sc = [h for h in r.headers_all("Set-Cookie") if h.startswith("otasuke_session=")]
        check(sc and "HttpOnly" in sc[0] and "SameSite=Lax" in sc[0], "session cookie flags")

        # A state change without the CSRF token is refused and changes nothing.
        r = c.post_form("/logout", {}, csrf=False)
        check(r.status == 403, "POST without CSRF token refused")
        check(c.get("/").text.count("山田 太郎") >= 1, "still logged in after refused logout")

        # Throttling: five failures lock the address for a while, even for the right password.
        t = srv.client()
        for _ in range(5):
            t.login("owner@example.jp", "wrong password!!")
        r = t.login("owner@example.jp")
        check(r.status == 401 and "15分" in r.text, "login throttled after 5 failures")

        # Password reset by mail.
        p = srv.client()
        p.get("/password/forgot")
        r = p.post_form("/password/forgot", {"email": "owner@example.jp"})
        check(r.status == 303, r)
        mails = srv.wait_mail(1)
        m = mails[-1]
        check(m["To"] == "owner@example.jp", "reset mail addressed to the user")
        check(str(m["Subject"]) == "otasukeのパスワード再設定", f"Japanese subject: {m['Subject']}")
        body = m.get_content()
        link = re.search(r"/password/reset\?token=([0-9a-f]{64})", body)
        check(link, "reset link in mail")
        r = p.get("/password/reset?token=" + link.group(1))
        check(r.status == 200 and 'name="password"' in r.text, "reset form shown")
        r = p.post_form("/password/reset", {"token": link.group(1), "password": "a brand new passphrase",
                                            "password_confirm": "a brand new passphrase"})
        check(r.status == 303, r)
        # The old password no longer works; the new one does; the link is used up.
        q = srv.client()
        check(q.login("owner@example.jp", "correct horse battery").status == 401, "old password dead")
        check(srv.client().login("owner@example.jp", "a brand new passphrase").status == 303, "new password works")
        r = p.get("/password/reset?token=" + link.group(1))
        check("無効" in r.text, "used reset link refused")
        # Unknown addresses get the same answer and no mail.
        n = len(srv.mails())
        r = srv.client().post_form("/password/forgot", {"email": "nobody@example.jp"})
        check(r.status == 303 and len(srv.mails()) == n, "no mail for unknown address")

        # Oversized bodies are refused with 413; unknown pages get a friendly 404.
        big = "x=" + "a" * (2 << 20)
        r = c.request("POST", "/signup", body=big,
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        check(r.status == 413, r)
        # Headers up to about 8 KB (large cookies of other apps on the domain) are served.
        r = c.get("/login", headers={"Cookie": "other_app=" + "a" * 6000})
        check(r.status == 200, "6 KB of cookies accepted")
        r = c.get("/no/such/page")
        check(r.status == 404 and "ページが見つかりません" in r.text, "friendly 404 in Japanese")

        # English through Accept-Language, then the switch sets a cookie that wins.
        e = srv.client(lang="en-US,en;q=0.9")
        r = e.get("/login")
        check("Log in" in r.text and "ログイン" not in r.text, "English page")
        e.post_form("/lang", {"lang": "ja", "next": "/login"})
        r = e.get("/login")
        check("ログイン" in r.text and 'lang="ja"' in r.text, "switched to Japanese")

        # Token auth for the API.
        a = srv.client()
        r = a.api("POST", "/api/v1/tokens", {"email": "owner@example.jp", "password": "a brand new passphrase"})
        check(r.status == 201, r)
        a.token = r.json()["token"]
        r = a.api("GET", "/api/v1/me")
        check(r.status == 200 and r.json()["email"] == "owner@example.jp", r)
        r = srv.client().api("GET", "/api/v1/me")
        check(r.status == 401 and r.json()["error"]["code"] == "unauthorized", r)
        check(not r.headers_all("Set-Cookie"), "API answers set no CSRF cookie")
        check(any(h.startswith("otasuke_csrf=") for h in srv.client().get("/login").headers_all("Set-Cookie")),
              "pages give a new visitor a CSRF cookie")
        r = a.request("POST", "/api/v1/tokens", body="{not json", headers={"Content-Type": "application/json"})
        check(r.status == 400 and "error" in r.json(), "malformed JSON is a 400 with a message")
    print("accounts: all checks passed")


if __name__ == "__main__":
    main()
