#!/usr/bin/env python3
"""make_search_paths.py - public search URLs for the benchmark: name prefixes composed like
the seeded names (legal form + root, from data/seed.json), with and without a prefecture.

usage: make_search_paths.py SEED_JSON MODE COUNT   (MODE: prefix-pref | prefix | partial)"""
import json
import random
import sys
import urllib.parse

seed = json.load(open(sys.argv[1], encoding="utf-8"))
mode, count = sys.argv[2], int(sys.argv[3])
rnd = random.Random(1)
forms = [f["name"] for f in seed["legal_forms"] if f["name"] and f.get("suffix_share", 0) < 100]
for _ in range(count):
    root = rnd.choice(seed["roots"])
    if mode == "partial":
        q = {"q": root, "match": "partial"}
    else:
        q = {"q": rnd.choice(forms[:3]) + root, "match": "prefix"}
    if mode in ("prefix-pref", "partial"):
        q["pref"] = str(rnd.randint(1, 47))
    print("/search?" + urllib.parse.urlencode(q))
