#!/usr/bin/env python3
"""match_gen.py - fills a migrated SQLite database with one guidance program for the matching
benchmark (bench/match.sh): N accepted applications from organizations with the prefecture
and industry mix of data/seed.json (the same mix as `otasuke seed`), and the 364 experts of
表2 of seed 001 by prefecture (bench/match_experts_2019.csv, 28 with no prefecture stated).

Experts: capacity 1-3 (--capacity LO-HI, e.g. 1-1 for a registry with fewer places than
SMEs); with a stated prefecture they work on site and cover each neighbouring
prefecture with probability 1/2, and 35% also work online; those without one work online only.
Industries: 1-3 JSIC divisions. Deterministic for a given --seed. Prints the program id.

usage: match_gen.py DB [--smes 400] [--seed 1] [--capacity 1-3]
"""
import argparse
import csv
import json
import os
import random
import sqlite3

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
NOW = "2026-11-01T00:00:00Z"


def data_rows(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--smes", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--capacity", default="1-3")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    cap_lo, cap_hi = (int(x) for x in a.capacity.split("-"))
    seed = json.load(open(os.path.join(ROOT, "data", "seed.json"), encoding="utf-8"))
    pref_w = seed["prefecture_weights"]
    inds = [(i["key"], i["weight"]) for i in seed["industries"]]
    jsic = {i["key"]: i["jsic"] for i in json.load(open(os.path.join(ROOT, "data", "industries.json"),
                                                        encoding="utf-8"))["industries"]}
    nb = {}
    for r in data_rows(os.path.join(ROOT, "data", "prefecture_neighbours.csv")):
        x, y = int(r["a"]), int(r["b"])
        nb.setdefault(x, []).append(y)
        nb.setdefault(y, []).append(x)
    experts = data_rows(os.path.join(ROOT, "bench", "match_experts_2019.csv"))

    db = sqlite3.connect(a.db)
    cur = db.cursor()

    def user(email, role):
        cur.execute("INSERT INTO users (email, password_hash, name, role, created_at) "
                    "VALUES (?, 'x', ?, ?, ?)", (email, email, role, NOW))
        return cur.lastrowid

    op = user("bench-operator@example.jp", "operator")
    sme = user("bench-sme@example.jp", "sme")
    cur.execute("INSERT INTO programs (year, name, capacity, apply_from, apply_until, visits_from, "
                "visits_until, visit_count, created_by, created_at) VALUES (2026, 'bench', ?, "
                "'2026-08-01', '2026-11-20', '2026-09-01', '2027-01-31', 4, ?, ?)",
                (max(a.smes, 1), op, NOW))
    prog = cur.lastrowid
    for i in range(a.smes):
        pref = rnd.choices(range(1, 48), weights=pref_w)[0]
        ind = rnd.choices([k for k, _ in inds], weights=[w for _, w in inds])[0]
        cur.execute("INSERT INTO organizations (name, org_type, industry, capital, employees, "
                    "prefecture, sme_eligible, sme_rule, created_at) VALUES "
                    "(?, 'company', ?, 10000000, 10, ?, 1, 1, ?)", (f"bench org {i}", ind, pref, NOW))
        cur.execute("INSERT INTO program_applications (program_id, org_id, applied_by, status, "
                    "created_at, decided_at) VALUES (?, ?, ?, 'accepted', ?, ?)",
                    (prog, cur.lastrowid, sme, NOW, NOW))
    letters = sorted({j for v in jsic.values() for j in v})
    n = 0
    for r in experts:
        code = int(r["code"])
        quals = ["riss"] * int(r["riss"]) + ["itc"] * int(r["itc"])
        for q in quals:
            n += 1
            uid = user(f"bench-expert{n}@example.jp", "advisor")
            onsite = 1 if code else 0
            online = 1 if (not code or rnd.random() < 0.35) else 0
            ind = ",".join(sorted(rnd.sample(letters, rnd.randint(1, 3))))
            cur.execute("INSERT INTO experts (user_id, name, qualification, prefecture, onsite, "
                        "online, industries, capacity, active, status, created_at) VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?, 0, 'approved', ?)",
                        (uid, f"expert {n}", q, code or None, onsite, online, ind,
                         rnd.randint(cap_lo, cap_hi), NOW))
            eid = cur.lastrowid
            for p in nb.get(code, []):
                if onsite and rnd.random() < 0.5:
                    cur.execute("INSERT INTO expert_areas (expert_id, prefecture) VALUES (?, ?)",
                                (eid, p))
    db.commit()
    print(prog)


if __name__ == "__main__":
    main()
