"""test_matching_suggest.py - the optimizer on the matching page, on a program whose best
assignment is known: 4 open SMEs (2 in Tokyo, 2 in Hokkaido), a Tokyo expert who also works
online (capacity 2) and a Hokkaido expert on site only (capacity 1). At most 3 can be
matched; the best assignment keeps both Hokkaido SMEs served, so one Tokyo SME is left out.
One Osaka SME is already matched. Metro areas: 1 -> 2, other regions: 0 -> 2; the chart and
the per-expert load are shown; "use as proposals" sends the suggested expert first."""
import re

from dbutil import q, sql
from expert_helpers import (NOW, approve, expert_id, make_application, make_operator,
                            make_program, make_sme, register_expert)
from harness import Server, check


def cells(html, label):
    m = re.search(r"<th scope=\"row\">" + re.escape(label) + r"</th><td>(\d+)</td><td>(\d+)</td>",
                  html)
    check(m, f"row {label}: " + re.search(r"<table>.*?</table>", html, re.S).group(0)[:1500])
    return int(m.group(1)), int(m.group(2))


def main():
    with Server() as srv:
        op = make_operator(srv)
        register_expert(srv, "tokyo@example.jp", expert_name="東京 一郎", areas=[],
                        mode=["onsite", "online"], capacity="2")
        register_expert(srv, "sapporo@example.jp", expert_name="札幌 二郎", prefecture="1",
                        areas=[], mode=["onsite"], capacity="1")
        register_expert(srv, "osaka@example.jp", expert_name="大阪 三郎", prefecture="27",
                        areas=[], mode=["onsite"], capacity="1")
        et, es, eo = (expert_id(srv, f"{n}@example.jp") for n in ("tokyo", "sapporo", "osaka"))
        for e in (et, es, eo):
            approve(srv, e)
        prog = make_program(srv)
        apps = {}
        for name, pref in (("東京A社", 13), ("東京B社", 13), ("札幌C社", 1), ("札幌D社", 1),
                           ("大阪E社", 27)):
            _, org = make_sme(srv, f"{len(apps)}@example.jp", name, pref=pref)
            apps[name] = make_application(srv, prog, org)
        # Osaka E is matched already (confirmed, the Osaka expert is full).
        sql(srv, "INSERT INTO matches (application_id, expert_id, status, chosen_at, confirmed_at)"
                 f" VALUES ({apps['大阪E社']}, {eo}, 'confirmed', {q(NOW)}, {q(NOW)})")
        sql(srv, f"UPDATE experts SET active = 1 WHERE id = {eo}")
        sql(srv, f"UPDATE program_applications SET status = 'matched' WHERE id = {apps['大阪E社']}")

        r = op.get(f"/operator/programs/{prog}/matching/suggest")
        check(r.status == 200, f"suggest: {r}")
        check("4社のうち3社" in r.text, "3 of 4 matched")
        check(cells(r.text, "3大都市圏") == (1, 2), f"metro {cells(r.text, '3大都市圏')}")
        check(cells(r.text, "そのほかの地域") == (0, 2), f"other {cells(r.text, 'そのほかの地域')}")
        check('<figure class="chart"><svg' in r.text, "chart")
        pairs = dict(p.split(":") for p in re.findall(r'name="pair" value="(\d+:\d+)"', r.text))
        check(len(pairs) == 3, f"3 pairs: {pairs}")
        check(pairs.get(str(apps["札幌C社"])) and pairs.get(str(apps["札幌D社"])),
              f"both Hokkaido SMEs served: {pairs}")
        check({pairs[str(apps["札幌C社"])], pairs[str(apps["札幌D社"])]} == {str(et), str(es)},
              "one by the Sapporo expert on site, one by the Tokyo expert online")
        left = re.search(r"専門家を割り当てられない企業</h2>\s*<ul>(.*?)</ul>", r.text, re.S)
        check(left and ("東京A社" in left.group(1)) != ("東京B社" in left.group(1)),
              "one Tokyo SME left out")
        loads = re.search(r"専門家の担当状況</h2>(.*?)</table>", r.text, re.S).group(1)
        check(re.search(r"<td>東京 一郎</td><td>0</td><td>2</td><td>2</td>", loads),
              "Tokyo expert 0 -> 2 of 2")
        check(re.search(r"<td>札幌 二郎</td><td>0</td><td>1</td><td>1</td>", loads),
              "Sapporo expert 0 -> 1 of 1")
        # Nothing was sent by looking.
        check(sql(srv, "SELECT COUNT(*) FROM match_proposals")[0][0] == "0", "no proposals yet")
        n_mail = len(srv.mails())
        r = op.post_form(f"/operator/programs/{prog}/matching/suggest",
                         {"pair": [f"{a}:{e}" for a, e in pairs.items()]})
        check(r.status == 303, f"used: {r}")
        for a, e in pairs.items():
            rows = sql(srv, f"SELECT expert_id FROM match_proposals WHERE application_id = {a} "
                            "AND status = 'sent' ORDER BY rank")
            check(rows and rows[0][0] == e, f"application {a}: suggested expert first: {rows}")
        srv.wait_mail(n_mail + 3)  # each of the three SMEs is told
        # A forged pair of an application not in this program is skipped.
        r = op.post_form(f"/operator/programs/{prog}/matching/suggest",
                         {"pair": [f"{apps['大阪E社']}:{et}", "x:y", "999:1"]})
        check(r.status == 303, r)
        check(sql(srv, f"SELECT COUNT(*) FROM match_proposals WHERE application_id = "
                       f"{apps['大阪E社']}")[0][0] == "0", "matched application untouched")
        r = op.get(f"/operator/programs/{prog}/matching")
        check("あらためて紹介する" in r.text, "sent proposals shown on the matching page")
    print("ok: the suggestion keeps regional SMEs served and becomes proposals")


if __name__ == "__main__":
    main()
