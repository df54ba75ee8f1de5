#!/usr/bin/env bash
# sensor.sh - otasuke-sensor throughput against ndpiReader and the tcpdump read floor on one core,
# with 1M threat-intelligence indicators loaded; peak RSS; where the time goes (perf).
#
# Usage: bench/sensor.sh [PACKETS]        (default 1000000)
# Env:   OTASUKE_CORPUS (default ../shared/corpus), BENCH_DIR (default build-bench),
#        SENSOR (default build/otasuke-sensor, built if missing), CORE (default 1), REPS (3)
# Output: a table on stdout; the raw /usr/bin/time -v files, EVE output and perf.txt in BENCH_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PACKETS=${1:-1000000}
CORPUS=${OTASUKE_CORPUS:-$ROOT/../shared/corpus}
OUT=${BENCH_DIR:-$ROOT/build-bench}
SENSOR=${SENSOR:-$ROOT/build/otasuke-sensor}
CORE=${CORE:-1}
REPS=${REPS:-3}
PCAPS=$CORPUS/ndpi/pcap
HOME_NET=10.0.0.0/8,172.16.0.0/12,192.168.0.0/16

[ -d "$PCAPS" ] || { echo "sensor.sh: no nDPI corpus at $PCAPS (set OTASUKE_CORPUS)" >&2; exit 77; }
for t in ndpiReader tcpdump taskset /usr/bin/time; do
  command -v "$t" >/dev/null || { echo "sensor.sh: $t is missing (scripts/install-deps.sh)" >&2; exit 1; }
done
mkdir -p "$OUT"
if [ ! -x "$SENSOR" ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j2 --target otasuke-sensor
fi

# 1. the capture: every Ethernet capture of the corpus, copied with addresses shifted per copy
CAP=$OUT/bench-$PACKETS.pcap
cc -O2 -o "$OUT/pcapgen" bench/pcapgen.c
if [ ! -s "$CAP" ]; then
  "$OUT/pcapgen" "$CAP" "$PACKETS" "$PCAPS"/*
fi
BYTES=$(stat -c %s "$CAP")
# 2. one million indicators in the providers' formats
INTEL=$OUT/intel-1m
[ -s "$INTEL/domains.txt" ] || python3 bench/gen_intel.py "$INTEL" 1000000
# a one-packet capture, to time loading the intelligence alone
"$OUT/pcapgen" "$OUT/one.pcap" 1 "$PCAPS"/*.pcap 2>/dev/null

cat "$CAP" >/dev/null # page cache warm for every tool alike

# run NAME CMD... : REPS runs pinned to $CORE; keeps the fastest (by CPU time) in $OUT/NAME.time
run() {
  local name=$1; shift
  local best=""
  for _ in $(seq "$REPS"); do
    taskset -c "$CORE" /usr/bin/time -v -o "$OUT/$name.try" "$@" >/dev/null 2>"$OUT/$name.err" || {
      echo "sensor.sh: $name failed:"; tail -5 "$OUT/$name.err"; exit 1; }
    local cpu
    cpu=$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{printf "%.2f", u+s}' "$OUT/$name.try")
    if [ -z "$best" ] || awk -v a="$cpu" -v b="$best" 'BEGIN{exit !(a<b)}'; then
      best=$cpu; cp "$OUT/$name.try" "$OUT/$name.time"
    fi
  done
}
wall() { awk -F': ' '/Elapsed/{n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; printf "%.2f", s}' "$OUT/$1.time"; }
cpu() { awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{printf "%.2f", u+s}' "$OUT/$1.time"; }
rss() { awk -F': ' '/Maximum resident/{printf "%.1f", $2/1024}' "$OUT/$1.time"; }

run tcpdump tcpdump -r "$CAP" -w /dev/null
run ndpi ndpiReader -i "$CAP"
# the sensor as deployed: all detections, 1M indicators, device state kept in --state (fresh
# for every run, so each run learns the same devices)
run sensor sh -c 'rm -rf "$1/state" && exec "$2" --read "$3" --eve "$1/eve.json" --intel "$4" \
  --home-net "$5" --state "$1/state"' sh "$OUT" "$SENSOR" "$CAP" "$INTEL" "$HOME_NET"
run sensor_nostate "$SENSOR" --read "$CAP" --eve "$OUT/eve-nostate.json" --intel "$INTEL" --home-net "$HOME_NET"
run sensor_nointel "$SENSOR" --read "$CAP" --eve "$OUT/eve-nointel.json" --home-net "$HOME_NET"
run intel_load "$SENSOR" --read "$OUT/one.pcap" --eve /dev/null --intel "$INTEL" --home-net "$HOME_NET"

# the intelligence store alone: load time, heap, lookup cost (pinned like the rest)
cc -O2 -std=c17 -D_GNU_SOURCE -Isrc/sensor -o "$OUT/intel_bench" bench/intel_bench.c \
  src/sensor/intel.c src/sensor/intel_parse.c -lsodium
taskset -c "$CORE" "$OUT/intel_bench" "$INTEL" | tee "$OUT/intel_bench.txt"

LOAD=$(cpu intel_load)
echo
echo "capture: $CAP ($PACKETS packets, $((BYTES / 1000000)) MB); 1M indicators in $INTEL"
echo "pinned to core $CORE; best of $REPS by CPU time; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-34s %8s %8s %12s %12s %9s\n" tool "wall s" "cpu s" "pkts/s(cpu)" "pkts/s(wall)" "RSS MB"
for n in tcpdump ndpi sensor sensor_nostate sensor_nointel intel_load; do
  c=$(cpu $n); w=$(wall $n)
  pc=$(awk -v p="$PACKETS" -v c="$c" 'BEGIN{printf "%.0f", (c>0 ? p/c : 0)}')
  pw=$(awk -v p="$PACKETS" -v c="$w" 'BEGIN{printf "%.0f", (c>0 ? p/c : 0)}')
  [ $n = intel_load ] && pc=- && pw=-
  label=$n
  case $n in
    tcpdump) label="tcpdump -r -w /dev/null (floor)";;
    ndpi) label="ndpiReader -i";;
    sensor) label="otasuke-sensor, 1M ind., --state";;
    sensor_nostate) label="otasuke-sensor, 1M ind., no state";;
    sensor_nointel) label="otasuke-sensor, no intel/state";;
    intel_load) label="otasuke-sensor, intel load only";;
  esac
  printf "%-34s %8s %8s %12s %12s %9s\n" "$label" "$w" "$c" "$pc" "$pw" "$(rss $n)"
done
S=$(cpu sensor_nostate); N=$(cpu ndpi); T=$(cpu tcpdump)
SP=$(awk -v s="$S" -v l="$LOAD" 'BEGIN{printf "%.2f", s-l}')
echo
awk -v s="$S" -v sp="$SP" -v n="$N" -v t="$T" 'BEGIN{
  printf "sensor (1M indicators, no state) vs ndpiReader (CPU time): %.2fx faster (aim >= 3x)\n", n/s;
  printf "sensor (1M indicators, no state) vs tcpdump floor (CPU time): %.2fx the floor (aim <= 3x)\n", s/t;
  printf "packet path alone (minus %.2f s intel load): %.2fx ndpiReader, %.2fx the floor\n", s-sp, n/sp, sp/t }'
grep -o '"stats":{.*' "$OUT/eve.json" | tail -1 | head -c 600; echo

# 3. memory with 100,000 concurrent connections and 1M indicators
[ -s "$OUT/flows-100k.pcap" ] || python3 bench/gen_flows.py "$OUT/flows-100k.pcap" 100000
run flows100k "$SENSOR" --read "$OUT/flows-100k.pcap" --eve "$OUT/eve-flows.json" --intel "$INTEL" \
  --home-net "$HOME_NET" --max-flows 100000
echo
echo "100,000 concurrent TCP connections + 1M indicators: peak RSS $(rss flows100k) MB (aim <= 64 MB)," \
  "cpu $(cpu flows100k) s"
grep -o '"flow":{"active[^}]*}' "$OUT/eve-flows.json" | tail -1
echo

# 4. where the time goes
# perf report lines "pct comm dso [.] symbol" -> shares by component
components() {
  awk '/^ +[0-9.]+%/ {
    p = $1; sub(/%/, "", p); sym = $5; dso = $3
    if (sym ~ /^(intel_|set_|csv_split|looks_domain|name_|hit_|feed_line|parse_(csv|plain|json)_line|add_(ip|indicator)|reason_copy|header_detect|fingerprint|json_str)/ || sym ~ /shorthash|siphash/) c = "threat intelligence (load and lookups)"
    else if (sym ~ /^(eve_|buf_|jstr|json_|_IO_|__vfprintf|vfprintf|__printf|fwrite|__strchrnul|_itoa|__mpn|hack_digit|str_fmt|snprintf|__vsnprintf|__strlen)/) c = "EVE JSON output (formatting, writing)"
    else if (dso ~ /kernel/) c = "kernel (file reads and writes)"
    else if (dso ~ /libpcap/ || sym ~ /pcap/) c = "libpcap (reading the capture)"
    else if (dso ~ /libc/) c = "libc other (memcpy, memchr, malloc)"
    else c = "packet path (decode, flows, parsers, detections)"
    t[c] += p
  } END { for (c in t) printf "  %5.1f%%  %s\n", t[c], c }' | sort -rn
}

if perf stat -e task-clock true >/dev/null 2>&1; then
  for v in intel nointel; do
    extra=()
    [ $v = intel ] && extra=(--intel "$INTEL")
    taskset -c "$CORE" perf record -q -o "$OUT/perf-$v.data" "$SENSOR" --read "$CAP" --eve /dev/null \
      "${extra[@]}" --home-net "$HOME_NET" >/dev/null 2>&1
    perf report -i "$OUT/perf-$v.data" --stdio --no-children --sort comm,dso,symbol 2>/dev/null |
      grep -E '^ +[0-9]' >"$OUT/perf-$v.txt"
  done
  echo "where the time goes, 1M indicators loaded (perf, by component):"
  components <"$OUT/perf-intel.txt"
  echo "where the time goes, packet path only (no intel; perf, top symbols):"
  head -20 "$OUT/perf-nointel.txt"
  echo "by component:"
  components <"$OUT/perf-nointel.txt"
else
  echo "perf does not work here; callgrind on a 100k-packet slice"
  "$OUT/pcapgen" "$OUT/slice.pcap" 100000 "$PCAPS"/*
  valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.out" "$SENSOR" --read "$OUT/slice.pcap" \
    --eve /dev/null --intel "$INTEL" >/dev/null 2>&1
  callgrind_annotate "$OUT/callgrind.out" | head -40 | tee "$OUT/perf.txt"
fi
