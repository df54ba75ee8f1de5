"""test_match_cli.py - `otasuke match --program ID`: the optimizer's proposal for a small
program whose optimum is known, against the real schema (SQLite and PostgreSQL)."""
import json

from dbutil import insert, q, sql
from harness import Server, check

NOW = "2026-11-01T00:00:00Z"


def user(srv, email, role):
    return insert(srv, "INSERT INTO users (email, password_hash, name, role, created_at) VALUES "
                       f"({q(email)}, 'x', {q(email)}, {q(role)}, {q(NOW)}) RETURNING id")


def org(srv, name, pref, industry):
    return insert(srv, "INSERT INTO organizations (name, org_type, industry, capital, employees, "
                       "prefecture, sme_eligible, sme_rule, created_at) VALUES "
                       f"({q(name)}, 'company', {q(industry)}, 10000000, 10, {pref}, 1, 1, "
                       f"{q(NOW)}) RETURNING id")


def application(srv, program, org_id, by, status):
    return insert(srv, "INSERT INTO program_applications (program_id, org_id, applied_by, status, "
                       f"created_at) VALUES ({program}, {org_id}, {by}, {q(status)}, {q(NOW)}) "
                       "RETURNING id")


def expert(srv, uid, name, pref, onsite, online, industries, capacity, active, status="approved",
           areas=()):
    eid = insert(srv, "INSERT INTO experts (user_id, name, qualification, prefecture, onsite, "
                      "online, industries, capacity, active, status, created_at) VALUES "
                      f"({uid}, {q(name)}, 'riss', {pref}, {onsite}, {online}, {q(industries)}, "
                      f"{capacity}, {active}, {q(status)}, {q(NOW)}) RETURNING id")
    for a in areas:
        sql(srv, f"INSERT INTO expert_areas (expert_id, prefecture) VALUES ({eid}, {a})")
    return eid


def run_json(srv, *args):
    r = srv.run_cli("match", *args, "--json")
    check(r.returncode == 0, f"match failed: {r.stderr}")
    return json.loads(r.stdout)


def main():
    with Server() as srv:
        op = user(srv, "op@example.jp", "operator")
        sme = user(srv, "sme@example.jp", "sme")
        prog = insert(srv, "INSERT INTO programs (year, name, capacity, apply_from, apply_until, "
                           "visits_from, visits_until, visit_count, created_by, created_at) VALUES "
                           "(2026, '指導業務', 10, '2026-08-01', '2026-11-20', '2026-09-01', "
                           f"'2027-01-31', 4, {op}, {q(NOW)}) RETURNING id")

        # Experts: E1 Tokyo on site only with one place left, makes manufacturing (JSIC E);
        # E2 Shimane on site (also Tottori) and online, three places, retail (JSIC I);
        # E3 pending (ignored); E4 Osaka, full.
        e1 = expert(srv, user(srv, "e1@example.jp", "advisor"), "専門家一", 13, 1, 0, "E", 2, 1)
        e2 = expert(srv, user(srv, "e2@example.jp", "advisor"), "専門家二", 32, 1, 1, "I", 3, 0,
                    areas=(31,))
        expert(srv, user(srv, "e3@example.jp", "advisor"), "専門家三", 13, 1, 1, "", 5, 0,
               status="pending")
        e4 = expert(srv, user(srv, "e4@example.jp", "advisor"), "専門家四", 27, 0, 1, "", 1, 1)

        # Applications in id order: three metro SMEs first, then two regional ones.
        a1 = application(srv, prog, org(srv, "東京製作所", 13, "manufacturing"), sme, "accepted")
        a2 = application(srv, prog, org(srv, "東京建設", 13, "construction"), sme, "accepted")
        a5 = application(srv, prog, org(srv, "横浜商店", 14, "retail"), sme, "accepted")
        a3 = application(srv, prog, org(srv, "鳥取工業", 31, "construction"), sme, "accepted")
        a4 = application(srv, prog, org(srv, "那覇運輸", 47, "transport"), sme, "accepted")
        application(srv, prog, org(srv, "札幌未決", 1, "services"), sme, "submitted")
        a6 = application(srv, prog, org(srv, "大阪既決", 27, "services"), sme, "matched")
        sql(srv, "INSERT INTO matches (application_id, expert_id, status, chosen_at) VALUES "
                 f"({a6}, {e4}, 'confirmed', {q(NOW)})")

        j = run_json(srv, "--program", str(prog))
        check(j["program"] == prog and j["algorithm"] == "flow", j)
        check(j["smes"] == 5, f"accepted without a match only: {j['smes']}")
        check(j["experts"] == 3, f"approved experts only: {j['experts']}")
        # Four places for five SMEs: both regional SMEs are kept; E1 takes the Tokyo maker
        # (same prefecture, industry), E2 the Yokohama retailer (industry) over 東京建設.
        got = {a["application_id"]: a["expert_id"] for a in j["assignments"]}
        check(j["matched"] == 4, j)
        check(got == {a1: e1, a5: e2, a3: e2, a4: e2}, f"assignment {got}")
        check(j["unmatched"] == [a2], j["unmatched"])
        why = {a["application_id"]: a["why"] for a in j["assignments"]}
        check(why[a1][:1] == ["same_prefecture"] and "industry" in why[a1], why[a1])
        check(why[a3][:1] == ["covers_prefecture"] and "online" not in why[a3], why[a3])
        check("online" in why[a4] and "industry" in why[a5], why)
        by_app = {a["application_id"]: a for a in j["assignments"]}
        check(by_app[a4]["prefecture"] == 47 and by_app[a4]["expert_prefecture"] == 32, by_app[a4])
        check(all(a["score"] > 0 for a in j["assignments"]), "scores")

        before, after = j["regions"]["before"], j["regions"]["after"]
        check(before["metro"] == 1 and before["other"] == 0, before)  # the Osaka match
        check(after["metro"] == 3 and after["other"] == 2, after)
        check(before["by_region"]["Kinki"] == 1 and after["by_region"]["Kanto"] == 2, j["regions"])
        check(after["by_region"]["Chugoku"] == 1 and after["by_region"]["Kyushu-Okinawa"] == 1,
              after)
        check(len(after["by_region"]) == 8, after["by_region"])
        per = {p["expert_id"]: p for p in j["per_expert"]}
        check(per[e1] == {"expert_id": e1, "capacity": 2, "load_before": 1, "load_after": 2}, per)
        check(per[e2]["load_before"] == 0 and per[e2]["load_after"] == 3, per)
        check(per[e4]["load_after"] == 1, per)
        check(j["elapsed_ms"] >= 0, j)

        # The first-come greedy baseline fills E2 with the metro SMEs and drops Okinawa.
        g = run_json(srv, "--program", str(prog), "--algorithm", "greedy")
        check(g["matched"] == 4 and g["unmatched"] == [a4], g["unmatched"])
        check(g["regions"]["after"]["other"] == 1, g["regions"])

        # Readable summary.
        r = srv.run_cli("match", "--program", str(prog))
        check(r.returncode == 0, r.stderr)
        check("4 matched, 1 unmatched" in r.stdout, r.stdout)
        check("那覇運輸 (Okinawa) -> expert" in r.stdout, r.stdout)
        check("no expert available" in r.stdout, r.stdout)

        # A match chosen by the SME takes the application out of the optimizer's input.
        sql(srv, "INSERT INTO matches (application_id, expert_id, status, chosen_at) VALUES "
                 f"({a2}, {e2}, 'chosen', {q(NOW)})")
        sql(srv, f"UPDATE experts SET active = 1 WHERE id = {e2}")
        j = run_json(srv, "--program", str(prog))
        check(j["smes"] == 4 and j["matched"] == 3, j)
        check(j["regions"]["before"]["metro"] == 2, j["regions"])

        # Errors: unknown program (1), usage (2).
        r = srv.run_cli("match", "--program", "99999", "--json")
        check(r.returncode == 1 and "does not exist" in r.stderr, r)
        check(srv.run_cli("match").returncode == 2, "usage without --program")
        check(srv.run_cli("match", "--program", "x").returncode == 2, "bad id")
        check(srv.run_cli("match", "--program", "1", "--algorithm", "magic").returncode == 2,
              "bad algorithm")
    print("ok")


if __name__ == "__main__":
    main()
