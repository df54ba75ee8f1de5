"""test_program.py - the guidance program from the secretariat's form to the SME's
application and the operator's decision: validation with the input kept, every eligibility
refusal shown with its reason before and on applying, window and capacity, withdrawal,
accept / reject / wait-list mailed to the SME in its language, audit, and access (another
organization sees nothing, an SME reaches no operator page)."""
import re
import sys
import time

from dbutil import insert, q, sql
from harness import Server, check
from org_helpers import add_published_policy
from program_helpers import (NOW, body, create_program, jst_today, mails_to, operator,
                             program_form, sme, wait_for_mail)


def apply(c, org, pid, message=""):
    c.get(f"/w/{org}/programs/{pid}/apply")
    return c.post_form(f"/w/{org}/programs/{pid}/apply", {"message": message})


def app_id(srv, pid, org):
    rows = sql(srv, f"SELECT id FROM program_applications WHERE program_id = {pid} AND org_id = {org}")
    return int(rows[0][0]) if rows else None


def main():
    with Server() as srv:
        op = operator(srv)
        # ---- validation: errors in the user's language, input kept, 422 ----
        op.get("/operator/programs/new")
        bad = program_form("検証用プログラム", capacity=0, apply_from=jst_today(10),
                           apply_until=jst_today(5), visits_from=jst_today(0),
                           title_ja_2="", fee_per_visit="-1", description="説明を残す")
        r = op.post_form("/operator/programs/new", bad)
        check(r.status == 422, f"invalid program refused: {r}")
        check('value="検証用プログラム"' in r.text and "説明を残す" in r.text, "input kept")
        check("＊" in r.text and 'aria-invalid="true"' in r.text, "errors marked")
        check("申し込み期間の終わりは" in r.text, "window order error in Japanese")
        check("訪問は申し込み期間が始まる前には始められません" in r.text, "visits before window")
        check(r.text.count("autofocus") == 1, "one field focused")
        check(sql(srv, "SELECT COUNT(*) FROM programs") == [["0"]], "nothing saved")
        op_en = operator(srv, "ops-en@example.jp", lang="en")
        op_en.get("/operator/programs/new")
        r = op_en.post_form("/operator/programs/new", program_form("Check", visit_count="13"))
        check(r.status == 422 and "Please enter the number of visits: 1 to 12." in r.text,
              f"English error: {r}")
        # The default curriculum comes from data/program_curriculum.json.
        r = op.get("/operator/programs/new")
        check("情報セキュリティ診断等による潜在的リスクの洗い出し" in r.text, "default curriculum")

        # ---- programs ----
        earlier = create_program(op, "2025年度 指導事業", apply_from=jst_today(-400),
                                 apply_until=jst_today(-300), visits_from=jst_today(-300),
                                 visits_until=jst_today(-200))
        pid = create_program(op, "2026年度 指導事業", capacity=2, excluded=earlier)
        check(sql(srv, f"SELECT capacity, excluded_program_id, visit_count FROM programs WHERE id = {pid}")
              == [["2", str(earlier), "4"]], "program saved")
        check(sql(srv, f"SELECT title_ja FROM program_curriculum WHERE program_id = {pid} AND visit_no = 2")
              == [["基本方針の策定"]], "curriculum saved")
        closed = create_program(op, "締切済み", apply_from=jst_today(-60), apply_until=jst_today(-1),
                                visits_from=jst_today(-60), visits_until=jst_today(60))
        future = create_program(op, "来月から", apply_from=jst_today(20), apply_until=jst_today(40),
                                visits_from=jst_today(20), visits_until=jst_today(200))
        tiny = create_program(op, "定員1", capacity=1)
        r = op.get("/operator/programs")
        check(r.status == 200 and "2026年度 指導事業" in r.text, "program list")
        r = op.get(f"/operator/programs/{pid}")
        for sub in ("applications", "matching", "progress", "statistics", "briefings", "fees", "surveys"):
            check(f'href="/operator/programs/{pid}/{sub}"' in r.text, f"tab {sub}")
        # Edit keeps validation; capacity saved.
        r = op.get(f"/operator/programs/{pid}/edit")
        check('value="2026年度 指導事業"' in r.text, "edit form filled")

        # ---- SME A applies (eligible) ----
        a, org_a, uid_a = sme(srv, "a@example.jp")
        r = a.get(f"/w/{org_a}/program")
        check(r.status == 200 and "2026年度 指導事業" in r.text and "申し込めます" in r.text,
              "status page shows the open program and that A can apply")
        r = a.get(f"/w/{org_a}/programs/{pid}/apply")
        check(r.status == 200 and "中小企業に該当します" in r.text, "SME reason shown before applying")
        r = apply(a, org_a, pid, "12月は繁忙期です")
        check(r.status == 303, f"A applied: {r}")
        aid = app_id(srv, pid, org_a)
        row = sql(srv, f"SELECT status, message, eligibility FROM program_applications WHERE id = {aid}")[0]
        check(row[0] == "submitted" and row[1] == "12月は繁忙期です", row)
        check('"eligible":true' in row[2] and '"code":"sme"' in row[2], "decision JSON stored")
        r = a.get(f"/w/{org_a}/program")
        check("事務局の決定を待っています" in r.text, "status: submitted")
        m = wait_for_mail(srv, "a@example.jp", "受け付けました")
        check("2026年度 指導事業" in body(m) and f"/w/{org_a}/program" in body(m), "receipt mailed")
        r = apply(a, org_a, pid)
        check(r.status == 422 and "すでにこのプログラムに申し込んでいます" in r.text, "second application refused")

        # ---- ineligible SMEs: refused with the reason, shown before ----
        b, org_b, _ = sme(srv, "b@example.jp", declare=False)
        r = b.get(f"/w/{org_b}/programs/{pid}/apply")
        check("まだ宣言していません" in r.text and "申し込みを送る" not in r.text, "no ★ shown before")
        check(f'href="/w/{org_b}/principles"' in r.text, "the way to declare is one click away")
        r = apply(b, org_b, pid)
        check(r.status == 422 and "まだ宣言していません" in r.text, "no ★ refused")
        check(app_id(srv, pid, org_b) is None, "nothing stored for B")
        big, org_big, _ = sme(srv, "big@example.jp", name="大手製作所", industry="manufacturing",
                              capital="5000000000", employees="2000")
        r = apply(big, org_big, pid)
        check(r.status == 422 and "中小企業に該当しないため" in r.text, "not an SME refused")
        pol, org_pol, uid_pol = sme(srv, "pol@example.jp")
        add_published_policy(srv, org_pol, uid_pol)
        r = apply(pol, org_pol, pid)
        check(r.status == 422 and "すでに基本方針を公開しています" in r.text, "published policy refused")
        old, org_old, uid_old = sme(srv, "old@example.jp")
        insert(srv, "INSERT INTO program_applications (program_id, org_id, applied_by, status, created_at)"
                    f" VALUES ({earlier}, {org_old}, {uid_old}, 'completed', {q(NOW)}) RETURNING id")
        r = apply(old, org_old, pid)
        check(r.status == 422 and "2025年度 指導事業に参加しました" in r.text, "earlier participant refused")
        # API: the same refusal as JSON with its code.
        r = old.api("POST", f"/api/v1/organizations/{org_old}/applications", {"program_id": pid})
        check(r.status == 422 and r.json()["error"]["code"] == "earlier_participant", r)

        # ---- window and capacity ----
        r = apply(a, org_a, closed)
        check(r.status == 422 and f"{jst_today(-1)}に締め切りました" in r.text, f"closed window: {r}")
        r = apply(a, org_a, future)
        check(r.status == 422 and f"{jst_today(20)}から申し込めます" in r.text, "window not open")
        c2, org_c2, _ = sme(srv, "c2@example.jp")
        sql(srv, f"UPDATE programs SET accepted = 1 WHERE id = {tiny}")
        r = apply(c2, org_c2, tiny)
        check(r.status == 422 and "定員に達しました" in r.text, "full program refused")
        r = c2.api("POST", f"/api/v1/organizations/{org_c2}/applications", {"program_id": tiny})
        check(r.status == 422 and r.json()["error"]["code"] == "program_full", r)

        # ---- withdraw and apply again ----
        r = apply(c2, org_c2, pid)
        check(r.status == 303, r)
        cid = app_id(srv, pid, org_c2)
        c2.get(f"/w/{org_c2}/program")
        r = c2.post_form(f"/w/{org_c2}/program/applications/{cid}/withdraw", {})
        check(r.status == 303, r)
        check(sql(srv, f"SELECT status FROM program_applications WHERE id = {cid}") == [["withdrawn"]],
              "withdrawn")
        r = apply(c2, org_c2, pid)
        check(r.status == 303 and app_id(srv, pid, org_c2) == cid, "applied again after withdrawing")

        # ---- another organization: nothing visible, nothing possible ----
        r = b.get(f"/w/{org_a}/program")
        check(r.status == 404, f"B cannot open A's status page: {r.status}")
        b.get(f"/w/{org_b}/program")
        r = b.post_form(f"/w/{org_b}/program/applications/{aid}/withdraw", {})
        check(r.status == 404, f"B cannot withdraw A's application via its own org: {r.status}")
        r = b.api("GET", f"/api/v1/applications/{aid}")
        check(r.status == 404 and "12月は繁忙期です" not in r.text, "B cannot read A's application")
        r = b.api("GET", f"/api/v1/organizations/{org_a}/applications")
        check(r.status == 404, r)
        check(sql(srv, f"SELECT status FROM program_applications WHERE id = {aid}") == [["submitted"]],
              "A's application untouched")
        r = a.api("GET", f"/api/v1/applications/{aid}")
        check(r.status == 200 and r.json()["status"] == "submitted", f"A reads its own: {r}")

        # ---- an SME reaches no operator page ----
        for path in ("/operator/programs", f"/operator/programs/{pid}",
                     f"/operator/programs/{pid}/applications", "/operator/programs/new"):
            check(a.get(path).status == 403, f"SME on {path}")
        r = a.post_form(f"/operator/programs/{pid}/applications/{aid}/decision", {"decision": "accept"})
        check(r.status == 403, "SME cannot decide")
        r = a.api("POST", f"/api/v1/applications/{aid}/decision", {"decision": "accept"})
        check(r.status == 403, "SME cannot decide via the API")

        # ---- operator decisions, mailed in the SME's language ----
        en, org_en, _ = sme(srv, "en@example.jp", lang="en", name="Acme Builders")
        r = apply(en, org_en, pid)
        check(r.status == 303, r)
        eid = app_id(srv, pid, org_en)
        r = op.get(f"/operator/programs/{pid}/applications")
        check(r.status == 200 and "Acme Builders" in r.text and "12月は繁忙期です" in r.text, "list")
        r = op.get(f"/operator/programs/{pid}/applications?status=submitted&pref=13&elig=yes")
        check("Acme Builders" in r.text, "filters")
        r = op.get(f"/operator/programs/{pid}/applications?pref=1")
        check("Acme Builders" not in r.text, "prefecture filter")
        r = op.post_form(f"/operator/programs/{pid}/applications/{aid}/decision", {"decision": "accept"})
        check(r.status == 303, r)
        m = wait_for_mail(srv, "a@example.jp", "採択されました")
        check( "2026年度 指導事業" in body(m), "accept mail ja")
        check(sql(srv, f"SELECT accepted FROM programs WHERE id = {pid}") == [["1"]], "accepted counted")
        r = op.post_form(f"/operator/programs/{pid}/applications/{eid}/decision",
                         {"decision": "reject", "reason": "  "})
        check(r.status == 422 and "理由を書いてください" in r.text, "reject needs a reason")
        r = op.post_form(f"/operator/programs/{pid}/applications/{eid}/decision", {"decision": "waitlist"})
        check(r.status == 303, r)
        m = wait_for_mail(srv, "en@example.jp", "waiting list")
        check( "On the waiting list" in body(m), "waitlist mail en")
        r = en.get(f"/w/{org_en}/program")
        check("number 1 on the waiting list" in r.text, "wait-list position shown")
        # c2 accepted: the program (capacity 2) is now full; accepting the wait-listed one is refused.
        r = op.post_form(f"/operator/programs/{pid}/applications/{cid}/decision", {"decision": "accept"})
        check(r.status == 303, r)
        r = op.post_form(f"/operator/programs/{pid}/applications/{eid}/decision", {"decision": "accept"})
        check(r.status == 409 and "順番待ち" in r.text, f"full: suggests the wait-list: {r.status}")
        r = op_en.post_form(f"/operator/programs/{pid}/applications/{eid}/decision",
                            {"decision": "reject", "reason": "No place left this year."})
        check(r.status == 303, r)
        m = wait_for_mail(srv, "en@example.jp", "not accepted")
        check( "No place left this year." in body(m),
              "reject mail with reason")
        r = en.get(f"/w/{org_en}/program")
        check("No place left this year." in r.text and "Not accepted" in r.text, "SME sees the reason")
        # Decided applications cannot be withdrawn or decided again.
        en.get(f"/w/{org_en}/program")
        r = en.post_form(f"/w/{org_en}/program/applications/{eid}/withdraw", {})
        check(sql(srv, f"SELECT status FROM program_applications WHERE id = {eid}") == [["rejected"]],
              "rejected stays rejected")
        r = op.api("POST", f"/api/v1/applications/{aid}/decision", {"decision": "reject", "reason": "x"})
        check(r.status == 409 and r.json()["error"]["code"] == "already_decided", r)
        actions = sql(srv, "SELECT action FROM audit_log WHERE action LIKE 'program%' ORDER BY id")
        acts = [x[0] for x in actions]
        check(acts.count("program_decision") == 4 and "program_apply" in acts and
              "program_withdraw" in acts and "program_create" in acts, f"audited: {acts}")
        # Capacity cannot drop below accepted.
        f = program_form("2026年度 指導事業", capacity=1, excluded=earlier)
        op.get(f"/operator/programs/{pid}/edit")
        r = op.post_form(f"/operator/programs/{pid}/edit", f)
        check(r.status == 422 and "すでに採択した" in r.text, "capacity below accepted refused")
        # Raising the capacity: a wait-listed application can then be accepted.
        r = op.post_form(f"/operator/programs/{pid}/edit", program_form("2026年度 指導事業", capacity=3,
                                                                        excluded=earlier))
        check(r.status == 303, r)
        w, org_w, _ = sme(srv, "w@example.jp")
        check(apply(w, org_w, pid).status == 303, "applies once a place is free")
        wid = app_id(srv, pid, org_w)
        r = op.api("POST", f"/api/v1/applications/{wid}/decision", {"decision": "waitlist"})
        check(r.status == 200 and r.json()["status"] == "waitlisted", r)
        r = op.api("POST", f"/api/v1/applications/{wid}/decision", {"decision": "accept"})
        check(r.status == 200 and r.json()["status"] == "accepted", f"wait-listed accepted: {r}")
        check(sql(srv, f"SELECT accepted FROM programs WHERE id = {pid}") == [["3"]], "3 of 3")
        # An organization that published a policy after applying shows as no longer eligible.
        add_published_policy(srv, org_w, int(sql(srv, "SELECT id FROM users WHERE email = 'w@example.jp'")[0][0]))
        r = op.get(f"/operator/programs/{pid}/applications?elig=no")
        check("山田建設株式会社" in r.text and "参加条件の一部を満たさなくなりました" in r.text,
              "no longer eligible listed")
        check(r.text.count('class="card"') == 1, "only that one")

        # ---- public pages and FAQ ----
        anon = srv.client()
        r = anon.get("/programs")
        check(r.status == 200 and "2026年度 指導事業" in r.text and "締切済み" not in r.text, "public list")
        r = anon.get(f"/programs/{pid}")
        check(r.status == 200 and "無料" in r.text and "基本方針の策定" in r.text, "public detail")
        check("30000" not in r.text, "expert fee not shown publicly")
        r = anon.get("/programs/faq")
        check(r.status == 200 and "費用はかかりますか" in r.text, "FAQ")
        r = a.get("/programs/faq")
        check(f'href="/w/{org_a}/program"' in r.text, "FAQ links to the SME's own status page")
        check(anon.get("/programs/999999").status == 404, "unknown program")
        # The workspace home links to the program page.
        r = a.get(f"/w/{org_a}")
        check(f'href="/w/{org_a}/program"' in r.text, "workspace card")
        # ---- the JSON API of programs ----
        prog_body = {"year": 2027, "name": "API program", "capacity": 50, "apply_from": jst_today(1),
                "apply_until": jst_today(60), "visits_from": jst_today(10),
                "visits_until": jst_today(200), "visit_count": 2, "fee_per_visit": 25000,
                "require_sme": True, "min_stars": 2, "require_no_policy": False,
                "excluded_program_id": None,
                "curriculum": [{"title_ja": "診断", "title_en": "Diagnosis"},
                               {"title_ja": "まとめ", "title_en": "Wrap-up"}]}
        r = a.api("POST", "/api/v1/programs", prog_body)
        check(r.status == 403, f"an SME cannot create programs: {r}")
        r = op_en.api("POST", "/api/v1/programs", dict(prog_body, capacity=0, visits_until=jst_today(0)))
        check(r.status == 422 and set(r.json()["error"]["fields"]) >= {"capacity", "visits_until"}, r)
        r = op_en.api("POST", "/api/v1/programs", prog_body)
        check(r.status == 201 and r.json()["min_stars"] == 2 and r.json()["phase"] == "upcoming", r)
        api_pid = r.json()["id"]
        check([c["title"] for c in r.json()["curriculum"]] == ["Diagnosis", "Wrap-up"], r.json())
        r = op_en.api("PUT", f"/api/v1/programs/{api_pid}", {"capacity": 60, "name": "API program 2"})
        check(r.status == 200 and r.json()["capacity"] == 60 and r.json()["visit_count"] == 2 and
              r.json()["require_no_policy"] is False, f"PUT keeps the other fields: {r}")
        r = anon.api("GET", "/api/v1/programs")
        check(r.status == 200 and any(p["id"] == api_pid for p in r.json()["programs"]), "public list")
        r = anon.api("GET", f"/api/v1/programs/{api_pid}/applications")
        check(r.status == 401, "applications need a login")
        r = op.api("GET", f"/api/v1/programs/{pid}/applications?status=accepted")
        check(r.status == 200 and len(r.json()["applications"]) == 3, r)
        # A ★★ program refuses a ★ organization with its own code (once it opens).
        sql(srv, f"UPDATE programs SET apply_from = {q(jst_today(0))} WHERE id = {api_pid}")
        r = w.api("POST", f"/api/v1/organizations/{org_w}/applications", {"program_id": api_pid})
        check(r.status == 422 and r.json()["error"]["code"] == "stars_too_low", r)
    print("program: create, validate, apply, refuse with reasons, withdraw, decide, mail: ok")


if __name__ == "__main__":
    main()
