#!/usr/bin/env bash
# program.sh - guidance program pages benchmark: seed N organizations and the program year
# (`otasuke seed`, SQLite, or PostgreSQL with PG=conninfo), import company counts (the seeded
# organizations per prefecture, labelled as such), log in as an operator and measure with wrk
# (64 connections, loopback) the progress dashboard, the statistics page and their JSON API,
# side by side with nginx serving static files of the same sizes in the same run. Prints a
# Markdown summary (docs/benchmarks.md "## Guidance program pages").
#
# usage: bench/program.sh [ORGANIZATIONS]   (default 400000)
# env:   OTASUKE_BIN (build/otasuke), DURATION (15s), CONNECTIONS (64), THREADS (otasuke
#        workers; default one per core), PG (a conninfo of an existing, empty database: run
#        on PostgreSQL instead of SQLite), KEEP=1 keeps the temp dir
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=${1:-400000}
BIN=${OTASUKE_BIN:-$ROOT/build/otasuke}
DURATION=${DURATION:-15s}
CONN=${CONNECTIONS:-64}
SRV_THREADS=${THREADS:-}
[ -x "$BIN" ] || { echo "build first: $BIN missing" >&2; exit 1; }
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx" >&2; exit 1; }

TMP=$(mktemp -d /tmp/otasuke-bench-prog.XXXXXX)
chmod 755 "$TMP"
OT_PID= NG_PID=
cleanup() {
  [ -n "$OT_PID" ] && kill "$OT_PID" 2>/dev/null || true
  [ -n "$NG_PID" ] && kill "$NG_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  [ "${KEEP:-}" = 1 ] || rm -rf "$TMP"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

if [ -n "${PG:-}" ]; then
  DBARGS=(--pg "$PG"); BACKEND=PostgreSQL
else
  DBARGS=(--db "$TMP/otasuke.db"); BACKEND=SQLite
fi
echo "== seeding $N organizations and the program ($BACKEND) =="
t0=$(date +%s.%N)
"$BIN" seed --organizations "$N" --random-seed 1 "${DBARGS[@]}" --var "$TMP" 2>/dev/null | tee "$TMP/seed.out"
t1=$(date +%s.%N)
SEED_S=$(python3 -c "print(f'{$t1 - $t0:.1f}')")
PROGRAM=$(sed -n 's/^seeded program \([0-9]*\) .*/\1/p' "$TMP/seed.out")
echo 'bench operator pass phrase' > "$TMP/pw"
"$BIN" create-user --email bench-operator@example.invalid --password-file "$TMP/pw" --role operator \
  "${DBARGS[@]}" --var "$TMP" >/dev/null 2>&1
[ -z "${PG:-}" ] && chmod 666 "$TMP"/otasuke.db* 2>/dev/null || true

OT_PORT=$(free_port)
# start_server CACHE_SECONDS: (re)starts otasuke serve with that stats cache lifetime.
start_server() {
  if [ -n "$OT_PID" ]; then kill "$OT_PID"; wait "$OT_PID" 2>/dev/null || true; fi
  OTASUKE_STATS_CACHE_SECONDS=$1 "$BIN" serve --listen "127.0.0.1:$OT_PORT" "${DBARGS[@]}" --var "$TMP" \
    ${SRV_THREADS:+--threads "$SRV_THREADS"} >> "$TMP/serve.log" 2>&1 &
  OT_PID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$OT_PORT/healthz" >/dev/null && break; sleep 0.1; done
}
start_server 5

# Log in; import the seeded organizations per prefecture as the company counts (so the
# statistics page computes table 4), labelled as synthetic; print the session cookie.
PYTHONPATH=tests/web python3 - "$OT_PORT" "$TMP" "${PG:-}" <<'PY' > "$TMP/cookie"
import subprocess, sys
from harness import Client
port, tmp, pg = int(sys.argv[1]), sys.argv[2], sys.argv[3]
q = "SELECT prefecture, COUNT(*) FROM organizations GROUP BY prefecture ORDER BY prefecture"
if pg:
    out = subprocess.run(["psql", pg, "-A", "-F", ",", "-t", "-c", q], capture_output=True, text=True, check=True).stdout
else:
    out = subprocess.run(["sqlite3", "-csv", f"{tmp}/otasuke.db", q], capture_output=True, text=True, check=True).stdout
c = Client(port, lang="ja")
r = c.login("bench-operator@example.invalid", "bench operator pass phrase")
assert r.status == 303, r
c.get("/operator/company-counts")
r = c.post_form("/operator/company-counts", {"source": "otasuke seed: seeded organizations per prefecture (synthetic, not census data)",
                                             "year": "2026", "csv": out})
assert r.status == 303, r
print("; ".join(f"{k}={v}" for k, v in c.cookies.items()))
PY
COOKIE=$(cat "$TMP/cookie")

PAGES=("/operator/programs/$PROGRAM/progress" "/operator/programs/$PROGRAM/statistics"
       "/api/v1/programs/$PROGRAM/progress" "/api/v1/programs/$PROGRAM/statistics")
NAMES=(progress statistics api-progress api-statistics)
LABELS=("/operator/programs/:id/progress" "/operator/programs/:id/statistics"
        "/api/v1/programs/:id/progress" "/api/v1/programs/:id/statistics")
mkdir -p "$TMP/www"
for i in 0 1 2 3; do
  echo "${PAGES[$i]}" > "$TMP/${NAMES[$i]}.paths"
  code=$(curl -s -o "$TMP/${NAMES[$i]}.body" -w '%{http_code}' -H "Cookie: $COOKIE" -H 'Accept-Language: ja' "http://127.0.0.1:$OT_PORT${PAGES[$i]}")
  [ "$code" = 200 ] || { echo "${PAGES[$i]}: HTTP $code" >&2; exit 1; }
  BYTES[$i]=$(wc -c < "$TMP/${NAMES[$i]}.body")
  head -c "${BYTES[$i]}" /dev/zero | tr '\0' 'a' > "$TMP/www/${NAMES[$i]}.html"
  echo "/${NAMES[$i]}.html" > "$TMP/static-${NAMES[$i]}.paths"
done
chmod -R a+rX "$TMP/www"
NG_PORT=$(free_port)
cat > "$TMP/nginx.conf" <<NGX
user nobody nogroup;
worker_processes 2;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $TMP/ngx-body;
  proxy_temp_path $TMP/ngx-proxy;
  fastcgi_temp_path $TMP/ngx-fcgi;
  uwsgi_temp_path $TMP/ngx-uwsgi;
  scgi_temp_path $TMP/ngx-scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NG_PORT;
    root $TMP/www;
  }
}
NGX
nginx -c "$TMP/nginx.conf" -p "$TMP" &
NG_PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$NG_PORT/progress.html" >/dev/null && break; sleep 0.1; done

# run NAME PORT PATHS_FILE -> prints "req/s p50 p99 non2xx" (ms)
run() {
  local name=$1 port=$2 paths=$3
  PATHS=$paths wrk -t2 -c"$CONN" -d"$DURATION" --latency -H 'Accept-Language: ja' -H "Cookie: $COOKIE" \
    -s bench/wrk_paths.lua "http://127.0.0.1:$port" > "$TMP/wrk-$name.txt" 2>&1
  python3 - "$TMP/wrk-$name.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(v):
    n, u = re.match(r"([\d.]+)(us|ms|s|m)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[u]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", t, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", t, re.M).group(1))
errs = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(f"{rps:.0f} {p50:.2f} {p99:.2f} {errs.group(1) if errs else 0}")
PY
}

LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== wrk: $CONN connections, $DURATION per run =="
declare -A R
for i in 0 1 2 3; do
  n=${NAMES[$i]}
  R[$n]=$(run "$n" "$OT_PORT" "$TMP/$n.paths")
  echo "$n: ${R[$n]}  (req/s p50_ms p99_ms non2xx)"
  R[nginx-$n]=$(run "nginx-$n" "$NG_PORT" "$TMP/static-$n.paths")
  echo "nginx-$n: ${R[nginx-$n]}"
done
HWM_KB=$(awk '/VmHWM/ {print $2}' "/proc/$OT_PID/status")
# The same without the 5-second cache: every request runs the SQL; also CPU per request.
start_server 0
for i in 0 1 2 3; do
  n=${NAMES[$i]}
  c0=$(awk '{print $14 + $15}' "/proc/$OT_PID/stat")
  R[nocache-$n]=$(run "nocache-$n" "$OT_PORT" "$TMP/$n.paths")
  c1=$(awk '{print $14 + $15}' "/proc/$OT_PID/stat")
  read -r rps _ _ _ <<<"${R[nocache-$n]}"
  CPU_US[$i]=$(python3 -c "d=float('${DURATION%s}'); print(round(($c1 - $c0) / $(getconf CLK_TCK) / max($rps * d, 1) * 1e6))")
  echo "nocache-$n: ${R[nocache-$n]}  server CPU ${CPU_US[$i]} us/request"
done
ratio() { python3 -c "print(f'{100 * $1 / $2:.0f}%')"; }

cat <<MD

### Results ($BACKEND, $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores shared by wrk, otasuke and nginx, load average before the runs: $LOAD)

Seeding $N organizations and the program: **${SEED_S} s**
($(tr '\n' ' ' < "$TMP/seed.out")).

| endpoint | bytes | otasuke req/s | p50 ms | p99 ms | non-2xx | nginx static (same size) req/s | p99 ms | ratio |
|---|---|---|---|---|---|---|---|---|
MD
for i in 0 1 2 3; do
  n=${NAMES[$i]}
  read -r rps p50 p99 err <<<"${R[$n]}"
  read -r nrps _ np99 _ <<<"${R[nginx-$n]}"
  echo "| GET ${LABELS[$i]} | ${BYTES[$i]} | $rps | $p50 | $p99 | $err | $nrps | $np99 | $(ratio "$rps" "$nrps") |"
done
cat <<MD

Without the cache (\`OTASUKE_STATS_CACHE_SECONDS=0\`: every request runs the SQL):

| endpoint | req/s | p50 ms | p99 ms | non-2xx | server CPU per request |
|---|---|---|---|---|---|
MD
for i in 0 1 2 3; do
  read -r rps p50 p99 err <<<"${R[nocache-${NAMES[$i]}]}"
  echo "| GET ${LABELS[$i]} | $rps | $p50 | $p99 | $err | ${CPU_US[$i]} µs |"
done
echo
echo "Peak RSS of otasuke serve (VmHWM after all runs): **$((HWM_KB / 1024)) MB**."
