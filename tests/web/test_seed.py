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
    print("ok")


if __name__ == "__main__":
    sys.exit(main())
