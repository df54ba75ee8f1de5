"""test_survey.py - the questionnaires after the expert guidance: closed before the last
visit, required answers enforced with the answers kept, choices outside the list refused,
one response per match, invitations mailed once, results with the right percentages,
XLSX/CSV exports, and nobody else's match or results reachable."""
import csv
import io
import json
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor

from dbutil import sql
from harness import Server, check
from survey_fixtures import (expert, finish_visits, match, operator, organization, program,
                             response, sme, user_id)

SME_OK = {"industry": "E", "employees": "1-5", "outcome": "much", "expertise": "high",
          "communication": "smooth", "fee": "under_120k", "future_support": "occasional",
          "next_topics": ["management", "education"]}
EXPERT_OK = {"mgmt_motivation": "improved", "staff_motivation": "unknown",
             "continuity": "expected", "future_support": "yes", "security_level": "rose",
             "difficulty": "hard", "difficulty_reasons": ["period"], "tools": "good"}


def count(srv, where):
    return int(sql(srv, f"SELECT COUNT(*) FROM survey_responses WHERE {where}")[0][0])


def main():
    with Server() as srv:
        ops, ops_id = operator(srv)
        prog = program(srv, ops_id)
        a, org_a = sme(srv, "a@example.jp", "あおば工業株式会社")
        b, org_b = sme(srv, "b@example.jp", "Bright Tools Ltd.", lang="en")
        c, org_c = sme(srv, "c@example.jp", "かもめ商店")
        x, ex = expert(srv, "x@example.jp", "佐藤 健")
        y, ey = expert(srv, "y@example.jp", "鈴木 花子")
        ua, ub, uc = (user_id(srv, e) for e in ("a@example.jp", "b@example.jp", "c@example.jp"))
        m_a = match(srv, prog, org_a, ex, ua, done=2)
        m_b = match(srv, prog, org_b, ex, ub, status="completed", done=4)
        m_c = match(srv, prog, org_c, ey, uc, done=1)
        # Two more finished companies without accounts, answered on paper (typed in by the
        # secretariat), and one finished company that never answers.
        org_d, org_e, org_f = (organization(srv, n) for n in ("D工業", "E建設", "F商事"))
        m_d = match(srv, prog, org_d, ey, ops_id, status="completed", done=4)
        m_e = match(srv, prog, org_e, ey, ops_id, status="completed", done=4)
        m_f = match(srv, prog, org_f, ey, ops_id, status="completed", done=4)
        response(srv, m_d, prog, "sme", json.dumps(dict(SME_OK, next_topics=["management"])), ops_id)
        response(srv, m_e, prog, "sme", json.dumps(dict(SME_OK, fee="180k_plus",
                                                        next_topics=["technical"])), ops_id)

        # --- before the last visit: a friendly waiting state, no form, POST stores nothing
        r = a.get(f"/w/{org_a}/program/survey")
        check(r.status == 200, r)
        check("最後の訪問指導が終わってから" in r.text and "4回中2回" in r.text, "waiting state")
        check("12万円未満" not in r.text and 'name="fee"' not in r.text, "no form yet")
        r = a.post_form(f"/w/{org_a}/program/survey", SME_OK)
        check(r.status == 303, r)
        check(count(srv, f"match_id = {m_a}") == 0, "nothing stored before the last visit")
        r = a.api("POST", f"/api/v1/organizations/{org_a}/survey", {"answers": SME_OK})
        check(r.status == 409 and r.json()["error"]["code"] == "not_available", r)
        # An organization without any guidance
        nomatch, org_n = sme(srv, "n@example.jp", "ななみ食堂")
        r = nomatch.get(f"/w/{org_n}/program/survey")
        check(r.status == 200 and "まだ専門家による指導は始まっていません" in r.text, r)

        # --- the expert's questionnaire for m_a opens only after the last visit too
        r = x.get(f"/expert/matches/{m_a}/survey")
        check(r.status == 200 and "最後の訪問指導が終わってから" in r.text, r)

        # --- invitations: every finished match not invited or answered, once; a member whose
        # account was disabled is not mailed.
        gone = srv.client()
        gone.signup("gone@example.jp")
        sql(srv, "INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES "
                 f"({user_id(srv, 'gone@example.jp')}, {org_a}, 'member', '2026-11-01T00:00:00Z')")
        sql(srv, "UPDATE users SET disabled = 1 WHERE email = 'gone@example.jp'")
        finish_visits(srv, m_a)
        r = ops.get(f"/operator/programs/{prog}/surveys")
        r = ops.post_form(f"/operator/programs/{prog}/surveys/invite", {})
        check(r.status == 303, r)
        mails = srv.wait_mail(7)
        # SME: A and B (D, E answered already, F has no members, C is not finished);
        # expert: A, B -> x; D, E, F -> y.
        by_to = {}
        for m in mails:
            by_to.setdefault(m["To"], []).append(m)
        check(len(mails) == 7, f"7 invitations: {[(m['To'], m['Subject']) for m in mails]}")
        check(len(by_to.get("a@example.jp", [])) == 1 and len(by_to.get("b@example.jp", [])) == 1,
              "each finished SME's member invited once")
        check("c@example.jp" not in by_to, "an unfinished guidance is not invited")
        check("gone@example.jp" not in by_to, "a disabled member is not invited")
        check(len(by_to["x@example.jp"]) == 2 and len(by_to["y@example.jp"]) == 3, "experts invited per company")
        ma = by_to["a@example.jp"][0]
        check(ma["Subject"] == "アンケートへのご回答のお願い", ma["Subject"])
        check(f"/w/{org_a}/program/survey" in ma.get_content(), "the mail links the SME's survey")
        mb = by_to["b@example.jp"][0]
        check(mb["Subject"] == "Please answer the questionnaire", "B's member reads English")
        check(any(f"/expert/matches/{m_a}/survey" in m.get_content() for m in by_to["x@example.jp"]),
              "the expert's mail links its match's questionnaire")
        r = ops.post_form(f"/operator/programs/{prog}/surveys/invite", {}, follow=True)
        check("新たに案内を送る相手はいませんでした" in r.text, "second run invites nobody")
        check(len(srv.mails()) == 7, "no mail twice")

        # --- the form: required questions enforced, answers kept
        r = a.get(f"/w/{org_a}/program/survey")
        check(r.status == 200 and "12万円以上18万円未満" in r.text and "5人以下" in r.text, "SME form")
        partial = {k: v for k, v in SME_OK.items() if k not in ("fee", "next_topics")}
        partial["comments"] = "ハンドブックが役に立ちました <b>"
        r = a.post_form(f"/w/{org_a}/program/survey", partial)
        check(r.status == 422, r)
        check(r.text.count("＊この質問にお答えください。") == 2, "both missing answers flagged")
        check("ハンドブックが役に立ちました &lt;b&gt;</textarea>" in r.text, "comment kept, escaped")
        check(re.search(r'name="outcome" value="much" checked', r.text), "chosen answer kept")
        check(re.search(r'name="fee" value="under_120k"[^>]*aria-invalid="true"[^>]* autofocus', r.text),
              "first missing question focused")
        check(count(srv, f"match_id = {m_a}") == 0, "nothing stored")
        # a choice not in the list
        r = a.post_form(f"/w/{org_a}/program/survey", dict(SME_OK, fee="free"))
        check(r.status == 422 and "＊表示されている選択肢からお選びください。" in r.text, r)
        r = a.post_form(f"/w/{org_a}/program/survey",
                        dict(SME_OK, next_topics=["management", "bribes"]))
        check(r.status == 422 and "＊表示されている選択肢からお選びください。" in r.text, r)
        check(count(srv, f"match_id = {m_a}") == 0, "nothing stored")
        # valid: stored once, thank-you afterwards
        r = a.post_form(f"/w/{org_a}/program/survey",
                        dict(SME_OK, comments="  ハンドブックを社員に配りました。  "))
        check(r.status == 303, r)
        r = a.get(r.header("Location"))
        check("ご回答いただき、ありがとうございました" in r.text and 'name="fee"' not in r.text, "thanks")
        stored = json.loads(sql(srv, f"SELECT answers FROM survey_responses WHERE match_id = {m_a} "
                                     "AND kind = 'sme'")[0][0])
        check(stored["fee"] == "under_120k" and stored["next_topics"] == ["management", "education"]
              and stored["comments"] == "ハンドブックを社員に配りました。", stored)
        r = a.post_form(f"/w/{org_a}/program/survey", dict(SME_OK, fee="180k_plus"))
        check(r.status == 303 and count(srv, f"match_id = {m_a} AND kind = 'sme'") == 1, "one response")
        r = a.api("POST", f"/api/v1/organizations/{org_a}/survey", {"answers": SME_OK})
        check(r.status == 409 and r.json()["error"]["code"] == "already_answered", r)

        # --- the API: definition, validation, answering (B reads English)
        r = b.api("GET", "/api/v1/surveys/sme")
        check(r.status == 200, r)
        fee = [qq for qq in r.json()["questions"] if qq["key"] == "fee"][0]
        check([o["label"] for o in fee["options"]][0] == "Under 120,000 yen", fee)
        check(b.api("GET", "/api/v1/surveys/nope").status == 404, "unknown questionnaire")
        r = b.api("POST", f"/api/v1/organizations/{org_b}/survey",
                  {"answers": dict(SME_OK, fee=None, outcome="perfect")})
        check(r.status == 422, r)
        fields = r.json()["error"]["fields"]
        check(fields.get("outcome") == "Please choose one of the listed answers." and "fee" in fields, fields)
        r = b.api("POST", f"/api/v1/organizations/{org_b}/survey",
                  {"answers": dict(SME_OK, fee="120k_180k", next_topics=["management"])})
        check(r.status == 201 and r.json()["answers"]["fee"] == "120k_180k", r)
        r = b.api("POST", f"/api/v1/organizations/{org_b}/survey", {"answers": SME_OK})
        check(r.status == 409, r)

        # --- another SME cannot see or answer A's questionnaire
        r = c.get(f"/w/{org_a}/program/survey")
        check(r.status == 404, r)
        r = c.post_form(f"/w/{org_a}/program/survey", SME_OK)
        check(r.status == 404, r)
        check(c.api("POST", f"/api/v1/organizations/{org_a}/survey", {"answers": SME_OK}).status == 404,
              "API refuses another SME")
        # the expert of the match works in A's workspace as an advisor, but cannot answer for A
        sql(srv, f"INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES "
                 f"({user_id(srv, 'x@example.jp')}, {org_c}, 'advisor', '2026-11-01T00:00:00Z')")
        check(x.get(f"/w/{org_c}/program/survey").status in (403, 404), "an advisor is no SME")

        # --- experts: only their own matches
        r = x.get(f"/expert/matches/{m_a}/survey")
        check(r.status == 200 and "あおば工業株式会社" in r.text and "向上しなかった" in r.text, r)
        check(y.get(f"/expert/matches/{m_a}/survey").status == 404, "another expert gets 404")
        check(y.post_form(f"/expert/matches/{m_a}/survey", EXPERT_OK).status == 404, "POST too")
        check(y.api("POST", f"/api/v1/matches/{m_a}/survey", {"answers": EXPERT_OK}).status == 404,
              "API too")
        check(a.get(f"/expert/matches/{m_a}/survey").status == 403, "an SME is no expert")
        check(x.get(f"/expert/matches/{m_c}/survey").status == 404, "x is not C's expert")
        r = x.post_form(f"/expert/matches/{m_a}/survey", dict(EXPERT_OK, tools=""))
        check(r.status == 422 and "＊この質問にお答えください。" in r.text, r)
        check('value="period" checked' in r.text, "checked reasons kept")
        r = x.post_form(f"/expert/matches/{m_a}/survey",
                        dict(EXPERT_OK, comments="従業員の意欲を高めるのが難しかった"))
        check(r.status == 303, r)
        check(count(srv, f"match_id = {m_a} AND kind = 'expert'") == 1, "expert answer stored")
        r = x.api("POST", f"/api/v1/matches/{m_b}/survey",
                  {"answers": dict(EXPERT_OK, mgmt_motivation="not_improved")})
        check(r.status == 201, r)
        check(x.api("POST", f"/api/v1/matches/{m_b}/survey", {"answers": EXPERT_OK}).status == 409,
              "one expert response per company")

        # --- results: SME responses A (under_120k), B (120k_180k), D (under_120k), E (180k_plus)
        # invited: A, B, F (invitations) + D, E (answered) = 5 -> 4/5 = 80.0%
        r = ops.get(f"/operator/programs/{prog}/surveys")
        check(r.status == 200, r)
        sec = r.text.split('id="survey-sme"')[1].split('id="survey-expert"')[0]
        check("回答数 4/5件（回収率80.0%）" in sec, "SME response rate")

        def row(html, qkey_text, opt):
            part = html.split(qkey_text, 1)[1]
            m = re.search(r'data-option="%s"><th scope="row">[^<]*</th><td>(\d+)</td><td>([\d.]+)%%'
                          % re.escape(opt), part)
            return (int(m.group(1)), m.group(2))
        fee_q = "今回の訪問指導4回の成果に対する対価"
        check(row(sec, fee_q, "under_120k") == (2, "50.0"), row(sec, fee_q, "under_120k"))
        check(row(sec, fee_q, "120k_180k") == (1, "25.0"), "fee 25%")
        check(row(sec, fee_q, "180k_plus") == (1, "25.0"), "fee 25%")
        topics_q = "これから取り組みたいこと"
        check(row(sec, topics_q, "management") == (3, "75.0"), "multiple choice share")
        check(row(sec, topics_q, "technical") == (1, "25.0"), "multiple choice share")
        check("ハンドブックを社員に配りました。" in sec, "free text listed")
        check(sec.count("<svg") >= 8 and 'role="img"' in sec, "a chart per choice question")
        esec = r.text.split('id="survey-expert"')[1]
        check("回答数 2/5件（回収率40.0%）" in esec, "expert response rate (5 invited)")
        mot_q = "経営層の情報セキュリティへの意欲"
        check(row(esec, mot_q, "improved") == (1, "50.0") and row(esec, mot_q, "not_improved") == (1, "50.0"),
              "expert answers counted")
        check("従業員の意欲を高めるのが難しかった" in esec, "expert comment listed")
        r = ops.api("GET", f"/api/v1/programs/{prog}/surveys/results")
        check(r.status == 200, r)
        res = r.json()["sme"]
        check(res["responses"] == 4 and res["invited"] == 5 and res["rate"] == 80.0, res)
        feeo = {o["key"]: (o["count"], o["pct"]) for qq in res["questions"] if qq["key"] == "fee"
                for o in qq["options"]}
        check(feeo == {"under_120k": (2, 50.0), "120k_180k": (1, 25.0), "180k_plus": (1, 25.0)}, feeo)

        # --- exports
        r = ops.get(f"/operator/programs/{prog}/surveys.xlsx")
        check(r.status == 200 and "spreadsheetml" in r.header("Content-Type"), r)
        z = zipfile.ZipFile(io.BytesIO(r.body))
        wb = z.read("xl/workbook.xml").decode()
        check("指導先企業アンケート" in wb and "専門家アンケート" in wb, "one sheet per questionnaire")
        shared = z.read("xl/sharedStrings.xml").decode()
        check("ハンドブックを社員に配りました。" in shared and "12万円未満" in shared
              and "あおば工業株式会社" in shared, "answers in the workbook")
        r = ops.get(f"/operator/programs/{prog}/surveys/sme.csv")
        check(r.status == 200 and r.header("Content-Type").startswith("text/csv"), r)
        rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"))))
        check(len(rows) == 5, f"header + 4 responses: {len(rows)}")
        check(any("今回の訪問指導4回" in h for h in rows[0]), rows[0])
        check(any("あおば工業株式会社" in rr and "12万円未満" in rr for rr in rows[1:]), rows[1:])
        r = ops.get(f"/operator/programs/{prog}/surveys/expert.csv")
        rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"))))
        check(len(rows) == 3, "header + 2 expert responses")
        check(ops.get("/operator/programs/999999/surveys").status == 404, "unknown program")

        # --- non-operators cannot see results
        for cl in (a, x):
            check(cl.get(f"/operator/programs/{prog}/surveys").status == 403, "results are the secretariat's")
            check(cl.get(f"/operator/programs/{prog}/surveys.xlsx").status == 403, "export too")
            check(cl.api("GET", f"/api/v1/programs/{prog}/surveys/results").status == 403, "API too")
        check(a.post_form(f"/operator/programs/{prog}/surveys/invite", {}).status == 403, "invite")
        anon = srv.client()
        r = anon.get(f"/operator/programs/{prog}/surveys")
        check(r.status == 303 and "/login" in r.header("Location"), r)

        # --- parallel submissions for one match: exactly one is stored
        def submit(_):
            cl = srv.client()
            cl.cookies = dict(y.cookies)
            return cl.api("POST", f"/api/v1/matches/{m_f}/survey", {"answers": EXPERT_OK}).status
        with ThreadPoolExecutor(6) as pool:
            statuses = sorted(pool.map(submit, range(6)))
        check(statuses == [201] + [409] * 5, statuses)
        check(count(srv, f"match_id = {m_f} AND kind = 'expert'") == 1, "one response stored")
    print("survey: closed before the last visit, validated, one response, invited once, "
          "results and exports right, others kept out")


if __name__ == "__main__":
    main()
