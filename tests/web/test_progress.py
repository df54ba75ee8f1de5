"""test_progress.py - the program progress dashboard: applications by status, the weekly
table of visits done (table 3 of seed 001) with its highlights, overdue visits and matches,
early terminations, the chart, the JSON API with the same numbers, access by role, and the
page language checks. Also holds the fixtures test_stats.py uses."""
import datetime
import re
import sys
import time

from dbutil import q, sql
from harness import Server, check

NOW = "2026-11-01T09:00:00Z"


def today_jst():
    return (datetime.datetime.utcnow() + datetime.timedelta(hours=9)).date()


def user(srv, c, email, role, name="事務局 花子"):
    c.signup(email, name=name)
    sql(srv, f"UPDATE users SET role = {q(role)} WHERE email = {q(email)}")
    c.login(email)
    return int(sql(srv, f"SELECT id FROM users WHERE email = {q(email)}")[0][0])


def ids(srv, statement):
    return [int(r[0]) for r in sql(srv, statement)]


def program(srv, uid, visits_from, visits_until, visit_count=4, capacity=400, name="令和8年度 指導事業"):
    return ids(srv, "INSERT INTO programs (year, name, capacity, accepted, apply_from, apply_until, "
                    "visits_from, visits_until, visit_count, created_by, created_at) VALUES "
                    f"(2026, {q(name)}, {capacity}, 0, '2026-01-01', {q(str(visits_from))}, "
                    f"{q(str(visits_from))}, {q(str(visits_until))}, {visit_count}, {uid}, "
                    f"{q(NOW)}) RETURNING id")[0]


def expert(srv, name, pref, email):
    uid = ids(srv, "INSERT INTO users (email, password_hash, name, role, lang, created_at) VALUES "
                   f"({q(email)}, '!', {q(name)}, 'advisor', 'ja', {q(NOW)}) RETURNING id")[0]
    return ids(srv, "INSERT INTO experts (user_id, name, qualification, prefecture, capacity, "
                    f"status, created_at) VALUES ({uid}, {q(name)}, 'riss', {pref}, 100, "
                    f"'approved', {q(NOW)}) RETURNING id")[0]


def orgs(srv, n, pref, industry="manufacturing", employees=12, name="株式会社テスト"):
    rows = ",".join(f"({q(f'{name}{i}')}, 'company', {q(industry)}, 10000000, {employees}, {pref}, "
                    f"1, 1, {q(NOW)})" for i in range(n))
    return ids(srv, "INSERT INTO organizations (name, org_type, industry, capital, employees, "
                    f"prefecture, sme_eligible, sme_rule, created_at) VALUES {rows} RETURNING id")


def apps(srv, pid, org_ids, status, uid):
    rows = ",".join(f"({pid}, {o}, {uid}, {q(status)}, {q(NOW)})" for o in org_ids)
    return ids(srv, "INSERT INTO program_applications (program_id, org_id, applied_by, status, "
                    f"created_at) VALUES {rows} RETURNING id")


def matches(srv, app_ids, eid, status, confirmed_at, ended_at=None, reason=""):
    rows = ",".join(f"({a}, {eid}, {q(status)}, {q(NOW)}, {q(confirmed_at)}, "
                    f"{q(ended_at) if ended_at else 'NULL'}, {q(reason)})" for a in app_ids)
    return ids(srv, "INSERT INTO matches (application_id, expert_id, status, chosen_at, "
                    f"confirmed_at, ended_at, end_reason) VALUES {rows} RETURNING id")


def visits(srv, rows):
    """rows: (match_id, visit_no, status, planned_at or None, done_on or None)."""
    vals = ",".join(f"({m}, {n}, {q(s)}, {q(p) if p else 'NULL'}, {q(d) if d else 'NULL'})"
                    for m, n, s, p, d in rows)
    sql(srv, f"INSERT INTO visits (match_id, visit_no, status, planned_at, done_on) VALUES {vals}")


def week_label(d):
    end = d + datetime.timedelta(days=(6 - d.weekday()))  # the Sunday ending d's week
    return end, f"{end.year}/{end.month}/{end.day}"


def row_cells(html, label):
    """The cells of the weekly table's row labelled like ～2026/9/22 (Japanese page)."""
    m = re.search(r"<tr><th scope=\"row\">～" + re.escape(label) + r"</th>(.*?)</tr>", html, re.S)
    check(m, f"row {label} missing")
    return re.findall(r'<td class="num ?([^"]*)">(.*?)</td>', m.group(1))


def cell_number(text):
    return int(re.sub(r"<[^>]+>.*?</span>|<[^>]+>|[◆◇ ]", "", text))


def main():
    t = today_jst()
    D = lambda n: str(t + datetime.timedelta(days=n))  # noqa: E731
    with Server() as srv:
        op = srv.client()
        op_uid = user(srv, op, "ops@example.jp", "operator")
        pid = program(srv, op_uid, D(-70), D(14))
        sql(srv, f"UPDATE programs SET accepted = 61 WHERE id = {pid}")
        e1 = expert(srv, "専門 一郎", 13, "e1@example.jp")
        e2 = expert(srv, "専門 二郎", 27, "e2@example.jp")

        # 55 matches with visits 1 and 2 done on known days.
        o55 = orgs(srv, 55, 13)
        a55 = apps(srv, pid, o55, "matched", op_uid)
        m55 = matches(srv, a55, e1, "confirmed", D(-80) + "T00:00:00Z")
        v1 = [D(-63)] * 12 + [D(-56)] * 40 + [D(-49)] * 3
        v2 = [D(-35)] * 50 + [D(-28)] * 5
        visits(srv, [(m, 1, "done", None, v1[i]) for i, m in enumerate(m55)] +
               [(m, 2, "done", None, v2[i]) for i, m in enumerate(m55)])

        # Overdue: no visit 30 days after confirmation; a confirmed visit planned 2 days ago;
        # a match on track (3 done, the 4th planned in 3 days) is not listed.
        late, past, fine, ended = orgs(srv, 4, 27, name="有限会社遅延")
        a_late, a_past, a_fine, a_end = apps(srv, pid, [late, past, fine, ended], "matched", op_uid)
        (m_late,) = matches(srv, [a_late], e2, "confirmed", D(-30) + "T01:00:00Z")
        (m_past,) = matches(srv, [a_past], e2, "confirmed", D(-5) + "T01:00:00Z")
        (m_fine,) = matches(srv, [a_fine], e2, "confirmed", D(-40) + "T01:00:00Z")
        sql(srv, f"UPDATE program_applications SET status = 'terminated' WHERE id = {a_end}")
        (m_end,) = matches(srv, [a_end], e2, "terminated", D(-40) + "T01:00:00Z",
                           D(-10) + "T03:00:00Z", "代表者の入院のため中止")
        visits(srv, [(m_past, 1, "confirmed", D(-2) + "T10:00", None),
                     (m_fine, 1, "done", None, D(-30)), (m_fine, 2, "done", None, D(-20)),
                     (m_fine, 3, "done", None, D(-10)), (m_fine, 4, "confirmed", D(3) + "T10:00", None),
                     (m_end, 1, "done", None, D(-21))])
        for st, n in (("submitted", 2), ("rejected", 1), ("waitlisted", 3), ("withdrawn", 1)):
            apps(srv, pid, orgs(srv, n, 1, name=f"合同会社{st}"), st, op_uid)

        # The API: the same numbers.
        j = op.api("GET", f"/api/v1/programs/{pid}/progress").json()
        check(j["statuses"]["matched"] == 58 and j["statuses"]["terminated"] == 1 and
              j["statuses"]["waitlisted"] == 3 and j["applications"] == 66, j["statuses"])
        check(j["totals"] == [55 + 2, 55 + 1, 1, 0] and j["total"] == 114, j["totals"])
        by_week = {w["week_end"]: w["counts"] for w in j["weeks"]}
        for day, col, n in ((-63, 0, 12), (-56, 0, 40), (-49, 0, 3), (-35, 1, 50), (-28, 1, 5)):
            end, _ = week_label(t + datetime.timedelta(days=day))
            check(by_week[str(end)][col] >= n, f"week {end} visit {col + 1}: {by_week[str(end)]}")
        first_end, _ = week_label(t - datetime.timedelta(days=70))
        last_end, _ = week_label(t + datetime.timedelta(days=14))
        check(j["weeks"][0]["week_end"] == str(first_end) and j["weeks"][-1]["week_end"] == str(last_end),
              "rows span the visit period")
        check(all(datetime.date.fromisoformat(w["week_end"]).weekday() == 6 for w in j["weeks"]),
              "weeks end on Sunday")
        kinds = {(o["kind"], o["match_id"]) for o in j["overdue"]}
        check(("no_visit_yet", m_late) in kinds, kinds)
        check(("visit_past_due", m_past) in kinds, kinds)
        check(("behind_pace", m_late) in kinds, "4 visits a week apart do not fit in 15 days")
        check(not any(m == m_fine for _, m in kinds), f"on-track match not overdue: {kinds}")
        check(not any(m in m55 for _, m in kinds), "2 visits left in 15 days fit the pace")
        check([(x["match_id"], x["reason"], x["done"]) for x in j["terminations"]] ==
              [(m_end, "代表者の入院のため中止", 1)], j["terminations"])

        # The page (Japanese): the weekly table, highlights with marks and a legend.
        r = op.get(f"/operator/programs/{pid}/progress")
        check(r.status == 200, r)
        h = r.text
        _, la = week_label(t - datetime.timedelta(days=63))
        cells = row_cells(h, la)
        check(cells[0][0] == "hl10" and "◇" in cells[0][1] and cell_number(cells[0][1]) == 12, cells)
        _, lb = week_label(t - datetime.timedelta(days=35))
        cells = row_cells(h, lb)
        check(cells[1][0] == "hl50" and "◆" in cells[1][1] and cell_number(cells[1][1]) == 50, cells)
        _, lc = week_label(t - datetime.timedelta(days=49))
        cells = row_cells(h, lc)
        check(cells[0][0] == "" and cell_number(cells[0][1]) == 3, "3 visits: no highlight")
        check("10件以上" in h and "50件以上" in h, "legend explains the marks")
        check(re.search(r"<tfoot>.*?57.*?56.*?114", h, re.S), "totals row")
        check(f'href="/w/{late}"' in h and f'href="/w/{past}"' in h and f'href="/w/{fine}"' not in h,
              "overdue matches linked, on-track one not")
        check("代表者の入院のため中止" in h, "termination reason shown")
        check('<svg' in h and 'id="weeks-chart-title"' in h, "weekly chart")
        check("T10:00" not in h, "times shown without the ISO T")

        # English page.
        en = srv.client(lang="en")
        en.login("ops@example.jp")
        r = en.get(f"/operator/programs/{pid}/progress")
        check(r.status == 200 and "Visits done per week" in r.text and "Ended early" in r.text, r)

        # Page language checks.
        from test_i18n_pages import check_page
        problems = []
        check_page("/operator/programs/:id/progress", "ja", h, problems,
                   data=("有限会社遅延", "専門", "株式会社テスト"))
        check_page("/operator/programs/:id/progress", "en", r.text.replace("有限会社遅延", "X")
                   .replace("株式会社テスト", "X").replace("専門 二郎", "X").replace("専門 一郎", "X")
                   .replace("代表者の入院のため中止", "X").replace("令和8年度 指導事業", "X"), problems)
        check(not problems, "\n".join(problems))

        # The numbers are cached for at most 5 seconds (stats_cache.c): a visit reported now
        # shows within that time.
        visits(srv, [(m55[0], 3, "done", None, D(-1))])
        time.sleep(5.2)
        j2 = op.api("GET", f"/api/v1/programs/{pid}/progress").json()
        check(j2["totals"][2] == 2 and j2["total"] == 115, f"fresh after 5 s: {j2['totals']}")

        # Unknown program: 404; other roles: refused.
        check(op.get("/operator/programs/999999/progress").status == 404, "unknown program")
        check(op.api("GET", "/api/v1/programs/999999/progress").status == 404, "unknown program API")
        sme = srv.client()
        user(srv, sme, "sme@example.jp", "sme", name="山田 太郎")
        adv = srv.client()
        user(srv, adv, "adv@example.jp", "advisor", name="助言 次郎")
        for c in (sme, adv):
            check(c.get(f"/operator/programs/{pid}/progress").status in (403, 404), "page refused")
            check(c.api("GET", f"/api/v1/programs/{pid}/progress").status in (403, 404), "API refused")
        anon = srv.client()
        check(anon.get(f"/operator/programs/{pid}/progress").status in (302, 303, 401, 403), "anon")
        check(anon.api("GET", f"/api/v1/programs/{pid}/progress").status in (401, 403), "anon API")
    print("ok")


if __name__ == "__main__":
    sys.exit(main())
