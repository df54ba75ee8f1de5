#!/usr/bin/env bash
# web.sh - web platform benchmark: seed N organizations on SQLite, serve them, and measure
# with wrk (64 connections, loopback) the declarations API and the verification page side by
# side with nginx serving static files of the same sizes, the public search, peak RSS and the
# seeding time. Prints a Markdown summary (docs/benchmarks.md "## Web platform").
#
# usage: bench/web.sh [ORGANIZATIONS]   (default 400000)
# env:   OTASUKE_BIN (build/otasuke), DURATION (15s), CONNECTIONS (64), THREADS (otasuke workers; default one per core),
#        KEEP=1 keeps the temp dir
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

TMP=$(mktemp -d /tmp/otasuke-bench.XXXXXX)
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

echo "== seeding $N organizations (SQLite) =="
DB=$TMP/otasuke.db
t0=$(date +%s.%N)
"$BIN" seed --organizations "$N" --random-seed 1 --db "$DB" --var "$TMP" 2>/dev/null | tee "$TMP/seed.out"
t1=$(date +%s.%N)
SEED_S=$(python3 -c "print(f'{$t1 - $t0:.1f}')")
DB_MB=$(du -m "$DB" | cut -f1)

sqlite3 "$DB" "SELECT '/api/v1/declarations/' || public_id FROM declarations WHERE status <> 'superseded' ORDER BY random() LIMIT 20000" > "$TMP/api.paths"
sed 's#^/api/v1/declarations/#/verify/#' "$TMP/api.paths" > "$TMP/verify.paths"
python3 bench/make_search_paths.py data/seed.json prefix-pref 5000 > "$TMP/search-prefix-pref.paths"
python3 bench/make_search_paths.py data/seed.json prefix 5000 > "$TMP/search-prefix.paths"
python3 bench/make_search_paths.py data/seed.json partial 5000 > "$TMP/search-partial.paths"

OT_PORT=$(free_port)
chmod 666 "$DB"* 2>/dev/null || true
"$BIN" serve --listen "127.0.0.1:$OT_PORT" --db "$DB" --var "$TMP" ${SRV_THREADS:+--threads "$SRV_THREADS"} > "$TMP/serve.log" 2>&1 &
OT_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$OT_PORT/healthz" >/dev/null && break; sleep 0.1; done

# Static files of the same sizes as a typical API answer and verification page.
mkdir -p "$TMP/www"
one_api=$(head -1 "$TMP/api.paths"); one_verify=$(head -1 "$TMP/verify.paths")
API_BYTES=$(curl -s "http://127.0.0.1:$OT_PORT$one_api" | wc -c)
VERIFY_BYTES=$(curl -s -H 'Accept-Language: ja' "http://127.0.0.1:$OT_PORT$one_verify" | wc -c)
head -c "$API_BYTES" /dev/zero | tr '\0' 'a' > "$TMP/www/api.json"
head -c "$VERIFY_BYTES" /dev/zero | tr '\0' 'a' > "$TMP/www/verify.html"
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
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$NG_PORT/api.json" >/dev/null && break; sleep 0.1; done

# run NAME PORT PATHS_FILE -> prints "req/s p50 p99" (ms) and keeps the raw output
run() {
  local name=$1 port=$2 paths=$3
  PATHS=$paths wrk -t2 -c"$CONN" -d"$DURATION" --latency -H 'Accept-Language: ja' \
    -s bench/wrk_paths.lua "http://127.0.0.1:$port" > "$TMP/wrk-$name.txt" 2>&1
  python3 - "$TMP/wrk-$name.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(v):
    n, u = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000}[u]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
p50 = ms(re.search(r"50%\s+(\S+)", t).group(1))
p99 = ms(re.search(r"99%\s+(\S+)", t).group(1))
errs = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(f"{rps:.0f} {p50:.2f} {p99:.2f} {errs.group(1) if errs else 0}")
PY
}
echo "/api.json" > "$TMP/static-api.paths"
echo "/verify.html" > "$TMP/static-verify.paths"

echo "== wrk: $CONN connections, $DURATION per run =="
declare -A R
for spec in "api:$OT_PORT:api.paths" "nginx-api:$NG_PORT:static-api.paths" \
            "verify:$OT_PORT:verify.paths" "nginx-verify:$NG_PORT:static-verify.paths" \
            "search-prefix-pref:$OT_PORT:search-prefix-pref.paths" \
            "search-prefix:$OT_PORT:search-prefix.paths" \
            "search-partial:$OT_PORT:search-partial.paths"; do
  IFS=: read -r name port file <<<"$spec"
  R[$name]=$(run "$name" "$port" "$TMP/$file")
  echo "$name: ${R[$name]}  (req/s p50_ms p99_ms non2xx)"
done
HWM_KB=$(awk '/VmHWM/ {print $2}' "/proc/$OT_PID/status")

ratio() { python3 -c "print(f'{100 * $1 / $2:.0f}%')"; }
read -r a_rps a_p50 a_p99 a_err <<<"${R[api]}"
read -r na_rps na_p50 na_p99 _ <<<"${R[nginx-api]}"
read -r v_rps v_p50 v_p99 v_err <<<"${R[verify]}"
read -r nv_rps nv_p50 nv_p99 _ <<<"${R[nginx-verify]}"
read -r sp_rps sp_p50 sp_p99 sp_err <<<"${R[search-prefix-pref]}"
read -r s1_rps s1_p50 s1_p99 s1_err <<<"${R[search-prefix]}"
read -r s2_rps s2_p50 s2_p99 s2_err <<<"${R[search-partial]}"

cat <<MD

### Results ($(date -u +%Y-%m-%d), $(nproc) cores shared by wrk, otasuke and nginx)

Seeding $N organizations on SQLite: **${SEED_S} s** ($(cat "$TMP/seed.out")); database ${DB_MB} MB.

| endpoint | otasuke req/s | p50 ms | p99 ms | nginx static (same size) req/s | p99 ms | ratio |
|---|---|---|---|---|---|---|
| GET /api/v1/declarations/:id (${API_BYTES} B) | $a_rps | $a_p50 | $a_p99 | $na_rps | $na_p99 | $(ratio "$a_rps" "$na_rps") |
| GET /verify/:id (${VERIFY_BYTES} B) | $v_rps | $v_p50 | $v_p99 | $nv_rps | $nv_p99 | $(ratio "$v_rps" "$nv_rps") |

| public search | req/s | p50 ms | p99 ms |
|---|---|---|---|
| name prefix + prefecture | $sp_rps | $sp_p50 | $sp_p99 |
| name prefix only | $s1_rps | $s1_p50 | $s1_p99 |
| partial name + prefecture | $s2_rps | $s2_p50 | $s2_p99 |

Peak RSS of otasuke serve (VmHWM after all runs): **$((HWM_KB / 1024)) MB** (${HWM_KB} kB).
Non-2xx answers: api $a_err, verify $v_err, search $sp_err/$s1_err/$s2_err.
MD
