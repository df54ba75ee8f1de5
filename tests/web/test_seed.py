"""test_seed.py - `otasuke seed` writes realistic, valid, deterministic synthetic declarers."""
import json
import os
import re
import subprocess
import sys
from collections import Counter

from dbutil import sql
from harness import BIN, Server, check


def main():
    with Server() as srv:
        r = srv.run_cli("seed", "--organizations", "200", "--random-seed", "42")
        check(r.returncode == 0, r)
        check(re.search(r"seeded 200 organizations", r.stdout), r.stdout)
        check(srv.run_cli("seed").returncode == 2, "usage error without --organizations")
        check(srv.run_cli("seed", "--organizations", "-3").returncode == 2, "bad count refused")

        # (dbutil marks NULL with \x1e, which str.splitlines() also splits on: no NULLs here.)
        orgs = sql(srv, "SELECT id, name, org_type, COALESCE(industry, ''), "
                        "COALESCE(CAST(capital AS TEXT), ''), employees, prefecture, "
                        "sme_eligible, COALESCE(CAST(sme_rule AS TEXT), '') FROM organizations "
                        "ORDER BY id")
        check(len(orgs) == 200, len(orgs))
        names = [o[1] for o in orgs]
        check(all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", n) for n in names), "Japanese names")
        check(sum("株式会社" in n for n in names) > 80, "mostly 株式会社")
        check(len(set(names)) > 180, "names vary")
        prefs = Counter(int(o[6]) for o in orgs)
        check(all(1 <= p <= 47 for p in prefs), "prefecture codes valid")
        check(13 in [p for p, _ in prefs.most_common(3)], f"Tokyo among the largest: {prefs}")
        check(len(prefs) >= 20, "many prefectures")
        check(len(Counter(o[3] for o in orgs)) >= 6, "industry mix")

        # Eligibility is what `otasuke sme-check` decides for the same organization.
        for o in orgs[:25]:
            args = [BIN, "sme-check", "--org-type", o[2], "--employees", o[5], "--json"]
            if o[3]:
                args += ["--industry", o[3]]
            if o[4]:
                args += ["--capital", o[4]]
            j = json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)
            check(j["eligible"] == (o[7] == "1") and (j["rule"] or None) == (int(o[8]) if o[8] else None),
                  f"sme decision of {o}: {j}")

        # ★/★★ about 9:1: one current declaration per organization.
        cur = sql(srv, "SELECT public_id, org_id, level, status, step_up, "
                       "COALESCE(CAST(diagnosis_id AS TEXT), ''), "
                       "COALESCE(CAST(policy_id AS TEXT), '') "
                       "FROM declarations WHERE status <> 'superseded'")
        check(len(cur) == 200 and len({c[1] for c in cur}) == 200, "one current row each")
        check(all(re.fullmatch(r"SA\d{10}", c[0]) for c in cur), "public id format")
        check(len({c[0] for c in cur}) == 200, "public ids unique")
        lv = Counter(c[2] for c in cur)
        check(lv["2"] == 20 and lv["1"] == 180, f"9:1 ratio: {lv}")
        for c in cur:
            if c[2] != "2":
                continue
            d = sql(srv, f"SELECT status, org_id, total FROM diagnoses WHERE id = {c[5]}")
            check(d and d[0][0] == "completed" and d[0][1] == c[1], f"completed diagnosis {c}")
            n = sql(srv, f"SELECT COUNT(*) FROM diagnosis_answers WHERE diagnosis_id = {c[5]}")
            check(n == [["25"]], "25 answers")
            p = sql(srv, f"SELECT status, org_id FROM policies WHERE id = {c[6]}")
            check(p == [["published", c[1]]], f"published policy {c}")
            if c[4] == "1":
                old = sql(srv, f"SELECT level, status FROM declarations WHERE public_id = '{c[0]}' "
                               "AND status = 'superseded'")
                check(old == [["1", "superseded"]], "step-up keeps the ★ row, superseded")
        check(any(c[4] == "1" for c in cur), "some step-ups")
        # Scores agree with the domain scoring of the stored answers.
        d = sql(srv, "SELECT id, total FROM diagnoses ORDER BY id LIMIT 3")
        for did, total in d:
            ans = {a[0]: a[1] for a in sql(srv, "SELECT item, answer FROM diagnosis_answers "
                                                f"WHERE diagnosis_id = {did}")}
            out = subprocess.run([BIN, "diagnose", "--json"], input=json.dumps({"answers": ans}),
                                 capture_output=True, text=True, check=True).stdout
            check(json.loads(out)["total"] == int(total), "stored total matches diagnose")

        # Rows added later by the application get fresh ids (PostgreSQL sequences moved on).
        new = int(sql(srv, "INSERT INTO organizations (name, org_type, employees, prefecture, "
                           "sme_eligible, created_at) VALUES ('後から登録', 'company', 3, 13, 1, "
                           "'2026-11-22T00:00:00Z') RETURNING id")[0][0])
        check(new > max(int(o[0]) for o in orgs), "no id collision after seeding")

        # The seeded declarations are served.
        c = srv.client()
        two = next(x for x in cur if x[2] == "2" and x[3] == "active")
        j = c.get(f"/api/v1/declarations/{two[0]}").json()
        check(j["level"] == 2 and j["policy_url"], j)

        # Deterministic: the same seed gives the same rows in a fresh database.
        if srv.backend == "sqlite":
            other = os.path.join(srv.tmp, "other.db")
            subprocess.run([BIN, "seed", "--organizations", "200", "--random-seed", "42", "--db",
                            other, "--var", srv.tmp], capture_output=True, check=True)
            q = "SELECT name, prefecture, employees FROM organizations WHERE id <= 200 ORDER BY id"
            a = subprocess.run(["sqlite3", other, q], capture_output=True, text=True).stdout
            b = subprocess.run(["sqlite3", os.path.join(srv.tmp, "otasuke.db"), q],
                               capture_output=True, text=True).stdout
            check(a == b and a, "same seed, same data")
            subprocess.run([BIN, "seed", "--organizations", "200", "--random-seed", "43", "--db",
                            other + "2", "--var", srv.tmp], capture_output=True, check=True)
            c2 = subprocess.run(["sqlite3", other + "2", q], capture_output=True, text=True).stdout
            check(c2 != a, "another seed, other data")

        check_program(srv)
    print("ok")


def check_program(srv):
    """`seed` also fills a guidance program: table 2 experts, 400 applications, matches within
    capacity, visits over the period shaped like table 3."""
    before = int(sql(srv, "SELECT MAX(id) FROM organizations")[0][0])
    r = srv.run_cli("seed", "--organizations", "1500", "--random-seed", "7")
    check(r.returncode == 0 and re.search(r"seeded program \d+ .*364 experts \(309 RISS, 55 ITC\), "
                                          r"400 applications", r.stdout), r.stdout)
    pid = int(sql(srv, "SELECT MAX(id) FROM programs")[0][0])
    prog = sql(srv, f"SELECT capacity, visit_count, accepted, visits_from, visits_until FROM programs "
                    f"WHERE id = {pid}")[0]
    check(prog[:2] == ["400", "4"], prog)
    check(sql(srv, f"SELECT COUNT(*) FROM program_curriculum WHERE program_id = {pid}") == [["4"]],
          "IPA curriculum of 4 visits")

    # Experts: table 2 of seed 001 exactly (prefecture, RISS/ITC, 28 not stated).
    data = json.load(open(os.path.join(os.path.dirname(__file__), "..", "..", "data",
                                       "seed_program.json")))
    want = Counter()
    for pref, riss, itc in data["experts"]["by_prefecture"]:
        want[(str(pref) if pref else None, "riss")] += riss
        want[(str(pref) if pref else None, "itc")] += itc
    rows = sql(srv, "SELECT e.prefecture, e.qualification, e.status, e.capacity, e.active, e.id FROM "
                    f"experts e JOIN users u ON u.id = e.user_id WHERE u.email LIKE '%.p{pid}@%'")
    got = Counter((r[0], r[1]) for r in rows)
    check(len(rows) == 364 and +got == +want, f"table 2: {got - want} / {want - got}")
    check(sum(1 for r in rows if r[0] is None) == 28 and got[("13", "riss")] == 71 and
          got[("13", "itc")] == 10 and got[("27", "riss")] == 37, "Tokyo 81, Osaka 40, 28 unknown")
    check(all(r[2] == "approved" for r in rows), "approved")

    # Applications from the organizations just seeded, realistic statuses.
    st = dict(sql(srv, f"SELECT status, COUNT(*) FROM program_applications WHERE program_id = {pid} "
                       "GROUP BY status"))
    check(sum(int(v) for v in st.values()) == 400, st)
    check(int(st.get("completed", 0)) > 350 and st.get("rejected") == "12" and
          st.get("withdrawn") == "6" and st.get("terminated") == "3", st)
    check(int(sql(srv, f"SELECT MIN(org_id) FROM program_applications WHERE program_id = {pid}")[0][0])
          > before, "applicants are organizations of this run")
    accepted = sum(int(st.get(k, 0)) for k in ("accepted", "matched", "completed", "terminated"))
    check(int(prog[2]) == accepted <= 400, f"accepted counter {prog[2]} vs {accepted}")

    # Capacity never exceeded; active = open matches.
    over = sql(srv, "SELECT e.id FROM experts e WHERE e.capacity < (SELECT COUNT(*) FROM matches m "
                    "WHERE m.expert_id = e.id AND m.status <> 'declined') OR e.active <> (SELECT "
                    "COUNT(*) FROM matches m WHERE m.expert_id = e.id AND m.status IN ('chosen', "
                    "'confirmed'))")
    check(over == [], f"experts over capacity or wrong active: {over}")
    one = sql(srv, "SELECT application_id FROM matches GROUP BY application_id HAVING COUNT(*) > 1")
    check(one == [], "one match per application")
    # Regional skew: about half the matches in the three metro areas (table 4: 49%).
    metro = sql(srv, "SELECT COUNT(*) FROM matches m JOIN program_applications a ON a.id = "
                     f"m.application_id JOIN organizations o ON o.id = a.org_id WHERE a.program_id = {pid} "
                     "AND o.prefecture IN (11, 12, 13, 14, 21, 23, 24, 26, 27, 28, 29)")[0][0]
    nm = int(sql(srv, "SELECT COUNT(*) FROM matches m JOIN program_applications a ON a.id = "
                      f"m.application_id WHERE a.program_id = {pid}")[0][0])
    check(0.35 < int(metro) / nm < 0.65, f"metro share {metro}/{nm}")

    # Visits: in order, inside the period, bunched toward the end like table 3.
    v = sql(srv, "SELECT v.match_id, v.visit_no, v.done_on FROM visits v JOIN matches m ON m.id = "
                 "v.match_id JOIN program_applications a ON a.id = m.application_id WHERE "
                 f"a.program_id = {pid} AND v.status = 'done' ORDER BY v.match_id, v.visit_no")
    check(len(v) > 1400, len(v))
    check(all(prog[3] <= x[2] <= prog[4] for x in v), "inside the visit period")
    prev = {}
    for m, no, d in v:
        if no != "1":
            check(prev.get(m, (0, ""))[0] == int(no) - 1 and prev[m][1] <= d, f"visit order {m}")
        prev[m] = (int(no), d)
    days = sorted(x[2] for x in v)
    mid = days[len(days) // 2]
    check(mid > "2025-11-20", f"half the visits after late November (median {mid})")
    dec = sum(1 for d in days if d >= "2025-12-01")
    check(dec > len(days) * 0.4, f"bunching in December: {dec}/{len(days)}")
    term = sql(srv, "SELECT end_reason FROM matches m JOIN program_applications a ON a.id = "
                    f"m.application_id WHERE a.program_id = {pid} AND m.status = 'terminated'")
    check(len(term) == 3 and all(t[0] for t in term), term)

    # Deterministic.
    if srv.backend == "sqlite":
        other = os.path.join(srv.tmp, "prog.db")
        outs = []
        for _ in range(2):
            if os.path.exists(other):
                os.unlink(other)
            subprocess.run([BIN, "seed", "--organizations", "1500", "--random-seed", "7", "--db",
                            other, "--var", srv.tmp], capture_output=True, check=True)
            outs.append(subprocess.run(["sqlite3", other, "SELECT e.prefecture, e.capacity, a.org_id, "
                                        "a.status, m.status, v.done_on FROM matches m JOIN experts e "
                                        "ON e.id = m.expert_id JOIN program_applications a ON a.id = "
                                        "m.application_id JOIN visits v ON v.match_id = m.id ORDER BY "
                                        "v.id"], capture_output=True, text=True).stdout)
        check(outs[0] == outs[1] and outs[0], "the program is a pure function of --random-seed")


if __name__ == "__main__":
    sys.exit(main())
