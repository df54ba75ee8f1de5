"""test_expert.py - the expert registry: sign-up as an expert (validation in the user's
language, input kept), the profile, the operator's registry with filters and counts, and
approve / reject / suspend / reinstate mailed to the expert in its language."""
import re
import time

from dbutil import q, sql
from expert_helpers import (EXPERT, PASSWORD, body, expert_id, make_operator, mails_to,
                            register_expert)
from harness import Server, check


def wait_for(srv, addr, n, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        got = mails_to(srv, addr)
        if len(got) >= n:
            return got
        time.sleep(0.1)
    raise AssertionError(f"expected {n} mails to {addr}, got {len(mails_to(srv, addr))}")


def test_validation(srv):
    for lang, word in (("ja", "6桁"), ("en", "6 digits")):
        c = srv.client(lang=lang)
        c.get("/expert/register")
        r = c.post_form("/expert/register", dict(
            EXPERT, email=f"bad-{lang}@example.jp", password=PASSWORD,
            password_confirm=PASSWORD, name="Hanako", agree="yes", registration_no="12345",
            mode=[], capacity="0", specialities=["policy", "nonsense"]))
        check(r.status == 422, f"[{lang}] refused: {r}")
        check(word in r.text, f"[{lang}] the RISS number error says 6 digits")
        check('aria-invalid="true"' in r.text and "＊" in r.text, "errors marked")
        check("autofocus" in r.text, "first invalid field focused")
        # Input kept: the typed profile, the chosen prefecture and areas.
        check(EXPERT["profile"] in r.text, "profile text kept")
        check('value="14" checked' in r.text, "chosen area kept")
        check('value="bad-%s@example.jp"' % lang in r.text, "e-mail kept")
        if lang == "ja":
            check("1から100" in r.text or "1〜100" in r.text, "capacity error in Japanese")
        else:
            check("from 1 to 100" in r.text, "capacity error in English")
        n = sql(srv, f"SELECT COUNT(*) FROM users WHERE email = 'bad-{lang}@example.jp'")
        check(n[0][0] == "0", "nothing saved")
    # RISS needs a number at all; IT coordinators do not.
    c = srv.client()
    c.get("/expert/register")
    r = c.post_form("/expert/register", dict(EXPERT, email="x@example.jp", password=PASSWORD,
                                             password_confirm=PASSWORD, name="x", agree="yes",
                                             registration_no=""))
    check(r.status == 422 and "登録番号" in r.text, "RISS without number refused")
    register_expert(srv, "itc@example.jp", qualification="itc", registration_no="")


def test_registry(srv, op):
    ex = register_expert(srv, "expert@example.jp")
    eid = expert_id(srv, "expert@example.jp")
    row = sql(srv, f"SELECT status, capacity, prefecture, onsite, online, specialities, "
                   f"industries FROM experts WHERE id = {eid}")[0]
    check(row == ["pending", "2", "13", "1", "1", "policy,network", "D"],
          f"profile stored: {row}")
    areas = sql(srv, f"SELECT prefecture FROM expert_areas WHERE expert_id = {eid} ORDER BY 1")
    check([a[0] for a in areas] == ["11", "14"], f"areas stored: {areas}")
    check(sql(srv, "SELECT role FROM users WHERE email = 'expert@example.jp'")[0][0] ==
          "advisor", "the account is an advisor")
    # The operator is told (in Japanese, its language).
    m = wait_for(srv, "op@example.jp", 1)
    check("専門家" in m[-1]["Subject"], f"operator mail: {m[-1]['Subject']}")
    r = ex.get("/expert")
    check(r.status == 200 and "事務局" in r.text and "佐藤 花子" in r.text, "expert home")
    # Profile edit keeps data and refuses bad input with it kept.
    regno = sql(srv, f"SELECT registration_no FROM experts WHERE id = {eid}")[0][0]
    r = ex.get("/expert/profile")
    check(r.status == 200 and f'value="{regno}"' in r.text, "profile form filled")
    # Saving one's own number again is fine; another expert's RISS number is refused.
    register_expert(srv, "twin@example.jp", expert_name="双子 花子")
    c = srv.client()
    c.get("/expert/register")
    r = c.post_form("/expert/register", dict(EXPERT, email="dup@example.jp", password=PASSWORD,
                                             password_confirm=PASSWORD, name="x", agree="yes",
                                             registration_no=regno))
    check(r.status == 422 and "すでに登録" in r.text, "a RISS number registered twice")
    r = ex.post_form("/expert/profile", dict(EXPERT, name="佐藤 花子", capacity="101",
                                             registration_no=regno))
    check(r.status == 422 and "佐藤 花子" in r.text, "capacity 101 refused, input kept")
    r = ex.post_form("/expert/profile", dict(EXPERT, name="佐藤 花子 (RISS)", capacity="5",
                                             registration_no=regno))
    check(r.status == 303, f"profile saved: {r}")
    check(sql(srv, f"SELECT name, capacity FROM experts WHERE id = {eid}")[0] ==
          ["佐藤 花子 (RISS)", "5"], "profile updated")

    # Registry list with filters and counts.
    r = op.get("/operator/experts")
    check(r.status == 200 and "佐藤 花子 (RISS)" in r.text, "registry lists the expert")
    r = op.get("/operator/experts?status=approved")
    check("佐藤 花子 (RISS)" not in r.text, "filter by status")
    r = op.get("/operator/experts?status=pending&qualification=riss&pref=13")
    check("佐藤 花子 (RISS)" in r.text, "filters match: " + str(re.findall("<h[23]>.*</h[23]>", r.text)) + str(sql(srv, "select id,status,qualification,prefecture,name from experts")))
    r = op.get("/operator/experts?pref=1")
    check("佐藤 花子 (RISS)" not in r.text, "filter by prefecture")

    # An English expert gets its mails in English.
    register_expert(srv, "en@example.jp", lang="en", expert_name="John Smith",
                    account_name="John Smith")
    en_id = expert_id(srv, "en@example.jp")

    # Reject needs a reason.
    r = op.post_form(f"/operator/experts/{eid}/decision", {"action": "reject", "reason": ""})
    check(r.status == 422 and "理由" in r.text, "reject without reason refused")
    check(sql(srv, f"SELECT status FROM experts WHERE id = {eid}")[0][0] == "pending", "still")
    r = op.post_form(f"/operator/experts/{en_id}/decision",
                     {"action": "reject", "reason": "Registration number not found"})
    check(r.status == 303, f"rejected: {r}")
    m = wait_for(srv, "en@example.jp", 1)
    check("not approved" in m[-1]["Subject"], f"English reject mail: {m[-1]['Subject']}")
    check("Registration number not found" in body(m[-1]), "reason in the mail")
    r = op.post_form(f"/operator/experts/{eid}/decision", {"action": "approve"})
    check(r.status == 303, f"approved: {r}")
    m = wait_for(srv, "expert@example.jp", 1)
    check("承認" in m[-1]["Subject"], f"Japanese approve mail: {m[-1]['Subject']}")
    check(sql(srv, f"SELECT status FROM experts WHERE id = {eid}")[0][0] == "approved", "approved")
    # Approving twice is refused (state changed), suspend and reinstate work.
    r = op.post_form(f"/operator/experts/{eid}/decision", {"action": "approve"})
    check(r.status == 409, f"second approve refused: {r}")
    r = op.post_form(f"/operator/experts/{eid}/decision", {"action": "suspend", "reason": "確認中"})
    check(r.status == 303, "suspended")
    m = wait_for(srv, "expert@example.jp", 2)
    check("確認中" in body(m[-1]), "suspension reason mailed")
    r = op.post_form(f"/operator/experts/{eid}/decision", {"action": "reinstate"})
    check(r.status == 303, "reinstated")
    wait_for(srv, "expert@example.jp", 3)
    check(sql(srv, f"SELECT status FROM experts WHERE id = {eid}")[0][0] == "approved", "back")
    r = op.get("/operator/experts")
    check("承認済み" in r.text, "counts by status shown")
    # An SME or an expert cannot open the registry.
    check(ex.get("/operator/experts").status == 403, "expert kept out of the registry")
    r = ex.post_form(f"/operator/experts/{eid}/decision", {"action": "approve"})
    check(r.status == 403, "expert cannot decide")

    # API: the expert's own profile; the operator's list and decision.
    r = ex.api("GET", "/api/v1/experts/me")
    check(r.status == 200 and r.json()["status"] == "approved", f"own profile: {r}")
    r = ex.api("POST", "/api/v1/experts/me", {"name": "佐藤 花子", "qualification": "riss",
                                              "registration_no": "1234567", "onsite": True,
                                              "capacity": 3, "profile": "x",
                                              "specialities": ["policy"]})
    check(r.status == 422 and "registration_no" in r.json()["error"]["fields"], f"api: {r}")
    check(ex.api("GET", "/api/v1/experts").status == 403, "expert cannot list experts")
    r = op.api("GET", "/api/v1/experts?status=rejected")
    check(r.status == 200 and [e["name"] for e in r.json()["experts"]] == ["John Smith"],
          f"api filter: {r}")
    r = op.api("POST", f"/api/v1/experts/{en_id}/decision", {"action": "approve"})
    check(r.status == 409, f"rejected cannot be approved directly: {r}")


def main():
    with Server() as srv:
        op = make_operator(srv)
        test_validation(srv)
        test_registry(srv, op)
    print("ok: expert registry")


if __name__ == "__main__":
    main()
