"""test_admin.py - admins manage accounts; operators and admins read the audit log; others
cannot; a disabled account loses its sessions at once."""
from dbutil import sql, q
from harness import Server, check


def main():
    with Server() as srv:
        admin = srv.client()
        admin.signup("admin@example.jp", name="管理 太郎")
        sql(srv, "UPDATE users SET role = 'admin' WHERE email = 'admin@example.jp'")
        user = srv.client()
        user.signup("owner@example.jp", name="山田 花子")
        op = srv.client()
        op.signup("op@example.jp", name="事務局 一郎")
        sql(srv, "UPDATE users SET role = 'operator' WHERE email = 'op@example.jp'")

        r = admin.get("/admin/users")
        check(r.status == 200 and "owner@example.jp" in r.text and "アカウント管理" in r.text, r)
        check("事業者（中小企業）" in r.text and ">sme<" not in r.text, "roles shown in Japanese")
        uid = sql(srv, "SELECT id FROM users WHERE email = 'owner@example.jp'")[0][0]
        aid = sql(srv, "SELECT id FROM users WHERE email = 'admin@example.jp'")[0][0]

        # Others cannot reach user administration.
        check(user.get("/admin/users").status == 403, "sme refused")
        check(op.get("/admin/users").status == 403, "operator refused")
        r = user.post_form(f"/admin/users/{aid}", {"role": "sme", "disabled": "1"})
        check(r.status == 403, "sme cannot disable the admin")
        check(sql(srv, f"SELECT role, disabled FROM users WHERE id = {aid}") == [["admin", "0"]],
              "admin unchanged")

        # Bad values are refused; the admin cannot lock themselves out.
        check(admin.post_form(f"/admin/users/{uid}", {"role": "root", "disabled": "0"}).status == 400,
              "unknown role refused")
        admin.post_form(f"/admin/users/{aid}", {"role": "sme", "disabled": "1"})
        check(sql(srv, f"SELECT role, disabled FROM users WHERE id = {aid}") == [["admin", "0"]],
              "own account unchanged")

        # Disabling ends the user's session at once and blocks login.
        check(user.get("/").text.count("山田 花子") >= 1, "user logged in")
        r = admin.post_form(f"/admin/users/{uid}", {"role": "sme", "disabled": "1"})
        check(r.status == 303, r)
        check("山田 花子" not in user.get("/").text, "session ended")
        check(srv.client().login("owner@example.jp").status == 401, "login refused when disabled")
        admin.post_form(f"/admin/users/{uid}", {"role": "advisor", "disabled": "0"})
        check(sql(srv, f"SELECT role, disabled FROM users WHERE id = {uid}") == [["advisor", "0"]],
              "role and status changed")

        # Audit log: operators and admins read it, SMEs do not.
        r = op.get("/operator/audit")
        check(r.status == 200 and "操作の記録" in r.text, r)
        check("user_update" in r.text and "login_failed" in r.text and "signup" in r.text,
              "events listed")
        r = op.get("/operator/audit?action=user_update")
        check("signup" not in r.text.split("<tbody>")[1], "filter by event")
        check(op.get("/operator/audit?org=abc").status == 400, "bad filter refused")
        check(srv.client().login("owner@example.jp").status == 303, "re-enabled user can log in")
        check(["login"] in sql(srv, "SELECT action FROM audit_log WHERE action = 'login'"),
              "successful logins are audited")
        check([None] in sql(srv, "SELECT withdrawn_reason FROM declarations UNION ALL SELECT NULL"),
              "a NULL column comes back as None, not as a lost row")
        check(srv.client().get("/operator/audit").status == 303, "anonymous sent to login")
        u2 = srv.client()
        u2.login("owner@example.jp")
        check(u2.get("/operator/audit").status == 403, "advisor refused")
    print("admin: all checks passed")


if __name__ == "__main__":
    main()
