#!/usr/bin/env bash
# match.sh - matching benchmark: one guidance program with N accepted SMEs (prefecture and
# industry mix of data/seed.json) and the 364 experts of 表2 of seed 001 (28 without a
# prefecture) in SQLite, made by bench/match_gen.py. Times `otasuke match` end to end with
# hyperfine and the optimizer alone (elapsed_ms of --json, median), the min-cost flow side by
# side with the first-come greedy peer (--algorithm greedy) in the same run, and compares
# their proposals: matched, regional SMEs served, same-prefecture pairs, max load, score.
# Two registries: "plenty" (capacity 1-3 per expert, about 730 places) and "short" (1 each,
# 364 places for N SMEs). Prints a Markdown summary (docs/benchmarks.md "## Matching").
#
# usage: bench/match.sh [SMES]   (default 400)
# env:   OTASUKE_BIN (build/otasuke; use a Release build), RUNS (20), KEEP=1 keeps the temp dir
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=${1:-400}
BIN=${OTASUKE_BIN:-$ROOT/build/otasuke}
RUNS=${RUNS:-20}
[ -x "$BIN" ] || { echo "build first: $BIN missing" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "needs hyperfine" >&2; exit 1; }

TMP=$(mktemp -d /tmp/otasuke-match-bench.XXXXXX)
cleanup() { [ "${KEEP:-}" = 1 ] || rm -rf "$TMP"; }
trap cleanup EXIT

echo "## Matching ($N SMEs x 364 experts, $(nproc) cores, $(date -u +%Y-%m-%d))"
echo
for scenario in plenty:1-3 short:1-1; do
  name=${scenario%%:*} cap=${scenario#*:}
  DB=$TMP/$name.db
  "$BIN" migrate --db "$DB" --var "$TMP" >/dev/null 2>&1
  PROG=$(python3 bench/match_gen.py "$DB" --smes "$N" --capacity "$cap")
  CMD="$BIN match --program $PROG --json --db $DB --var $TMP"
  hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$TMP/$name.hf.json" \
    -n flow "$CMD" -n greedy "$CMD --algorithm greedy" >"$TMP/$name.hf.txt" 2>&1
  for alg in flow greedy; do
    for i in 1 2 3 4 5; do
      $CMD --algorithm $alg >"$TMP/$name.$alg.$i.json" 2>/dev/null
    done
  done
  python3 - "$TMP" "$name" "$cap" <<'PY'
import json, statistics, sys
tmp, name, cap = sys.argv[1:4]
hf = {r["command"]: r for r in json.load(open(f"{tmp}/{name}.hf.json"))["results"]}
rows = {}
for alg in ("flow", "greedy"):
    runs = [json.load(open(f"{tmp}/{name}.{alg}.{i}.json")) for i in range(1, 6)]
    j = runs[0]
    assert all(r["assignments"] == j["assignments"] for r in runs), "deterministic"
    loads = [p["load_after"] for p in j["per_expert"]]
    rows[alg] = {
        "cli": hf[alg]["mean"] * 1000, "cli_sd": hf[alg]["stddev"] * 1000,
        "opt": statistics.median(r["elapsed_ms"] for r in runs),
        "cpu": statistics.median(r["cpu_ms"] for r in runs),
        "matched": j["matched"], "smes": j["smes"],
        "metro": j["regions"]["after"]["metro"], "other": j["regions"]["after"]["other"],
        "same": sum("same_prefecture" in a["why"] for a in j["assignments"]),
        "online": sum("online" in a["why"] for a in j["assignments"]),
        "maxload": max(loads), "used": sum(1 for l in loads if l > 0),
        "score": j["total_score"],
    }
places = sum(p["capacity"] for p in json.load(open(f"{tmp}/{name}.flow.1.json"))["per_expert"])
print(f"### {name}: capacity {cap} per expert ({places} places)")
print()
print("| | otasuke match (CLI, mean ± sd) | optimizer alone, wall / CPU (median) | matched | regional served | metro served | same prefecture | online only | max load | experts used | total score |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for alg, r in rows.items():
    print(f"| {alg} | {r['cli']:.1f} ± {r['cli_sd']:.1f} ms | {r['opt']:.1f} / {r['cpu']:.1f} ms | {r['matched']}/{r['smes']} | "
          f"{r['other']} | {r['metro']} | {r['same']} | {r['online']} | {r['maxload']} | {r['used']} | {r['score']} |")
f, g = rows["flow"], rows["greedy"]
print()
print(f"flow / greedy time: CLI {f['cli'] / g['cli']:.2f}x, optimizer alone {f['cpu'] / g['cpu']:.1f}x (CPU); "
      f"quality (flow - greedy): matched {f['matched'] - g['matched']:+d}, regional served "
      f"{f['other'] - g['other']:+d}, same-prefecture pairs {f['same'] - g['same']:+d}, "
      f"max load {f['maxload'] - g['maxload']:+d}, score {f['score'] - g['score']:+d}")
print()
PY
done
echo "Commands: \`cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release && cmake --build build-rel -j2 && OTASUKE_BIN=build-rel/otasuke bench/match.sh\`"
